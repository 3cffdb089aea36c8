//! Regression and binary classification metrics, each cumulative or over a rolling window
//! (River's `utils.Rolling`: when the window is full the oldest pair is reverted before the new
//! one is added).

mod confusion;
mod log_loss;
mod mae;
mod r2;
mod rmse;
mod roc_auc;

pub use confusion::Confusion;
pub use log_loss::LogLoss;
pub use mae::Mae;
pub use r2::R2;
pub use rmse::Rmse;
pub use roc_auc::RocAuc;

use std::collections::VecDeque;

/// The window of a rolling metric: the pairs to revert later.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Window {
    size: usize,
    pairs: VecDeque<(f64, f64)>,
}

impl Window {
    pub(crate) fn new(size: usize) -> Self {
        // Grown as pairs come, not reserved: a window larger than the stream costs nothing.
        Window {
            size: size.max(1),
            pairs: VecDeque::new(),
        }
    }

    /// Records `(y, p)`; returns the pair that falls out of the window, if any.
    pub(crate) fn push(&mut self, y: f64, p: f64) -> Option<(f64, f64)> {
        let out = if self.pairs.len() == self.size {
            self.pairs.pop_front()
        } else {
            None
        };
        self.pairs.push_back((y, p));
        out
    }
}
