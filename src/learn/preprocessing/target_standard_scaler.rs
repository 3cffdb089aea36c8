use crate::learn::json::{obj, Fields, Json};
use crate::learn::stats::Var;

/// Standard scaling of the target, as River's `preprocessing.TargetStandardScaler`: the wrapped
/// regressor learns `(y − ȳ)/s` and its predictions are mapped back by `ŷ·s + ȳ`, where `ȳ` and
/// `s² ` are the running mean and **sample** variance (River's `stats.Var()`, `ddof = 1`) of the
/// targets. In `learn_one` the statistics are updated with `y` first, then `y` is scaled; a zero
/// variance scales to 0 (so the first target is learnt as 0).
///
/// ```
/// use rivulet::learn::preprocessing::TargetStandardScaler;
/// let mut t = TargetStandardScaler::default();
/// assert_eq!(t.learn_scale(10.0), 0.0);
/// assert_eq!(t.learn_scale(20.0), 5.0 / 50f64.sqrt());
/// assert_eq!(t.unscale(0.0), 15.0);
/// ```
///
/// `s` is kept beside the statistics (derived, not serialized) so that `predict_one` takes no
/// root and no division.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetStandardScaler {
    /// Running statistics of the target.
    var: Var,
    /// `√var.get()`, updated with `var`.
    sd: f64,
}

impl TargetStandardScaler {
    /// `{"var": {...}}`.
    pub fn to_value(&self) -> Json {
        obj([("var", self.var.to_value())])
    }

    /// Reads [`TargetStandardScaler::to_value`]'s object.
    pub fn read(mut f: Fields) -> crate::learn::Result<TargetStandardScaler> {
        let var = Var::read(f.object("var")?)?;
        f.finish()?;
        Ok(TargetStandardScaler {
            sd: var.get().sqrt(),
            var,
        })
    }

    /// The running statistics of the target.
    pub fn var(&self) -> &Var {
        &self.var
    }

    /// Updates the statistics with `y`, then returns the scaled `y`.
    pub fn learn_scale(&mut self, y: f64) -> f64 {
        self.var.update(y);
        self.sd = self.var.get().sqrt();
        self.scale(y)
    }

    /// Scales `y` with the current statistics.
    pub fn scale(&self, y: f64) -> f64 {
        if self.sd != 0.0 {
            (y - self.var.mean.get()) / self.sd
        } else {
            0.0
        }
    }

    /// The standard deviation `s` that [`TargetStandardScaler::unscale`] multiplies by.
    pub fn sd(&self) -> f64 {
        self.sd
    }

    /// Maps a prediction in scaled space back to target space.
    pub fn unscale(&self, y: f64) -> f64 {
        y * self.sd + self.var.mean.get()
    }
}
