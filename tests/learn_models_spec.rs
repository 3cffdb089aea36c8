//! The FM and AMF estimators through the public facade: selected by the JSON spec, learning,
//! serialize → deserialize → identical continuation, and spec errors that name the field.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use rivulet::learn::{FeatureValue, Model};

type X<'a> = Vec<(String, FeatureValue<'a>)>;

/// A small synthetic stream: two categorical "champions" that only matter together, plus a
/// numeric feature.
fn sample(i: usize) -> (X<'static>, f64) {
    const CHAMPS: [&str; 6] = ["ahri", "zed", "lux", "jinx", "thresh", "garen"];
    let a = CHAMPS[i % 6];
    let b = CHAMPS[(i * 7 + 3) % 6];
    let h = ((i * 37) % 24) as f64 / 24.0;
    let mut y = 1800.0 + 100.0 * h;
    if (a == "ahri" && b == "lux") || (a == "lux" && b == "ahri") {
        y += 300.0;
    }
    (
        vec![
            ("blue".to_string(), FeatureValue::Cat(a)),
            ("red".to_string(), FeatureValue::Cat(b)),
            ("hour".to_string(), FeatureValue::Num(h)),
        ],
        y,
    )
}

fn round_trip(spec: &str) {
    let mut a = Model::from_spec_json(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
    for i in 0..300 {
        let (x, y) = sample(i);
        a.learn_one(&x, y).unwrap();
    }
    let json = a.to_json().unwrap();
    let mut b = Model::from_json(&json).unwrap();
    assert_eq!(b.to_json().unwrap(), json, "{spec}: byte-identical");
    for i in 300..400 {
        let (x, y) = sample(i);
        assert_eq!(
            a.predict_one(&x).unwrap().to_bits(),
            b.predict_one(&x).unwrap().to_bits()
        );
        a.learn_one(&x, y).unwrap();
        b.learn_one(&x, y).unwrap();
    }
    assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    // It learned something: better than a constant 0 by far.
    let (x, y) = sample(400);
    let p = a.predict_one(&x).unwrap();
    assert!((p - y).abs() < 0.5 * y, "{spec}: predicted {p} for {y}");
}

#[test]
fn fm_from_spec_learns_and_round_trips() {
    round_trip(
        r#"{"scaler": "none", "target_scaler": true, "model": {"type": "fm", "n_factors": 4, "seed": 3}}"#,
    );
}

#[test]
fn amf_from_spec_learns_and_round_trips() {
    round_trip(
        r#"{"scaler": "none", "target_scaler": true, "model": {"type": "amf", "n_estimators": 3, "max_nodes": 64, "seed": 1}}"#,
    );
}

#[test]
fn spec_errors_name_the_field() {
    for (spec, needle) in [
        (r#"{"model": {"type": "fm", "n_factors": 0}}"#, "n_factors"),
        (r#"{"model": {"type": "fm", "latent_lr": -1}}"#, "latent_lr"),
        (r#"{"model": {"type": "fm", "bogus": 1}}"#, "bogus"),
        (
            r#"{"model": {"type": "amf", "n_estimators": 0}}"#,
            "n_estimators",
        ),
        (r#"{"model": {"type": "amf", "step": 0}}"#, "step"),
        (r#"{"model": {"type": "amf", "trees": 3}}"#, "trees"),
    ] {
        let e = Model::from_spec_json(spec).unwrap_err().to_string();
        assert!(e.contains(needle), "{spec}: {e}");
    }
}

#[test]
fn corrupt_state_is_refused_with_a_named_error() {
    let mut a = Model::from_spec_json(r#"{"model": {"type": "amf", "n_estimators": 2}}"#).unwrap();
    for i in 0..50 {
        let (x, y) = sample(i);
        a.learn_one(&x, y).unwrap();
    }
    let json = a.to_json().unwrap();
    // Break a parent link deep in the second tree.
    let bad = json.replacen("\"parent\":0", "\"parent\":99999", 1);
    assert_ne!(bad, json);
    let e = Model::from_json(&bad).unwrap_err().to_string();
    assert!(e.contains("amf.trees"), "{e}");
}
