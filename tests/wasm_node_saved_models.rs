//! Models saved natively (`tests/fixtures/saved_models`, see `tests/learn_saved_models.rs`) load
//! in wasm and predict the same bits there. Run:
//! `cargo test --target wasm32-unknown-unknown --test wasm_node_saved_models`.
#![cfg(target_arch = "wasm32")]

#[path = "learn_saved_models.rs"]
mod saved;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn saved_models_load_and_predict_bit_for_bit_in_wasm() {
    saved::check_saved_models();
}

#[wasm_bindgen_test]
fn models_saved_before_re_save_byte_identically_in_wasm() {
    saved::check_resaved_models();
}
