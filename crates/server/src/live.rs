//! Live mode: the whitelisted endpoints forwarded to Riot through riven, with caching and
//! coalescing (moka) and rate-limit answers the page can act on.
//!
//! riven applies Riot's application and method rate limits (read from `X-App-Rate-Limit` /
//! `X-Method-Rate-Limit`) and honours `Retry-After` on 429. The page must be told to come back
//! later when a wait is long, so riven runs with `retries = 0`, is asked only to send when a
//! token is free now (`try_execute_raw`, never sleeping in its limiter), and this wrapper does
//! the waiting: at most `queue_wait` per request. It mirrors the announced windows
//! ([`super::budget`]) to know how long until a request could start: longer than what is left
//! of the queue wait, and the request is answered at once, 503 with the `Retry-After` of the
//! limiting window (429 with Riot's `Retry-After` when a 429 blocks it; later calls to the
//! blocked method or application answer 429 at once without calling Riot).
//!
//! Upstream answers are checked before they are cached: only a 200 with a JSON body or a 404 is
//! an answer; anything else is a 502. riven panics on some malformed answers (a 3xx, a bad
//! `Retry-After` or rate-limit header; docs/proxy-hardening.md): the call is wrapped in
//! `catch_unwind`, and the panic becomes a 502 too.
//!
//! The key travels only in riven's client default header `X-Riot-Token` (marked sensitive); it
//! is never formatted into a URL, a log line or a message. The client follows no redirect.

use std::collections::HashMap;
use std::net::IpAddr;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::StatusCode;
use futures::FutureExt;
use moka::future::Cache;
use moka::Expiry;
use reqwest::header::{HeaderMap, HeaderValue};
use riven::{RiotApi, RiotApiConfig, TryRequestError};

use super::budget::Budget;
use super::error::ApiError;
use super::redis::budget::{Gate, SharedBudget};
use super::redis::cache::{Lookup, SharedCache};
use super::redis::shares::RedisShares;
use super::redis::Redis;
use super::routes::Endpoint;
use super::share::{client_key, client_windows, MemoryShares, ShareCounter};

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
    /// Each client's share (0..=1) of every application window Riot announces; 1: no limit
    /// per client ([`super::share`]).
    pub client_share: f64,
    /// The share (0..=1) of every rate-limit window that bulk work (backfill, follow checks)
    /// leaves to interactive requests ([`Live::get_bulk`]).
    pub bulk_reserve: f64,
}

impl std::fmt::Debug for LiveConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveConfig")
            .field("key", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("queue_wait", &self.queue_wait)
            .field("upstream_timeout", &self.upstream_timeout)
            .field("cache_bytes", &self.cache_bytes)
            .field("client_share", &self.client_share)
            .field("bulk_reserve", &self.bulk_reserve)
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
        Endpoint::FeaturedGames { .. } | Endpoint::MatchIds { .. } => 60,
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
    /// The announced rate-limit windows, mirrored (how long until a request could start).
    budget: Budget,
    /// Upstream requests counted per client (its fair share).
    shares: Box<dyn ShareCounter>,
    client_share: f64,
    queue_wait: Duration,
    upstream_timeout: Duration,
    bulk_reserve: f64,
    /// Interactive requests on their way to Riot (not answered from the cache yet): bulk work
    /// waits while there is any.
    interactive: Arc<AtomicUsize>,
    /// With `--redis`: the budget, cache and coalescing shared with the other replicas.
    shared: Option<Shared>,
}

/// Who asked: a page's interactive request (polling a tracked game, a lookup) goes before bulk
/// work (backfill, follow checks) in the use of the rate budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    Interactive,
    Bulk,
}

/// Counts one interactive request in flight while alive.
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn new(counter: &Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::AcqRel);
        InFlight(counter.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// How often a waiting bulk request looks at the gate again.
const BULK_POLL: Duration = Duration::from_millis(20);

/// What live mode shares through Redis (crates/server/src/redis).
struct Shared {
    redis: Arc<Redis>,
    budget: SharedBudget,
    cache: SharedCache,
}

/// How often a replica waiting for another's upstream call looks for its answer.
const SHARED_POLL: Duration = Duration::from_millis(15);

/// The application windows assumed before Riot announced any: a development key's.
const DEVELOPMENT_KEY_WINDOWS: [(usize, Duration); 2] = [
    (20, Duration::from_secs(1)),
    (100, Duration::from_secs(120)),
];

/// riven waits half a second more than a 429's `Retry-After` before it sends again.
const RIVEN_RETRY_AFTER_MARGIN: Duration = Duration::from_millis(500);
/// A `Retry-After` believed from upstream is at most a day.
const MAX_RETRY_AFTER_SECS: u64 = 86_400;

fn ceil_secs(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000).max(1) as u64
}

impl Live {
    /// Errors (without the key) when the key cannot be an HTTP header value.
    pub fn new(cfg: LiveConfig) -> Result<Self, String> {
        Self::with_redis(cfg, None)
    }

    /// Live mode sharing its rate budget, cache, coalescing and client shares with the other
    /// replicas on `redis` (`None`: this process alone, in memory).
    pub fn with_redis(cfg: LiveConfig, redis: Option<Arc<Redis>>) -> Result<Self, String> {
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
            budget: Budget::new(RiotApiConfig::PRECONFIG_BURST_DURATION_OVERHEAD),
            shares: match &redis {
                Some(r) => Box::new(RedisShares::new(r.clone())),
                None => Box::new(MemoryShares::default()),
            },
            client_share: cfg.client_share.clamp(0.0, 1.0),
            queue_wait: cfg.queue_wait,
            upstream_timeout: cfg.upstream_timeout,
            bulk_reserve: cfg.bulk_reserve.clamp(0.0, 1.0),
            interactive: Arc::new(AtomicUsize::new(0)),
            shared: redis.map(|redis| Shared {
                redis,
                budget: SharedBudget::new(RiotApiConfig::PRECONFIG_BURST_DURATION_OVERHEAD),
                cache: SharedCache::default(),
            }),
        })
    }

    /// The longest a page's request waits for the rate limits.
    pub fn queue_wait(&self) -> Duration {
        self.queue_wait
    }

    /// Each client's share of every announced window (1: no per-client limit), for
    /// `/api/meta`.
    pub fn client_share(&self) -> f64 {
        self.client_share
    }

    /// Answer one endpoint for `client` (an interactive request): from the cache, or one
    /// upstream call shared by every identical request in flight, if the client has not used up
    /// its share.
    pub async fn get(&self, ep: &Endpoint, client: IpAddr) -> Result<Arc<Upstream>, ApiError> {
        self.get_with(ep, Some(client), Priority::Interactive, self.queue_wait)
            .await
    }

    /// Answer one endpoint as bulk work: from the cache, or, once the priority gate lets it
    /// through within `patience`, like [`Live::get`]. The gate opens when no interactive request
    /// is on its way to Riot, no 429 blocks the endpoint, and every announced window has room
    /// above the reserve kept for interactive requests. `client` is the page that asked (its
    /// share counts), `None` for the proxy's own work (backfill).
    pub async fn get_bulk(
        &self,
        ep: &Endpoint,
        client: Option<IpAddr>,
        patience: Duration,
    ) -> Result<Arc<Upstream>, ApiError> {
        self.get_with(ep, client, Priority::Bulk, patience).await
    }

    async fn get_with(
        &self,
        ep: &Endpoint,
        client: Option<IpAddr>,
        priority: Priority,
        patience: Duration,
    ) -> Result<Arc<Upstream>, ApiError> {
        let key = ep.cache_key();
        if let Some(hit) = self.cache.get(&key).await {
            return Ok(hit);
        }
        let _in_flight = match priority {
            Priority::Interactive => Some(InFlight::new(&self.interactive)),
            Priority::Bulk => {
                self.bulk_gate(ep, patience).await?;
                None
            }
        };
        if let (Some(client), true) = (client, self.client_share < 1.0) {
            let app_key = &Self::block_keys(ep)[0];
            let announced = self
                .budget
                .windows(app_key)
                .unwrap_or_else(|| DEVELOPMENT_KEY_WINDOWS.to_vec());
            let windows = client_windows(&announced, self.client_share);
            let counter_key = client_key(client, ep.route());
            if let Err(wait) = self.shares.try_count(&counter_key, &windows).await {
                tracing::info!(
                    route = ep.route(),
                    wait_s = wait.as_secs_f64(),
                    "client over its share: answering 429"
                );
                return Err(ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "Rate limit exceeded - this client has used its share of the Riot API \
                     budget; retry later",
                )
                .with_retry_after(ceil_secs(wait)));
            }
        }
        let fetch = async {
            match &self.shared {
                Some(shared) => self.fetch_shared(ep, shared).await,
                None => self.fetch(ep).await,
            }
        };
        self.cache
            .try_get_with(key, fetch)
            .await
            .map_err(|e| (*e).clone())
    }

    /// Waits (at most `patience`) until bulk work may send `ep` (see [`Live::get_bulk`]); past
    /// it, the 503 a page would get.
    async fn bulk_gate(&self, ep: &Endpoint, patience: Duration) -> Result<(), ApiError> {
        let keys = Self::block_keys(ep);
        let deadline = Instant::now() + patience;
        loop {
            let busy = self.interactive.load(Ordering::Acquire) > 0;
            let wait = self
                .budget
                .wait_reserved(&keys, self.bulk_reserve)
                .max(self.blocked_for(ep).unwrap_or_default());
            if !busy && wait.is_zero() {
                return Ok(());
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(Self::queue_full(wait.max(BULK_POLL)));
            }
            let nap = if busy {
                BULK_POLL
            } else {
                wait.min(BULK_POLL * 10)
            };
            tokio::time::sleep(nap.max(BULK_POLL).min(deadline - now)).await;
        }
    }

    /// The shared cache, then one upstream call among all replicas: the replica holding the
    /// endpoint's lock calls Riot and stores the answer; the others wait for it, at most as
    /// long as that call may take. Redis unreachable: this replica calls Riot itself.
    async fn fetch_shared(
        &self,
        ep: &Endpoint,
        shared: &Shared,
    ) -> Result<Arc<Upstream>, ApiError> {
        let (redis, cache) = (&*shared.redis, &shared.cache);
        let key = ep.cache_key();
        let hold = self.queue_wait + self.upstream_timeout + Duration::from_secs(1);
        let give_up = Instant::now() + hold;
        loop {
            match cache.lookup(redis, &key, hold).await {
                Ok(Lookup::Hit(s)) => {
                    if let Some(up) = Self::from_stored(ep, s) {
                        return Ok(Arc::new(up));
                    }
                    return self.fetch(ep).await;
                }
                Ok(Lookup::Mine) => {
                    let res = self.fetch(ep).await;
                    if let Ok(up) = &res {
                        let _ = cache
                            .put(
                                redis,
                                &key,
                                up.status.as_u16(),
                                up.app_rate_limit.as_deref(),
                                &up.body,
                                up.ttl,
                            )
                            .await;
                    }
                    let _ = cache.unlock(redis, &key).await;
                    return res;
                }
                Ok(Lookup::Busy) if Instant::now() < give_up => {
                    tokio::time::sleep(SHARED_POLL).await
                }
                Ok(Lookup::Busy | Lookup::Unreadable) | Err(_) => return self.fetch(ep).await,
            }
        }
    }

    /// An answer another replica stored, with the time it has left.
    fn from_stored(ep: &Endpoint, s: super::redis::cache::Stored) -> Option<Upstream> {
        let status = StatusCode::from_u16(s.status).ok()?;
        if status != StatusCode::OK && status != StatusCode::NOT_FOUND {
            return None;
        }
        Some(Upstream {
            status,
            body: s.body,
            app_rate_limit: s.app_rate_limit,
            ttl: ttl(ep, status).map(|full| s.ttl_left.map_or(full, |left| left.min(full))),
        })
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

    /// One upstream call for `ep`. Waits for rate limits at most `queue_wait` in all (time
    /// spent in upstream calls not counted): a request that cannot start by then is answered at
    /// once, with the `Retry-After` of the window that limits it.
    async fn fetch(&self, ep: &Endpoint) -> Result<Arc<Upstream>, ApiError> {
        let method = ep.method_id();
        let route = ep.route();
        let keys = Self::block_keys(ep);
        let mut deadline = Instant::now() + self.queue_wait;
        let mut attempts = 0;
        // Shared budget: a slot counted in Redis and not yet used (riven had no token).
        let mut holding = false;
        loop {
            // What blocks this request, as far as the proxy knows: a 429 (riven adds half a
            // second to Retry-After before it sends again) or a full window.
            let mut blocked = self.blocked_for(ep);
            // With Redis: counted atomically across replicas when free (`counted`); Redis
            // down: the local mirror with each limit divided among the replicas.
            let mut counted = false;
            let window = match &self.shared {
                Some(_) if holding => Duration::ZERO,
                Some(s) if blocked.is_none() => match s.budget.acquire(&s.redis, &keys).await {
                    Ok(Gate::Go) => {
                        counted = true;
                        Duration::ZERO
                    }
                    Ok(Gate::Blocked(b)) => {
                        blocked = Some(b);
                        Duration::ZERO
                    }
                    Ok(Gate::Full(w)) => w,
                    Err(_) => self.budget.wait_divided(&keys, s.redis.replicas() as usize),
                },
                Some(s) => self.budget.wait_divided(
                    &keys,
                    if s.redis.is_up() {
                        1
                    } else {
                        s.redis.replicas() as usize
                    },
                ),
                None => self.budget.wait(&keys),
            };
            holding |= counted;
            let wait = blocked.map_or(window, |b| window.max(b + RIVEN_RETRY_AFTER_MARGIN));
            let now = Instant::now();
            if now + wait > deadline {
                return Err(match blocked {
                    Some(b) if b + RIVEN_RETRY_AFTER_MARGIN >= window => {
                        tracing::info!(
                            route,
                            method,
                            wait_s = b.as_secs_f64(),
                            "rate limited: answering 429"
                        );
                        ApiError::new(
                            StatusCode::TOO_MANY_REQUESTS,
                            "Rate limit exceeded - the Riot API asked to wait; retry later",
                        )
                        .with_retry_after(ceil_secs(b))
                    }
                    _ => {
                        tracing::warn!(
                            route,
                            method,
                            wait_s = wait.as_secs_f64(),
                            "rate limit queue wait exceeded: answering 503"
                        );
                        Self::queue_full(wait)
                    }
                });
            }
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
                if self.shared.as_ref().is_some_and(|s| s.redis.is_up()) {
                    // Count the slot in Redis now, when it is free.
                    continue;
                }
            }
            let req = self
                .api
                .request(reqwest::Method::GET, route, &ep.upstream_path());
            // Never sleeps in riven's limiter: refused (not sent) unless a token is free now.
            let call = self
                .api
                .try_execute_raw(method, route, req, f32::MIN_POSITIVE);
            let started = Instant::now();
            let res = tokio::time::timeout(
                self.upstream_timeout + Duration::from_secs(1),
                AssertUnwindSafe(call).catch_unwind(),
            )
            .await;
            let res = match res {
                Err(_) => {
                    return Err(ApiError::new(
                        StatusCode::GATEWAY_TIMEOUT,
                        "Gateway timeout - the Riot API did not answer in time",
                    ))
                }
                Ok(Err(_panic)) => {
                    // riven panics on some malformed answers (docs/proxy-hardening.md).
                    tracing::warn!(
                        route,
                        method,
                        "upstream answer riven cannot read: answering 502"
                    );
                    self.budget.sent(&keys);
                    return Err(ApiError::new(
                        StatusCode::BAD_GATEWAY,
                        "Bad gateway - the Riot API sent an answer the proxy cannot read",
                    ));
                }
                Ok(Ok(Err(TryRequestError::NotEnoughCapacity))) => {
                    // riven's limiter has no token yet although the mirror saw none used up
                    // (its first-answer default of 1 per second, or its own bookkeeping):
                    // try again shortly, within the deadline.
                    let poll = Duration::from_millis(25);
                    if Instant::now() + poll > deadline {
                        return Err(Self::queue_full(self.budget.wait(&keys).max(poll)));
                    }
                    tokio::time::sleep(poll).await;
                    continue;
                }
                Ok(Ok(Err(TryRequestError::RiotApiError(e)))) => Err(e),
                Ok(Ok(Ok(info))) => Ok(info),
            };
            self.budget.sent(&keys);
            holding = false;
            // The upstream call's own time does not count against the queue wait.
            deadline += started.elapsed();
            let [app_key, method_key] = &keys;
            match res {
                Ok(info) => {
                    self.budget
                        .learn(app_key, method_key, info.response.headers());
                    if let Some(s) = &self.shared {
                        let _ = s
                            .budget
                            .learn(&s.redis, app_key, method_key, info.response.headers())
                            .await;
                    }
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
                    return Self::classify(ep, status, body, app_rate_limit).map(Arc::new);
                }
                Err(e) => {
                    if let Some(r) = e.response() {
                        self.budget.learn(app_key, method_key, r.headers());
                        if let Some(s) = &self.shared {
                            let _ = s
                                .budget
                                .learn(&s.redis, app_key, method_key, r.headers())
                                .await;
                        }
                    }
                    let status = e
                        .status_code()
                        .and_then(|s| StatusCode::from_u16(s.as_u16()).ok());
                    tracing::info!(
                        route,
                        method,
                        status = status.map(|s| s.as_u16()),
                        "upstream error"
                    );
                    if status == Some(StatusCode::TOO_MANY_REQUESTS) {
                        let headers = e.response().map(|r| r.headers());
                        let retry_after = headers
                            .and_then(|h| h.get(reqwest::header::RETRY_AFTER))
                            .and_then(|v| v.to_str().ok())
                            .and_then(|s| s.trim().parse::<u64>().ok())
                            .unwrap_or(1)
                            .min(MAX_RETRY_AFTER_SECS);
                        let app = headers
                            .and_then(|h| h.get("X-Rate-Limit-Type"))
                            .and_then(|v| v.to_str().ok())
                            == Some("application");
                        self.block(ep, app, Duration::from_secs(retry_after));
                        if let Some(s) = &self.shared {
                            let key = &keys[usize::from(!app)];
                            let _ = s
                                .budget
                                .block(&s.redis, key, Duration::from_secs(retry_after))
                                .await;
                        }
                        attempts += 1;
                        if attempts < 3 {
                            // Waited out above if it fits in what is left of the queue wait.
                            continue;
                        }
                        return Err(ApiError::new(
                            StatusCode::TOO_MANY_REQUESTS,
                            "Rate limit exceeded - the Riot API asked to wait; retry later",
                        )
                        .with_retry_after(retry_after));
                    }
                    return Err(Self::upstream_error(ep, status, &e));
                }
            }
        }
    }

    fn queue_full(wait: Duration) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Service unavailable - the Riot API rate limit is used up; retry later",
        )
        .with_retry_after(ceil_secs(wait))
    }

    /// A success answer, checked before it is cached: 200 with a JSON body, or 404. Anything
    /// else (a 3xx, a 201/204, a non-JSON body) is a 502, not cached.
    fn classify(
        ep: &Endpoint,
        status: u16,
        body: Bytes,
        app_rate_limit: Option<String>,
    ) -> Result<Upstream, ApiError> {
        let bad = |what: String| Err(ApiError::new(StatusCode::BAD_GATEWAY, what));
        match status {
            200 if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_ok() => Ok(Upstream {
                status: StatusCode::OK,
                body,
                app_rate_limit,
                ttl: ttl(ep, StatusCode::OK),
            }),
            200 => {
                bad("Bad gateway - the Riot API answered 200 with a body that is not JSON".into())
            }
            404 => Ok(Upstream {
                status: StatusCode::NOT_FOUND,
                body,
                app_rate_limit,
                ttl: ttl(ep, StatusCode::NOT_FOUND),
            }),
            300..=399 => bad(format!(
                "Bad gateway - the Riot API answered a redirect ({status}), which the proxy does \
                 not follow"
            )),
            s => bad(format!("Bad gateway - the Riot API answered {s}")),
        }
    }

    fn upstream_error(
        ep: &Endpoint,
        status: Option<StatusCode>,
        e: &riven::RiotApiError,
    ) -> ApiError {
        match status {
            // Riot stopped offering featured games to third parties (late 2025): a 403 there
            // says so, not that the key is bad.
            Some(StatusCode::FORBIDDEN) if matches!(ep, Endpoint::FeaturedGames { .. }) => {
                ApiError::new(
                    StatusCode::FORBIDDEN,
                    "Forbidden - the Riot API no longer offers featured games",
                )
            }
            Some(StatusCode::SERVICE_UNAVAILABLE) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "Service unavailable - the Riot API is unavailable",
            )
            .with_retry_after(5),
            Some(s) if s == StatusCode::UNAUTHORIZED || s == StatusCode::FORBIDDEN => {
                ApiError::new(
                    StatusCode::BAD_GATEWAY,
                    format!(
                        "Bad gateway - the Riot API refused the server's key ({})",
                        s.as_u16()
                    ),
                )
            }
            Some(s) => ApiError::new(
                StatusCode::BAD_GATEWAY,
                format!("Bad gateway - the Riot API answered {}", s.as_u16()),
            ),
            None if e.reqwest_errors().iter().any(|r| r.is_timeout()) => ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "Gateway timeout - the Riot API did not answer in time",
            ),
            None => ApiError::new(
                StatusCode::BAD_GATEWAY,
                "Bad gateway - could not reach the Riot API",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::parse;

    /// The cache lifetimes docs/proxy.md and docs/proxy-hardening.md state (a missing account:
    /// 60 s; the README once said 10 s).
    #[test]
    fn cache_lifetimes_are_the_documented_ones() {
        let p = "5Ftfp7ThkxJsQuGZ5FZ56fBkPOVIuDit4BO99mraJuLV1DyBcQu83y5lkV8HGYapOQ3hwjcqVj8_vQ";
        let secs = |path: &str, status| ttl(&parse(path).unwrap(), status).map(|d| d.as_secs());
        let (ok, missing) = (StatusCode::OK, StatusCode::NOT_FOUND);
        let account = "europe/riot/account/v1/accounts/by-riot-id/Name/EUW";
        assert_eq!(secs(account, ok), Some(3600));
        assert_eq!(secs(account, missing), Some(60));
        let finished = "europe/lol/match/v5/matches/EUW1_1";
        assert_eq!(secs(finished, ok), None, "a finished match: until evicted");
        assert_eq!(secs(finished, missing), Some(10));
        let active = format!("euw1/lol/spectator/v5/active-games/by-summoner/{p}");
        assert_eq!(secs(&active, missing), Some(10));
        assert_eq!(secs("euw1/lol/spectator/v5/featured-games", ok), Some(60));
        let ids = format!("europe/lol/match/v5/matches/by-puuid/{p}/ids");
        assert_eq!(secs(&ids, ok), Some(60));
        for path in [
            format!("euw1/lol/league/v4/entries/by-puuid/{p}"),
            format!("euw1/lol/champion-mastery/v4/scores/by-puuid/{p}"),
        ] {
            assert_eq!(secs(&path, ok), Some(300), "{path}");
            assert_eq!(secs(&path, missing), Some(300), "{path}");
        }
    }
}
