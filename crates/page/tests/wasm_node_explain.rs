//! `DurationPredictor.explain` in wasm in Node. Run: `cargo test -p rivulet-page --target wasm32-unknown-unknown --test wasm_node_explain`.
#![cfg(target_arch = "wasm32")]

mod explain_scenario;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn predictor_parts_add_up() {
    explain_scenario::predictor_parts_add_up();
}
