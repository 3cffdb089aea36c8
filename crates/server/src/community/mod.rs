//! Community learning: every finished match the proxy obtains goes into a durable match log
//! (once per match id), and one community model learns the log in order and is served to the
//! page (docs/community.md).
//!
//! - [`record`]: what a logged match holds, built only from match-v5 answers.
//! - [`log`]: the [`MatchLog`] trait and its embedded SQLite implementation.
//! - [`model`]: the community learner (the page's `DurationPredictor`), its snapshots and stats.
//!
//! Here: the service that ties them to the proxy. [`Community::observe`] sees every successful
//! answer: league-v4 and champion-mastery answers are remembered for a while (the ranks and
//! masteries of a match logged later); a match-v5 answer is appended to the log before it is
//! answered, so a page that got a finished match knows it is on disk. Appends are batched by
//! one writer thread (group commit); one learner thread tails the log and publishes snapshots.

pub mod log;
pub mod model;
pub mod record;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::{mpsc, oneshot};

use super::error::ApiError;
use super::routes::Endpoint;
use log::{LogError, MatchLog, Position, SqliteLog};
use model::CommunityLearner;
use record::{MatchRecord, SeenExtras};
use rivulet_lol::riot::{ChampionMastery, LeagueEntry, Match};

pub use log::Durability;

/// Epoch milliseconds now.
pub fn now_ms() -> i64 {
    super::league::epoch_ms()
}

/// Settings of the community log and model.
#[derive(Debug, Clone)]
pub struct CommunityConfig {
    /// Folder of the log databases (created if missing).
    pub data_dir: PathBuf,
    /// Which data this is (`live`, `sim-seed42-live30`, `replay-games-1a2b3c4d`): one database
    /// per key, so simulated matches never train the live model.
    pub key: String,
    pub durability: Durability,
    /// Store the learner's state every this many learned records (and on a quiet log).
    pub snapshot_every: u64,
    /// Backfill: the newest matches fetched per looked-up player (0: off; `super::backfill`).
    pub backfill: usize,
    /// Backfill in the simulated and replay leagues: the pause before each request.
    pub backfill_spacing: Duration,
}

impl CommunityConfig {
    /// The database file of this key.
    pub fn db_path(&self) -> PathBuf {
        self.data_dir
            .join(format!("community-{}.sqlite3", self.key))
    }
}

/// The default `--data-dir`: `$XDG_DATA_HOME/rivulet`, else `$HOME/.local/share/rivulet`, else
/// `./data`.
pub fn default_data_dir() -> PathBuf {
    let nonempty = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(x) = nonempty("XDG_DATA_HOME") {
        return PathBuf::from(x).join("rivulet");
    }
    if let Some(h) = nonempty("HOME") {
        return PathBuf::from(h).join(".local/share/rivulet");
    }
    PathBuf::from("data")
}

/// A short stable hash (FNV-1a, 64 bit) as hex.
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The log key of a proxy mode.
pub fn mode_key(mode: &super::Mode) -> String {
    match mode {
        super::Mode::Live(_) => "live".into(),
        super::Mode::Simulated {
            seed, live_games, ..
        } => format!("sim-seed{seed}-live{live_games}"),
        super::Mode::Replay {
            path, live_games, ..
        } => {
            let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let stem: String = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .take(40)
                .collect();
            let h = fnv(full.to_string_lossy().as_bytes());
            format!("replay-{stem}-{}-live{live_games}", &h[..8])
        }
    }
}

/// A published snapshot: the bytes served, compressed once.
struct Published {
    learned: u64,
    position: Position,
    etag: HeaderValue,
    json: Bytes,
    gzip: Bytes,
    stats: Bytes,
}

type Ack = oneshot::Sender<Result<Option<Position>, String>>;

/// Wakes the learner when the log grew.
#[derive(Default)]
struct Wake {
    flag: Mutex<bool>,
    cv: Condvar,
}

impl Wake {
    fn notify(&self) {
        *self.flag.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.cv.notify_one();
    }
    fn wait(&self, timeout: Duration) {
        let g = self.flag.lock().unwrap_or_else(|p| p.into_inner());
        let (mut g, _) = self
            .cv
            .wait_timeout_while(g, timeout, |woken| !*woken)
            .unwrap_or_else(|p| p.into_inner());
        *g = false;
    }
}

/// Ids known to be in the log (a fast path in front of the database's own dedupe).
const KNOWN_CAP: usize = 200_000;
/// The longest a page's match answer waits for its record to be committed.
const ACK_WAIT: Duration = Duration::from_secs(5);
/// A quiet log stores the learner's state at most this often (besides every `snapshot_every`).
const QUIET_STORE_EVERY: Duration = Duration::from_secs(10);

/// The community service of one proxy (see the module documentation).
pub struct Community {
    key: String,
    log: Option<Arc<dyn MatchLog>>,
    /// Why the log is off (shown by the endpoints), when it is.
    problem: Option<String>,
    seen: SeenExtras,
    known: Mutex<HashSet<String>>,
    appends: Option<mpsc::UnboundedSender<(MatchRecord, Ack)>>,
    published: RwLock<Option<Arc<Published>>>,
}

/// Opens the log at `config`, recovering a damaged one (moved aside, readable records copied
/// into a new log). Errors are returned as text for the operator.
fn open_log(config: &CommunityConfig) -> Result<SqliteLog, String> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| {
        format!(
            "cannot create the data folder {}: {e}",
            config.data_dir.display()
        )
    })?;
    let path = config.db_path();
    match SqliteLog::open(&path, config.durability) {
        Ok(log) => Ok(log),
        Err(LogError::Corrupt(why)) => {
            tracing::error!(
                "community log {} is damaged ({why}); moving it aside and rebuilding",
                path.display()
            );
            let (log, aside, saved) = SqliteLog::recover(&path, config.durability)
                .map_err(|e| format!("recovery of {} failed: {e}", path.display()))?;
            tracing::error!(
                "community log rebuilt: {saved} readable records copied from the damaged file, \
                 kept at {}; the community model relearns them",
                aside.display()
            );
            Ok(log)
        }
        Err(e) => Err(format!("community log {}: {e}", path.display())),
    }
}

impl Community {
    /// Starts the service: opens (or recovers) the log, restores the learner from its snapshot
    /// and starts the writer and learner threads. Never fails: when the log cannot be opened
    /// the proxy runs without it and the endpoints say why.
    pub fn start(config: CommunityConfig) -> Arc<Self> {
        Self::start_shared(config, None)
    }

    /// [`Community::start`] with the log shared by every replica on `redis` (a Redis Stream,
    /// the embedded log as its buffer while Redis is down); `None`: [`Community::start`].
    /// With `redis`, must be called inside the tokio runtime.
    pub fn start_shared(
        config: CommunityConfig,
        redis: Option<Arc<super::redis::Redis>>,
    ) -> Arc<Self> {
        let seen = SeenExtras::new(200_000, Duration::from_secs(6 * 3600));
        let log: Arc<dyn MatchLog> = match (open_log(&config), redis) {
            (Ok(buffer), Some(redis)) => super::redis::log::RedisLog::open(
                redis,
                &config.key,
                buffer,
                tokio::runtime::Handle::current(),
            ),
            (Ok(embedded), None) => Arc::new(embedded),
            (Err(problem), _) => {
                tracing::error!("{problem}; the proxy runs without community learning");
                return Arc::new(Community {
                    key: config.key,
                    log: None,
                    problem: Some(problem),
                    seen,
                    known: Mutex::new(HashSet::new()),
                    appends: None,
                    published: RwLock::new(None),
                });
            }
        };
        tracing::info!("community log: {}", log.describe());
        Self::with_log(config.key, log, config.snapshot_every, seen)
    }

    fn with_log(
        key: String,
        log: Arc<dyn MatchLog>,
        snapshot_every: u64,
        seen: SeenExtras,
    ) -> Arc<Self> {
        let (tx, rx) = mpsc::unbounded_channel();
        let community = Arc::new(Community {
            key,
            log: Some(log.clone()),
            problem: None,
            seen,
            known: Mutex::new(HashSet::new()),
            appends: Some(tx),
            published: RwLock::new(None),
        });
        let wake = Arc::new(Wake::default());
        let w = wake.clone();
        let l = log.clone();
        std::thread::Builder::new()
            .name("community-writer".into())
            .spawn(move || writer(l, rx, w))
            .expect("spawn the community writer");
        let c = Arc::downgrade(&community);
        std::thread::Builder::new()
            .name("community-learner".into())
            .spawn(move || learner(c, log, wake, snapshot_every.max(1)))
            .expect("spawn the community learner");
        community
    }

    /// Sees one successful answer (see the module documentation). A finished match is logged
    /// before this returns; a log failure is reported in the proxy's log, never to the page.
    /// True when this answer added a match to the log.
    pub async fn observe(&self, ep: &Endpoint, body: &Bytes) -> bool {
        match ep {
            Endpoint::LeagueEntries { puuid, .. } => {
                if let Ok(entries) = serde_json::from_slice::<Vec<LeagueEntry>>(body) {
                    self.seen.saw_ranks(puuid, &entries);
                }
            }
            Endpoint::MasteryByChampion { puuid, .. } => {
                if let Ok(m) = serde_json::from_slice::<ChampionMastery>(body) {
                    self.seen.saw_mastery(puuid, &m);
                }
            }
            Endpoint::Match { match_id, .. } => return self.log_match(match_id, body).await,
            _ => {}
        }
        false
    }

    /// Whether each match id is in the log (false when the log cannot say).
    pub async fn logged(&self, match_ids: &[String]) -> Vec<bool> {
        let Some(log) = self.log.clone() else {
            return vec![false; match_ids.len()];
        };
        let ids = match_ids.to_vec();
        match tokio::task::spawn_blocking(move || log.positions(&ids)).await {
            Ok(Ok(p)) => p.iter().map(Option::is_some).collect(),
            _ => vec![false; match_ids.len()],
        }
    }

    async fn log_match(&self, match_id: &str, body: &Bytes) -> bool {
        let Some(appends) = &self.appends else {
            return false;
        };
        if self.is_known(match_id) {
            return false;
        }
        let record = match serde_json::from_slice::<Match>(body)
            .map_err(|e| format!("{match_id}: unreadable match-v5 answer: {e}"))
            .and_then(|m| MatchRecord::from_match(match_id, &m, Some(&self.seen)))
        {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!("not logged: {e}");
                return false;
            }
        };
        let (ack, done) = oneshot::channel();
        if appends.send((record, ack)).is_err() {
            return false;
        }
        // A stalled disk must not hold pages forever: past the bound they get their answer and
        // the record is committed (or fails) later, as the proxy's log says.
        let Ok(done) = tokio::time::timeout(ACK_WAIT, done).await else {
            tracing::warn!("community log append of {match_id} is slow; answering before it");
            return false;
        };
        match done {
            Ok(Ok(position)) => {
                let mut known = self.known.lock().unwrap_or_else(|p| p.into_inner());
                if known.len() >= KNOWN_CAP {
                    known.clear();
                }
                known.insert(match_id.to_string());
                position.is_some()
            }
            Ok(Err(e)) => {
                tracing::error!("community log append of {match_id} failed: {e}");
                false
            }
            Err(_) => {
                tracing::error!("community log writer stopped; {match_id} not logged");
                false
            }
        }
    }

    fn is_known(&self, match_id: &str) -> bool {
        self.known
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(match_id)
    }

    fn publish(&self, learner: &CommunityLearner) {
        let json = learner.snapshot_json(&self.key);
        let mut gz = flate2::write::GzEncoder::new(
            Vec::with_capacity(json.len() / 4),
            flate2::Compression::default(),
        );
        let gzip = gz
            .write_all(json.as_bytes())
            .and_then(|()| gz.finish())
            .unwrap_or_default();
        let etag = format!("\"{}-{}\"", learner.position(), &fnv(json.as_bytes())[..12]);
        let stats = learner.stats_json(&self.key).to_string();
        let p = Published {
            learned: learner.learned(),
            position: learner.position(),
            etag: HeaderValue::from_str(&etag).expect("an ETag of hex digits"),
            json: Bytes::from(json),
            gzip: Bytes::from(gzip),
            stats: Bytes::from(stats),
        };
        *self.published.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(p));
    }

    fn current(&self) -> Option<Arc<Published>> {
        self.published
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn unavailable(&self) -> Response {
        let why = self.problem.as_deref().unwrap_or("it is starting");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("Service unavailable - the community model is off: {why}"),
        )
        .with_retry_after(30)
        .into_response()
    }
}

/// The writer thread: drains the append queue in batches, one durable transaction each.
fn writer(
    log: Arc<dyn MatchLog>,
    mut rx: mpsc::UnboundedReceiver<(MatchRecord, Ack)>,
    wake: Arc<Wake>,
) {
    while let Some(first) = rx.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < 512 {
            match rx.try_recv() {
                Ok(x) => batch.push(x),
                Err(_) => break,
            }
        }
        let (records, acks): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
        match log.append(&records) {
            Ok(positions) => {
                for (ack, p) in acks.into_iter().zip(positions) {
                    let _ = ack.send(Ok(p));
                }
                wake.notify();
            }
            Err(e) => {
                let msg = e.to_string();
                for ack in acks {
                    let _ = ack.send(Err(msg.clone()));
                }
            }
        }
    }
}

/// The learner thread: restores the stored state (or starts fresh), then learns whatever the
/// log gains, publishing a snapshot when it has caught up (at least once a second while busy)
/// and storing its state every `snapshot_every` records, and at most every
/// [`QUIET_STORE_EVERY`] otherwise.
fn learner(
    community: std::sync::Weak<Community>,
    log: Arc<dyn MatchLog>,
    wake: Arc<Wake>,
    snapshot_every: u64,
) {
    let mut learner = restore(&*log);
    // The match learned last, to notice a log that lost its tail (a shared log's server
    // restarted from a file older than what was learned): then it holds another match there.
    let mut last_learned: Option<String> = None;
    let mut stored = learner.position();
    let mut stored_at = Instant::now();
    let mut published_at: Option<Instant> = None;
    let mut dirty = true;
    loop {
        let Some(c) = community.upgrade() else {
            return;
        };
        let mut failed = false;
        if let Some(id) = &last_learned {
            match log.positions(std::slice::from_ref(id)) {
                Ok(p) if p.first().copied().flatten() != Some(learner.position()) => {
                    tracing::error!(
                        "the community log lost records this model learned (up to position {}); \
                         relearning from the stored model",
                        learner.position()
                    );
                    learner = restore(&*log);
                    stored = learner.position();
                    last_learned = None;
                }
                _ => {}
            }
        }
        loop {
            match log.read_after(learner.position(), 500) {
                Ok(rows) if rows.is_empty() => break,
                Ok(rows) => {
                    for (pos, rec) in &rows {
                        learner.learn(*pos, rec);
                    }
                    last_learned = rows.last().map(|r| r.1.id.clone());
                    dirty = true;
                    if learner.position() - stored >= snapshot_every {
                        store(&*log, &learner, &mut stored);
                        stored_at = Instant::now();
                    }
                    if published_at.is_none_or(|t| t.elapsed() > Duration::from_secs(1)) {
                        c.publish(&learner);
                        published_at = Some(Instant::now());
                    }
                }
                Err(e) => {
                    tracing::error!("community learner cannot read the log: {e}");
                    failed = true;
                    break;
                }
            }
        }
        if dirty {
            c.publish(&learner);
            published_at = Some(Instant::now());
            dirty = false;
        }
        if learner.position() > stored && stored_at.elapsed() >= QUIET_STORE_EVERY {
            store(&*log, &learner, &mut stored);
            stored_at = Instant::now();
        }
        drop(c);
        wake.wait(if failed {
            Duration::from_secs(5)
        } else {
            Duration::from_secs(1)
        });
    }
}

/// The learner from the stored snapshot, or a fresh one.
fn restore(log: &dyn MatchLog) -> CommunityLearner {
    match log.load_snapshot() {
        Ok(Some(s)) => match CommunityLearner::from_state_json(&s.state) {
            Ok(l) if l.position() == s.position => l,
            Ok(_) | Err(_) => {
                tracing::warn!("the stored community model does not load; relearning the log");
                CommunityLearner::new()
            }
        },
        Ok(None) => CommunityLearner::new(),
        Err(e) => {
            tracing::error!("community snapshot unreadable ({e}); relearning the log");
            CommunityLearner::new()
        }
    }
}

fn store(log: &dyn MatchLog, learner: &CommunityLearner, stored: &mut Position) {
    match log.save_snapshot(&learner.stored()) {
        Ok(()) => *stored = learner.position(),
        Err(e) => tracing::error!("community snapshot not stored: {e}"),
    }
}

/// Does an `If-None-Match` header list `tag`?
fn matches_etag(headers: &HeaderMap, tag: &HeaderValue) -> bool {
    let Some(Ok(v)) = headers.get(header::IF_NONE_MATCH).map(|v| v.to_str()) else {
        return false;
    };
    let tag = tag.to_str().unwrap_or("");
    v.split(',')
        .any(|t| t.trim().trim_start_matches("W/") == tag || t.trim() == "*")
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| {
            let mut parts = e.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q0 = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f64>().ok())
                    == Some(0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !q0
        })
}

type Shared = Option<Arc<Community>>;

async fn model_handler(State(c): State<Shared>, headers: HeaderMap) -> Response {
    let Some(c) = c else {
        return off();
    };
    if c.log.is_none() {
        return c.unavailable();
    }
    let Some(p) = c.current() else {
        return c.unavailable();
    };
    if p.learned == 0 {
        return ApiError::not_found(
            "Data not found - the community model has not learned any match yet",
        )
        .into_response();
    }
    let mut resp = if matches_etag(&headers, &p.etag) {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else if accepts_gzip(&headers) {
        let mut r = Response::new(Body::from(p.gzip.clone()));
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        Response::new(Body::from(p.json.clone()))
    };
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::ETAG, p.etag.clone());
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    h.insert("x-community-learned", HeaderValue::from(p.learned));
    h.insert("x-community-position", HeaderValue::from(p.position));
    resp
}

/// No community model here: the page keeps today's local-only model (404, like any answer
/// the page treats as "none").
fn off() -> Response {
    ApiError::not_found("Data not found - this proxy runs without community learning")
        .into_response()
}

fn json(body: impl Into<Body>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.into(),
    )
        .into_response()
}

async fn stats_handler(State(c): State<Shared>) -> Response {
    let Some(c) = c else {
        return off();
    };
    if c.log.is_none() {
        return c.unavailable();
    }
    match c.current() {
        Some(p) => json(p.stats.clone()),
        None => c.unavailable(),
    }
}

#[derive(serde::Deserialize)]
struct PositionsQuery {
    ids: String,
}

/// Most match ids one `positions` request may ask about.
pub const POSITIONS_MAX: usize = 100;

fn valid_match_id(s: &str) -> bool {
    let Some((p, g)) = s.split_once('_') else {
        return false;
    };
    (1..=8).contains(&p.len())
        && p.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && (1..=19).contains(&g.len())
        && g.bytes().all(|b| b.is_ascii_digit())
}

/// `GET /api/community/positions?ids=A,B`: each match's log position (`null`: not logged), so
/// the page knows which of its own matches a snapshot (learned up to `position`) contains.
async fn positions_handler(
    State(c): State<Shared>,
    q: Result<Query<PositionsQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(c) = c else {
        return off();
    };
    if c.log.is_none() {
        return c.unavailable();
    }
    let Ok(Query(q)) = q else {
        return ApiError::bad_request("Bad request - ids=MATCH_ID,MATCH_ID,... is required")
            .into_response();
    };
    let ids: Vec<String> = q
        .ids
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if ids.is_empty() || ids.len() > POSITIONS_MAX {
        return ApiError::bad_request(format!(
            "Bad request - ids must list 1 to {POSITIONS_MAX} match ids"
        ))
        .into_response();
    }
    if let Some(bad) = ids.iter().find(|s| !valid_match_id(s)) {
        return ApiError::bad_request(format!(
            "Bad request - '{bad}' is not a match id ({{PLATFORM}}_{{gameId}})"
        ))
        .into_response();
    }
    let log = c.log.clone().expect("checked above");
    let found = tokio::task::spawn_blocking(move || {
        let pos = log.positions(&ids);
        pos.map(|p| ids.into_iter().zip(p).collect::<Vec<_>>())
    })
    .await;
    match found {
        Ok(Ok(pairs)) => {
            let map: serde_json::Map<String, serde_json::Value> = pairs
                .into_iter()
                .map(|(id, p)| (id, p.map_or(serde_json::Value::Null, Into::into)))
                .collect();
            json(serde_json::json!({ "positions": map }).to_string())
        }
        Ok(Err(e)) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("Internal error - the community log cannot be read: {e}"),
        )
        .into_response(),
        Err(_) => {
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal error").into_response()
        }
    }
}

/// `/api/community/{model,stats,positions}` (404 when community learning is off, 503 when
/// its log could not be opened).
pub fn router(community: Shared) -> Router {
    Router::new()
        .route("/api/community/model", get(model_handler))
        .route("/api/community/stats", get(stats_handler))
        .route("/api/community/positions", get(positions_handler))
        .with_state(community)
}

/// Opens a log read-only to inspect it (tests, tools): the same checks as the proxy.
pub fn open_for_inspection(path: &Path) -> Result<SqliteLog, LogError> {
    // Opening creates (and on a short file, overwrites) a database: an export must never do
    // that to a file that is not already one, so check SQLite's header first.
    const HEADER: &[u8; 16] = b"SQLite format 3\0";
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => {
                LogError::Corrupt("not an SQLite database (shorter than its header)".into())
            }
            _ => LogError::Other(e.to_string()),
        });
    read?;
    if &head != HEADER {
        return Err(LogError::Corrupt("not an SQLite database".into()));
    }
    SqliteLog::open(path, Durability::Normal)
}
