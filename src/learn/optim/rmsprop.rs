use super::{grow_for, Optimizer, Schedule, SquaredGradients as State};
use crate::learn::state::state_methods;
use crate::learn::Feature;

/// RMSProp, as River's `optim.RMSProp`: for each feature `i` in the gradient,
/// `Gᵢ ← ρGᵢ + (1 − ρ)gᵢ²`, `wᵢ ← wᵢ − η(t)/√(Gᵢ + ε)·gᵢ`; then `t ← t + 1`.
///
/// ```
/// use rivulet::learn::optim::{Optimizer, RMSProp, Schedule};
/// let mut o = RMSProp::new(Schedule::Constant { learning_rate: 0.1 }, 0.9, 1e-8);
/// let mut w = vec![];
/// o.step(&mut w, &[(0, 1.0)]);
/// assert!((w[0] + 0.1 / 0.1f64.sqrt()).abs() < 1e-6);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RMSProp {
    lr: Schedule,
    rho: f64,
    eps: f64,
    st: State,
}

impl RMSProp {
    /// RMSProp with River's parameters (defaults 0.1, 0.9, 1e-8).
    pub fn new(lr: Schedule, rho: f64, eps: f64) -> Self {
        RMSProp {
            lr,
            rho,
            eps,
            st: State::default(),
        }
    }
}

impl Optimizer for RMSProp {
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
            self.st.g2[i] = self.rho * self.st.g2[i] + (1.0 - self.rho) * gi * gi;
            w[i] -= lr / (self.st.g2[i] + self.eps).powf(0.5) * gi;
        }
        self.st.n_iterations += 1;
    }

    state_methods!(st, "rmsprop optimizer");

    fn box_clone(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}
