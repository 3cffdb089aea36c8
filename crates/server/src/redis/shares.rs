//! Per-client fair shares counted across replicas: the [`ShareCounter`] in Redis. Each
//! `(client key, window)` is a sorted set `share:{key}:{window ms}` of request times, trimmed,
//! counted and added to in one Lua script (so a greedy client spread over N replicas still
//! gets one share). While Redis cannot be reached, each replica counts locally with
//! `limit / replicas` of every window.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use redis::Script;

use super::Redis;
use crate::share::{MemoryShares, ShareCounter};

const TRY_COUNT: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i - 1])
  local win = tonumber(ARGV[2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - win)
  local count = redis.call('ZCARD', KEYS[i])
  if count >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + win - now, 1)
  end
end
if wait > 0 then return wait end
local seq = redis.call('INCR', ARGV[#ARGV])
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now, seq)
  redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
end
return 0
";

/// The shared counter, with a local one for outages.
pub struct RedisShares {
    redis: Arc<Redis>,
    script: Script,
    local: MemoryShares,
}

impl RedisShares {
    pub fn new(redis: Arc<Redis>) -> Self {
        RedisShares {
            redis,
            script: Script::new(TRY_COUNT),
            local: MemoryShares::default(),
        }
    }

    async fn count(&self, key: &str, windows: &[(usize, Duration)]) -> Result<(), Duration> {
        let mut inv = self.script.prepare_invoke();
        for &(limit, window) in windows {
            inv.key(
                self.redis
                    .key(&format!("share:{key}:{}", window.as_millis())),
            )
            .arg(limit.max(1))
            .arg(window.as_millis().max(1) as u64);
        }
        inv.arg(self.redis.key("share:seq"));
        let r = match self.redis.gate() {
            Ok(mut conn) => self.redis.seen(inv.invoke_async(&mut conn).await),
            Err(down) => Err(down),
        };
        match r {
            Ok(0) => Ok(()),
            Ok(ms) => Err(Duration::from_millis(ms.max(1) as u64)),
            Err(_) => {
                let replicas = self.redis.replicas().max(1) as usize;
                let local: Vec<(usize, Duration)> = windows
                    .iter()
                    .map(|&(limit, w)| ((limit / replicas).max(1), w))
                    .collect();
                self.local.try_count(key, &local).await
            }
        }
    }
}

impl ShareCounter for RedisShares {
    fn try_count<'a>(
        &'a self,
        key: &'a str,
        windows: &'a [(usize, Duration)],
    ) -> BoxFuture<'a, Result<(), Duration>> {
        Box::pin(self.count(key, windows))
    }
}
