//! The Riot rate budget shared by every replica: the windows Riot announces (application and
//! method, per routing value) are counted in Redis sorted sets, one per limit key and window,
//! and a request starts only when one Lua script, run atomically by Redis, finds a free slot in
//! every window and counts it in all of them. Times come from Redis's own clock (`TIME`), so
//! replicas with different clocks agree.
//!
//! Keys, all under the prefix (`K` is `app:{route}` or `{route}:{method}`):
//! - `rl:K:limits`: the windows Riot last announced for K (`20:1,100:120`);
//! - `rl:K:w:{secs}`: the start times (ms) of the requests counted in that window;
//! - `rl:K:block`: set for `Retry-After` after a 429, so every replica waits it out;
//! - `rl:seq`: a counter naming the counted requests.
//!
//! A window frees a slot `span + overhead` after its oldest counted request, as in the
//! in-memory mirror ([`crate::budget`]). Before Riot announced any limit for K, the
//! script counts K in a window of 1 per second (riven's own default before a first answer).

use std::time::Duration;

use redis::Script;
use reqwest::header::HeaderMap;

use super::Redis;
use crate::budget::parse_pairs;

/// What the shared gate said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// A slot was counted in every window: send now.
    Go,
    /// A 429 blocks this limit on some replica for this long.
    Blocked(Duration),
    /// A window is full for this long.
    Full(Duration),
}

/// Before Riot announced limits for a key.
const UNANNOUNCED: &str = "1:1";

const ACQUIRE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local overhead = tonumber(ARGV[1])
local blocked = 0
for i = 1, #KEYS, 3 do
  local p = redis.call('PTTL', KEYS[i + 2])
  if p > blocked then blocked = p end
end
if blocked > 0 then return {1, blocked} end
local wait = 0
local plan = {}
for i = 1, #KEYS, 3 do
  local limits = redis.call('GET', KEYS[i]) or ARGV[2]
  for n, secs in string.gmatch(limits, '(%d+):(%d+)') do
    n = tonumber(n)
    local zkey = KEYS[i + 1] .. secs
    local span = tonumber(secs) * 1000 + overhead
    redis.call('ZREMRANGEBYSCORE', zkey, '-inf', now - span)
    local count = redis.call('ZCARD', zkey)
    if n < 1 then
      wait = math.max(wait, span)
    elseif count >= n then
      local oldest = redis.call('ZRANGE', zkey, count - n, count - n, 'WITHSCORES')
      wait = math.max(wait, tonumber(oldest[2]) + span - now, 1)
    end
    plan[#plan + 1] = {zkey, span}
  end
end
if wait > 0 then return {2, wait} end
local seq = redis.call('INCR', ARGV[3])
for _, p in ipairs(plan) do
  redis.call('ZADD', p[1], now, seq)
  redis.call('PEXPIRE', p[1], p[2])
end
return {0, 0}
";

const LEARN: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local overhead = tonumber(ARGV[1])
for k = 1, #KEYS, 2 do
  local limits = ARGV[k + 2]
  local counts = {}
  for c, secs in string.gmatch(ARGV[k + 3], '(%d+):(%d+)') do counts[secs] = tonumber(c) end
  if limits ~= '' then redis.call('SET', KEYS[k], limits, 'EX', 86400) end
  for n, secs in string.gmatch(limits, '(%d+):(%d+)') do
    local zkey = KEYS[k + 1] .. secs
    local span = tonumber(secs) * 1000 + overhead
    redis.call('ZREMRANGEBYSCORE', zkey, '-inf', now - span)
    local want = math.min(counts[secs] or 0, tonumber(n))
    local have = redis.call('ZCARD', zkey)
    while have < want do
      redis.call('ZADD', zkey, now, redis.call('INCR', ARGV[2]))
      have = have + 1
    end
    if have > 0 then redis.call('PEXPIRE', zkey, span) end
  end
end
return 0
";

const BLOCK: &str = r"
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0
";

/// The shared budget's scripts (loaded once; run by `EVALSHA`, sent again if Redis lost them).
pub struct SharedBudget {
    acquire: Script,
    learn: Script,
    block: Script,
    overhead: Duration,
}

impl SharedBudget {
    pub fn new(overhead: Duration) -> Self {
        SharedBudget {
            acquire: Script::new(ACQUIRE),
            learn: Script::new(LEARN),
            block: Script::new(BLOCK),
            overhead,
        }
    }

    /// Counts one request against every window of `limit_keys` if all have a free slot and no
    /// 429 blocks them; `Err` when Redis cannot be reached.
    pub async fn acquire(&self, redis: &Redis, limit_keys: &[String]) -> redis::RedisResult<Gate> {
        let mut conn = redis.gate()?;
        let mut inv = self.acquire.prepare_invoke();
        for k in limit_keys {
            inv.key(redis.key(&format!("rl:{k}:limits")))
                .key(redis.key(&format!("rl:{k}:w:")))
                .key(redis.key(&format!("rl:{k}:block")));
        }
        inv.arg(self.overhead.as_millis() as u64)
            .arg(UNANNOUNCED)
            .arg(redis.key("rl:seq"));
        let (code, ms): (i64, i64) = redis.seen(inv.invoke_async(&mut conn).await)?;
        let d = Duration::from_millis(ms.max(0) as u64);
        Ok(match code {
            0 => Gate::Go,
            1 => Gate::Blocked(d),
            _ => Gate::Full(d),
        })
    }

    /// Learns the limits and counts Riot announced in an answer's headers (Riot's count, when
    /// higher than the shared one, is believed: another user of the key).
    pub async fn learn(
        &self,
        redis: &Redis,
        app_key: &str,
        method_key: &str,
        headers: &HeaderMap,
    ) -> redis::RedisResult<()> {
        let join = |pairs: &[(usize, u64)]| {
            pairs
                .iter()
                .map(|(n, s)| format!("{n}:{s}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        let text = |h| headers.get(h).and_then(|v| v.to_str().ok());
        let mut inv = self.learn.prepare_invoke();
        inv.arg(self.overhead.as_millis() as u64)
            .arg(redis.key("rl:seq"));
        let mut any = false;
        for (key, limit_h, count_h) in [
            (app_key, "x-app-rate-limit", "x-app-rate-limit-count"),
            (
                method_key,
                "x-method-rate-limit",
                "x-method-rate-limit-count",
            ),
        ] {
            let Some(limits) = text(limit_h).and_then(parse_pairs) else {
                continue;
            };
            let counts = text(count_h).and_then(parse_pairs).unwrap_or_default();
            inv.key(redis.key(&format!("rl:{key}:limits")))
                .key(redis.key(&format!("rl:{key}:w:")))
                .arg(join(&limits))
                .arg(join(&counts));
            any = true;
        }
        if !any {
            return Ok(());
        }
        let mut conn = redis.gate()?;
        let r: redis::RedisResult<i64> = inv.invoke_async(&mut conn).await;
        redis.seen(r).map(drop)
    }

    /// Blocks `limit_key` for every replica for `wait` (a 429's `Retry-After`); a longer block
    /// already set is kept.
    pub async fn block(
        &self,
        redis: &Redis,
        limit_key: &str,
        wait: Duration,
    ) -> redis::RedisResult<()> {
        let mut conn = redis.gate()?;
        let r: redis::RedisResult<i64> = self
            .block
            .key(redis.key(&format!("rl:{limit_key}:block")))
            .arg(wait.as_millis().max(1) as u64)
            .invoke_async(&mut conn)
            .await;
        redis.seen(r).map(drop)
    }
}
