//! The wasm-bindgen face of rivulet: thin wrappers, no logic the core could hold.

#[cfg(feature = "lol")]
pub mod lol;
pub mod model;

use wasm_bindgen::prelude::*;

/// The crate version, so the page can show which learner it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
