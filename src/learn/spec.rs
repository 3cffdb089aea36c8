//! The model spec: a JSON description of a pipeline, validated on construction.
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
//! A binary classifier is `{"model": {"type": "logistic", ...}}` (River's LogisticRegression:
//! the same optimizer and `l2` / `intercept_lr` / `clip_gradient` keys, `loss` `{"type": "log"}`
//! (default) or `{"type": "hinge", "threshold": 1}`, plus `l1`, `intercept_init` and
//! `initializer` `{"type": "zeros"}` / `{"type": "constant", "value": c}`); `target_scaler`
//! then defaults to (and must be) false.
//! Every field is optional (River's defaults); unknown fields are errors. A learning rate `lr`
//! is a number or a schedule: `{"type": "inverse_scaling", "learning_rate": 0.1, "power": 0.5}`,
//! `{"type": "optimal", "alpha": 1e-4}`, `{"type": "constant", "learning_rate": 0.1}`.

use crate::learn::compose::Pipeline;
use crate::learn::compose::Step;
use crate::learn::error::{LearnError, Result};
use crate::learn::json::{core_f64, obj, parse_with, Fields, Float, Json, ParseF64};
use crate::learn::linear_model::{LinearRegression, LogisticRegression};
use crate::learn::optim::{AdaGrad, Adam, FtrlProximal, Loss, Optimizer, RMSProp, Schedule, Sgd};
use crate::learn::preprocessing::{MaxAbsScaler, StandardScaler};
use crate::learn::Regressor;

/// The whole pipeline: feature scaler, optional target scaler, regressor.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Feature scaler.
    pub scaler: ScalerKind,
    /// Whether one-hot (categorical) keys go through the scaler. `false` (default) passes them
    /// through as 1: a StandardScaler maps a one-hot to 0 (zero variance), erasing it.
    pub scale_one_hot: bool,
    /// Wrap the regressor in a TargetStandardScaler.
    pub target_scaler: bool,
    /// The regressor.
    pub model: ModelSpec,
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq)]
pub enum ModelSpec {
    /// Linear regression.
    Linear(LinearSpec),
    /// Binary logistic regression (a classifier: `predict_one` is `P(y = 1)`).
    Logistic(LogisticSpec),
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
#[derive(Debug, Clone, PartialEq)]
pub struct LinearSpec {
    /// Optimizer of the weights.
    pub optimizer: OptimizerSpec,
    /// Loss.
    pub loss: Loss,
    /// L2 penalty on the weights of present features.
    pub l2: f64,
    /// Constant learning rate of the intercept (0 freezes it).
    pub intercept_lr: f64,
    /// Bound on the absolute scalar loss gradient.
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

/// `linear_model.LogisticRegression` hyperparameters (River's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticSpec {
    /// Optimizer of the weights.
    pub optimizer: OptimizerSpec,
    /// Loss: `Log` (default) or `Hinge`.
    pub loss: Loss,
    /// L2 penalty on the weights of present features.
    pub l2: f64,
    /// Cumulative L1 penalty (not together with `l2`, as River).
    pub l1: f64,
    /// Initial intercept.
    pub intercept_init: f64,
    /// Constant learning rate of the intercept (0 freezes it).
    pub intercept_lr: f64,
    /// Bound on the absolute scalar loss gradient.
    pub clip_gradient: f64,
    /// How new weights start (River's `optim.initializers`).
    pub initializer: Initializer,
}

/// How a logistic model's new weights start: River's `optim.initializers`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Initializer {
    /// `Zeros` (`Constant(0.0)`) or `Constant(c)`: every new weight starts at `c`.
    Constant(f64),
    /// `Normal(mu, sigma, seed)`: each new weight is the next draw of numpy's
    /// `RandomState(seed).normal(mu, sigma)`, in the order the features reach the model
    /// (cargo feature `normal-init`).
    #[cfg(feature = "normal-init")]
    Normal {
        /// Mean of the draws.
        mu: f64,
        /// Standard deviation of the draws (≥ 0).
        sigma: f64,
        /// numpy's seed (0 by default: River's `seed=None` draws a fresh seed per run, which no
        /// saved model could continue).
        seed: u32,
    },
}

impl Default for LogisticSpec {
    fn default() -> Self {
        LogisticSpec {
            optimizer: OptimizerSpec::default(),
            loss: Loss::LOG,
            l2: 0.0,
            l1: 0.0,
            intercept_init: 0.0,
            intercept_lr: 0.01,
            clip_gradient: 1e12,
            initializer: Initializer::Constant(0.0),
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
#[derive(Debug, Clone, PartialEq)]
pub enum OptimizerSpec {
    /// SGD (lr 0.01).
    Sgd {
        /// Learning rate or schedule.
        lr: Lr,
    },
    /// Adam (lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8).
    Adam {
        /// Learning rate or schedule.
        lr: Lr,
        /// β₁.
        beta_1: f64,
        /// β₂.
        beta_2: f64,
        /// ε.
        eps: f64,
    },
    /// AdaGrad (lr 0.1, ε 1e-8).
    Adagrad {
        /// Learning rate or schedule.
        lr: Lr,
        /// ε.
        eps: f64,
    },
    /// RMSProp (lr 0.1, ρ 0.9, ε 1e-8).
    Rmsprop {
        /// Learning rate or schedule.
        lr: Lr,
        /// ρ.
        rho: f64,
        /// ε.
        eps: f64,
    },
    /// FTRL-Proximal (α 0.05, β 1, λ₁ 0, λ₂ 1).
    Ftrl {
        /// α.
        alpha: f64,
        /// β.
        beta: f64,
        /// λ₁.
        l1: f64,
        /// λ₂.
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
        Spec::from_json_with(text, &core_f64)
    }

    /// [`Spec::from_json`] with the JSON number parser given (see [`crate::learn::json::ParseF64`]).
    pub fn from_json_with(text: &str, num: ParseF64<'_>) -> Result<Spec> {
        let v = parse_with(text, num).map_err(|e| LearnError::BadSpec(format!("not JSON: {e}")))?;
        let spec = Spec::from_value(v)?;
        spec.validate()?;
        Ok(spec)
    }

    /// The spec as JSON text (every field filled; empty if a number is not finite, which
    /// [`Spec::validate`] refuses).
    pub fn to_json(&self) -> String {
        self.to_value().to_text().unwrap_or_default()
    }

    /// The spec as a JSON value (every field filled).
    pub fn to_value(&self) -> Json {
        let scaler = match self.scaler {
            ScalerKind::Standard => "standard",
            ScalerKind::Maxabs => "maxabs",
            ScalerKind::None => "none",
        };
        obj([
            ("scaler", scaler.into()),
            ("scale_one_hot", self.scale_one_hot.into()),
            ("target_scaler", self.target_scaler.into()),
            ("model", self.model.to_value()),
        ])
    }

    /// Reads a spec from a JSON value (River's defaults for absent fields, unknown fields
    /// refused); not yet validated.
    pub fn from_value(v: Json) -> Result<Spec> {
        let mut f = Fields::spec("", v)?;
        let scaler = match f.opt("scaler") {
            None => ScalerKind::Standard,
            Some(Json::Str(s)) => match s.as_str() {
                "standard" => ScalerKind::Standard,
                "maxabs" => ScalerKind::Maxabs,
                "none" => ScalerKind::None,
                _ => {
                    let expected = "`standard`, `maxabs`, `none`";
                    return Err(f.error(format!(
                        "scaler: unknown variant `{s}`, expected one of {expected}"
                    )));
                }
            },
            Some(v) => return Err(f.error(format!("`scaler` must be a string, got {}", v.kind()))),
        };
        let scale_one_hot = f.bool_or("scale_one_hot", false)?;
        let model = match f.opt("model") {
            None => ModelSpec::default(),
            Some(v) => ModelSpec::read(Fields::spec("model", v)?)?,
        };
        // A classifier's target is a label: no target scaler unless asked (validate refuses it).
        let classifier = matches!(model, ModelSpec::Logistic(_));
        let spec = Spec {
            scaler,
            scale_one_hot,
            target_scaler: f.bool_or("target_scaler", !classifier)?,
            model,
        };
        f.finish()?;
        Ok(spec)
    }

    /// Checks every hyperparameter's range.
    pub fn validate(&self) -> Result<()> {
        match &self.model {
            ModelSpec::Linear(l) => l.validate(),
            ModelSpec::Logistic(l) => {
                check(!self.target_scaler, || {
                    "target_scaler must be false for a classifier (its target is a label)".into()
                })?;
                l.validate()
            }
            #[cfg(feature = "fm")]
            ModelSpec::Fm(c) => c.validate().map_err(LearnError::BadSpec),
            #[cfg(feature = "forest")]
            ModelSpec::Amf(c) => c.validate().map_err(LearnError::BadSpec),
        }
    }

    /// Builds the (untrained) pipeline this spec describes.
    pub fn build(&self) -> Result<Pipeline> {
        self.validate()?;
        let transformers: Vec<Box<dyn Step>> = match self.scaler {
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

/// The model variants this build has.
const MODEL_TYPES: &[&str] = &[
    "linear",
    "logistic",
    #[cfg(feature = "fm")]
    "fm",
    #[cfg(feature = "forest")]
    "amf",
];

/// Refuses a model type this build was compiled without (cargo features `fm`, `forest`; the npm
/// package's lean entry `rivulet` has neither) saying where it is. Out of line, so
/// `ModelSpec::read` stays as small as without the check.
#[cfg(not(all(feature = "fm", feature = "forest")))]
#[inline(never)]
fn in_this_build(f: &Fields) -> Result<()> {
    let (t, feature) = match f.peek("type") {
        #[cfg(not(feature = "fm"))]
        Some(Json::Str(t)) if t == "fm" => ("fm", "fm"),
        #[cfg(not(feature = "forest"))]
        Some(Json::Str(t)) if t == "amf" => ("amf", "forest"),
        _ => return Ok(()),
    };
    Err(f.error(format!(
        "model type `{t}` is not in this build: import {{ Model }} from \"rivulet/full\" \
         (npm) or enable the cargo feature `{feature}`"
    )))
}

impl ModelSpec {
    fn to_value(&self) -> Json {
        match self {
            ModelSpec::Linear(l) => obj([
                ("type", "linear".into()),
                ("optimizer", l.optimizer.to_value()),
                ("loss", l.loss.to_value()),
                ("l2", l.l2.into()),
                ("intercept_lr", l.intercept_lr.into()),
                ("clip_gradient", l.clip_gradient.into()),
            ]),
            ModelSpec::Logistic(l) => obj([
                ("type", "logistic".into()),
                ("optimizer", l.optimizer.to_value()),
                ("loss", l.loss.to_value()),
                ("l2", l.l2.into()),
                ("l1", l.l1.into()),
                ("intercept_init", l.intercept_init.into()),
                ("intercept_lr", l.intercept_lr.into()),
                ("clip_gradient", l.clip_gradient.into()),
                ("initializer", initializer_value(l.initializer)),
            ]),
            #[cfg(feature = "fm")]
            ModelSpec::Fm(c) => c.to_value(),
            #[cfg(feature = "forest")]
            ModelSpec::Amf(c) => c.to_value(),
        }
    }

    /// Whether the model is a binary classifier.
    pub fn is_classifier(&self) -> bool {
        matches!(self, ModelSpec::Logistic(_))
    }

    fn read(mut f: Fields) -> Result<ModelSpec> {
        #[cfg(not(all(feature = "fm", feature = "forest")))]
        in_this_build(&f)?;
        let m = match f.tag(MODEL_TYPES)?.as_str() {
            #[cfg(feature = "fm")]
            "fm" => return Ok(ModelSpec::Fm(crate::learn::facto::FmConfig::read(f)?)),
            #[cfg(feature = "forest")]
            "amf" => return Ok(ModelSpec::Amf(crate::learn::forest::AmfConfig::read(f)?)),
            "logistic" => {
                let l = LogisticSpec {
                    optimizer: optimizer_of(&mut f)?,
                    loss: match f.opt("loss") {
                        None => Loss::LOG,
                        Some(v) => Loss::read(Fields::spec(&f.path_of("loss"), v)?)?,
                    },
                    l2: f.f64_or("l2", 0.0)?,
                    l1: f.f64_or("l1", 0.0)?,
                    intercept_init: f.f64_or("intercept_init", 0.0)?,
                    intercept_lr: f.f64_or("intercept_lr", lr_001())?,
                    clip_gradient: f.f64_or("clip_gradient", clip())?,
                    initializer: match f.opt("initializer") {
                        None => Initializer::Constant(0.0),
                        Some(v) => initializer_from(Fields::spec(&f.path_of("initializer"), v)?)?,
                    },
                };
                f.finish()?;
                return Ok(ModelSpec::Logistic(l));
            }
            _ => LinearSpec {
                optimizer: match f.opt("optimizer") {
                    None => OptimizerSpec::default(),
                    Some(v) => OptimizerSpec::read(Fields::spec(&f.path_of("optimizer"), v)?)?,
                },
                loss: match f.opt("loss") {
                    None => squared(),
                    Some(v) => Loss::read(Fields::spec(&f.path_of("loss"), v)?)?,
                },
                l2: f.f64_or("l2", 0.0)?,
                intercept_lr: f.f64_or("intercept_lr", lr_001())?,
                clip_gradient: f.f64_or("clip_gradient", clip())?,
            },
        };
        f.finish()?;
        Ok(ModelSpec::Linear(m))
    }

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
            ModelSpec::Logistic(l) => {
                l.validate()?;
                let (constant, normal): (f64, Option<(f64, f64, u32)>) = match l.initializer {
                    Initializer::Constant(c) => (c, None),
                    #[cfg(feature = "normal-init")]
                    Initializer::Normal { mu, sigma, seed } => (0.0, Some((mu, sigma, seed))),
                };
                let m = LogisticRegression::new(
                    l.optimizer.build(&l.loss),
                    l.loss,
                    l.l2,
                    l.l1,
                    l.intercept_init,
                    l.intercept_lr,
                    l.clip_gradient,
                    constant,
                );
                #[cfg(feature = "normal-init")]
                let m = match normal {
                    Some((mu, sigma, seed)) => m.with_normal_initializer(mu, sigma, seed),
                    None => m,
                };
                #[cfg(not(feature = "normal-init"))]
                let _ = normal;
                Ok(Box::new(m))
            }
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

/// The optimizer of a model object (`None` → SGD 0.01).
fn optimizer_of(f: &mut Fields) -> Result<OptimizerSpec> {
    match f.opt("optimizer") {
        None => Ok(OptimizerSpec::default()),
        Some(v) => OptimizerSpec::read(Fields::spec(&f.path_of("optimizer"), v)?),
    }
}

/// An initializer as a spec object.
fn initializer_value(init: Initializer) -> Json {
    match init {
        Initializer::Constant(c) if c == 0.0 => obj([("type", "zeros".into())]),
        Initializer::Constant(c) => obj([("type", "constant".into()), ("value", c.into())]),
        #[cfg(feature = "normal-init")]
        Initializer::Normal { mu, sigma, seed } => obj([
            ("type", "normal".into()),
            ("mu", mu.into()),
            ("sigma", sigma.into()),
            ("seed", seed.into()),
        ]),
    }
}

/// Reads `{"type": "zeros"}`, `{"type": "constant", "value": c}` or `{"type": "normal", "mu":
/// 0, "sigma": 1, "seed": 0}` (River's defaults for `mu` and `sigma`; seed 0 for River's
/// unseeded default, as the factorization machine's).
fn initializer_from(mut f: Fields) -> Result<Initializer> {
    let init = match f.tag(&["zeros", "constant", "normal"])?.as_str() {
        "zeros" => Initializer::Constant(0.0),
        "constant" => Initializer::Constant(f.f64("value")?),
        #[cfg(not(feature = "normal-init"))]
        _ => {
            return Err(f.error(
                "initializer `normal` is not in this build: import { Model } from \
                 \"rivulet/full\" (npm) or enable the cargo feature `normal-init`"
                    .into(),
            ))
        }
        #[cfg(feature = "normal-init")]
        _ => {
            let (mu, sigma) = (f.f64_or("mu", 0.0)?, f.f64_or("sigma", 1.0)?);
            let seed = f.u32_or("seed", 0)?;
            Initializer::Normal { mu, sigma, seed }
        }
    };
    f.finish()?;
    Ok(init)
}

impl LogisticSpec {
    fn validate(&self) -> Result<()> {
        check(self.loss.is_binary(), || {
            "model.loss of a logistic model must be `log` or `hinge`".into()
        })?;
        self.loss.validate().map_err(LearnError::BadSpec)?;
        let ok = |v: f64| v.is_finite() && v >= 0.0;
        check(ok(self.l2) && ok(self.l1) && ok(self.intercept_lr), || {
            "model.l2, model.l1 and model.intercept_lr must be finite numbers ≥ 0".into()
        })?;
        check(self.l1 == 0.0 || self.l2 == 0.0, || {
            "model.l1 and model.l2 cannot both be non-zero (as in River)".into()
        })?;
        check(
            self.l1 == 0.0 || !matches!(self.optimizer, OptimizerSpec::Ftrl { .. }),
            || "model.l1 needs an optimizer with a learning rate (not ftrl)".into(),
        )?;
        let init_ok = match self.initializer {
            Initializer::Constant(c) => c.is_finite(),
            #[cfg(feature = "normal-init")]
            Initializer::Normal { mu, sigma, .. } => {
                mu.is_finite() && sigma.is_finite() && sigma >= 0.0
            }
        };
        check(self.intercept_init.is_finite() && init_ok, || {
            "model.intercept_init and the initializer's values must be finite (sigma ≥ 0)".into()
        })?;
        check(self.clip_gradient > 0.0, || {
            "model.clip_gradient must be > 0".into()
        })?;
        self.optimizer.validate()
    }
}

impl LinearSpec {
    fn validate(&self) -> Result<()> {
        check(!self.loss.is_binary(), || {
            "model.loss `log` / `hinge` is for a classifier: use {\"type\": \"logistic\"}".into()
        })?;
        self.loss.validate().map_err(LearnError::BadSpec)?;
        check(self.l2.is_finite() && self.l2 >= 0.0, || {
            format!(
                "model.l2 must be a finite number ≥ 0, got {}",
                Float(self.l2)
            )
        })?;
        check(
            self.intercept_lr.is_finite() && self.intercept_lr >= 0.0,
            || {
                format!(
                    "model.intercept_lr must be a finite number ≥ 0, got {}",
                    Float(self.intercept_lr)
                )
            },
        )?;
        check(
            self.clip_gradient > 0.0 && !self.clip_gradient.is_nan(),
            || {
                format!(
                    "model.clip_gradient must be > 0, got {}",
                    Float(self.clip_gradient)
                )
            },
        )?;
        self.optimizer.validate()
    }
}

impl Lr {
    fn to_value(self) -> Json {
        match self.0 {
            Schedule::Constant { learning_rate } => learning_rate.into(),
            other => other.to_value(),
        }
    }

    /// A number (constant) or a schedule object; `default` when absent.
    fn read(f: &mut Fields, default: Lr) -> Result<Lr> {
        match f.opt("lr") {
            None => Ok(default),
            Some(Json::Num(v)) => Ok(Lr(Schedule::Constant { learning_rate: v })),
            Some(Json::U64(v)) => Ok(Lr(Schedule::Constant {
                learning_rate: v as f64,
            })),
            Some(v @ Json::Obj(_)) => Ok(Lr(Schedule::read(Fields::spec(&f.path_of("lr"), v)?)?)),
            Some(v) => Err(f.error(format!(
                "`lr` must be a number or a schedule object, got {}",
                v.kind()
            ))),
        }
    }
}

impl OptimizerSpec {
    fn to_value(&self) -> Json {
        match *self {
            OptimizerSpec::Sgd { lr } => obj([("type", "sgd".into()), ("lr", lr.to_value())]),
            OptimizerSpec::Adam {
                lr,
                beta_1,
                beta_2,
                eps,
            } => obj([
                ("type", "adam".into()),
                ("lr", lr.to_value()),
                ("beta_1", beta_1.into()),
                ("beta_2", beta_2.into()),
                ("eps", eps.into()),
            ]),
            OptimizerSpec::Adagrad { lr, eps } => obj([
                ("type", "adagrad".into()),
                ("lr", lr.to_value()),
                ("eps", eps.into()),
            ]),
            OptimizerSpec::Rmsprop { lr, rho, eps } => obj([
                ("type", "rmsprop".into()),
                ("lr", lr.to_value()),
                ("rho", rho.into()),
                ("eps", eps.into()),
            ]),
            OptimizerSpec::Ftrl {
                alpha,
                beta,
                l1,
                l2,
            } => obj([
                ("type", "ftrl".into()),
                ("alpha", alpha.into()),
                ("beta", beta.into()),
                ("l1", l1.into()),
                ("l2", l2.into()),
            ]),
        }
    }

    fn read(mut f: Fields) -> Result<OptimizerSpec> {
        let o = match f
            .tag(&["sgd", "adam", "adagrad", "rmsprop", "ftrl"])?
            .as_str()
        {
            "sgd" => OptimizerSpec::Sgd {
                lr: Lr::read(&mut f, lr_sgd())?,
            },
            "adam" => OptimizerSpec::Adam {
                lr: Lr::read(&mut f, lr_01())?,
                beta_1: f.f64_or("beta_1", b1())?,
                beta_2: f.f64_or("beta_2", b2())?,
                eps: f.f64_or("eps", eps())?,
            },
            "adagrad" => OptimizerSpec::Adagrad {
                lr: Lr::read(&mut f, lr_01())?,
                eps: f.f64_or("eps", eps())?,
            },
            "rmsprop" => OptimizerSpec::Rmsprop {
                lr: Lr::read(&mut f, lr_01())?,
                rho: f.f64_or("rho", b1())?,
                eps: f.f64_or("eps", eps())?,
            },
            _ => OptimizerSpec::Ftrl {
                alpha: f.f64_or("alpha", ftrl_alpha())?,
                beta: f.f64_or("beta", one())?,
                l1: f.f64_or("l1", 0.0)?,
                l2: f.f64_or("l2", one())?,
            },
        };
        f.finish()?;
        Ok(o)
    }

    fn validate(&self) -> Result<()> {
        let unit = |name: &str, v: f64| {
            check((0.0..1.0).contains(&v), || {
                format!("optimizer.{name} must be in [0, 1), got {}", Float(v))
            })
        };
        let pos = |name: &str, v: f64| {
            check(v.is_finite() && v > 0.0, || {
                format!(
                    "optimizer.{name} must be a positive number, got {}",
                    Float(v)
                )
            })
        };
        let nonneg = |name: &str, v: f64| {
            check(v.is_finite() && v >= 0.0, || {
                format!(
                    "optimizer.{name} must be a finite number ≥ 0, got {}",
                    Float(v)
                )
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
