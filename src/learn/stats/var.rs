use super::Mean;
use crate::learn::state::saved_state;

saved_state! {
    /// Running variance by Welford's algorithm, as River's `stats.Var`.
    ///
    /// Update rule for `x` with weight `w`: `m₀ ← mean`, update the [`Mean`], then
    /// `S ← S + w·(x − m₀)·(x − mean)`. The estimate is `S / (n − ddof)` when `n > ddof`, else 0.
    /// River's default (and ours) is `ddof = 1`, the sample variance; `ddof = 0` gives the
    /// population variance (what `StandardScaler` uses).
    ///
    /// ```
    /// use rivulet::learn::stats::Var;
    /// let mut v = Var::new(1);
    /// for x in [3.0, 5.0, 4.0, 7.0, 10.0, 12.0] { v.update(x); }
    /// assert!((v.get() - 12.566666666666666).abs() < 1e-12);
    /// let mut p = Var::new(0);
    /// for x in [1.0, 3.0] { p.update(x); }
    /// assert_eq!(p.get(), 1.0);
    /// ```
    ///
    /// Saved as `{"ddof": ..., "mean": {...}, "s": ...}` (`to_value`, `read`: see `learn::state`).
    #[derive(Debug, Clone, PartialEq)]
    pub struct Var {
        /// Delta degrees of freedom.
        pub ddof: u32,
        /// The running mean.
        pub mean: Mean,
        /// Sum of squared deviations.
        pub s: f64,
    }
}

impl Default for Var {
    fn default() -> Self {
        Var::new(1)
    }
}

impl Var {
    /// A variance with `ddof` delta degrees of freedom.
    pub fn new(ddof: u32) -> Self {
        Var {
            ddof,
            mean: Mean::default(),
            s: 0.0,
        }
    }

    /// Adds `x` with weight `w`.
    pub fn update_weighted(&mut self, x: f64, w: f64) {
        let old = self.mean.mean;
        self.mean.update_weighted(x, w);
        self.s += w * (x - old) * (x - self.mean.mean);
    }

    /// Adds `x`.
    pub fn update(&mut self, x: f64) {
        self.update_weighted(x, 1.0);
    }

    /// Removes a value added before.
    pub fn revert(&mut self, x: f64) {
        self.update_weighted(x, -1.0);
    }

    /// Number of values (total weight).
    pub fn n(&self) -> f64 {
        self.mean.n
    }

    /// The variance estimate.
    pub fn get(&self) -> f64 {
        let ddof = f64::from(self.ddof);
        if self.mean.n > ddof {
            self.s / (self.mean.n - ddof)
        } else {
            0.0
        }
    }
}
