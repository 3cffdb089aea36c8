//! The interned path: features already mapped to ids (by a caller that caches the vocabulary,
//! as the wasm face's JS-side key cache does), checked, then predicted or learnt.

use super::resolve::{bad_feature, check_target, check_value, with_scratch, Scratch};
use super::Model;
use crate::learn::error::{LearnError, Result};
use crate::learn::Feature;

impl Model {
    /// [`Model::predict_learn_one`] from already-interned features, checked once as
    /// [`Model::predict_ids`]: the same as `predict_ids(x)` then `learn_ids(x, y)`.
    pub fn predict_learn_ids(&mut self, x: &[Feature], y: f64) -> Result<f64> {
        check_target(y, self.classifier)?;
        check_ids(&self.names, x, &mut self.scratch)?;
        let p = self.pipeline.predict_one(x, &self.categorical);
        self.learn_interned(x, y).map(|_| p)
    }

    /// Predicts from already-interned features (ids from [`Model::feature_id`]), checked: every
    /// id known, every value finite, no id twice. For callers that cache the vocabulary
    /// (the wasm face keeps a JS-side name → id map). No side effects.
    pub fn predict_ids(&self, x: &[Feature]) -> Result<f64> {
        with_scratch(|s| {
            self.check_ids(x, s)?;
            Ok(self.pipeline.predict_one(x, &self.categorical))
        })
    }

    /// Learns from already-interned features, checked as [`Model::predict_ids`]; bad input is an
    /// error naming the feature and changes nothing.
    pub fn learn_ids(&mut self, x: &[Feature], y: f64) -> Result<()> {
        check_target(y, self.classifier)?;
        check_ids(&self.names, x, &mut self.scratch)?;
        self.learn_interned(x, y)
    }

    /// [`Model::learn_ids`] for features that already passed its checks on this model (in
    /// [`Model::predict_ids`] or a learn): they still pass, since the vocabulary only grows.
    /// For the wasm face, which knows when JS handed it the very pairs it checked last.
    #[cfg(all(target_arch = "wasm32", feature = "js"))]
    pub(crate) fn learn_ids_checked_before(&mut self, x: &[Feature], y: f64) -> Result<()> {
        check_target(y, self.classifier)?;
        debug_assert!(check_ids(&self.names, x, &mut self.scratch).is_ok());
        self.learn_interned(x, y)
    }

    /// Checks interned features: every id known, every value finite, no id twice. One tight
    /// pass; the first problem is named by [`bad_ids`], off the hot path.
    pub(super) fn check_ids(&self, x: &[Feature], s: &mut Scratch) -> Result<()> {
        check_ids(&self.names, x, s)
    }
}

/// [`Model::check_ids`] on the fields it needs, so that a `&mut self` caller can pass its own
/// scratch without moving it out.
pub(super) fn check_ids(names: &[String], x: &[Feature], s: &mut Scratch) -> Result<()> {
    s.next_stamp();
    let n = names.len();
    if s.seen.len() < n {
        s.seen.resize(n, 0);
    }
    let (seen, stamp) = (&mut s.seen[..n], s.stamp);
    for &(id, v) in x {
        match seen.get_mut(id as usize) {
            Some(mark) if v.is_finite() && *mark != stamp => *mark = stamp,
            _ => return Err(bad_ids(names, x)),
        }
    }
    Ok(())
}

/// The error for features that failed [`check_ids`]: the first feature, in order, that is
/// unknown, not finite or given a second time.
#[cold]
#[inline(never)]
fn bad_ids(names: &[String], x: &[Feature]) -> LearnError {
    for (k, &(id, v)) in x.iter().enumerate() {
        let Some(name) = names.get(id as usize) else {
            return bad_feature(&format!("#{id}"), "is not in the vocabulary");
        };
        if let Err(e) = check_value(name, v) {
            return e;
        }
        if x[..k].iter().any(|f| f.0 == id) {
            return bad_feature(name, "is given twice");
        }
    }
    bad_feature("(ids)", "failed a check") // cannot happen: check_ids found a problem
}
