//! Model storage (`model.save(url)`, `Model.load(url)`, `Model.list_models()`,
//! `Model.remove_model(url)`; src/wasm/storage.rs) in a real browser through
//! wasm-bindgen-test. `./x test` runs every `tests/wasm_browser*.rs` in headless Chromium,
//! headless Firefox and WebKitGTK (Safari's engine, under Xvfb), so this file is where the
//! storage layer meets the other engines: their quotas, their `QuotaExceededError`s and their
//! IndexedDB differ. What needs Playwright
//! (reloads in the middle of a save, two tabs, a killed browser, a quota set through DevTools)
//! is in tests/js/storage.test.mjs, in Chromium. Run one browser by hand:
//! `GECKODRIVER=geckodriver cargo test --target wasm32-unknown-unknown --test
//! wasm_browser_storage` (or `CHROMEDRIVER=/usr/bin/chromedriver ...`, or
//! `xvfb-run -a env SAFARIDRIVER=/usr/bin/WebKitWebDriver ...`).
#![cfg(all(target_arch = "wasm32", feature = "storage"))]

// The sample helpers only; the scenarios run in wasm_browser.rs.
#[allow(dead_code)]
mod wasm_scenarios;

use js_sys::{Array, Function, JsString, Promise, Reflect};
use rivulet::wasm::model::JsModel as Model;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use wasm_scenarios::{num, obj, s, trained};

wasm_bindgen_test_configure!(run_in_browser);

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap()
}

/// `o[method](...args)`, with what it threw as the error.
fn try_call(o: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(o, method).into();
    f.apply(o, &args.iter().collect())
}

fn local_storage() -> JsValue {
    get(&js_sys::global(), "localStorage")
}

fn local_get(key: &str) -> Option<String> {
    try_call(&local_storage(), "getItem", &[s(key)])
        .unwrap()
        .as_string()
}

fn local_set(key: &str, value: &JsValue) -> Result<(), JsValue> {
    try_call(&local_storage(), "setItem", &[s(key), value.clone()]).map(|_| ())
}

async fn settle(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

/// The text of a model `Model.load` resolved to.
fn text_of(model: &JsValue) -> String {
    try_call(model, "serialize", &[])
        .unwrap()
        .as_string()
        .unwrap()
}

/// A rejected storage call's `code` (a `StorageError`, checked).
fn code_of(e: &JsValue) -> String {
    assert!(
        rivulet::wasm::storage::is_storage_error(e.clone()),
        "not a StorageError: {e:?}"
    );
    get(e, "code").as_string().unwrap()
}

fn message_of(e: &JsValue) -> String {
    get(e, "message").as_string().unwrap()
}

/// `n` samples of `width` features each, all new keys: a model whose save grows with `n * width`.
fn wide(n: u32, width: u32) -> Model {
    let mut m = Model::new(JsValue::UNDEFINED).unwrap();
    for i in 0..n {
        let mut pairs = vec![("hour".to_string(), num(f64::from(i % 24)))];
        for j in 0..width {
            pairs.push((
                format!("f{}", i * width + j),
                num(f64::from((i + j) % 7 + 1)),
            ));
        }
        let pairs: Vec<(&str, JsValue)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        m.learn_one(obj(&pairs), num(1000.0 + f64::from(i * 37 % 400)))
            .unwrap();
    }
    m
}

#[wasm_bindgen_test]
async fn saves_load_list_and_remove_on_both_backends() {
    let m = trained(40);
    let text = m.serialize().unwrap();
    for url in ["localstorage://round", "indexeddb://round"] {
        let info = settle(m.save(s(url))).await.unwrap();
        assert_eq!(get(&info, "url").as_string().as_deref(), Some(url));
        assert_eq!(get(&info, "n_learned").as_f64(), Some(40.0));
        assert!(
            get(&info, "bytes").as_f64().unwrap() > text.len() as f64,
            "{url}"
        );
        let loaded = settle(Model::load(s(url))).await.unwrap();
        assert_eq!(
            text_of(&loaded),
            text,
            "{url}: the loaded model is the saved one"
        );
    }
    let list: Array = settle(Model::list_models()).await.unwrap().into();
    let urls: Vec<String> = list
        .iter()
        .map(|i| get(&i, "url").as_string().unwrap())
        .collect();
    for url in ["localstorage://round", "indexeddb://round"] {
        assert!(urls.iter().any(|u| u == url), "{url} in {urls:?}");
        assert_eq!(
            settle(Model::remove_model(s(url))).await.unwrap(),
            JsValue::TRUE
        );
        assert_eq!(
            settle(Model::remove_model(s(url))).await.unwrap(),
            JsValue::FALSE
        );
        let gone = settle(Model::load(s(url))).await.unwrap_err();
        assert_eq!(code_of(&gone), "not_found", "{}", message_of(&gone));
    }
    for url in ["", "ftp://x", "localstorage://", "indexeddb://"] {
        let e = settle(m.save(s(url))).await.unwrap_err();
        assert_eq!(code_of(&e), "bad_url", "{url:?}: {}", message_of(&e));
    }
}

/// localStorage filled on purpose (a few million characters per origin in either browser):
/// the save that does not fit rejects with `quota` and the bytes it needed, and the previous
/// save still loads.
#[wasm_bindgen_test]
async fn a_full_local_storage_gives_a_quota_error_and_keeps_the_old_save() {
    let url = "localstorage://quota";
    let small = trained(20);
    settle(small.save(s(url))).await.unwrap();
    // Fill what is left with junk, halving the chunk until not one more character fits.
    let (mut filled, mut junk) = (0u64, 0u32);
    let mut size = 1 << 20;
    while size >= 1 {
        match local_set(
            &format!("junk{junk}"),
            &JsString::from("x").repeat(size).into(),
        ) {
            Ok(()) => {
                filled += size as u64;
                junk += 1;
            }
            Err(_) => size >>= 1,
        }
    }
    assert!(filled > 1_000_000, "filled only {filled} characters");
    let bigger = trained(60);
    let refused = settle(bigger.save(s(url))).await;
    let kept = settle(Model::load(s(url))).await;
    // Room again before any assertion, so that a failure here does not fail the other tests.
    for i in 0..junk {
        try_call(&local_storage(), "removeItem", &[s(&format!("junk{i}"))]).unwrap();
    }
    let e = refused.unwrap_err();
    assert_eq!(code_of(&e), "quota", "{}", message_of(&e));
    let needed = get(&e, "bytes_needed").as_f64().unwrap();
    assert!(
        message_of(&e).contains(&format!(
            "this save needs {needed} bytes. The previous save at {url} is kept"
        )),
        "{}",
        message_of(&e)
    );
    assert_eq!(
        text_of(&kept.unwrap()),
        small.serialize().unwrap(),
        "the old save is whole"
    );
    // The same save now goes through, and its size is what the error said.
    let info = settle(bigger.save(s(url))).await.unwrap();
    assert_eq!(get(&info, "bytes").as_f64(), Some(needed));
    let now = settle(Model::load(s(url))).await.unwrap();
    assert_eq!(text_of(&now), bigger.serialize().unwrap());
    settle(Model::remove_model(s(url))).await.unwrap();
}

/// A model past localStorage's quota (a save of ~13 MB): localStorage says `quota`, IndexedDB
/// holds it and gives it back whole.
#[wasm_bindgen_test]
async fn indexeddb_holds_a_model_local_storage_cannot() {
    let m = wide(3000, 150);
    let text = m.serialize().unwrap();
    let e = settle(m.save(s("localstorage://big"))).await.unwrap_err();
    assert_eq!(code_of(&e), "quota", "{}", message_of(&e));
    let info = settle(m.save(s("indexeddb://big"))).await.unwrap();
    let bytes = get(&info, "bytes").as_f64().unwrap();
    assert!(bytes > 11e6, "{bytes}");
    assert_eq!(get(&e, "bytes_needed").as_f64(), Some(bytes));
    let loaded = settle(Model::load(s("indexeddb://big"))).await.unwrap();
    assert!(
        text_of(&loaded) == text,
        "the 450,000-feature model came back whole"
    );
    settle(Model::remove_model(s("indexeddb://big")))
        .await
        .unwrap();
}

/// A save that was cut short or edited is refused with `corrupt` (a newer format with
/// `newer_version`), and left as it was; a new save over it repairs it.
#[wasm_bindgen_test]
async fn a_corrupt_save_is_refused_and_left_as_it_was() {
    let url = "localstorage://corrupt";
    let key = "rivulet_models/corrupt";
    let m = trained(20);
    settle(m.save(s(url))).await.unwrap();
    let good = local_get(key).unwrap();
    let cases = [
        ("corrupt", good[..good.len() - 10].to_string()),
        (
            "corrupt",
            good.replace(
                "\"n_learned\":20,\"features\"",
                "\"n_learned\":21,\"features\"",
            ),
        ),
        ("corrupt", "hello".to_string()),
        (
            "newer_version",
            good.replace("\"version\":2", "\"version\":9"),
        ),
    ];
    for (code, bad) in cases {
        assert_ne!(bad, good);
        local_set(key, &s(&bad)).unwrap();
        let e = settle(Model::load(s(url))).await.unwrap_err();
        assert_eq!(code_of(&e), code, "{}", message_of(&e));
        assert!(
            message_of(&e).contains("nothing was changed")
                || message_of(&e).contains("Nothing was changed"),
            "{}",
            message_of(&e)
        );
        assert_eq!(
            local_get(key).as_deref(),
            Some(bad.as_str()),
            "left as it was"
        );
    }
    settle(m.save(s(url))).await.unwrap();
    let repaired = settle(Model::load(s(url))).await.unwrap();
    assert_eq!(text_of(&repaired), m.serialize().unwrap());
    settle(Model::remove_model(s(url))).await.unwrap();
}
