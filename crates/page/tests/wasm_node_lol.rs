//! The page's model API (`DurationPredictor`, `featurize`, name tables) in Node, exactly as
//! JavaScript sees it: JsValue in and out, JS `Error`s. Run:
//! `cargo test -p rivulet-page --target wasm32-unknown-unknown --test wasm_node_lol`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Reflect, JSON};
use rivulet_page::{champion_name, featurize, queue_name, DurationPredictor};
use wasm_bindgen::{JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn js(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn game(champ: i64, mode: &str) -> JsValue {
    js(&format!(
        r#"{{"gameId": 1, "gameMode": "{mode}", "gameQueueConfigId": 420, "platformId": "EUW1",
        "gameStartTime": 1504279457970, "gameLength": 0,
        "participants": [
          {{"puuid": "a", "teamId": 100, "championId": {champ}, "spell1Id": 4, "spell2Id": 14}},
          {{"puuid": "b", "teamId": 200, "championId": 84, "spell1Id": 4, "spell2Id": 12}}],
        "bannedChampions": [{{"championId": 55, "teamId": 100, "pickTurn": 1}}]}}"#
    ))
}

fn get(v: &JsValue, k: &str) -> f64 {
    Reflect::get(v, &JsValue::from_str(k))
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN)
}

fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    let e: js_sys::Error = v.into();
    String::from(e.message())
}

#[wasm_bindgen_test]
fn featurize_and_names() {
    let extras =
        js(r#"{"ranks": {"a": [{"queueType": "RANKED_SOLO_5x5", "tier": "GOLD", "rank": "II"}]}}"#);
    let x = featurize(game(103, "CLASSIC"), extras).unwrap();
    assert_eq!(get(&x, "champ=103"), 1.0);
    assert_eq!(get(&x, "ban=55"), 1.0);
    assert_eq!(get(&x, "queue=420"), 1.0);
    assert!((get(&x, "rank_mean") - 0.35).abs() < 1e-12);
    // No extras: neutral defaults.
    let x = featurize(game(103, "CLASSIC"), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&x, "rank_missing"), 1.0);
    let e = message(featurize(js(r#"{"gameId": 1}"#), JsValue::UNDEFINED).unwrap_err());
    assert!(e.starts_with("game:") && e.contains("gameMode"), "{e}");
    assert_eq!(champion_name(103.0), "Ahri");
    assert_eq!(champion_name(99999.0), "Unknown (99999)");
    assert_eq!(queue_name(450.0), "ARAM");
    assert_eq!(queue_name(420.0), "Ranked Solo/Duo");
}

#[wasm_bindgen_test]
fn predictor_learns_predicts_and_round_trips() {
    let mut p = DurationPredictor::new(JsValue::UNDEFINED).unwrap();
    let mut abs_err_sum = 0.0;
    for i in 0..120 {
        let d = if i % 2 == 0 { 1500.0 } else { 2100.0 };
        let pre = p.learn(game(i % 7, "CLASSIC"), JsValue::NULL, d).unwrap();
        assert!(get(&pre, "expected") > 0.0);
        abs_err_sum += (get(&pre, "expected") - d).abs();
    }
    assert_eq!(p.n_learned(), 120.0);
    // The record of the pre-game predictions learn returned, as the page shows it.
    let m = p.metrics().unwrap();
    assert_eq!(get(&m, "n"), 120.0);
    assert!((get(&m, "abs_err_sum") - abs_err_sum).abs() < 1e-6 * abs_err_sum);
    assert!(get(&m, "covered80") <= 120.0 && get(&m, "covered80") <= get(&m, "covered90"));
    let q = p
        .predict(game(3, "CLASSIC"), JsValue::UNDEFINED, 0.0)
        .unwrap();
    for k in [
        "expected", "lo80", "hi80", "lo90", "hi90", "pregame", "elapsed",
    ] {
        assert!(get(&q, k).is_finite(), "{k}");
    }
    assert!(get(&q, "lo90") <= get(&q, "lo80") && get(&q, "hi80") <= get(&q, "hi90"));
    let late = p
        .predict(game(3, "CLASSIC"), JsValue::UNDEFINED, 2000.0)
        .unwrap();
    assert!(get(&late, "expected") >= 2000.0 && get(&late, "lo80") >= 2000.0);
    assert_eq!(get(&late, "elapsed"), 2000.0);
    // The learner's shape: `[key, weight]` pairs, largest |weight| first.
    let w = js_sys::Array::from(&p.top_weights(3).unwrap());
    assert_eq!(w.length(), 3);
    let pairs: Vec<(String, f64)> = w
        .iter()
        .map(|pair| {
            let pair = js_sys::Array::from(&pair);
            (
                pair.get(0).as_string().unwrap(),
                pair.get(1).as_f64().unwrap(),
            )
        })
        .collect();
    assert!(pairs.windows(2).all(|w| w[0].1.abs() >= w[1].1.abs()));
    assert!(pairs.iter().all(|(k, _)| !k.is_empty()));
    let json = p.serialize();
    let back = DurationPredictor::deserialize(&json).unwrap();
    assert_eq!(back.serialize(), json);
    let q2 = back
        .predict(game(3, "CLASSIC"), JsValue::UNDEFINED, 0.0)
        .unwrap();
    assert_eq!(get(&q2, "expected"), get(&q, "expected"));
}

#[wasm_bindgen_test]
fn bad_input_throws_and_changes_nothing() {
    let mut p = DurationPredictor::new(JsValue::UNDEFINED).unwrap();
    p.learn(game(1, "ARAM"), JsValue::UNDEFINED, 1100.0)
        .unwrap();
    let before = p.serialize();
    let e = message(
        p.learn(game(1, "ARAM"), JsValue::UNDEFINED, f64::NAN)
            .unwrap_err(),
    );
    assert!(e.contains("duration"), "{e}");
    let empty = js(r#"{"gameId": 1, "gameMode": "ARAM", "participants": []}"#);
    let e = message(p.learn(empty, JsValue::UNDEFINED, 1100.0).unwrap_err());
    assert!(e.contains("no participants"), "{e}");
    let e = message(p.predict(game(1, "ARAM"), js("3"), 0.0).unwrap_err());
    assert!(e.starts_with("extras:"), "{e}");
    assert!(p
        .predict(game(1, "ARAM"), JsValue::UNDEFINED, -5.0)
        .is_err());
    assert_eq!(p.serialize(), before);
    let e = message(
        DurationPredictor::deserialize("{\"format\": \"x\"}")
            .err()
            .unwrap(),
    );
    assert!(e.contains("format"), "{e}");
    let e = message(
        DurationPredictor::new(js(r#"{"features": "champs"}"#))
            .err()
            .unwrap(),
    );
    assert!(e.contains("unknown feature group 'champs'"), "{e}");
    let base = DurationPredictor::new(js(r#"{"model": "running_mean", "window": 500}"#)).unwrap();
    assert!(base.serialize().contains("running_mean"));
}

#[wasm_bindgen_test]
fn a_fresh_predictor_starts_from_the_mode_prior_and_says_it_is_not_warm() {
    let flag = |v: &JsValue, k: &str| Reflect::get(v, &JsValue::from_str(k)).unwrap();
    let mut p = DurationPredictor::new(JsValue::UNDEFINED).unwrap();
    let q = p
        .predict(game(3, "CLASSIC"), JsValue::UNDEFINED, 0.0)
        .unwrap();
    // The ranked median (games.csv), not the 15:00 clamp floor of a regressor starting at 0.
    assert_eq!(get(&q, "expected"), 1833.0);
    assert!(get(&q, "lo80") < 1400.0 && get(&q, "hi80") > 2300.0);
    assert_eq!(flag(&q, "warm"), JsValue::FALSE);
    assert_eq!(get(&q, "mode_games"), 0.0);
    for i in 0..30 {
        p.learn(
            game(i % 5, "CLASSIC"),
            JsValue::UNDEFINED,
            1700.0 + f64::from(i as i32 * 20),
        )
        .unwrap();
    }
    let q = p
        .predict(game(3, "CLASSIC"), JsValue::UNDEFINED, 0.0)
        .unwrap();
    assert_eq!(flag(&q, "warm"), JsValue::TRUE);
    assert_eq!(get(&q, "mode_games"), 30.0);
    let a = p.predict(game(3, "ARAM"), JsValue::UNDEFINED, 0.0).unwrap();
    assert_eq!(flag(&a, "warm"), JsValue::FALSE);
}

/// Games cross as JS objects, field by field (serde-wasm-bindgen): a value that is not an
/// object, a missing field or a field of the wrong type is a JS Error naming it, and changes
/// nothing.
#[wasm_bindgen_test]
fn a_bad_game_object_is_a_clear_error_and_changes_nothing() {
    let mut p = DurationPredictor::new(JsValue::UNDEFINED).unwrap();
    p.learn(game(1, "CLASSIC"), JsValue::UNDEFINED, 1700.0)
        .unwrap();
    let before = p.serialize();
    for (bad, says) in [
        (JsValue::UNDEFINED, "game: must be an object"),
        (JsValue::NULL, "game: must be an object"),
        (JsValue::from_str("CLASSIC"), "game: must be an object"),
        (JsValue::from_f64(3.0), "game: must be an object"),
        (js("[]"), "game: must be an object"),
        (js(r#"{"gameId": 1, "participants": []}"#), "gameMode"),
        (
            js(r#"{"gameId": "one", "gameMode": "CLASSIC", "participants": []}"#),
            "expected i64",
        ),
        (
            js(r#"{"gameId": 1, "gameMode": "CLASSIC", "participants": [{"teamId": 100}]}"#),
            "championId",
        ),
        (
            js(r#"{"gameId": 1.5, "gameMode": "CLASSIC", "participants": []}"#),
            "floating point `1.5`",
        ),
    ] {
        let e = message(
            p.learn(bad.clone(), JsValue::UNDEFINED, 1700.0)
                .unwrap_err(),
        );
        assert!(e.starts_with("game: ") && e.contains(says), "{e}");
        let e = message(p.predict(bad.clone(), JsValue::UNDEFINED, 0.0).unwrap_err());
        assert!(e.starts_with("game: ") && e.contains(says), "{e}");
        let e = message(featurize(bad, JsValue::UNDEFINED).unwrap_err());
        assert!(e.starts_with("game: ") && e.contains(says), "{e}");
    }
    let e = message(
        p.learn(game(1, "CLASSIC"), js("[1, 2]"), 1700.0)
            .unwrap_err(),
    );
    assert_eq!(e, "extras: must be an object");
    assert_eq!(p.serialize(), before);
    assert_eq!(p.n_learned(), 1.0);
    assert_eq!(get(&p.metrics().unwrap(), "n"), 1.0);
}

/// Riot's ids are integers; past 2^32 they still cross exactly, as numbers or as BigInts, and a
/// number past 2^53 (which already lost digits in JavaScript) is refused, not read as another id.
#[wasm_bindgen_test]
fn large_integer_ids_cross_exactly_or_are_refused() {
    let p = DurationPredictor::new(JsValue::UNDEFINED).unwrap();
    let with_id = |id: JsValue| {
        let g = game(3, "CLASSIC");
        Reflect::set(&g, &"gameId".into(), &id).unwrap();
        g
    };
    let base = p
        .predict(game(3, "CLASSIC"), JsValue::UNDEFINED, 0.0)
        .unwrap();
    // EUW game ids are ~7.5e9, past u32.
    for id in [
        JsValue::from_f64(7_512_345_678.0),
        JsValue::from_f64(9_007_199_254_740_991.0), // 2^53 - 1, the largest safe integer
        js_sys::BigInt::from(1_u64 << 60).into(),
    ] {
        let q = p.predict(with_id(id), JsValue::UNDEFINED, 0.0).unwrap();
        assert_eq!(get(&q, "expected"), get(&base, "expected"));
    }
    let e = message(
        p.predict(
            with_id(JsValue::from_f64(2f64.powi(60))),
            JsValue::UNDEFINED,
            0.0,
        )
        .unwrap_err(),
    );
    assert!(e.starts_with("game: ") && e.contains("expected i64"), "{e}");
    // Outputs are plain numbers (never BigInt) and plain objects (never Map).
    let q = p
        .predict(game(3, "CLASSIC"), JsValue::UNDEFINED, 0.0)
        .unwrap();
    assert!(Reflect::get(&q, &"mode_games".into())
        .unwrap()
        .as_f64()
        .is_some());
    let x = featurize(game(3, "CLASSIC"), JsValue::UNDEFINED).unwrap();
    assert_eq!(
        js_sys::Object::get_prototype_of(&x),
        js_sys::Object::get_prototype_of(&js("{}"))
    );
}
