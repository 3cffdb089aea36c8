//! The one error type of `rivulet eval` and `rivulet log export`: each variant says what went
//! wrong and carries the path, argument or game it is about; a lower layer's typed error (the
//! dataset reader's, the predictor's, the log's, the OS's) is kept as the source.

use crate::community::log::LogError;
use rivulet_lol::datasets::DatasetError;
use rivulet_lol::LolError;
use std::path::PathBuf;

/// Why `rivulet eval` or `rivulet log export` stopped. The CLI prints it after `rivulet: error:`
/// and exits non-zero.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A command-line argument is invalid (`--data sim:abc`, `--at 0`, `--visitors 0`, inline
    /// `--model` JSON that does not parse).
    #[error("{arg}: {reason}")]
    BadArg { arg: String, reason: String },
    /// A path named on the command line does not exist (`what`: "file or folder", "log").
    #[error("{arg} {}: no such {what}", path.display())]
    NotFound {
        arg: &'static str,
        path: PathBuf,
        what: &'static str,
    },
    /// A file exists but cannot be read (permissions, not UTF-8 text, ...).
    #[error("{}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A games.csv or seed-match dataset is unusable (the reader's error names the file).
    #[error("--data {0}")]
    Dataset(#[from] DatasetError),
    /// A JSON file (match-v5, a `--model` file) holds a line that is not JSON.
    #[error("{} line {line}: {source}", path.display())]
    BadJson {
        path: PathBuf,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    /// A match-v5 file holds JSON that is not a finished match the page could learn.
    #[error("{} line {line}: {reason}", path.display())]
    NotAMatch {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    /// The stream named by `--data` holds no game.
    #[error("--data {}: no games", path.display())]
    NoGames { path: PathBuf },
    /// The predictor refused its options (`what`: `--features`, or the predictor spec built from
    /// `--model`, `--features` and `--window`).
    #[error("{what}: {source}")]
    Spec {
        what: &'static str,
        #[source]
        source: LolError,
    },
    /// The predictor refused a game of the stream.
    #[error("game {game_id}: {source}")]
    Game {
        game_id: i64,
        #[source]
        source: LolError,
    },
    /// The community log cannot be opened or read.
    #[error("{}: {source}", path.display())]
    Log {
        path: PathBuf,
        #[source]
        source: LogError,
    },
    /// A result cannot be written (`target`: `--curve FILE`, `--out FILE`, standard output).
    #[error("{target}: {source}")]
    Write {
        target: String,
        #[source]
        source: std::io::Error,
    },
}

impl EvalError {
    pub(crate) fn bad_arg(arg: impl Into<String>, reason: impl Into<String>) -> Self {
        EvalError::BadArg {
            arg: arg.into(),
            reason: reason.into(),
        }
    }
}
