//! rivulet: online machine learning that learns one observation at a time, in the browser.
//!
//! This crate is the learner: no serde, no async runtime, no web server.
//! - [`learn`]: the learner core (River-style estimators), pure Rust.
//! - `wasm` (wasm32 only): its wasm-bindgen face, the npm package `rivulet`.
//!
//! The League of Legends app (`rivulet-lol`), the page's wasm module (`rivulet-page`) and the
//! proxy with the `rivulet` CLI (`rivulet-server`) are the workspace's other crates, under
//! `crates/`; each depends only on the ones before it.

pub mod learn;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
