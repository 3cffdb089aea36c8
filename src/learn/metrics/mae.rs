use super::Window;
use crate::learn::stats::Mean;

/// Mean absolute error: the running [`Mean`] of `|y − ŷ|` (River's `metrics.MAE`), optionally
/// over the last `window` pairs.
///
/// ```
/// use rivulet::learn::metrics::Mae;
/// let mut m = Mae::default();
/// m.update(3.0, 2.5); m.update(-0.5, 0.0); m.update(2.0, 2.0); m.update(7.0, 8.0);
/// assert_eq!(m.get(), 0.5);
/// let mut r = Mae::rolling(2);
/// for (y, p) in [(0.0, 10.0), (1.0, 2.0), (1.0, 1.0)] { r.update(y, p); }
/// assert_eq!(r.get(), 0.5);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mae {
    mean: Mean,
    window: Option<Window>,
}

impl Mae {
    /// A MAE over the last `window` pairs.
    pub fn rolling(window: usize) -> Self {
        Mae {
            mean: Mean::default(),
            window: Some(Window::new(window)),
        }
    }

    /// Adds a (target, prediction) pair.
    pub fn update(&mut self, y: f64, p: f64) {
        if let Some((oy, op)) = self.window.as_mut().and_then(|w| w.push(y, p)) {
            self.mean.revert((oy - op).abs());
        }
        self.mean.update((y - p).abs());
    }

    /// The current value.
    pub fn get(&self) -> f64 {
        self.mean.get()
    }
}
