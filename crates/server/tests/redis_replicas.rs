//! Several proxies on one key through a real `redis-server` (docs/redis.md): three real
//! `rivulet serve --redis` processes in front of one fake Riot on loopback. The shared rate
//! budget (never more than Riot's windows, a 429 pausing every replica), coalescing across
//! replicas, the community match log as a stream (byte-identical snapshots, `kill -9` and
//! catch-up), Redis going down and coming back, and the key namespace.
//!
//! Each test starts its own `redis-server` on a free port with a temp dir (AOF everysec, no
//! RDB) and stops it by pid. Without `redis-server` the tests fail in CI (`CI=true`) and are
//! skipped elsewhere, each saying so.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use rivulet_lol::sim::{League, FIRST_GAME_ID};

const KEY: &str = "RGAPI-00000000-redis-test-key-0123456789abcdef";
const P: &str = "5Ftfp7ThkxJsQuGZ5FZ56fBkPOVIuDit4BO99mraJuLV1DyBcQu83y5lkV8HGYapOQ3hwjcqVj8_vQ";
const PREFIX: &str = "rvtest:";

/// A puuid (78 characters) starting with `tag`.
fn puuid(tag: &str) -> String {
    format!("{tag}{}", &P[tag.len()..])
}

/// One multi-process test at a time: each runs three proxies and a redis-server on 2 cores.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rivulet-redis-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Removes a test's scratch folders (`tmp(name…)`) when dropped: declare it before the
/// replicas and the redis-server, so they are stopped first.
struct Scratch(String);

impl Drop for Scratch {
    fn drop(&mut self) {
        let prefix = format!("rivulet-redis-{}-{}", std::process::id(), self.0);
        for e in std::fs::read_dir(std::env::temp_dir())
            .into_iter()
            .flatten()
            .flatten()
        {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `redis-server` is installed; otherwise `None` after saying why (a failure in CI).
fn redis_server_available() -> bool {
    let ok = Command::new("redis-server")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let msg = "redis-server is not installed (apt-get install -y redis-server; ./x setup \
                   installs it)";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg}: the Redis tests cannot run in CI without it");
        }
        eprintln!("SKIPPED: {msg}");
    }
    ok
}

/// A real redis-server on a free loopback port, AOF everysec, in a temp dir.
struct RedisServer {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
}

impl RedisServer {
    fn start(name: &str) -> Self {
        let dir = tmp(&format!("{name}-redis"));
        let mut r = RedisServer {
            child: None,
            port: free_port(),
            dir,
        };
        r.restart();
        r
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// (Re)starts it on the same port and dir (the AOF is replayed).
    fn restart(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .arg("--dir")
            .arg(&self.dir)
            .args(["--appendonly", "yes", "--appendfsync", "everysec"])
            .args(["--save", ""])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start redis-server");
        self.child = Some(child);
        let t0 = Instant::now();
        while redis_cmd(&self.url(), &["PING"]).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "redis-server did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops it by pid: SIGTERM (it writes the AOF and exits), waited for.
    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &c.id().to_string()])
                .status();
            let _ = c.wait();
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One command on a fresh connection (test-side inspection).
fn redis_cmd(url: &str, args: &[&str]) -> redis::RedisResult<redis::Value> {
    let mut c = redis::Client::open(url)?.get_connection()?;
    let mut cmd = redis::cmd(args[0]);
    for a in &args[1..] {
        cmd.arg(*a);
    }
    cmd.query(&mut c)
}

fn all_keys(url: &str) -> Vec<String> {
    let mut c = redis::Client::open(url).unwrap().get_connection().unwrap();
    redis::cmd("KEYS").arg("*").query(&mut c).unwrap()
}

// ---------- the fake Riot ----------

#[derive(Default)]
struct Fake {
    /// Every request: path and arrival time.
    seen: Mutex<Vec<(String, Instant)>>,
    /// The match bodies it serves, by id.
    matches: HashMap<String, String>,
    /// When the 429 was answered.
    answered_429: Mutex<Option<Instant>>,
}

impl Fake {
    fn times(&self, part: &str) -> Vec<Instant> {
        let mut t: Vec<Instant> = self
            .seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _)| p.contains(part))
            .map(|(_, t)| *t)
            .collect();
        t.sort();
        t
    }
}

/// The announced windows of the rate-budget test: a development key's `20:1,100:120` with the
/// long window shortened to 4 s.
const SHORT: (usize, Duration) = (20, Duration::from_secs(1));
const LONG: (usize, Duration) = (100, Duration::from_secs(4));

fn json(status: StatusCode, body: String, extra: &[(&str, String)]) -> Response {
    let mut r = (status, [("content-type", "application/json")], body).into_response();
    for (k, v) in extra {
        r.headers_mut().insert(
            axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            v.parse().unwrap(),
        );
    }
    r
}

async fn fake_riot(State(fake): State<Arc<Fake>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if req
        .headers()
        .get("x-riot-token")
        .and_then(|v| v.to_str().ok())
        != Some(KEY)
    {
        return json(StatusCode::FORBIDDEN, "{}".into(), &[]);
    }
    let now = Instant::now();
    fake.seen.lock().unwrap().push((path.clone(), now));
    if path.starts_with("/kr/") {
        // Riot's own counts of this key's requests in each window.
        let t = fake.times("/kr/");
        let count = |span: Duration| t.iter().filter(|&&x| now - x < span).count();
        return json(
            StatusCode::OK,
            "[]".into(),
            &[
                ("x-app-rate-limit", format!("{}:1,{}:4", SHORT.0, LONG.0)),
                (
                    "x-app-rate-limit-count",
                    format!("{}:1,{}:4", count(SHORT.1), count(LONG.1)),
                ),
                ("x-method-rate-limit", "1000:1".into()),
                ("x-method-rate-limit-count", "1:1".into()),
            ],
        );
    }
    if path.starts_with("/jp1/") && path.contains(&puuid("FIRST429")) {
        *fake.answered_429.lock().unwrap() = Some(now);
        return json(
            StatusCode::TOO_MANY_REQUESTS,
            "{}".into(),
            &[
                ("retry-after", "3".into()),
                ("x-rate-limit-type", "method".into()),
            ],
        );
    }
    if path.contains("SLOW") {
        tokio::time::sleep(Duration::from_millis(600)).await;
    }
    // Elsewhere a production key's limits, announced on every answer as Riot does.
    let limits = [
        ("x-app-rate-limit", "500:10,30000:600".to_string()),
        ("x-app-rate-limit-count", "1:10,1:600".to_string()),
        ("x-method-rate-limit", "500:10".to_string()),
        ("x-method-rate-limit-count", "1:10".to_string()),
    ];
    if let Some(id) = path.strip_prefix("/europe/lol/match/v5/matches/") {
        return match fake.matches.get(id) {
            Some(body) => json(StatusCode::OK, body.clone(), &limits),
            None => json(StatusCode::NOT_FOUND, "{}".into(), &limits),
        };
    }
    json(StatusCode::OK, "[]".into(), &limits)
}

/// The fake on a loopback port, serving `matches` finished matches of a simulated league.
async fn start_fake(matches: usize) -> (String, Arc<Fake>, Vec<String>) {
    let t0 = 1_700_000_000_000;
    let mut league = League::new(11, t0);
    league.advance_to(t0 + 12 * 3_600_000);
    let mut bodies = HashMap::new();
    let mut ids = Vec::new();
    for n in 0..(matches as i64 * 4) {
        if ids.len() == matches {
            break;
        }
        let id = format!("EUW1_{}", FIRST_GAME_ID + n);
        if let Some(m) = league.match_by_id(&id) {
            bodies.insert(id.clone(), serde_json::to_string(&m).unwrap());
            ids.push(id);
        }
    }
    assert_eq!(ids.len(), matches, "the league finished enough matches");
    let fake = Arc::new(Fake {
        matches: bodies,
        ..Fake::default()
    });
    let app = Router::new().fallback(fake_riot).with_state(fake.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await });
    (format!("http://{up}/{{}}"), fake, ids)
}

// ---------- the replicas ----------

struct Replica {
    child: Child,
    url: String,
    out: Arc<Mutex<String>>,
    args: Vec<String>,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Replica {
    /// `rivulet serve` (live mode against the fake) on port 0, sharing through `redis`.
    fn spawn(args: Vec<String>) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rivulet"))
            .arg("serve")
            .args(&args)
            .env("RIOT_API_KEY", KEY)
            .env("RUST_LOG", "info")
            .env_remove("REDIS_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let out = out.clone();
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Some(u) = line.split("rivulet: serving ").nth(1) {
                        let _ = tx.send(u.split_whitespace().next().unwrap_or("").to_string());
                    }
                    let mut o = out.lock().unwrap();
                    o.push_str(&line);
                    o.push('\n');
                }
            });
        }
        let url = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("replica did not start: {}", out.lock().unwrap()));
        Replica {
            child,
            url,
            out,
            args,
        }
    }

    fn log(&self) -> String {
        self.out.lock().unwrap().clone()
    }

    /// `kill -9`, then the same command again.
    fn kill_9_and_restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        *self = Replica::spawn(self.args.clone());
    }
}

fn replica_args(redis: &RedisServer, fake: &str, data: &Path, extra: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = [
        "--port",
        "0",
        "--www",
        data.to_str().unwrap(),
        "--pkg",
        data.to_str().unwrap(),
        "--riot-base-url",
        fake,
        "--redis",
        &redis.url(),
        "--redis-prefix",
        PREFIX,
        "--replicas",
        "3",
        "--data-dir",
        data.to_str().unwrap(),
        "--snapshot-every",
        "7",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

/// Three replicas; each client may use the whole budget (`--client-share 100`) unless `extra`
/// sets a share.
fn three(redis: &RedisServer, fake: &str, name: &str, extra: &[&str]) -> Vec<Replica> {
    let mut extra = extra.to_vec();
    if !extra.contains(&"--client-share") {
        extra.extend(["--client-share", "100"]);
    }
    (0..3)
        .map(|i| {
            let data = tmp(&format!("{name}-replica{i}"));
            Replica::spawn(replica_args(redis, fake, &data, &extra))
        })
        .collect()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .gzip(false)
        .pool_max_idle_per_host(64)
        // Below the proxies' 10 s keep-alive limit: a pooled connection the server is closing
        // as it is reused would fail the request.
        .pool_idle_timeout(Duration::from_secs(4))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// GET until 200 (503/429 are waited out: the proxies' answers to a full budget).
async fn get_ok(c: &reqwest::Client, url: &str) -> String {
    let t0 = Instant::now();
    loop {
        let r = c
            .get(url)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{url}: {e:?}"));
        let status = r.status().as_u16();
        let body = r.text().await.unwrap();
        match status {
            200 => return body,
            429 | 503 => tokio::time::sleep(Duration::from_millis(150)).await,
            s => panic!("{url}: {s} {body}"),
        }
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "{url} never answered 200"
        );
    }
}

/// At most `limit` arrivals in any `span`.
fn assert_window(times: &[Instant], (limit, span): (usize, Duration)) {
    for w in times.windows(limit + 1) {
        assert!(
            w[limit] - w[0] >= span,
            "{} requests reached Riot within {:?} (limit {limit} per {span:?})",
            limit + 1,
            w[limit] - w[0]
        );
    }
}

// ---------- 1. the shared rate budget ----------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_replicas_never_exceed_the_keys_windows_together() {
    if !redis_server_available() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().await;
    let _scratch = Scratch("budget".into());
    let redis = RedisServer::start("budget");
    let (fake_url, fake, _) = start_fake(1).await;
    let replicas = three(&redis, &fake_url, "budget", &["--no-community"]);
    let urls: Vec<String> = (0..600)
        .map(|i| {
            format!(
                "{}/api/kr/lol/league/v4/entries/by-puuid/{}",
                replicas[i % 3].url,
                puuid(&format!("K{i:04}"))
            )
        })
        .collect();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let urls = Arc::new(urls);
    let t0 = Instant::now();
    let workers = (0..30).map(|_| {
        let (next, urls) = (next.clone(), urls.clone());
        tokio::spawn(async move {
            let c = client();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(u) = urls.get(i) else { return };
                get_ok(&c, u).await;
            }
        })
    });
    for w in futures::future::join_all(workers).await {
        w.unwrap();
    }
    let times = fake.times("/kr/");
    eprintln!(
        "600 requests through 3 replicas in {:.1} s; Riot saw {}",
        t0.elapsed().as_secs_f64(),
        times.len()
    );
    assert_eq!(times.len(), 600, "each distinct request reached Riot once");
    assert_window(&times, SHORT);
    assert_window(&times, LONG);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_429_to_one_replica_pauses_that_method_on_every_replica() {
    if !redis_server_available() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().await;
    let _scratch = Scratch("429".into());
    let redis = RedisServer::start("429");
    let (fake_url, fake, _) = start_fake(1).await;
    // A queue wait shorter than any pause left: each request during it is answered at once.
    let replicas = three(
        &redis,
        &fake_url,
        "429",
        &["--no-community", "--queue-wait-ms", "400"],
    );
    let c = client();
    let path = |tag: &str| format!("/api/jp1/lol/league/v4/entries/by-puuid/{}", puuid(tag));
    let r = c
        .get(format!("{}{}", replicas[0].url, path("FIRST429")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let at = fake
        .answered_429
        .lock()
        .unwrap()
        .expect("the fake answered 429");
    // Every replica, asked for the same method during the pause, answers 429 without calling.
    let mut i = 0;
    while at.elapsed() < Duration::from_millis(2800) {
        let r = c
            .get(format!("{}{}", replicas[i % 3].url, path(&format!("P{i}"))))
            .send()
            .await
            .unwrap();
        let status = r.status();
        assert_eq!(
            status,
            429,
            "replica {} during the pause, {:?} after the 429: {}\n{}",
            i % 3,
            at.elapsed(),
            r.text().await.unwrap(),
            replicas[i % 3].log()
        );
        assert!(r.headers().contains_key("retry-after"));
        i += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // After it, the method is called again.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    get_ok(&c, &format!("{}{}", replicas[2].url, path("AFTER"))).await;
    let calls = fake.times("/jp1/");
    assert_eq!(calls.len(), 2, "the 429 and the call after the pause");
    assert!(
        calls[1] - at >= Duration::from_secs(3),
        "called again {:?} after Retry-After: 3",
        calls[1] - at
    );
    assert!(i >= 15, "asked during the pause {i} times");
}

// ---------- 3. coalescing across replicas ----------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_identical_requests_over_three_replicas_reach_riot_once() {
    if !redis_server_available() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().await;
    let _scratch = Scratch("coalesce".into());
    let redis = RedisServer::start("coalesce");
    let (fake_url, fake, _) = start_fake(1).await;
    let replicas = three(&redis, &fake_url, "coalesce", &["--no-community"]);
    let urls: Vec<String> = (0..50)
        .map(|i| {
            format!(
                "{}/api/euw1/lol/league/v4/entries/by-puuid/{}",
                replicas[i % 3].url,
                puuid("SLOW1")
            )
        })
        .collect();
    let c = client();
    let answers = futures::future::join_all(urls.iter().map(|u| {
        let c = c.clone();
        async move {
            let r = c.get(u).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    }))
    .await;
    for (s, body) in &answers {
        assert_eq!((*s, body.as_str()), (200, "[]"));
    }
    assert_eq!(
        fake.times("SLOW1").len(),
        1,
        "one upstream call for 50 requests"
    );
}

// ---------- 4. per-client fair shares across replicas ----------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_greedy_client_gets_one_share_however_many_replicas_it_spreads_over() {
    if !redis_server_available() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().await;
    let _scratch = Scratch("shares".into());
    let redis = RedisServer::start("shares");
    let (fake_url, fake, _) = start_fake(1).await;
    // 25 % of the key's `20:1,100:4` per client: 5 per second. The load balancer (loopback,
    // trusted) names the client in X-Forwarded-For.
    let replicas = three(
        &redis,
        &fake_url,
        "shares",
        &[
            "--no-community",
            "--client-share",
            "25",
            "--trusted-proxy",
            "127.0.0.1",
        ],
    );
    let c = client();
    let from = |client: &'static str, url: String| {
        let c = c.clone();
        async move {
            let r = c
                .get(url)
                .header("x-forwarded-for", client)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let path = |tag: String| format!("/api/kr/lol/league/v4/entries/by-puuid/{}", puuid(&tag));
    // Another client first teaches every replica the key's windows.
    for (i, r) in replicas.iter().enumerate() {
        let (s, body) = from(
            "198.51.100.7",
            format!("{}{}", r.url, path(format!("W{i}"))),
        )
        .await;
        assert_eq!(s, 200, "{body}");
        tokio::time::sleep(Duration::from_millis(1100)).await;
    }
    tokio::time::sleep(Duration::from_millis(2100)).await;
    // The greedy client: 15 distinct requests at once, 5 to each replica.
    let greedy = (0..15).map(|i| {
        from(
            "203.0.113.9",
            format!("{}{}", replicas[i % 3].url, path(format!("G{i:02}"))),
        )
    });
    let answers = futures::future::join_all(greedy).await;
    let ok = answers.iter().filter(|a| a.0 == 200).count();
    let over: Vec<&(u16, String)> = answers.iter().filter(|a| a.0 == 429).collect();
    assert_eq!(ok, 5, "one share of 5 per second in all: {answers:?}");
    assert_eq!(over.len(), 10, "{answers:?}");
    assert!(over.iter().all(|a| a.1.contains("share")), "{over:?}");
    assert_eq!(fake.times("/kr/").len(), 3 + 5);
}

// ---------- 2. the match log as a stream ----------

async fn model(c: &reqwest::Client, base: &str) -> Option<(u64, String)> {
    let r = c
        .get(format!("{base}/api/community/model"))
        .send()
        .await
        .ok()?;
    if r.status() != 200 {
        return None;
    }
    let pos = r.headers()["x-community-position"]
        .to_str()
        .ok()?
        .parse()
        .ok()?;
    Some((pos, r.text().await.ok()?))
}

/// Waits until every replica serves position `at`, and returns their snapshot bytes.
async fn snapshots_at(c: &reqwest::Client, replicas: &[&Replica], at: u64) -> Vec<String> {
    let t0 = Instant::now();
    loop {
        let mut out = Vec::new();
        let mut positions = Vec::new();
        for r in replicas {
            let m = model(c, &r.url).await;
            positions.push(m.as_ref().map(|m| m.0));
            if let Some((_, body)) = m.filter(|m| m.0 == at) {
                out.push(body);
            }
        }
        if out.len() == replicas.len() {
            return out;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(40),
            "replicas never all served position {at}: {positions:?}\n{}",
            replicas
                .iter()
                .map(|r| r.log())
                .collect::<Vec<_>>()
                .join("\n")
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls each match through two replicas at once, and a league lookup through the third.
async fn mixed_run(c: &reqwest::Client, replicas: &[&Replica], ids: &[String]) {
    let calls = ids.iter().enumerate().flat_map(|(i, id)| {
        let m = |r: &Replica| format!("{}/api/europe/lol/match/v5/matches/{id}", r.url);
        [
            m(replicas[i % replicas.len()]),
            m(replicas[(i + 1) % replicas.len()]),
            format!(
                "{}/api/euw1/lol/league/v4/entries/by-puuid/{}",
                replicas[(i + 2) % replicas.len()].url,
                puuid(&format!("M{i}"))
            ),
        ]
    });
    let calls: Vec<String> = calls.collect();
    futures::future::join_all(calls.iter().map(|u| get_ok(c, u))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replicas_serve_byte_identical_snapshots_even_after_a_kill_9() {
    if !redis_server_available() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().await;
    let _scratch = Scratch("converge".into());
    let redis = RedisServer::start("converge");
    let (fake_url, _fake, ids) = start_fake(60).await;
    let mut replicas = three(&redis, &fake_url, "converge", &[]);
    let c = client();
    mixed_run(&c, &replicas.iter().collect::<Vec<_>>(), &ids[..30]).await;
    let snaps = snapshots_at(&c, &replicas.iter().collect::<Vec<_>>(), 30).await;
    assert_eq!(snaps[0], snaps[1]);
    assert_eq!(snaps[0], snaps[2]);
    // Each match once in the stream, in the order the positions say.
    let len = redis_cmd(&redis.url(), &["XLEN", &format!("{PREFIX}log:live:stream")]).unwrap();
    assert_eq!(len, redis::Value::Int(30));

    // kill -9 one replica; the others go on; it comes back and catches up.
    let _ = replicas[2].child.kill();
    let _ = replicas[2].child.wait();
    let alive: Vec<&Replica> = replicas[..2].iter().collect();
    mixed_run(&c, &alive, &ids[30..50]).await;
    replicas[2].kill_9_and_restart();
    mixed_run(&c, &replicas.iter().collect::<Vec<_>>(), &ids[50..]).await;
    let snaps = snapshots_at(&c, &replicas.iter().collect::<Vec<_>>(), 60).await;
    assert_eq!(snaps[0], snaps[1]);
    assert_eq!(
        snaps[0], snaps[2],
        "the restarted replica caught up to the same bytes"
    );
    assert!(
        replicas[2].log().contains("Redis stream"),
        "{}",
        replicas[2].log()
    );
}

// ---------- 5. Redis down, and back ----------

async fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let t0 = Instant::now();
    while !ok() {
        assert!(t0.elapsed() < Duration::from_secs(40), "never: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replicas_keep_serving_while_redis_is_down_and_flush_the_log_when_it_returns() {
    if !redis_server_available() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().await;
    let _scratch = Scratch("down".into());
    let mut redis = RedisServer::start("down");
    let (fake_url, fake, ids) = start_fake(8).await;
    let mut replicas = three(&redis, &fake_url, "down", &[]);
    let c = client();
    mixed_run(&c, &replicas.iter().collect::<Vec<_>>(), &ids[..4]).await;
    let cached = format!(
        "{}/api/euw1/lol/league/v4/entries/by-puuid/{}",
        replicas[0].url,
        puuid("CACHED")
    );
    get_ok(&c, &cached).await;
    snapshots_at(&c, &replicas.iter().collect::<Vec<_>>(), 4).await;

    redis.stop();
    // A cached answer, a new lookup and a finished match: all served without Redis.
    let t0 = Instant::now();
    assert_eq!(get_ok(&c, &cached).await, "[]");
    assert_eq!(fake.times("CACHED").len(), 1, "served from the local cache");
    get_ok(
        &c,
        &format!(
            "{}/api/euw1/lol/league/v4/entries/by-puuid/{}",
            replicas[1].url,
            puuid("DOWN1")
        ),
    )
    .await;
    for (i, id) in ids[4..6].iter().enumerate() {
        get_ok(
            &c,
            &format!("{}/api/europe/lol/match/v5/matches/{id}", replicas[i].url),
        )
        .await;
    }
    // A replica (re)started while Redis is down starts alone and serves.
    replicas[2].kill_9_and_restart();
    get_ok(
        &c,
        &format!(
            "{}/api/euw1/lol/league/v4/entries/by-puuid/{}",
            replicas[2].url,
            puuid("DOWN2")
        ),
    )
    .await;
    eprintln!(
        "5 requests and a replica start while Redis was down took {:.2} s",
        t0.elapsed().as_secs_f64()
    );
    wait_for("a replica logs that Redis is down", || {
        replicas.iter().all(|r| r.log().contains("is DOWN"))
    })
    .await;

    redis.restart();
    let stream = format!("{PREFIX}log:live:stream");
    wait_for("the buffered matches reach the stream", || {
        redis_cmd(&redis.url(), &["XLEN", &stream]).ok() == Some(redis::Value::Int(6))
    })
    .await;
    wait_for("the replicas log that Redis is back", || {
        replicas.iter().all(|r| r.log().contains("is back"))
    })
    .await;
    // Shared again, without restarting any replica: all learn the rest in the same order.
    mixed_run(&c, &replicas.iter().collect::<Vec<_>>(), &ids[6..]).await;
    let snaps = snapshots_at(&c, &replicas.iter().collect::<Vec<_>>(), 8).await;
    assert_eq!(snaps[0], snaps[1]);
    assert_eq!(snaps[0], snaps[2]);
}

// ---------- 6. the key namespace ----------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_request_makes_a_replica_write_outside_its_prefix() {
    if !redis_server_available() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().await;
    let _scratch = Scratch("namespace".into());
    let redis = RedisServer::start("namespace");
    redis_cmd(&redis.url(), &["SET", "outside", "untouched"]).unwrap();
    let (fake_url, _fake, ids) = start_fake(2).await;
    let replicas = three(&redis, &fake_url, "namespace", &["--client-share", "50"]);
    let c = client();
    // Crafted parameters: key separators, glob and Lua-pattern characters, a CRLF, an
    // absolute-looking name, and paths the proxy must refuse.
    let crafted = [
        "/api/americas/riot/account/v1/accounts/by-riot-id/outside/x",
        "/api/americas/riot/account/v1/accounts/by-riot-id/%2A%3A%7B%7D/..%2F",
        "/api/americas/riot/account/v1/accounts/by-riot-id/a%0D%0ASET%20x/EUW",
        "/api/americas/riot/account/v1/accounts/by-riot-id/%25s%5B%5D/%24",
        "/api/europe/lol/match/v5/matches/..%2F..%2Foutside",
        "/api/rivulet:/lol/league/v4/entries/by-puuid/x",
        "/api/community/positions?ids=outside",
    ];
    for (i, p) in crafted.iter().enumerate() {
        let r = c
            .get(format!("{}{p}", replicas[i % 3].url))
            .send()
            .await
            .unwrap();
        assert!(r.status().as_u16() < 500, "{p}: {}", r.status());
    }
    for (i, id) in ids.iter().enumerate() {
        get_ok(
            &c,
            &format!(
                "{}/api/europe/lol/match/v5/matches/{id}",
                replicas[i % 3].url
            ),
        )
        .await;
    }
    snapshots_at(&c, &replicas.iter().collect::<Vec<_>>(), 2).await;
    let keys = all_keys(&redis.url());
    let outside: Vec<&String> = keys
        .iter()
        .filter(|k| k.as_str() != "outside" && !k.starts_with(PREFIX))
        .collect();
    assert!(outside.is_empty(), "keys outside {PREFIX}: {outside:?}");
    for kind in ["rl:", "cache:", "share:", "log:live:"] {
        assert!(
            keys.iter()
                .any(|k| k.starts_with(&format!("{PREFIX}{kind}"))),
            "no {kind} key in {keys:?}"
        );
    }
    assert_eq!(
        redis_cmd(&redis.url(), &["GET", "outside"]).unwrap(),
        redis::Value::BulkString(b"untouched".to_vec())
    );
}

// ---------- Redis losing its last writes (a crash inside the AOF everysec window) ----------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn replicas_that_learned_a_record_redis_lost_relearn_the_stream() {
    if !redis_server_available() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().await;
    let _scratch = Scratch("lost".into());
    let redis = RedisServer::start("lost");
    let (fake_url, _fake, ids) = start_fake(5).await;
    let replicas = three(&redis, &fake_url, "lost", &[]);
    let all: Vec<&Replica> = replicas.iter().collect();
    let c = client();
    mixed_run(&c, &all, &ids[..4]).await;
    let before = snapshots_at(&c, &all, 4).await;
    // Redis comes back without its last append, as after a crash within the AOF fsync window:
    // the stream entry, its dedupe entry, the position counter and any snapshot after it.
    let url = redis.url();
    let mut conn = redis::Client::open(url.as_str())
        .unwrap()
        .get_connection()
        .unwrap();
    let stream = format!("{PREFIX}log:live:stream");
    let last: redis::streams::StreamRangeReply = redis::cmd("XREVRANGE")
        .arg(&stream)
        .arg("+")
        .arg("-")
        .arg("COUNT")
        .arg(1)
        .query(&mut conn)
        .unwrap();
    let entry = &last.ids[0];
    assert_eq!(entry.id, "4-0");
    let lost: String = entry.get("id").unwrap();
    let _: () = redis::pipe()
        .cmd("XDEL")
        .arg(&stream)
        .arg("4-0")
        .ignore()
        .cmd("XSETID")
        .arg(&stream)
        .arg("3-0")
        .ignore()
        .cmd("HDEL")
        .arg(format!("{PREFIX}log:live:ids"))
        .arg(&lost)
        .ignore()
        .cmd("SET")
        .arg(format!("{PREFIX}log:live:seq"))
        .arg(3)
        .ignore()
        .cmd("DEL")
        .arg(format!("{PREFIX}log:live:snapshot"))
        .ignore()
        .query(&mut conn)
        .unwrap();
    // Another match takes position 4.
    mixed_run(&c, &all, &ids[4..5]).await;
    let fresh_dir = tmp("lost-fresh");
    let fresh = Replica::spawn(replica_args(
        &redis,
        &fake_url,
        &fresh_dir,
        &["--client-share", "100"],
    ));
    // Every replica relearns what a fresh one learns (each notices within its next poll).
    let t0 = Instant::now();
    loop {
        let after = snapshots_at(&c, &[&fresh, &replicas[0], &replicas[1], &replicas[2]], 4).await;
        assert!(after[0] != before[0], "position 4 now holds another match");
        if after.iter().all(|s| s == &after[0]) {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the replicas kept the lost record: {:?}",
            after.iter().map(|s| s == &after[0]).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for r in &replicas {
        assert!(r.log().contains("lost records"), "{}", r.log());
    }
}
