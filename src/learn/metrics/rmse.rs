use super::Window;
use crate::learn::stats::Mean;

/// Root mean squared error: `√` of the running [`Mean`] of `(y − ŷ)²` (River's `metrics.RMSE`),
/// optionally over the last `window` pairs.
///
/// ```
/// use rivulet::learn::metrics::Rmse;
/// let mut m = Rmse::default();
/// for (y, p) in [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0)] { m.update(y, p); }
/// assert!((m.get() - (5.0f64 / 3.0).sqrt()).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rmse {
    mean: Mean,
    window: Option<Window>,
}

impl Rmse {
    /// An RMSE over the last `window` pairs.
    pub fn rolling(window: usize) -> Self {
        Rmse {
            mean: Mean::default(),
            window: Some(Window::new(window)),
        }
    }

    /// Adds a (target, prediction) pair.
    pub fn update(&mut self, y: f64, p: f64) {
        if let Some((oy, op)) = self.window.as_mut().and_then(|w| w.push(y, p)) {
            self.mean.revert((oy - op) * (oy - op));
        }
        self.mean.update((y - p) * (y - p));
    }

    /// The current value.
    pub fn get(&self) -> f64 {
        self.mean.get().max(0.0).sqrt()
    }
}
