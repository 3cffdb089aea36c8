use super::{grow_for, Optimizer, Schedule};
use crate::learn::error::{from_state, to_state, Result};
use crate::learn::Feature;
use serde::{Deserialize, Serialize};

/// Plain stochastic gradient descent, as River's `optim.SGD`:
/// `wᵢ ← wᵢ − η(t)·gᵢ` for each feature `i` in the gradient, then `t ← t + 1`.
///
/// ```
/// use rivulet::learn::optim::{Optimizer, Schedule, Sgd};
/// let mut o = Sgd::new(Schedule::Constant { learning_rate: 0.1 });
/// let mut w = vec![];
/// o.step(&mut w, &[(2, 5.0)]);
/// assert_eq!(w, vec![0.0, 0.0, -0.5]);
/// assert_eq!(o.n_iterations(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Sgd {
    lr: Schedule,
    st: State,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    n_iterations: u64,
}

impl Sgd {
    /// SGD with the given schedule.
    pub fn new(lr: Schedule) -> Self {
        Sgd {
            lr,
            st: State::default(),
        }
    }
}

impl Optimizer for Sgd {
    fn n_iterations(&self) -> u64 {
        self.st.n_iterations
    }

    fn step(&mut self, w: &mut Vec<f64>, g: &[Feature]) {
        grow_for(w, g);
        let lr = self.lr.get(self.st.n_iterations);
        for &(i, gi) in g {
            w[i as usize] -= lr * gi;
        }
        self.st.n_iterations += 1;
    }

    fn step_linear(
        &mut self,
        w: &mut Vec<f64>,
        x: &[Feature],
        lg: f64,
        l2: f64,
        _grad: &mut Vec<Feature>,
    ) -> bool {
        // `step` with gᵢ computed on the fly: the same operations in the same order; `w`
        // grows (with zeros) only when an id is new.
        let lr = self.lr.get(self.st.n_iterations);
        let mut finite = true;
        for &(i, xi) in x {
            let i = i as usize;
            if i >= w.len() {
                w.resize(i + 1, 0.0);
            }
            let Some(wi) = w.get_mut(i) else { continue };
            let g = if l2 != 0.0 {
                lg * xi + l2 * *wi
            } else {
                lg * xi
            };
            *wi -= lr * g;
            finite &= wi.is_finite();
        }
        self.st.n_iterations += 1;
        finite
    }

    fn state(&self) -> serde_json::Value {
        to_state(&self.st)
    }

    fn load_state(&mut self, state: serde_json::Value, _n_features: usize) -> Result<()> {
        self.st = from_state("sgd optimizer", state)?;
        Ok(())
    }

    fn box_clone(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}
