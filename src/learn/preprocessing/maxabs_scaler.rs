use crate::learn::error::{check_finite, check_len, from_state, to_state, Result};
use crate::learn::{Feature, Transformer};
use serde::{Deserialize, Serialize};

/// Scales each feature by its running maximum absolute value, as River's
/// `preprocessing.MaxAbsScaler`: `learn_one`: `mᵢ ← max(mᵢ, |x|)`; `transform_one`:
/// `x ↦ x / mᵢ`, or 0 when `mᵢ = 0`. One-hot features stay 1, counts land in [−1, 1]; this is the
/// scaler that works on sparse one-hot input (see MODELING.md). O(|x|) per sample.
///
/// ```
/// use rivulet::learn::{preprocessing::MaxAbsScaler, Transformer};
/// let mut s = MaxAbsScaler::default();
/// s.learn_one(&[(0, -4.0), (1, 1.0)]);
/// s.learn_one(&[(0, 2.0)]);
/// let mut out = Vec::new();
/// s.transform_one(&[(0, 2.0), (1, 1.0), (5, 3.0)], &mut out);
/// assert_eq!(out, vec![(0, 0.5), (1, 1.0), (5, 0.0)]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MaxAbsScaler {
    st: State,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    abs_max: Vec<f64>,
}

impl Transformer for MaxAbsScaler {
    fn learn_one(&mut self, x: &[Feature]) {
        let m = &mut self.st.abs_max;
        for &(i, xi) in x {
            let i = i as usize;
            if i >= m.len() {
                m.resize(i + 1, 0.0);
            }
            if xi.abs() > m[i] {
                m[i] = xi.abs();
            }
        }
    }

    fn transform_one(&self, x: &[Feature], out: &mut Vec<Feature>) {
        out.extend(x.iter().map(|&(i, xi)| {
            let m = self.st.abs_max.get(i as usize).copied().unwrap_or(0.0);
            (i, if m != 0.0 { xi / m } else { 0.0 })
        }));
    }

    fn state(&self) -> serde_json::Value {
        to_state(&self.st)
    }

    fn load_state(&mut self, state: serde_json::Value, n_features: usize) -> Result<()> {
        let st: State = from_state("maxabs scaler", state)?;
        check_len("maxabs scaler abs_max", st.abs_max.len(), n_features)?;
        check_finite("maxabs scaler abs_max", &st.abs_max)?;
        self.st = st;
        Ok(())
    }

    fn box_clone(&self) -> Box<dyn Transformer> {
        Box::new(self.clone())
    }
}
