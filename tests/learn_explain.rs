//! `explain_one`: the parts add up to the prediction, for every estimator that has parts, on the
//! River parity streams (tests/river). Without a target scaler the linear and logistic models' parts add
//! up to the last bit; with one (and for the FM's pairwise terms) to 1e-12 of the parts'
//! magnitude.
#![cfg(all(not(target_arch = "wasm32"), feature = "explain"))] // native tests; the wasm ones are tests/wasm_*_explain.rs

use rivulet::learn::linear_model::sigmoid;
use rivulet::learn::{FeatureValue, Model};
use serde_json::{json, Value};

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

/// Checks one explanation against `predict_one`; `exact`: the parts must add up to the bit.
/// Returns the worst relative gap seen (0 when exact).
fn check(m: &Model, x: &[(&str, FeatureValue<'_>)], exact: bool, what: &str) -> f64 {
    let e = m.explain_one(x).unwrap();
    let p = m.predict_one(x).unwrap();
    assert_eq!(e.prediction.to_bits(), p.to_bits(), "{what}: prediction");
    // The keys, as sent, in x's order; keys new to the model left out.
    let want: Vec<(String, f64)> = x
        .iter()
        .map(|(n, v)| match v {
            FeatureValue::Num(f) => (n.to_string(), *f),
            FeatureValue::Cat(c) => (format!("{n}={c}"), 1.0),
        })
        .filter(|(k, _)| m.feature_id(k).is_some())
        .collect();
    let got: Vec<(String, f64)> = e
        .features
        .iter()
        .map(|c| (c.feature.clone(), c.value))
        .collect();
    assert_eq!(got, want, "{what}: keys");
    let total = match e.logit {
        Some(z) => {
            assert!(m.is_classifier());
            assert_eq!(sigmoid(z).to_bits(), p.to_bits(), "{what}: σ(logit)");
            z
        }
        None => p,
    };
    let sum = e.sum();
    if exact {
        assert_eq!(sum.to_bits(), total.to_bits(), "{what}: {sum} vs {total}");
        0.0
    } else {
        let scale =
            e.intercept.abs() + e.features.iter().map(|c| c.contribution.abs()).sum::<f64>();
        let gap = (sum - total).abs();
        assert!(
            gap <= 1e-12 * scale,
            "{what}: {sum} vs {total} (scale {scale})"
        );
        if scale > 0.0 {
            gap / scale
        } else {
            0.0
        }
    }
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
