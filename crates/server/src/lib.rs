//! The proxy: serves the page and the Riot API endpoints it needs (native only).
//!
//! One port serves `www/` at `/`, the generated package at `/pkg/`, `GET /api/meta`, and the
//! whitelisted Riot paths under `/api/{route}/...` (see [`routes`]), answered by one of three
//! backends: live (Riot through riven, when `RIOT_API_KEY` is set), simulated (the default) or
//! replay (`--replay PATH`). Every error status carries Riot's JSON error shape.

pub mod backfill;
pub mod budget;
pub mod community;
pub mod error;
pub mod eval;
pub mod league;
pub mod live;
pub mod net;
pub mod ratelimit;
pub mod redis;
pub mod routes;
pub mod schema;
pub mod share;
pub mod statics;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use error::ApiError;
use league::{epoch_ms, LeagueBackend};
use live::{Live, LiveConfig};
pub use net::HttpConfig;
use ratelimit::{RateLimitConfig, RateLimiter};
use rivulet_lol::sim::{League, ReplaySource, SimConfig};
use routes::{region_of, Endpoint, PLATFORMS, REGIONS};

/// Players of the simulated league who exist but are never in a game (`idle` in `/api/meta`).
pub const SIM_IDLE_PLAYERS: usize = 3;

/// `rivulet serve` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The page's folder.
    #[arg(long, default_value = "www")]
    pub www: PathBuf,
    /// The generated wasm package (served under /pkg).
    #[arg(long, default_value = "pkg")]
    pub pkg: PathBuf,
    /// Simulated/replay league: how many times faster than real time the league clock runs
    /// (30: a 30-minute game ends in one minute).
    #[arg(long, default_value_t = 30.0)]
    pub time_scale: f64,
    /// Simulated league: the random seed (same seed, same league).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Simulated/replay league: games kept live at once.
    #[arg(long, default_value_t = 30)]
    pub live_games: usize,
    /// Replay a real dataset instead of simulating: a Kaggle `games.csv`, or Riot's seed match
    /// files (one `matches*.json` or their folder).
    #[arg(long)]
    pub replay: Option<PathBuf>,
    /// Live mode (RIOT_API_KEY set): the Riot API base URL, `{}` standing for the routing value.
    #[arg(long, default_value = "https://{}.api.riotgames.com")]
    pub riot_base_url: String,
    /// Live mode: the longest rate-limit wait (ms) a request queues for before the page is told
    /// 429/503 with Retry-After.
    #[arg(long, default_value_t = 2000)]
    pub queue_wait_ms: u64,
    /// Live mode: the longest one upstream call may take (ms).
    #[arg(long, default_value_t = 10_000)]
    pub upstream_timeout_ms: u64,
    /// Simulated/replay league: an application rate limit of N requests per 10 s per client
    /// (like a Riot development key); beyond it `/api/` answers 429 with Retry-After. Off when
    /// absent. Not allowed in live mode (Riot's own limits apply there).
    #[arg(long, value_name = "N")]
    pub sim_rate_limit: Option<u32>,
    /// A host name this server answers to, besides the bind address, `localhost`, `127.0.0.1`
    /// and `[::1]` (repeatable; also `RIVULET_ALLOWED_HOSTS`, comma-separated). Any other
    /// `Host` is answered 421, so a web page cannot drive the proxy by DNS rebinding. `*`
    /// allows every host (only behind a reverse proxy that checks it).
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
    /// How long (ms) a client may take to send a request head, on a new connection or an idle
    /// keep-alive one, before the connection is closed.
    #[arg(long, default_value_t = 10_000)]
    pub header_timeout_ms: u64,
    /// Connections open at once; more wait in the accept backlog. Capped further by the file
    /// descriptor limit (`ulimit -n`) minus a reserve of 64.
    #[arg(long, default_value_t = 1024)]
    pub max_connections: usize,
    /// Live mode: the share (percent) of every Riot application window one client may use
    /// (client: its IP address; cache hits are free). Over it, that client is answered 429 with
    /// Retry-After. 100 turns it off.
    #[arg(long, default_value_t = 50.0)]
    pub client_share: f64,
    /// A reverse proxy (IP address) whose X-Forwarded-For / Forwarded headers name the client
    /// (repeatable). From any other peer those headers are ignored.
    #[arg(long = "trusted-proxy", value_name = "IP")]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Community learning (docs/community.md): where the match logs live, one database per
    /// mode (live, sim seed, replay file). Default: $XDG_DATA_HOME/rivulet, else
    /// ~/.local/share/rivulet, else ./data.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Run without the match log and the community model.
    #[arg(long)]
    pub no_community: bool,
    /// Community log durability: `full` (an acknowledged record survives power loss) or
    /// `normal` (it survives a killed proxy, not an OS crash).
    #[arg(long, default_value = "full", value_parser = ["full", "normal"])]
    pub log_sync: String,
    /// Store the community model's state every N learned matches (and when the log is quiet).
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub snapshot_every: u64,
    /// Backfill (docs/community.md): when a Riot ID is looked up, fetch that player's N most
    /// recent finished matches in the background for the community model. 0 turns it off.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub backfill: usize,
    /// Simulated/replay league: the pause (ms) before each backfill request, so backfill runs
    /// in the background as it does against Riot's rate limits.
    #[arg(long, default_value_t = 100, value_name = "MS")]
    pub backfill_spacing_ms: u64,
    /// Live mode: the share (percent) of every Riot rate-limit window that bulk work (backfill,
    /// the page's follow checks) leaves to pages' interactive requests.
    #[arg(long, default_value_t = 50.0, value_name = "PERCENT")]
    pub bulk_reserve: f64,
    /// Simulated/replay league: whether spectator-v5 featured-games lists games. `off` (the
    /// default) behaves as Riot does since late 2025, when it stopped offering featured games to
    /// third parties: the endpoint answers 403 and the page finds games by Riot ID instead.
    #[arg(long, value_enum, default_value_t = OnOff::Off)]
    pub featured: OnOff,
    /// Share the Riot rate budget, response cache, community match log and client shares with
    /// every other proxy given the same Redis (docs/redis.md), e.g. `redis://127.0.0.1:6379`.
    /// Also `REDIS_URL`. Without it the proxy keeps everything in this process.
    #[arg(long, value_name = "URL")]
    pub redis: Option<String>,
    /// With --redis: every key this proxy writes starts with this prefix.
    #[arg(long, default_value = "rivulet:", value_name = "PREFIX")]
    pub redis_prefix: String,
    /// With --redis: how many proxies share the key. While Redis is down each one keeps to
    /// limit / N of every Riot window.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub replicas: u32,
}

/// A switch on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// Which backend answers `/api/`.
#[derive(Debug, Clone)]
pub enum Mode {
    Simulated {
        seed: u64,
        time_scale: f64,
        live_games: usize,
        /// League clock at start (epoch ms); `None`: now. Tests pass one to rebuild the same
        /// league and know its truth.
        start_ms: Option<i64>,
    },
    Replay {
        path: PathBuf,
        time_scale: f64,
        live_games: usize,
    },
    Live(LiveConfig),
}

/// Everything [`serve`] needs.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub www: PathBuf,
    pub pkg: PathBuf,
    pub mode: Mode,
    /// Simulated/replay only: the per-client application rate limit (`None`: unlimited).
    pub rate_limit: Option<RateLimitConfig>,
    /// Connection limits and the host names served.
    pub http: HttpConfig,
    /// The match log and community model (`None`: off).
    pub community: Option<community::CommunityConfig>,
    /// Simulated/replay only: featured-games lists games (else it answers 403, as Riot now does).
    pub featured: bool,
}

impl Config {
    /// From the CLI arguments and the key (from `RIOT_API_KEY`, never a flag).
    pub fn from_args(args: &ServeArgs, key: Option<String>) -> Result<Self, String> {
        if !(args.time_scale.is_finite() && args.time_scale > 0.0 && args.time_scale <= 10_000.0) {
            return Err("--time-scale must be a number in (0, 10000]".into());
        }
        if args.live_games == 0 || args.live_games > 1000 {
            return Err("--live-games must be between 1 and 1000".into());
        }
        let mode = match (key.filter(|k| !k.trim().is_empty()), &args.replay) {
            (Some(_), Some(_)) => {
                return Err("RIOT_API_KEY is set and --replay given: choose one".into())
            }
            (Some(key), None) => Mode::Live(LiveConfig {
                key: key.trim().to_string(),
                base_url: args.riot_base_url.clone(),
                queue_wait: Duration::from_millis(args.queue_wait_ms),
                upstream_timeout: Duration::from_millis(args.upstream_timeout_ms.max(1)),
                cache_bytes: 64 << 20,
                client_share: args.client_share / 100.0,
                bulk_reserve: args.bulk_reserve / 100.0,
            }),
            (None, Some(path)) => Mode::Replay {
                path: path.clone(),
                time_scale: args.time_scale,
                live_games: args.live_games,
            },
            (None, None) => Mode::Simulated {
                seed: args.seed,
                time_scale: args.time_scale,
                live_games: args.live_games,
                start_ms: None,
            },
        };
        let rate_limit = match args.sim_rate_limit {
            None => None,
            Some(_) if matches!(mode, Mode::Live(_)) => {
                return Err(
                    "--sim-rate-limit is for the simulated and replay leagues; live mode \
                     follows Riot's own limits"
                        .into(),
                )
            }
            Some(n) if n == 0 || n > 1_000_000 => {
                return Err("--sim-rate-limit must be between 1 and 1000000".into())
            }
            Some(n) => Some(RateLimitConfig {
                requests: n,
                window: Duration::from_secs(10),
            }),
        };
        if args.header_timeout_ms == 0 || args.header_timeout_ms > 600_000 {
            return Err("--header-timeout-ms must be between 1 and 600000".into());
        }
        if !(args.client_share > 0.0 && args.client_share <= 100.0) {
            return Err("--client-share must be a percentage in (0, 100]".into());
        }
        if !(0.0..=100.0).contains(&args.bulk_reserve) {
            return Err("--bulk-reserve must be a percentage in [0, 100]".into());
        }
        if args.backfill > routes::MATCH_IDS_MAX_COUNT as usize {
            return Err(format!(
                "--backfill must be between 0 and {} (Riot's largest count)",
                routes::MATCH_IDS_MAX_COUNT
            ));
        }
        if args.max_connections == 0 {
            return Err("--max-connections must be at least 1".into());
        }
        let community = (!args.no_community).then(|| community::CommunityConfig {
            data_dir: args
                .data_dir
                .clone()
                .unwrap_or_else(community::default_data_dir),
            key: community::mode_key(&mode),
            durability: if args.log_sync == "normal" {
                community::Durability::Normal
            } else {
                community::Durability::Full
            },
            snapshot_every: args.snapshot_every.max(1),
            backfill: args.backfill,
            backfill_spacing: Duration::from_millis(args.backfill_spacing_ms),
        });
        Ok(Config {
            addr: SocketAddr::new(args.bind, args.port),
            www: args.www.clone(),
            pkg: args.pkg.clone(),
            featured: args.featured == OnOff::On,
            mode,
            rate_limit,
            http: HttpConfig {
                header_timeout: Duration::from_millis(args.header_timeout_ms),
                max_connections: args.max_connections,
                allowed_hosts: args.allowed_hosts.clone(),
                trusted_proxies: args.trusted_proxies.clone(),
            },
            community,
        })
    }
}

enum Backend {
    League(LeagueBackend),
    Live(Box<Live>),
}

struct AppState {
    backend: Backend,
    rate_limit: Option<RateLimiter>,
    trusted_proxies: Vec<std::net::IpAddr>,
    community: Option<Arc<community::Community>>,
    /// Backfill from match history (with community learning, when `--backfill` is not 0).
    backfill: Option<Arc<backfill::Backfill>>,
    /// The league's featured-games lists games (unused in live mode: Riot decides).
    featured: bool,
}

fn load_replay(path: &std::path::Path) -> Result<Vec<rivulet_lol::datasets::LabeledGame>, String> {
    rivulet_lol::datasets::read_dataset(path).map_err(|e| format!("--replay: {e}"))
}

fn build_backend(mode: &Mode, shared: Option<Arc<redis::Redis>>) -> Result<Backend, String> {
    Ok(match mode {
        Mode::Simulated {
            seed,
            time_scale,
            live_games,
            start_ms,
        } => {
            let start = start_ms.unwrap_or_else(epoch_ms);
            let cfg = SimConfig {
                seed: *seed,
                live_games: *live_games,
                idle_players: SIM_IDLE_PLAYERS,
                ..SimConfig::default()
            };
            let league = League::simulated(cfg, start);
            Backend::League(LeagueBackend::new(
                Box::new(league),
                start,
                *time_scale,
                format!("Simulated league (time x{time_scale})"),
            ))
        }
        Mode::Replay {
            path,
            time_scale,
            live_games,
        } => {
            let games = load_replay(path)?;
            let n = games.len();
            let source = ReplaySource::new(games, "euw1", 0).map_err(|e| e.to_string())?;
            let start = epoch_ms();
            let league = League::with_source(source, "euw1", *live_games, 5000, start);
            let name = path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            Backend::League(LeagueBackend::new(
                Box::new(league),
                start,
                *time_scale,
                format!("Replay of {name} ({n} games, time x{time_scale})"),
            ))
        }
        Mode::Live(cfg) => Backend::Live(Box::new(Live::with_redis(cfg.clone(), shared)?)),
    })
}

fn json_response(status: StatusCode, body: impl Into<Body>, cache: &'static str) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    r
}

async fn meta(State(state): State<Arc<AppState>>) -> Response {
    let v = match &state.backend {
        Backend::League(l) => {
            let platform = l.platform();
            let region = region_of(&platform).unwrap_or("europe");
            let (live, idle) = l.suggestions(5);
            let ids = |v: Vec<rivulet_lol::riot::Account>| -> Vec<serde_json::Value> {
                v.into_iter()
                    .map(|a| {
                        serde_json::json!({"gameName": a.game_name, "tagLine": a.tag_line,
                            "platform": platform, "region": region})
                    })
                    .collect()
            };
            let (suggestions, idle) = (ids(live), ids(idle));
            let mode = if l.label.starts_with("Replay") {
                "replay"
            } else {
                "simulated"
            };
            serde_json::json!({
                "mode": mode, "label": l.label, "timeScale": l.time_scale,
                "serverTime": l.now_ms(), "platforms": [platform], "regions": [region],
                "suggestions": suggestions, "idle": idle,
                "rateLimit": state.rate_limit.as_ref().map(|r| r.describe()),
                "featured": state.featured,
            })
        }
        Backend::Live(live) => serde_json::json!({
            "mode": "live", "label": "Live Riot API", "timeScale": 1.0,
            "serverTime": epoch_ms(),
            "platforms": PLATFORMS.iter().map(|p| p.0).collect::<Vec<_>>(),
            "regions": REGIONS, "suggestions": [], "idle": [], "rateLimit": null,
            "clientShare": live.client_share(),
            "featured": null,
        }),
    };
    json_response(StatusCode::OK, v.to_string(), "no-store")
}

async fn api(State(state): State<Arc<AppState>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "Method not allowed - GET only",
        )
        .into_response();
    }
    let path = req.uri().path();
    let rest = path.strip_prefix("/api/").unwrap_or("");
    let ep = match routes::parse_with_query(rest, req.uri().query()) {
        Ok(ep) => ep,
        Err(e) => return e.into_response(),
    };
    // Per client; without connection info (a router driven in-process) all callers share one
    // budget.
    let client = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(std::net::IpAddr::from([0, 0, 0, 0]), |c| {
            share::client_ip(c.0, req.headers(), &state.trusted_proxies)
        });
    // A page may lower its own request's priority (its follow checks), never raise it.
    let priority = if req
        .headers()
        .get(PRIORITY_HEADER)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"bulk"))
    {
        live::Priority::Bulk
    } else {
        live::Priority::Interactive
    };
    let Some(limiter) = &state.rate_limit else {
        return answer(&state, &ep, client, priority).await;
    };
    match limiter.check(client) {
        Ok(count) => {
            let mut resp = answer(&state, &ep, client, priority).await;
            limiter.annotate(&mut resp, count);
            resp
        }
        Err(resp) => *resp,
    }
}

/// The request header by which a page marks its background work (`bulk`).
pub const PRIORITY_HEADER: &str = "x-rivulet-priority";

/// A looked-up account starts its player's backfill.
fn start_backfill(state: &AppState, ep: &Endpoint, body: &[u8]) {
    let (Endpoint::Account { region, .. }, Some(bf)) = (ep, &state.backfill) else {
        return;
    };
    #[derive(serde::Deserialize)]
    struct Puuid {
        puuid: String,
    }
    if let Ok(a) = serde_json::from_slice::<Puuid>(body) {
        if routes::valid_puuid(&a.puuid) {
            bf.request(&a.puuid, region);
        }
    }
}

async fn answer(
    state: &AppState,
    ep: &Endpoint,
    client: std::net::IpAddr,
    priority: live::Priority,
) -> Response {
    match &state.backend {
        Backend::League(_) if !state.featured && matches!(ep, Endpoint::FeaturedGames { .. }) => {
            ApiError::new(
                StatusCode::FORBIDDEN,
                "Forbidden - featured games are no longer offered to third-party applications",
            )
            .into_response()
        }
        Backend::League(l) => match l.answer(ep) {
            Ok(body) => {
                if let Some(c) = &state.community {
                    c.observe(ep, &body).await;
                }
                start_backfill(state, ep, &body);
                json_response(StatusCode::OK, body, "no-store")
            }
            Err(e) => e.into_response(),
        },
        Backend::Live(live) => match match priority {
            live::Priority::Interactive => live.get(ep, client).await,
            live::Priority::Bulk => live.get_bulk(ep, Some(client), live.queue_wait()).await,
        } {
            Ok(up) if up.status == StatusCode::OK => {
                if let Some(c) = &state.community {
                    c.observe(ep, &up.body).await;
                }
                start_backfill(state, ep, &up.body);
                let cache = if matches!(ep, Endpoint::Match { .. }) {
                    "public, max-age=86400"
                } else {
                    "no-store"
                };
                with_app_rate_limit(json_response(StatusCode::OK, up.body.clone(), cache), &up)
            }
            Ok(up) => with_app_rate_limit(
                ApiError::not_found("Data not found - the Riot API has no such data")
                    .into_response(),
                &up,
            ),
            Err(e) => e.into_response(),
        },
    }
}

/// Pass Riot's announced application limit on to the page (it paces its follow checks by it).
fn with_app_rate_limit(mut resp: Response, up: &live::Upstream) -> Response {
    if let Some(v) = up
        .app_rate_limit
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        resp.headers_mut().insert("x-app-rate-limit", v);
    }
    resp
}

/// Every error status gets the JSON error body (static-file 404s, 405s, ...).
async fn json_errors(resp: Response) -> Response {
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_json {
        return resp;
    }
    let (parts, _) = resp.into_parts();
    let mut out = ApiError::new(status, error::default_message(status)).into_response();
    if let Some(v) = parts.headers.get(header::RETRY_AFTER) {
        out.headers_mut().insert(header::RETRY_AFTER, v.clone());
    }
    out
}

/// The application router for `config` (exposed for in-process tests and benchmarks).
pub fn router(config: &Config) -> Result<Router, String> {
    router_shared(config, None)
}

/// [`router`] sharing state with the other replicas on `shared` (`--redis`).
pub fn router_shared(config: &Config, shared: Option<Arc<redis::Redis>>) -> Result<Router, String> {
    if config.rate_limit.is_some() && matches!(config.mode, Mode::Live(_)) {
        return Err("a rate limit is for the simulated and replay leagues only".into());
    }
    let backend = build_backend(&config.mode, shared.clone())?;
    let community = config
        .community
        .clone()
        .map(|c| community::Community::start_shared(c, shared.clone()));
    let backfill = config
        .community
        .as_ref()
        .filter(|c| c.backfill > 0)
        .map(|c| Arc::new(backfill::Backfill::new(c.backfill, c.backfill_spacing)));
    let state = Arc::new(AppState {
        community: community.clone(),
        backfill: backfill.clone(),
        backend,
        rate_limit: config
            .rate_limit
            .filter(|r| r.requests > 0 && !r.window.is_zero())
            .map(RateLimiter::new),
        trusted_proxies: config.http.trusted_proxies.clone(),
        featured: config.featured,
    });
    // The backfill worker runs on the server's runtime (a router built outside one has none).
    if let (Some(bf), Some(c), Ok(rt)) =
        (&backfill, &community, tokio::runtime::Handle::try_current())
    {
        rt.spawn(backfill_worker(state.clone(), bf.clone(), c.clone()));
    }
    let no_cache = || {
        SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        )
    };
    let statics = Router::new()
        .nest_service("/pkg", ServeDir::new(&config.pkg))
        .fallback_service(ServeDir::new(&config.www))
        .layer(axum::middleware::from_fn(statics::etags))
        .layer(axum::middleware::from_fn(statics::directory_redirects))
        .layer(no_cache());
    let hosts = Arc::new(net::AllowedHosts::new(
        config.addr.ip(),
        &config.http.allowed_hosts,
    ));
    let app = Router::new()
        .route("/api/meta", get(meta))
        .route("/api", any(api))
        .route("/api/", any(api))
        .route("/api/{*rest}", any(api))
        .with_state(state)
        .merge(community::router(community))
        .merge(backfill::router(backfill))
        .merge(statics)
        .layer(axum::middleware::map_response(json_errors));
    // The hardening headers outside the front door, so its 421/414/431 answers carry them too.
    let app = app
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(move |req, next| {
            net::front_door(hosts.clone(), req, next)
        }));
    Ok(statics::hardening_headers(app).layer(TraceLayer::new_for_http()))
}

/// How long one backfill request may wait at the priority gate before the job is failed.
const BACKFILL_PATIENCE: Duration = Duration::from_secs(600);

/// One backfill request: `Some(body)` for a 200, `None` for a 404.
async fn bulk_fetch(
    state: &AppState,
    ep: &Endpoint,
    spacing: Duration,
) -> Result<Option<axum::body::Bytes>, ApiError> {
    match &state.backend {
        Backend::League(l) => {
            tokio::time::sleep(spacing).await;
            match l.answer(ep) {
                Ok(body) => Ok(Some(body)),
                Err(e) if e.status == StatusCode::NOT_FOUND => Ok(None),
                Err(e) => Err(e),
            }
        }
        Backend::Live(live) => match live.get_bulk(ep, None, BACKFILL_PATIENCE).await {
            Ok(up) if up.status == StatusCode::OK => Ok(Some(up.body.clone())),
            Ok(_) => Ok(None),
            Err(e) => Err(e),
        },
    }
}

/// One player's backfill: their newest match ids, then every match not in the log yet.
async fn run_backfill(
    state: &AppState,
    bf: &backfill::Backfill,
    community: &community::Community,
    puuid: &str,
    region: &'static str,
) -> Result<(), String> {
    let ids_ep = Endpoint::MatchIds {
        region,
        puuid: puuid.to_string(),
        query: routes::MatchIdsQuery {
            count: bf.matches.min(routes::MATCH_IDS_MAX_COUNT as usize) as u32,
            ..Default::default()
        },
    };
    let Some(body) = bulk_fetch(state, &ids_ep, bf.spacing)
        .await
        .map_err(|e| e.message)?
    else {
        return Ok(());
    };
    let ids: Vec<String> = serde_json::from_slice(&body)
        .map_err(|e| format!("the match history is not a list of match ids: {e}"))?;
    // Only ids that name a match of this region; anything else is not asked for.
    let matches: Vec<(String, Endpoint)> = ids
        .into_iter()
        .take(bf.matches)
        .filter_map(|id| {
            let ep = routes::parse(&format!("{region}/lol/match/v5/matches/{id}")).ok()?;
            Some((id, ep))
        })
        .collect();
    let ids: Vec<String> = matches.iter().map(|(id, _)| id.clone()).collect();
    let in_log = community.logged(&ids).await;
    let already = in_log.iter().filter(|&&b| b).count();
    bf.update(puuid, |j| {
        j.total = matches.len();
        j.done = already;
    });
    for ((_, ep), logged) in matches.iter().zip(in_log) {
        if logged {
            continue;
        }
        let added = match bulk_fetch(state, ep, bf.spacing)
            .await
            .map_err(|e| e.message)?
        {
            Some(body) => community.observe(ep, &body).await,
            None => false,
        };
        bf.update(puuid, |j| {
            j.done += 1;
            j.logged += usize::from(added);
        });
    }
    Ok(())
}

/// Runs the backfill jobs one after the other, for as long as the server runs.
async fn backfill_worker(
    state: Arc<AppState>,
    bf: Arc<backfill::Backfill>,
    community: Arc<community::Community>,
) {
    loop {
        let (puuid, region) = bf.next().await;
        let outcome = run_backfill(&state, &bf, &community, &puuid, region).await;
        if let Err(e) = &outcome {
            tracing::info!(region, "backfill stopped: {e}");
        }
        bf.update(&puuid, |j| match outcome {
            Ok(()) => j.state = backfill::JobState::Done,
            Err(e) => {
                j.state = backfill::JobState::Failed;
                j.error = Some(e);
            }
        });
    }
}

/// Bind `config.addr` and serve in the background: the bound address (port 0 picks one) and
/// the server task.
pub async fn serve(
    config: Config,
) -> Result<(SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>), String> {
    serve_shared(config, None).await
}

/// [`serve`], sharing state through Redis when `redis` is given (`--redis`).
pub async fn serve_shared(
    config: Config,
    redis: Option<redis::RedisConfig>,
) -> Result<(SocketAddr, tokio::task::JoinHandle<std::io::Result<()>>), String> {
    let shared = match &redis {
        Some(r) => Some(self::redis::Redis::connect(r).await?),
        None => None,
    };
    let app = router_shared(&config, shared)?;
    let listener =
        net::bind(config.addr).map_err(|e| format!("cannot bind {}: {e}", config.addr))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let handle = tokio::spawn(net::serve_connections(listener, app, config.http));
    Ok((addr, handle))
}

/// Run the server until interrupted.
pub fn run(args: ServeArgs) -> Result<(), Box<dyn std::error::Error>> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info".into()),
        )
        .try_init();
    let key = std::env::var("RIOT_API_KEY").ok();
    let mut args = args;
    if let Ok(hosts) = std::env::var("RIVULET_ALLOWED_HOSTS") {
        args.allowed_hosts.push(hosts);
    }
    let config = Config::from_args(&args, key)?;
    let redis_url = args.redis.clone().or_else(|| {
        std::env::var("REDIS_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
    });
    let redis = match redis_url {
        Some(url) => Some(redis::RedisConfig::new(
            &url,
            &args.redis_prefix,
            args.replicas,
        )?),
        None => None,
    };
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let what = match &config.mode {
            Mode::Simulated {
                seed, time_scale, ..
            } => {
                format!("simulated league (seed {seed}, time x{time_scale})")
            }
            Mode::Replay { path, .. } => format!("replay of {}", path.display()),
            Mode::Live(c) => format!("live Riot API via {}", c.base_url),
        };
        let log = config.community.as_ref().map(|c| c.db_path());
        let shared = redis
            .as_ref()
            .map(|r| format!("{} (prefix {:?})", r.display_url(), r.prefix));
        let (addr, handle) = serve_shared(config, redis).await?;
        println!("rivulet: serving http://{addr} ({what})");
        if let Some(s) = shared {
            println!("rivulet: sharing the key's budget, cache and match log through Redis {s}");
        }
        match log {
            Some(p) => println!("rivulet: community match log {}", p.display()),
            None => println!("rivulet: community learning off"),
        }
        tokio::select! {
            r = handle => { r??; }
            _ = tokio::signal::ctrl_c() => { println!("rivulet: stopping"); }
        }
        Ok(())
    })
}
