//! Classification through the `Model` wasm class exactly as JavaScript sees it (JS objects,
//! boolean labels, JS `Error`s), River parity of its probabilities and metrics, and the drift
//! detectors' JS classes: shared by `tests/wasm_node_classify.rs` (Node) and
//! `tests/wasm_browser_classify.rs` (headless Chromium), which include it as a module.

use crate::classify_parity::{self, Classifier, Detector, Row, Value};
use js_sys::{Object, Reflect};
use rivulet::learn::json::Json;
use rivulet::wasm::classify::{JsAdwin, JsConfusion, JsLogLoss, JsPageHinkley, JsRocAuc};
use rivulet::wasm::model::JsModel as Model;
use wasm_bindgen::{JsError, JsValue};

fn js_row(row: &Row) -> JsValue {
    let o = Object::new();
    for (k, v) in &row.x {
        let v = match v {
            Value::Num(f) => JsValue::from_f64(*f),
            Value::Cat(c) => JsValue::from_str(c),
        };
        Reflect::set(&o, &JsValue::from_str(k), &v).unwrap();
    }
    o.into()
}

fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    let e: js_sys::Error = v.into();
    String::from(e.message())
}

struct Js(Model);

impl Classifier for Js {
    fn proba(&mut self, row: &Row) -> f64 {
        self.0.predict_proba_one(js_row(row)).unwrap()
    }
    fn label(&mut self, row: &Row) -> bool {
        let l = self.0.predict_one(js_row(row)).unwrap();
        assert!(l == 0.0 || l == 1.0, "a label is 1 or 0, got {l}");
        l == 1.0
    }
    fn learn(&mut self, row: &Row) {
        self.0
            .learn_one(js_row(row), JsValue::from_bool(row.y))
            .unwrap();
    }
    fn intercept(&self) -> Option<f64> {
        None
    }
}

/// Every case of `tests/river/classify.json` through the JS face: probabilities and metrics
/// within 1e-9 relative of River's.
pub fn logistic_matches_river_through_js() {
    let make = |spec: &str| -> Box<dyn Classifier> {
        Box::new(Js(Model::new(JsValue::from_str(spec)).unwrap()))
    };
    let (failures, compared) = classify_parity::check_cases(&make);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared > 20_000, "{compared} values compared");
}

struct JsDetector {
    adwin: Option<JsAdwin>,
    ph: Option<JsPageHinkley>,
}

impl Detector for JsDetector {
    fn update(&mut self, x: f64) {
        match (&mut self.adwin, &mut self.ph) {
            (Some(a), _) => {
                let d = a.update(x);
                assert_eq!(d, a.drift_detected());
            }
            (_, Some(p)) => {
                let d = p.update(x);
                assert_eq!(d, p.drift_detected());
            }
            _ => unreachable!(),
        }
    }
    fn drift_detected(&self) -> bool {
        match (&self.adwin, &self.ph) {
            (Some(a), _) => a.drift_detected(),
            (_, Some(p)) => p.drift_detected(),
            _ => unreachable!(),
        }
    }
}

/// Every drift stream of the fixture through the `ADWIN` / `PageHinkley` JS classes: River's
/// indices exactly.
pub fn detectors_match_river_through_js() {
    let make = |kind: &str, p: &Json| -> Box<dyn Detector> {
        let f = |k: &str| p.get(k).map(classify_parity::num);
        let u = |k: &str| f(k).map(|v| v as u32);
        if kind.starts_with("adwin") {
            let a = JsAdwin::new(
                f("delta"),
                u("clock"),
                u("max_buckets"),
                u("min_window_length"),
                u("grace_period"),
            )
            .unwrap();
            Box::new(JsDetector {
                adwin: Some(a),
                ph: None,
            })
        } else {
            let mode = p.get("mode").map(|m| classify_parity::text(m).to_string());
            let d = JsPageHinkley::new(
                u("min_instances"),
                f("delta"),
                f("threshold"),
                f("alpha"),
                mode,
            )
            .unwrap();
            Box::new(JsDetector {
                adwin: None,
                ph: Some(d),
            })
        }
    };
    let (failures, n) = classify_parity::check_drift(&make);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(n, 21);
    assert!(message(
        JsPageHinkley::new(None, None, None, None, Some("sideways".into()))
            .err()
            .unwrap()
    )
    .contains("mode"));
    assert!(message(
        JsAdwin::new(Some(2.0), None, None, None, None)
            .err()
            .unwrap()
    )
    .contains("delta"));
}

/// The metric JS classes give the core's numbers (River's, by the parity test) on a stream.
pub fn metric_classes_match_the_core() {
    use rivulet::learn::metrics::{Confusion, LogLoss, RocAuc};
    let (mut cm, mut ll, mut roc) = (
        JsConfusion::new(Some(20)),
        JsLogLoss::new(None),
        JsRocAuc::new(Some(25), Some(30)),
    );
    let (mut c2, mut l2, mut r2) = (
        Confusion::rolling(20),
        LogLoss::default(),
        RocAuc::rolling(25, 30),
    );
    for i in 0..200u32 {
        let p = f64::from((i * 37) % 101) / 100.0;
        let y = (i * 13) % 7 < 3;
        cm.update(y, p > 0.5);
        c2.update(y, p > 0.5);
        ll.update(y, p);
        l2.update(y, p);
        roc.update(y, p);
        r2.update(y, p);
    }
    assert_eq!(cm.accuracy(), c2.accuracy());
    assert_eq!(cm.f1(), c2.f1());
    assert_eq!(cm.precision(), c2.precision());
    assert_eq!(cm.recall(), c2.recall());
    assert_eq!(ll.get(), l2.get());
    assert_eq!(roc.get(), r2.get());
    assert!(roc.get() > 0.0 && roc.get() < 1.0);
}

/// Labels: booleans or 1 / 0; anything else throws and leaves the model byte-identical. A
/// classifier round-trips through serialize; a regressor refuses predict_proba_one and booleans.
pub fn labels_errors_and_round_trip() {
    let spec = r#"{"model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.1}}}"#;
    let mut m = Model::new(JsValue::from_str(spec)).unwrap();
    assert!(m.is_classifier());
    let x = |i: u32| {
        let o = Object::new();
        Reflect::set(&o, &"a".into(), &JsValue::from_f64(f64::from(i % 10) - 4.5)).unwrap();
        Reflect::set(
            &o,
            &"c".into(),
            &JsValue::from_str(if i.is_multiple_of(3) { "u" } else { "v" }),
        )
        .unwrap();
        JsValue::from(o)
    };
    for i in 0..100 {
        let y = f64::from(i % 10) - 4.5 > 0.0;
        if i % 2 == 0 {
            m.learn_one(x(i), JsValue::from_bool(y)).unwrap();
        } else {
            m.learn_one(x(i), JsValue::from_f64(f64::from(u8::from(y))))
                .unwrap();
        }
    }
    assert!(m.predict_proba_one(x(9)).unwrap() > 0.9);
    assert_eq!(m.predict_one(x(9)).unwrap(), 1.0);
    assert_eq!(m.predict_one(x(0)).unwrap(), 0.0);
    let before = m.serialize().unwrap();
    for bad in [
        JsValue::from_f64(0.5),
        JsValue::from_f64(2.0),
        JsValue::from_f64(f64::NAN),
        JsValue::from_str("true"),
        JsValue::NULL,
    ] {
        let e = message(m.learn_one(x(3), bad.clone()).unwrap_err());
        assert!(e.contains("label"), "{e}");
        assert!(m.predict_learn_one(x(3), bad).is_err());
    }
    assert_eq!(
        m.serialize().unwrap(),
        before,
        "a refused label changed nothing"
    );
    let mut same = Model::deserialize(&before).unwrap();
    assert!(same.is_classifier());
    for i in 100..150 {
        let y = JsValue::from_bool(i % 4 == 0);
        let p = m.predict_learn_one(x(i), y.clone()).unwrap();
        assert_eq!(p.to_bits(), same.predict_proba_one(x(i)).unwrap().to_bits());
        same.learn_one(x(i), y).unwrap();
    }
    assert_eq!(same.serialize().unwrap(), m.serialize().unwrap());
    let mut reg = Model::new(JsValue::UNDEFINED).unwrap();
    assert!(!reg.is_classifier());
    assert!(message(reg.predict_proba_one(x(1)).unwrap_err()).contains("classifier"));
    assert!(reg.learn_one(x(1), JsValue::from_bool(true)).is_err());
    let e = Model::new(JsValue::from_str(
        r#"{"target_scaler": true, "model": {"type": "logistic"}}"#,
    ));
    assert!(message(e.err().unwrap()).contains("target_scaler"));
}
