//! The community match log as a Redis Stream, shared by every replica ([`MatchLog`]).
//!
//! Keys, all under the prefix, per log key (`live`, `sim-seed42-live30`, ...):
//! - `log:{key}:stream`: the records, entry id `{position}-0` (positions 1, 2, 3, ... as in
//!   the embedded log), fields `id` and `record`;
//! - `log:{key}:ids`: match id -> position (the dedupe);
//! - `log:{key}:seq`: the last position given;
//! - `log:{key}:snapshot`: the newest stored community model and its position.
//!
//! One Lua script appends a batch: for each record whose match id is not in `ids` yet, it takes
//! the next position, `XADD`s it and records the id, so two replicas finishing the same match
//! at once log it once, and every replica reads the same records at the same positions: the
//! learners, which learn in position order, serve byte-identical snapshots.
//!
//! While Redis cannot be reached, appends go to the replica's embedded log (the SQLite file
//! the proxy uses without Redis) and a flusher thread copies them to the stream when Redis is
//! back (again through the dedupe, so copying a record twice is harmless; at start the whole
//! embedded log is copied, which also moves a log from before `--redis` into the stream).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use redis::streams::StreamRangeReply;
use redis::Script;
use tokio::runtime::Handle;

use super::Redis;
use crate::community::log::{LogError, MatchLog, Position, SqliteLog, StoredSnapshot};
use crate::community::record::MatchRecord;

const APPEND: &str = r"
local out = {}
for i = 1, #ARGV, 2 do
  if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 1 then
    out[#out + 1] = 0
  else
    -- XADD first: a script is not rolled back, and XADD is the step that can fail.
    local pos = tonumber(redis.call('GET', KEYS[3]) or '0') + 1
    redis.call('XADD', KEYS[1], pos .. '-0', 'id', ARGV[i], 'record', ARGV[i + 1])
    redis.call('SET', KEYS[3], pos)
    redis.call('HSET', KEYS[2], ARGV[i], pos)
    out[#out + 1] = pos
  end
end
return out
";

const SAVE_SNAPSHOT: &str = r"
local have = tonumber(redis.call('HGET', KEYS[1], 'position') or '-1')
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) > have and tonumber(ARGV[1]) <= last then
  redis.call('HSET', KEYS[1], 'position', ARGV[1], 'state', ARGV[2])
  return 1
end
return 0
";

/// How often the flusher looks for buffered records.
const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// Records per flushed batch.
const FLUSH_BATCH: usize = 500;

/// The shared log of one replica.
pub struct RedisLog {
    redis: Arc<Redis>,
    rt: Handle,
    stream: String,
    ids: String,
    seq: String,
    snapshot: String,
    append: Script,
    save: Script,
    /// The embedded log: the buffer while Redis is down.
    local: Arc<SqliteLog>,
    /// The buffer's last position known to be in the stream.
    flushed: AtomicU64,
}

impl RedisLog {
    /// The log `key` on `redis`, with `local` as its outage buffer; starts the flusher (it
    /// stops when the log is dropped).
    pub fn open(redis: Arc<Redis>, key: &str, local: SqliteLog, rt: Handle) -> Arc<Self> {
        let log = Arc::new(RedisLog {
            stream: redis.key(&format!("log:{key}:stream")),
            ids: redis.key(&format!("log:{key}:ids")),
            seq: redis.key(&format!("log:{key}:seq")),
            snapshot: redis.key(&format!("log:{key}:snapshot")),
            redis,
            rt,
            append: Script::new(APPEND),
            save: Script::new(SAVE_SNAPSHOT),
            local: Arc::new(local),
            flushed: AtomicU64::new(0),
        });
        let weak = Arc::downgrade(&log);
        std::thread::Builder::new()
            .name("community-flusher".into())
            .spawn(move || {
                while let Some(log) = weak.upgrade() {
                    log.flush();
                    drop(log);
                    std::thread::sleep(FLUSH_EVERY);
                }
            })
            .expect("spawn the community flusher");
        log
    }

    fn err(e: redis::RedisError) -> LogError {
        LogError::Other(format!("Redis: {e}"))
    }

    fn append_shared(&self, records: &[MatchRecord]) -> redis::RedisResult<Vec<Option<Position>>> {
        let mut conn = self.redis.gate()?;
        let mut inv = self.append.prepare_invoke();
        inv.key(&self.stream).key(&self.ids).key(&self.seq);
        for r in records {
            inv.arg(&r.id).arg(r.to_json());
        }
        let out: Vec<u64> = self
            .redis
            .seen(self.rt.block_on(inv.invoke_async(&mut conn)))?;
        Ok(out.into_iter().map(|p| (p > 0).then_some(p)).collect())
    }

    /// Copies the buffered records the stream may not have yet (none while Redis is down).
    fn flush(&self) {
        loop {
            let from = self.flushed.load(Ordering::SeqCst);
            let rows = match self.local.read_after(from, FLUSH_BATCH) {
                Ok(rows) if rows.is_empty() => return,
                Ok(rows) => rows,
                Err(e) => {
                    tracing::error!("community buffer unreadable: {e}");
                    return;
                }
            };
            let last = rows.last().map_or(from, |r| r.0);
            let records: Vec<MatchRecord> = rows.into_iter().map(|r| r.1).collect();
            match self.append_shared(&records) {
                Ok(positions) => {
                    let added = positions.iter().flatten().count();
                    if added > 0 {
                        tracing::warn!(
                            "community log: {added} buffered records copied to the Redis stream"
                        );
                    }
                    self.flushed.store(last, Ordering::SeqCst);
                }
                Err(_) => return,
            }
        }
    }
}

impl MatchLog for RedisLog {
    fn append(&self, records: &[MatchRecord]) -> Result<Vec<Option<Position>>, LogError> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        match self.append_shared(records) {
            Ok(p) => Ok(p),
            Err(e) => {
                // Durable locally now, in the stream when Redis takes it; no position yet.
                tracing::warn!(
                    "community log: append to Redis failed ({e}); {} records buffered in {}",
                    records.len(),
                    self.local.describe()
                );
                self.local.append(records)?;
                Ok(vec![None; records.len()])
            }
        }
    }

    fn read_after(
        &self,
        after: Position,
        limit: usize,
    ) -> Result<Vec<(Position, MatchRecord)>, LogError> {
        let mut conn = self.redis.gate().map_err(Self::err)?;
        let reply: StreamRangeReply = self
            .redis
            .seen(
                self.rt.block_on(
                    redis::cmd("XRANGE")
                        .arg(&self.stream)
                        .arg(format!("{}-0", after + 1))
                        .arg("+")
                        .arg("COUNT")
                        .arg(limit.max(1))
                        .query_async(&mut conn),
                ),
            )
            .map_err(Self::err)?;
        reply
            .ids
            .into_iter()
            .map(|entry| {
                let pos: Position = entry
                    .id
                    .split('-')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or_else(|| LogError::Corrupt(format!("stream entry id {}", entry.id)))?;
                let text: String = entry
                    .get("record")
                    .ok_or_else(|| LogError::Corrupt(format!("stream entry {pos}: no record")))?;
                let rec = MatchRecord::from_json(&text)
                    .map_err(|e| LogError::Corrupt(format!("position {pos}: {e}")))?;
                Ok((pos, rec))
            })
            .collect()
    }

    fn last_position(&self) -> Result<Position, LogError> {
        let mut conn = self.redis.gate().map_err(Self::err)?;
        let seq: Option<u64> = self
            .redis
            .seen(
                self.rt
                    .block_on(redis::cmd("GET").arg(&self.seq).query_async(&mut conn)),
            )
            .map_err(Self::err)?;
        Ok(seq.unwrap_or(0))
    }

    fn positions(&self, match_ids: &[String]) -> Result<Vec<Option<Position>>, LogError> {
        if match_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.redis.gate().map_err(Self::err)?;
        let found: Vec<Option<u64>> = self
            .redis
            .seen(
                self.rt.block_on(
                    redis::cmd("HMGET")
                        .arg(&self.ids)
                        .arg(match_ids)
                        .query_async(&mut conn),
                ),
            )
            .map_err(Self::err)?;
        Ok(found)
    }

    fn save_snapshot(&self, snapshot: &StoredSnapshot) -> Result<(), LogError> {
        let mut conn = self.redis.gate().map_err(Self::err)?;
        let r: redis::RedisResult<i64> = self.rt.block_on(
            self.save
                .key(&self.snapshot)
                .key(&self.seq)
                .arg(snapshot.position)
                .arg(&snapshot.state)
                .invoke_async(&mut conn),
        );
        self.redis.seen(r).map(drop).map_err(Self::err)
    }

    fn load_snapshot(&self) -> Result<Option<StoredSnapshot>, LogError> {
        let mut conn = self.redis.gate().map_err(Self::err)?;
        let (position, state): (Option<u64>, Option<String>) = self
            .redis
            .seen(
                self.rt.block_on(
                    redis::cmd("HMGET")
                        .arg(&self.snapshot)
                        .arg("position")
                        .arg("state")
                        .query_async(&mut conn),
                ),
            )
            .map_err(Self::err)?;
        Ok(position
            .zip(state)
            .map(|(position, state)| StoredSnapshot { position, state }))
    }

    fn describe(&self) -> String {
        format!(
            "Redis stream {} (buffer while Redis is down: {})",
            self.stream,
            self.local.describe()
        )
    }
}
