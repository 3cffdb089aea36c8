/// Exponentially weighted mean, as River's `stats.EWMean`.
///
/// The first value sets the mean; then `mean ← α·x + (1 − α)·mean` with `α` the fading factor.
///
/// ```
/// use rivulet::learn::stats::EWMean;
/// let mut m = EWMean::new(0.5).unwrap();
/// for x in [1.0, 3.0, 5.0] { m.update(x); }
/// assert_eq!(m.get(), 3.5);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EWMean {
    /// Weight of the newest value, in [0, 1].
    pub fading_factor: f64,
    /// Current mean.
    pub mean: f64,
    /// Whether a value was seen.
    pub started: bool,
}

impl EWMean {
    /// A mean with fading factor `alpha` ∈ [0, 1].
    pub fn new(alpha: f64) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&alpha) {
            return Err(format!(
                "fading_factor must be in [0, 1], got {}",
                crate::learn::json::Float(alpha)
            ));
        }
        Ok(EWMean {
            fading_factor: alpha,
            mean: 0.0,
            started: false,
        })
    }

    /// Adds `x`.
    pub fn update(&mut self, x: f64) {
        if self.started {
            self.mean = self.fading_factor * x + (1.0 - self.fading_factor) * self.mean;
        } else {
            self.mean = x;
            self.started = true;
        }
    }

    /// Current mean (0 before any update).
    pub fn get(&self) -> f64 {
        self.mean
    }
}
