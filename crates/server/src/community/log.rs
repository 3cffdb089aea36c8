//! The match log: an append-only, deduplicated sequence of [`MatchRecord`]s, and the community
//! model's snapshots with the log position they were taken at.
//!
//! [`MatchLog`] is what the community service needs of a log; [`SqliteLog`] implements it on an
//! embedded SQLite file (WAL, `synchronous=FULL`: an append that returned is on disk). A shared
//! backend (a Redis Stream, with the dedupe set and the snapshots beside it) implements the same
//! trait; the service batches appends and tails the log the same way over both.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension};

use super::record::MatchRecord;

/// A position in the log: records are numbered 1, 2, 3, ... in append order.
pub type Position = u64;

/// One stored snapshot of the community model.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSnapshot {
    /// The last log position the model learned.
    pub position: Position,
    /// The learner's state (see `model::CommunityLearner::state_json`).
    pub state: String,
}

/// Why a log operation failed.
#[derive(Debug, Clone, PartialEq)]
pub enum LogError {
    /// The store is damaged (unreadable pages, not a database, a failed integrity check).
    Corrupt(String),
    /// Anything else (I/O, permissions, a newer format, a full disk).
    Other(String),
}

impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LogError::Corrupt(m) => write!(f, "corrupt: {m}"),
            LogError::Other(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for LogError {}

fn sql_err(e: rusqlite::Error) -> LogError {
    let corrupt = matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    );
    if corrupt {
        LogError::Corrupt(e.to_string())
    } else {
        LogError::Other(e.to_string())
    }
}

/// What the community service needs of a log. Every method blocks (call it off the async
/// runtime); every implementation must be safe to share between threads.
pub trait MatchLog: Send + Sync {
    /// Appends the records whose match id is not in the log yet, in order, durably: when this
    /// returns `Ok`, they survive a crash. Returns, per record, its position if it was appended
    /// now, `None` if the match was already logged.
    fn append(&self, records: &[MatchRecord]) -> Result<Vec<Option<Position>>, LogError>;
    /// Up to `limit` records after `after`, in log order.
    fn read_after(
        &self,
        after: Position,
        limit: usize,
    ) -> Result<Vec<(Position, MatchRecord)>, LogError>;
    /// The last position (0: empty).
    fn last_position(&self) -> Result<Position, LogError>;
    /// Each match id's position, `None` when not logged.
    fn positions(&self, match_ids: &[String]) -> Result<Vec<Option<Position>>, LogError>;
    /// Replaces the stored snapshot, atomically.
    fn save_snapshot(&self, snapshot: &StoredSnapshot) -> Result<(), LogError>;
    /// The stored snapshot, if any.
    fn load_snapshot(&self) -> Result<Option<StoredSnapshot>, LogError>;
    /// Where the log lives, for messages.
    fn describe(&self) -> String;
}

/// The schema version this build writes (in `meta`).
const SCHEMA: &str = "1";

/// Durability of an append: FULL fsyncs the WAL on every commit (an acknowledged append
/// survives power loss); NORMAL fsyncs only at checkpoints (it survives a killed process, not
/// an OS crash). See docs/community.md for what each costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    Full,
    Normal,
}

/// The embedded log: one SQLite file (WAL mode).
pub struct SqliteLog {
    path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

fn open_conn(path: &Path, sync: Durability) -> Result<Connection, LogError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sql_err)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(sql_err)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
        .map_err(sql_err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(LogError::Other(format!(
            "{}: cannot switch to WAL mode (got {mode})",
            path.display()
        )));
    }
    let sync = match sync {
        Durability::Full => "FULL",
        Durability::Normal => "NORMAL",
    };
    conn.execute_batch(&format!("PRAGMA synchronous={sync};"))
        .map_err(sql_err)?;
    Ok(conn)
}

impl SqliteLog {
    /// Opens (or creates) the log at `path` and checks it: a damaged file is
    /// [`LogError::Corrupt`] (see [`SqliteLog::recover`]).
    pub fn open(path: &Path, sync: Durability) -> Result<Self, LogError> {
        let writer = open_conn(path, sync)?;
        let check: String = writer
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(sql_err)?;
        if check != "ok" {
            return Err(LogError::Corrupt(format!("integrity check: {check}")));
        }
        writer
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 CREATE TABLE IF NOT EXISTS matches (
                     position INTEGER PRIMARY KEY,
                     match_id TEXT NOT NULL UNIQUE,
                     logged_ms INTEGER NOT NULL,
                     record TEXT NOT NULL);
                 CREATE TABLE IF NOT EXISTS snapshot (
                     id INTEGER PRIMARY KEY CHECK (id = 1),
                     position INTEGER NOT NULL,
                     state TEXT NOT NULL);",
            )
            .map_err(sql_err)?;
        let schema: Option<String> = writer
            .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(sql_err)?;
        match schema.as_deref() {
            None => {
                writer
                    .execute(
                        "INSERT INTO meta (key, value) VALUES ('schema', ?1)",
                        [SCHEMA],
                    )
                    .map_err(sql_err)?;
            }
            Some(SCHEMA) => {}
            Some(other) => {
                return Err(LogError::Other(format!(
                    "{} has schema version {other}; this build reads version {SCHEMA}",
                    path.display()
                )))
            }
        }
        let reader = open_conn(path, sync)?;
        Ok(SqliteLog {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
        })
    }

    /// Recovery of a damaged log: moves the file (and its `-wal`/`-shm`) aside to
    /// `<name>.corrupt-<epoch ms>`, creates a new log, and copies into it every record still
    /// readable from the old one, in order, up to the first unreadable one. The old file is
    /// kept. Returns the new log, the moved-aside path and how many records were saved.
    pub fn recover(path: &Path, sync: Durability) -> Result<(Self, PathBuf, u64), LogError> {
        let stamp = super::now_ms();
        let aside = path.with_file_name(format!(
            "{}.corrupt-{stamp}",
            path.file_name().and_then(|f| f.to_str()).unwrap_or("log")
        ));
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", path.display()));
            if from.exists() {
                let to = PathBuf::from(format!("{}{suffix}", aside.display()));
                std::fs::rename(&from, &to).map_err(|e| {
                    LogError::Other(format!(
                        "cannot move {} aside to {}: {e}",
                        from.display(),
                        to.display()
                    ))
                })?;
            }
        }
        let fresh = SqliteLog::open(path, sync)?;
        let saved = salvage(&aside, &fresh).unwrap_or(0);
        Ok((fresh, aside, saved))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Copies readable records from a damaged file into `into`, in position order, until the first
/// error. Returns how many were copied.
fn salvage(damaged: &Path, into: &SqliteLog) -> Result<u64, LogError> {
    let conn =
        Connection::open_with_flags(damaged, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sql_err)?;
    let mut stmt = conn
        .prepare("SELECT record FROM matches ORDER BY position")
        .map_err(sql_err)?;
    let mut rows = stmt.query([]).map_err(sql_err)?;
    let mut batch = Vec::new();
    let mut saved = 0;
    // Up to the first unreadable row or record.
    while let Ok(Some(row)) = rows.next() {
        let Ok(text) = row.get::<_, String>(0) else {
            break;
        };
        let Ok(r) = MatchRecord::from_json(&text) else {
            break;
        };
        batch.push(r);
        if batch.len() == 1000 {
            saved += into.append(&batch)?.iter().flatten().count() as u64;
            batch.clear();
        }
    }
    saved += into.append(&batch)?.iter().flatten().count() as u64;
    Ok(saved)
}

fn lock(m: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl MatchLog for SqliteLog {
    fn append(&self, records: &[MatchRecord]) -> Result<Vec<Option<Position>>, LogError> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = lock(&self.writer);
        let tx = conn.transaction().map_err(sql_err)?;
        let mut out = Vec::with_capacity(records.len());
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO matches (match_id, logged_ms, record) VALUES (?1, ?2, ?3)
                     ON CONFLICT (match_id) DO NOTHING",
                )
                .map_err(sql_err)?;
            let now = super::now_ms();
            for r in records {
                let n = insert
                    .execute(params![r.id, now, r.to_json()])
                    .map_err(sql_err)?;
                out.push((n == 1).then(|| tx.last_insert_rowid() as Position));
            }
        }
        tx.commit().map_err(sql_err)?;
        Ok(out)
    }

    fn read_after(
        &self,
        after: Position,
        limit: usize,
    ) -> Result<Vec<(Position, MatchRecord)>, LogError> {
        let conn = lock(&self.reader);
        let mut stmt = conn
            .prepare_cached(
                "SELECT position, record FROM matches WHERE position > ?1 ORDER BY position
                 LIMIT ?2",
            )
            .map_err(sql_err)?;
        let rows = stmt
            .query_map(params![after as i64, limit as i64], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(sql_err)?;
        let mut out = Vec::new();
        for row in rows {
            let (pos, text) = row.map_err(sql_err)?;
            let rec = MatchRecord::from_json(&text)
                .map_err(|e| LogError::Corrupt(format!("position {pos}: {e}")))?;
            out.push((pos as Position, rec));
        }
        Ok(out)
    }

    fn last_position(&self) -> Result<Position, LogError> {
        let conn = lock(&self.reader);
        conn.query_row("SELECT COALESCE(MAX(position), 0) FROM matches", [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|p| p as Position)
        .map_err(sql_err)
    }

    fn positions(&self, match_ids: &[String]) -> Result<Vec<Option<Position>>, LogError> {
        let conn = lock(&self.reader);
        let mut stmt = conn
            .prepare_cached("SELECT position FROM matches WHERE match_id = ?1")
            .map_err(sql_err)?;
        match_ids
            .iter()
            .map(|id| {
                stmt.query_row([id], |r| r.get::<_, i64>(0))
                    .optional()
                    .map(|p| p.map(|p| p as Position))
                    .map_err(sql_err)
            })
            .collect()
    }

    fn save_snapshot(&self, snapshot: &StoredSnapshot) -> Result<(), LogError> {
        let conn = lock(&self.writer);
        conn.execute(
            "INSERT INTO snapshot (id, position, state) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET position = excluded.position, state = excluded.state",
            params![snapshot.position as i64, snapshot.state],
        )
        .map_err(sql_err)?;
        Ok(())
    }

    fn load_snapshot(&self) -> Result<Option<StoredSnapshot>, LogError> {
        let conn = lock(&self.reader);
        conn.query_row(
            "SELECT position, state FROM snapshot WHERE id = 1",
            [],
            |r| {
                Ok(StoredSnapshot {
                    position: r.get::<_, i64>(0)? as Position,
                    state: r.get(1)?,
                })
            },
        )
        .optional()
        .map_err(sql_err)
    }

    fn describe(&self) -> String {
        self.path.display().to_string()
    }
}
