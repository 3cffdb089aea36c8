//! The model spec: a serde-JSON description of a pipeline, validated on construction.
//!
//! ```json
//! {
//!   "scaler": "standard",          // "standard" | "maxabs" | "none"          (default "standard")
//!   "scale_one_hot": false,        // scale one-hot keys too (River-exact)    (default false)
//!   "target_scaler": true,         // TargetStandardScaler around the model   (default true)
//!   "model": {
//!     "type": "linear",
//!     "optimizer": {"type": "sgd", "lr": 0.01},   // or adam / adagrad / rmsprop / ftrl
//!     "loss": {"type": "squared"},                 // or huber{epsilon} / absolute / quantile{alpha}
//!     "l2": 0.0, "intercept_lr": 0.01, "clip_gradient": 1e12
//!   }
//! }
//! ```
//! Every field is optional (River's defaults); unknown fields are errors. A learning rate `lr`
//! is a number or a schedule: `{"type": "inverse_scaling", "learning_rate": 0.1, "power": 0.5}`,
//! `{"type": "optimal", "alpha": 1e-4}`, `{"type": "constant", "learning_rate": 0.1}`.

use crate::learn::compose::Pipeline;
use crate::learn::error::{LearnError, Result};
use crate::learn::linear_model::LinearRegression;
use crate::learn::optim::{AdaGrad, Adam, FtrlProximal, Loss, Optimizer, RMSProp, Schedule, Sgd};
use crate::learn::preprocessing::{MaxAbsScaler, StandardScaler};
use crate::learn::{Regressor, Transformer};
use serde::{Deserialize, Serialize};

/// The whole pipeline: feature scaler, optional target scaler, regressor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Feature scaler.
    #[serde(default)]
    pub scaler: ScalerKind,
    /// Whether one-hot (categorical) keys go through the scaler. `false` (default) passes them
    /// through as 1: a StandardScaler maps a one-hot to 0 (zero variance), erasing it.
    #[serde(default)]
    pub scale_one_hot: bool,
    /// Wrap the regressor in a TargetStandardScaler.
    #[serde(default = "yes")]
    pub target_scaler: bool,
    /// The regressor.
    #[serde(default)]
    pub model: ModelSpec,
}

fn yes() -> bool {
    true
}

impl Default for Spec {
    /// `StandardScaler` on numeric features (one-hots pass through), `TargetStandardScaler`,
    /// `LinearRegression` with River's defaults (SGD 0.01, squared loss, intercept_lr 0.01).
    fn default() -> Self {
        Spec {
            scaler: ScalerKind::Standard,
            scale_one_hot: false,
            target_scaler: true,
            model: ModelSpec::default(),
        }
    }
}

/// Feature scalers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScalerKind {
    /// River's StandardScaler.
    #[default]
    Standard,
    /// River's MaxAbsScaler.
    Maxabs,
    /// No scaling.
    None,
}

/// The regressor. New regressors add a variant here and a branch in [`ModelSpec::build`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ModelSpec {
    /// Linear regression.
    Linear(LinearSpec),
    /// Factorization machine (`facto.FMRegressor`), see [`crate::learn::facto`].
    #[cfg(feature = "fm")]
    Fm(crate::learn::facto::FmConfig),
    /// Aggregated Mondrian forest (`forest.AMFRegressor`), see [`crate::learn::forest`].
    #[cfg(feature = "forest")]
    Amf(crate::learn::forest::AmfConfig),
}

impl Default for ModelSpec {
    fn default() -> Self {
        ModelSpec::Linear(LinearSpec::default())
    }
}

/// `linear_model.LinearRegression` hyperparameters (River's defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearSpec {
    /// Optimizer of the weights.
    #[serde(default)]
    pub optimizer: OptimizerSpec,
    /// Loss.
    #[serde(default = "squared")]
    pub loss: Loss,
    /// L2 penalty on the weights of present features.
    #[serde(default)]
    pub l2: f64,
    /// Constant learning rate of the intercept (0 freezes it).
    #[serde(default = "lr_001")]
    pub intercept_lr: f64,
    /// Bound on the absolute scalar loss gradient.
    #[serde(default = "clip")]
    pub clip_gradient: f64,
}

impl Default for LinearSpec {
    fn default() -> Self {
        LinearSpec {
            optimizer: OptimizerSpec::default(),
            loss: Loss::Squared,
            l2: 0.0,
            intercept_lr: 0.01,
            clip_gradient: 1e12,
        }
    }
}

fn squared() -> Loss {
    Loss::Squared
}
fn lr_001() -> f64 {
    0.01
}
fn clip() -> f64 {
    1e12
}

/// Optimizers, with River's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum OptimizerSpec {
    /// SGD (lr 0.01).
    Sgd {
        /// Learning rate or schedule.
        #[serde(default = "lr_sgd")]
        lr: Lr,
    },
    /// Adam (lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8).
    Adam {
        /// Learning rate or schedule.
        #[serde(default = "lr_01")]
        lr: Lr,
        /// β₁.
        #[serde(default = "b1")]
        beta_1: f64,
        /// β₂.
        #[serde(default = "b2")]
        beta_2: f64,
        /// ε.
        #[serde(default = "eps")]
        eps: f64,
    },
    /// AdaGrad (lr 0.1, ε 1e-8).
    Adagrad {
        /// Learning rate or schedule.
        #[serde(default = "lr_01")]
        lr: Lr,
        /// ε.
        #[serde(default = "eps")]
        eps: f64,
    },
    /// RMSProp (lr 0.1, ρ 0.9, ε 1e-8).
    Rmsprop {
        /// Learning rate or schedule.
        #[serde(default = "lr_01")]
        lr: Lr,
        /// ρ.
        #[serde(default = "b1")]
        rho: f64,
        /// ε.
        #[serde(default = "eps")]
        eps: f64,
    },
    /// FTRL-Proximal (α 0.05, β 1, λ₁ 0, λ₂ 1).
    Ftrl {
        /// α.
        #[serde(default = "ftrl_alpha")]
        alpha: f64,
        /// β.
        #[serde(default = "one")]
        beta: f64,
        /// λ₁.
        #[serde(default)]
        l1: f64,
        /// λ₂.
        #[serde(default = "one")]
        l2: f64,
    },
}

impl Default for OptimizerSpec {
    fn default() -> Self {
        OptimizerSpec::Sgd { lr: lr_sgd() }
    }
}

fn lr_sgd() -> Lr {
    Lr(Schedule::Constant {
        learning_rate: 0.01,
    })
}
fn lr_01() -> Lr {
    Lr(Schedule::Constant { learning_rate: 0.1 })
}
fn b1() -> f64 {
    0.9
}
fn b2() -> f64 {
    0.999
}
fn eps() -> f64 {
    1e-8
}
fn ftrl_alpha() -> f64 {
    0.05
}
fn one() -> f64 {
    1.0
}

/// A learning rate: a number (constant) or a [`Schedule`] object. Serialized as a plain number
/// when constant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lr(pub Schedule);

impl Serialize for Lr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0 {
            Schedule::Constant { learning_rate } => s.serialize_f64(learning_rate),
            ref other => other.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Lr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::Number(n) => match n.as_f64() {
                Some(learning_rate) => Ok(Lr(Schedule::Constant { learning_rate })),
                None => Err(serde::de::Error::custom("lr is not a number")),
            },
            serde_json::Value::Object(_) => serde_json::from_value::<Schedule>(v)
                .map(Lr)
                .map_err(|e| serde::de::Error::custom(format!("lr schedule: {e}"))),
            other => Err(serde::de::Error::custom(format!(
                "lr must be a number or a schedule object, got {other}"
            ))),
        }
    }
}

fn check(ok: bool, msg: impl FnOnce() -> String) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(LearnError::BadSpec(msg()))
    }
}

impl Spec {
    /// Parses and validates a spec from JSON text.
    pub fn from_json(text: &str) -> Result<Spec> {
        let spec: Spec =
            serde_json::from_str(text).map_err(|e| LearnError::BadSpec(e.to_string()))?;
        spec.validate()?;
        Ok(spec)
    }

    /// The spec as JSON text (every field filled).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks every hyperparameter's range.
    pub fn validate(&self) -> Result<()> {
        match &self.model {
            ModelSpec::Linear(l) => l.validate(),
            #[cfg(feature = "fm")]
            ModelSpec::Fm(c) => c.validate().map_err(LearnError::BadSpec),
            #[cfg(feature = "forest")]
            ModelSpec::Amf(c) => c.validate().map_err(LearnError::BadSpec),
        }
    }

    /// Builds the (untrained) pipeline this spec describes.
    pub fn build(&self) -> Result<Pipeline> {
        self.validate()?;
        let transformers: Vec<Box<dyn Transformer>> = match self.scaler {
            ScalerKind::Standard => vec![Box::new(StandardScaler::default())],
            ScalerKind::Maxabs => vec![Box::new(MaxAbsScaler::default())],
            ScalerKind::None => vec![],
        };
        Ok(Pipeline::new(
            transformers,
            !self.scale_one_hot,
            self.target_scaler,
            self.model.build()?,
        ))
    }
}

impl ModelSpec {
    /// Builds the regressor.
    pub fn build(&self) -> Result<Box<dyn Regressor>> {
        match self {
            #[cfg(feature = "fm")]
            ModelSpec::Fm(c) => Ok(Box::new(
                crate::learn::facto::FmRegressor::new(c.clone()).map_err(LearnError::BadSpec)?,
            )),
            #[cfg(feature = "forest")]
            ModelSpec::Amf(c) => Ok(Box::new(
                crate::learn::forest::AmfRegressor::new(c.clone()).map_err(LearnError::BadSpec)?,
            )),
            ModelSpec::Linear(l) => {
                l.validate()?;
                let opt = l.optimizer.build(&l.loss);
                Ok(Box::new(LinearRegression::new(
                    opt,
                    l.loss,
                    l.l2,
                    Schedule::Constant {
                        learning_rate: l.intercept_lr,
                    },
                    l.clip_gradient,
                )))
            }
        }
    }
}

impl LinearSpec {
    fn validate(&self) -> Result<()> {
        self.loss.validate().map_err(LearnError::BadSpec)?;
        check(self.l2.is_finite() && self.l2 >= 0.0, || {
            format!("model.l2 must be a finite number ≥ 0, got {}", self.l2)
        })?;
        check(
            self.intercept_lr.is_finite() && self.intercept_lr >= 0.0,
            || {
                format!(
                    "model.intercept_lr must be a finite number ≥ 0, got {}",
                    self.intercept_lr
                )
            },
        )?;
        check(
            self.clip_gradient > 0.0 && !self.clip_gradient.is_nan(),
            || {
                format!(
                    "model.clip_gradient must be > 0, got {}",
                    self.clip_gradient
                )
            },
        )?;
        self.optimizer.validate()
    }
}

impl OptimizerSpec {
    fn validate(&self) -> Result<()> {
        let unit = |name: &str, v: f64| {
            check((0.0..1.0).contains(&v), || {
                format!("optimizer.{name} must be in [0, 1), got {v}")
            })
        };
        let pos = |name: &str, v: f64| {
            check(v.is_finite() && v > 0.0, || {
                format!("optimizer.{name} must be a positive number, got {v}")
            })
        };
        let nonneg = |name: &str, v: f64| {
            check(v.is_finite() && v >= 0.0, || {
                format!("optimizer.{name} must be a finite number ≥ 0, got {v}")
            })
        };
        let lr = |l: &Lr| l.0.validate("optimizer.lr").map_err(LearnError::BadSpec);
        match self {
            OptimizerSpec::Sgd { lr: l } => lr(l),
            OptimizerSpec::Adam {
                lr: l,
                beta_1,
                beta_2,
                eps,
            } => {
                lr(l)?;
                unit("beta_1", *beta_1)?;
                unit("beta_2", *beta_2)?;
                pos("eps", *eps)
            }
            OptimizerSpec::Adagrad { lr: l, eps } => {
                lr(l)?;
                pos("eps", *eps)
            }
            OptimizerSpec::Rmsprop { lr: l, rho, eps } => {
                lr(l)?;
                unit("rho", *rho)?;
                pos("eps", *eps)
            }
            OptimizerSpec::Ftrl {
                alpha,
                beta,
                l1,
                l2,
            } => {
                pos("alpha", *alpha)?;
                nonneg("beta", *beta)?;
                nonneg("l1", *l1)?;
                nonneg("l2", *l2)
            }
        }
    }

    /// Builds the optimizer (the loss resolves the "optimal" schedule).
    pub fn build(&self, loss: &Loss) -> Box<dyn Optimizer> {
        match *self {
            OptimizerSpec::Sgd { lr } => Box::new(Sgd::new(lr.0.resolve(loss))),
            OptimizerSpec::Adam {
                lr,
                beta_1,
                beta_2,
                eps,
            } => Box::new(Adam::new(lr.0.resolve(loss), beta_1, beta_2, eps)),
            OptimizerSpec::Adagrad { lr, eps } => Box::new(AdaGrad::new(lr.0.resolve(loss), eps)),
            OptimizerSpec::Rmsprop { lr, rho, eps } => {
                Box::new(RMSProp::new(lr.0.resolve(loss), rho, eps))
            }
            OptimizerSpec::Ftrl {
                alpha,
                beta,
                l1,
                l2,
            } => Box::new(FtrlProximal::new(alpha, beta, l1, l2)),
        }
    }
}
