//! Several proxies on one Riot key (`rivulet serve --redis URL`, docs/redis.md): the replicas
//! given the same Redis and prefix share the Riot rate budget ([`budget`]), the response cache
//! with in-flight coalescing ([`cache`]), the community match log as a Redis Stream ([`log`])
//! and the per-client fair shares ([`shares`]).
//!
//! Every key this module writes is `prefix + name`: [`Redis::key`] is the only way a key name
//! is made, and the Lua scripts receive their key names (or a prefixed base) from it.
//!
//! The connection is redis-rs's `ConnectionManager`: one multiplexed connection that reconnects
//! by itself after Redis restarts. While Redis cannot be reached every caller falls back to its
//! local part (in-memory cache, `limit / replicas` rate budget, the SQLite buffer of the log);
//! [`Redis::seen`] logs each change between up and down once.

pub mod budget;
pub mod cache;
pub mod log;
pub mod shares;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// The longest a Redis command may take before the caller treats Redis as down.
const RESPONSE_TIMEOUT: Duration = Duration::from_millis(500);
/// The longest one connection attempt may take.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);
/// While Redis is down, callers skip it (at once, to their local part) except one try this
/// often, which reconnects when it is back.
const PROBE_EVERY_MS: u64 = 1000;

/// `--redis`, `--redis-prefix`, `--replicas`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedisConfig {
    /// `redis://host:port/db` (the password, if any, is never printed).
    pub url: String,
    /// Every key this replica writes starts with it.
    pub prefix: String,
    /// Replicas expected to share the key: each one's rate budget while Redis is down is
    /// `limit / replicas`.
    pub replicas: u32,
}

impl RedisConfig {
    /// Checks the settings: a `redis://` or `rediss://` URL, a prefix of 1 to 64 printable
    /// ASCII characters without spaces, 1 to 1000 replicas.
    pub fn new(url: &str, prefix: &str, replicas: u32) -> Result<Self, String> {
        let url = url.trim();
        if !(url.starts_with("redis://") || url.starts_with("rediss://")) {
            return Err("--redis must be a redis:// URL (e.g. redis://127.0.0.1:6379)".into());
        }
        redis::Client::open(url).map_err(|e| format!("--redis: not a Redis URL: {e}"))?;
        if prefix.is_empty() || prefix.len() > 64 || !prefix.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(
                "--redis-prefix must be 1 to 64 printable ASCII characters without spaces".into(),
            );
        }
        if replicas == 0 || replicas > 1000 {
            return Err("--replicas must be between 1 and 1000".into());
        }
        Ok(RedisConfig {
            url: url.to_string(),
            prefix: prefix.to_string(),
            replicas,
        })
    }

    /// The URL without its password, for messages.
    pub fn display_url(&self) -> String {
        match (self.url.split_once("://"), self.url.rsplit_once('@')) {
            (Some((scheme, _)), Some((_, host))) => format!("{scheme}://***@{host}"),
            _ => self.url.clone(),
        }
    }
}

/// The shared connection and namespace of one replica.
pub struct Redis {
    /// Set once connected (at start, or later by the reconnect task if Redis was down then).
    conn: OnceLock<ConnectionManager>,
    prefix: String,
    replicas: u32,
    url: String,
    /// The last state seen (true: up), to log each change once.
    up: AtomicBool,
    /// When (epoch ms) a caller last tried Redis while it was down.
    probed_ms: AtomicU64,
}

impl Redis {
    /// Connects. When Redis cannot be reached the replica starts anyway, as during any outage
    /// (local caches, `limit / replicas`, the log buffered), and a task keeps trying to
    /// connect every second. Must be called inside the tokio runtime.
    pub async fn connect(config: &RedisConfig) -> Result<Arc<Self>, String> {
        let client = redis::Client::open(config.url.as_str())
            .map_err(|e| format!("--redis {}: {e}", config.display_url()))?;
        let redis = Arc::new(Redis {
            conn: OnceLock::new(),
            prefix: config.prefix.clone(),
            replicas: config.replicas,
            url: config.display_url(),
            up: AtomicBool::new(true),
            probed_ms: AtomicU64::new(0),
        });
        let manager = || {
            ConnectionManagerConfig::new()
                .set_connection_timeout(CONNECT_TIMEOUT)
                .set_response_timeout(RESPONSE_TIMEOUT)
                .set_number_of_retries(2)
                .set_max_delay(200)
        };
        let first = ConnectionManager::new_with_config(client.clone(), manager()).await;
        match redis.seen(first) {
            Ok(conn) => {
                let _ = redis.conn.set(conn);
            }
            Err(_) => {
                let weak = Arc::downgrade(&redis);
                tokio::spawn(async move {
                    loop {
                        tokio::time::sleep(Duration::from_millis(PROBE_EVERY_MS)).await;
                        let Some(redis) = weak.upgrade() else { return };
                        let tried =
                            ConnectionManager::new_with_config(client.clone(), manager()).await;
                        if let Ok(conn) = redis.seen(tried) {
                            let _ = redis.conn.set(conn);
                            return;
                        }
                    }
                });
            }
        }
        Ok(redis)
    }

    /// The full key of `name`: always under the configured prefix.
    pub fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn replicas(&self) -> u32 {
        self.replicas
    }

    /// The connection, if Redis is to be tried now: always while it is up; while it is down,
    /// once per [`PROBE_EVERY_MS`] (the others get an outage error at once, without waiting
    /// for timeouts). A handle is cheap: the connection is multiplexed.
    pub fn gate(&self) -> redis::RedisResult<ConnectionManager> {
        let down = || {
            redis::RedisError::from((
                redis::ErrorKind::IoError,
                "Redis is down (waiting for the next reconnect try)",
            ))
        };
        let conn = self.conn.get().ok_or_else(down)?;
        if self.up.load(Ordering::SeqCst) {
            return Ok(conn.clone());
        }
        let now = crate::league::epoch_ms().max(0) as u64;
        let last = self.probed_ms.load(Ordering::SeqCst);
        if now.saturating_sub(last) >= PROBE_EVERY_MS
            && self
                .probed_ms
                .compare_exchange(last, now, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        {
            return Ok(conn.clone());
        }
        Err(down())
    }

    /// Passes a result through, logging when Redis goes down or comes back.
    pub fn seen<T>(&self, r: redis::RedisResult<T>) -> redis::RedisResult<T> {
        match &r {
            Ok(_) => {
                if !self.up.swap(true, Ordering::SeqCst) {
                    tracing::warn!(
                        "Redis at {} is back: sharing the rate budget, cache, match log and \
                         client shares again",
                        self.url
                    );
                }
            }
            Err(e) if is_outage(e) => {
                if self.up.swap(false, Ordering::SeqCst) {
                    tracing::error!(
                        "Redis at {} is DOWN ({e}): serving from local caches, rate limits at \
                         limit / {} replicas, match log buffered locally until it returns",
                        self.url,
                        self.replicas
                    );
                }
            }
            Err(e) => tracing::error!("Redis command failed: {e}"),
        }
        r
    }

    /// Whether the last command reached Redis.
    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::SeqCst)
    }
}

/// An error that means "Redis cannot be reached" (not a script or type error).
fn is_outage(e: &redis::RedisError) -> bool {
    e.is_io_error()
        || e.is_timeout()
        || e.is_connection_dropped()
        || e.is_connection_refusal()
        || e.is_unrecoverable_error()
        || matches!(
            e.kind(),
            redis::ErrorKind::IoError | redis::ErrorKind::BusyLoadingError
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked() {
        assert!(RedisConfig::new("redis://127.0.0.1:6379", "rivulet:", 3).is_ok());
        assert!(RedisConfig::new("http://127.0.0.1:6379", "rivulet:", 3).is_err());
        assert!(RedisConfig::new("redis://127.0.0.1:6379", "", 3).is_err());
        assert!(RedisConfig::new("redis://127.0.0.1:6379", "a b", 3).is_err());
        assert!(RedisConfig::new("redis://127.0.0.1:6379", "x:", 0).is_err());
        let c = RedisConfig::new("redis://:secret@127.0.0.1:6379", "x:", 1).unwrap();
        assert!(!c.display_url().contains("secret"), "{}", c.display_url());
    }
}
