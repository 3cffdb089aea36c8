use super::Loss;
use crate::learn::json::{obj, Fields, Float, Json};

/// Learning-rate schedules, as River's `optim.schedulers`, evaluated at iteration `t`:
/// - `Constant(η)`: `η`;
/// - `InverseScaling(η, p)`: `η / (t + 1)^p`;
/// - `Optimal(α)` (Bottou): `1 / (α·(t₀ + t))` with `t₀ = 1/(η₀·α)`,
///   `η₀ = τ / max(1, ∇loss(y = 1, p = −τ))` and `τ = √(1/√α)`.
///
/// ```
/// use rivulet::learn::optim::{Loss, Schedule};
/// assert_eq!(Schedule::Constant { learning_rate: 0.1 }.get(7), 0.1);
/// let s = Schedule::InverseScaling { learning_rate: 1.0, power: 0.5 };
/// assert_eq!(s.get(3), 0.5);
/// let o = Schedule::optimal(1e-4, &Loss::Squared);
/// assert!((o.get(0) - 10.0).abs() < 1e-9); // τ = 10, t₀ = 1000
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// A constant rate.
    Constant {
        /// The rate.
        learning_rate: f64,
    },
    /// `η / (t + 1)^p`.
    InverseScaling {
        /// Initial rate η.
        learning_rate: f64,
        /// Power p (River's default 0.5).
        power: f64,
    },
    /// Bottou's "optimal" schedule.
    Optimal {
        /// Regularisation-like constant α (River's default 1e-4).
        alpha: f64,
        /// Derived offset t₀ (computed from α and the loss; not given in specs).
        t0: f64,
    },
}

fn default_power() -> f64 {
    0.5
}
fn default_alpha() -> f64 {
    1e-4
}

impl Schedule {
    /// The schedule as a spec object: `{"type": "constant", "learning_rate": ...}`, ... (the
    /// optimal schedule's derived `t₀` is not written).
    pub fn to_value(&self) -> Json {
        match *self {
            Schedule::Constant { learning_rate } => obj([
                ("type", "constant".into()),
                ("learning_rate", learning_rate.into()),
            ]),
            Schedule::InverseScaling {
                learning_rate,
                power,
            } => obj([
                ("type", "inverse_scaling".into()),
                ("learning_rate", learning_rate.into()),
                ("power", power.into()),
            ]),
            Schedule::Optimal { alpha, .. } => {
                obj([("type", "optimal".into()), ("alpha", alpha.into())])
            }
        }
    }

    /// Reads [`Schedule::to_value`]'s object (defaults filled, unknown fields refused).
    pub fn read(mut f: Fields) -> crate::learn::Result<Schedule> {
        let s = match f.tag(&["constant", "inverse_scaling", "optimal"])?.as_str() {
            "constant" => Schedule::Constant {
                learning_rate: f.f64("learning_rate")?,
            },
            "inverse_scaling" => Schedule::InverseScaling {
                learning_rate: f.f64("learning_rate")?,
                power: f.f64_or("power", default_power())?,
            },
            _ => Schedule::Optimal {
                alpha: f.f64_or("alpha", default_alpha())?,
                t0: 0.0,
            },
        };
        f.finish()?;
        Ok(s)
    }

    /// Bottou's schedule for `alpha` and `loss`.
    pub fn optimal(alpha: f64, loss: &Loss) -> Schedule {
        let typw = (1.0 / alpha.sqrt()).sqrt();
        let initial_eta0 = typw / f64::max(1.0, loss.gradient(1.0, -typw));
        Schedule::Optimal {
            alpha,
            t0: 1.0 / (initial_eta0 * alpha),
        }
    }

    /// Fills derived fields (the optimal schedule's `t₀`) once the loss is known.
    pub fn resolve(self, loss: &Loss) -> Schedule {
        match self {
            Schedule::Optimal { alpha, .. } => Schedule::optimal(alpha, loss),
            s => s,
        }
    }

    /// The learning rate at iteration `t`.
    pub fn get(&self, t: u64) -> f64 {
        match *self {
            Schedule::Constant { learning_rate } => learning_rate,
            Schedule::InverseScaling {
                learning_rate,
                power,
            } => learning_rate / ((t + 1) as f64).powf(power),
            Schedule::Optimal { alpha, t0 } => 1.0 / (alpha * (t0 + t as f64)),
        }
    }

    /// Checks the hyperparameters.
    pub fn validate(&self, what: &str) -> Result<(), String> {
        let ok = |v: f64| v.is_finite() && v >= 0.0;
        match *self {
            Schedule::Constant { learning_rate } if !ok(learning_rate) => Err(format!(
                "{what} must be a finite number ≥ 0, got {}",
                Float(learning_rate)
            )),
            Schedule::InverseScaling {
                learning_rate,
                power,
            } if !ok(learning_rate) || !power.is_finite() => Err(format!(
                "{what}: learning_rate and power must be finite, learning_rate ≥ 0"
            )),
            Schedule::Optimal { alpha, .. } if !(alpha.is_finite() && alpha > 0.0) => Err(format!(
                "{what}: alpha must be a positive number, got {}",
                Float(alpha)
            )),
            _ => Ok(()),
        }
    }
}
