//! Composition of estimators.

mod pipeline;
mod step;

pub use pipeline::Pipeline;
pub use step::Step;
