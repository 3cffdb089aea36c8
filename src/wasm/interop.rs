//! Every JS ⇄ Rust conversion of the wasm face, and its one error mapping: JS values in
//! (feature objects, targets, batches, typed arrays, number text) become core types, core
//! errors become JS `Error`s. The classes (`model.rs`, `classify.rs`, `storage.rs`) only call
//! these and the core.

use crate::learn::json::Float;
use crate::learn::FeatureValue;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Any core error (or message) as a JS `Error` with that message.
pub(crate) fn err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// The number parser for `learn::json` (spec and model text): the JS engine's `parseFloat`, so
/// the module carries no copy of core's float parsing (its code and 10 KB power-of-five table).
/// It only sees RFC 8259 number text, where `parseFloat` equals `Number()`; ECMAScript rounds
/// correctly up to 20 significant digits (the writer emits at most 17) and V8 always does.
/// `1e400` gives `Infinity`, which the parser refuses as out of range.
pub(crate) fn js_f64(text: &str) -> Option<f64> {
    Some(js_sys::parse_float(text))
}

/// Owned feature values read from a JS object (strings must outlive the borrowed slice).
pub(crate) enum Owned {
    Num(f64),
    Cat(String),
}

// Typed arrays and batch arrays as the face reads them, checked in JS under `try`, so that
// whatever the caller passed (null, a Proxy whose traps throw, an object whose `length`
// getter throws) no exception crosses the wasm frames (which would leave the model borrowed).
// A `Float64Array` is recognised, and measured, by the engine's own getters for typed arrays
// (internal slots: no user code runs, nothing is allocated); a batch array is copied
// (`Array.from`), so its elements are read once, under `try`.
#[wasm_bindgen(inline_js = "
const TA = Object.getPrototypeOf(Float64Array.prototype);
const taName = Object.getOwnPropertyDescriptor(TA, Symbol.toStringTag).get;
const taLength = Object.getOwnPropertyDescriptor(TA, 'length').get;
export function rv_f64_len(v) {
  try { return taName.call(v) === 'Float64Array' ? taLength.call(v) : -1; } catch (_) { return -1; }
}
export function rv_f64_read(v, dst) {
  try { dst.set(v); return true; } catch (_) { return false; }
}
export function rv_array(v) {
  try { return Array.isArray(v) ? Array.from(v) : null; } catch (_) { return null; }
}
")]
extern "C" {
    fn rv_f64_len(v: &JsValue) -> f64;
    // js-sys's `copy_to` asks the array its `length` (a subclass may lie or throw): this is the
    // same `set`, into a buffer of the true length, and caught.
    fn rv_f64_read(v: &JsValue, dst: &mut [f64]) -> bool;
    fn rv_array(v: &JsValue) -> Option<Array>;
}

/// `v`, a `Float64Array`, copied into `out` (reused: no allocation once it is large enough), or
/// an error naming the argument `name`.
#[inline(never)] // one copy for the four dense methods (the lean entry's size budget)
pub(crate) fn copy_f64(v: &JsValue, name: &str, out: &mut Vec<f64>) -> Result<(), JsError> {
    let len = rv_f64_len(v);
    if len < 0.0 {
        return Err(JsError::new(&format!("{name} must be a Float64Array")));
    }
    out.resize(len as usize, 0.0);
    if rv_f64_read(v, out) {
        Ok(())
    } else {
        Err(JsError::new(&format!("{name} could not be read")))
    }
}

#[wasm_bindgen]
extern "C" {
    // `Array.isArray` and `Object.keys` throw on a revoked Proxy, and run a live one's traps:
    // caught, so that no exception crosses the wasm frames (which would leave the model borrowed).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn try_is_array(x: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn try_keys(x: &JsValue) -> Result<Array, JsValue>;
}

pub(crate) fn read_features(x: &JsValue) -> Result<Vec<(String, Owned)>, JsError> {
    let not_plain =
        || JsError::new("x must be a plain object of features (name → number or string)");
    if !x.is_object() || x.is_null() || try_is_array(x).unwrap_or(true) {
        return Err(not_plain());
    }
    let obj: &Object = x.unchecked_ref();
    let keys = try_keys(x).map_err(|_| JsError::new("x: its keys could not be read"))?;
    let mut out = Vec::with_capacity(keys.length() as usize);
    for key in keys.iter() {
        let name = key.as_string().unwrap_or_default();
        let v = Reflect::get(obj, &key)
            .map_err(|_| JsError::new(&format!("feature '{name}': could not be read")))?;
        let value = if let Some(f) = v.as_f64() {
            Owned::Num(f)
        } else if let Some(s) = v.as_string() {
            Owned::Cat(s)
        } else {
            let kind = v.js_typeof().as_string().unwrap_or_default();
            let kind = if v.is_null() {
                "null".to_string()
            } else {
                kind
            };
            return Err(JsError::new(&format!(
                "feature '{name}': value must be a number or a string, got {kind}"
            )));
        };
        out.push((name, value));
    }
    Ok(out)
}

pub(crate) fn borrow(x: &[(String, Owned)]) -> Vec<(&str, FeatureValue<'_>)> {
    x.iter()
        .map(|(n, v)| {
            (
                n.as_str(),
                match v {
                    Owned::Num(f) => FeatureValue::Num(*f),
                    Owned::Cat(s) => FeatureValue::Cat(s.as_str()),
                },
            )
        })
        .collect()
}

/// The target: a finite number, or for a classifier (`classifier`) a boolean label (the
/// learner checks that a number is 0 or 1).
pub(crate) fn read_target(y: &JsValue, classifier: bool) -> Result<f64, JsError> {
    if classifier {
        if let Some(b) = y.as_bool() {
            return Ok(f64::from(u8::from(b)));
        }
        if let Some(v) = y.as_f64() {
            return Ok(v); // the learner checks that it is 0 or 1
        }
    }
    match y.as_f64() {
        Some(v) if v.is_finite() => Ok(v),
        Some(v) => Err(JsError::new(&format!(
            "target: must be a finite number, got {}",
            Float(v)
        ))),
        None if classifier => Err(JsError::new(
            "target: a classifier's label must be true / false (or 1 / 0)",
        )),
        None => Err(JsError::new("target: must be a number")),
    }
}

/// An array of strings (`name`: the argument, for the error), read through a shallow copy.
pub(crate) fn read_strings(v: &JsValue, name: &str) -> Result<Vec<String>, JsError> {
    let bad = || JsError::new(&format!("{name} must be an array of strings"));
    let a = rv_array(v).ok_or_else(bad)?;
    a.iter().map(|k| k.as_string().ok_or_else(bad)).collect()
}

/// The models given to `Model.merge`: an array (read through a shallow copy).
#[cfg(feature = "merge")]
pub(crate) fn read_models(v: &JsValue) -> Result<Vec<JsValue>, JsError> {
    let a = rv_array(v).ok_or_else(|| JsError::new("models must be an array of Models"))?;
    Ok(a.iter().collect())
}

/// `xs` of a batch: an array (read through a shallow copy).
#[cfg(feature = "batch")]
pub(crate) fn read_batch(xs: &JsValue) -> Result<Array, JsError> {
    rv_array(xs).ok_or_else(|| JsError::new("xs must be an array of feature objects"))
}

/// The targets of a batch: a `Float64Array`, or an array of what `learn_one` takes.
#[cfg(feature = "batch")]
pub(crate) fn read_targets(ys: &JsValue, classifier: bool) -> Result<Vec<f64>, JsError> {
    let mut out = Vec::new();
    if rv_f64_len(ys) >= 0.0 {
        copy_f64(ys, "ys", &mut out)?;
        return Ok(out);
    }
    let Some(ys) = rv_array(ys) else {
        return Err(JsError::new(
            "ys must be an array or a Float64Array of targets",
        ));
    };
    out.reserve(ys.length() as usize);
    for (i, y) in ys.iter().enumerate() {
        out.push(read_target(&y, classifier).map_err(|e| in_sample(i, e))?);
    }
    Ok(out)
}

/// An optional whole-number argument `what` (a count or a size: `"ADWIN: clock"`): `default`
/// when left out (`undefined` or `null`), else a whole number from 0 to `u32::MAX` (the core
/// checks its own ranges). The face takes these as `f64` because wasm-bindgen's `u32`
/// would wrap `-1` to 4294967295.
#[cfg(feature = "classify-tools")]
pub(crate) fn whole(what: &str, v: Option<f64>, default: u32) -> Result<u32, JsError> {
    let Some(v) = v else {
        return Ok(default);
    };
    if v.fract() == 0.0 && v >= 0.0 && v <= f64::from(u32::MAX) {
        return Ok(v as u32);
    }
    // The value as JS would print it: `-1`, not Rust's `-1.0`.
    let got = js_sys::Number::from(v)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default();
    Err(JsError::new(&format!(
        "{what} must be a whole number from 0 to {}, got {got}",
        u32::MAX
    )))
}

/// `e`, said of sample `i` of a batch (as the core's `LearnError::in_sample`).
#[cfg(feature = "batch")]
pub(crate) fn in_sample(i: usize, e: JsError) -> JsError {
    let e = JsValue::from(e);
    let message = Reflect::get(&e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    JsError::new(&format!("sample {i}: {message}"))
}

/// An explanation as the JS object `Explanation` (src/wasm/model.rs's TypeScript section).
#[cfg(feature = "explain")]
pub(crate) fn explanation_to_js(e: &crate::learn::Explanation) -> JsValue {
    let set = |o: &Object, k: &str, v: &JsValue| {
        let _ = Reflect::set(o, &JsValue::from_str(k), v);
    };
    let num = JsValue::from_f64;
    let features: Array = e
        .features
        .iter()
        .map(|c| {
            let o = Object::new();
            set(&o, "feature", &JsValue::from_str(&c.feature));
            set(&o, "value", &num(c.value));
            set(&o, "scaled", &num(c.scaled));
            set(&o, "weight", &num(c.weight));
            set(&o, "contribution", &num(c.contribution));
            set(&o, "interaction", &num(c.interaction));
            JsValue::from(o)
        })
        .collect();
    let o = Object::new();
    set(&o, "intercept", &num(e.intercept));
    set(&o, "features", &features);
    set(&o, "prediction", &num(e.prediction));
    if let Some(z) = e.logit {
        set(&o, "logit", &num(z));
    }
    o.into()
}

/// The text of a JS `Model` (any object with a `serialize()` that returns a string): how a
/// model from another copy of the module, or another entry, crosses over. `None` otherwise.
#[cfg(feature = "merge")]
pub(crate) fn model_text(m: &JsValue) -> Option<String> {
    Reflect::get(m, &JsValue::from_str("serialize"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())?
        .call0(m)
        .ok()?
        .as_string()
}
