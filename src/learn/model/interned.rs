//! The interned path: features already mapped to ids (by a caller that caches the vocabulary,
//! as the wasm face's JS-side key cache does), checked, then predicted or learnt.

use super::resolve::{bad_feature, check_target, check_value, with_scratch, Scratch};
use super::Model;
use crate::learn::error::Result;
use crate::learn::Feature;

impl Model {
    /// [`Model::predict_learn_one`] from already-interned features, checked once as
    /// [`Model::predict_ids`]: the same as `predict_ids(x)` then `learn_ids(x, y)`.
    pub fn predict_learn_ids(&mut self, x: &[Feature], y: f64) -> Result<f64> {
        check_target(y, self.classifier)?;
        let mut s = std::mem::take(&mut self.scratch);
        let r = self.check_ids(x, &mut s);
        self.scratch = s;
        r?;
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
        let mut s = std::mem::take(&mut self.scratch);
        let r = self.check_ids(x, &mut s);
        self.scratch = s;
        r?;
        self.learn_interned(x, y)
    }

    pub(super) fn check_ids(&self, x: &[Feature], s: &mut Scratch) -> Result<()> {
        s.next_stamp();
        for &(id, v) in x {
            let i = id as usize;
            let Some(name) = self.names.get(i) else {
                return Err(bad_feature(&format!("#{id}"), "is not in the vocabulary"));
            };
            check_value(name, v)?;
            if i >= s.seen.len() {
                s.seen.resize(i + 1, 0);
            }
            if s.seen[i] == s.stamp {
                return Err(bad_feature(name, "is given twice"));
            }
            s.seen[i] = s.stamp;
        }
        Ok(())
    }
}
