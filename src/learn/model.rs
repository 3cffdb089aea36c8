//! The public facade: a spec, a vocabulary of feature names and a pipeline.

use super::compose::Pipeline;
use super::error::{LearnError, Result};
use super::preprocessing::one_hot_key;
use super::spec::Spec;
use super::{Feature, FeatureValue};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The `format` field of a serialized model.
pub const FORMAT: &str = "rivulet-model";
/// The schema version this build writes (and the newest it reads).
pub const VERSION: u32 = 1;

/// An online regression model on named features: `predict_one`, `learn_one`, `to_json`.
///
/// Features are `(name, value)` pairs: a number, or a string (one-hot encoded as the key
/// `name=value` with value 1). Names are interned to ids the first time `learn_one` sees them;
/// at predict time unknown names are ignored (their weight is 0 — River gives the same result).
///
/// ```
/// use rivulet::learn::{FeatureValue::{Cat, Num}, Model, Spec};
/// let mut m = Model::new(Spec::default()).unwrap();
/// let x = [("blue_champ_157", Num(1.0)), ("hour", Num(21.5)), ("mode", Cat("ARAM"))];
/// assert_eq!(m.predict_one(&x).unwrap(), 0.0);
/// m.learn_one(&x, 1834.0).unwrap();
/// m.learn_one(&x, 1700.0).unwrap();
/// let text = m.to_json().unwrap();
/// let same = Model::from_json(&text).unwrap();
/// assert_eq!(same.predict_one(&x).unwrap(), m.predict_one(&x).unwrap());
/// assert_eq!(same.to_json().unwrap(), text);
/// assert!(m.learn_one(&[("hour", Num(f64::NAN))], 1.0).unwrap_err().to_string().contains("hour"));
/// ```
#[derive(Debug, Clone)]
pub struct Model {
    spec: Spec,
    names: Vec<String>,
    index: HashMap<String, u32>,
    categorical: Vec<bool>,
    pipeline: Pipeline,
    n_learned: u64,
    x: Vec<Feature>,
    fresh: Vec<(String, bool)>,
}

/// A registered feature layout for the fast path: values come in a fixed order, as a dense
/// `&[f64]` (NaN = absent), with no name lookups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    ids: Vec<u32>,
}

impl Layout {
    /// Number of features in the layout.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the layout is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: String,
    version: u32,
    spec: Spec,
    n_learned: u64,
    features: Vec<String>,
    categorical: Vec<u32>,
    state: serde_json::Value,
}

fn bad_feature(name: &str, reason: impl Into<String>) -> LearnError {
    LearnError::BadFeature {
        name: name.to_string(),
        reason: reason.into(),
    }
}

fn check_value(name: &str, v: f64) -> Result<()> {
    if v.is_nan() {
        Err(bad_feature(name, "is NaN"))
    } else if v.is_infinite() {
        Err(bad_feature(
            name,
            if v > 0.0 {
                "is Infinity"
            } else {
                "is -Infinity"
            },
        ))
    } else {
        Ok(())
    }
}

impl Default for Model {
    fn default() -> Self {
        // The default spec always builds.
        Model::new(Spec::default()).unwrap_or_else(|_| unreachable!())
    }
}

impl Model {
    /// A fresh model for `spec` (validated).
    pub fn new(spec: Spec) -> Result<Model> {
        let pipeline = spec.build()?;
        Ok(Model {
            spec,
            names: Vec::new(),
            index: HashMap::new(),
            categorical: Vec::new(),
            pipeline,
            n_learned: 0,
            x: Vec::new(),
            fresh: Vec::new(),
        })
    }

    /// A fresh model from a JSON spec (`""`, `"null"` or `"{}"` give the default).
    pub fn from_spec_json(text: &str) -> Result<Model> {
        let t = text.trim();
        if t.is_empty() || t == "null" {
            return Model::new(Spec::default());
        }
        Model::new(Spec::from_json(t)?)
    }

    /// The spec.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// Number of `learn_one` calls that succeeded.
    pub fn n_learned(&self) -> u64 {
        self.n_learned
    }

    /// Number of features (keys) in the vocabulary.
    pub fn n_features(&self) -> usize {
        self.names.len()
    }

    /// The pipeline (for inspection).
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// The id of a key (`name`, or `name=value` for a categorical), if known.
    pub fn feature_id(&self, key: &str) -> Option<u32> {
        self.index.get(key).copied()
    }

    /// The key of an id.
    pub fn feature_name(&self, id: u32) -> Option<&str> {
        self.names.get(id as usize).map(String::as_str)
    }

    /// Maps `x` to interned features. Unknown keys are skipped (predict) or queued in
    /// `self.fresh` with provisional ids (learn). Nothing is committed here.
    fn resolve<S: AsRef<str>>(
        &self,
        x: &[(S, FeatureValue<'_>)],
        learn: bool,
        out: &mut Vec<Feature>,
        fresh: &mut Vec<(String, bool)>,
    ) -> Result<()> {
        out.clear();
        fresh.clear();
        for (name, v) in x {
            let name = name.as_ref();
            let key_buf: String;
            let (key, value, cat): (&str, f64, bool) = match v {
                FeatureValue::Num(f) => {
                    check_value(name, *f)?;
                    (name, *f, false)
                }
                FeatureValue::Cat(c) => {
                    key_buf = one_hot_key(name, c);
                    (key_buf.as_str(), 1.0, true)
                }
            };
            let id = match self.index.get(key) {
                Some(&id) => {
                    if self.categorical[id as usize] != cat {
                        let was = if cat { "a number" } else { "a string" };
                        return Err(bad_feature(
                            name,
                            format!("key '{key}' was learnt as {was} and cannot change type"),
                        ));
                    }
                    id
                }
                None if learn => match fresh.iter().position(|(k, _)| k == key) {
                    Some(p) => (self.names.len() + p) as u32,
                    None => {
                        if self.names.len() + fresh.len() >= u32::MAX as usize {
                            return Err(bad_feature(name, "too many features"));
                        }
                        fresh.push((key.to_string(), cat));
                        (self.names.len() + fresh.len() - 1) as u32
                    }
                },
                None => continue,
            };
            out.push((id, value));
        }
        check_duplicates(out, |id| {
            self.names
                .get(id as usize)
                .cloned()
                .or_else(|| {
                    fresh
                        .get(id as usize - self.names.len())
                        .map(|f| f.0.clone())
                })
                .unwrap_or_default()
        })
    }

    /// Predicts the target of `x`. No side effects.
    pub fn predict_one<S: AsRef<str>>(&self, x: &[(S, FeatureValue<'_>)]) -> Result<f64> {
        let mut ids = Vec::with_capacity(x.len());
        let mut fresh = Vec::new();
        self.resolve(x, false, &mut ids, &mut fresh)?;
        Ok(self.pipeline.predict_one(&ids, &self.categorical))
    }

    /// Learns from `(x, y)`. Bad input (non-finite value or target, a key changing type, a key
    /// given twice) is an error naming the feature and changes nothing.
    pub fn learn_one<S: AsRef<str>>(&mut self, x: &[(S, FeatureValue<'_>)], y: f64) -> Result<()> {
        check_target(y)?;
        let mut ids = std::mem::take(&mut self.x);
        let mut fresh = std::mem::take(&mut self.fresh);
        let r = self.resolve(x, true, &mut ids, &mut fresh);
        let r = r.and_then(|_| {
            for (key, cat) in fresh.drain(..) {
                self.push_key(key, cat);
            }
            self.learn_interned(&ids, y)
        });
        self.x = ids;
        self.fresh = fresh;
        r
    }

    fn push_key(&mut self, key: String, cat: bool) -> u32 {
        let id = self.names.len() as u32;
        self.index.insert(key.clone(), id);
        self.names.push(key);
        self.categorical.push(cat);
        id
    }

    fn learn_interned(&mut self, x: &[Feature], y: f64) -> Result<()> {
        self.pipeline.learn_one(x, y, &self.categorical)?;
        self.n_learned += 1;
        Ok(())
    }

    /// Registers a fixed feature order for [`Model::predict_dense`] / [`Model::learn_dense`]:
    /// each entry is a numeric feature name, or `name=value` with `categorical = true`.
    /// New names are added to the vocabulary.
    pub fn register_layout<S: AsRef<str>>(&mut self, keys: &[(S, bool)]) -> Result<Layout> {
        let mut ids = Vec::with_capacity(keys.len());
        for (k, cat) in keys {
            let k = k.as_ref();
            if let Some(&id) = self.index.get(k) {
                if self.categorical[id as usize] != *cat {
                    return Err(bad_feature(k, "registered with a different type"));
                }
            }
        }
        for (k, cat) in keys {
            let k = k.as_ref();
            let id = match self.index.get(k) {
                Some(&id) => id,
                None => self.push_key(k.to_string(), *cat),
            };
            if ids.contains(&id) {
                return Err(bad_feature(k, "appears twice in the layout"));
            }
            ids.push(id);
        }
        Ok(Layout { ids })
    }

    fn dense(&self, layout: &Layout, values: &[f64], out: &mut Vec<Feature>) -> Result<()> {
        if values.len() != layout.ids.len() {
            return Err(LearnError::BadFeature {
                name: "(layout)".into(),
                reason: format!("expected {} values, got {}", layout.ids.len(), values.len()),
            });
        }
        out.clear();
        for (&id, &v) in layout.ids.iter().zip(values) {
            if v.is_nan() {
                continue; // absent
            }
            if id as usize >= self.names.len() {
                return Err(bad_feature("(layout)", "layout belongs to another model"));
            }
            check_value(&self.names[id as usize], v)?;
            out.push((id, v));
        }
        Ok(())
    }

    /// Predicts from dense values in a registered layout (NaN = absent feature).
    pub fn predict_dense(&self, layout: &Layout, values: &[f64]) -> Result<f64> {
        let mut x = Vec::with_capacity(values.len());
        self.dense(layout, values, &mut x)?;
        Ok(self.pipeline.predict_one(&x, &self.categorical))
    }

    /// Learns from dense values in a registered layout (NaN = absent feature).
    pub fn learn_dense(&mut self, layout: &Layout, values: &[f64], y: f64) -> Result<()> {
        check_target(y)?;
        let mut x = std::mem::take(&mut self.x);
        let r = self
            .dense(layout, values, &mut x)
            .and_then(|_| self.learn_interned(&x, y));
        self.x = x;
        r
    }

    /// The `k` weights of largest magnitude with their keys, largest first (ties by key).
    /// Weights live in the model's space (after scaling).
    pub fn top_weights(&self, k: usize) -> Vec<(String, f64)> {
        let mut w: Vec<(String, f64)> = self
            .pipeline
            .regressor()
            .weights()
            .into_iter()
            .filter_map(|(id, w)| self.feature_name(id).map(|n| (n.to_string(), w)))
            .collect();
        w.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then_with(|| a.0.cmp(&b.0)));
        w.truncate(k);
        w
    }

    /// Serializes the whole model (spec, vocabulary, statistics, weights, optimizer state).
    /// Every f64 round-trips exactly, and `from_json(to_json())` re-serializes byte-identically.
    pub fn to_json(&self) -> Result<String> {
        let file = File {
            format: FORMAT.to_string(),
            version: VERSION,
            spec: self.spec.clone(),
            n_learned: self.n_learned,
            features: self.names.clone(),
            categorical: (0..self.names.len() as u32)
                .filter(|&i| self.categorical[i as usize])
                .collect(),
            state: self.pipeline.state(),
        };
        let text = serde_json::to_string(&file)
            .map_err(|e| LearnError::Diverged(format!("cannot serialize: {e}")))?;
        if text.contains("null") {
            // serde_json writes a non-finite f64 as null; a healthy state has no null but the
            // optional target scaler, which is written only when absent.
            Model::from_json(&text).map_err(|e| {
                LearnError::Diverged(format!("the model state is not finite ({e})"))
            })?;
        }
        Ok(text)
    }

    /// Restores a model from [`Model::to_json`]'s output, checking the format, the version,
    /// every field and every number.
    pub fn from_json(text: &str) -> Result<Model> {
        let v: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| LearnError::BadState(format!("not JSON: {e}")))?;
        let obj = v
            .as_object()
            .ok_or_else(|| LearnError::BadState("expected a JSON object".into()))?;
        match obj.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(LearnError::BadState(format!(
                    "format is '{other}', expected '{FORMAT}'"
                )))
            }
            None => return Err(LearnError::BadState("missing field `format`".into())),
        }
        match obj.get("version").and_then(|f| f.as_u64()) {
            Some(n) if n > u64::from(VERSION) => {
                return Err(LearnError::BadState(format!(
                    "version {n} is newer than this rivulet supports ({VERSION})"
                )))
            }
            Some(0) => return Err(LearnError::BadState("version 0 does not exist".into())),
            Some(_) => {}
            None => {
                return Err(LearnError::BadState(
                    "missing or invalid field `version`".into(),
                ))
            }
        }
        let file: File =
            serde_json::from_value(v).map_err(|e| LearnError::BadState(e.to_string()))?;
        file.spec
            .validate()
            .map_err(|e| LearnError::BadState(format!("spec: {e}")))?;
        let mut m = Model::new(file.spec)?;
        for key in file.features {
            if m.index.contains_key(&key) {
                return Err(LearnError::BadState(format!(
                    "feature '{key}' appears twice in `features`"
                )));
            }
            m.push_key(key, false);
        }
        let mut last = None;
        for id in file.categorical {
            if last.is_some_and(|l| id <= l) || id as usize >= m.names.len() {
                return Err(LearnError::BadState(format!(
                    "`categorical` must list increasing feature ids, got {id}"
                )));
            }
            m.categorical[id as usize] = true;
            last = Some(id);
        }
        m.pipeline.load_state(file.state, m.names.len())?;
        m.n_learned = file.n_learned;
        Ok(m)
    }
}

fn check_target(y: f64) -> Result<()> {
    if y.is_finite() {
        Ok(())
    } else {
        Err(LearnError::BadTarget(format!(
            "must be a finite number, got {y}"
        )))
    }
}

/// Rejects a feature id given twice in one sample.
fn check_duplicates(x: &[Feature], name: impl Fn(u32) -> String) -> Result<()> {
    if x.len() < 2 {
        return Ok(());
    }
    if x.len() <= 32 {
        for (i, a) in x.iter().enumerate() {
            if x[i + 1..].iter().any(|b| b.0 == a.0) {
                return Err(bad_feature(&name(a.0), "is given twice"));
            }
        }
        return Ok(());
    }
    let mut ids: Vec<u32> = x.iter().map(|f| f.0).collect();
    ids.sort_unstable();
    match ids.windows(2).find(|w| w[0] == w[1]) {
        Some(w) => Err(bad_feature(&name(w[0]), "is given twice")),
        None => Ok(()),
    }
}
