//! `Model`: the learner core's [`learn::Model`] for JavaScript. Conversion and error mapping
//! only: JS objects become `(name, FeatureValue)` slices, core errors become JS `Error`s.
//!
//! Fast path: reading an object key by key across the boundary (a call and a string copy per
//! key) costs microseconds per sample, so each model keeps a JS-side cache of the keys it has
//! seen (name → id, `name` + string value → one-hot id). A small JS function (`fast_path.js`) walks the
//! object, and if every key is cached (and every value a finite number or a string) writes the
//! `(id, value)` pairs straight into a buffer in wasm memory: one call per sample, no strings
//! cross. Anything else (a new key, bad input) takes the slow path below, which gives the same
//! results and errors and then fills the cache from the model's vocabulary.

#[cfg(feature = "explain")]
use super::interop::explanation_to_js;
use super::interop::{
    borrow, copy_f64, err, js_f64, read_features, read_strings, read_target, Owned,
};
#[cfg(feature = "batch")]
use super::interop::{in_sample, read_batch, read_targets};
#[cfg(feature = "merge")]
use super::interop::{model_text, read_models};
use crate::learn::{self, Feature};
use js_sys::Array;
#[cfg(feature = "batch")]
use js_sys::Float64Array;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
// wasm-bindgen gives each class a `[Symbol.dispose]()` (for `using`), typed through
// `Symbol.dispose`, which TypeScript's default lib for es2020 / es2022 lacks (TS2550 under
// `tsc --strict`). Declaring it here, as lib.esnext.disposable and @types/node do (identical
// declarations merge), makes this file compile with any lib.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/** Features: name → number, or name → string (a categorical, one-hot encoded as `name=value`). */
export type Features = Record<string, number | string>;

/** A learning rate: a constant, or a schedule. */
export type LearningRate =
  | number
  | { type: "constant"; learning_rate: number }
  | { type: "inverse_scaling"; learning_rate: number; power?: number }
  | { type: "optimal"; alpha?: number };

export type OptimizerSpec =
  | { type: "sgd"; lr?: LearningRate }
  | { type: "adam"; lr?: LearningRate; beta_1?: number; beta_2?: number; eps?: number }
  | { type: "adagrad"; lr?: LearningRate; eps?: number }
  | { type: "rmsprop"; lr?: LearningRate; rho?: number; eps?: number }
  | { type: "ftrl"; alpha?: number; beta?: number; l1?: number; l2?: number };

export type LossSpec =
  | { type: "squared" }
  | { type: "huber"; epsilon?: number }
  | { type: "absolute" }
  | { type: "quantile"; alpha?: number };

/** Losses of a classifier (on the logit, label true / false). */
export type BinaryLossSpec =
  | { type: "log"; weight_pos?: number; weight_neg?: number }
  | { type: "hinge"; threshold?: number };

/** River's LogisticRegression: a binary classifier (`predict_proba_one`, `learn_one(x, bool)`). */
export interface LogisticSpec {
  type: "logistic";
  optimizer?: OptimizerSpec;
  loss?: BinaryLossSpec;
  l2?: number;
  l1?: number;
  intercept_init?: number;
  intercept_lr?: number;
  clip_gradient?: number;
  initializer?:
    | { type: "zeros" }
    | { type: "constant"; value: number }
    | { type: "normal"; mu?: number; sigma?: number; seed?: number };
}

export interface LinearSpec {
  type: "linear";
  optimizer?: OptimizerSpec;
  loss?: LossSpec;
  l2?: number;
  intercept_lr?: number;
  clip_gradient?: number;
}

/** A pipeline spec; every field is optional (see docs/spec.md in the rivulet repository). */
export interface ModelSpec {
  scaler?: "standard" | "maxabs" | "none";
  scale_one_hot?: boolean;
  target_scaler?: boolean;
  /** The regressor. `{ type: "fm", ... }` (factorization machine) and `{ type: "amf", ... }`
   * (Mondrian forest) need the `rivulet/full` entry; the lean `rivulet` refuses them. */
  model?: LinearSpec | LogisticSpec | { type: string; [k: string]: unknown };
}
"#;

#[cfg(feature = "explain")]
#[wasm_bindgen(typescript_custom_section)]
const TS_EXPLAIN: &'static str = r#"
/** One feature's part of a prediction (`Model.explain_one`). `feature` is the key as sent
 * (`name=value` for a categorical); `scaled` is the value after the pipeline's scaler; the
 * `contribution` is in the units of the prediction (logit units for a classifier), `interaction`
 * the factorization machine's pairwise share (already in `contribution`; 0 otherwise). */
export interface Contribution {
  feature: string; value: number; scaled: number; weight: number; contribution: number;
  interaction: number;
}

/** Why `predict_one(x)` is what it is: `intercept + Σ features[i].contribution` equals
 * `prediction` (a regressor) or `logit` (a classifier, whose `prediction` is P(true) =
 * sigmoid(logit)), exactly without a target scaler and to 1e-12 of the parts' magnitude with
 * one. Keys new to the model (which count 0) are left out. */
export interface Explanation {
  intercept: number;
  features: Contribution[];
  prediction: number;
  logit?: number;
}

"#;

#[wasm_bindgen(module = "/src/wasm/fast_path.js")]
extern "C" {
    fn rv_cache(memory: JsValue, cls: bool) -> JsValue;
    fn rv_encode(
        x: &JsValue,
        cache: &JsValue,
        ptr: u32,
        len: u32,
        learn: bool,
        nf: u32,
        y: &JsValue,
        same_flag: i32,
    ) -> i32;
    fn rv_remember(cache: &JsValue, name: &str, value: Option<&str>, id: i32);
}

/// `rv_encode`'s flag (passed to it, so it is defined once): the pairs are the previous
/// successful call's.
const SAME: i32 = 1 << 30;

/// Scratch for the fast path: the pairs written by `rv_encode`, then as features.
#[derive(Default)]
struct FastBuf {
    raw: Vec<f64>,
    x: Vec<Feature>,
    /// The values of a `predict_dense` / `learn_dense` call, copied out of JS.
    dense: Vec<f64>,
    /// `x` passed the model's checks since it was last written (a later call that `rv_encode`
    /// finds SAME, as `learn_one` after `predict_one` on one sample, need not check again).
    checked: bool,
}

/// An online regression model: `predict_one`, `learn_one`, `serialize`.
#[wasm_bindgen(js_name = Model)]
pub struct JsModel {
    inner: learn::Model,
    layout: Option<learn::Layout>,
    /// The JS-side key cache (`rv_cache`); entries only for keys in `inner`'s vocabulary
    /// (which only grows), or marked unknown for the vocabulary size they were seen at.
    cache: JsValue,
    fast: RefCell<FastBuf>,
}

/// The outcome of the fast path.
enum Fast {
    /// Every key was cached: the interned features are in the buffer; the target (when
    /// learning, checked finite) is here.
    Ready(f64),
    /// Use the slow path.
    Slow,
}

impl JsModel {
    pub(super) fn wrap(inner: learn::Model) -> JsModel {
        JsModel {
            layout: None,
            cache: rv_cache(wasm_bindgen::memory(), inner.is_classifier()),
            fast: RefCell::new(FastBuf::default()),
            inner,
        }
    }

    /// Encodes `x` into `b.x` through the JS cache; with a target `y` (learning), also checks
    /// it (any problem with `x` or `y` takes the slow path, which reports it).
    fn encode(&self, x: &JsValue, y: Option<&JsValue>, b: &mut FastBuf) -> Fast {
        encode(&self.cache, &self.inner, x, y, b)
    }

    /// After the slow path: caches every key of `x` the model now knows with its type, and
    /// (at predict time) the ones it does not know as unknown.
    fn remember(&self, x: &[(String, Owned)], learn: bool) {
        let mut key = String::new();
        for (name, v) in x {
            let (k, value, cat) = match v {
                Owned::Num(_) => (name.as_str(), None, false),
                Owned::Cat(c) => (
                    learn::one_hot_key(&mut key, name, c),
                    Some(c.as_str()),
                    true,
                ),
            };
            match self.inner.feature_id(k) {
                Some(id) if self.inner.is_categorical(id) == cat => {
                    rv_remember(&self.cache, name, value, id as i32)
                }
                Some(_) => {}
                None if !learn => rv_remember(&self.cache, name, value, -1),
                None => {}
            }
        }
    }
}

/// [`JsModel::encode`] on the fields it needs (so that callers can hold `&mut` to the others).
fn encode(
    cache: &JsValue,
    inner: &learn::Model,
    x: &JsValue,
    y: Option<&JsValue>,
    b: &mut FastBuf,
) -> Fast {
    let nf = inner.n_features() as u32;
    let (learn, yv) = match y {
        Some(y) => (true, y),
        None => (false, &JsValue::UNDEFINED),
    };
    for _ in 0..2 {
        if b.raw.is_empty() {
            b.raw.resize(64, 0.0);
        }
        // `rv_encode` writes into `b.raw` through a view of wasm memory at this address
        // (kept across calls, remade when the address, the length or the memory changes).
        // It does not call into wasm, so nothing moves the buffer while it writes.
        let (ptr, len) = (b.raw.as_mut_ptr() as u32, b.raw.len() as u32);
        let r = rv_encode(x, cache, ptr, len, learn, nf, yv, SAME);
        if r >= 0 {
            let n = (r & !SAME) as usize;
            // SAME: the pairs are those of the previous successful call, which `b.x` holds.
            if r & SAME == 0 || b.x.len() != n {
                b.checked = false;
                b.x.clear();
                b.x.extend(b.raw[..2 * n].chunks_exact(2).map(|p| (p[0] as u32, p[1])));
            }
            return Fast::Ready(b.raw[b.raw.len() - 1]);
        }
        if r == -1 {
            b.checked = false;
            return Fast::Slow;
        }
        let need = (-(r as i64) - 2) as usize;
        b.raw.resize(need.max(2 * b.raw.len()), 0.0);
    }
    Fast::Slow
}

#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// A new model. `spec`: a spec object, its JSON text, or nothing for the default
    /// (standard-scaled linear regression, one-hot keys unscaled, target standard-scaled).
    #[wasm_bindgen(constructor)]
    pub fn js_new(
        #[wasm_bindgen(unchecked_optional_param_type = "ModelSpec | string | null")] spec: Option<
            JsValue,
        >,
    ) -> Result<JsModel, JsError> {
        JsModel::new(spec.unwrap_or(JsValue::UNDEFINED))
    }
}

impl JsModel {
    /// [`JsModel::js_new`] for Rust callers (`undefined` or `null`: the default spec).
    pub fn new(spec: JsValue) -> Result<JsModel, JsError> {
        let text = if spec.is_undefined() || spec.is_null() {
            String::new()
        } else if let Some(s) = spec.as_string() {
            s
        } else if spec.is_object() && !Array::is_array(&spec) {
            js_sys::JSON::stringify(&spec)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| JsError::new("invalid model spec: cannot be turned into JSON"))?
        } else {
            return Err(JsError::new(
                "invalid model spec: expected an object, a JSON string or nothing",
            ));
        };
        let inner = learn::Model::from_spec_json_with(&text, &js_f64).map_err(err)?;
        Ok(JsModel::wrap(inner))
    }
}

#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// Predicts the target of `x`; for a classifier, its label as a number (1 = true, 0 =
    /// false: `predict_proba_one(x) > 0.5`, River's `predict_one`). No side effects.
    pub fn predict_one(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Features")] x: JsValue,
    ) -> Result<f64, JsError> {
        let p = self.predict_raw(x)?;
        Ok(if self.inner.is_classifier() {
            f64::from(u8::from(p > 0.5))
        } else {
            p
        })
    }

    /// A classifier's probability that the label of `x` is `true` (River's
    /// `predict_proba_one(x)[True]`); throws for a regressor. No side effects.
    pub fn predict_proba_one(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Features")] x: JsValue,
    ) -> Result<f64, JsError> {
        if !self.inner.is_classifier() {
            return Err(JsError::new(
                "predict_proba_one needs a classifier: {\"model\": {\"type\": \"logistic\"}}",
            ));
        }
        self.predict_raw(x)
    }

    /// Whether the model is a binary classifier (a `logistic` spec).
    #[wasm_bindgen(getter)]
    pub fn is_classifier(&self) -> bool {
        self.inner.is_classifier()
    }
}

#[cfg(feature = "explain")]
#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// `predict_one(x)` in parts: the intercept and, per feature of `x` the model knows, its
    /// value, scaled value, weight and contribution (a classifier: in logit units, adding up to
    /// `logit`). Bad input throws `predict_one`'s `Error`; a forest (`amf`) throws "not
    /// available". No side effects.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain_one(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Features")] x: JsValue,
    ) -> Result<JsValue, JsError> {
        let owned = read_features(&x)?;
        let e = self.inner.explain_one(&borrow(&owned)).map_err(err)?;
        Ok(explanation_to_js(&e))
    }
}

impl JsModel {
    /// The pipeline's output for `x`: a regressor's prediction, a classifier's P(true).
    fn predict_raw(&self, x: JsValue) -> Result<f64, JsError> {
        if let Ok(mut b) = self.fast.try_borrow_mut() {
            if let Fast::Ready(_) = self.encode(&x, None, &mut b) {
                let p = self.inner.predict_ids(&b.x);
                b.checked = p.is_ok();
                return p.map_err(err);
            }
        }
        let owned = read_features(&x)?;
        let r = self.inner.predict_one(&borrow(&owned)).map_err(err);
        self.remember(&owned, false);
        r
    }
}

#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// Learns from `(x, y)`; a classifier's `y` is a boolean (or 1 / 0). Bad input throws an
    /// `Error` naming the feature; the model is unchanged.
    pub fn learn_one(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Features")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | boolean")] y: JsValue,
    ) -> Result<(), JsError> {
        let b = self.fast.get_mut();
        if let Fast::Ready(y) = encode(&self.cache, &self.inner, &x, Some(&y), b) {
            let r = if b.checked {
                self.inner.learn_ids_checked_before(&b.x, y)
            } else {
                self.inner.learn_ids(&b.x, y)
            };
            b.checked = r.is_ok();
            return r.map_err(err);
        }
        self.learn_slow(&x, &y)
    }

    /// Progressive validation in one call: predicts `x`, then learns `(x, y)`, and returns the
    /// prediction made before learning. Same results as `predict_one(x)` then `learn_one(x, y)`,
    /// but `x` is read once; for a classifier it returns P(true) (what a log loss or ROC AUC
    /// needs) where `predict_one` gives the label. Bad input throws an `Error` naming the
    /// feature; the model is unchanged.
    pub fn predict_learn_one(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Features")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number | boolean")] y: JsValue,
    ) -> Result<f64, JsError> {
        let b = self.fast.get_mut();
        // With `learn` set, the fast path is taken only when every key is in the vocabulary, so
        // predicting on these ids equals `predict_one(x)`.
        if let Fast::Ready(y) = encode(&self.cache, &self.inner, &x, Some(&y), b) {
            let r = self.inner.predict_learn_ids(&b.x, y);
            b.checked = r.is_ok();
            return r.map_err(err);
        }
        let p = self.predict_raw(x.clone())?;
        self.learn_slow(&x, &y).map(|_| p)
    }

    /// The whole model as JSON text (format, version, spec, vocabulary, state).
    pub fn serialize(&self) -> Result<String, JsError> {
        self.inner.to_json().map_err(err)
    }

    /// Restores a model from `serialize()`'s output; throws a clear `Error` on anything invalid.
    pub fn deserialize(text: &str) -> Result<JsModel, JsError> {
        Ok(JsModel::wrap(
            learn::Model::from_json_with(text, &js_f64).map_err(err)?,
        ))
    }

    /// The spec in use, every field filled.
    #[wasm_bindgen(unchecked_return_type = "ModelSpec")]
    pub fn spec(&self) -> JsValue {
        js_sys::JSON::parse(&self.inner.spec().to_json()).unwrap_or(JsValue::NULL)
    }

    /// Number of samples learnt.
    #[wasm_bindgen(getter)]
    pub fn n_learned(&self) -> f64 {
        self.inner.n_learned() as f64
    }

    /// Number of feature keys in the vocabulary.
    #[wasm_bindgen(getter)]
    pub fn n_features(&self) -> u32 {
        self.inner.n_features() as u32
    }

    /// The `k` largest weights by magnitude: `[key, weight][]` (`k` a whole number ≥ 0).
    #[wasm_bindgen(unchecked_return_type = "Array<[string, number]>")]
    pub fn top_weights(&self, k: f64) -> Result<Array, JsError> {
        // Taken as f64: wasm-bindgen's `u32` would wrap -1 to "all of them". A static message
        // (the lean entry has no number formatting to spare).
        if !(k >= 0.0 && k.fract() == 0.0) {
            return Err(JsError::new(
                "top_weights: k must be a whole number of weights, 0 or more",
            ));
        }
        Ok(self
            .inner
            .top_weights(k as usize)
            .into_iter()
            .map(|(n, w)| {
                let pair = Array::new();
                pair.push(&JsValue::from_str(&n));
                pair.push(&JsValue::from_f64(w));
                JsValue::from(pair)
            })
            .collect())
    }

    /// Fast path: fixes a feature order, numeric keys then one-hot keys (`name=value`), for
    /// `predict_dense` / `learn_dense` (a `Float64Array` of that length; NaN = absent).
    pub fn set_layout(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] numeric: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string[]")] one_hot: JsValue,
    ) -> Result<u32, JsError> {
        let one_hot = match one_hot.is_undefined() || one_hot.is_null() {
            true => Vec::new(),
            false => read_strings(&one_hot, "one_hot")?,
        };
        let numeric = read_strings(&numeric, "numeric")?;
        let mut keys: Vec<(String, bool)> = numeric.into_iter().map(|k| (k, false)).collect();
        keys.extend(one_hot.into_iter().map(|k| (k, true)));
        let layout = self.inner.register_layout(&keys).map_err(err)?;
        let n = layout.len() as u32;
        self.layout = Some(layout);
        Ok(n)
    }

    /// Predicts from values in the registered layout (a classifier: P(true)).
    pub fn predict_dense(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] values: JsValue,
    ) -> Result<f64, JsError> {
        let layout = self.layout.as_ref().ok_or_else(no_layout)?;
        match self.fast.try_borrow_mut() {
            Ok(mut b) => {
                copy_f64(&values, "values", &mut b.dense)?;
                self.inner.predict_dense(layout, &b.dense).map_err(err)
            }
            Err(_) => {
                let mut v = Vec::new();
                copy_f64(&values, "values", &mut v)?;
                self.inner.predict_dense(layout, &v).map_err(err)
            }
        }
    }

    /// Learns from values in the registered layout.
    pub fn learn_dense(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] values: JsValue,
        y: JsValue,
    ) -> Result<(), JsError> {
        let y = read_target(&y, self.inner.is_classifier())?;
        let layout = self.layout.as_ref().ok_or_else(no_layout)?;
        let b = self.fast.get_mut();
        copy_f64(&values, "values", &mut b.dense)?;
        self.inner.learn_dense(layout, &b.dense, y).map_err(err)
    }
}

/// Batches: the core's `learn_many` / `predict_many` (checked whole, then learnt in order:
/// bit for bit what looping the single calls gives); this face only converts. In `rivulet/full`
/// only (cargo feature `batch`): they cost ~5 KB gzipped, past the lean entry's 64 KiB budget.
#[cfg(feature = "batch")]
#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// Learns `(xs[i], ys[i])` for each `i`, in order: the same model, bit for bit, as
    /// `learn_one` in a loop. Every sample is checked first: bad input throws an `Error` that
    /// names the sample (`sample 3: feature 'hour': is NaN`) and nothing is learnt.
    pub fn learn_many(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Features[]")] xs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ArrayLike<number | boolean> | Float64Array")]
        ys: JsValue,
    ) -> Result<(), JsError> {
        let xs = read_batch(&xs)?;
        let ys = read_targets(&ys, self.inner.is_classifier())?;
        if xs.length() as usize != ys.len() {
            return Err(JsError::new(&format!(
                "target: {} samples but {} targets",
                xs.length(),
                ys.len()
            )));
        }
        // Fast path: every sample's keys cached (so all in the vocabulary): interned features.
        // The target is checked above; the encoder only needs a valid one to say "learn".
        let b = self.fast.get_mut();
        let some_target = JsValue::from_f64(0.0);
        let (mut flat, mut ends) = (Vec::new(), Vec::with_capacity(ys.len()));
        let mut fast = true;
        for x in xs.iter() {
            match encode(&self.cache, &self.inner, &x, Some(&some_target), b) {
                Fast::Ready(_) => {
                    flat.extend_from_slice(&b.x);
                    ends.push(flat.len());
                }
                Fast::Slow => {
                    fast = false;
                    break;
                }
            }
        }
        if fast {
            let mut start = 0;
            let samples: Vec<&[learn::Feature]> = ends
                .iter()
                .map(|&end| {
                    let s = &flat[start..end];
                    start = end;
                    s
                })
                .collect();
            return self.inner.learn_many_ids(&samples, &ys).map_err(err);
        }
        let mut owned = Vec::with_capacity(ys.len());
        for (i, x) in xs.iter().enumerate() {
            owned.push(read_features(&x).map_err(|e| in_sample(i, e))?);
        }
        let borrowed: Vec<_> = owned.iter().map(|x| borrow(x)).collect();
        self.inner.learn_many(&borrowed, &ys).map_err(err)?;
        for x in &owned {
            self.remember(x, true);
        }
        Ok(())
    }

    /// `predict_one` on each sample, in order (a classifier: labels, 1 / 0). No side effects.
    pub fn predict_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Features[]")] xs: JsValue,
    ) -> Result<Float64Array, JsError> {
        let xs = read_batch(&xs)?;
        let out = Float64Array::new_with_length(xs.length());
        for (i, x) in xs.iter().enumerate() {
            out.set_index(i as u32, self.predict_one(x).map_err(|e| in_sample(i, e))?);
        }
        Ok(out)
    }

    /// Learns dense rows in the registered layout (`set_layout`): `rows` holds `ys.length` rows
    /// of the layout's length one after another (NaN = absent). The same model, bit for bit, as
    /// `learn_dense` on each row; every row is checked first (an error names the row, nothing
    /// is learnt).
    pub fn learn_many_dense(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] rows: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] ys: JsValue,
    ) -> Result<(), JsError> {
        let layout = self.layout.as_ref().ok_or_else(no_layout)?;
        let b = self.fast.get_mut();
        let mut targets = Vec::new();
        copy_f64(&ys, "ys", &mut targets)?;
        copy_f64(&rows, "rows", &mut b.dense)?;
        self.inner
            .learn_many_dense(layout, &b.dense, &targets)
            .map_err(err)
    }

    /// `predict_dense` on each row of `rows` (whole rows in the registered layout; a
    /// classifier: P(true)).
    pub fn predict_many_dense(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array")] rows: JsValue,
    ) -> Result<Float64Array, JsError> {
        let layout = self.layout.as_ref().ok_or_else(no_layout)?;
        let mut values = Vec::new();
        copy_f64(&rows, "rows", &mut values)?;
        let out = self
            .inner
            .predict_many_dense(layout, &values)
            .map_err(err)?;
        Ok(Float64Array::from(out.as_slice()))
    }
}

/// Merging (the core's `Model::merge`: running statistics by Chan's formulas, weights and
/// optimizer state by count-weighted averaging); this face reads each model through its
/// `serialize()`, so the JS objects stay usable. In `rivulet/full` only (cargo feature `merge`).
#[cfg(feature = "merge")]
#[wasm_bindgen(js_class = Model)]
impl JsModel {
    /// One model from several with the same spec, learnt apart (docs/npm-package.md,
    /// "Merging"): `linear` regressors, or `logistic` classifiers (a classifier merges into a
    /// classifier). Different specs, another model type, a `normal` initializer, or a key that
    /// is a number in one model and a one-hot key in another throw an `Error` saying why.
    pub fn merge(
        #[wasm_bindgen(unchecked_param_type = "Model[]")] models: JsValue,
    ) -> Result<JsModel, JsError> {
        let models = read_models(&models)?;
        let mut inner = Vec::with_capacity(models.len());
        for (i, m) in models.iter().enumerate() {
            let not_a_model = || JsError::new(&format!("models[{i}] is not a Model"));
            let text = model_text(m).ok_or_else(not_a_model)?;
            inner.push(learn::Model::from_json_with(&text, &js_f64).map_err(err)?);
        }
        let refs: Vec<&learn::Model> = inner.iter().collect();
        Ok(JsModel::wrap(learn::Model::merge(&refs).map_err(err)?))
    }
}

impl JsModel {
    fn learn_slow(&mut self, x: &JsValue, y: &JsValue) -> Result<(), JsError> {
        let owned = read_features(x)?;
        let y = read_target(y, self.inner.is_classifier())?;
        let r = self.inner.learn_one(&borrow(&owned), y).map_err(err);
        self.remember(&owned, true);
        r
    }
}

fn no_layout() -> JsError {
    JsError::new("no layout: call set_layout(numeric, one_hot) first")
}

impl JsModel {
    /// The core model, for other wasm classes built on it.
    pub fn inner(&self) -> &learn::Model {
        &self.inner
    }
}
