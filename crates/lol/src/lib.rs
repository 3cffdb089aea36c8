//! League of Legends app logic, shared by the page (wasm), the proxy and the eval CLI.

pub mod champions;
pub mod datasets;
pub mod error;
pub mod explain;
pub mod features;
pub mod modes;
pub mod predictor;
pub mod riot;
pub mod sim;

pub use error::{LolError, Result};
