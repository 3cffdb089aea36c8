use super::{grow_for, Optimizer, Schedule};
use crate::learn::state::{saved_state, state_methods};
use crate::learn::Feature;

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
        // `step` with gᵢ computed on the fly: the same operations in the same order. `w` grows
        // (with zeros) once, before the loop, so the loop has no call in it: in V8 a call in a
        // loop, even one never taken, sends the values the loop carries (`z`) through the stack
        // on every turn (a dense row of 26 columns: 396 → 365 ns). `z` stays ±0 while every
        // updated weight is finite (∞·0 and NaN·0 are NaN): a multiply-add per weight, no test.
        grow_for(w, x);
        let lr = self.lr.get(self.st.n_iterations);
        let mut z = 0.0;
        if l2 == 0.0 {
            for &(i, xi) in x {
                let wi = &mut w[i as usize];
                *wi -= lr * (lg * xi);
                z += *wi * 0.0;
            }
        } else {
            for &(i, xi) in x {
                let wi = &mut w[i as usize];
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

#[cfg(test)]
mod tests {
    use super::{Optimizer, Schedule, Sgd};

    /// The fused linear step is `step` with `gᵢ = lg·xᵢ + l2·wᵢ`, bit for bit (new ids grow `w`
    /// with zeros), and says whether every weight of `x` is still finite.
    #[test]
    fn step_linear_is_step_and_reports_infinite_weights() {
        let lr = Schedule::Constant {
            learning_rate: 0.05,
        };
        for l2 in [0.0, 0.3] {
            let (mut fused, mut plain) = (Sgd::new(lr), Sgd::new(lr));
            let (mut wf, mut wp) = (vec![0.25, -1.5], vec![0.25, -1.5]);
            let x = [(1, 2.0), (4, -0.75), (0, 3.5)];
            let lg = 1.7;
            let g: Vec<_> = x
                .iter()
                .map(|&(i, xi)| (i, lg * xi + l2 * wp.get(i as usize).copied().unwrap_or(0.0)))
                .collect();
            assert!(fused.step_linear(&mut wf, &x, lg, l2, &mut Vec::new()));
            plain.step(&mut wp, &g);
            assert_eq!(wf.len(), 5);
            let bits = |w: &[f64]| w.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&wf), bits(&wp), "l2 = {l2}");
            assert_eq!(fused.n_iterations(), plain.n_iterations());

            // A step that overflows one weight (the last one of x) is reported.
            let mut w = vec![0.0, -f64::MAX];
            assert!(!fused.step_linear(
                &mut w,
                &[(0, 1.0), (1, 1e300)],
                1e300,
                l2,
                &mut Vec::new()
            ));
            assert_eq!(w[1], f64::NEG_INFINITY);
        }
    }
}
