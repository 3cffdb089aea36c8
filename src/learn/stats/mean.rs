use crate::learn::state::saved_state;

saved_state! {
    /// Running (weighted) mean, as River's `stats.Mean`.
    ///
    /// Update rule for a value `x` with weight `w`:
    /// `n ← n + w`, `mean ← mean + (w / n)·(x − mean)`.
    /// `revert` applies the same rule with `−w` (used by rolling metrics); when `n` reaches 0 the mean
    /// is reset to 0.
    ///
    /// ```
    /// use rivulet::learn::stats::Mean;
    /// let mut m = Mean::default();
    /// for x in [1.0, 2.0, 6.0] { m.update(x); }
    /// assert_eq!(m.get(), 3.0);
    /// m.revert(6.0);
    /// assert_eq!(m.get(), 1.5);
    /// ```
    ///
    /// Saved as `{"mean": ..., "n": ...}` (`to_value`, `read`: see `learn::state`).
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Mean {
        /// Current mean.
        pub mean: f64,
        /// Total weight seen.
        pub n: f64,
    }
}

impl Mean {
    /// Adds `x` with weight 1.
    pub fn update(&mut self, x: f64) {
        self.update_weighted(x, 1.0);
    }

    /// Adds `x` with weight `w`.
    pub fn update_weighted(&mut self, x: f64, w: f64) {
        self.n += w;
        if self.n == 0.0 {
            self.mean = 0.0;
        } else {
            self.mean += (w / self.n) * (x - self.mean);
        }
    }

    /// Removes `x` (weight 1) that was added before.
    pub fn revert(&mut self, x: f64) {
        self.update_weighted(x, -1.0);
    }

    /// The current mean (0 before any update).
    pub fn get(&self) -> f64 {
        self.mean
    }
}
