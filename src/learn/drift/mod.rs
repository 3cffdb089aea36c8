//! Concept-drift detectors, as River's `drift` module: feed a stream of numbers (an error, a
//! loss, a feature) with `update(x)`; `drift_detected()` tells whether that update found a
//! change. As in River, the update after a detection first resets the detector.

mod adwin;
mod page_hinkley;

pub use adwin::Adwin;
pub use page_hinkley::{PageHinkley, PageHinkleyMode};
