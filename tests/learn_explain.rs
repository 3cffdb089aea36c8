//! `explain_one`: the parts add up to the prediction, for every estimator that has parts, on the
//! River parity streams (tests/river). Without a target scaler the linear and logistic models' parts add
//! up to the last bit; with one (and for the FM's pairwise terms) to 1e-12 of the parts'
//! magnitude.
#![cfg(all(not(target_arch = "wasm32"), feature = "explain"))] // native tests; the wasm ones are tests/wasm_*_explain.rs

use rivulet::learn::{FeatureValue, Model};
use serde_json::{json, Value};

mod explain_check;
use explain_check::check;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/river/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A fixture stream's rows: `[[name, number | string], ...]` and a target (number or bool).
type Row = (Vec<(String, Value)>, f64);

fn rows(stream: &Value) -> Vec<Row> {
    stream
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            // `{"x": ..., "y": ...}` or `[x, y]`.
            let (x, y) = match s {
                Value::Array(a) => (&a[0], &a[1]),
                s => (&s["x"], &s["y"]),
            };
            let x = x
                .as_array()
                .unwrap()
                .iter()
                .map(|kv| (kv[0].as_str().unwrap().to_string(), kv[1].clone()))
                .collect();
            let y = match y {
                Value::Bool(b) => f64::from(u8::from(*b)),
                v => v.as_f64().unwrap(),
            };
            (x, y)
        })
        .collect()
}

fn features(row: &Row) -> Vec<(&str, FeatureValue<'_>)> {
    row.0
        .iter()
        .map(|(n, v)| match v {
            Value::String(c) => (n.as_str(), FeatureValue::Cat(c.as_str())),
            v => (n.as_str(), FeatureValue::Num(v.as_f64().unwrap())),
        })
        .collect()
}

/// Progressive run: explain, check, learn. Returns the worst relative gap.
fn run(spec: &Value, rows: &[Row], exact: bool, name: &str) -> f64 {
    let mut m = Model::from_spec_json(&spec.to_string()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut worst: f64 = 0.0;
    for (t, row) in rows.iter().enumerate() {
        let x = features(row);
        worst = worst.max(check(&m, &x, exact, &format!("{name} sample {t}")));
        m.learn_one(&x, row.1).unwrap();
    }
    worst
}

#[test]
fn linear_parts_add_up_on_the_parity_stream() {
    let f = fixture("fixtures.json");
    let rows = rows(&f["stream"]);
    let cases = f["cases"].as_array().unwrap();
    assert!(cases.len() >= 18);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let spec = &case["spec"];
        // The default spec has a target scaler.
        let exact = spec.get("target_scaler") == Some(&json!(false));
        let worst = run(spec, &rows, exact, name);
        println!("{name:32} exact {exact:5} worst relative gap {worst:.2e}");
    }
}

#[test]
fn logistic_parts_add_up_to_the_logit_on_the_parity_streams() {
    let f = fixture("classify.json");
    for case in f["cases"].as_array().unwrap() {
        let name = format!(
            "{}/{}",
            case["stream"].as_str().unwrap(),
            case["name"].as_str().unwrap()
        );
        let rows = rows(&f["streams"][case["stream"].as_str().unwrap()]);
        run(&case["spec"], &rows[..rows.len().min(500)], true, &name);
    }
}

#[cfg(feature = "fm")]
#[test]
fn fm_parts_with_pairwise_terms_add_up_on_the_parity_stream() {
    let f = fixture("models_fm.json");
    let rows = rows(&f["stream"]);
    for case in f["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut model = case["config"].clone();
        model["type"] = json!("fm");
        // River's pipeline (the raw FM), and the default one (scaler + target scaler).
        let river = json!({"scaler": "none", "target_scaler": false, "model": model});
        let worst = run(&river, &rows, false, name);
        let default = json!({"model": model});
        let worst_default = run(&default, &rows, false, name);
        println!("{name:24} worst relative gap {worst:.2e} / {worst_default:.2e}");
    }
    // A pair's term is split in two halves, one per feature.
    let mut m = Model::from_spec_json(
        r#"{"scaler": "none", "target_scaler": false, "model": {"type": "fm", "n_factors": 3, "seed": 1}}"#,
    )
    .unwrap();
    let x = [("a", FeatureValue::Num(2.0)), ("b", FeatureValue::Num(3.0))];
    m.learn_one(&x, 1.0).unwrap();
    let e = m.explain_one(&x).unwrap();
    let (a, b) = (&e.features[0], &e.features[1]);
    assert!(a.interaction != 0.0);
    assert!((a.interaction - b.interaction).abs() <= 1e-15 * a.interaction.abs());
    assert!((a.contribution - (a.weight * 2.0 + a.interaction)).abs() <= 1e-15);
}

#[test]
fn bad_input_gets_predict_ones_error_and_amf_says_not_available() {
    let mut m = Model::default();
    let x = [
        ("hour", FeatureValue::Num(3.0)),
        ("mode", FeatureValue::Cat("ARAM")),
    ];
    m.learn_one(&x, 1800.0).unwrap();
    let before = m.to_json().unwrap();
    let bads: [Vec<(&str, FeatureValue<'_>)>; 3] = [
        vec![("hour", FeatureValue::Num(f64::NAN))],
        vec![
            ("hour", FeatureValue::Num(1.0)),
            ("hour", FeatureValue::Num(2.0)),
        ],
        vec![("mode=ARAM", FeatureValue::Num(1.0))],
    ];
    for bad in &bads {
        let e = m.explain_one(bad).unwrap_err();
        assert_eq!(e, m.predict_one(bad).unwrap_err());
    }
    assert_eq!(m.to_json().unwrap(), before);
    // A key the model never learnt counts 0 and is left out.
    let e = m
        .explain_one(&[
            ("new", FeatureValue::Num(5.0)),
            ("hour", FeatureValue::Num(3.0)),
        ])
        .unwrap();
    assert_eq!(e.features.len(), 1);
    assert_eq!(e.features[0].feature, "hour");

    #[cfg(feature = "forest")]
    {
        let mut amf =
            Model::from_spec_json(r#"{"model": {"type": "amf", "n_estimators": 2}}"#).unwrap();
        amf.learn_one(&x, 1800.0).unwrap();
        let e = amf.explain_one(&x).unwrap_err();
        assert!(
            matches!(e, rivulet::learn::LearnError::Unsupported(_)),
            "{e}"
        );
        assert!(e.to_string().starts_with("not available:"), "{e}");
        // Bad input first: the same error as predict_one.
        assert_eq!(
            amf.explain_one(&bads[0]).unwrap_err(),
            amf.predict_one(&bads[0]).unwrap_err()
        );
    }
}
