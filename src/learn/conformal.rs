//! Online conformal prediction intervals around any regressor, with truncation ("the target is
//! known to exceed `t`") for predictions that sharpen while an event runs.

use super::error::LearnError;
use super::json::{core_f64, obj, parse_with, Fields, Json};
use std::collections::VecDeque;

/// Online split-conformal intervals from a rolling window of signed residuals.
///
/// The wrapped regressor is used progressively: predict `ŷ`, then once the truth `y` is known,
/// [`update`](Self::update) stores `r = y − ŷ` (the most recent `window` residuals are kept).
/// The predictive distribution of the next target is the empirical one of `ŷ + rᵢ`, so:
///
/// - the level-`L` interval is the **shortest** window of that sorted sample holding
///   `k = ⌈L·(n+1)⌉` of the `n` values (capped at `n`), the finite-sample conformal count; on
///   skewed residuals (rare, very short remakes) it is narrower than the equal-tailed interval
///   at the same coverage;
/// - given the target is known to exceed `t` (truncation), only the values `ŷ + rᵢ > t` are kept
///   (when fewer than `min_tail` remain, the `min_tail` largest are shifted to start at `t`, so
///   a target running longer than anything seen still gets a tail), and both the interval and
///   the central value come from that conditional sample;
/// - the central value is `ŷ + (median of kept rᵢ − median of all rᵢ)`, floored at `t`: `ŷ`
///   itself before truncation, rising continuously as `t` removes the low residuals.
///
/// Until `min_samples` residuals are stored, [`predict`](Self::predict) returns `None`.
///
/// ```
/// use rivulet::learn::conformal::ConformalIntervals;
/// let mut c = ConformalIntervals::new(100).unwrap();
/// for i in 0..100 { c.update(0.0, f64::from(i) - 49.5); }   // residuals -49.5 ..= 49.5
/// let p = c.predict(1000.0, 0.0).unwrap();
/// let (lo, hi) = p.interval(0.8);
/// assert!(hi - lo <= 81.0 && lo <= 1000.0 && hi >= 1000.0);
/// // Known to exceed 1030: only residuals above 30 remain.
/// let p = c.predict(1000.0, 1030.0).unwrap();
/// assert!(p.interval(0.9).0 >= 1030.0 && p.center > 1030.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ConformalIntervals {
    window: usize,
    min_samples: usize,
    min_tail: usize,
    /// Residuals in arrival order (oldest first).
    recent: VecDeque<f64>,
    /// The same residuals, sorted (not serialized; rebuilt on load).
    sorted: Vec<f64>,
}

/// The serialized form ([`ConformalIntervals::to_state`]): the settings and the residuals in
/// arrival order.
#[derive(Debug, Clone, PartialEq)]
pub struct ConformalState {
    pub window: usize,
    pub min_samples: usize,
    pub min_tail: usize,
    pub residuals: Vec<f64>,
}

impl TryFrom<ConformalState> for ConformalIntervals {
    type Error = String;
    /// Restores [`ConformalIntervals::to_state`]'s output; the error names the problem.
    fn try_from(s: ConformalState) -> Result<Self, String> {
        let mut c = ConformalIntervals::with_settings(s.window, s.min_samples, s.min_tail)?;
        if s.residuals.len() > s.window {
            return Err(format!(
                "conformal: {} residuals exceed the window of {}",
                s.residuals.len(),
                s.window
            ));
        }
        if let Some(i) = s.residuals.iter().position(|r| !r.is_finite()) {
            return Err(format!("conformal: residuals[{i}] is not a finite number"));
        }
        for r in s.residuals {
            c.push(r);
        }
        Ok(c)
    }
}

impl ConformalIntervals {
    /// The serialized form: settings and residuals (restore with `ConformalIntervals::try_from`).
    pub fn to_state(&self) -> ConformalState {
        ConformalState {
            window: self.window,
            min_samples: self.min_samples,
            min_tail: self.min_tail,
            residuals: self.recent.iter().copied().collect(),
        }
    }

    /// The state as a JSON value: `{"window", "min_samples", "min_tail", "residuals"}`.
    pub fn to_value(&self) -> Json {
        let residuals: Vec<f64> = self.recent.iter().copied().collect();
        obj([
            ("window", self.window.into()),
            ("min_samples", self.min_samples.into()),
            ("min_tail", self.min_tail.into()),
            ("residuals", residuals.as_slice().into()),
        ])
    }

    /// Restores [`to_value`](Self::to_value)'s output; the error names the field.
    pub fn from_value(v: Json) -> Result<Self, LearnError> {
        let mut f = Fields::state("conformal", v)?;
        let state = ConformalState {
            window: f.usize("window")?,
            min_samples: f.usize("min_samples")?,
            min_tail: f.usize("min_tail")?,
            residuals: f.f64_vec("residuals")?,
        };
        f.finish()?;
        ConformalIntervals::try_from(state).map_err(LearnError::BadState)
    }

    /// [`to_value`](Self::to_value) as JSON text (an error only for a non-finite residual,
    /// which `update` never stores).
    pub fn to_json(&self) -> Result<String, LearnError> {
        self.to_value().to_text().map_err(LearnError::BadState)
    }

    /// Restores [`to_json`](Self::to_json)'s output.
    pub fn from_json(text: &str) -> Result<Self, LearnError> {
        let v = parse_with(text, &core_f64)
            .map_err(|e| LearnError::BadState(format!("conformal: not JSON: {e}")))?;
        Self::from_value(v)
    }
}

/// The conditional predictive distribution for one prediction: a sorted sample of plausible
/// target values (all `> floor` when truncated) and its central value.
#[derive(Debug, Clone, PartialEq)]
pub struct Predictive {
    /// Central value (see [`ConformalIntervals`]), `≥ floor`.
    pub center: f64,
    /// The conditional sample, sorted ascending.
    pub sample: Vec<f64>,
    /// The truncation point (`-∞` for none).
    pub floor: f64,
}

impl Predictive {
    /// The shortest interval holding `⌈level·(n+1)⌉` of the `n` sample values (`level` is
    /// clamped to [0, 1]), never below `floor`.
    pub fn interval(&self, level: f64) -> (f64, f64) {
        let s = &self.sample;
        let n = s.len();
        let level = if level.is_nan() {
            0.0
        } else {
            level.clamp(0.0, 1.0)
        };
        let k = ((level * (n as f64 + 1.0)).ceil() as usize).clamp(1, n);
        let mut best = (s[0], s[k - 1]);
        for i in 1..=n - k {
            if s[i + k - 1] - s[i] < best.1 - best.0 {
                best = (s[i], s[i + k - 1]);
            }
        }
        (best.0.max(self.floor), best.1.max(self.floor))
    }

    /// The `q`-quantile of the sample (lower value; `q` clamped to [0, 1]).
    pub fn quantile(&self, q: f64) -> f64 {
        let n = self.sample.len();
        let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
        self.sample[((q * (n - 1) as f64).round() as usize).min(n - 1)]
    }
}

fn median_sorted(s: &[f64]) -> f64 {
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        0.5 * (s[n / 2 - 1] + s[n / 2])
    }
}

impl ConformalIntervals {
    /// Intervals from the last `window` residuals (≥ 1), usable after 30 residuals, with a tail
    /// of at least 20 values when truncating.
    pub fn new(window: usize) -> Result<Self, String> {
        Self::with_settings(window, 30.min(window), 20.min(window))
    }

    /// Every setting: `window` ≥ 1, `1 ≤ min_samples ≤ window`, `1 ≤ min_tail ≤ window`.
    pub fn with_settings(
        window: usize,
        min_samples: usize,
        min_tail: usize,
    ) -> Result<Self, String> {
        if window == 0 {
            return Err("conformal: window must be at least 1".into());
        }
        if min_samples == 0 || min_samples > window || min_tail == 0 || min_tail > window {
            return Err(format!(
                "conformal: min_samples ({min_samples}) and min_tail ({min_tail}) must be in 1..={window}"
            ));
        }
        Ok(ConformalIntervals {
            window,
            min_samples,
            min_tail,
            recent: VecDeque::with_capacity(window),
            sorted: Vec::with_capacity(window),
        })
    }

    /// The window size.
    pub fn window(&self) -> usize {
        self.window
    }

    /// How many residuals are stored.
    pub fn len(&self) -> usize {
        self.recent.len()
    }

    /// Whether no residual is stored yet.
    pub fn is_empty(&self) -> bool {
        self.recent.is_empty()
    }

    /// Whether enough residuals are stored to [`predict`](Self::predict).
    pub fn is_ready(&self) -> bool {
        self.recent.len() >= self.min_samples
    }

    fn push(&mut self, r: f64) {
        if self.recent.len() == self.window {
            if let Some(old) = self.recent.pop_front() {
                let at = self.sorted.partition_point(|v| *v < old);
                self.sorted.remove(at);
            }
        }
        self.recent.push_back(r);
        let at = self.sorted.partition_point(|v| *v < r);
        self.sorted.insert(at, r);
    }

    /// Records the residual `y_true − y_pred` of a prediction made before `y_true` was known.
    /// Non-finite inputs are ignored (and return `false`).
    pub fn update(&mut self, y_pred: f64, y_true: f64) -> bool {
        let r = y_true - y_pred;
        if !r.is_finite() {
            return false;
        }
        self.push(r);
        true
    }

    /// The predictive distribution around `y_pred`, given the target exceeds `floor` (pass
    /// `-inf` or anything below every plausible value for no truncation). `None` until ready
    /// or for a non-finite `y_pred`.
    pub fn predict(&self, y_pred: f64, floor: f64) -> Option<Predictive> {
        if !self.is_ready() || !y_pred.is_finite() || floor.is_nan() {
            return None;
        }
        let s = &self.sorted;
        // Residuals with y_pred + r > floor: a suffix of the sorted residuals.
        let start = s.partition_point(|r| y_pred + r <= floor);
        let kept = &s[start..];
        let all_median = median_sorted(s);
        let sample: Vec<f64> = if kept.len() >= self.min_tail || start == 0 {
            kept.iter().map(|r| y_pred + r).collect()
        } else {
            // Too few longer outcomes seen: the largest `min_tail`, shifted to begin at `floor`.
            let tail = &s[s.len() - self.min_tail..];
            tail.iter().map(|r| floor + (r - tail[0])).collect()
        };
        let center = if start == 0 {
            y_pred
        } else if kept.len() >= self.min_tail {
            y_pred + median_sorted(kept) - all_median
        } else {
            median_sorted(&sample)
        };
        Some(Predictive {
            center: center.max(floor),
            sample,
            floor,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn saved_text_round_trips_and_bad_state_is_refused() {
        let mut c = super::ConformalIntervals::with_settings(5, 2, 1).unwrap();
        for r in [3.5, -1.25, 0.1, 7.0, -2.0, 4.0] {
            c.update(0.0, r);
        }
        let text = c.to_json().unwrap();
        assert_eq!(
            text,
            r#"{"window":5,"min_samples":2,"min_tail":1,"residuals":[-1.25,0.1,7.0,-2.0,4.0]}"#
        );
        assert_eq!(super::ConformalIntervals::from_json(&text).unwrap(), c);
        for bad in [
            r#"{"window":1,"min_samples":1,"min_tail":1,"residuals":[1,2]}"#,
            r#"{"window":5,"min_samples":2,"min_tail":1}"#,
            r#"{"window":5,"min_samples":2,"min_tail":1,"residuals":[],"x":1}"#,
            "[",
        ] {
            let e = super::ConformalIntervals::from_json(bad).unwrap_err();
            assert!(
                matches!(e, crate::learn::LearnError::BadState(_)),
                "{bad}: {e}"
            );
        }
    }

    use super::*;

    #[test]
    fn window_keeps_the_latest_residuals_sorted() {
        let mut c = ConformalIntervals::with_settings(3, 1, 1).unwrap();
        for (p, y) in [(0.0, 5.0), (0.0, 1.0), (0.0, 3.0), (0.0, 2.0)] {
            c.update(p, y);
        }
        assert_eq!(c.len(), 3);
        assert_eq!(c.sorted, vec![1.0, 2.0, 3.0]);
        assert!(!c.update(f64::NAN, 1.0));
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn coverage_is_near_nominal_on_a_skewed_stream() {
        // Exponential-like residuals (skewed): the shortest interval must still cover ~L.
        let mut state: u64 = 7;
        let mut uniform = || {
            // xorshift64*: a fixed, dependency-free stream for the test.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut c = ConformalIntervals::new(1000).unwrap();
        let (mut hit80, mut hit90, mut n) = (0, 0, 0);
        for _ in 0..20_000 {
            let y = -(1.0 - uniform()).ln() * 300.0;
            if let Some(p) = c.predict(0.0, f64::NEG_INFINITY) {
                let (a, b) = p.interval(0.8);
                hit80 += (a <= y && y <= b) as i32;
                let (a, b) = p.interval(0.9);
                hit90 += (a <= y && y <= b) as i32;
                n += 1;
            }
            c.update(0.0, y);
        }
        let (c80, c90) = (hit80 as f64 / n as f64, hit90 as f64 / n as f64);
        assert!((c80 - 0.8).abs() < 0.015, "{c80}");
        assert!((c90 - 0.9).abs() < 0.015, "{c90}");
    }

    #[test]
    fn truncation_keeps_values_above_the_floor_and_extends_the_tail() {
        let mut c = ConformalIntervals::with_settings(100, 10, 5).unwrap();
        for i in 0..100 {
            c.update(1000.0, 1000.0 + f64::from(i));
        }
        let p = c.predict(1000.0, f64::NEG_INFINITY).unwrap();
        assert_eq!(p.center, 1000.0);
        let p = c.predict(1000.0, 1090.0).unwrap();
        assert!(p.sample.iter().all(|v| *v > 1090.0));
        assert_eq!(p.sample.len(), 9);
        // Beyond everything seen: a tail of 5 values starting at the floor.
        let p = c.predict(1000.0, 5000.0).unwrap();
        assert_eq!(p.sample, vec![5000.0, 5001.0, 5002.0, 5003.0, 5004.0]);
        assert!(p.center >= 5000.0 && p.interval(0.9).0 >= 5000.0);
    }

    #[test]
    fn state_round_trip_and_bad_state() {
        let mut c = ConformalIntervals::new(50).unwrap();
        for i in 0..60 {
            c.update(0.0, f64::from(i * 7 % 13));
        }
        let back = ConformalIntervals::try_from(c.to_state()).unwrap();
        assert_eq!(back, c);
        let bad = |window, residuals: Vec<f64>| ConformalState {
            window,
            min_samples: 1,
            min_tail: 1,
            residuals,
        };
        let e = ConformalIntervals::try_from(bad(2, vec![1.0, 2.0, 3.0])).unwrap_err();
        assert!(e.contains("exceed the window"), "{e}");
        assert!(ConformalIntervals::try_from(bad(0, vec![])).is_err());
        let e = ConformalIntervals::try_from(bad(5, vec![1.0, f64::NAN])).unwrap_err();
        assert!(e.contains("residuals[1]"), "{e}");
        assert!(ConformalIntervals::new(0).is_err());
        assert!(c.predict(f64::NAN, 0.0).is_none());
        assert!(ConformalIntervals::new(50)
            .unwrap()
            .predict(1.0, 0.0)
            .is_none());
    }
}
