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
    assert_eq!(n, 18);
}
