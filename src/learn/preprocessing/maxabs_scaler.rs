use crate::learn::compose::Step;
use crate::learn::state::{saved_state, state_methods};
use crate::learn::{flagged, slot, Feature, Transformer};

/// Scales each feature by its running maximum absolute value, as River's
/// `preprocessing.MaxAbsScaler`: `learn_one`: `mᵢ ← max(mᵢ, |x|)`; `transform_one`:
/// `x ↦ x / mᵢ`, or 0 when `mᵢ = 0`. One-hot features stay 1, counts land in [−1, 1]; this is the
/// scaler that works on sparse one-hot input (see docs/spec.md, "The default"). O(|x|) per sample.
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

saved_state! {
    #[derive(Debug, Clone, Default, PartialEq)]
    struct State {
        abs_max: Vec<f64> => [len, finite],
    }
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

    state_methods!(st, "maxabs scaler");
}

impl Step for MaxAbsScaler {
    fn transform_in_place(&self, x: &mut [Feature], skip: &[bool]) {
        let m = &self.st.abs_max;
        for f in x.iter_mut() {
            if flagged(skip, f.0) {
                continue;
            }
            let mi = m.get(f.0 as usize).copied().unwrap_or(0.0);
            f.1 = if mi != 0.0 { f.1 / mi } else { 0.0 };
        }
    }

    fn learn_transform_in_place(&mut self, x: &mut [Feature], skip: &[bool]) {
        // One pass: with distinct ids, `learn_one` then `transform_one` bit for bit.
        let m = &mut self.st.abs_max;
        for f in x.iter_mut() {
            if flagged(skip, f.0) {
                continue;
            }
            let mi = slot(m, f.0 as usize);
            if f.1.abs() > *mi {
                *mi = f.1.abs();
            }
            f.1 = if *mi != 0.0 { f.1 / *mi } else { 0.0 };
        }
    }

    fn box_clone(&self) -> Box<dyn Step> {
        Box::new(self.clone())
    }
}
