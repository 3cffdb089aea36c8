//! `explain_one` in wasm in Node: the parts add up on the
//! River parity streams, through the JS face. Run: `cargo test --target wasm32-unknown-unknown --test wasm_node_explain`.
#![cfg(all(target_arch = "wasm32", feature = "explain"))]

mod wasm_explain_scenarios;
use wasm_explain_scenarios as scenarios;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn linear_parts_add_up() {
    scenarios::linear_parts_add_up();
}

#[wasm_bindgen_test]
fn logistic_parts_add_up_to_the_logit() {
    scenarios::logistic_parts_add_up_to_the_logit();
}

#[cfg(feature = "fm")]
#[wasm_bindgen_test]
fn fm_parts_add_up() {
    scenarios::fm_parts_add_up();
}

#[wasm_bindgen_test]
fn errors() {
    scenarios::errors();
}
