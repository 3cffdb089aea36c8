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
}

impl fmt::Display for LearnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LearnError::BadFeature { name, reason } => write!(f, "feature '{name}': {reason}"),
            LearnError::BadTarget(m) => write!(f, "target: {m}"),
            LearnError::BadSpec(m) => write!(f, "invalid model spec: {m}"),
            LearnError::BadState(m) => write!(f, "invalid serialized model: {m}"),
            LearnError::Diverged(m) => write!(f, "model diverged: {m}"),
        }
    }
}

impl std::error::Error for LearnError {}

/// Shorthand for results of the learner core.
pub type Result<T> = std::result::Result<T, LearnError>;

/// Serde helper: (de)serialize a learned-state struct to a JSON value, mapping errors.
pub(crate) fn to_state<T: serde::Serialize>(st: &T) -> serde_json::Value {
    // Serializing plain structs of numbers and vectors to a Value cannot fail.
    serde_json::to_value(st).unwrap_or(serde_json::Value::Null)
}

pub(crate) fn from_state<T: serde::de::DeserializeOwned>(
    what: &str,
    v: serde_json::Value,
) -> Result<T> {
    if let Some(path) = find_null(&v, String::new()) {
        return Err(LearnError::BadState(format!(
            "{what}: `{path}` is null (a non-finite number or a missing value)"
        )));
    }
    serde_json::from_value(v).map_err(|e| LearnError::BadState(format!("{what}: {e}")))
}

/// The path of the first `null` in `v` (serde_json writes NaN and ±Infinity as `null`).
pub(crate) fn find_null(v: &serde_json::Value, path: String) -> Option<String> {
    match v {
        serde_json::Value::Null => Some(if path.is_empty() {
            "(value)".into()
        } else {
            path
        }),
        serde_json::Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| find_null(x, format!("{path}[{i}]"))),
        serde_json::Value::Object(o) => o.iter().find_map(|(k, x)| {
            find_null(
                x,
                if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                },
            )
        }),
        _ => None,
    }
}

/// Checks that every number is finite (serde_json already refuses NaN/Infinity in JSON text,
/// but a state built in Rust could hold them).
pub(crate) fn check_finite(what: &str, xs: &[f64]) -> Result<()> {
    match xs.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(LearnError::BadState(format!(
            "{what}[{i}] is not a finite number"
        ))),
        None => Ok(()),
    }
}

/// Checks a state vector is not longer than the vocabulary it is indexed by.
pub(crate) fn check_len(what: &str, len: usize, n_features: usize) -> Result<()> {
    if len > n_features {
        return Err(LearnError::BadState(format!(
            "{what} has {len} entries but the vocabulary has only {n_features} features"
        )));
    }
    Ok(())
}
