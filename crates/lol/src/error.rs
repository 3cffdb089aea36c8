//! The one error type of the LoL app layer.

use rivulet::learn::LearnError;
use std::fmt;

/// Everything the predictor, the featurizer and the replay can refuse. Each message names the
/// offending field or value, so the page and the CLI show it as is; the variant says whose
/// fault it is (the caller's game, the caller's options, a saved document, or the learner).
#[derive(Debug, Clone, PartialEq)]
pub enum LolError {
    /// The game or the target is unusable: no participants, no game mode, a duration that is
    /// not a positive number of seconds, a negative elapsed time.
    BadGame(String),
    /// The predictor's or the featurizer's options are invalid (unknown feature group, model
    /// spec, window).
    BadSpec(String),
    /// A saved predictor is unusable: not JSON, another format, a version this build does not
    /// read, a missing or inconsistent field.
    BadSave(String),
    /// The learner refused (a bad feature value, a diverged model...).
    Learn(LearnError),
    /// A replay dataset is unusable (no games).
    BadDataset(String),
}

impl fmt::Display for LolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LolError::BadGame(m)
            | LolError::BadSpec(m)
            | LolError::BadSave(m)
            | LolError::BadDataset(m) => f.write_str(m),
            LolError::Learn(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LolError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LolError::Learn(e) => Some(e),
            _ => None,
        }
    }
}

impl From<LearnError> for LolError {
    fn from(e: LearnError) -> Self {
        LolError::Learn(e)
    }
}

/// Shorthand for results of the app layer.
pub type Result<T> = std::result::Result<T, LolError>;
