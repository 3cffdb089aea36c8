//! The learner core: online estimators on named, sparse features, with River's semantics.
//! Pure Rust: no wasm or web types here.
//!
//! Feature names are interned to dense `u32` ids by the [`Model`]'s vocabulary; estimators work
//! on sparse `&[(id, value)]` slices ([`Feature`]) with `Vec`-indexed state grown on demand, so a
//! sample costs O(features present), never O(features ever seen).
//!
//! Extension points: a new regressor implements [`Regressor`] and gets a variant in
//! [`spec::ModelSpec`] (built in `spec.rs`); a new transformer implements [`Transformer`] and
//! [`compose::Step`]. A
//! binary classifier is a [`Regressor`] whose `predict_one` is `P(y = 1)`, flagged by
//! [`Regressor::is_classifier`] ([`linear_model::LogisticRegression`]); [`metrics`] and
//! [`drift`] hold the classification metrics and the drift detectors.

pub mod compose;
pub mod conformal;
pub mod drift;
mod error;
pub mod evaluate;
#[cfg(feature = "explain")]
pub mod explain;
#[cfg(feature = "fm")]
pub mod facto;
#[cfg(feature = "forest")]
pub mod forest;
pub mod json;
mod key_index;
pub mod linear_model;
pub mod metrics;
mod model;
pub mod optim;
pub mod preprocessing;
pub mod rng;
pub mod spec;
mod state;
pub mod stats;

pub use error::{LearnError, Result};
#[cfg(feature = "explain")]
pub use explain::{Contribution, Explanation};
pub use model::{one_hot_key, Layout, Model, Resolved, FORMAT, VERSION};
pub use spec::Spec;

/// An interned sparse feature: `(id, value)`.
pub type Feature = (u32, f64);

/// A raw feature value: a number, or a string (a categorical, one-hot encoded as `name=value`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FeatureValue<'a> {
    /// A numeric value (must be finite).
    Num(f64),
    /// A categorical value.
    Cat(&'a str),
}

impl From<f64> for FeatureValue<'_> {
    fn from(v: f64) -> Self {
        FeatureValue::Num(v)
    }
}

impl<'a> From<&'a str> for FeatureValue<'a> {
    fn from(v: &'a str) -> Self {
        FeatureValue::Cat(v)
    }
}

/// `Debug` on native builds, nothing on wasm: a supertrait's method sits in every trait object's
/// vtable, so a `Debug` supertrait kept each estimator's derived `Debug` (and through it core's
/// float formatting, ~20 KB of code and tables) in the wasm module though nothing there prints
/// them. On wasm, `dyn Regressor` / `dyn Transformer` / `dyn Optimizer` print just their name.
#[cfg(not(target_arch = "wasm32"))]
pub trait NativeDebug: std::fmt::Debug {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: std::fmt::Debug + ?Sized> NativeDebug for T {}
/// `Debug` on native builds, nothing on wasm (see the native definition).
#[cfg(target_arch = "wasm32")]
pub trait NativeDebug {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> NativeDebug for T {}

/// Opaque `Debug` for the learner's trait objects on wasm (see [`NativeDebug`]).
macro_rules! opaque_debug {
    ($($t:path),*) => {$(
        #[cfg(target_arch = "wasm32")]
        impl std::fmt::Debug for dyn $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!("dyn ", stringify!($t)))
            }
        }
    )*};
}
opaque_debug!(Regressor, Transformer, compose::Step, optim::Optimizer);

/// An online regressor on interned sparse features.
///
/// Contract: `predict_one` has no side effects; `learn_one` costs O(|x|); absent and unknown
/// features count as 0; `state` returns only *learned* numbers (hyperparameters come from the
/// spec) as JSON, and `load_state` restores it after checking it (finite numbers, vectors no
/// longer than `n_features`), leaving `self` unchanged on error.
pub trait Regressor: Send + NativeDebug {
    /// Predicts the target of `x`.
    fn predict_one(&self, x: &[Feature]) -> f64;
    /// Learns from `(x, y)`. An error means the model diverged (non-finite state).
    fn learn_one(&mut self, x: &[Feature], y: f64) -> Result<()>;
    /// Non-zero weights by feature id, for inspection (empty if the model has none).
    fn weights(&self) -> Vec<Feature> {
        Vec::new()
    }
    /// The intercept, if the model has one.
    fn intercept(&self) -> Option<f64> {
        None
    }
    /// Whether this is a binary classifier: `predict_one` is then `P(y = 1)` and `learn_one`
    /// takes a label `y ∈ {0, 1}` (the [`Model`] checks it).
    fn is_classifier(&self) -> bool {
        false
    }
    /// Whether `learn_one` draws new weights at random in the order of `x` (River's `Normal`
    /// initializer): the pipeline then hands it `x` in the order River's composition would.
    #[cfg(feature = "normal-init")]
    fn draws_new_weights(&self) -> bool {
        false
    }
    /// For a linear model whose `predict_one(x)` is `(Σ wᵢxᵢ over x, in x's order, ids past
    /// `w` skipped) + b`: its weights by id and `b`, so that a pipeline can scale and sum in
    /// one pass ([`Transformer::transform_dot`]) with the same bits. (Native only, as its use
    /// in `compose::Pipeline`.)
    #[cfg(not(target_arch = "wasm32"))]
    fn linear(&self) -> Option<(&[f64], f64)> {
        None
    }
    /// `predict_one(x)` (a classifier: its logit) split into an intercept and one term per
    /// feature of `x` ([`explain::Terms`]); `None` if the model is not additive per feature.
    #[cfg(feature = "explain")]
    fn explain(&self, _x: &[Feature]) -> Option<explain::Terms> {
        None
    }
    /// Learned state as JSON.
    fn state(&self) -> json::Json;
    /// Restores a state from [`Regressor::state`].
    fn load_state(&mut self, state: json::Json, n_features: usize) -> Result<()>;
    /// Clones behind a box.
    fn box_clone(&self) -> Box<dyn Regressor>;
}

impl Clone for Box<dyn Regressor> {
    fn clone(&self) -> Self {
        self.box_clone()
    }
}

/// An online feature transformer. Contract: `transform_one` maps each input feature to exactly
/// one output feature with the same id, in order (so the pipeline can route one-hot features
/// around it), and has no side effects; `learn_one` costs O(|x|). State rules as [`Regressor`].
/// To sit in a pipeline it also implements [`compose::Step`], whose fused passes have defaults.
pub trait Transformer: Send + NativeDebug {
    /// Updates the statistics with `x`.
    fn learn_one(&mut self, x: &[Feature]);
    /// Appends the transformed `x` to `out`.
    fn transform_one(&self, x: &[Feature], out: &mut Vec<Feature>);
    /// Learned state as JSON.
    fn state(&self) -> json::Json;
    /// Restores a state from [`Transformer::state`].
    fn load_state(&mut self, state: json::Json, n_features: usize) -> Result<()>;
}

/// `v[i]`, growing `v` with defaults (zeros) first if `i` is new: estimators' per-feature state is
/// indexed by interned id and grows on demand, off the hot path.
#[inline]
pub(crate) fn slot<T: Default + Clone>(v: &mut Vec<T>, i: usize) -> &mut T {
    #[cold]
    #[inline(never)]
    fn grow<T: Default + Clone>(v: &mut Vec<T>, i: usize) -> &mut T {
        v.resize(i + 1, T::default());
        &mut v[i]
    }
    if i < v.len() {
        &mut v[i]
    } else {
        grow(v, i)
    }
}

/// Whether `flags[id]` is set (false past the end): the pipeline's one-hot flags.
#[inline]
pub(crate) fn flagged(flags: &[bool], id: u32) -> bool {
    flags.get(id as usize).copied().unwrap_or(false)
}
