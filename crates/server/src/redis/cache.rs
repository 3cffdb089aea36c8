//! The response cache shared by every replica, and coalescing across them: an upstream answer
//! is stored under `cache:{endpoint}` with the endpoint's TTL (the same TTLs as the local
//! cache; a finished match, kept locally until evicted, is kept here for [`FOREVER`]), and the
//! replica that calls Riot for an endpoint holds `lock:{endpoint}` (`SET NX PX`) meanwhile; the
//! others wait for its answer (bounded) instead of calling Riot again. Looking up the answer
//! and taking the lock are one script, so no answer stored in between is missed.
//!
//! A stored answer is one string: the status (2 bytes, big endian), the length of Riot's
//! `X-App-Rate-Limit` (2 bytes) and that header, then the body.

use std::time::Duration;

use axum::body::Bytes;
use redis::Script;

use super::Redis;

/// How long a finished match (no TTL in the local cache) stays in Redis.
pub const FOREVER: Duration = Duration::from_secs(7 * 86_400);

/// A stored upstream answer and the time it has left.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub status: u16,
    pub app_rate_limit: Option<String>,
    pub body: Bytes,
    /// `None`: no expiry set (it never is; kept for a key set by hand).
    pub ttl_left: Option<Duration>,
}

fn encode(status: u16, app_rate_limit: Option<&str>, body: &[u8]) -> Vec<u8> {
    let arl = app_rate_limit.unwrap_or("").as_bytes();
    let arl = &arl[..arl.len().min(u16::MAX as usize)];
    let mut v = Vec::with_capacity(4 + arl.len() + body.len());
    v.extend_from_slice(&status.to_be_bytes());
    v.extend_from_slice(&(arl.len() as u16).to_be_bytes());
    v.extend_from_slice(arl);
    v.extend_from_slice(body);
    v
}

fn decode(v: &[u8]) -> Option<(u16, Option<String>, Bytes)> {
    let status = u16::from_be_bytes(v.get(..2)?.try_into().ok()?);
    let n = u16::from_be_bytes(v.get(2..4)?.try_into().ok()?) as usize;
    let arl = std::str::from_utf8(v.get(4..4 + n)?).ok()?;
    let body = Bytes::copy_from_slice(v.get(4 + n..)?);
    Some((status, (!arl.is_empty()).then(|| arl.to_string()), body))
}

/// What [`SharedCache::lookup`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// A stored answer.
    Hit(Stored),
    /// A stored value this build cannot read (written by another version).
    Unreadable,
    /// None stored; this replica now holds the lock and makes the upstream call.
    Mine,
    /// None stored; another replica is making the call.
    Busy,
}

const LOOKUP: &str = r"
local v = redis.call('GET', KEYS[1])
if v then return {1, v, redis.call('PTTL', KEYS[1])} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {2, '', 0} end
return {0, '', 0}
";

const UNLOCK: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

/// The shared cache of one replica.
pub struct SharedCache {
    lookup: Script,
    unlock: Script,
    /// Names this replica's locks (so it releases only its own).
    owner: String,
}

impl Default for SharedCache {
    fn default() -> Self {
        SharedCache {
            lookup: Script::new(LOOKUP),
            unlock: Script::new(UNLOCK),
            owner: format!("{}-{}", std::process::id(), crate::league::epoch_ms()),
        }
    }
}

impl SharedCache {
    /// The stored answer for `endpoint_key`; if there is none, the endpoint's in-flight lock
    /// for at most `hold` when no other replica holds it. One atomic round trip.
    pub async fn lookup(
        &self,
        redis: &Redis,
        endpoint_key: &str,
        hold: Duration,
    ) -> redis::RedisResult<Lookup> {
        let mut conn = redis.gate()?;
        let r: redis::RedisResult<(i64, Vec<u8>, i64)> = self
            .lookup
            .key(redis.key(&format!("cache:{endpoint_key}")))
            .key(redis.key(&format!("lock:{endpoint_key}")))
            .arg(&self.owner)
            .arg(hold.as_millis().max(1) as u64)
            .invoke_async(&mut conn)
            .await;
        let (found, value, pttl) = redis.seen(r)?;
        Ok(match found {
            1 => match decode(&value) {
                Some((status, app_rate_limit, body)) => Lookup::Hit(Stored {
                    status,
                    app_rate_limit,
                    body,
                    ttl_left: (pttl > 0).then(|| Duration::from_millis(pttl as u64)),
                }),
                None => Lookup::Unreadable,
            },
            2 => Lookup::Mine,
            _ => Lookup::Busy,
        })
    }

    /// Stores an answer for `ttl` (`None`: [`FOREVER`]).
    pub async fn put(
        &self,
        redis: &Redis,
        endpoint_key: &str,
        status: u16,
        app_rate_limit: Option<&str>,
        body: &[u8],
        ttl: Option<Duration>,
    ) -> redis::RedisResult<()> {
        let mut conn = redis.gate()?;
        let key = redis.key(&format!("cache:{endpoint_key}"));
        let ms = ttl.unwrap_or(FOREVER).as_millis().max(1) as u64;
        let r: redis::RedisResult<()> = redis::cmd("SET")
            .arg(&key)
            .arg(encode(status, app_rate_limit, body))
            .arg("PX")
            .arg(ms)
            .query_async(&mut conn)
            .await;
        redis.seen(r)
    }

    /// Releases this replica's lock of `endpoint_key` (not another's that took over after
    /// ours expired).
    pub async fn unlock(&self, redis: &Redis, endpoint_key: &str) -> redis::RedisResult<()> {
        let mut conn = redis.gate()?;
        let r: redis::RedisResult<i64> = self
            .unlock
            .key(redis.key(&format!("lock:{endpoint_key}")))
            .arg(&self.owner)
            .invoke_async(&mut conn)
            .await;
        redis.seen(r).map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_answers_round_trip() {
        let v = encode(404, Some("20:1,100:120"), b"{\"a\":1}");
        let (s, arl, body) = decode(&v).unwrap();
        assert_eq!(s, 404);
        assert_eq!(arl.as_deref(), Some("20:1,100:120"));
        assert_eq!(&body[..], b"{\"a\":1}");
        let (_, arl, body) = decode(&encode(200, None, b"")).unwrap();
        assert_eq!((arl, body.len()), (None, 0));
        assert!(decode(&[0, 200, 0, 9, b'x']).is_none());
    }
}
