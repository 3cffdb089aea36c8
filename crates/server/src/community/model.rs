//! The community learner: the page's own [`DurationPredictor`] (same featurizer, spec and
//! conformal intervals) learning every logged match in log order, with the progressive
//! (predict, then learn) accuracy the page shows beside its own.
//!
//! Its whole state is one JSON document ([`CommunityLearner::state_json`]); restoring it and
//! learning the rest of the log gives the same bits as learning the whole log from scratch
//! (the predictor's JSON round trip is exact, and learning is deterministic).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::log::{LogError, MatchLog, Position, StoredSnapshot};
use super::record::MatchRecord;
use rivulet_lol::predictor::DurationPredictor;

/// The `format` of the learner's state and of the served snapshot.
pub const STATE_FORMAT: &str = "rivulet.CommunityLearner";
pub const SNAPSHOT_FORMAT: &str = "rivulet.CommunitySnapshot";
/// Version of both documents.
pub const VERSION: u32 = 1;
/// Matches per accuracy block in the stats.
pub const BLOCK: u64 = 100;
/// Blocks the stats endpoint lists (the most recent).
const BLOCKS_SHOWN: usize = 200;

/// Progressive accuracy over `n` consecutive learned matches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub n: u64,
    pub abs_err: f64,
    pub covered80: u64,
    pub covered90: u64,
    pub width80: f64,
}

/// See the module documentation.
#[derive(Debug, Clone)]
pub struct CommunityLearner {
    predictor: DurationPredictor,
    position: Position,
    /// Records the predictor refused (they still advance the position).
    skipped: u64,
    blocks: Vec<Block>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    format: String,
    version: u32,
    position: Position,
    skipped: u64,
    blocks: Vec<Block>,
    predictor: Value,
}

impl Default for CommunityLearner {
    fn default() -> Self {
        Self::new()
    }
}

impl CommunityLearner {
    /// A learner that has learned nothing: the page's fresh default model.
    pub fn new() -> Self {
        CommunityLearner {
            predictor: DurationPredictor::new(None).expect("the default spec is valid"),
            position: 0,
            skipped: 0,
            blocks: Vec::new(),
        }
    }

    pub fn position(&self) -> Position {
        self.position
    }

    pub fn learned(&self) -> u64 {
        self.predictor.n_learned()
    }

    pub fn predictor(&self) -> &DurationPredictor {
        &self.predictor
    }

    /// Learns the record at `position` (which must follow the last one learned).
    pub fn learn(&mut self, position: Position, record: &MatchRecord) {
        debug_assert!(position > self.position);
        let (game, extras) = record.to_game();
        match self.predictor.learn(&game, &extras, record.duration) {
            Ok(pre) => {
                let d = record.duration;
                if self.blocks.last().is_none_or(|b| b.n >= BLOCK) {
                    self.blocks.push(Block::default());
                }
                let b = self.blocks.last_mut().expect("pushed above");
                b.n += 1;
                b.abs_err += (pre.expected - d).abs();
                b.covered80 += u64::from(pre.lo80 <= d && d <= pre.hi80);
                b.covered90 += u64::from(pre.lo90 <= d && d <= pre.hi90);
                b.width80 += pre.hi80 - pre.lo80;
            }
            Err(e) => {
                tracing::warn!(match_id = %record.id, "community model skipped a record: {e}");
                self.skipped += 1;
            }
        }
        self.position = position;
    }

    /// Learns everything after the current position; returns how many records were read.
    pub fn catch_up(&mut self, log: &dyn MatchLog, chunk: usize) -> Result<u64, LogError> {
        let mut n = 0;
        loop {
            let rows = log.read_after(self.position, chunk)?;
            if rows.is_empty() {
                return Ok(n);
            }
            for (pos, rec) in &rows {
                self.learn(*pos, rec);
            }
            n += rows.len() as u64;
        }
    }

    /// The whole state, one JSON document.
    pub fn state_json(&self) -> String {
        let blocks = serde_json::to_string(&self.blocks).unwrap_or_else(|_| "[]".into());
        format!(
            "{{\"format\":\"{STATE_FORMAT}\",\"version\":{VERSION},\"position\":{},\
             \"skipped\":{},\"blocks\":{blocks},\"predictor\":{}}}",
            self.position,
            self.skipped,
            self.predictor.to_json()
        )
    }

    /// Restores [`state_json`](Self::state_json)'s output.
    pub fn from_state_json(text: &str) -> Result<Self, String> {
        let s: State = serde_json::from_str(text).map_err(|e| format!("learner state: {e}"))?;
        if s.format != STATE_FORMAT || s.version != VERSION {
            return Err(format!(
                "learner state is {} version {} (expected {STATE_FORMAT} version {VERSION})",
                s.format, s.version
            ));
        }
        Ok(CommunityLearner {
            predictor: DurationPredictor::from_json(&s.predictor.to_string())
                .map_err(|e| e.to_string())?,
            position: s.position,
            skipped: s.skipped,
            blocks: s.blocks,
        })
    }

    /// The stored form of this state.
    pub fn stored(&self) -> StoredSnapshot {
        StoredSnapshot {
            position: self.position,
            state: self.state_json(),
        }
    }

    /// The snapshot the page loads: `{format, version, mode, learned, position, model}` where
    /// `model` is the page's saved-model document (`DurationPredictor` JSON).
    pub fn snapshot_json(&self, mode: &str) -> String {
        format!(
            "{{\"format\":\"{SNAPSHOT_FORMAT}\",\"version\":{VERSION},\"mode\":{},\
             \"learned\":{},\"position\":{},\"model\":{}}}",
            Value::from(mode),
            self.learned(),
            self.position,
            self.predictor.to_json()
        )
    }

    /// Progressive accuracy over the log: totals and the most recent blocks.
    pub fn stats_json(&self, mode: &str) -> Value {
        let m = self.predictor.metrics();
        let n = m.n.max(1) as f64;
        let width: f64 = self.blocks.iter().map(|b| b.width80).sum();
        let known = |x: f64| {
            if m.n == 0 {
                Value::Null
            } else {
                Value::from(x)
            }
        };
        let first = self.blocks.len().saturating_sub(BLOCKS_SHOWN);
        let mut end: u64 = self.blocks[..first].iter().map(|b| b.n).sum();
        let blocks: Vec<Value> = self.blocks[first..]
            .iter()
            .map(|b| {
                end += b.n;
                let k = b.n.max(1) as f64;
                serde_json::json!({"end": end, "n": b.n, "mae": b.abs_err / k,
                    "coverage80": b.covered80 as f64 / k, "width80": b.width80 / k})
            })
            .collect();
        serde_json::json!({
            "mode": mode,
            "learned": self.learned(),
            "position": self.position,
            "skipped": self.skipped,
            "mae": known(m.abs_err_sum / n),
            "rmse": known((m.sq_err_sum / n).sqrt()),
            "coverage80": known(m.covered80 as f64 / n),
            "coverage90": known(m.covered90 as f64 / n),
            "width80": known(width / n),
            "blockSize": BLOCK,
            "blocks": blocks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::log::{Durability, SqliteLog};
    use super::*;
    use rivulet_lol::sim::League;

    fn records(n: usize) -> Vec<MatchRecord> {
        let t0 = 1_700_000_000_000;
        let mut league = League::new(5, t0);
        let mut out = Vec::new();
        let mut t = t0;
        while out.len() < n {
            t += 60_000;
            let ending: Vec<_> = league
                .live_games()
                .filter(|g| g.end_ms() <= t)
                .map(|g| g.match_id())
                .collect();
            league.advance_to(t);
            for id in ending {
                let m = league.match_by_id(&id).unwrap();
                out.push(MatchRecord::from_match(&id, &m, None).unwrap());
            }
        }
        out.truncate(n);
        out
    }

    #[test]
    fn snapshot_plus_tail_is_bit_identical_to_learning_from_scratch() {
        let dir = std::env::temp_dir().join(format!("rivulet-learner-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("log.sqlite3");
        let _ = std::fs::remove_file(&path);
        let log = SqliteLog::open(&path, Durability::Normal).unwrap();
        let recs = records(400);
        let (head, tail) = recs.split_at(250);
        log.append(head).unwrap();
        let mut first = CommunityLearner::new();
        first.catch_up(&log, 64).unwrap();
        log.save_snapshot(&first.stored()).unwrap();
        // Appending the same matches again changes nothing.
        assert!(log.append(head).unwrap().iter().all(Option::is_none));
        log.append(tail).unwrap();
        drop(log);

        let log = SqliteLog::open(&path, Durability::Normal).unwrap();
        let snap = log.load_snapshot().unwrap().unwrap();
        assert_eq!(snap.position, 250);
        let mut restarted = CommunityLearner::from_state_json(&snap.state).unwrap();
        restarted.catch_up(&log, 64).unwrap();
        let mut scratch = CommunityLearner::new();
        scratch.catch_up(&log, 1000).unwrap();
        assert_eq!(scratch.learned(), 400);
        assert_eq!(restarted.state_json(), scratch.state_json());
        assert_eq!(restarted.snapshot_json("sim"), scratch.snapshot_json("sim"));
        assert!(scratch.stats_json("sim")["mae"].as_f64().unwrap() > 0.0);
        // One learner that never stopped: the same bits again.
        let mut straight = CommunityLearner::new();
        for (i, r) in recs.iter().enumerate() {
            straight.learn(i as u64 + 1, r);
        }
        assert_eq!(straight.state_json(), scratch.state_json());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
