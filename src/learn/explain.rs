//! Why one prediction: its additive parts, per feature ([`crate::learn::Model::explain_one`]).
//!
//! An additive regressor (the linear model, the logistic model, the factorization machine)
//! splits its raw output into an intercept plus one term per feature of `x`
//! ([`crate::learn::Regressor::explain`], [`Terms`]); the pipeline keeps each feature's scaled
//! value and undoes the target scaler on the parts, and the [`crate::learn::Model`] names them
//! with the keys the user sent ([`Explanation`]).
//!
//! How exactly the parts add up, in model units (before the target scaler): the linear and
//! logistic models' `Σ parts` in `x`'s order, then `+ intercept` ([`Explanation::sum`]'s
//! order), is their raw output to the last bit. In the units of the prediction: without a target scaler the same holds; with one,
//! each part is multiplied by the target's standard deviation (the mean goes to the intercept),
//! so their sum differs from `predict_one(x)` by rounding only: within `1e-12 ×
//! (|intercept| + Σ|contribution|)` (tested). The factorization machine's pairwise terms are
//! summed in another order than its prediction, so the same bound applies to it.

/// One feature's part in a prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The key as the user sent it: `name`, or `name=value` for a categorical.
    pub feature: String,
    /// Its value (1 for a categorical).
    pub value: f64,
    /// Its value after the pipeline's scaler (what the weight multiplies).
    pub scaled: f64,
    /// Its weight in the model (model units: after the target scaler, if any).
    pub weight: f64,
    /// Its part of the prediction, in the units of the prediction (the logit for a
    /// classifier): `weight × scaled` (plus `interaction` for a factorization machine), times
    /// the target's standard deviation when a target scaler is on.
    pub contribution: f64,
    /// The factorization machine's pairwise terms involving this feature, half of each pair
    /// (already in `contribution`, same units); 0 for a linear model.
    pub interaction: f64,
}

/// The additive parts of one prediction: `intercept + Σ contribution` gives `prediction` for a
/// regressor and `logit` for a classifier (see the module docs for how exactly).
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The intercept in the units of the prediction (with a target scaler: `b·s + ȳ`).
    pub intercept: f64,
    /// One entry per feature of `x` the model knows, in `x`'s order (keys new to the model
    /// count 0 in `predict_one` and are left out).
    pub features: Vec<Contribution>,
    /// `predict_one(x)`, bit for bit (a classifier's `P(true)`).
    pub prediction: f64,
    /// A classifier's logit `z`, what its parts add up to (`prediction = σ(z)`); `None` for a
    /// regressor, whose parts add up to `prediction`.
    pub logit: Option<f64>,
}

impl Explanation {
    /// `Σ contribution` in `features`' order (from `+0.0`), then `+ intercept`: what the parts
    /// add up to, summed in the order the linear models sum their dot product.
    pub fn sum(&self) -> f64 {
        self.features.iter().fold(0.0, |s, c| s + c.contribution) + self.intercept
    }
}

/// A regressor's raw output on (transformed) `x` split into parts: `intercept + Σ
/// parts[i].contribution`, one part per feature of `x`, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Terms {
    /// The intercept.
    pub intercept: f64,
    /// One per feature of `x`.
    pub parts: Vec<Part>,
}

/// One feature's term in a regressor's raw output.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Part {
    /// The feature's weight (0 if it has none).
    pub weight: f64,
    /// `weight × value`, plus `interaction`.
    pub contribution: f64,
    /// Pairwise terms (factorization machine), half of each pair with another feature of `x`.
    pub interaction: f64,
}

/// A linear model's terms: `w[id] × v` per feature (0 for ids past `w`, as its dot product
/// skips them), so that `Σ` in order, then `+ b`, is `Σ wᵢxᵢ + b` bit for bit (adding `+0.0` to a sum
/// started at `+0.0` changes no bit).
pub(crate) fn linear_terms(w: &[f64], b: f64, x: &[crate::learn::Feature]) -> Terms {
    let parts = x
        .iter()
        .map(|&(i, v)| {
            let weight = w.get(i as usize).copied().unwrap_or(0.0);
            Part {
                weight,
                contribution: weight * v,
                interaction: 0.0,
            }
        })
        .collect();
    Terms {
        intercept: b,
        parts,
    }
}
