use super::confusion::ratio;
use super::Window;
use crate::learn::error::{finite, LearnError, Result};

/// ROC AUC, River's approximation (`metrics.ROCAUC`): a confusion matrix per threshold
/// `tₖ = k/(n − 1)`, `k = 0..n` (`t₀ − 1e−7`, `tₙ₋₁ + 1e−7`), each counting `(y, p̂ > tₖ)`; the
/// value is the trapezoidal area under the (FPR, TPR) points, `−Σₖ (fprₖ₊₁ − fprₖ)·(tprₖ₊₁ +
/// tprₖ)/2`. `n_thresholds` (River's default 10) trades accuracy for time. Optionally over the
/// last `window` pairs.
///
/// ```
/// use rivulet::learn::metrics::RocAuc;
/// let (ys, ps) = ([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);
/// let mut m = RocAuc::new(10).unwrap();
/// let mut exact = RocAuc::new(50).unwrap();
/// for (y, p) in ys.iter().zip(ps) { m.update(*y, p).unwrap(); exact.update(*y, p).unwrap(); }
/// assert_eq!(m.get(), 0.875); // River's example: 87.50%
/// assert_eq!(exact.get(), 0.75); // the true AUC
/// assert!(RocAuc::new(1).is_err() && m.update(true, f64::NAN).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RocAuc {
    thresholds: Vec<f64>,
    /// Per threshold: `[tp, fp, tn, fn]`.
    counts: Vec<[f64; 4]>,
    window: Option<Window>,
}

impl Default for RocAuc {
    fn default() -> Self {
        RocAuc::unchecked(10)
    }
}

impl RocAuc {
    /// The most thresholds a ROC AUC takes: each update walks every one (32 MB of counts here).
    pub const MAX_THRESHOLDS: usize = 1_000_000;

    /// A ROC AUC with `n_thresholds` thresholds (2 to [`RocAuc::MAX_THRESHOLDS`], else an
    /// error).
    pub fn new(n_thresholds: usize) -> Result<Self> {
        if !(2..=Self::MAX_THRESHOLDS).contains(&n_thresholds) {
            return Err(LearnError::BadValue(format!(
                "ROCAUC: n_thresholds must be from 2 to {}, got {n_thresholds}",
                Self::MAX_THRESHOLDS
            )));
        }
        Ok(RocAuc::unchecked(n_thresholds))
    }

    fn unchecked(n: usize) -> Self {
        let mut thresholds: Vec<f64> = (0..n).map(|i| i as f64 / (n - 1) as f64).collect();
        thresholds[0] -= 1e-7;
        thresholds[n - 1] += 1e-7;
        RocAuc {
            thresholds,
            counts: vec![[0.0; 4]; n],
            window: None,
        }
    }

    /// A ROC AUC over the last `window` pairs.
    pub fn rolling(n_thresholds: usize, window: usize) -> Result<Self> {
        Ok(RocAuc {
            window: Some(Window::new(window)),
            ..RocAuc::new(n_thresholds)?
        })
    }

    fn add(&mut self, y: bool, p: f64, w: f64) {
        for (t, c) in self.thresholds.iter().zip(&mut self.counts) {
            let k = match (y, p > *t) {
                (true, true) => 0,
                (false, true) => 1,
                (false, false) => 2,
                (true, false) => 3,
            };
            c[k] += w;
        }
    }

    /// Adds a (label, probability of `true`) pair; a probability that is not a finite number is
    /// an error and changes nothing.
    pub fn update(&mut self, y: bool, p: f64) -> Result<()> {
        let p = finite("ROCAUC: the probability", p)?;
        let yf = f64::from(u8::from(y));
        if let Some((oy, op)) = self.window.as_mut().and_then(|w| w.push(yf, p)) {
            self.add(oy == 1.0, op, -1.0);
        }
        self.add(y, p, 1.0);
        Ok(())
    }

    /// The current value.
    pub fn get(&self) -> f64 {
        let point = |c: &[f64; 4]| (ratio(c[1], c[1] + c[2]), ratio(c[0], c[0] + c[3]));
        let mut area = 0.0;
        for pair in self.counts.windows(2) {
            let ((f0, t0), (f1, t1)) = (point(&pair[0]), point(&pair[1]));
            area += (f1 - f0) * (t1 + t0) / 2.0;
        }
        -area
    }
}
