//! Classification metrics and drift detectors for JavaScript: thin wrappers over
//! `learn::metrics` and `learn::drift` (River's semantics; see docs/classification.md).

use super::interop::{err, whole};
use crate::learn::drift::{Adwin, PageHinkley, PageHinkleyMode};
use crate::learn::metrics::{Confusion, LogLoss, RocAuc};
use wasm_bindgen::prelude::*;

/// A rolling window's size: none (left out or 0) for cumulative.
fn window(class: &str, w: Option<f64>) -> Result<Option<usize>, JsError> {
    let w = whole(&format!("{class}: window_size"), w, 0)?;
    Ok((w > 0).then_some(w as usize))
}

/// Accuracy, precision, recall and F1 of predicted labels (one confusion matrix), cumulative
/// or over the last `window` pairs.
#[wasm_bindgen(js_name = ConfusionMatrix)]
pub struct JsConfusion(Confusion);

#[wasm_bindgen(js_class = ConfusionMatrix)]
impl JsConfusion {
    /// `window`: the rolling window's size; none (or 0) for cumulative.
    #[wasm_bindgen(constructor)]
    pub fn new(window_size: Option<f64>) -> Result<JsConfusion, JsError> {
        let w = window("ConfusionMatrix", window_size)?;
        Ok(JsConfusion(
            w.map_or_else(Confusion::default, Confusion::rolling),
        ))
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
    pub fn new(window_size: Option<f64>) -> Result<JsLogLoss, JsError> {
        let w = window("LogLoss", window_size)?;
        Ok(JsLogLoss(w.map_or_else(LogLoss::default, LogLoss::rolling)))
    }
    /// Adds a (label, P(true)) pair; throws (changing nothing) when `p_true` is not finite.
    pub fn update(&mut self, y: bool, p_true: f64) -> Result<(), JsError> {
        self.0.update(y, p_true).map_err(err)
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
    pub fn new(n_thresholds: Option<f64>, window_size: Option<f64>) -> Result<JsRocAuc, JsError> {
        let n = whole("ROCAUC: n_thresholds", n_thresholds, 10)? as usize;
        let m = match window("ROCAUC", window_size)? {
            Some(w) => RocAuc::rolling(n, w),
            None => RocAuc::new(n),
        };
        Ok(JsRocAuc(m.map_err(err)?))
    }
    /// Adds a (label, P(true)) pair; throws (changing nothing) when `p_true` is not finite.
    pub fn update(&mut self, y: bool, p_true: f64) -> Result<(), JsError> {
        self.0.update(y, p_true).map_err(err)
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
        clock: Option<f64>,
        max_buckets: Option<f64>,
        min_window_length: Option<f64>,
        grace_period: Option<f64>,
    ) -> Result<JsAdwin, JsError> {
        let adwin = Adwin::new(
            delta.unwrap_or(0.002),
            whole("ADWIN: clock", clock, 32)?,
            whole("ADWIN: max_buckets", max_buckets, 5)?,
            whole("ADWIN: min_window_length", min_window_length, 5)?,
            whole("ADWIN: grace_period", grace_period, 10)?,
        );
        Ok(JsAdwin(adwin.map_err(err)?))
    }
    /// Adds `x`; returns whether a change was detected (also `drift_detected`). Throws
    /// (changing nothing) when `x` is not a finite number.
    pub fn update(&mut self, x: f64) -> Result<bool, JsError> {
        self.0.update(x).map_err(err)?;
        Ok(self.0.drift_detected())
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
        min_instances: Option<f64>,
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
        let detector = PageHinkley::new(
            whole("PageHinkley: min_instances", min_instances, 30)?,
            delta.unwrap_or(0.005),
            threshold.unwrap_or(50.0),
            alpha.unwrap_or(1.0 - 0.0001),
            mode,
        );
        Ok(JsPageHinkley(detector.map_err(err)?))
    }
    /// Adds `x`; returns whether a change was detected (also `drift_detected`). Throws
    /// (changing nothing) when `x` is not a finite number.
    pub fn update(&mut self, x: f64) -> Result<bool, JsError> {
        self.0.update(x).map_err(err)?;
        Ok(self.0.drift_detected())
    }
    /// Whether the last update detected a change.
    #[wasm_bindgen(getter)]
    pub fn drift_detected(&self) -> bool {
        self.0.drift_detected()
    }
}
