//! Classification and drift in wasm in headless Chromium: River parity through the JS face (probabilities,
//! metrics, detection indices) and label handling. Run:
//! `cargo test --target wasm32-unknown-unknown --test wasm_browser_classify` with `CHROMEDRIVER=/usr/bin/chromedriver`.
#![cfg(target_arch = "wasm32")]

mod classify_parity;
mod wasm_classify_scenarios;
use wasm_classify_scenarios as scenarios;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn logistic_matches_river_through_js() {
    scenarios::logistic_matches_river_through_js();
}

#[wasm_bindgen_test]
fn detectors_match_river_through_js() {
    scenarios::detectors_match_river_through_js();
}

#[wasm_bindgen_test]
fn metric_classes_match_the_core() {
    scenarios::metric_classes_match_the_core();
}

#[wasm_bindgen_test]
fn bad_input_to_metrics_and_detectors_throws_and_changes_nothing() {
    scenarios::bad_input_to_metrics_and_detectors_throws_and_changes_nothing();
}

#[wasm_bindgen_test]
fn labels_errors_and_round_trip() {
    scenarios::labels_errors_and_round_trip();
}
