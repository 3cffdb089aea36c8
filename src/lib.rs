//! rivulet: online machine learning that learns one observation at a time, in the browser.
//!
//! Layers, each depending only on the ones above it:
//! - [`learn`]: the learner core (River-style estimators), pure Rust.
//! - [`lol`]: League of Legends app logic: Riot API shapes, the featurizer, dataset readers,
//!   the simulated league. Shared by the page (through wasm), the proxy and the eval CLI.
//! - `wasm` (wasm32 only): the wasm-bindgen face over `learn` and `lol`.
//! - [`server`] (native only): the proxy that serves the page and the Riot API.

pub mod learn;
// In wasm only with the `lol` feature (the page build); the npm package is the learner only.
#[cfg(any(feature = "lol", not(target_arch = "wasm32")))]
pub mod lol;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(not(target_arch = "wasm32"))]
pub mod eval;

#[cfg(not(target_arch = "wasm32"))]
pub mod server;
