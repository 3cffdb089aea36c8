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
                let d = a.update(x).unwrap();
                assert_eq!(d, a.drift_detected());
            }
            (_, Some(p)) => {
                let d = p.update(x).unwrap();
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
        if kind.starts_with("adwin") {
            let a = JsAdwin::new(
                f("delta"),
                f("clock"),
                f("max_buckets"),
                f("min_window_length"),
                f("grace_period"),
            )
            .unwrap();
            Box::new(JsDetector {
                adwin: Some(a),
                ph: None,
            })
        } else {
            let mode = p.get("mode").map(|m| classify_parity::text(m).to_string());
            let d = JsPageHinkley::new(
                f("min_instances"),
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
        JsConfusion::new(Some(20.0)).unwrap(),
        JsLogLoss::new(None).unwrap(),
        JsRocAuc::new(Some(25.0), Some(30.0)).unwrap(),
    );
    let (mut c2, mut l2, mut r2) = (
        Confusion::rolling(20),
        LogLoss::default(),
        RocAuc::rolling(25, 30).unwrap(),
    );
    for i in 0..200u32 {
        let p = f64::from((i * 37) % 101) / 100.0;
        let y = (i * 13) % 7 < 3;
        cm.update(y, p > 0.5);
        c2.update(y, p > 0.5);
        ll.update(y, p).unwrap();
        l2.update(y, p).unwrap();
        roc.update(y, p).unwrap();
        r2.update(y, p).unwrap();
    }
    assert_eq!(cm.accuracy(), c2.accuracy());
    assert_eq!(cm.f1(), c2.f1());
    assert_eq!(cm.precision(), c2.precision());
    assert_eq!(cm.recall(), c2.recall());
    assert_eq!(ll.get(), l2.get());
    assert_eq!(roc.get(), r2.get());
    assert!(roc.get() > 0.0 && roc.get() < 1.0);
}

/// Bad input to the metric and detector classes throws a message naming the class and the
/// value, and changes nothing: a NaN or an infinity given to `update` (once, it poisoned every
/// later value: a NaN log loss, a detector that never fired again), and sizes a `u32` would
/// have wrapped (`-1` became a 4-billion window, whose allocation aborted the module).
pub fn bad_input_to_metrics_and_detectors_throws_and_changes_nothing() {
    let stream = |i: u32| {
        if i < 600 {
            f64::from(i % 7) / 7.0
        } else {
            3.0 + f64::from(i % 5) / 5.0
        }
    };
    let (mut adwin, mut adwin_ref) = (
        JsAdwin::new(None, None, None, None, None).unwrap(),
        JsAdwin::new(None, None, None, None, None).unwrap(),
    );
    let (mut ph, mut ph_ref) = (
        JsPageHinkley::new(None, None, None, None, None).unwrap(),
        JsPageHinkley::new(None, None, None, None, None).unwrap(),
    );
    let (mut found, mut found_ref) = (vec![], vec![]);
    for i in 0..1200u32 {
        if i == 300 {
            for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                assert!(message(adwin.update(bad).err().unwrap())
                    .starts_with("ADWIN: x must be a finite number"));
                assert!(message(ph.update(bad).err().unwrap()).starts_with("PageHinkley: x"));
            }
        }
        let x = stream(i);
        if adwin.update(x).unwrap() {
            found.push(("adwin", i));
        }
        if ph.update(x).unwrap() {
            found.push(("ph", i));
        }
        if adwin_ref.update(x).unwrap() {
            found_ref.push(("adwin", i));
        }
        if ph_ref.update(x).unwrap() {
            found_ref.push(("ph", i));
        }
    }
    assert!(!found.is_empty());
    assert_eq!(found, found_ref, "the refused values changed nothing");
    assert_eq!(adwin.estimation(), adwin_ref.estimation());

    let (mut ll, mut roc) = (
        JsLogLoss::new(Some(50.0)).unwrap(),
        JsRocAuc::new(None, None).unwrap(),
    );
    for i in 0..100u32 {
        let (y, p) = (i % 3 == 0, f64::from(i % 10) / 10.0);
        ll.update(y, p).unwrap();
        roc.update(y, p).unwrap();
    }
    let (l0, r0) = (ll.get(), roc.get());
    assert!(message(ll.update(true, f64::NAN).err().unwrap())
        .contains("LogLoss: the probability must be a finite number"));
    assert!(roc.update(false, f64::INFINITY).is_err());
    assert_eq!((ll.get(), roc.get()), (l0, r0));

    let refused = |e: Option<JsError>, what: &str| {
        let m = message(e.expect(what));
        assert!(m.contains(what), "{m}");
    };
    refused(
        JsConfusion::new(Some(-1.0)).err(),
        "ConfusionMatrix: window_size must be a whole number from 0 to 4294967295, got -1",
    );
    refused(JsLogLoss::new(Some(2.5)).err(), "LogLoss: window_size");
    refused(
        JsRocAuc::new(Some(1.0), None).err(),
        "ROCAUC: n_thresholds must be from 2 to 1000000, got 1",
    );
    refused(
        JsRocAuc::new(Some(2f64.powi(31)), None).err(),
        "ROCAUC: n_thresholds must be from 2 to 1000000",
    );
    refused(
        JsAdwin::new(None, Some(0.0), None, None, None).err(),
        "ADWIN: clock and max_buckets must be at least 1, got 0 and 5",
    );
    refused(
        JsAdwin::new(None, None, Some(f64::NAN), None, None).err(),
        "ADWIN: max_buckets must be a whole number from 0 to 4294967295, got NaN",
    );
    refused(
        JsPageHinkley::new(None, Some(f64::NAN), None, None, None).err(),
        "PageHinkley: delta and threshold",
    );
    refused(
        JsPageHinkley::new(None, None, None, Some(0.0), None).err(),
        "alpha in (0, 1]",
    );
    refused(
        JsPageHinkley::new(Some(-3.0), None, None, None, None).err(),
        "PageHinkley: min_instances",
    );
    // A window larger than any stream is fine: it is not reserved up front.
    let mut big = JsConfusion::new(Some(4_294_967_295.0)).unwrap();
    big.update(true, true);
    assert_eq!(big.accuracy(), 1.0);
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
