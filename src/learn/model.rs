//! The public facade: a spec, a vocabulary of feature names and a pipeline.

use super::compose::Pipeline;
use super::error::{LearnError, Result};
use super::json::{core_f64, ParseF64};
use super::key_index::{Key, KeyIndex};
use super::spec::Spec;
use super::{Feature, FeatureValue};

mod batch;
mod dense;
mod interned;
mod merge;
mod resolve;
mod resolved;
mod save;

pub use dense::Layout;
pub use resolve::one_hot_key;
use resolve::{changed_type, check_target, with_scratch, Scratch};
use resolved::Identity;
pub use resolved::Resolved;

/// The `format` field of a serialized model.
pub const FORMAT: &str = "rivulet-model";
/// The schema version this build writes (and the newest it reads).
pub const VERSION: u32 = 1;

/// An online model on named features: `predict_one`, `learn_one`, `to_json`. A regressor by
/// default; a binary classifier with a `logistic` spec (see [`Model::is_classifier`]): its
/// targets are labels (1 / 0) and its predictions `P(true)` ([`Model::predict_proba_one`]).
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
    index: KeyIndex,
    categorical: Vec<bool>,
    pipeline: Pipeline,
    n_learned: u64,
    /// Whether the model is a binary classifier (targets are labels, predictions P(true)).
    classifier: bool,
    scratch: Scratch,
    /// Who this model is, for the [`Resolved`] tokens it hands out (a clone is someone else).
    identity: Identity,
}

#[cold]
fn not_a_classifier() -> LearnError {
    LearnError::BadSpec(
        "predict_proba_one needs a classifier: {\"model\": {\"type\": \"logistic\"}}".into(),
    )
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
            classifier: pipeline.regressor().is_classifier(),
            spec,
            names: Vec::new(),
            index: KeyIndex::default(),
            categorical: Vec::new(),
            pipeline,
            n_learned: 0,
            scratch: Scratch::default(),
            identity: Identity::new(),
        })
    }

    /// A fresh model from a JSON spec (`""`, `"null"` or `"{}"` give the default).
    pub fn from_spec_json(text: &str) -> Result<Model> {
        Model::from_spec_json_with(text, &core_f64)
    }

    /// [`Model::from_spec_json`] with the JSON number parser given
    /// (see [`super::json::ParseF64`]).
    pub fn from_spec_json_with(text: &str, num: ParseF64<'_>) -> Result<Model> {
        let t = text.trim();
        if t.is_empty() || t == "null" {
            return Model::new(Spec::default());
        }
        Model::new(Spec::from_json_with(t, num)?)
    }

    /// The spec.
    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// Whether the model is a binary classifier (`{"model": {"type": "logistic"}}`):
    /// `predict_one` then gives `P(y = true)` and targets must be labels, 0 or 1.
    pub fn is_classifier(&self) -> bool {
        self.classifier
    }

    /// A classifier's `P(y = true | x)` (River's `predict_proba_one(x)[True]`); an error for a
    /// regressor.
    pub fn predict_proba_one<S: AsRef<str>>(&self, x: &[(S, FeatureValue<'_>)]) -> Result<f64> {
        if !self.classifier {
            return Err(not_a_classifier());
        }
        self.predict_one(x)
    }

    /// A classifier's predicted label, River's `predict_one`: `P(true | x) > 0.5`; an error
    /// for a regressor.
    pub fn predict_label_one<S: AsRef<str>>(&self, x: &[(S, FeatureValue<'_>)]) -> Result<bool> {
        self.predict_proba_one(x).map(|p| p > 0.5)
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
        self.index.get(key)
    }

    /// Whether the key of an id is a one-hot key (`name=value`); false for unknown ids.
    pub fn is_categorical(&self, id: u32) -> bool {
        self.categorical.get(id as usize).copied().unwrap_or(false)
    }

    /// The key of an id.
    pub fn feature_name(&self, id: u32) -> Option<&str> {
        self.names.get(id as usize).map(String::as_str)
    }

    /// Predicts the target of `x` (a classifier: `P(true)`). No side effects: the buffers it
    /// resolves `x` into are reused, but nothing in them outlives the call. (Progressive
    /// validation that predicts then learns each sample resolves it once with
    /// [`Model::predict_learn_one`].)
    pub fn predict_one<S: AsRef<str>>(&self, x: &[(S, FeatureValue<'_>)]) -> Result<f64> {
        with_scratch(|s| {
            self.resolve_into(x, false, s)?;
            Ok(self.pipeline.predict_one(&s.ids, &self.categorical))
        })
    }

    #[cfg(feature = "explain")]
    /// Why `predict_one(x)` is what it is: the intercept plus, for each feature of `x` the model
    /// knows, its value, scaled value, weight and contribution in the units of the prediction
    /// (a classifier's: logit units, adding up to its logit). See [`super::explain`] for how
    /// exactly the parts add up. Bad input gives `predict_one`'s error; no side effects. A
    /// model without additive parts (the Mondrian forest) gives [`LearnError::Unsupported`].
    ///
    /// ```
    /// use rivulet::learn::{FeatureValue::{Cat, Num}, Model};
    /// let mut m = Model::default();
    /// for i in 0..200 {
    ///     let mode = if i % 3 == 0 { "ARAM" } else { "CLASSIC" };
    ///     let x = [("hour", Num(f64::from(i % 24))), ("mode", Cat(mode))];
    ///     m.learn_one(&x, if mode == "ARAM" { 1200.0 } else { 1900.0 }).unwrap();
    /// }
    /// let x = [("hour", Num(21.0)), ("mode", Cat("ARAM"))];
    /// let e = m.explain_one(&x).unwrap();
    /// assert_eq!(e.prediction.to_bits(), m.predict_one(&x).unwrap().to_bits());
    /// assert_eq!(e.features[1].feature, "mode=ARAM");
    /// assert!(e.features[1].contribution < -100.0); // ARAM games are shorter
    /// let scale = e.intercept.abs() + e.features.iter().map(|c| c.contribution.abs()).sum::<f64>();
    /// assert!((e.sum() - e.prediction).abs() <= 1e-12 * scale);
    /// ```
    pub fn explain_one<S: AsRef<str>>(
        &self,
        x: &[(S, FeatureValue<'_>)],
    ) -> Result<super::Explanation> {
        let ids = with_scratch(|s| {
            self.resolve_into(x, false, s)?;
            Ok(s.ids.clone())
        })?;
        self.explain_interned(&ids)
    }

    #[cfg(feature = "explain")]
    /// [`Model::explain_one`] from already-interned features, checked as [`Model::predict_ids`].
    pub fn explain_ids(&self, x: &[Feature]) -> Result<super::Explanation> {
        with_scratch(|s| self.check_ids(x, s))?;
        self.explain_interned(x)
    }

    #[cfg(feature = "explain")]
    fn explain_interned(&self, ids: &[Feature]) -> Result<super::Explanation> {
        let (scaled, terms) = self
            .pipeline
            .explain(ids, &self.categorical)
            .ok_or_else(|| {
                LearnError::Unsupported(
                    "explain_one needs a model with additive parts (linear, logistic or fm); a \
                 forest's prediction is an average of trees, not a sum of per-feature parts"
                        .into(),
                )
            })?;
        let features = ids
            .iter()
            .zip(&scaled)
            .zip(&terms.parts)
            .map(|((&(id, value), &(_, scaled)), p)| super::Contribution {
                feature: self.names[id as usize].clone(),
                value,
                scaled,
                weight: p.weight,
                contribution: p.contribution,
                interaction: p.interaction,
            })
            .collect();
        let prediction = self.pipeline.predict_one(ids, &self.categorical);
        let mut e = super::Explanation {
            intercept: terms.intercept,
            features,
            prediction,
            logit: None,
        };
        if self.classifier {
            e.logit = Some(e.sum());
        }
        Ok(e)
    }

    /// Learns from `(x, y)`. Bad input (non-finite value or target, a classifier's label other
    /// than 0 / 1, a key changing type, a key given twice) is an error naming the feature or
    /// the target and changes nothing.
    pub fn learn_one<S: AsRef<str>>(&mut self, x: &[(S, FeatureValue<'_>)], y: f64) -> Result<()> {
        check_target(y, self.classifier)?;
        let mut s = std::mem::take(&mut self.scratch);
        let r = self.resolve_into(x, true, &mut s).and_then(|_| {
            for (key, cat) in s.fresh.drain(..) {
                self.push_key(key, cat);
            }
            self.learn_interned(&s.ids, y)
        });
        self.scratch = s;
        r
    }

    /// Progressive validation in one call: returns what `predict_one(x)` gives, then does
    /// `learn_one(x, y)`; the same numbers and errors as the two calls (tested bit for bit),
    /// with `x` resolved once. On an error nothing is learnt.
    ///
    /// ```
    /// use rivulet::learn::{FeatureValue::{Cat, Num}, Model};
    /// let (mut a, mut b) = (Model::default(), Model::default());
    /// for i in 0..50 {
    ///     let x = [("hour", Num(f64::from(i % 24))), ("mode", Cat(if i % 3 == 0 { "ARAM" } else { "CLASSIC" }))];
    ///     let y = 1800.0 + f64::from(i % 7) * 60.0;
    ///     let p = a.predict_one(&x).unwrap();
    ///     a.learn_one(&x, y).unwrap();
    ///     assert_eq!(b.predict_learn_one(&x, y).unwrap().to_bits(), p.to_bits());
    /// }
    /// assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    /// ```
    pub fn predict_learn_one<S: AsRef<str>>(
        &mut self,
        x: &[(S, FeatureValue<'_>)],
        y: f64,
    ) -> Result<f64> {
        check_target(y, self.classifier)?;
        let mut s = std::mem::take(&mut self.scratch);
        let r = self.resolve_into(x, true, &mut s).and_then(|_| {
            // Keys new to the vocabulary count as absent in the prediction (as in
            // `predict_one`, which skips them): predict on the known ids, in x's order.
            let known = self.names.len() as u32;
            let p = if s.fresh.is_empty() {
                self.pipeline.predict_one(&s.ids, &self.categorical)
            } else {
                let old: Vec<Feature> = s.ids.iter().copied().filter(|f| f.0 < known).collect();
                self.pipeline.predict_one(&old, &self.categorical)
            };
            for (key, cat) in s.fresh.drain(..) {
                self.push_key(key, cat);
            }
            self.learn_interned(&s.ids, y).map(|_| p)
        });
        self.scratch = s;
        r
    }

    fn push_key(&mut self, key: String, cat: bool) -> u32 {
        let id = self.index.push(&key, cat);
        debug_assert_eq!(id as usize, self.names.len());
        self.names.push(key);
        self.categorical.push(cat);
        id
    }

    fn learn_interned(&mut self, x: &[Feature], y: f64) -> Result<()> {
        self.pipeline.learn_one(x, y, &self.categorical)?;
        self.n_learned += 1;
        Ok(())
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
}

#[cfg(test)]
mod tests {
    #[test]
    fn learn_after_predict_gives_what_learn_alone_gives() {
        use crate::learn::{FeatureValue::Cat, FeatureValue::Num, Model};
        let modes = ["ARAM", "URF", "CLASSIC"];
        let sample = |k: usize| {
            let mut x = vec![
                (format!("champ_{}", k % 7), Num(1.0)),
                ("hour".to_string(), Num((k % 24) as f64)),
                (format!("count_{}", k % 3), Num((k % 5) as f64)),
            ];
            if k.is_multiple_of(4) {
                x.reverse(); // same keys, another order
            }
            x
        };
        let (mut a, mut a_ref) = (Model::default(), Model::default());
        let (mut b, mut b_ref) = (Model::default(), Model::default());
        for k in 0..300 {
            let x = sample(k);
            let mut xc: Vec<(&str, _)> = x.iter().map(|(n, v)| (n.as_str(), *v)).collect();
            xc.push(("mode", Cat(modes[k % 3])));
            let y = 1000.0 + k as f64;
            // a: predict x, then learn x (the ids are reused).
            assert_eq!(a.predict_one(&xc).unwrap(), a_ref.predict_one(&xc).unwrap());
            a.learn_one(&xc, y).unwrap();
            a_ref.learn_one(&xc, y).unwrap();
            // b, another vocabulary order: learns right after a's predict (foreign ids), and
            // after a predict of another sample of the same length (stale ids).
            let other = sample(k + 1);
            let mut oc: Vec<(&str, _)> = other.iter().map(|(n, v)| (n.as_str(), *v)).collect();
            oc.insert(0, ("mode", Cat(modes[(k + 1) % 3])));
            let _ = a.predict_one(&xc);
            b.learn_one(&oc, y).unwrap();
            b_ref.learn_one(&oc, y).unwrap();
            let _ = b.predict_one(&oc);
            b.learn_one(&xc, y).unwrap();
            b_ref.learn_one(&xc, y).unwrap();
        }
        assert_eq!(a.to_json().unwrap(), a_ref.to_json().unwrap());
        assert_eq!(b.to_json().unwrap(), b_ref.to_json().unwrap());
        // Errors are the same after a predict: a repeated key, a type change, a NaN.
        let dup = [("hour", Num(1.0)), ("hour", Num(2.0))];
        let _ = a.predict_one(&[("hour", Num(1.0)), ("champ_1", Num(1.0))]);
        assert!(a
            .learn_one(&dup, 1.0)
            .unwrap_err()
            .to_string()
            .contains("twice"));
        let _ = a.predict_one(&[("mode", Cat("ARAM"))]);
        assert!(a
            .learn_one(&[("mode=ARAM", Num(1.0))], 1.0)
            .unwrap_err()
            .to_string()
            .contains("cannot change type"));
        assert!(a
            .predict_one(&[("mode=ARAM", Num(1.0))])
            .unwrap_err()
            .to_string()
            .contains("cannot change type"));
        let _ = a.predict_one(&[("hour", Num(1.0))]);
        assert!(a.learn_one(&[("hour", Num(f64::NAN))], 1.0).is_err());
        assert_eq!(a.to_json().unwrap(), a_ref.to_json().unwrap());
    }

    #[test]
    fn moving_keys_and_failed_learns_never_change_a_result() {
        use crate::learn::{FeatureValue::Cat, FeatureValue::Num, Model};
        // Keys move between places, one-hot keys change value, a failed learn handed out
        // provisional ids: every prediction equals that of a copy restored from JSON (no
        // caches), and learning after predict_one (its ids reused) saves the same model as
        // learning alone.
        let mut a = Model::default();
        let bad = [("z", Num(1.0)), ("w", Num(2.0)), ("bad", Num(f64::NAN))];
        assert!(a.learn_one(&bad, 1.0).is_err());
        let xs = [
            vec![("w", Num(1.0)), ("z", Num(2.0))],
            vec![("z", Num(3.0)), ("w", Num(1.0))],
            vec![("mode", Cat("A")), ("w", Num(2.0)), ("z", Num(0.5))],
            vec![("w", Num(2.0)), ("mode", Cat("B"))],
            vec![("mode", Cat("B")), ("v", Num(4.0)), ("w", Num(1.5))],
        ];
        let mut plain = Model::default();
        for (i, x) in xs.iter().cycle().take(60).enumerate() {
            let fresh = Model::from_json(&a.to_json().unwrap()).unwrap();
            let p = a.predict_one(x).unwrap();
            assert_eq!(
                p.to_bits(),
                fresh.predict_one(x).unwrap().to_bits(),
                "sample {i}"
            );
            let y = 1000.0 + (i % 7) as f64 * 50.0;
            a.learn_one(x, y).unwrap();
            plain.learn_one(x, y).unwrap();
        }
        assert_eq!(a.to_json().unwrap(), plain.to_json().unwrap());
    }
}
