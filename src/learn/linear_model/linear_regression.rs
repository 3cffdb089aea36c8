use crate::learn::error::{check_finite, check_len, LearnError, Result};
use crate::learn::json::{obj, Fields, Float, Json};
use crate::learn::optim::{Loss, Optimizer, Schedule};
use crate::learn::{Feature, Regressor};

/// Online linear regression, exactly River's `linear_model.LinearRegression` on `learn_one`.
///
/// Prediction: `ŷ = Σᵢ wᵢxᵢ + b` over the features present (absent or unknown features count 0).
/// `learn_one(x, y)`, in River's order:
/// 1. `ℓ = clamp(∇loss(y, ŷ), −clip, clip)` — the *scalar* loss gradient is clipped;
/// 2. `gᵢ = ℓ·xᵢ + λ₂·wᵢ` for each feature **present in x** (l2 never touches absent weights);
/// 3. `b ← b − η_b(t)·ℓ`, with `t` the optimizer's iteration count *before* its step (the intercept
///    has its own schedule and is never regularised);
/// 4. the optimizer steps the weights of the present features and increments `t`.
///
/// Weights start at 0. Cost per sample is O(|x|).
///
/// ```
/// use rivulet::learn::linear_model::LinearRegression;
/// use rivulet::learn::optim::{Loss, Schedule, Sgd};
/// use rivulet::learn::Regressor;
/// let opt = Sgd::new(Schedule::Constant { learning_rate: 0.1 });
/// let mut lr = LinearRegression::new(Box::new(opt), Loss::Squared, 0.0, Schedule::Constant { learning_rate: 0.01 }, 1e12);
/// lr.learn_one(&[(0, 1.0), (1, 2.0)], 3.0).unwrap();
/// // ℓ = 2(0 − 3) = −6: w = −0.1·(−6)·x = (0.6, 1.2), b = 0.06
/// assert!((lr.predict_one(&[(0, 1.0), (1, 2.0)]) - (0.6 + 2.4 + 0.06)).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct LinearRegression {
    optimizer: Box<dyn Optimizer>,
    loss: Loss,
    l2: f64,
    intercept_lr: Schedule,
    clip_gradient: f64,
    st: State,
    grad: Vec<Feature>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct State {
    intercept: f64,
    weights: Vec<f64>,
}

impl LinearRegression {
    /// A linear regression; River's defaults are SGD(0.01), squared loss, l2 0, intercept_lr
    /// 0.01, clip_gradient 1e12.
    pub fn new(
        optimizer: Box<dyn Optimizer>,
        loss: Loss,
        l2: f64,
        intercept_lr: Schedule,
        clip_gradient: f64,
    ) -> Self {
        LinearRegression {
            optimizer,
            loss,
            l2,
            intercept_lr,
            clip_gradient,
            st: State::default(),
            grad: Vec::new(),
        }
    }

    /// The intercept.
    pub fn intercept(&self) -> f64 {
        self.st.intercept
    }

    /// The weight of feature `id` (0 if never learnt).
    pub fn weight(&self, id: u32) -> f64 {
        self.st.weights.get(id as usize).copied().unwrap_or(0.0)
    }

    fn raw_dot(&self, x: &[Feature]) -> f64 {
        let w = &self.st.weights;
        let mut s = 0.0;
        for &(i, xi) in x {
            if let Some(wi) = w.get(i as usize) {
                s += wi * xi;
            }
        }
        s + self.st.intercept
    }
}

impl Regressor for LinearRegression {
    fn predict_one(&self, x: &[Feature]) -> f64 {
        self.raw_dot(x)
    }

    fn learn_one(&mut self, x: &[Feature], y: f64) -> Result<()> {
        let p = self.raw_dot(x);
        if !p.is_finite() {
            return Err(LearnError::Diverged(format!(
                "the prediction {} is not finite; lower the learning rate",
                Float(p)
            )));
        }
        // River's clamp: an infinite gradient (huge residual) is clipped like any other.
        let lg = self
            .loss
            .gradient(y, p)
            .min(self.clip_gradient)
            .max(-self.clip_gradient);
        // The intercept reads the iteration count before the optimizer's step increments it.
        self.st.intercept -= self.intercept_lr.get(self.optimizer.n_iterations()) * lg;
        let finite =
            self.optimizer
                .step_linear(&mut self.st.weights, x, lg, self.l2, &mut self.grad);
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

    #[cfg(not(target_arch = "wasm32"))]
    fn linear(&self) -> Option<(&[f64], f64)> {
        Some((&self.st.weights, self.st.intercept))
    }

    #[cfg(feature = "explain")]
    fn explain(&self, x: &[Feature]) -> Option<crate::learn::explain::Terms> {
        Some(crate::learn::explain::linear_terms(
            &self.st.weights,
            self.st.intercept,
            x,
        ))
    }

    fn state(&self) -> Json {
        obj([
            ("intercept", self.st.intercept.into()),
            ("optimizer", self.optimizer.state()),
            ("weights", self.st.weights.as_slice().into()),
        ])
    }

    fn load_state(&mut self, state: Json, n_features: usize) -> Result<()> {
        let mut f = Fields::state("linear regression", state)?;
        let st = State {
            intercept: f.f64("intercept")?,
            weights: f.f64_vec("weights")?,
        };
        let optimizer = f.req("optimizer")?;
        f.finish()?;
        check_len(
            "linear regression",
            " weights",
            st.weights.len(),
            n_features,
        )?;
        check_finite("linear regression", " weights", &st.weights)?;
        check_finite("linear regression", " intercept", &[st.intercept])?;
        let mut opt = self.optimizer.box_clone();
        opt.load_state(optimizer, n_features)?;
        self.optimizer = opt;
        self.st = st;
        Ok(())
    }

    fn box_clone(&self) -> Box<dyn Regressor> {
        Box::new(self.clone())
    }
}
