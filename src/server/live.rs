//! Live mode: the whitelisted endpoints forwarded to Riot through riven, with caching and
//! coalescing (moka) and rate-limit answers the page can act on.
//!
//! riven applies Riot's application and method rate limits (read from `X-App-Rate-Limit` /
//! `X-Method-Rate-Limit`, queueing a request until a token is free) and honours `Retry-After`
//! on 429 for later requests. It would also retry a 429 after a wait of any length inside the
//! same call; the page must instead be told to come back later when the wait is long, so riven
//! runs with `retries = 0` and this wrapper decides: a 429 whose `Retry-After` fits in the
//! queue budget is waited out and retried; a longer one is answered 429 with `Retry-After`, and
//! later calls to the blocked method (or application) answer 429 at once without calling Riot
//! until it passes. A call still queued in riven's limiter after the budget answers 503 with
//! `Retry-After`.
//!
//! The key travels only in riven's client default header `X-Riot-Token` (marked sensitive); it
//! is never formatted into a URL, a log line or a message.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::StatusCode;
use moka::future::Cache;
use moka::Expiry;
use reqwest::header::{HeaderMap, HeaderValue};
use riven::{RiotApi, RiotApiConfig};

use super::error::ApiError;
use super::routes::Endpoint;

/// Live-mode settings.
#[derive(Clone)]
pub struct LiveConfig {
    /// Riot API key (never printed: `Debug` redacts it).
    pub key: String,
    /// Base URL with `{}` for the routing value: `https://{}.api.riotgames.com`, or
    /// `http://127.0.0.1:PORT/{}` for a fake upstream.
    pub base_url: String,
    /// The longest wait (rate limit) a request queues for before answering 429/503.
    pub queue_wait: Duration,
    /// The longest time one upstream HTTP call may take.
    pub upstream_timeout: Duration,
    /// Memory bound of the response cache (bytes).
    pub cache_bytes: u64,
}

impl std::fmt::Debug for LiveConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveConfig")
            .field("key", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("queue_wait", &self.queue_wait)
            .field("upstream_timeout", &self.upstream_timeout)
            .field("cache_bytes", &self.cache_bytes)
            .finish()
    }
}

/// A cached upstream answer: 200 with Riot's bytes, or 404.
#[derive(Debug, Clone)]
pub struct Upstream {
    pub status: StatusCode,
    pub body: Bytes,
    /// Riot's `X-App-Rate-Limit` (e.g. `20:1,100:120`): the budget the proxy passes on to the
    /// page, which paces its background work (follow checks) with it.
    pub app_rate_limit: Option<String>,
    ttl: Option<Duration>,
}

struct TtlExpiry;

impl Expiry<String, Arc<Upstream>> for TtlExpiry {
    fn expire_after_create(
        &self,
        _key: &String,
        value: &Arc<Upstream>,
        _created_at: Instant,
    ) -> Option<Duration> {
        value.ttl
    }
}

/// How long an answer stays fresh: a finished match for good (until evicted by the memory
/// bound), the rest for short TTLs.
fn ttl(ep: &Endpoint, status: StatusCode) -> Option<Duration> {
    let found = status == StatusCode::OK;
    let s = match ep {
        Endpoint::Match { .. } if found => return None,
        Endpoint::Match { .. } => 10,
        Endpoint::Account { .. } if found => 3600,
        Endpoint::Account { .. } => 60,
        Endpoint::ActiveGame { .. } => 10,
        Endpoint::FeaturedGames { .. } => 60,
        Endpoint::MasteryByChampion { .. }
        | Endpoint::MasteryScore { .. }
        | Endpoint::LeagueEntries { .. } => 300,
    };
    Some(Duration::from_secs(s))
}

/// The live backend.
pub struct Live {
    api: RiotApi,
    cache: Cache<String, Arc<Upstream>>,
    /// Rate-limit blocks learned from 429s: key ("app:{route}" or "{route}:{method}") → until.
    blocked: Mutex<HashMap<String, Instant>>,
    queue_wait: Duration,
    upstream_timeout: Duration,
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000).max(1) as u64
}

impl Live {
    /// Errors (without the key) when the key cannot be an HTTP header value.
    pub fn new(cfg: LiveConfig) -> Result<Self, String> {
        let mut key = HeaderValue::from_str(&cfg.key)
            .map_err(|_| "RIOT_API_KEY contains characters not allowed in a header".to_string())?;
        key.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(RiotApiConfig::RIOT_KEY_HEADER, key);
        // No redirects: a followed redirect would carry the key header (and a Referer naming
        // the upstream URL) to whatever host the Location names. A 3xx is answered 502 below.
        let builder = reqwest::ClientBuilder::new()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .timeout(cfg.upstream_timeout);
        if !cfg.base_url.contains("{}") {
            return Err("--riot-base-url must contain {} for the routing value".into());
        }
        let config = RiotApiConfig::with_client_builder(builder)
            .set_base_url(cfg.base_url.clone())
            .set_retries(0);
        let cache = Cache::builder()
            .max_capacity(cfg.cache_bytes)
            .weigher(|k: &String, v: &Arc<Upstream>| {
                (k.len() + v.body.len() + 64).min(u32::MAX as usize) as u32
            })
            .expire_after(TtlExpiry)
            .build();
        Ok(Live {
            api: RiotApi::new(config),
            cache,
            blocked: Mutex::new(HashMap::new()),
            queue_wait: cfg.queue_wait,
            upstream_timeout: cfg.upstream_timeout,
        })
    }

    /// Answer one endpoint: from the cache, or one upstream call shared by every identical
    /// request in flight.
    pub async fn get(&self, ep: &Endpoint) -> Result<Arc<Upstream>, ApiError> {
        self.cache
            .try_get_with(ep.cache_key(), self.fetch(ep))
            .await
            .map_err(|e| (*e).clone())
    }

    fn block_keys(ep: &Endpoint) -> [String; 2] {
        [
            format!("app:{}", ep.route()),
            format!("{}:{}", ep.route(), ep.method_id()),
        ]
    }

    /// The remaining wait of any 429 block on this endpoint.
    fn blocked_for(&self, ep: &Endpoint) -> Option<Duration> {
        let now = Instant::now();
        let blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        Self::block_keys(ep)
            .iter()
            .filter_map(|k| blocked.get(k))
            .filter(|&&until| until > now)
            .map(|&until| until - now)
            .max()
    }

    fn block(&self, ep: &Endpoint, app: bool, wait: Duration) {
        let [app_key, method_key] = Self::block_keys(ep);
        let key = if app { app_key } else { method_key };
        let until = Instant::now() + wait;
        let mut blocked = self.blocked.lock().unwrap_or_else(|p| p.into_inner());
        let e = blocked.entry(key).or_insert(until);
        if *e < until {
            *e = until;
        }
    }

    async fn fetch(&self, ep: &Endpoint) -> Result<Arc<Upstream>, ApiError> {
        let method = ep.method_id();
        let route = ep.route();
        for _attempt in 0..3 {
            if let Some(wait) = self.blocked_for(ep) {
                if wait > self.queue_wait {
                    tracing::info!(
                        route,
                        method,
                        wait_s = wait.as_secs_f64(),
                        "rate limited: answering 429"
                    );
                    return Err(ApiError::new(
                        StatusCode::TOO_MANY_REQUESTS,
                        "Rate limit exceeded - the Riot API asked to wait; retry later",
                    )
                    .with_retry_after(ceil_secs(wait)));
                }
                tokio::time::sleep(wait).await;
            }
            let req = self
                .api
                .request(reqwest::Method::GET, route, &ep.upstream_path());
            let budget = self.queue_wait + self.upstream_timeout + Duration::from_millis(100);
            let res = tokio::time::timeout(budget, self.api.execute_raw(method, route, req)).await;
            let res = match res {
                Ok(r) => r,
                Err(_) => {
                    tracing::warn!(route, method, "queued past the budget: answering 503");
                    return Err(ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "Service unavailable - the Riot API rate limit queue is full",
                    )
                    .with_retry_after(ceil_secs(self.queue_wait)));
                }
            };
            match res {
                Ok(info) => {
                    let status = info.response.status().as_u16();
                    let app_rate_limit = info
                        .response
                        .headers()
                        .get("x-app-rate-limit")
                        .and_then(|v| v.to_str().ok())
                        .filter(|v| v.len() < 200)
                        .map(str::to_string);
                    let body = info.response.bytes().await.map_err(|_| {
                        ApiError::new(
                            StatusCode::BAD_GATEWAY,
                            "Bad gateway - the Riot API response was cut short",
                        )
                    })?;
                    tracing::info!(route, method, status, "upstream");
                    if (300..400).contains(&status) {
                        return Err(ApiError::new(
                            StatusCode::BAD_GATEWAY,
                            format!(
                                "Bad gateway - the Riot API answered a redirect ({status}), \
                                 which the proxy does not follow"
                            ),
                        ));
                    }
                    let status = if status == 200 {
                        StatusCode::OK
                    } else {
                        StatusCode::NOT_FOUND
                    };
                    return Ok(Arc::new(Upstream {
                        status,
                        body,
                        app_rate_limit,
                        ttl: ttl(ep, status),
                    }));
                }
                Err(e) => {
                    let status = e
                        .status_code()
                        .and_then(|s| StatusCode::from_u16(s.as_u16()).ok());
                    tracing::info!(
                        route,
                        method,
                        status = status.map(|s| s.as_u16()),
                        "upstream error"
                    );
                    match status {
                        Some(StatusCode::TOO_MANY_REQUESTS) => {
                            let headers = e.response().map(|r| r.headers());
                            let retry_after = headers
                                .and_then(|h| h.get(reqwest::header::RETRY_AFTER))
                                .and_then(|v| v.to_str().ok())
                                .and_then(|s| s.trim().parse::<u64>().ok())
                                .unwrap_or(1);
                            let app = headers
                                .and_then(|h| h.get("X-Rate-Limit-Type"))
                                .and_then(|v| v.to_str().ok())
                                == Some("application");
                            let wait = Duration::from_secs(retry_after);
                            self.block(ep, app, wait);
                            if wait <= self.queue_wait {
                                continue;
                            }
                            return Err(ApiError::new(
                                StatusCode::TOO_MANY_REQUESTS,
                                "Rate limit exceeded - the Riot API asked to wait; retry later",
                            )
                            .with_retry_after(retry_after));
                        }
                        Some(s) if s == StatusCode::SERVICE_UNAVAILABLE => {
                            return Err(ApiError::new(
                                StatusCode::SERVICE_UNAVAILABLE,
                                "Service unavailable - the Riot API is unavailable",
                            )
                            .with_retry_after(5));
                        }
                        Some(s) if s.is_server_error() => {
                            return Err(ApiError::new(
                                StatusCode::BAD_GATEWAY,
                                format!("Bad gateway - the Riot API answered {}", s.as_u16()),
                            ));
                        }
                        // Riot stopped offering featured games to third parties (late 2025):
                        // a 403 there says so, not that the key is bad.
                        Some(StatusCode::FORBIDDEN)
                            if matches!(ep, Endpoint::FeaturedGames { .. }) =>
                        {
                            return Err(ApiError::new(
                                StatusCode::FORBIDDEN,
                                "Forbidden - the Riot API no longer offers featured games",
                            ));
                        }
                        Some(s) if s == StatusCode::UNAUTHORIZED || s == StatusCode::FORBIDDEN => {
                            return Err(ApiError::new(
                                StatusCode::BAD_GATEWAY,
                                format!(
                                    "Bad gateway - the Riot API refused the server's key ({})",
                                    s.as_u16()
                                ),
                            ));
                        }
                        Some(s) => {
                            return Err(ApiError::new(
                                StatusCode::BAD_GATEWAY,
                                format!("Bad gateway - the Riot API answered {}", s.as_u16()),
                            ));
                        }
                        None => {
                            let timeout = e.reqwest_errors().iter().any(|r| r.is_timeout());
                            return Err(if timeout {
                                ApiError::new(
                                    StatusCode::GATEWAY_TIMEOUT,
                                    "Gateway timeout - the Riot API did not answer in time",
                                )
                            } else {
                                ApiError::new(
                                    StatusCode::BAD_GATEWAY,
                                    "Bad gateway - could not reach the Riot API",
                                )
                            });
                        }
                    }
                }
            }
        }
        Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Rate limit exceeded - retry later",
        )
        .with_retry_after(ceil_secs(self.queue_wait)))
    }
}
