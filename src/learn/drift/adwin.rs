use crate::learn::error::{finite, LearnError, Result};
use std::collections::VecDeque;

/// ADWIN, ADaptive WINdowing (Bifet & Gavaldà 2007), exactly River's `drift.ADWIN`: the same
/// detections at the same indices.
///
/// The window is kept as exponential histograms: level `i` holds up to `max_buckets` summaries
/// `(sum, M₂)` of `2ⁱ` values each, oldest first. `update(x)`:
/// 1. appends `x` to level 0 (`n ← n + 1`; `M₂ ← M₂ + (n − 1)(x − S/(n − 1))²/n` when `n > 1`;
///    `S ← S + x`); a level holding `max_buckets + 1` summaries merges its two oldest
///    (`S₁₂ = S₁ + S₂`, `M₂ = M₂₁ + M₂₂ + 2ⁱ·½·(S₁/2ⁱ − S₂/2ⁱ)²`) into the next level;
/// 2. every `clock` updates, once `n > grace_period`: walking the summaries from the oldest, it
///    splits the window into `W₀` (older, `n₀` values) and `W₁`; a split with `n₀, n₁ ≥
///    min_window_length` is a change when `|μ₀ − μ₁| > ε`, `ε = √(2m·(M₂/n)·δ') + ⅔·δ'·m`, with
///    `m = 1/(n₀ − ℓ + 1) + 1/(n₁ − ℓ + 1)`, `δ' = ln(2·ln(n)/δ)`. On a change the oldest summary
///    is dropped and the walk starts again, until no split is a change.
///
/// ```
/// use rivulet::learn::drift::Adwin;
/// let mut d = Adwin::default();
/// let mut found = vec![];
/// for i in 0..2000 {
///     let x = if i < 1000 { f64::from(i % 7) / 7.0 } else { 0.5 + f64::from(i % 5) / 5.0 };
///     d.update(x).unwrap();
///     if d.drift_detected() { found.push(i); }
/// }
/// assert_eq!(found, vec![1055]); // River's ADWIN() on this stream says the same
/// assert!(d.update(f64::NAN).is_err()); // and changes nothing
/// assert!(Adwin::new(2.0, 32, 5, 5, 10).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Adwin {
    delta: f64,
    clock: u64,
    max_buckets: usize,
    min_window_length: f64,
    grace_period: f64,
    st: State,
    drift: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct State {
    /// Level `i`: summaries `(sum, M₂)` of `2ⁱ` values each, oldest first.
    levels: Vec<VecDeque<(f64, f64)>>,
    total: f64,
    variance: f64,
    width: f64,
    tick: u64,
    n_detections: u64,
}

impl Default for Adwin {
    /// River's defaults: δ 0.002, clock 32, max_buckets 5, min_window_length 5, grace_period 10.
    fn default() -> Self {
        Adwin::unchecked(0.002, 32, 5, 5, 10)
    }
}

impl Adwin {
    /// ADWIN with River's parameters: `delta` in (0, 1), `clock` and `max_buckets` at least 1
    /// (River divides by the clock); anything else is an error.
    pub fn new(
        delta: f64,
        clock: u32,
        max_buckets: u32,
        min_window_length: u32,
        grace_period: u32,
    ) -> Result<Self> {
        if !(delta > 0.0 && delta < 1.0) {
            return Err(LearnError::BadValue(format!(
                "ADWIN: delta must be in (0, 1), got {}",
                crate::learn::json::Float(delta)
            )));
        }
        if clock == 0 || max_buckets == 0 {
            return Err(LearnError::BadValue(format!(
                "ADWIN: clock and max_buckets must be at least 1, got {clock} and {max_buckets}"
            )));
        }
        Ok(Adwin::unchecked(
            delta,
            clock,
            max_buckets,
            min_window_length,
            grace_period,
        ))
    }

    fn unchecked(
        delta: f64,
        clock: u32,
        max_buckets: u32,
        min_window_length: u32,
        grace_period: u32,
    ) -> Self {
        Adwin {
            delta,
            clock: u64::from(clock),
            max_buckets: max_buckets as usize,
            min_window_length: f64::from(min_window_length),
            grace_period: f64::from(grace_period),
            st: State::default(),
            drift: false,
        }
    }

    /// Whether the last `update` detected a change.
    pub fn drift_detected(&self) -> bool {
        self.drift
    }

    /// Number of values in the window.
    pub fn width(&self) -> f64 {
        self.st.width
    }

    /// The mean of the window (0 when empty).
    pub fn estimation(&self) -> f64 {
        if self.st.width == 0.0 {
            0.0
        } else {
            self.st.total / self.st.width
        }
    }

    /// Adds `x` (after a detection, the detector first starts afresh, as River's). A NaN or
    /// an infinity is an error and changes nothing (it would poison every later mean).
    pub fn update(&mut self, x: f64) -> Result<()> {
        let x = finite("ADWIN: x", x)?;
        if self.drift {
            self.st = State::default();
        }
        self.insert(x);
        self.drift = self.detect();
        Ok(())
    }

    fn insert(&mut self, x: f64) {
        let st = &mut self.st;
        if st.levels.is_empty() {
            st.levels
                .push(VecDeque::with_capacity(self.max_buckets + 1));
        }
        st.levels[0].push_back((x, 0.0));
        st.width += 1.0;
        if st.width > 1.0 {
            let d = x - st.total / (st.width - 1.0);
            st.variance += (st.width - 1.0) * d * d / st.width;
        }
        st.total += x;
        // Merge the two oldest summaries of a full level into the next one, upwards.
        let mut i = 0;
        while st.levels[i].len() == self.max_buckets + 1 {
            let size = (1u64 << i) as f64;
            let (s1, v1) = st.levels[i].pop_front().unwrap_or_default();
            let (s2, v2) = st.levels[i].pop_front().unwrap_or_default();
            let (m1, m2) = (s1 / size, s2 / size);
            let merged = (s1 + s2, v1 + v2 + size * 0.5 * (m1 - m2) * (m1 - m2));
            if i + 1 == st.levels.len() {
                st.levels
                    .push(VecDeque::with_capacity(self.max_buckets + 1));
            }
            st.levels[i + 1].push_back(merged);
            i += 1;
        }
    }

    /// Drops the oldest summary.
    fn drop_oldest(&mut self) {
        let st = &mut self.st;
        let last = st.levels.len() - 1;
        let size = (1u64 << last) as f64;
        let (s, v) = st.levels[last].pop_front().unwrap_or_default();
        let mean = s / size;
        st.width -= size;
        st.total -= s;
        let rest = st.total / st.width;
        st.variance -= v + size * st.width * (mean - rest) * (mean - rest) / (size + st.width);
        if st.levels[last].is_empty() {
            st.levels.pop();
        }
    }

    fn detect(&mut self) -> bool {
        let mut change = false;
        self.st.tick += 1;
        if !self.st.tick.is_multiple_of(self.clock) || self.st.width <= self.grace_period {
            return false;
        }
        'again: loop {
            let (mut n0, mut n1) = (0.0, self.st.width);
            let (mut u0, mut u1) = (0.0, self.st.total);
            for i in (0..self.st.levels.len()).rev() {
                let size = (1u64 << i) as f64;
                let level = &self.st.levels[i];
                for (k, &(s, _)) in level.iter().enumerate() {
                    n0 += size;
                    n1 -= size;
                    u0 += s;
                    u1 -= s;
                    if i == 0 && k + 1 == level.len() {
                        break 'again;
                    }
                    let gap = (u0 / n0) - (u1 / n1);
                    if n1 >= self.min_window_length
                        && n0 >= self.min_window_length
                        && self.is_cut(n0, n1, gap)
                    {
                        change = true;
                        if self.st.width > 0.0 {
                            self.drop_oldest();
                            continue 'again;
                        }
                    }
                }
            }
            break;
        }
        if change {
            self.st.n_detections += 1;
        }
        change
    }

    fn is_cut(&self, n0: f64, n1: f64, gap: f64) -> bool {
        let st = &self.st;
        let delta_prime = (2.0 * st.width.ln() / self.delta).ln();
        let m =
            1.0 / (n0 - self.min_window_length + 1.0) + 1.0 / (n1 - self.min_window_length + 1.0);
        let eps =
            (2.0 * m * (st.variance / st.width) * delta_prime).sqrt() + 2.0 / 3.0 * delta_prime * m;
        gap.abs() > eps
    }

    /// Number of changes detected since the last reset.
    pub fn n_detections(&self) -> u64 {
        self.st.n_detections
    }
}
