use crate::learn::error::{check_finite, check_len, LearnError, Result};
use crate::learn::json::{obj, Fields, Float, Json};
use crate::learn::optim::{Loss, Optimizer, Schedule};
#[cfg(feature = "normal-init")]
use crate::learn::rng::Mt19937;
use crate::learn::{slot, Feature, Regressor};

/// Online binary logistic regression, exactly River's `linear_model.LogisticRegression` on
/// `learn_one` / `predict_proba_one`.
///
/// Labels are `y ∈ {0, 1}` (false / true). With the logit `z = Σᵢ wᵢxᵢ + b` over the features
/// present (absent or unknown features count 0):
/// - `predict_one` (this crate's [`Regressor`] face) is `P(y = 1) = σ(z)`, River's
///   `sigmoid`: 0 if `z < −30`, 1 if `z > 30`, else `1 / (1 + e^−z)`; the label is `σ(z) > 0.5`.
///
/// `learn_one(x, y)`, in River's order (`GLM._fit`):
/// 1. weights of features of `x` never learnt start at the initializer's value (River's
///    learn-mode `VectorDict`: 0 for `Zeros`, `c` for `Constant(c)`, and for `Normal(μ, σ,
///    seed)` the next draw of numpy's `RandomState(seed).normal(μ, σ)`, one per new weight in
///    the order of `x`), and `z` uses them;
/// 2. `ℓ = clamp(∇loss(y, z), −clip, clip)`, the loss being Log (`−s/(e^{sz} + 1)`,
///    `s = 2y − 1`) or Hinge;
/// 3. `gᵢ = ℓ·xᵢ + λ₂·wᵢ` for each feature **present in x**;
/// 4. `b ← b − η_b·ℓ` (the intercept's own constant rate, never regularised);
/// 5. the optimizer steps the weights of the present features and increments its `t`;
/// 6. with `λ₁ > 0` (River's cumulative L1 penalty, Tsuruoka et al. 2009): `u ← u + λ₁·η(t)`
///    (`η(t)` the optimizer's rate after its step), then for each `j` in `x`: `w⁺ = max(0,
///    wⱼ − (u + qⱼ))` if `wⱼ > 0`, `min(0, wⱼ + (u − qⱼ))` if `wⱼ < 0`, and `qⱼ ← qⱼ + (w⁺ − wⱼ)`.
///
/// The intercept starts at `intercept_init`. Cost per sample is O(|x|).
///
/// ```
/// use rivulet::learn::linear_model::LogisticRegression;
/// use rivulet::learn::metrics::LogLoss;
/// use rivulet::learn::optim::{Loss, Sgd, Schedule};
/// use rivulet::learn::Regressor;
/// let opt = Sgd::new(Schedule::Constant { learning_rate: 0.5 });
/// let mut lr = LogisticRegression::new(Box::new(opt), Loss::LOG, 0.0, 0.0, 0.0, 0.01, 1e12, 0.0);
/// let mut metric = LogLoss::default();
/// for i in 0..200 {
///     let x = f64::from(i % 10) - 4.5; // true exactly when x > 0
///     let p = lr.predict_one(&[(0, x)]);
///     let y = x > 0.0;
///     metric.update(y, p).unwrap();
///     lr.learn_one(&[(0, x)], f64::from(u8::from(y))).unwrap();
/// }
/// // Progressive log loss over the 200 samples, as River computes it on the same stream.
/// assert!((metric.get() - 0.05209131367786564).abs() < 1e-12, "{}", metric.get());
/// assert!(lr.predict_one(&[(0, 2.0)]) > 0.99);
/// ```
#[derive(Debug, Clone)]
pub struct LogisticRegression {
    optimizer: Box<dyn Optimizer>,
    loss: Loss,
    l2: f64,
    l1: f64,
    intercept_lr: Schedule,
    clip_gradient: f64,
    init: Init,
    st: State,
    grad: Vec<Feature>,
}

/// Where new weights start.
#[derive(Debug, Clone)]
enum Init {
    Constant(f64),
    /// numpy's generator, its state saved with the weights (so a restored model draws on).
    #[cfg(feature = "normal-init")]
    Normal {
        mu: f64,
        sigma: f64,
        rng: Box<Mt19937>,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
struct State {
    intercept: f64,
    weights: Vec<f64>,
    /// With a non-zero initializer: which weights exist (River's dict keys).
    known: Vec<bool>,
    /// With `l1`: the cumulative penalty `u` and each weight's applied penalty `qⱼ`.
    max_cum_l1: f64,
    cum_l1: Vec<f64>,
}

/// River's `utils.math.sigmoid`.
pub fn sigmoid(z: f64) -> f64 {
    if z < -30.0 {
        0.0
    } else if z > 30.0 {
        1.0
    } else {
        1.0 / (1.0 + (-z).exp())
    }
}

impl LogisticRegression {
    /// A logistic regression; River's defaults are SGD(0.01), Log loss, l2 0, l1 0,
    /// intercept_init 0, intercept_lr 0.01, clip_gradient 1e12, a zero initializer (`init`,
    /// the value new weights start at). `l1` and `l2` may not both be non-zero (River refuses
    /// it too); the spec checks this.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        optimizer: Box<dyn Optimizer>,
        loss: Loss,
        l2: f64,
        l1: f64,
        intercept_init: f64,
        intercept_lr: f64,
        clip_gradient: f64,
        init: f64,
    ) -> Self {
        LogisticRegression {
            optimizer,
            loss,
            l2,
            l1,
            intercept_lr: Schedule::Constant {
                learning_rate: intercept_lr,
            },
            clip_gradient,
            init: Init::Constant(init),
            st: State {
                intercept: intercept_init,
                ..State::default()
            },
            grad: Vec::new(),
        }
    }

    /// (Cargo feature `normal-init`.) New weights start at draws of numpy's `RandomState(seed).normal(mu, sigma)` (River's
    /// `optim.initializers.Normal(mu, sigma, seed)`), in place of the constant.
    #[cfg(feature = "normal-init")]
    pub fn with_normal_initializer(mut self, mu: f64, sigma: f64, seed: u32) -> Self {
        self.init = Init::Normal {
            mu,
            sigma,
            rng: Box::new(Mt19937::numpy(seed)),
        };
        self
    }

    /// The weight of feature `id` (0 if never learnt).
    pub fn weight(&self, id: u32) -> f64 {
        self.st.weights.get(id as usize).copied().unwrap_or(0.0)
    }

    /// The logit `Σ wᵢxᵢ + b`.
    pub fn logit(&self, x: &[Feature]) -> f64 {
        let w = &self.st.weights;
        let mut s = 0.0;
        for &(i, xi) in x {
            if let Some(wi) = w.get(i as usize) {
                s += wi * xi;
            }
        }
        s + self.st.intercept
    }

    /// Gives the weights of `x` never learnt the initializer's value, in `x`'s order.
    fn initialize(&mut self, x: &[Feature]) {
        for &(i, _) in x {
            let known = slot(&mut self.st.known, i as usize);
            if !*known {
                *known = true;
                *slot(&mut self.st.weights, i as usize) = match &mut self.init {
                    Init::Constant(c) => *c,
                    #[cfg(feature = "normal-init")]
                    Init::Normal { mu, sigma, rng } => rng.numpy_normal(*mu, *sigma),
                };
            }
        }
    }

    /// River's cumulative L1 penalty on the weights of `x`, after the optimizer's step.
    fn apply_l1(&mut self, x: &[Feature]) {
        let lr = self.optimizer.learning_rate().unwrap_or(0.0);
        self.st.max_cum_l1 += self.l1 * lr;
        let u = self.st.max_cum_l1;
        for &(j, _) in x {
            let j = j as usize;
            let q = *slot(&mut self.st.cum_l1, j);
            let w = slot(&mut self.st.weights, j);
            let before = *w;
            if before > 0.0 {
                *w = f64::max(0.0, before - (u + q));
            } else if before < 0.0 {
                *w = f64::min(0.0, before + (u - q));
            }
            let after = *w;
            self.st.cum_l1[j] = q + (after - before);
        }
    }
}

impl Regressor for LogisticRegression {
    /// `P(y = 1 | x)`.
    fn predict_one(&self, x: &[Feature]) -> f64 {
        sigmoid(self.logit(x))
    }

    fn learn_one(&mut self, x: &[Feature], y: f64) -> Result<()> {
        if !matches!(self.init, Init::Constant(c) if c == 0.0) {
            self.initialize(x);
        }
        let z = self.logit(x);
        if !z.is_finite() {
            return Err(LearnError::Diverged(format!(
                "the logit {} is not finite; lower the learning rate",
                Float(z)
            )));
        }
        let lg = self
            .loss
            .gradient(y, z)
            .min(self.clip_gradient)
            .max(-self.clip_gradient);
        self.st.intercept -= self.intercept_lr.get(self.optimizer.n_iterations()) * lg;
        let finite =
            self.optimizer
                .step_linear(&mut self.st.weights, x, lg, self.l2, &mut self.grad);
        if self.l1 != 0.0 {
            self.apply_l1(x);
        }
        if !finite || !self.st.intercept.is_finite() {
            return Err(LearnError::Diverged(
                "a weight became infinite; lower the learning rate".into(),
            ));
        }
        Ok(())
    }

    fn weights(&self) -> Vec<Feature> {
        self.st
            .weights
            .iter()
            .enumerate()
            .filter(|(_, w)| **w != 0.0)
            .map(|(i, w)| (i as u32, *w))
            .collect()
    }

    fn intercept(&self) -> Option<f64> {
        Some(self.st.intercept)
    }

    fn is_classifier(&self) -> bool {
        true
    }

    #[cfg(feature = "normal-init")]
    fn draws_new_weights(&self) -> bool {
        matches!(self.init, Init::Normal { .. })
    }

    /// The logit's parts: `wᵢxᵢ` per feature, then the intercept.
    #[cfg(feature = "explain")]
    fn explain(&self, x: &[Feature]) -> Option<crate::learn::explain::Terms> {
        Some(crate::learn::explain::linear_terms(
            &self.st.weights,
            self.st.intercept,
            x,
        ))
    }

    fn state(&self) -> Json {
        let known: Vec<u32> = (0..self.st.known.len() as u32)
            .filter(|&i| self.st.known[i as usize])
            .collect();
        #[cfg_attr(not(feature = "normal-init"), allow(unused_mut))]
        let mut state = obj([
            ("intercept", self.st.intercept.into()),
            ("optimizer", self.optimizer.state()),
            ("weights", self.st.weights.as_slice().into()),
            ("known", known.as_slice().into()),
            ("max_cum_l1", self.st.max_cum_l1.into()),
            ("cum_l1", self.st.cum_l1.as_slice().into()),
        ]);
        #[cfg(feature = "normal-init")]
        if let (Init::Normal { rng, .. }, Json::Obj(fields)) = (&self.init, &mut state) {
            fields.push(("rng".into(), rng.to_value()));
        }
        state
    }

    fn load_state(&mut self, state: Json, n_features: usize) -> Result<()> {
        let mut f = Fields::state("logistic regression", state)?;
        let mut st = State {
            intercept: f.f64("intercept")?,
            weights: f.f64_vec("weights")?,
            ..State::default()
        };
        let optimizer = f.req("optimizer")?;
        let known = f.u32_vec("known")?;
        let top = known.iter().map(|&i| i as usize + 1).max().unwrap_or(0);
        check_len("logistic regression", " known ids", top, n_features)?;
        for id in known {
            *slot(&mut st.known, id as usize) = true;
        }
        st.max_cum_l1 = f.f64("max_cum_l1")?;
        st.cum_l1 = f.f64_vec("cum_l1")?;
        // A normal initializer's generator: required with one, refused without (finish()).
        #[cfg_attr(not(feature = "normal-init"), allow(unused_mut))]
        let mut init = self.init.clone();
        #[cfg(feature = "normal-init")]
        if let Init::Normal { rng, .. } = &mut init {
            let saved = Mt19937::read(f.object("rng")?)?;
            if !saved.is_valid() {
                return Err(LearnError::BadState(
                    "logistic regression rng: not an MT19937 state".into(),
                ));
            }
            **rng = saved;
        }
        f.finish()?;
        check_len(
            "logistic regression",
            " weights",
            st.weights.len(),
            n_features,
        )?;
        check_len(
            "logistic regression",
            " cum_l1",
            st.cum_l1.len(),
            n_features,
        )?;
        check_finite("logistic regression", " weights", &st.weights)?;
        check_finite("logistic regression", " cum_l1", &st.cum_l1)?;
        check_finite(
            "logistic regression",
            " intercept",
            &[st.intercept, st.max_cum_l1],
        )?;
        let mut opt = self.optimizer.box_clone();
        opt.load_state(optimizer, n_features)?;
        self.optimizer = opt;
        self.init = init;
        self.st = st;
        Ok(())
    }

    fn box_clone(&self) -> Box<dyn Regressor> {
        Box::new(self.clone())
    }
}
