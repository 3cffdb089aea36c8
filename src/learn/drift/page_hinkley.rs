use crate::learn::error::{finite, LearnError, Result};
use crate::learn::stats::Mean;

/// Which changes a [`PageHinkley`] detector reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageHinkleyMode {
    /// Increases of the mean.
    Up,
    /// Decreases of the mean.
    Down,
    /// Both (River's default).
    #[default]
    Both,
}

/// The Page–Hinkley test, exactly River's `drift.PageHinkley`. `update(x)`, with `x̄` the
/// running mean including `x` and `d = x − x̄`:
/// `S⁺ ← α·S⁺ + d − δ`, `S⁻ ← α·S⁻ + d + δ`, `m⁺ ← min(m⁺, S⁺)`, `M⁻ ← max(M⁻, S⁻)` (starting
/// at `+∞` and `−1`); after `min_instances` values, a change is `S⁺ − m⁺ > λ` (mode up) or
/// `M⁻ − S⁻ > λ` (mode down), either for both. River's defaults: `min_instances` 30, `δ` 0.005,
/// `λ` (threshold) 50, `α` 1 − 0.0001, both.
///
/// ```
/// use rivulet::learn::drift::PageHinkley;
/// let mut d = PageHinkley::default();
/// let mut found = vec![];
/// for i in 0..2000 {
///     let x = if i < 1000 { f64::from(i % 7) / 7.0 } else { 3.0 + f64::from(i % 5) / 5.0 };
///     d.update(x).unwrap();
///     if d.drift_detected() { found.push(i); }
/// }
/// assert_eq!(found, vec![1017]); // River's PageHinkley() on this stream says the same
/// assert!(d.update(f64::INFINITY).is_err()); // and changes nothing
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PageHinkley {
    min_instances: f64,
    delta: f64,
    threshold: f64,
    alpha: f64,
    mode: PageHinkleyMode,
    mean: Mean,
    n: f64,
    sum_increase: f64,
    sum_decrease: f64,
    min_increase: f64,
    max_decrease: f64,
    drift: bool,
}

impl Default for PageHinkley {
    fn default() -> Self {
        PageHinkley::unchecked(30, 0.005, 50.0, 1.0 - 0.0001, PageHinkleyMode::Both)
    }
}

impl PageHinkley {
    /// Page–Hinkley with River's parameters: `delta` and `threshold` finite and ≥ 0, `alpha`
    /// in (0, 1]; anything else is an error.
    pub fn new(
        min_instances: u32,
        delta: f64,
        threshold: f64,
        alpha: f64,
        mode: PageHinkleyMode,
    ) -> Result<Self> {
        let fine = |v: f64| v.is_finite() && v >= 0.0;
        if !(fine(delta) && fine(threshold) && alpha > 0.0 && alpha <= 1.0) {
            return Err(LearnError::BadValue(format!(
                "PageHinkley: delta and threshold must be finite numbers ≥ 0 and alpha in (0, 1], \
                 got {}, {} and {}",
                crate::learn::json::Float(delta),
                crate::learn::json::Float(threshold),
                crate::learn::json::Float(alpha)
            )));
        }
        Ok(PageHinkley::unchecked(
            min_instances,
            delta,
            threshold,
            alpha,
            mode,
        ))
    }

    fn unchecked(
        min_instances: u32,
        delta: f64,
        threshold: f64,
        alpha: f64,
        mode: PageHinkleyMode,
    ) -> Self {
        PageHinkley {
            min_instances: f64::from(min_instances),
            delta,
            threshold,
            alpha,
            mode,
            mean: Mean::default(),
            n: 0.0,
            sum_increase: 0.0,
            sum_decrease: 0.0,
            min_increase: f64::INFINITY,
            max_decrease: -1.0,
            drift: false,
        }
    }

    /// Whether the last `update` detected a change.
    pub fn drift_detected(&self) -> bool {
        self.drift
    }

    /// Adds `x` (after a detection, the detector first starts afresh, as River's). A NaN or
    /// an infinity is an error and changes nothing (it would poison every later sum).
    pub fn update(&mut self, x: f64) -> Result<()> {
        let x = finite("PageHinkley: x", x)?;
        if self.drift {
            *self = PageHinkley::unchecked(
                self.min_instances as u32,
                self.delta,
                self.threshold,
                self.alpha,
                self.mode,
            );
        }
        self.mean.update(x);
        self.n += 1.0;
        let dev = x - self.mean.get();
        self.sum_increase = self.alpha * self.sum_increase + dev - self.delta;
        self.sum_decrease = self.alpha * self.sum_decrease + dev + self.delta;
        if self.sum_increase < self.min_increase {
            self.min_increase = self.sum_increase;
        }
        if self.sum_decrease > self.max_decrease {
            self.max_decrease = self.sum_decrease;
        }
        if self.n >= self.min_instances {
            let up = self.sum_increase - self.min_increase > self.threshold;
            let down = self.max_decrease - self.sum_decrease > self.threshold;
            self.drift = match self.mode {
                PageHinkleyMode::Up => up,
                PageHinkleyMode::Down => down,
                PageHinkleyMode::Both => up || down,
            };
        }
        Ok(())
    }
}
