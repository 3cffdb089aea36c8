//! Composition of estimators.

mod pipeline;

pub use pipeline::Pipeline;
