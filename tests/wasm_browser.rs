//! The `Model` wasm class in headless Chromium, including serialize → localStorage →
//! deserialize. Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target
//! wasm32-unknown-unknown --test wasm_browser`.
#![cfg(target_arch = "wasm32")]

mod wasm_scenarios;

use js_sys::{Function, Reflect};
use rivulet::wasm::model::JsModel as Model;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

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

fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let f: Function = Reflect::get(obj, &JsValue::from_str(method))
        .unwrap()
        .into();
    f.apply(obj, &args.iter().collect()).unwrap()
}

#[wasm_bindgen_test]
fn serialize_to_local_storage_and_back() {
    let storage = Reflect::get(&js_sys::global(), &JsValue::from_str("localStorage")).unwrap();
    assert!(storage.is_object(), "this browser has localStorage");
    let mut m = wasm_scenarios::trained(300);
    let text = m.serialize().unwrap();
    call(
        &storage,
        "setItem",
        &["rivulet-test-model".into(), text.clone().into()],
    );
    let back = call(&storage, "getItem", &["rivulet-test-model".into()])
        .as_string()
        .unwrap();
    call(&storage, "removeItem", &["rivulet-test-model".into()]);
    let mut same = Model::deserialize(&back).unwrap();
    assert_eq!(same.serialize().unwrap(), text);
    // The restored model goes on learning exactly as the original.
    for i in 300..400 {
        m.learn_one(wasm_scenarios::sample(i), wasm_scenarios::target(i))
            .unwrap();
        same.learn_one(wasm_scenarios::sample(i), wasm_scenarios::target(i))
            .unwrap();
    }
    assert_eq!(same.serialize().unwrap(), m.serialize().unwrap());
}
