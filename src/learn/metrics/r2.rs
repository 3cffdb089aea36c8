use super::Window;
use crate::learn::stats::Var;

/// Coefficient of determination, as River's `metrics.R2`: `1 − RSS / ((n − 1)·s²_y)` with `s²_y`
/// the running sample variance of the targets; 0 while fewer than 2 pairs were seen or when the
/// targets have no variance. Optionally over the last `window` pairs.
///
/// ```
/// use rivulet::learn::metrics::R2;
/// let mut m = R2::default();
/// for (y, p) in [(3.0, 2.5), (-0.5, 0.0), (2.0, 2.0), (7.0, 8.0)] { m.update(y, p); }
/// assert!((m.get() - 0.9486081370449679).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct R2 {
    y: Var,
    rss: f64,
    window: Option<Window>,
}

impl R2 {
    /// An R² over the last `window` pairs.
    pub fn rolling(window: usize) -> Self {
        R2 {
            window: Some(Window::new(window)),
            ..R2::default()
        }
    }

    /// Adds a (target, prediction) pair.
    pub fn update(&mut self, y: f64, p: f64) {
        if let Some((oy, op)) = self.window.as_mut().and_then(|w| w.push(y, p)) {
            self.y.revert(oy);
            self.rss -= (oy - op) * (oy - op);
        }
        self.y.update(y);
        self.rss += (y - p) * (y - p);
    }

    /// The current value.
    pub fn get(&self) -> f64 {
        if self.y.n() > 1.0 {
            let tss = (self.y.n() - 1.0) * self.y.get();
            if tss != 0.0 {
                return 1.0 - self.rss / tss;
            }
        }
        0.0
    }
}
