//! The wasm-bindgen face of rivulet: thin wrappers, no logic the core could hold.

#[cfg(feature = "classify-tools")]
pub mod classify;
#[cfg(feature = "js")]
pub(crate) mod interop;
// The learner's JS classes: the npm package has them, the page's module (which has its own
// DurationPredictor class) does not.
#[cfg(feature = "js")]
pub mod model;
#[cfg(feature = "storage")]
pub mod storage;

use wasm_bindgen::prelude::*;

/// The crate version, so the page can show which learner it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The size in bytes of the module's linear memory (it only grows: a steady value over time
/// means models are freed, by `free()` or by the garbage collector).
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// talc instead of Rust's default wasm allocator (dlmalloc): smaller and faster in wasm
/// (docs/perf/2026-11-size-pass-1.md, "Serialization without serde", has the measurement).
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
