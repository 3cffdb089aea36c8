use crate::learn::compose::Step;
use crate::learn::error::{check_finite, check_len, Result};
use crate::learn::json::{obj, Fields, Json};
use crate::learn::{flagged, slot, Feature, Transformer};

/// Standard scaling of each feature by its running mean and population variance, exactly as
/// River's `preprocessing.StandardScaler` (`with_std=True`).
///
/// `learn_one`, for each present feature `i` with value `x`: `cᵢ ← cᵢ + 1`, `m₀ ← μᵢ`,
/// `μᵢ ← μᵢ + (x − m₀)/cᵢ`, `σ²ᵢ ← σ²ᵢ + ((x − m₀)(x − μᵢ) − σ²ᵢ)/cᵢ`.
/// `transform_one`: `x ↦ (x − μᵢ)/√σ²ᵢ`, and **0 when σ²ᵢ = 0** (a constant feature, e.g. a one-hot
/// that is 1 whenever present, or a feature seen once). Only the features present in `x` are
/// touched: the cost is O(|x|). Unknown features transform to 0.
///
/// Square roots bound this scaler's time, so `learn_one` keeps √σ²ᵢ beside σ²ᵢ and
/// `predict_one` divides by it instead of taking a root: the same bits, one root less. The
/// statistics of a feature sit side by side (one cache line); the state is saved as River's
/// three arrays.
///
/// ```
/// use rivulet::learn::{preprocessing::StandardScaler, Transformer};
/// let mut s = StandardScaler::default();
/// s.learn_one(&[(0, 1.0), (1, 5.0)]);
/// s.learn_one(&[(0, 3.0), (1, 5.0)]);
/// let mut out = Vec::new();
/// s.transform_one(&[(0, 3.0), (1, 5.0), (2, 7.0)], &mut out);
/// assert_eq!(out, vec![(0, 1.0), (1, 0.0), (2, 0.0)]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StandardScaler {
    /// Per feature id, its statistics side by side: one bounds check and one cache line per
    /// feature on the hot path (the saved state keeps River's three arrays).
    stats: Vec<Stat>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Stat {
    count: f64,
    mean: f64,
    var: f64,
    /// `√var` wherever `var ≠ 0` (elsewhere stale and never read); derived, not serialized.
    sd: f64,
}

/// Equal statistics; `sd` is derived (and may be stale where `var = 0`).
impl PartialEq for Stat {
    fn eq(&self, o: &Self) -> bool {
        (self.count, self.mean, self.var) == (o.count, o.mean, o.var)
    }
}

impl StandardScaler {
    /// Running mean of feature `id` (0 if unseen).
    pub fn mean(&self, id: u32) -> f64 {
        self.stats.get(id as usize).map_or(0.0, |s| s.mean)
    }

    /// Running population variance of feature `id` (0 if unseen).
    pub fn var(&self, id: u32) -> f64 {
        self.stats.get(id as usize).map_or(0.0, |s| s.var)
    }

    /// Feature `id`'s value `x` as this scaler passes it on: unchanged if `skip` flags it,
    /// else scaled by the current statistics (0 for an unseen feature). Every transform below
    /// goes through it, so they give the same bits.
    #[inline]
    fn scaled(&self, id: u32, x: f64, skip: &[bool]) -> f64 {
        if flagged(skip, id) {
            x
        } else {
            self.stats.get(id as usize).map_or(0.0, |s| s.transform(x))
        }
    }
}

impl Stat {
    /// River's update with `x`, then `x` scaled by the updated statistics.
    #[inline]
    fn learn_transform(&mut self, x: f64) -> f64 {
        let c = self.count + 1.0;
        let old = self.mean;
        // A constant feature (a one-hot: always 1 when present) divides zeros by `c`; the
        // result is known without the divider: the mean stays (x − μ = 0, μ ≠ 0) and the
        // variance stays +0. Exactly the general arm's bits (μ ≠ 0 and σ² = +0 make every ±0
        // sign irrelevant); a one-hot feature costs no division after its first sample.
        if x == old && old != 0.0 && self.var.to_bits() == 0 {
            self.count = c;
            return 0.0;
        }
        let mean = old + (x - old) / c;
        let var = self.var + ((x - old) * (x - mean) - self.var) / c;
        self.count = c;
        self.mean = mean;
        self.var = var;
        // `sd` is stored only when used: a store on both arms would let the compiler take the
        // root and divide unconditionally (constant one-hot features would pay for both).
        if var != 0.0 {
            let sd = var.sqrt();
            self.sd = sd;
            (x - mean) / sd
        } else {
            0.0
        }
    }

    /// `x` scaled by the current statistics.
    #[inline]
    fn transform(&self, x: f64) -> f64 {
        if self.var != 0.0 {
            (x - self.mean) / self.sd
        } else {
            0.0
        }
    }
}

impl Transformer for StandardScaler {
    fn learn_one(&mut self, x: &[Feature]) {
        for &(i, xi) in x {
            slot(&mut self.stats, i as usize).learn_transform(xi);
        }
    }

    fn transform_one(&self, x: &[Feature], out: &mut Vec<Feature>) {
        out.extend(x.iter().map(|&(id, xi)| (id, self.scaled(id, xi, &[]))));
    }

    fn state(&self) -> Json {
        let column =
            |f: fn(&Stat) -> f64| Json::from(&self.stats.iter().map(f).collect::<Vec<_>>()[..]);
        obj([
            ("counts", column(|s| s.count)),
            ("means", column(|s| s.mean)),
            ("vars", column(|s| s.var)),
        ])
    }

    fn load_state(&mut self, state: Json, n_features: usize) -> Result<()> {
        let mut f = Fields::state("standard scaler", state)?;
        let (counts, means, vars) = (
            f.f64_vec("counts")?,
            f.f64_vec("means")?,
            f.f64_vec("vars")?,
        );
        f.finish()?;
        let n = counts.len();
        if means.len() != n || vars.len() != n {
            return Err(crate::learn::LearnError::BadState(
                "standard scaler: counts, means and vars differ in length".into(),
            ));
        }
        check_len("standard scaler", " counts", n, n_features)?;
        check_finite("standard scaler", " counts", &counts)?;
        check_finite("standard scaler", " means", &means)?;
        check_finite("standard scaler", " vars", &vars)?;
        if let Some(i) = counts.iter().position(|c| *c < 0.0) {
            return Err(crate::learn::LearnError::BadState(format!(
                "standard scaler counts[{i}] is negative"
            )));
        }
        self.stats = (0..n)
            .map(|i| Stat {
                count: counts[i],
                mean: means[i],
                var: vars[i],
                sd: vars[i].sqrt(),
            })
            .collect();
        Ok(())
    }
}

impl Step for StandardScaler {
    fn transform_in_place(&self, x: &mut [Feature], skip: &[bool]) {
        for f in x.iter_mut() {
            f.1 = self.scaled(f.0, f.1, skip);
        }
    }

    fn learn_transform_in_place(&mut self, x: &mut [Feature], skip: &[bool]) {
        // One pass: feature i's update and transform touch only feature i's statistics, so
        // with distinct ids this is `learn_one` then `transform_one`, bit for bit.
        for f in x.iter_mut() {
            let (id, xi) = *f;
            if flagged(skip, id) {
                continue;
            }
            f.1 = slot(&mut self.stats, id as usize).learn_transform(xi);
        }
    }

    fn transform_extend(&self, x: &[Feature], skip: &[bool], out: &mut Vec<Feature>) {
        out.extend(x.iter().map(|&(id, xi)| (id, self.scaled(id, xi, skip))));
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn transform_dot(&self, x: &[Feature], skip: &[bool], w: &[f64]) -> Option<f64> {
        // The scaling of each feature does not wait on the running sum: fused, the sum's
        // chain of additions overlaps the scaling instead of following it.
        let mut s = 0.0;
        for &(id, xi) in x {
            if let Some(wi) = w.get(id as usize) {
                s += wi * self.scaled(id, xi, skip);
            }
        }
        Some(s)
    }

    fn learn_transform_extend(&mut self, x: &[Feature], skip: &[bool], out: &mut Vec<Feature>) {
        out.extend(x.iter().map(|&(id, xi)| {
            if flagged(skip, id) {
                return (id, xi);
            }
            (id, slot(&mut self.stats, id as usize).learn_transform(xi))
        }));
    }

    fn box_clone(&self) -> Box<dyn Step> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::Stat;

    /// River's update and transform as written, with no shortcut.
    fn reference(s: &mut Stat, x: f64) -> f64 {
        s.count += 1.0;
        let old = s.mean;
        s.mean += (x - old) / s.count;
        s.var += ((x - old) * (x - s.mean) - s.var) / s.count;
        if s.var != 0.0 {
            (x - s.mean) / s.var.sqrt()
        } else {
            0.0
        }
    }

    fn bits(s: &Stat) -> [u64; 3] {
        [s.count.to_bits(), s.mean.to_bits(), s.var.to_bits()]
    }

    /// The constant-feature shortcut gives River's bits: every sequence of 6 values from a set
    /// with signed zeros, repeats and a tiny value, from fresh and from odd starting states.
    #[test]
    fn learn_transform_matches_rivers_formula_bit_for_bit() {
        let values = [0.0, -0.0, 1.0, -1.0, 2.5, 1e-300];
        let starts = [
            (0.0, 0.0, 0.0),
            (3.0, -0.0, 0.0),
            (2.0, 1.0, -0.0),
            (5.0, 1.0, 0.0),
            (1.0, 2.5, 0.25),
        ];
        let n = values.len();
        for &(count, mean, var) in &starts {
            for code in 0..n.pow(6) {
                let fresh = Stat {
                    count,
                    mean,
                    var,
                    sd: var.sqrt(),
                };
                let (mut fast, mut slow) = (fresh, fresh);
                let mut c = code;
                for step in 0..6 {
                    let x = values[c % n];
                    c /= n;
                    let (a, b) = (fast.learn_transform(x), reference(&mut slow, x));
                    assert_eq!(
                        a.to_bits(),
                        b.to_bits(),
                        "start {count} {mean} {var}, code {code}, step {step}"
                    );
                    assert_eq!(
                        bits(&fast),
                        bits(&slow),
                        "start {count} {mean} {var}, code {code}, step {step}"
                    );
                    assert_eq!(fast.transform(x).to_bits(), {
                        if slow.var != 0.0 {
                            ((x - slow.mean) / slow.var.sqrt()).to_bits()
                        } else {
                            0
                        }
                    });
                }
            }
        }
    }
}
