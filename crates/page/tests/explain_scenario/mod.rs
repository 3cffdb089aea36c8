//! `DurationPredictor.explain` through the page module exactly as JavaScript sees it: the parts
//! add up to `expected` while warming up and once warm. Shared by `wasm_node_explain.rs` (Node)
//! and `wasm_browser_explain.rs` (headless Chromium), which include it as a module.

use js_sys::{Array, Reflect};
use rivulet_page::DurationPredictor;
use wasm_bindgen::{JsError, JsValue};

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn f(v: &JsValue, k: &str) -> f64 {
    get(v, k).as_f64().unwrap()
}

fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    Reflect::get(&v, &JsValue::from_str("message"))
        .unwrap()
        .as_string()
        .unwrap()
}

/// `DurationPredictor.explain`: the parts add up to `expected` while warming up and once warm.
pub fn predictor_parts_add_up() {
    let game = |champ: i64, ban: i64| {
        js_sys::JSON::parse(&format!(
            r#"{{"gameId": 1, "gameMode": "CLASSIC", "gameQueueConfigId": 420, "platformId": "EUW1",
            "gameStartTime": 1504279457970, "participants": [
              {{"teamId": 100, "championId": {champ}, "spell1Id": 4, "spell2Id": 14}},
              {{"teamId": 200, "championId": 84, "spell1Id": 4, "spell2Id": 12}}],
            "bannedChampions": [{{"championId": {ban}, "teamId": 100, "pickTurn": 1}}]}}"#
        ))
        .unwrap()
    };
    let mut p = DurationPredictor::new(JsValue::UNDEFINED).unwrap();
    for i in 0..40i32 {
        let g = game(i64::from(100 + i % 4), i64::from(50 + i % 3));
        for elapsed in [0.0, 1200.0] {
            let e = p.explain(g.clone(), JsValue::UNDEFINED, elapsed).unwrap();
            let parts = Array::from(&get(&e, "parts"));
            let total = parts.iter().map(|c| f(&c, "contribution")).sum::<f64>()
                + f(&e, "typical")
                + f(&e, "clamp")
                + f(&e, "elapsed_shift");
            let pred = p.predict(g.clone(), JsValue::UNDEFINED, elapsed).unwrap();
            assert_eq!(f(&e, "expected"), f(&pred, "expected"));
            assert!((total - f(&e, "expected")).abs() < 1e-9, "{i} at {elapsed}");
            assert_eq!(f(&e, "blend"), (f64::from(i) / 30.0).min(1.0));
        }
        p.learn(g, JsValue::UNDEFINED, 1500.0 + 90.0 * f64::from(i % 5))
            .unwrap();
    }
    // Warm: each key's effect in seconds (the model panel's numbers) is its part on a card.
    let g = game(101, 50);
    let e = p.explain(g, JsValue::UNDEFINED, 0.0).unwrap();
    let effects = Array::from(&p.key_effects(1000).unwrap());
    let effect = |key: &str| {
        effects
            .iter()
            .map(|kv| Array::from(&kv))
            .find(|kv| kv.get(0).as_string().as_deref() == Some(key))
            .map(|kv| kv.get(1).as_f64().unwrap())
            .unwrap()
    };
    for part in Array::from(&get(&e, "parts")).iter() {
        let key = get(&part, "feature").as_string().unwrap();
        if get(&part, "value").as_f64() == Some(1.0) {
            let (a, b) = (f(&part, "contribution"), effect(&key));
            assert!(
                (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                "{key}: {a} vs {b}"
            );
        }
    }
    let e = p
        .explain(JsValue::NULL, JsValue::UNDEFINED, 0.0)
        .unwrap_err();
    let q = p
        .predict(JsValue::NULL, JsValue::UNDEFINED, 0.0)
        .unwrap_err();
    assert_eq!(message(e), message(q));
}
