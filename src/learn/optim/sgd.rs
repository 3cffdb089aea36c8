use super::{grow_for, Optimizer, Schedule};
use crate::learn::state::{saved_state, state_methods};
use crate::learn::{slot, Feature};

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

saved_state! {
    #[derive(Debug, Clone, Default, PartialEq)]
    struct State {
        n_iterations: u64,
    }
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

    fn learning_rate(&self) -> Option<f64> {
        Some(self.lr.get(self.st.n_iterations))
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
        // grows (with zeros) only when an id is new. `z` stays ±0 while every updated weight
        // is finite (∞·0 and NaN·0 are NaN): one multiply-add per weight instead of a test.
        let lr = self.lr.get(self.st.n_iterations);
        let mut z = 0.0;
        if l2 == 0.0 {
            for &(i, xi) in x {
                let wi = slot(w, i as usize);
                *wi -= lr * (lg * xi);
                z += *wi * 0.0;
            }
        } else {
            for &(i, xi) in x {
                let wi = slot(w, i as usize);
                *wi -= lr * (lg * xi + l2 * *wi);
                z += *wi * 0.0;
            }
        }
        let finite = z == 0.0;
        self.st.n_iterations += 1;
        finite
    }

    state_methods!(st, "sgd optimizer");

    fn box_clone(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}
