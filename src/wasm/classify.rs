//! Classification metrics and drift detectors for JavaScript: thin wrappers over
//! `learn::metrics` and `learn::drift` (River's semantics; see docs/classification.md).

use crate::learn::drift::{Adwin, PageHinkley, PageHinkleyMode};
use crate::learn::metrics::{Confusion, LogLoss, RocAuc};
use wasm_bindgen::prelude::*;

fn window(w: Option<u32>) -> Option<usize> {
    w.filter(|&w| w > 0).map(|w| w as usize)
}

/// Accuracy, precision, recall and F1 of predicted labels (one confusion matrix), cumulative
/// or over the last `window` pairs.
#[wasm_bindgen(js_name = ConfusionMatrix)]
pub struct JsConfusion(Confusion);

#[wasm_bindgen(js_class = ConfusionMatrix)]
impl JsConfusion {
    /// `window`: the rolling window's size; none (or 0) for cumulative.
    #[wasm_bindgen(constructor)]
    pub fn new(window_size: Option<u32>) -> JsConfusion {
        JsConfusion(window(window_size).map_or_else(Confusion::default, Confusion::rolling))
    }
    /// Adds a (label, predicted label) pair.
    pub fn update(&mut self, y: bool, y_pred: bool) {
        self.0.update(y, y_pred)
    }
    /// River's `Accuracy`.
    pub fn accuracy(&self) -> f64 {
        self.0.accuracy()
    }
    /// River's `Precision` (positive: true).
    pub fn precision(&self) -> f64 {
        self.0.precision()
    }
    /// River's `Recall`.
    pub fn recall(&self) -> f64 {
        self.0.recall()
    }
    /// River's `F1`.
    pub fn f1(&self) -> f64 {
        self.0.f1()
    }
}

/// River's `LogLoss` of predicted probabilities of true, cumulative or rolling.
#[wasm_bindgen(js_name = LogLoss)]
pub struct JsLogLoss(LogLoss);

#[wasm_bindgen(js_class = LogLoss)]
impl JsLogLoss {
    /// `window`: the rolling window's size; none (or 0) for cumulative.
    #[wasm_bindgen(constructor)]
    pub fn new(window_size: Option<u32>) -> JsLogLoss {
        JsLogLoss(window(window_size).map_or_else(LogLoss::default, LogLoss::rolling))
    }
    /// Adds a (label, P(true)) pair.
    pub fn update(&mut self, y: bool, p_true: f64) {
        self.0.update(y, p_true)
    }
    /// The current value.
    pub fn get(&self) -> f64 {
        self.0.get()
    }
}

/// River's `ROCAUC` (its approximation on `n_thresholds`, default 10), cumulative or rolling.
#[wasm_bindgen(js_name = ROCAUC)]
pub struct JsRocAuc(RocAuc);

#[wasm_bindgen(js_class = ROCAUC)]
impl JsRocAuc {
    /// `n_thresholds` (default 10, at least 2); `window`: none (or 0) for cumulative.
    #[wasm_bindgen(constructor)]
    pub fn new(n_thresholds: Option<u32>, window_size: Option<u32>) -> JsRocAuc {
        let n = n_thresholds.unwrap_or(10) as usize;
        JsRocAuc(match window(window_size) {
            Some(w) => RocAuc::rolling(n, w),
            None => RocAuc::new(n),
        })
    }
    /// Adds a (label, P(true)) pair.
    pub fn update(&mut self, y: bool, p_true: f64) {
        self.0.update(y, p_true)
    }
    /// The current value.
    pub fn get(&self) -> f64 {
        self.0.get()
    }
}

/// River's `drift.ADWIN`; arguments left out take River's defaults (delta 0.002, clock 32,
/// max_buckets 5, min_window_length 5, grace_period 10).
#[wasm_bindgen(js_name = ADWIN)]
pub struct JsAdwin(Adwin);

#[wasm_bindgen(js_class = ADWIN)]
impl JsAdwin {
    /// An ADWIN detector.
    #[wasm_bindgen(constructor)]
    pub fn new(
        delta: Option<f64>,
        clock: Option<u32>,
        max_buckets: Option<u32>,
        min_window_length: Option<u32>,
        grace_period: Option<u32>,
    ) -> Result<JsAdwin, JsError> {
        let delta = delta.unwrap_or(0.002);
        if !(delta > 0.0 && delta < 1.0) {
            return Err(JsError::new("ADWIN: delta must be in (0, 1)"));
        }
        Ok(JsAdwin(Adwin::new(
            delta,
            clock.unwrap_or(32),
            max_buckets.unwrap_or(5),
            min_window_length.unwrap_or(5),
            grace_period.unwrap_or(10),
        )))
    }
    /// Adds `x`; returns whether a change was detected (also `drift_detected`).
    pub fn update(&mut self, x: f64) -> bool {
        self.0.update(x);
        self.0.drift_detected()
    }
    /// Whether the last update detected a change.
    #[wasm_bindgen(getter)]
    pub fn drift_detected(&self) -> bool {
        self.0.drift_detected()
    }
    /// Number of values in the adaptive window.
    #[wasm_bindgen(getter)]
    pub fn width(&self) -> f64 {
        self.0.width()
    }
    /// The window's mean.
    #[wasm_bindgen(getter)]
    pub fn estimation(&self) -> f64 {
        self.0.estimation()
    }
}

/// River's `drift.PageHinkley`; arguments left out take River's defaults (min_instances 30,
/// delta 0.005, threshold 50, alpha 1 − 1e-4, mode "both"; or "up", "down").
#[wasm_bindgen(js_name = PageHinkley)]
pub struct JsPageHinkley(PageHinkley);

#[wasm_bindgen(js_class = PageHinkley)]
impl JsPageHinkley {
    /// A Page–Hinkley detector.
    #[wasm_bindgen(constructor)]
    pub fn new(
        min_instances: Option<u32>,
        delta: Option<f64>,
        threshold: Option<f64>,
        alpha: Option<f64>,
        mode: Option<String>,
    ) -> Result<JsPageHinkley, JsError> {
        let mode = match mode.as_deref() {
            None | Some("both") => PageHinkleyMode::Both,
            Some("up") => PageHinkleyMode::Up,
            Some("down") => PageHinkleyMode::Down,
            Some(_) => {
                return Err(JsError::new(
                    "PageHinkley: mode must be \"both\", \"up\" or \"down\"",
                ))
            }
        };
        Ok(JsPageHinkley(PageHinkley::new(
            min_instances.unwrap_or(30),
            delta.unwrap_or(0.005),
            threshold.unwrap_or(50.0),
            alpha.unwrap_or(1.0 - 0.0001),
            mode,
        )))
    }
    /// Adds `x`; returns whether a change was detected (also `drift_detected`).
    pub fn update(&mut self, x: f64) -> bool {
        self.0.update(x);
        self.0.drift_detected()
    }
    /// Whether the last update detected a change.
    #[wasm_bindgen(getter)]
    pub fn drift_detected(&self) -> bool {
        self.0.drift_detected()
    }
}
