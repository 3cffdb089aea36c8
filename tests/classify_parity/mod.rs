//! River parity for classification and drift, shared by the native test (`tests/learn_classify.rs`)
//! and the wasm ones (`tests/wasm_node_classify.rs`, `tests/wasm_browser_classify.rs`). The
//! fixture `tests/river/classify.json` was written by River 0.26.1
//! (`tests/river/make_fixtures_classify.py`); it is parsed with the learner's own JSON parser,
//! which both targets have.

#![allow(dead_code)]

use rivulet::learn::drift::{Adwin, PageHinkley, PageHinkleyMode};
use rivulet::learn::json::{parse, Json};
use rivulet::learn::metrics::{Confusion, LogLoss, RocAuc};

pub const FIXTURE: &str = include_str!("../river/classify.json");

pub fn fixture() -> Json {
    parse(FIXTURE).expect("tests/river/classify.json is valid JSON")
}

pub fn num(v: &Json) -> f64 {
    match v {
        Json::Num(f) => *f,
        Json::U64(n) => *n as f64,
        other => panic!("expected a number, got {}", other.kind()),
    }
}

pub fn arr(v: &Json) -> &[Json] {
    match v {
        Json::Arr(a) => a,
        other => panic!("expected an array, got {}", other.kind()),
    }
}

pub fn text(v: &Json) -> &str {
    match v {
        Json::Str(s) => s,
        other => panic!("expected a string, got {}", other.kind()),
    }
}

/// A feature value of a fixture row.
#[derive(Debug, Clone)]
pub enum Value {
    Num(f64),
    Cat(String),
}

/// A fixture sample: ordered features and the label.
#[derive(Debug, Clone)]
pub struct Row {
    pub x: Vec<(String, Value)>,
    pub y: bool,
}

pub fn rows(stream: &Json) -> Vec<Row> {
    arr(stream)
        .iter()
        .map(|s| Row {
            x: arr(s.get("x").unwrap())
                .iter()
                .map(|kv| {
                    let kv = arr(kv);
                    let name = text(&kv[0]).to_string();
                    match &kv[1] {
                        Json::Str(c) => (name, Value::Cat(c.clone())),
                        v => (name, Value::Num(num(v))),
                    }
                })
                .collect(),
            y: matches!(s.get("y"), Some(Json::Bool(true))),
        })
        .collect()
}

pub fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// What the parity run needs of a classifier: the native core or the JS face.
pub trait Classifier {
    fn proba(&mut self, row: &Row) -> f64;
    fn label(&mut self, row: &Row) -> bool;
    fn learn(&mut self, row: &Row);
    /// The final intercept, where the face exposes it.
    fn intercept(&self) -> Option<f64>;
}

/// The metrics of the fixture, cumulative and rolling, fed as River's were.
struct Metrics {
    cm: [Confusion; 2],
    log_loss: [LogLoss; 2],
    roc: [RocAuc; 2],
}

impl Metrics {
    fn new(window: usize) -> Self {
        Metrics {
            cm: [Confusion::default(), Confusion::rolling(window)],
            log_loss: [LogLoss::default(), LogLoss::rolling(window)],
            roc: [
                RocAuc::new(10).unwrap(),
                RocAuc::rolling(10, window).unwrap(),
            ],
        }
    }

    fn update(&mut self, y: bool, label: bool, p: f64) {
        for i in 0..2 {
            self.cm[i].update(y, label);
            self.log_loss[i].update(y, p).unwrap();
            self.roc[i].update(y, p).unwrap();
        }
    }

    fn get(&self, name: &str) -> f64 {
        let (i, base) = match name.strip_prefix("rolling_") {
            Some(b) => (1, b),
            None => (0, name),
        };
        match base {
            "accuracy" => self.cm[i].accuracy(),
            "precision" => self.cm[i].precision(),
            "recall" => self.cm[i].recall(),
            "f1" => self.cm[i].f1(),
            "log_loss" => self.log_loss[i].get(),
            "roc_auc" => self.roc[i].get(),
            other => panic!("unknown metric {other}"),
        }
    }
}

/// Replays every case of the fixture through `make(spec JSON)`; returns the failures (empty
/// when every probability, intercept and metric matches River within 1e-9 relative) and the
/// number of values compared.
pub fn check_cases(make: &dyn Fn(&str) -> Box<dyn Classifier>) -> (Vec<String>, usize) {
    let f = fixture();
    assert_eq!(text(f.get("river").unwrap()), "0.26.1");
    let window = num(f.get("window").unwrap()) as usize;
    let every = num(f.get("metric_every").unwrap()) as usize;
    let streams = f.get("streams").unwrap();
    let cases = arr(f.get("cases").unwrap());
    assert!(cases.len() >= 20, "the fixture covers every case");
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in cases {
        let sname = text(case.get("stream").unwrap());
        let name = format!("{sname}/{}", text(case.get("name").unwrap()));
        let data = rows(streams.get(sname).unwrap());
        let spec = case.get("spec").unwrap().to_text().unwrap();
        let mut model = make(&spec);
        let want = arr(case.get("probas").unwrap());
        assert_eq!(want.len(), data.len());
        let mut metrics = Metrics::new(window);
        let series = case.get("metrics").unwrap();
        let mut bad = None;
        for (t, (row, w)) in data.iter().zip(want).enumerate() {
            let p = model.proba(row);
            let label = model.label(row);
            let w = num(w);
            compared += 1;
            if !close(p, w) {
                bad = Some(format!(
                    "{name}: sample {t}: P(true) rivulet {p} vs River {w}"
                ));
                break;
            }
            if label != (p > 0.5) {
                bad = Some(format!("{name}: sample {t}: label {label} but P(true) {p}"));
                break;
            }
            metrics.update(row.y, label, p);
            if t % every == 0 || t == data.len() - 1 {
                let k = if t % every == 0 {
                    t / every
                } else {
                    t / every + 1
                };
                if let Json::Obj(fields) = series {
                    for (m, values) in fields {
                        let (got, w) = (metrics.get(m), num(&arr(values)[k]));
                        compared += 1;
                        if !close(got, w) {
                            bad = Some(format!(
                                "{name}: sample {t}: {m} rivulet {got} vs River {w}"
                            ));
                        }
                    }
                }
                if bad.is_some() {
                    break;
                }
            }
            model.learn(row);
        }
        if let Some(b) = bad {
            failures.push(b);
            continue;
        }
        if let Some(b) = model.intercept() {
            let want_b = num(case.get("intercept").unwrap());
            compared += 1;
            if !close(b, want_b) {
                failures.push(format!("{name}: intercept {b} vs River {want_b}"));
            }
        }
    }
    (failures, compared)
}

/// A drift detector as the parity run sees it.
pub trait Detector {
    fn update(&mut self, x: f64);
    fn drift_detected(&self) -> bool;
}

impl Detector for Adwin {
    fn update(&mut self, x: f64) {
        Adwin::update(self, x).unwrap()
    }
    fn drift_detected(&self) -> bool {
        Adwin::drift_detected(self)
    }
}

impl Detector for PageHinkley {
    fn update(&mut self, x: f64) {
        PageHinkley::update(self, x).unwrap()
    }
    fn drift_detected(&self) -> bool {
        PageHinkley::drift_detected(self)
    }
}

/// The detector the fixture's parameters describe (River's names and defaults).
pub fn core_detector(kind: &str, p: &Json) -> Box<dyn Detector> {
    let f = |k: &str, d: f64| p.get(k).map(num).unwrap_or(d);
    if kind.starts_with("adwin") {
        Box::new(
            Adwin::new(
                f("delta", 0.002),
                f("clock", 32.0) as u32,
                f("max_buckets", 5.0) as u32,
                f("min_window_length", 5.0) as u32,
                f("grace_period", 10.0) as u32,
            )
            .unwrap(),
        )
    } else {
        let mode = match p.get("mode").map(text) {
            Some("up") => PageHinkleyMode::Up,
            Some("down") => PageHinkleyMode::Down,
            _ => PageHinkleyMode::Both,
        };
        Box::new(
            PageHinkley::new(
                f("min_instances", 30.0) as u32,
                f("delta", 0.005),
                f("threshold", 50.0),
                f("alpha", 1.0 - 0.0001),
                mode,
            )
            .unwrap(),
        )
    }
}

/// Replays every (detector, stream) pair; returns the mismatches and the number of pairs.
pub fn check_drift(make: &dyn Fn(&str, &Json) -> Box<dyn Detector>) -> (Vec<String>, usize) {
    let f = fixture();
    let d = f.get("drift").unwrap();
    let streams = d.get("streams").unwrap();
    let detectors = d.get("detectors").unwrap();
    let detections = d.get("detections").unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    let Json::Obj(pairs) = detections else {
        panic!("detections is an object")
    };
    for (key, want) in pairs {
        let (dname, sname) = key.split_once('/').unwrap();
        let xs: Vec<f64> = arr(streams.get(sname).unwrap()).iter().map(num).collect();
        let mut det = make(dname, detectors.get(dname).unwrap());
        let mut got = Vec::new();
        for (i, &x) in xs.iter().enumerate() {
            det.update(x);
            if det.drift_detected() {
                got.push(i);
            }
        }
        let want: Vec<usize> = arr(want).iter().map(|v| num(v) as usize).collect();
        assert!(
            !want.is_empty() || dname.contains("none"),
            "{key} detects something"
        );
        n += 1;
        if got != want {
            failures.push(format!("{key}: rivulet {got:?} vs River {want:?}"));
        }
    }
    (failures, n)
}
