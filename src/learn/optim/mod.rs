//! Optimizers (sparse and lazy: a step touches only the features present in the gradient),
//! learning-rate schedules and regression losses.

mod adagrad;
mod adam;
mod ftrl;
mod losses;
mod rmsprop;
mod schedule;
mod sgd;

pub use adagrad::AdaGrad;
pub use adam::Adam;
pub use ftrl::FtrlProximal;
pub use losses::Loss;
pub use rmsprop::RMSProp;
pub use schedule::Schedule;
pub use sgd::Sgd;

use crate::learn::error::Result;
use crate::learn::state::saved_state;
use crate::learn::Feature;

saved_state! {
    /// What AdaGrad and RMSProp learn: each feature's sum (AdaGrad) or running mean (RMSProp) of
    /// squared gradients, and the step count.
    #[derive(Debug, Clone, Default, PartialEq)]
    pub(crate) struct SquaredGradients {
        pub(crate) g2: Vec<f64> => [len, finite],
        pub(crate) n_iterations: u64,
    }
}

/// A sequential optimizer of a weight vector indexed by feature id, River style: each `step`
/// uses the learning rate at the current iteration count, then increments it.
pub trait Optimizer: Send + crate::learn::NativeDebug {
    /// Steps done so far (River's `n_iterations`; the intercept schedule reads it).
    fn n_iterations(&self) -> u64;
    /// River's `learning_rate` property: the schedule's rate at the current iteration count
    /// (`None` for an optimizer without one, FTRL).
    fn learning_rate(&self) -> Option<f64> {
        None
    }
    /// Updates `w` (grown with zeros as needed) for the features in `g` only.
    fn step(&mut self, w: &mut Vec<f64>, g: &[Feature]);
    /// The linear model's step: `step(w, g)` with `gᵢ = lg·xᵢ + l2·wᵢ` for the features of `x`
    /// (`l2·wᵢ` only when `l2 ≠ 0`); returns whether every weight of `x` is finite after it.
    /// `grad` is scratch space. The default builds `g` in `grad`; optimizers may override it
    /// with one fused pass giving the same numbers.
    fn step_linear(
        &mut self,
        w: &mut Vec<f64>,
        x: &[Feature],
        lg: f64,
        l2: f64,
        grad: &mut Vec<Feature>,
    ) -> bool {
        grad.clear();
        if l2 != 0.0 {
            grad.extend(
                x.iter()
                    .map(|&(i, xi)| (i, lg * xi + l2 * w.get(i as usize).copied().unwrap_or(0.0))),
            );
        } else {
            grad.extend(x.iter().map(|&(i, xi)| (i, lg * xi)));
        }
        self.step(w, grad);
        x.iter()
            .all(|&(i, _)| w.get(i as usize).is_some_and(|v| v.is_finite()))
    }
    /// Learned state (iteration count, accumulators) as JSON.
    fn state(&self) -> crate::learn::json::Json;
    /// Restores a state produced by [`Optimizer::state`]; vectors may not exceed `n_features`.
    fn load_state(&mut self, state: crate::learn::json::Json, n_features: usize) -> Result<()>;
    /// Clones behind a box.
    fn box_clone(&self) -> Box<dyn Optimizer>;
}

impl Clone for Box<dyn Optimizer> {
    fn clone(&self) -> Self {
        self.box_clone()
    }
}

/// Grows `v` with zeros so that index `max id in g` exists.
pub(crate) fn grow_for(v: &mut Vec<f64>, g: &[Feature]) {
    if let Some(max) = g.iter().map(|f| f.0 as usize).max() {
        if max >= v.len() {
            v.resize(max + 1, 0.0);
        }
    }
}
