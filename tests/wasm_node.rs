//! The `Model` wasm class in Node (wasm-bindgen-test-runner). Run:
//! `cargo test --target wasm32-unknown-unknown --test wasm_node`.
#![cfg(target_arch = "wasm32")]

mod wasm_scenarios;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn default_model_learns_and_round_trips() {
    wasm_scenarios::default_model_learns_and_round_trips();
}

#[wasm_bindgen_test]
fn bad_input_throws_and_changes_nothing() {
    wasm_scenarios::bad_input_throws_and_changes_nothing();
}

#[wasm_bindgen_test]
fn specs_and_deserialize_errors() {
    wasm_scenarios::specs_and_deserialize_errors();
}

#[wasm_bindgen_test]
fn dense_path_matches_objects() {
    wasm_scenarios::dense_path_matches_objects();
}

#[wasm_bindgen_test]
fn batches_equal_looped_calls() {
    wasm_scenarios::batches_equal_looped_calls();
}
