//! `explain_one` in wasm in headless Chromium: the parts add up on the
//! River parity streams, through the JS face. Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test wasm_browser_explain`.
#![cfg(all(target_arch = "wasm32", feature = "explain"))]

mod wasm_explain_scenarios;
use wasm_explain_scenarios as scenarios;

use wasm_bindgen_test::wasm_bindgen_test;
use wasm_bindgen_test::wasm_bindgen_test_configure;
wasm_bindgen_test_configure!(run_in_browser);

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
