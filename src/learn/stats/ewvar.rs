use super::EWMean;

/// Exponentially weighted variance, as River's `stats.EWVar`.
///
/// Keeps an [`EWMean`] of `x` and one of `x²` with the same fading factor;
/// the variance is `E[x²] − E[x]²`.
///
/// ```
/// use rivulet::learn::stats::EWVar;
/// let mut v = EWVar::new(0.3).unwrap();
/// for x in [2.0, 5.0, -1.0, 4.0] { v.update(x); }
/// assert!((v.get() - 4.244079).abs() < 1e-9);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EWVar {
    /// Mean of x.
    pub mean: EWMean,
    /// Mean of x².
    pub sq_mean: EWMean,
}

impl EWVar {
    /// A variance with fading factor `alpha` ∈ [0, 1].
    pub fn new(alpha: f64) -> Result<Self, String> {
        Ok(EWVar {
            mean: EWMean::new(alpha)?,
            sq_mean: EWMean::new(alpha)?,
        })
    }

    /// Adds `x`.
    pub fn update(&mut self, x: f64) {
        self.mean.update(x);
        self.sq_mean.update(x * x);
    }

    /// Current variance.
    pub fn get(&self) -> f64 {
        self.sq_mean.get() - self.mean.get() * self.mean.get()
    }
}
