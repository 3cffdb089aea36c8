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
/// ```
/// use rivulet::learn::optim::Loss;
/// assert_eq!(Loss::Squared.gradient(3.0, 12.0), 18.0);
/// assert_eq!(Loss::Huber { epsilon: 1.0 }.gradient(3.0, 12.0), 1.0);
/// assert_eq!(Loss::Absolute.gradient(3.0, 3.0), -1.0);
/// assert_eq!(Loss::Quantile { alpha: 0.9 }.gradient(3.0, 1.0), -0.9);
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
}

fn default_epsilon() -> f64 {
    0.1
}
fn default_alpha() -> f64 {
    0.5
}

impl Loss {
    /// The loss as a spec object: `{"type": "huber", "epsilon": 0.1}`, ...
    pub fn to_json(&self) -> Json {
        match *self {
            Loss::Squared => obj([("type", "squared".into())]),
            Loss::Huber { epsilon } => obj([("type", "huber".into()), ("epsilon", epsilon.into())]),
            Loss::Absolute => obj([("type", "absolute".into())]),
            Loss::Quantile { alpha } => obj([("type", "quantile".into()), ("alpha", alpha.into())]),
        }
    }

    /// Reads [`Loss::to_json`]'s object (defaults filled, unknown fields refused).
    pub fn from_json(mut f: Fields) -> crate::learn::Result<Loss> {
        let l = match f
            .tag(&["squared", "huber", "absolute", "quantile"])?
            .as_str()
        {
            "squared" => Loss::Squared,
            "huber" => Loss::Huber {
                epsilon: f.f64_or("epsilon", default_epsilon())?,
            },
            "absolute" => Loss::Absolute,
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
            _ => Ok(()),
        }
    }
}
