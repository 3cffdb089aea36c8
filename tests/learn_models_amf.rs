//! River parity for rivulet's Aggregated Mondrian Forest regressor.
//! Fixture: tests/river/models_amf.json, made by tests/river/make_fixtures_models.py (River 0.26.1).
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use std::collections::HashMap;

use rivulet::learn::forest::{AmfConfig, AmfRegressor};
use rivulet::learn::json::{parse, Fields};
use serde_json::Value;

fn fixture() -> Value {
    let path = format!("{}/tests/river/models_amf.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect(&path)).unwrap()
}

fn stream(v: &Value) -> Vec<(Vec<(u32, f64)>, f64)> {
    let mut vocab: HashMap<String, u32> = HashMap::new();
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let x = s[0]
                .as_array()
                .unwrap()
                .iter()
                .map(|kv| {
                    let n = vocab.len() as u32;
                    let id = *vocab
                        .entry(kv[0].as_str().unwrap().to_string())
                        .or_insert(n);
                    (id, kv[1].as_f64().unwrap())
                })
                .collect();
            (x, s[1].as_f64().unwrap())
        })
        .collect()
}

#[test]
fn amf_matches_river_prediction_by_prediction() {
    let f = fixture();
    let data = stream(&f["stream"]);
    let cases = f["cases"].as_array().unwrap();
    assert!(cases.len() >= 4);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let config = AmfConfig::read(
            Fields::spec("model", parse(&case["config"].to_string()).unwrap()).unwrap(),
        )
        .unwrap();
        let mut amf = AmfRegressor::new(config).unwrap();
        let want = case["predictions"].as_array().unwrap();
        assert_eq!(want.len(), data.len());
        for (t, ((x, y), w)) in data.iter().zip(want).enumerate() {
            let p = amf.predict_one(x);
            match w.as_f64() {
                None => assert_eq!(t, 0, "{name}: River returns None only before learning"),
                Some(w) => assert!(
                    (p - w).abs() <= 1e-9 * w.abs().max(1.0),
                    "{name}: sample {t}: rivulet {p} vs River {w}"
                ),
            }
            amf.learn_one(x, *y);
        }
        let nodes: usize = case["n_nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .sum();
        assert_eq!(amf.n_nodes(), nodes, "{name}: same tree sizes");
    }
}

#[test]
fn amf_serialize_round_trip_continues_exactly() {
    let data = stream(&fixture()["stream"]);
    let mut a = AmfRegressor::new(AmfConfig {
        n_estimators: 3,
        seed: 5,
        ..AmfConfig::default()
    })
    .unwrap();
    let half = data.len() / 2;
    for (x, y) in &data[..half] {
        a.learn_one(x, *y);
    }
    let json = a.to_value().to_text().unwrap();
    let mut b = AmfRegressor::from_value(parse(&json).unwrap()).unwrap();
    b.validate_state().unwrap();
    assert_eq!(
        b.to_value().to_text().unwrap(),
        json,
        "byte-identical re-serialization"
    );
    for (x, y) in &data[half..] {
        assert_eq!(a.predict_one(x).to_bits(), b.predict_one(x).to_bits());
        a.learn_one(x, *y);
        b.learn_one(x, *y);
    }
    assert_eq!(a, b);
}

#[test]
fn amf_rejects_corrupt_state_with_a_named_error() {
    let data = stream(&fixture()["stream"]);
    let mut a = AmfRegressor::new(AmfConfig {
        n_estimators: 2,
        ..AmfConfig::default()
    })
    .unwrap();
    for (x, y) in &data[..50] {
        a.learn_one(x, *y);
    }
    let mut v: Value = serde_json::from_str(&a.to_value().to_text().unwrap()).unwrap();
    v["state"]["trees"][1]["nodes"][1]["parent"] = serde_json::json!(7777);
    let e = AmfRegressor::from_value(parse(&v.to_string()).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("trees[1]"), "{e}");
    let mut v: Value = serde_json::from_str(&a.to_value().to_text().unwrap()).unwrap();
    v["state"]["trees"].as_array_mut().unwrap().pop();
    let e = AmfRegressor::from_value(parse(&v.to_string()).unwrap()).unwrap_err();
    assert!(e.to_string().contains("n_estimators"));
}

#[test]
fn max_nodes_bounds_every_tree() {
    let data = stream(&fixture()["stream"]);
    let mut a = AmfRegressor::new(AmfConfig {
        n_estimators: 4,
        max_nodes: Some(9),
        seed: 2,
        ..AmfConfig::default()
    })
    .unwrap();
    for (x, y) in &data {
        a.learn_one(x, *y);
    }
    // A split adds two nodes, so a tree can stop at max_nodes + 1 at most.
    assert!(a.n_nodes() <= 4 * 10, "{}", a.n_nodes());
    assert!(a.n_nodes() > 4, "the trees did grow");
}
