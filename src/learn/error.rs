//! The one error type of the learner core.

use std::fmt;

/// Everything that can go wrong in the learner core. Every variant carries a message that names
/// the offending feature, field or value, so it can be shown to a user as is.
#[derive(Debug, Clone, PartialEq)]
pub enum LearnError {
    /// A feature value is unusable (NaN, ±Infinity, wrong type, kind conflict). Holds the name.
    BadFeature { name: String, reason: String },
    /// The target is not a finite number.
    BadTarget(String),
    /// The model spec is invalid (unknown field, out-of-range hyperparameter...).
    BadSpec(String),
    /// A serialized model is invalid (wrong format, newer version, missing field...).
    BadState(String),
    /// The model produced a non-finite weight or prediction (learning rate too high).
    Diverged(String),
    /// The model cannot do what was asked (e.g. `explain_one` on a Mondrian forest).
    Unsupported(String),
    /// A metric's or drift detector's parameter or input is unusable (a NaN, a size out of
    /// range); the message names the class and the value, and nothing changed.
    BadValue(String),
    /// A sample of a batch (`learn_many`, `predict_many`...) is unusable: its index in the batch
    /// and what is wrong with it.
    InSample {
        index: usize,
        error: Box<LearnError>,
    },
}

impl LearnError {
    /// This error, said of sample `index` of a batch.
    pub fn in_sample(self, index: usize) -> LearnError {
        LearnError::InSample {
            index,
            error: Box::new(self),
        }
    }
}

impl fmt::Display for LearnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LearnError::BadFeature { name, reason } => write!(f, "feature '{name}': {reason}"),
            LearnError::BadTarget(m) => write!(f, "target: {m}"),
            LearnError::BadSpec(m) => write!(f, "invalid model spec: {m}"),
            LearnError::BadState(m) => write!(f, "invalid serialized model: {m}"),
            LearnError::Diverged(m) => write!(f, "model diverged: {m}"),
            LearnError::Unsupported(m) => write!(f, "not available: {m}"),
            LearnError::BadValue(m) => write!(f, "{m}"),
            LearnError::InSample { index, error } => write!(f, "sample {index}: {error}"),
        }
    }
}

impl std::error::Error for LearnError {}

/// Shorthand for results of the learner core.
pub type Result<T> = std::result::Result<T, LearnError>;

/// `x` itself when finite, else a [`LearnError::BadValue`] naming `what` (`"ADWIN: x"`) and
/// the value as JavaScript spells it (the message reaches JS users as is).
pub(crate) fn finite(what: &str, x: f64) -> Result<f64> {
    if x.is_finite() {
        return Ok(x);
    }
    let got = if x.is_nan() {
        "NaN"
    } else if x > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    };
    Err(LearnError::BadValue(format!(
        "{what} must be a finite number, got {got}"
    )))
}

/// Checks that every number is finite (the JSON parser already refuses NaN/Infinity, but a
/// state built in Rust could hold them). The error names `what` then `part` (`"adam
/// optimizer"`, `" m"`): a state's name is known only when it is loaded (`learn::state`).
pub(crate) fn check_finite(what: &str, part: &str, xs: &[f64]) -> Result<()> {
    match xs.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(LearnError::BadState(format!(
            "{what}{part}[{i}] is not a finite number"
        ))),
        None => Ok(()),
    }
}

/// Checks a state vector is not longer than the vocabulary it is indexed by; names as
/// [`check_finite`].
pub(crate) fn check_len(what: &str, part: &str, len: usize, n_features: usize) -> Result<()> {
    if len > n_features {
        return Err(LearnError::BadState(format!(
            "{what}{part} has {len} entries but the vocabulary has only {n_features} features"
        )));
    }
    Ok(())
}
