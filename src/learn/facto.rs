//! Factorization machine regressor, as River's `facto.FMRegressor`.
//!
//! The model adds to a linear model one latent vector `v_j ∈ ℝᵏ` per feature and scores every
//! pair of features present in `x` (e.g. champion × champion) by the dot product of their
//! latent vectors:
//!
//! ```text
//! ŷ(x) = w₀ + Σⱼ wⱼ xⱼ + Σ_{j<j'} ⟨vⱼ, vⱼ'⟩ xⱼ xⱼ'
//! ```
//!
//! computed in O(k·|x|) as `½ Σ_f [(Σⱼ v_jf xⱼ)² − Σⱼ v_jf² xⱼ²]`.
//!
//! Update rule for one sample `(x, y)` (River 0.26 `BaseFM._learn_one`, SGD optimizers):
//!
//! ```text
//! g      = clamp(∂loss(y, ŷ)/∂ŷ, ±clip_gradient)          (squared loss: 2(ŷ − y), no ½)
//! w₀    -= intercept_lr · g
//! wⱼ    -= lr · (g xⱼ + l1_weight·sign(wⱼ) + l2_weight·wⱼ)              for j in x
//! s_f    = Σⱼ v_jf xⱼ                                   (with the latents before this update)
//! v_jf  -= latent_lr · (g (xⱼ s_f − v_jf xⱼ²) + l1_latent·sign(v_jf) + l2_latent·v_jf)
//! ```
//!
//! Latent vectors are drawn from `Normal(init_mu, init_sigma)` (River's default
//! `optim.initializers.Normal(sigma=0.1, seed=seed)`) with numpy's legacy generator, the first
//! time a feature is seen, in the order of the features in `x`: a seeded rivulet FM therefore
//! draws exactly River's latents (see [`crate::learn::rng`]). River draws (and keeps) a latent
//! when `predict_one` meets a new feature; rivulet's `predict_one` has no side effects: it uses
//! the latents `learn_one` would draw next from a copy of the generator, without keeping them.
//! In progressive validation (predict, then learn on the same `x`) the two are identical; they
//! differ only after predicting on new features that are then not learned on.
//!
//! ```
//! use rivulet::learn::facto::{FmConfig, FmRegressor};
//! let mut fm = FmRegressor::new(FmConfig { seed: 42, ..FmConfig::default() }).unwrap();
//! // Two one-hot features that only matter together.
//! for _ in 0..2000 {
//!     fm.learn_one(&[(0, 1.0), (1, 1.0)], 3.0).unwrap();
//!     fm.learn_one(&[(0, 1.0), (2, 1.0)], 0.0).unwrap();
//!     fm.learn_one(&[(1, 1.0), (2, 1.0)], 0.0).unwrap();
//! }
//! assert!((fm.predict_one(&[(0, 1.0), (1, 1.0)]) - 3.0).abs() < 0.1);
//! assert!(fm.predict_one(&[(1, 1.0), (2, 1.0)]).abs() < 0.1);
//! ```

use super::json::{obj, Fields, Float, Json};
use super::optim::Loss;
use super::rng::Mt19937;
use super::state::saved_state;
use super::{Feature, LearnError, Regressor};

fn default_n_factors() -> usize {
    10
}
fn default_lr() -> f64 {
    0.01
}
fn default_sigma() -> f64 {
    0.1
}
fn default_clip() -> f64 {
    1e12
}
fn default_loss() -> Loss {
    Loss::Squared
}

/// Hyperparameters; the defaults are River's `FMRegressor()` defaults (with `seed` 0, since
/// River's default is an unseeded generator).
#[derive(Clone, Debug, PartialEq)]
pub struct FmConfig {
    /// Number of latent factors k.
    pub n_factors: usize,
    /// SGD learning rate of the feature weights (River: `weight_optimizer=SGD(lr)`).
    pub lr: f64,
    /// SGD learning rate of the latent factors (River: `latent_optimizer=SGD(lr)`).
    pub latent_lr: f64,
    pub loss: Loss,
    /// Divide `x` by its L2 norm before learning (River: `sample_normalization`).
    pub sample_normalization: bool,
    pub l1_weight: f64,
    pub l2_weight: f64,
    pub l1_latent: f64,
    pub l2_latent: f64,
    /// Initial intercept.
    pub intercept: f64,
    /// Constant learning rate of the intercept (0 disables it).
    pub intercept_lr: f64,
    /// Mean of the latent initializer.
    pub init_mu: f64,
    /// Standard deviation of the latent initializer.
    pub init_sigma: f64,
    /// Clamp on the absolute loss gradient.
    pub clip_gradient: f64,
    /// Seed of the latent initializer (numpy `RandomState(seed)`).
    pub seed: u32,
}

impl Default for FmConfig {
    fn default() -> Self {
        FmConfig {
            n_factors: default_n_factors(),
            lr: default_lr(),
            latent_lr: default_lr(),
            loss: default_loss(),
            sample_normalization: false,
            l1_weight: 0.0,
            l2_weight: 0.0,
            l1_latent: 0.0,
            l2_latent: 0.0,
            intercept: 0.0,
            intercept_lr: default_lr(),
            init_mu: 0.0,
            init_sigma: default_sigma(),
            clip_gradient: default_clip(),
            seed: 0,
        }
    }
}

impl FmConfig {
    /// The spec's model object (`"type": "fm"` first, every field filled).
    pub fn to_value(&self) -> Json {
        obj([
            ("type", "fm".into()),
            ("n_factors", self.n_factors.into()),
            ("lr", self.lr.into()),
            ("latent_lr", self.latent_lr.into()),
            ("loss", self.loss.to_value()),
            ("sample_normalization", self.sample_normalization.into()),
            ("l1_weight", self.l1_weight.into()),
            ("l2_weight", self.l2_weight.into()),
            ("l1_latent", self.l1_latent.into()),
            ("l2_latent", self.l2_latent.into()),
            ("intercept", self.intercept.into()),
            ("intercept_lr", self.intercept_lr.into()),
            ("init_mu", self.init_mu.into()),
            ("init_sigma", self.init_sigma.into()),
            ("clip_gradient", self.clip_gradient.into()),
            ("seed", self.seed.into()),
        ])
    }

    /// Reads the fields of a spec's `{"type": "fm", ...}` object (the tag already taken);
    /// River's defaults for the absent ones, unknown ones refused.
    pub fn read(mut f: Fields) -> crate::learn::Result<FmConfig> {
        let c = FmConfig {
            n_factors: f.usize_or("n_factors", default_n_factors())?,
            lr: f.f64_or("lr", default_lr())?,
            latent_lr: f.f64_or("latent_lr", default_lr())?,
            loss: match f.opt("loss") {
                None => default_loss(),
                Some(v) => Loss::read(Fields::spec(&f.path_of("loss"), v)?)?,
            },
            sample_normalization: f.bool_or("sample_normalization", false)?,
            l1_weight: f.f64_or("l1_weight", 0.0)?,
            l2_weight: f.f64_or("l2_weight", 0.0)?,
            l1_latent: f.f64_or("l1_latent", 0.0)?,
            l2_latent: f.f64_or("l2_latent", 0.0)?,
            intercept: f.f64_or("intercept", 0.0)?,
            intercept_lr: f.f64_or("intercept_lr", default_lr())?,
            init_mu: f.f64_or("init_mu", 0.0)?,
            init_sigma: f.f64_or("init_sigma", default_sigma())?,
            clip_gradient: f.f64_or("clip_gradient", default_clip())?,
            seed: f.u32_or("seed", 0)?,
        };
        f.finish()?;
        Ok(c)
    }

    /// Checks every hyperparameter; the message names the bad one.
    pub fn validate(&self) -> Result<(), String> {
        if self.n_factors == 0 || self.n_factors > 1024 {
            return Err(format!(
                "model.n_factors must be in 1..=1024, got {}",
                self.n_factors
            ));
        }
        let nonneg = [
            ("lr", self.lr),
            ("latent_lr", self.latent_lr),
            ("l1_weight", self.l1_weight),
            ("l2_weight", self.l2_weight),
            ("l1_latent", self.l1_latent),
            ("l2_latent", self.l2_latent),
            ("intercept_lr", self.intercept_lr),
            ("init_sigma", self.init_sigma),
        ];
        for (name, v) in nonneg {
            if !(v.is_finite() && v >= 0.0) {
                return Err(format!(
                    "model.{name} must be a finite number >= 0, got {}",
                    Float(v)
                ));
            }
        }
        for (name, v) in [("intercept", self.intercept), ("init_mu", self.init_mu)] {
            if !v.is_finite() {
                return Err(format!(
                    "model.{name} must be a finite number, got {}",
                    Float(v)
                ));
            }
        }
        if self.clip_gradient.is_nan() || self.clip_gradient <= 0.0 {
            return Err(format!(
                "model.clip_gradient must be > 0, got {}",
                Float(self.clip_gradient)
            ));
        }
        self.loss.validate()?;
        Ok(())
    }
}

const NO_ROW: u32 = u32::MAX;

/// A factorization machine regressor on interned sparse features. See the module docs.
/// Serializes as `{"config": ..., "state": ...}`; [`Regressor::state`] is the `state` part.
#[derive(Clone, Debug, PartialEq)]
pub struct FmRegressor {
    config: FmConfig,
    st: FmState,
}

saved_state! {
    /// The learned numbers of an [`FmRegressor`].
    #[derive(Clone, Debug, PartialEq)]
    struct FmState {
        intercept: f64,
        /// Latent vectors, `n_factors` per row, rows in order of first appearance.
        latents: Vec<f64>,
        /// Number of `learn_one` calls (River's `weight_optimizer.n_iterations`).
        n_learned: u64,
        rng: Mt19937,
        /// Row of each feature id in `latents`, `u32::MAX` if it has none yet.
        rows: Vec<u32>,
        /// Weight per feature id (grows on demand; 0 for unseen ids).
        weights: Vec<f64>,
    }
}

impl FmRegressor {
    /// The whole model: `{"config": {...}, "state": {...}}`.
    pub fn to_value(&self) -> Json {
        obj([
            ("config", self.config.to_value()),
            ("state", self.st.to_value()),
        ])
    }

    /// Reads [`FmRegressor::to_value`]'s object and validates it (the error names the problem).
    pub fn from_value(v: Json) -> crate::learn::Result<FmRegressor> {
        let mut f = Fields::state("fm", v)?;
        let mut c = f.object("config")?;
        c.tag(&["fm"])?;
        let config = FmConfig::read(c)?;
        let st = FmState::read(f.object("state")?)?;
        f.finish()?;
        let m = FmRegressor { config, st };
        m.validate_state().map_err(LearnError::BadState)?;
        Ok(m)
    }

    /// A fresh model; the error names the bad hyperparameter.
    pub fn new(config: FmConfig) -> Result<Self, String> {
        config.validate()?;
        Ok(FmRegressor {
            st: FmState {
                intercept: config.intercept,
                rng: Mt19937::numpy(config.seed),
                weights: Vec::new(),
                rows: Vec::new(),
                latents: Vec::new(),
                n_learned: 0,
            },
            config,
        })
    }

    /// The hyperparameters.
    pub fn config(&self) -> &FmConfig {
        &self.config
    }

    /// Samples learned so far.
    pub fn n_learned(&self) -> u64 {
        self.st.n_learned
    }

    /// The intercept w₀.
    pub fn intercept(&self) -> f64 {
        self.st.intercept
    }

    /// The linear weight of a feature id (0 if never learned).
    pub fn weight(&self, id: u32) -> f64 {
        self.st.weights.get(id as usize).copied().unwrap_or(0.0)
    }

    /// The latent vector of a feature id, if it has been learned on.
    pub fn latent(&self, id: u32) -> Option<&[f64]> {
        let k = self.config.n_factors;
        match self.st.rows.get(id as usize) {
            Some(&r) if r != NO_ROW => Some(&self.st.latents[r as usize * k..(r as usize + 1) * k]),
            _ => None,
        }
    }

    /// Pairwise interaction strength ⟨vᵢ, vⱼ⟩ of two feature ids (0 if either is unknown).
    pub fn interaction(&self, i: u32, j: u32) -> f64 {
        match (self.latent(i), self.latent(j)) {
            (Some(a), Some(b)) => a.iter().zip(b).map(|(p, q)| p * q).sum(),
            _ => 0.0,
        }
    }

    /// Checks a deserialized state's shapes and numbers (the message names the problem).
    pub fn validate_state(&self) -> Result<(), String> {
        self.config.validate()?;
        let k = self.config.n_factors;
        if !self.st.rng.is_valid() {
            return Err("model.rng: not a valid MT19937 state".into());
        }
        if !self.st.latents.len().is_multiple_of(k) {
            return Err("model.latents: length is not a multiple of n_factors".into());
        }
        let n_rows = self.st.latents.len() / k;
        let mut seen = vec![false; n_rows];
        for (id, &r) in self.st.rows.iter().enumerate() {
            if r == NO_ROW {
                continue;
            }
            let r = r as usize;
            if r >= n_rows || seen[r] {
                return Err(format!("model.rows[{id}]: bad or duplicate latent row {r}"));
            }
            seen[r] = true;
        }
        if seen.iter().any(|s| !s) {
            return Err("model.latents: a latent row belongs to no feature".into());
        }
        let finite = |name: &str, xs: &[f64]| match xs.iter().position(|v| !v.is_finite()) {
            Some(i) => Err(format!("model.{name}[{i}] is not a finite number")),
            None => Ok(()),
        };
        finite("intercept", &[self.st.intercept])?;
        finite("weights", &self.st.weights)?;
        finite("latents", &self.st.latents)
    }

    fn row_of(&self, id: u32) -> Option<usize> {
        match self.st.rows.get(id as usize) {
            Some(&r) if r != NO_ROW => Some(r as usize),
            _ => None,
        }
    }

    /// Raw model output on x. `pending` holds the latents of features in x that have none yet
    /// (drawn ahead by `predict_one`), as (id, row in `pending_latents`).
    /// `sums` receives Σⱼ v_jf xⱼ per factor.
    fn raw(
        &self,
        x: &[(u32, f64)],
        sums: &mut [f64],
        pending: &[(u32, usize)],
        pending_latents: &[f64],
    ) -> f64 {
        let k = self.config.n_factors;
        sums.iter_mut().for_each(|s| *s = 0.0);
        let mut linear = 0.0;
        let mut sq = 0.0;
        for &(id, xj) in x {
            linear += self.weight(id) * xj;
            let v = match self.row_of(id) {
                Some(r) => &self.st.latents[r * k..(r + 1) * k],
                None => match pending.iter().find(|(p, _)| *p == id) {
                    Some(&(_, r)) => &pending_latents[r * k..(r + 1) * k],
                    None => continue,
                },
            };
            for (s, &vf) in sums.iter_mut().zip(v) {
                let t = vf * xj;
                *s += t;
                sq += t * t;
            }
        }
        let total: f64 = sums.iter().map(|s| s * s).sum();
        self.st.intercept + linear + 0.5 * (total - sq)
    }

    /// Prediction for `x`; no side effects. Features never learned on get the latent vectors
    /// that `learn_one` would draw for them next (from a copy of the generator), as River's
    /// `predict_one` does; their linear weight is 0.
    pub fn predict_one(&self, x: &[(u32, f64)]) -> f64 {
        let mut sums = vec![0.0; self.config.n_factors];
        let (pending, pending_latents) = self.pending(x);
        self.raw(x, &mut sums, &pending, &pending_latents)
    }

    /// The latent vectors `learn_one` would draw next for the features of `x` that have none,
    /// from a copy of the generator: `(id, row)` and the rows.
    fn pending(&self, x: &[(u32, f64)]) -> (Vec<(u32, usize)>, Vec<f64>) {
        let k = self.config.n_factors;
        let mut pending: Vec<(u32, usize)> = Vec::new();
        let mut pending_latents = Vec::new();
        let mut rng: Option<Mt19937> = None;
        for &(id, _) in x {
            if self.row_of(id).is_none() && !pending.iter().any(|(p, _)| *p == id) {
                let r = rng.get_or_insert_with(|| self.st.rng.clone());
                pending.push((id, pending.len()));
                for _ in 0..k {
                    pending_latents
                        .push(r.numpy_normal(self.config.init_mu, self.config.init_sigma));
                }
            }
        }
        (pending, pending_latents)
    }

    /// [`FmRegressor::predict_one`] split per feature: `wⱼxⱼ` plus half of each pairwise term
    /// `⟨vⱼ, vⱼ'⟩xⱼxⱼ'` with another feature of `x`, i.e. `½ xⱼ Σ_f v_jf (s_f − v_jf xⱼ)` with
    /// `s_f = Σⱼ' v_j'f xⱼ'` (the same latents as `predict_one`, drawn ones included). The parts
    /// plus the intercept equal the prediction up to rounding (summed in another order).
    #[cfg(feature = "explain")]
    pub fn explain_terms(&self, x: &[(u32, f64)]) -> crate::learn::explain::Terms {
        use crate::learn::explain::{Part, Terms};
        let k = self.config.n_factors;
        let (pending, pending_latents) = self.pending(x);
        let latent = |id: u32| match self.row_of(id) {
            Some(r) => Some(&self.st.latents[r * k..(r + 1) * k]),
            None => pending
                .iter()
                .find(|(p, _)| *p == id)
                .map(|&(_, r)| &pending_latents[r * k..(r + 1) * k]),
        };
        let mut sums = vec![0.0; k];
        for &(id, xj) in x {
            if let Some(v) = latent(id) {
                for (s, &vf) in sums.iter_mut().zip(v) {
                    *s += vf * xj;
                }
            }
        }
        let parts = x
            .iter()
            .map(|&(id, xj)| {
                let weight = self.weight(id);
                let interaction = latent(id).map_or(0.0, |v| {
                    let dot: f64 = v
                        .iter()
                        .zip(&sums)
                        .map(|(&vf, &s)| vf * (s - vf * xj))
                        .sum();
                    0.5 * xj * dot
                });
                Part {
                    weight,
                    contribution: weight * xj + interaction,
                    interaction,
                }
            })
            .collect();
        Terms {
            intercept: self.st.intercept,
            parts,
        }
    }

    /// Learns one sample (see the module docs for the update rule). `x` must not repeat an id.
    /// A non-finite prediction is refused before any change ([`LearnError::Diverged`]); a
    /// non-finite weight after the step is reported the same way (lower the learning rates).
    pub fn learn_one(&mut self, x: &[(u32, f64)], y: f64) -> crate::learn::Result<()> {
        let p = self.predict_one(x);
        if !p.is_finite() {
            return Err(LearnError::Diverged(format!(
                "the prediction {} is not finite; lower the learning rates",
                Float(p)
            )));
        }
        let k = self.config.n_factors;
        // New features get their latent vectors first, in the order of x (River draws them
        // while computing the prediction, pair by pair, which is the same order).
        for &(id, _) in x {
            if self.row_of(id).is_none() {
                let idx = id as usize;
                if self.st.rows.len() <= idx {
                    self.st.rows.resize(idx + 1, NO_ROW);
                }
                self.st.rows[idx] = (self.st.latents.len() / k) as u32;
                for _ in 0..k {
                    let v = self
                        .st
                        .rng
                        .numpy_normal(self.config.init_mu, self.config.init_sigma);
                    self.st.latents.push(v);
                }
            }
        }
        let normalized: Vec<(u32, f64)>;
        let norm = x.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
        // River divides by the norm in learn_one only (not in predict_one); an all-zero x is
        // left as is rather than turned into NaN.
        let x = if self.config.sample_normalization && norm > 0.0 {
            normalized = x.iter().map(|&(j, v)| (j, v / norm)).collect();
            &normalized[..]
        } else {
            x
        };
        let mut sums = vec![0.0; k];
        let y_pred = self.raw(x, &mut sums, &[], &[]);
        let c = &self.config;
        let g = clip(c.loss.gradient(y, y_pred), c.clip_gradient);
        self.st.intercept -= c.intercept_lr * g;
        for &(id, xj) in x {
            let idx = id as usize;
            if self.st.weights.len() <= idx {
                self.st.weights.resize(idx + 1, 0.0);
            }
            let w = self.st.weights[idx];
            let grad = g * xj + c.l1_weight * sign(w) + c.l2_weight * w;
            self.st.weights[idx] = w - c.lr * grad;
        }
        for &(id, xj) in x {
            let r = self.st.rows[id as usize] as usize;
            let v = &mut self.st.latents[r * k..(r + 1) * k];
            for (vf, &s) in v.iter_mut().zip(sums.iter()) {
                let grad =
                    g * (xj * s - *vf * xj * xj) + c.l1_latent * sign(*vf) + c.l2_latent * *vf;
                *vf -= c.latent_lr * grad;
            }
        }
        self.st.n_learned += 1;
        let finite = self.st.intercept.is_finite()
            && x.iter().all(|&(id, _)| {
                let r = self.st.rows[id as usize] as usize;
                self.st.weights[id as usize].is_finite()
                    && self.st.latents[r * k..(r + 1) * k]
                        .iter()
                        .all(|v| v.is_finite())
            });
        if !finite {
            return Err(LearnError::Diverged(
                "a weight or latent factor became infinite; lower the learning rates".into(),
            ));
        }
        Ok(())
    }
}

impl Regressor for FmRegressor {
    fn predict_one(&self, x: &[Feature]) -> f64 {
        FmRegressor::predict_one(self, x)
    }

    fn learn_one(&mut self, x: &[Feature], y: f64) -> crate::learn::Result<()> {
        FmRegressor::learn_one(self, x, y)
    }

    fn weights(&self) -> Vec<Feature> {
        let w = &self.st.weights;
        (0..w.len())
            .filter(|&i| w[i] != 0.0)
            .map(|i| (i as u32, w[i]))
            .collect()
    }

    fn intercept(&self) -> Option<f64> {
        Some(self.st.intercept)
    }

    #[cfg(feature = "explain")]
    fn explain(&self, x: &[Feature]) -> Option<crate::learn::explain::Terms> {
        Some(self.explain_terms(x))
    }

    fn state(&self) -> Json {
        self.st.to_value()
    }

    fn load_state(&mut self, state: Json, n_features: usize) -> crate::learn::Result<()> {
        let st = FmState::from_value(state, "factorization machine")?;
        let candidate = FmRegressor {
            config: self.config.clone(),
            st,
        };
        candidate.validate_state().map_err(LearnError::BadState)?;
        crate::learn::error::check_len("fm", ".weights", candidate.st.weights.len(), n_features)?;
        crate::learn::error::check_len("fm", ".rows", candidate.st.rows.len(), n_features)?;
        *self = candidate;
        Ok(())
    }

    fn box_clone(&self) -> Box<dyn Regressor> {
        Box::new(self.clone())
    }
}

fn sign(v: f64) -> f64 {
    if v < 0.0 {
        -1.0
    } else if v > 0.0 {
        1.0
    } else {
        0.0
    }
}

/// `v.clamp(-c, c)` for the `c > 0` that `validate` guarantees, the same number for every `v`
/// (NaN included), without `f64::clamp`'s bounds check: its panic message formats the bounds with
/// `{:?}`, which alone kept core's float formatting (~20 KB) in the wasm module.
#[inline]
fn clip(v: f64, c: f64) -> f64 {
    if v < -c {
        -c
    } else if v > c {
        c
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_is_clamp() {
        for v in [
            -3.0,
            -1.0,
            -0.5,
            -0.0,
            0.0,
            0.5,
            1.0,
            3.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(clip(v, 1.0).to_bits(), v.clamp(-1.0, 1.0).to_bits(), "{v}");
        }
        assert!(clip(f64::NAN, 1.0).is_nan());
    }

    #[test]
    fn fast_interactions_equal_the_pairwise_sum() {
        let mut fm = FmRegressor::new(FmConfig {
            seed: 3,
            ..FmConfig::default()
        })
        .unwrap();
        let x = [(0, 1.0), (4, 0.5), (2, -2.0), (7, 3.0)];
        fm.learn_one(&x, 1.0).unwrap();
        let mut pair = fm.intercept();
        for (a, &(i, xi)) in x.iter().enumerate() {
            pair += fm.weight(i) * xi;
            for &(j, xj) in &x[a + 1..] {
                pair += fm.interaction(i, j) * xi * xj;
            }
        }
        assert!((fm.predict_one(&x) - pair).abs() < 1e-12);
    }

    #[test]
    fn predict_has_no_side_effects() {
        let mut fm = FmRegressor::new(FmConfig::default()).unwrap();
        fm.learn_one(&[(0, 1.0), (1, 1.0)], 5.0).unwrap();
        let before = fm.clone();
        let a = fm.predict_one(&[(0, 1.0), (1, 1.0)]);
        let b = fm.predict_one(&[(0, 1.0), (1, 1.0), (99, 1.0)]);
        let b2 = fm.predict_one(&[(0, 1.0), (1, 1.0), (99, 1.0)]);
        assert_eq!(fm, before);
        assert_eq!(a, fm.predict_one(&[(0, 1.0), (1, 1.0)]));
        assert_eq!(b, b2);
        assert_ne!(
            a, b,
            "a new feature interacts through its (pending) random latent"
        );
    }

    #[test]
    fn bad_config_is_named() {
        let e = FmRegressor::new(FmConfig {
            n_factors: 0,
            ..FmConfig::default()
        })
        .unwrap_err();
        assert!(e.contains("n_factors"), "{e}");
        let e = FmRegressor::new(FmConfig {
            lr: f64::NAN,
            ..FmConfig::default()
        })
        .unwrap_err();
        assert!(e.contains("model.lr"), "{e}");
    }
}
