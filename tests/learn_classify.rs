//! River parity for binary classification (LogisticRegression, its metrics) and drift detection
//! (ADWIN, Page–Hinkley): every probability and metric within 1e-9 relative, every detection at
//! River's index. Fixtures: `tests/river/make_fixtures_classify.py` (River 0.26.1, run by hand)
//! wrote `tests/river/classify.json`.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*classify.rs

mod classify_parity;

use classify_parity::{check_cases, check_drift, core_detector, Classifier, Row, Value};
use rivulet::learn::{FeatureValue, Model};

struct Core(Model);

fn features(row: &Row) -> Vec<(&str, FeatureValue<'_>)> {
    row.x
        .iter()
        .map(|(n, v)| match v {
            Value::Num(v) => (n.as_str(), FeatureValue::Num(*v)),
            Value::Cat(c) => (n.as_str(), FeatureValue::Cat(c.as_str())),
        })
        .collect()
}

impl Classifier for Core {
    fn proba(&mut self, row: &Row) -> f64 {
        self.0.predict_proba_one(&features(row)).unwrap()
    }
    fn label(&mut self, row: &Row) -> bool {
        self.0.predict_label_one(&features(row)).unwrap()
    }
    fn learn(&mut self, row: &Row) {
        self.0
            .learn_one(&features(row), f64::from(u8::from(row.y)))
            .unwrap();
    }
    fn intercept(&self) -> Option<f64> {
        self.0.pipeline().regressor().intercept()
    }
}

#[test]
fn logistic_regression_and_metrics_match_river_sample_by_sample() {
    let make = |spec: &str| -> Box<dyn Classifier> {
        Box::new(Core(
            Model::from_spec_json(spec).unwrap_or_else(|e| panic!("{spec}: {e}")),
        ))
    };
    let (failures, compared) = check_cases(&make);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared > 20_000, "{compared} values compared");
}

#[test]
fn drift_detectors_fire_at_rivers_indices() {
    let (failures, n) = check_drift(&|kind, p| core_detector(kind, p));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(n, 21);
}

#[test]
fn labels_other_than_0_1_are_refused_and_change_nothing() {
    let mut m =
        Model::from_spec_json(r#"{"model": {"type": "logistic", "optimizer": {"type": "adam"}}}"#)
            .unwrap();
    assert!(m.is_classifier());
    let x = |i: u32| {
        [
            ("a", FeatureValue::Num(f64::from(i % 10) - 4.5)),
            (
                "c",
                FeatureValue::Cat(if i.is_multiple_of(3) { "u" } else { "v" }),
            ),
        ]
    };
    for i in 0..60 {
        m.learn_one(&x(i), f64::from(u8::from(i % 10 >= 5)))
            .unwrap();
    }
    let before = m.to_json().unwrap();
    for bad in [0.5, -1.0, 2.0, f64::NAN, f64::INFINITY] {
        let e = m.learn_one(&x(3), bad).unwrap_err().to_string();
        assert!(e.contains("label"), "{e}");
        assert!(m.predict_learn_one(&x(3), bad).is_err());
    }
    assert_eq!(m.to_json().unwrap(), before);
    assert!(m.predict_proba_one(&x(9)).unwrap() > 0.9);
    assert!(m.predict_label_one(&x(9)).unwrap());
    assert!(!m.predict_label_one(&x(0)).unwrap());
    // Saved and restored, it goes on learning the same way.
    let mut same = Model::from_json(&before).unwrap();
    for i in 60..90 {
        let y = f64::from(u8::from(i % 10 >= 5));
        let p = m.predict_learn_one(&x(i), y).unwrap();
        assert_eq!(
            p.to_bits(),
            same.predict_proba_one(&x(i)).unwrap().to_bits()
        );
        same.learn_one(&x(i), y).unwrap();
    }
    assert_eq!(same.to_json().unwrap(), m.to_json().unwrap());
    // A regressor has no probabilities.
    let reg = Model::default();
    assert!(reg
        .predict_proba_one(&x(1))
        .unwrap_err()
        .to_string()
        .contains("classifier"));
}

#[test]
fn logistic_specs_are_checked() {
    let err = |s: &str| Model::from_spec_json(s).unwrap_err().to_string();
    assert!(
        err(r#"{"target_scaler": true, "model": {"type": "logistic"}}"#).contains("target_scaler")
    );
    assert!(err(r#"{"model": {"type": "logistic", "loss": {"type": "squared"}}}"#).contains("log"));
    assert!(
        err(r#"{"model": {"type": "linear", "loss": {"type": "log"}}}"#).contains("classifier")
    );
    assert!(err(r#"{"model": {"type": "logistic", "l1": 0.1, "l2": 0.1}}"#).contains("l1"));
    assert!(
        err(r#"{"model": {"type": "logistic", "l1": 0.1, "optimizer": {"type": "ftrl"}}}"#)
            .contains("ftrl")
    );
    assert!(err(
        r#"{"model": {"type": "logistic", "initializer": {"type": "normal", "sigma": -1}}}"#
    )
    .contains("sigma"));
    assert!(err(
        r#"{"model": {"type": "logistic", "initializer": {"type": "normal", "seed": 1.5}}}"#
    )
    .contains("seed"));
    assert!(
        err(r#"{"model": {"type": "logistic", "initializer": {"type": "uniform"}}}"#)
            .contains("normal")
    );
    assert!(err(r#"{"model": {"type": "logistic", "weights": 1}}"#).contains("weights"));
    let m = Model::from_spec_json(r#"{"model": {"type": "logistic"}}"#).unwrap();
    let spec = m.spec().to_json();
    assert!(spec.contains(r#""target_scaler":false"#), "{spec}");
    assert_eq!(Model::from_spec_json(&spec).unwrap().spec().to_json(), spec);
}

/// River's `Normal` initializer draws one weight per new feature from numpy's generator: a model
/// saved mid-stream and restored draws on from where it stopped (its features keep appearing
/// after the save), so both end byte-identical; a save whose generator is gone or broken is
/// refused and changes nothing.
#[test]
fn a_normal_initializer_continues_its_draws_after_a_restore() {
    let spec = r#"{"model": {"type": "logistic", "initializer": {"type": "normal", "sigma": 0.2, "seed": 5}}}"#;
    let x = |i: u32| {
        let mode = ["ARAM", "URF", "CLASSIC"][(i % 3) as usize];
        vec![
            (format!("champ_{}", i % 17), FeatureValue::Num(1.0)),
            ("hour".to_string(), FeatureValue::Num(f64::from(i % 24))),
            ("mode".to_string(), FeatureValue::Cat(mode)),
        ]
    };
    let y = |i: u32| f64::from(u8::from(i % 5 >= 2));
    let mut m = Model::from_spec_json(spec).unwrap();
    for i in 0..8 {
        m.learn_one(&x(i), y(i)).unwrap();
    }
    let saved = m.to_json().unwrap();
    assert!(saved.contains("\"rng\""), "the generator is saved");
    let mut restored = Model::from_json(&saved).unwrap();
    // Features 8..16 of champ_ are new after the save: each draws.
    for i in 8..60 {
        let p = m.predict_learn_one(&x(i), y(i)).unwrap();
        assert_eq!(
            p.to_bits(),
            restored.predict_proba_one(&x(i)).unwrap().to_bits(),
            "sample {i}"
        );
        restored.learn_one(&x(i), y(i)).unwrap();
    }
    assert_eq!(restored.to_json().unwrap(), m.to_json().unwrap());
    // Another seed draws other weights.
    let mut other = Model::from_spec_json(&spec.replace("\"seed\": 5", "\"seed\": 6")).unwrap();
    other.learn_one(&x(0), y(0)).unwrap();
    let mut first = Model::from_spec_json(spec).unwrap();
    first.learn_one(&x(0), y(0)).unwrap();
    assert_ne!(other.to_json().unwrap(), first.to_json().unwrap());
    // The generator removed, or cut short: refused with a message naming it.
    let without = saved.replacen("\"rng\":", "\"rng_gone\":", 1);
    let e = Model::from_json(&without).unwrap_err().to_string();
    assert!(e.contains("rng"), "{e}");
    let mt = saved.find("\"mt\":[").unwrap() + 6;
    let cut = format!("{}{}", &saved[..mt], saved[mt..].split_once(',').unwrap().1);
    let e = Model::from_json(&cut).unwrap_err().to_string();
    assert!(e.contains("rng") || e.contains("MT19937"), "{e}");
}
