//! match-v5 JSON for `rivulet eval`, and the community log's export (`rivulet log export`).
//!
//! Accepted: a match-v5 file (`{"metadata": ..., "info": ...}`, what Riot answers and what
//! players download), a JSON-lines file (`.jsonl`) of match-v5 `info` objects or whole matches,
//! or a folder holding any of them (searched recursively). Each match goes through the same
//! record the proxy logs ([`MatchRecord::from_match`]), so eval sees exactly what the community
//! model learns. Matches are deduplicated by id and put in start-time order.
//!
//! The export writes one match-v5 `info` object per line: the pre-game fields the record keeps
//! (queue, mode, map, platform, times, each participant's team, champion and spells, the bans)
//! and `gameDuration` in seconds, plus a `rivulet` field with the ranks and masteries the proxy
//! saw (Riot's `info` has no place for them); the reader puts them back.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::{EvalError, EvalGame};
use crate::community::record::{MatchRecord, Rank};
use rivulet_lol::riot::{Match, MatchInfo, MatchMetadata};

/// Whether `path` holds match-v5 JSON (rather than a games.csv or match-v3 seed files): a
/// `.jsonl` file, a `.json` file whose object has `info`, or a folder whose first such file is.
pub fn is_match_v5(path: &Path) -> bool {
    files(path)
        .first()
        .is_some_and(|f| is_jsonl(f) || first_object_has_info(f))
}

fn is_jsonl(p: &Path) -> bool {
    p.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

fn first_object_has_info(p: &Path) -> bool {
    std::fs::read(p)
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .is_some_and(|v| v.get("info").is_some())
}

/// The `.json` / `.jsonl` files of `path` (itself, or a folder's, recursively), sorted.
fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("json") || x.eq_ignore_ascii_case("jsonl"))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// One match from a JSON value: a whole match, or an `info` object (its id is then
/// `{platformId}_{gameId}`), with an export's `rivulet` extras put back; `path` and `line` say
/// where it was read, for the error that says why it is not a match the page could learn.
fn record_of(v: &Value, path: &Path, line: usize) -> Result<MatchRecord, EvalError> {
    let not_a_match = |reason: String| EvalError::NotAMatch {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let (metadata, info) = match v.get("info") {
        Some(info) => (v.get("metadata").cloned(), info.clone()),
        None => (None, v.clone()),
    };
    let info: MatchInfo = serde_json::from_value(info)
        .map_err(|e| not_a_match(format!("not a match-v5 info object: {e}")))?;
    let id = match metadata
        .as_ref()
        .and_then(|m| m.get("matchId"))
        .and_then(Value::as_str)
    {
        Some(id) => id.to_string(),
        None => format!("{}_{}", info.platform_id.to_ascii_uppercase(), info.game_id),
    };
    let m = Match {
        metadata: MatchMetadata {
            data_version: String::new(),
            match_id: id.clone(),
            participants: Vec::new(),
        },
        info,
    };
    let mut rec = MatchRecord::from_match(&id, &m, None).map_err(not_a_match)?;
    let extra = v
        .get("rivulet")
        .or_else(|| v.get("info").and_then(|i| i.get("rivulet")));
    if let Some(extra) = extra {
        for (i, p) in rec.players.iter_mut().enumerate() {
            p.ranks = extra
                .get("ranks")
                .and_then(|r| r.get(i))
                .and_then(|r| serde_json::from_value::<Option<Vec<Rank>>>(r.clone()).ok())
                .flatten();
            p.mastery = extra
                .get("mastery")
                .and_then(|r| r.get(i))
                .and_then(Value::as_i64);
        }
    }
    Ok(rec)
}

/// Reads match-v5 JSON at `path` (see the module documentation).
pub fn read(path: &Path) -> Result<Vec<EvalGame>, EvalError> {
    let mut records = Vec::new();
    for f in files(path) {
        let text = std::fs::read_to_string(&f).map_err(|source| EvalError::Unreadable {
            path: f.clone(),
            source,
        })?;
        let bad_json = |line: usize| {
            let path = f.clone();
            move |source| EvalError::BadJson { path, line, source }
        };
        let values: Vec<(usize, Value)> = if is_jsonl(&f) {
            text.lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| {
                    serde_json::from_str(l)
                        .map(|v| (i + 1, v))
                        .map_err(bad_json(i + 1))
                })
                .collect::<Result<_, _>>()?
        } else {
            // A whole file is one document: serde's error gives the line within it.
            let v = serde_json::from_str(&text).map_err(|e| {
                let line = e.line();
                bad_json(line)(e)
            })?;
            vec![(1, v)]
        };
        for (line, v) in values {
            records.push(record_of(&v, &f, line)?);
        }
    }
    let mut seen = HashSet::new();
    records.retain(|r| seen.insert(r.id.clone()));
    records.sort_by_key(|r| (r.started, r.id.clone()));
    if records.is_empty() {
        return Err(EvalError::NoGames {
            path: path.to_path_buf(),
        });
    }
    Ok(records
        .into_iter()
        .map(|r| {
            let (game, extras) = r.to_game();
            EvalGame {
                game,
                extras,
                duration_s: r.duration,
                truth_s: None,
            }
        })
        .collect())
}

/// A logged record as one match-v5 `info` object (see the module documentation).
pub fn info_of(r: &MatchRecord) -> Value {
    let game_id: i64 =
        r.id.rsplit('_')
            .next()
            .and_then(|g| g.parse().ok())
            .unwrap_or(0);
    let teams: Vec<i64> = {
        let mut t: Vec<i64> = r.players.iter().map(|p| p.team).collect();
        t.sort_unstable();
        t.dedup();
        t
    };
    json!({
        "gameId": game_id,
        "platformId": r.platform,
        "queueId": r.queue.unwrap_or(0),
        "gameMode": r.mode,
        "gameType": r.game_type,
        "mapId": r.map,
        "gameCreation": r.created,
        "gameStartTimestamp": r.started,
        "gameDuration": r.duration.round() as i64,
        "gameEndTimestamp": r.started + (r.duration * 1000.0).round() as i64,
        "participants": r.players.iter().map(|p| json!({
            "teamId": p.team, "championId": p.champ, "summoner1Id": p.s1, "summoner2Id": p.s2,
        })).collect::<Vec<_>>(),
        "teams": teams.iter().map(|&t| json!({
            "teamId": t,
            "bans": r.bans.iter().filter(|b| b.team == t)
                .map(|b| json!({"championId": b.champ, "pickTurn": b.turn})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "rivulet": {
            "matchId": r.id,
            "ranks": r.players.iter().map(|p| json!(p.ranks)).collect::<Vec<_>>(),
            "mastery": r.players.iter().map(|p| json!(p.mastery)).collect::<Vec<_>>(),
        },
    })
}

/// Writes every record of the log at `db` to `out`, one `info` object per line, in log order.
/// Returns how many.
/// Returns how many. `target` names `out` in errors.
pub fn export(db: &Path, out: &mut dyn Write, target: &str) -> Result<u64, EvalError> {
    use crate::community::log::MatchLog;
    if !db.exists() {
        return Err(EvalError::NotFound {
            arg: "--db",
            path: db.to_path_buf(),
            what: "log",
        });
    }
    let log_err = |source| EvalError::Log {
        path: db.to_path_buf(),
        source,
    };
    let write_err = |source| EvalError::Write {
        target: target.to_string(),
        source,
    };
    let log = crate::community::open_for_inspection(db).map_err(log_err)?;
    let mut after = 0;
    let mut n = 0;
    loop {
        let rows = log.read_after(after, 1000).map_err(log_err)?;
        let Some(&(last, _)) = rows.last() else {
            break;
        };
        for (_, r) in &rows {
            writeln!(out, "{}", info_of(r)).map_err(write_err)?;
            n += 1;
        }
        after = last;
    }
    Ok(n)
}

/// `rivulet log` subcommands.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum LogCommand {
    /// Write the community match log out as JSON lines of match-v5 `info` objects (what
    /// `rivulet eval --data FILE.jsonl` reads).
    Export(ExportArgs),
}

/// `rivulet log export` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// The log database (`community-*.sqlite3` in the proxy's `--data-dir`; the proxy prints
    /// its path at start).
    #[arg(long)]
    pub db: PathBuf,
    /// Where to write (default: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs a `rivulet log` subcommand.
pub fn run_log(cmd: LogCommand) -> Result<(), EvalError> {
    match cmd {
        LogCommand::Export(a) => {
            let n = match &a.out {
                Some(path) => {
                    let target = format!("--out {}", path.display());
                    let write_err = |source| EvalError::Write {
                        target: target.clone(),
                        source,
                    };
                    let f = std::fs::File::create(path).map_err(write_err)?;
                    let mut w = std::io::BufWriter::new(f);
                    let n = export(&a.db, &mut w, &target)?;
                    w.flush().map_err(write_err)?;
                    n
                }
                None => {
                    let target = "standard output";
                    let stdout = std::io::stdout();
                    let mut w = std::io::BufWriter::new(stdout.lock());
                    let n = export(&a.db, &mut w, target)?;
                    w.flush().map_err(|source| EvalError::Write {
                        target: target.into(),
                        source,
                    })?;
                    n
                }
            };
            eprintln!("exported {n} matches from {}", a.db.display());
            Ok(())
        }
    }
}
