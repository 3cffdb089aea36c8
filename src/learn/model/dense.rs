//! The dense path: a registered layout of keys, then rows of values in that order (NaN =
//! absent), with no name lookups.

use super::resolve::{bad_feature, check_target, check_value, with_scratch, Scratch};
use super::Model;
use crate::learn::error::{LearnError, Result};
use crate::learn::key_index::Key;
use crate::learn::Feature;

/// A registered feature layout for the fast path: values come in a fixed order, as a dense
/// `&[f64]` (NaN = absent), with no name lookups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub(super) ids: Vec<u32>,
    /// One past the largest id (0 if empty): a model whose vocabulary is at least this long
    /// knows every id.
    pub(super) bound: usize,
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

impl Model {
    /// Registers a fixed feature order for [`Model::predict_dense`] / [`Model::learn_dense`]:
    /// each entry is a numeric feature name, or `name=value` with `categorical = true`.
    /// New names are added to the vocabulary.
    pub fn register_layout<S: AsRef<str>>(&mut self, keys: &[(S, bool)]) -> Result<Layout> {
        let mut ids = Vec::with_capacity(keys.len());
        for (k, cat) in keys {
            let k = k.as_ref();
            if let Some((_, was_cat)) = self.index.find(&Key::new(k, *cat)) {
                if was_cat != *cat {
                    return Err(bad_feature(k, "registered with a different type"));
                }
            }
        }
        for (k, cat) in keys {
            let k = k.as_ref();
            let id = match self.index.get(k) {
                Some(id) => id,
                None => self.push_key(k.to_string(), *cat),
            };
            if ids.contains(&id) {
                return Err(bad_feature(k, "appears twice in the layout"));
            }
            ids.push(id);
        }
        let bound = ids.iter().max().map_or(0, |&m| m as usize + 1);
        Ok(Layout { ids, bound })
    }

    /// The present values of a row (NaN = absent) as features, checked: one bound check for
    /// the layout, then per value only a finiteness test, the error off the hot path.
    pub(super) fn dense(
        &self,
        layout: &Layout,
        values: &[f64],
        out: &mut Vec<Feature>,
    ) -> Result<()> {
        self.check_layout(layout, values.len())?;
        out.clear();
        for (&id, &v) in layout.ids.iter().zip(values) {
            if v.is_nan() {
                continue; // absent
            }
            if v.is_infinite() {
                return Err(self.not_finite_in_layout(id, v));
            }
            out.push((id, v));
        }
        Ok(())
    }

    /// A row of `n` values fits `layout`, and the layout's ids are this model's (its
    /// vocabulary only grows, so ids below it at registration stay valid).
    pub(super) fn check_layout(&self, layout: &Layout, n: usize) -> Result<()> {
        if n != layout.ids.len() {
            return Err(LearnError::BadFeature {
                name: "(layout)".into(),
                reason: format!("expected {} values, got {n}", layout.ids.len()),
            });
        }
        if layout.bound > self.names.len() {
            return Err(bad_feature("(layout)", "layout belongs to another model"));
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    pub(super) fn not_finite_in_layout(&self, id: u32, v: f64) -> LearnError {
        let name = self
            .names
            .get(id as usize)
            .map_or("(layout)", String::as_str);
        match check_value(name, v) {
            Err(e) => e,
            Ok(()) => bad_feature(name, "is not finite"),
        }
    }

    /// Predicts from dense values in a registered layout (NaN = absent feature).
    pub fn predict_dense(&self, layout: &Layout, values: &[f64]) -> Result<f64> {
        let run = |s: &mut Scratch| {
            self.dense(layout, values, &mut s.ids)?;
            Ok(self.pipeline.predict_one(&s.ids, &self.categorical))
        };
        with_scratch(run)
    }

    /// Learns from dense values in a registered layout (NaN = absent feature).
    pub fn learn_dense(&mut self, layout: &Layout, values: &[f64], y: f64) -> Result<()> {
        check_target(y, self.classifier)?;
        let mut s = std::mem::take(&mut self.scratch);
        let r = self
            .dense(layout, values, &mut s.ids)
            .and_then(|_| self.learn_interned(&s.ids, y));
        self.scratch = s;
        r
    }
}
