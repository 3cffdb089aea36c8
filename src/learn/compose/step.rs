//! A transformer as a pipeline step: the fused passes the pipeline's hot path calls.

use crate::learn::{flagged, Feature, Transformer};

/// The passes a [`super::Pipeline`] runs on a transformer, each with a default built from
/// [`Transformer::learn_one`] / [`Transformer::transform_one`]; estimators on the hot path
/// override them with one pass per feature that gives the same bits. Kept apart from
/// [`Transformer`] so that the estimator's own contract stays four methods. `skip` flags (by id)
/// the one-hot features that bypass the transformers.
pub trait Step: Transformer {
    /// Transforms `x` in place, leaving the features flagged in `skip` (by id; ids past its end
    /// are not skipped) as they are; the others get exactly `transform_one`'s values. The
    /// pipeline's hot path: the default goes through `transform_one`, estimators override it
    /// with a single pass.
    fn transform_in_place(&self, x: &mut [Feature], skip: &[bool]) {
        let kept: Vec<Feature> = x.iter().copied().filter(|f| !flagged(skip, f.0)).collect();
        let mut out = Vec::with_capacity(kept.len());
        self.transform_one(&kept, &mut out);
        let mut it = out.into_iter();
        for f in x.iter_mut().filter(|f| !flagged(skip, f.0)) {
            if let Some(t) = it.next() {
                *f = t;
            }
        }
    }
    /// `learn_one` on the features of `x` not flagged in `skip`, then
    /// [`Step::transform_in_place`]. `x` must not repeat an id (estimators may fuse the
    /// two steps into one pass per feature).
    fn learn_transform_in_place(&mut self, x: &mut [Feature], skip: &[bool]) {
        if x.iter().any(|f| flagged(skip, f.0)) {
            let kept: Vec<Feature> = x.iter().copied().filter(|f| !flagged(skip, f.0)).collect();
            self.learn_one(&kept);
        } else {
            self.learn_one(x);
        }
        self.transform_in_place(x, skip);
    }
    /// Appends `x` to `out`, transformed as [`Step::transform_in_place`] does: the
    /// pipeline's first step, so `x` is not copied before it is transformed. Estimators on the
    /// hot path override it with a single pass.
    fn transform_extend(&self, x: &[Feature], skip: &[bool], out: &mut Vec<Feature>) {
        let start = out.len();
        out.extend_from_slice(x);
        self.transform_in_place(&mut out[start..], skip);
    }
    /// `Σ w[id]·t` over `x` in order, `t` being each feature transformed as
    /// [`Step::transform_extend`] would write it (ids past `w` skipped; `+0.0` to start):
    /// a linear model's dot product over the transformed `x`, in one pass and with the same
    /// bits. `None` if the transformer has no such pass (the pipeline then transforms first).
    /// (Native only, as its use in `compose::Pipeline`.)
    #[cfg(not(target_arch = "wasm32"))]
    fn transform_dot(&self, _x: &[Feature], _skip: &[bool], _w: &[f64]) -> Option<f64> {
        None
    }
    /// Appends `x` to `out`, learnt and transformed as
    /// [`Step::learn_transform_in_place`] does (the pipeline's first step).
    fn learn_transform_extend(&mut self, x: &[Feature], skip: &[bool], out: &mut Vec<Feature>) {
        let start = out.len();
        out.extend_from_slice(x);
        self.learn_transform_in_place(&mut out[start..], skip);
    }
    /// Clones behind a box.
    fn box_clone(&self) -> Box<dyn Step>;
}

impl Clone for Box<dyn Step> {
    fn clone(&self) -> Self {
        self.box_clone()
    }
}
