//! `--sim-rate-limit N`: an application rate limit like a Riot development key's, for the
//! simulated and replay leagues, so the page's 429 path can be exercised. Each client (by IP
//! address) gets `requests` calls per fixed `window` starting at its first call; beyond that it is
//! answered 429 with `Retry-After` (whole seconds until its window ends) and Riot's
//! `X-App-Rate-Limit` / `X-App-Rate-Limit-Count` / `X-Rate-Limit-Type: application` headers.
//! Off by default. Windows run on real time, not the sped-up league clock.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;

/// Clients remembered before expired windows are swept.
const SWEEP_AT: usize = 10_000;

/// The limit: `requests` per `window` per client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitConfig {
    pub requests: u32,
    pub window: Duration,
}

/// The per-client counters.
#[derive(Debug)]
pub struct RateLimiter {
    config: RateLimitConfig,
    clients: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(config: RateLimitConfig) -> Self {
        RateLimiter {
            config,
            clients: Mutex::new(HashMap::new()),
        }
    }

    fn header(&self, count: u32) -> (HeaderValue, HeaderValue) {
        let secs = self.config.window.as_secs().max(1);
        (
            format!("{}:{secs}", self.config.requests)
                .parse()
                .unwrap_or(HeaderValue::from_static("0:1")),
            format!("{count}:{secs}")
                .parse()
                .unwrap_or(HeaderValue::from_static("0:1")),
        )
    }

    /// Count one call by `client`: `Ok` with its count in the window, or the 429 to answer.
    pub fn check(&self, client: IpAddr) -> Result<u32, Box<Response>> {
        let now = Instant::now();
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if clients.len() >= SWEEP_AT {
            let w = self.config.window;
            clients.retain(|_, (start, _)| now.duration_since(*start) < w);
        }
        let entry = clients.entry(client).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.config.window {
            *entry = (now, 0);
        }
        if entry.1 < self.config.requests {
            entry.1 += 1;
            return Ok(entry.1);
        }
        let left = self
            .config
            .window
            .saturating_sub(now.duration_since(entry.0));
        let retry = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        let mut resp = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded")
            .with_retry_after(retry)
            .into_response();
        let (limit, count) = self.header(entry.1);
        let h = resp.headers_mut();
        h.insert("x-app-rate-limit", limit);
        h.insert("x-app-rate-limit-count", count);
        h.insert("x-rate-limit-type", HeaderValue::from_static("application"));
        Err(Box::new(resp))
    }

    /// Add Riot's rate-limit headers to a successful answer.
    pub fn annotate(&self, resp: &mut Response, count: u32) {
        let (limit, count) = self.header(count);
        resp.headers_mut().insert("x-app-rate-limit", limit);
        resp.headers_mut().insert("x-app-rate-limit-count", count);
    }

    /// For `/api/meta`: `{"requests": N, "seconds": S}`.
    pub fn describe(&self) -> serde_json::Value {
        serde_json::json!({"requests": self.config.requests,
            "seconds": self.config.window.as_secs_f64()})
    }
}
