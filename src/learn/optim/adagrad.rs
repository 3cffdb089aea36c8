use super::{grow_for, Optimizer, Schedule, SquaredGradients as State};
use crate::learn::state::state_methods;
use crate::learn::Feature;

/// AdaGrad, as River's `optim.AdaGrad`: for each feature `i` in the gradient,
/// `Gᵢ ← Gᵢ + gᵢ²`, `wᵢ ← wᵢ − η(t)/√(Gᵢ + ε)·gᵢ`; then `t ← t + 1`.
///
/// ```
/// use rivulet::learn::optim::{AdaGrad, Optimizer, Schedule};
/// let mut o = AdaGrad::new(Schedule::Constant { learning_rate: 0.1 }, 1e-8);
/// let mut w = vec![];
/// o.step(&mut w, &[(0, 3.0)]);
/// assert!((w[0] + 0.1).abs() < 1e-8);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AdaGrad {
    lr: Schedule,
    eps: f64,
    st: State,
}

impl AdaGrad {
    /// AdaGrad with River's parameters (defaults 0.1, 1e-8).
    pub fn new(lr: Schedule, eps: f64) -> Self {
        AdaGrad {
            lr,
            eps,
            st: State::default(),
        }
    }
}

impl Optimizer for AdaGrad {
    fn n_iterations(&self) -> u64 {
        self.st.n_iterations
    }

    fn learning_rate(&self) -> Option<f64> {
        Some(self.lr.get(self.st.n_iterations))
    }

    fn step(&mut self, w: &mut Vec<f64>, g: &[Feature]) {
        grow_for(w, g);
        grow_for(&mut self.st.g2, g);
        let lr = self.lr.get(self.st.n_iterations);
        for &(i, gi) in g {
            let i = i as usize;
            self.st.g2[i] += gi * gi;
            w[i] -= lr / (self.st.g2[i] + self.eps).powf(0.5) * gi;
        }
        self.st.n_iterations += 1;
    }

    state_methods!(st, "adagrad optimizer");

    fn box_clone(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}
