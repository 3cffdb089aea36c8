use super::{grow_for, Optimizer, Schedule};
use crate::learn::error::{check_finite, check_len, from_state, to_state, Result};
use crate::learn::Feature;
use serde::{Deserialize, Serialize};

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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    n_iterations: u64,
    g2: Vec<f64>,
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

    fn state(&self) -> serde_json::Value {
        to_state(&self.st)
    }

    fn load_state(&mut self, state: serde_json::Value, n_features: usize) -> Result<()> {
        let st: State = from_state("rmsprop optimizer", state)?;
        check_len("rmsprop optimizer g2", st.g2.len(), n_features)?;
        check_finite("rmsprop optimizer g2", &st.g2)?;
        self.st = st;
        Ok(())
    }

    fn box_clone(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}
