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
        Ok(Layout { ids })
    }

    pub(super) fn dense(
        &self,
        layout: &Layout,
        values: &[f64],
        out: &mut Vec<Feature>,
    ) -> Result<()> {
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
