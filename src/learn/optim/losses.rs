use crate::learn::json::{obj, Fields, Float, Json};

/// Regression losses with River's gradients (with respect to the prediction `p`, target `y`):
///
/// | loss | value | gradient |
/// |---|---|---|
/// | `Squared` | `(p − y)²` | `2(p − y)` (no ½, as River) |
/// | `Huber(ε)` | `½r²` if `|r| ≤ ε`, else `ε|r| − ½ε²`, `r = p − y` | `r` if `|r| ≤ ε`, else `ε·sign(r)` |
/// | `Absolute` | `|p − y|` | `1` if `p > y`, else `−1` |
/// | `Quantile(α)` | `(α − [p < y])(p − y)`... as River | `[y < p] − α` |
///
/// and binary losses on a logit `p` with a label `y ∈ {0, 1}` (`s = 2y − 1 ∈ {−1, 1}`, `z = p·s`,
/// `ω` = `weight_pos` if `y = 1` else `weight_neg`):
///
/// | loss | value | gradient |
/// |---|---|---|
/// | `Log` | `ω·ln(1 + e^−z)` (`ω·e^−z` if `z > 18`, `−ω·z` if `z < −18`) | `−ω·s/(e^z + 1)` (`−ω·s·e^−z` if `z > 18`, `−ω·s` if `z < −18`) |
/// | `Hinge(θ)` | `max(θ − z, 0)` | `−s` if `z ≤ θ`, else 0 |
///
/// ```
/// use rivulet::learn::optim::Loss;
/// assert_eq!(Loss::Squared.gradient(3.0, 12.0), 18.0);
/// assert_eq!(Loss::Huber { epsilon: 1.0 }.gradient(3.0, 12.0), 1.0);
/// assert_eq!(Loss::Absolute.gradient(3.0, 3.0), -1.0);
/// assert_eq!(Loss::Quantile { alpha: 0.9 }.gradient(3.0, 1.0), -0.9);
/// assert_eq!(Loss::LOG.gradient(1.0, 0.0), -0.5);
/// assert_eq!(Loss::Hinge { threshold: 1.0 }.gradient(0.0, 0.5), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Loss {
    /// Squared error.
    Squared,
    /// Huber loss with threshold `epsilon` (River's default 0.1).
    Huber {
        /// Threshold between the quadratic and linear regimes.
        epsilon: f64,
    },
    /// Absolute error.
    Absolute,
    /// Pinball loss of quantile `alpha` (River's default 0.5).
    Quantile {
        /// The quantile, in (0, 1).
        alpha: f64,
    },
    /// Logistic loss on a logit (River's `optim.losses.Log`), for binary classifiers.
    Log {
        /// Weight of the positive samples (River's default 1).
        weight_pos: f64,
        /// Weight of the negative samples (River's default 1).
        weight_neg: f64,
    },
    /// Hinge loss (River's `optim.losses.Hinge`), for binary classifiers.
    Hinge {
        /// Margin threshold (River's default 1).
        threshold: f64,
    },
}

fn default_epsilon() -> f64 {
    0.1
}
fn default_alpha() -> f64 {
    0.5
}

impl Loss {
    /// River's `Log()`: both weights 1.
    pub const LOG: Loss = Loss::Log {
        weight_pos: 1.0,
        weight_neg: 1.0,
    };

    /// Whether this loss is for binary classification (a logit and a 0/1 label).
    pub fn is_binary(&self) -> bool {
        matches!(self, Loss::Log { .. } | Loss::Hinge { .. })
    }

    /// The loss as a spec object: `{"type": "huber", "epsilon": 0.1}`, ...
    pub fn to_value(&self) -> Json {
        match *self {
            Loss::Squared => obj([("type", "squared".into())]),
            Loss::Huber { epsilon } => obj([("type", "huber".into()), ("epsilon", epsilon.into())]),
            Loss::Absolute => obj([("type", "absolute".into())]),
            Loss::Quantile { alpha } => obj([("type", "quantile".into()), ("alpha", alpha.into())]),
            Loss::Log {
                weight_pos,
                weight_neg,
            } => obj([
                ("type", "log".into()),
                ("weight_pos", weight_pos.into()),
                ("weight_neg", weight_neg.into()),
            ]),
            Loss::Hinge { threshold } => {
                obj([("type", "hinge".into()), ("threshold", threshold.into())])
            }
        }
    }

    /// Reads [`Loss::to_value`]'s object (defaults filled, unknown fields refused).
    pub fn read(mut f: Fields) -> crate::learn::Result<Loss> {
        let l = match f
            .tag(&["squared", "huber", "absolute", "quantile", "log", "hinge"])?
            .as_str()
        {
            "squared" => Loss::Squared,
            "huber" => Loss::Huber {
                epsilon: f.f64_or("epsilon", default_epsilon())?,
            },
            "absolute" => Loss::Absolute,
            "log" => Loss::Log {
                weight_pos: f.f64_or("weight_pos", 1.0)?,
                weight_neg: f.f64_or("weight_neg", 1.0)?,
            },
            "hinge" => Loss::Hinge {
                threshold: f.f64_or("threshold", 1.0)?,
            },
            _ => Loss::Quantile {
                alpha: f.f64_or("alpha", default_alpha())?,
            },
        };
        f.finish()?;
        Ok(l)
    }

    /// The loss value.
    pub fn loss(&self, y: f64, p: f64) -> f64 {
        match *self {
            Loss::Squared => (p - y) * (p - y),
            Loss::Huber { epsilon } => {
                let r = (p - y).abs();
                if r <= epsilon {
                    0.5 * r * r
                } else {
                    epsilon * r - 0.5 * epsilon * epsilon
                }
            }
            Loss::Absolute => (p - y).abs(),
            Loss::Quantile { alpha } => {
                let d = p - y;
                (alpha - if d < 0.0 { 1.0 } else { 0.0 }) * d
            }
            Loss::Log { .. } => {
                let (s, w) = self.sign_weight(y);
                let z = p * s;
                if z > 18.0 {
                    w * (-z).exp()
                } else if z < -18.0 {
                    w * -z
                } else {
                    w * (1.0 + (-z).exp()).ln()
                }
            }
            Loss::Hinge { threshold } => f64::max(threshold - (y * 2.0 - 1.0) * p, 0.0),
        }
    }

    /// The gradient with respect to the prediction `p`.
    pub fn gradient(&self, y: f64, p: f64) -> f64 {
        match *self {
            Loss::Squared => 2.0 * (p - y),
            Loss::Huber { epsilon } => {
                let r = p - y;
                if r.abs() <= epsilon {
                    r
                } else if r > 0.0 {
                    epsilon
                } else {
                    -epsilon
                }
            }
            Loss::Absolute => {
                if p > y {
                    1.0
                } else {
                    -1.0
                }
            }
            Loss::Quantile { alpha } => (if y < p { 1.0 } else { 0.0 }) - alpha,
            Loss::Log { .. } => {
                let (s, w) = self.sign_weight(y);
                let z = p * s;
                if z > 18.0 {
                    w * (-z).exp() * -s
                } else if z < -18.0 {
                    w * -s
                } else {
                    w * -s / (z.exp() + 1.0)
                }
            }
            Loss::Hinge { threshold } => {
                let s = y * 2.0 - 1.0;
                if s * p <= threshold {
                    -s
                } else {
                    0.0
                }
            }
        }
    }

    /// The Log loss's label sign (`−1` for 0, `+1` otherwise, as River) and sample weight.
    fn sign_weight(&self, y: f64) -> (f64, f64) {
        match *self {
            Loss::Log { weight_neg, .. } if y == 0.0 => (-1.0, weight_neg),
            Loss::Log { weight_pos, .. } => (1.0, weight_pos),
            _ => (1.0, 1.0),
        }
    }

    /// Checks the hyperparameters.
    pub fn validate(&self) -> Result<(), String> {
        match *self {
            Loss::Huber { epsilon } if !(epsilon.is_finite() && epsilon > 0.0) => Err(format!(
                "loss.epsilon must be a positive number, got {}",
                Float(epsilon)
            )),
            Loss::Quantile { alpha } if !(alpha > 0.0 && alpha < 1.0) => Err(format!(
                "loss.alpha must be in (0, 1), got {}",
                Float(alpha)
            )),
            Loss::Log {
                weight_pos,
                weight_neg,
            } if !(weight_pos.is_finite()
                && weight_pos >= 0.0
                && weight_neg.is_finite()
                && weight_neg >= 0.0) =>
            {
                Err("loss.weight_pos and loss.weight_neg must be finite numbers ≥ 0".into())
            }
            Loss::Hinge { threshold } if !threshold.is_finite() => Err(format!(
                "loss.threshold must be a finite number, got {}",
                Float(threshold)
            )),
            _ => Ok(()),
        }
    }
}
