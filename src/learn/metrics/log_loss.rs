use super::Window;
use crate::learn::error::{finite, Result};
use crate::learn::stats::Mean;

/// Binary log loss, as River's `metrics.LogLoss`: the running [`Mean`] of `−ln p̂` if `y` else
/// `−ln(1 − p̂)`, `p̂` the predicted probability of `true` clamped to `[1e−15, 1 − 1e−15]`;
/// optionally over the last `window` pairs.
///
/// ```
/// use rivulet::learn::metrics::LogLoss;
/// let mut m = LogLoss::default();
/// for (y, p) in [(true, 0.9), (false, 0.1), (false, 0.2), (true, 0.65)] { m.update(y, p).unwrap(); }
/// assert!((m.get() - 0.21616187468057912).abs() < 1e-15);
/// assert!(m.update(true, f64::NAN).is_err()); // and changes nothing
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogLoss {
    mean: Mean,
    window: Option<Window>,
}

fn loss(y: bool, p: f64) -> f64 {
    let p = p.clamp(1e-15, 1.0 - 1e-15);
    if y {
        -p.ln()
    } else {
        -(1.0 - p).ln()
    }
}

impl LogLoss {
    /// A log loss over the last `window` pairs.
    pub fn rolling(window: usize) -> Self {
        LogLoss {
            mean: Mean::default(),
            window: Some(Window::new(window)),
        }
    }

    /// Adds a (label, probability of `true`) pair; a probability that is not a finite number is
    /// an error and changes nothing (River clamps finite ones into `[1e−15, 1 − 1e−15]`).
    pub fn update(&mut self, y: bool, p: f64) -> Result<()> {
        let p = finite("LogLoss: the probability", p)?;
        let yf = f64::from(u8::from(y));
        if let Some((oy, op)) = self.window.as_mut().and_then(|w| w.push(yf, p)) {
            self.mean.revert(loss(oy == 1.0, op));
        }
        self.mean.update(loss(y, p));
        Ok(())
    }

    /// The current value.
    pub fn get(&self) -> f64 {
        self.mean.get()
    }
}
