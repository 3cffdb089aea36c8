/// Streaming quantile by the P² algorithm (Jain & Chlamtac, 1985), as River's `stats.Quantile`.
///
/// Five markers track the minimum, the `q/2`, `q`, `(1+q)/2` quantiles and the maximum. For each
/// new value: find the cell `k` holding it (extending the min/max markers), shift the positions of
/// the markers above `k`, advance the desired positions by `(0, q/2, q, (1+q)/2, 1)`, then move each
/// inner marker whose position is off by ≥ 1 by one step, with the piecewise-parabolic (P²)
/// formula, or the linear one when the parabola would leave the neighbours' heights.
/// Up to five values the estimate is the sorted value at index `round((n − 1)·q)`.
///
/// ```
/// use rivulet::learn::stats::Quantile;
/// let mut q = Quantile::new(0.5).unwrap();
/// for i in 0..1001 { q.update(f64::from((i * 7919) % 1001)); }
/// assert!((q.get().unwrap() - 500.0).abs() < 50.0, "{:?}", q.get());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Quantile {
    /// The quantile, in (0, 1).
    pub q: f64,
    /// Marker heights (or the first values, sorted, while fewer than 5).
    pub heights: Vec<f64>,
    /// Marker positions (1-based).
    pub positions: [f64; 5],
    /// Desired marker positions.
    pub desired: [f64; 5],
    /// Values seen.
    pub n: u64,
}

impl Quantile {
    /// A quantile estimator for `q` ∈ (0, 1).
    pub fn new(q: f64) -> Result<Self, String> {
        if !(q > 0.0 && q < 1.0) {
            return Err(format!(
                "q must be in (0, 1), got {}",
                crate::learn::json::Float(q)
            ));
        }
        Ok(Quantile {
            q,
            heights: Vec::with_capacity(5),
            positions: [1.0, 2.0, 3.0, 4.0, 5.0],
            desired: [1.0, 1.0 + 2.0 * q, 1.0 + 4.0 * q, 3.0 + 2.0 * q, 5.0],
            n: 0,
        })
    }

    /// Adds `x` (NaN is ignored).
    pub fn update(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        if self.heights.len() < 5 {
            let at = self.heights.partition_point(|h| *h <= x);
            self.heights.insert(at, x);
            return;
        }
        let h = &mut self.heights;
        let k = if x < h[0] {
            h[0] = x;
            0
        } else if x >= h[4] {
            h[4] = x;
            3
        } else {
            (0..4).find(|&i| h[i] <= x && x < h[i + 1]).unwrap_or(3)
        };
        for p in &mut self.positions[k + 1..] {
            *p += 1.0;
        }
        let dn = [0.0, self.q / 2.0, self.q, (1.0 + self.q) / 2.0, 1.0];
        for (d, inc) in self.desired.iter_mut().zip(dn) {
            *d += inc;
        }
        for i in 1..4 {
            let d = self.desired[i] - self.positions[i];
            let n = &self.positions;
            if (d >= 1.0 && n[i + 1] - n[i] > 1.0) || (d <= -1.0 && n[i - 1] - n[i] < -1.0) {
                let s = d.signum();
                let (q0, q1, q2) = (h[i - 1], h[i], h[i + 1]);
                let (n0, n1, n2) = (n[i - 1], n[i], n[i + 1]);
                let parabolic = q1
                    + s / (n2 - n0)
                        * ((n1 - n0 + s) * (q2 - q1) / (n2 - n1)
                            + (n2 - n1 - s) * (q1 - q0) / (n1 - n0));
                h[i] = if q0 < parabolic && parabolic < q2 {
                    parabolic
                } else {
                    let j = if s > 0.0 { i + 1 } else { i - 1 };
                    q1 + s * (h[j] - q1) / (n[j] - n1)
                };
                self.positions[i] += s;
            }
        }
    }

    /// The estimate, `None` before any value.
    pub fn get(&self) -> Option<f64> {
        let h = &self.heights;
        if h.is_empty() {
            return None;
        }
        if self.n <= 5 {
            let idx = ((h.len() - 1) as f64 * self.q).round() as usize;
            return Some(h[idx.min(h.len() - 1)]);
        }
        Some(h[2])
    }
}
