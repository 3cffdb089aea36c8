use crate::learn::error::{check_finite, check_len, Result};
use crate::learn::json::{obj, Fields, Json};
use crate::learn::{flagged, Feature, Transformer};

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
/// `predict_one` divides by it instead of taking a root: the same bits, one root less.
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
    st: State,
    /// `sds[i] = √vars[i]` wherever `vars[i] ≠ 0` (elsewhere stale and never read); derived, not
    /// serialized. Same length as `vars`.
    sds: Vec<f64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct State {
    counts: Vec<f64>,
    means: Vec<f64>,
    vars: Vec<f64>,
}

impl StandardScaler {
    /// Running mean of feature `id` (0 if unseen).
    pub fn mean(&self, id: u32) -> f64 {
        self.st.means.get(id as usize).copied().unwrap_or(0.0)
    }

    /// Running population variance of feature `id` (0 if unseen).
    pub fn var(&self, id: u32) -> f64 {
        self.st.vars.get(id as usize).copied().unwrap_or(0.0)
    }
}

impl StandardScaler {
    /// Grows the three statistics vectors together, once per new id, to hold every id of `x`.
    fn grow_for(&mut self, x: &[Feature]) {
        let st = &mut self.st;
        if let Some(max) = x.iter().map(|f| f.0 as usize).max() {
            if max >= st.counts.len() {
                st.counts.resize(max + 1, 0.0);
                st.means.resize(max + 1, 0.0);
                st.vars.resize(max + 1, 0.0);
                self.sds.resize(max + 1, 0.0);
            }
        }
    }
}

impl Transformer for StandardScaler {
    fn learn_one(&mut self, x: &[Feature]) {
        self.grow_for(x);
        let st = &mut self.st;
        for &(i, xi) in x {
            let i = i as usize;
            st.counts[i] += 1.0;
            let c = st.counts[i];
            let old = st.means[i];
            st.means[i] += (xi - old) / c;
            st.vars[i] += ((xi - old) * (xi - st.means[i]) - st.vars[i]) / c;
            if st.vars[i] != 0.0 {
                self.sds[i] = st.vars[i].sqrt();
            }
        }
    }

    fn transform_one(&self, x: &[Feature], out: &mut Vec<Feature>) {
        out.extend(x.iter().map(|&(i, xi)| {
            let v = self.var(i);
            (
                i,
                if v != 0.0 {
                    (xi - self.mean(i)) / self.sds[i as usize]
                } else {
                    0.0
                },
            )
        }));
    }

    fn transform_in_place(&self, x: &mut [Feature], skip: &[bool]) {
        let st = &self.st;
        let n = st.means.len().min(st.vars.len()).min(self.sds.len());
        let (means, vars, sds) = (&st.means[..n], &st.vars[..n], &self.sds[..n]);
        for f in x.iter_mut() {
            let (i, xi) = *f;
            if flagged(skip, i) {
                continue;
            }
            let i = i as usize;
            f.1 = if i < n && vars[i] != 0.0 {
                (xi - means[i]) / sds[i]
            } else {
                0.0
            };
        }
    }

    fn learn_transform_in_place(&mut self, x: &mut [Feature], skip: &[bool]) {
        self.grow_for(x);
        let st = &mut self.st;
        let n = st.counts.len().min(st.means.len()).min(st.vars.len());
        let n = n.min(self.sds.len());
        let (counts, means, vars, sds) = (
            &mut st.counts[..n],
            &mut st.means[..n],
            &mut st.vars[..n],
            &mut self.sds[..n],
        );
        // One pass: feature i's update and transform touch only feature i's statistics, so
        // with distinct ids this is `learn_one` then `transform_one`, bit for bit.
        for f in x.iter_mut() {
            let (id, xi) = *f;
            let i = id as usize;
            if i >= n || flagged(skip, id) {
                continue; // i < n always holds after the resize
            }
            let c = counts[i] + 1.0;
            counts[i] = c;
            let old = means[i];
            let mean = old + (xi - old) / c;
            let var = vars[i] + ((xi - old) * (xi - mean) - vars[i]) / c;
            means[i] = mean;
            vars[i] = var;
            f.1 = if var != 0.0 {
                let sd = var.sqrt();
                sds[i] = sd;
                (xi - mean) / sd
            } else {
                0.0
            };
        }
    }

    fn state(&self) -> Json {
        obj([
            ("counts", self.st.counts.as_slice().into()),
            ("means", self.st.means.as_slice().into()),
            ("vars", self.st.vars.as_slice().into()),
        ])
    }

    fn load_state(&mut self, state: Json, n_features: usize) -> Result<()> {
        let mut f = Fields::state("standard scaler", state)?;
        let st = State {
            counts: f.f64_vec("counts")?,
            means: f.f64_vec("means")?,
            vars: f.f64_vec("vars")?,
        };
        f.finish()?;
        let n = st.counts.len();
        if st.means.len() != n || st.vars.len() != n {
            return Err(crate::learn::LearnError::BadState(
                "standard scaler: counts, means and vars differ in length".into(),
            ));
        }
        check_len("standard scaler counts", n, n_features)?;
        check_finite("standard scaler counts", &st.counts)?;
        check_finite("standard scaler means", &st.means)?;
        check_finite("standard scaler vars", &st.vars)?;
        self.sds = st.vars.iter().map(|v| v.sqrt()).collect();
        self.st = st;
        Ok(())
    }

    fn box_clone(&self) -> Box<dyn Transformer> {
        Box::new(self.clone())
    }
}
