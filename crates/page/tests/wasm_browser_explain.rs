//! `DurationPredictor.explain` in wasm in headless Chromium. Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p rivulet-page --target wasm32-unknown-unknown --test wasm_browser_explain`.
#![cfg(target_arch = "wasm32")]

mod explain_scenario;

use wasm_bindgen_test::wasm_bindgen_test;
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn predictor_parts_add_up() {
    explain_scenario::predictor_parts_add_up();
}
