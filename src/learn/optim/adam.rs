use super::{grow_for, Optimizer, Schedule};
use crate::learn::state::{saved_state, state_methods};
use crate::learn::Feature;

/// Adam, as River's `optim.Adam` on `learn_one`: with `η_t = η(t)·√(1 − β₂^{t+1}) / (1 − β₁^{t+1})`,
/// for each feature `i` in the gradient only: `mᵢ ← β₁mᵢ + (1 − β₁)gᵢ`,
/// `vᵢ ← β₂vᵢ + (1 − β₂)gᵢ²`, `wᵢ ← wᵢ − η_t·mᵢ/(√vᵢ + ε)`; then `t ← t + 1`.
/// The moments of absent features are left as they are (River's masked update), so a step
/// costs O(|g|), unlike River's dense pass over every moment.
///
/// ```
/// use rivulet::learn::optim::{Adam, Optimizer, Schedule};
/// let mut o = Adam::new(Schedule::Constant { learning_rate: 0.1 }, 0.9, 0.999, 1e-8);
/// let mut w = vec![0.0];
/// o.step(&mut w, &[(0, 2.0)]);
/// assert!((w[0] + 0.1).abs() < 1e-6); // the first Adam step has size ≈ η
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Adam {
    lr: Schedule,
    beta_1: f64,
    beta_2: f64,
    eps: f64,
    st: State,
}

saved_state! {
    #[derive(Debug, Clone, Default, PartialEq)]
    struct State {
        m: Vec<f64> => [len, finite],
        n_iterations: u64,
        v: Vec<f64> => [same_len(m), finite],
    }
}

impl Adam {
    /// Adam with River's parameters (defaults 0.1, 0.9, 0.999, 1e-8).
    pub fn new(lr: Schedule, beta_1: f64, beta_2: f64, eps: f64) -> Self {
        Adam {
            lr,
            beta_1,
            beta_2,
            eps,
            st: State::default(),
        }
    }
}

impl Optimizer for Adam {
    fn n_iterations(&self) -> u64 {
        self.st.n_iterations
    }

    fn learning_rate(&self) -> Option<f64> {
        Some(self.lr.get(self.st.n_iterations))
    }

    fn step(&mut self, w: &mut Vec<f64>, g: &[Feature]) {
        grow_for(w, g);
        grow_for(&mut self.st.m, g);
        grow_for(&mut self.st.v, g);
        let t = (self.st.n_iterations + 1) as f64;
        let mut lr = self.lr.get(self.st.n_iterations) * (1.0 - self.beta_2.powf(t)).powf(0.5);
        lr /= 1.0 - self.beta_1.powf(t);
        let (b1, b2) = (self.beta_1, self.beta_2);
        for &(i, gi) in g {
            let i = i as usize;
            let m = b1 * self.st.m[i] + (1.0 - b1) * gi;
            let v = b2 * self.st.v[i] + (1.0 - b2) * gi * gi;
            self.st.m[i] = m;
            self.st.v[i] = v;
            w[i] -= lr * m / (v.powf(0.5) + self.eps);
        }
        self.st.n_iterations += 1;
    }

    state_methods!(st, "adam optimizer");

    fn box_clone(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}
