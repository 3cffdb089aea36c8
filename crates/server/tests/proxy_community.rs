//! Community learning over the real proxy: the match log (SQLite file in a temp data folder),
//! logging exactly once under concurrent polls (simulated league and live mode against a fake
//! Riot on loopback), `kill -9` of the real `rivulet serve` during ingestion, a corrupt
//! database, and the community model served after a restart bit-identical to one learned from
//! scratch.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::Path as UrlPath;
use axum::routing::get;
use axum::Router;
use rivulet_lol::riot::Match;
use rivulet_lol::sim::{League, FIRST_GAME_ID};
use rivulet_server::community::log::{MatchLog, SqliteLog};
use rivulet_server::community::model::CommunityLearner;
use rivulet_server::community::{CommunityConfig, Durability};
use rivulet_server::live::LiveConfig;
use rivulet_server::{serve, Config, Mode};

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rivulet-community-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .gzip(false)
        .pool_max_idle_per_host(32)
        .build()
        .unwrap()
}

fn match_id(n: i64) -> String {
    format!("EUW1_{}", FIRST_GAME_ID + n)
}

/// Rows per match id in the log file (opened beside whatever proxy has it open: WAL readers).
fn rows(db: &Path) -> Vec<(i64, String)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut s = c
        .prepare("SELECT position, match_id FROM matches ORDER BY position")
        .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

async fn start_sim(data: &Path, time_scale: f64) -> (String, PathBuf) {
    let community = CommunityConfig {
        data_dir: data.to_path_buf(),
        key: "sim-test".into(),
        durability: Durability::Full,
        snapshot_every: 1000,
        backfill: 0,
        backfill_spacing: std::time::Duration::ZERO,
    };
    let db = community.db_path();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www: concat!(env!("CARGO_MANIFEST_DIR"), "/../../www").into(),
        pkg: concat!(env!("CARGO_MANIFEST_DIR"), "/../../pkg").into(),
        mode: Mode::Simulated {
            seed: 9,
            time_scale,
            live_games: 30,
            start_ms: None,
        },
        rate_limit: None,
        http: Default::default(),
        community: Some(community),
        featured: false,
    };
    let (addr, _) = serve(config).await.unwrap();
    (format!("http://{addr}"), db)
}

/// Polls a match until it is finished (200); its body.
async fn finished(base: &str, id: &str) -> String {
    let url = format!("{base}/api/europe/lol/match/v5/matches/{id}");
    let t0 = Instant::now();
    loop {
        let r = client().get(&url).send().await.unwrap();
        if r.status() == 200 {
            return r.text().await.unwrap();
        }
        assert_eq!(r.status(), 404, "{id}");
        assert!(t0.elapsed() < Duration::from_secs(30), "{id} never ended");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn wait_learned(base: &str, at_least: u64) -> serde_json::Value {
    let t0 = Instant::now();
    loop {
        let r = client()
            .get(format!("{base}/api/community/stats"))
            .send()
            .await
            .unwrap();
        if r.status() == 200 {
            let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
            if v["learned"].as_u64().unwrap() >= at_least {
                return v;
            }
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "community model never learned {at_least}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_finished_match_is_logged_once_when_ten_pages_poll_it_and_the_model_is_served() {
    let data = tmp("once");
    let (base, db) = start_sim(&data, 2000.0).await;
    // Before anything is learned there is no community model to load.
    let r = client()
        .get(format!("{base}/api/community/model"))
        .send()
        .await
        .unwrap();
    assert!(r.status() == 404 || r.status() == 503, "{}", r.status());
    let mut logged = Vec::new();
    for n in 0..3 {
        let id = match_id(n);
        finished(&base, &id).await;
        // Ten pages at once, twice over.
        for _ in 0..2 {
            let polls = (0..10).map(|_| {
                let url = format!("{base}/api/europe/lol/match/v5/matches/{id}");
                tokio::spawn(async move { client().get(url).send().await.unwrap().status() })
            });
            for s in futures::future::join_all(polls).await {
                assert_eq!(s.unwrap(), 200);
            }
        }
        logged.push(id);
    }
    let r = rows(&db);
    let ids: Vec<&str> = r.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(ids, logged.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.iter().map(|(p, _)| *p).collect::<Vec<_>>(), vec![1, 2, 3]);

    let stats = wait_learned(&base, 3).await;
    assert_eq!(stats["position"], 3);
    assert!(stats["mae"].as_f64().unwrap() > 0.0, "{stats}");
    assert!(stats["coverage80"].as_f64().is_some());

    // The snapshot: gzip once, ETag/304, the page's saved-model format inside.
    let r = client()
        .get(format!("{base}/api/community/model"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert_eq!(r.headers()["x-community-learned"], "3");
    let etag = r.headers()["etag"].clone();
    let gz = r.bytes().await.unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format"], "rivulet.CommunitySnapshot");
    assert_eq!(doc["learned"], 3);
    assert_eq!(doc["model"]["format"], "rivulet.DurationPredictor");
    let model =
        rivulet_lol::predictor::DurationPredictor::from_json(&doc["model"].to_string()).unwrap();
    assert_eq!(model.n_learned(), 3);
    let plain = client()
        .get(format!("{base}/api/community/model"))
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), text);
    let r = client()
        .get(format!("{base}/api/community/model"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);

    // Positions: which matches a snapshot holds; bad input is 400.
    let r = client()
        .get(format!(
            "{base}/api/community/positions?ids={},EUW1_1",
            logged[1]
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r: serde_json::Value = serde_json::from_str(&r).unwrap();
    assert_eq!(r["positions"][&logged[1]], 2);
    assert!(r["positions"]["EUW1_1"].is_null());
    for q in ["", "?ids=", "?ids=x'--", "?ids=EUW1_1,euw1_2"] {
        let r = client()
            .get(format!("{base}/api/community/positions{q}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{q}");
    }
    let many = (0..101).map(|i| format!("EUW1_{i}")).collect::<Vec<_>>();
    let r = client()
        .get(format!(
            "{base}/api/community/positions?ids={}",
            many.join(",")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Clients cannot write: only GET, and no path takes a match.
    let r = client()
        .post(format!("{base}/api/community/model"))
        .body(text)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    std::fs::remove_dir_all(&data).ok();
}

/// A finished match from a fake Riot: logged once with the ranks the proxy saw for its players.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn live_mode_logs_riots_answer_once_with_the_ranks_it_saw() {
    let t0 = 1_700_000_000_000;
    let mut league = League::new(4, t0);
    let g = league.live_games().next().unwrap().clone();
    league.advance_to(g.end_ms());
    let m: Match = league.match_by_id(&g.match_id()).unwrap();
    let id = m.metadata.match_id.clone();
    let ranked = m.info.participants[0].puuid.clone();
    let body = serde_json::to_string(&m).unwrap();
    let hits = Arc::new(AtomicU64::new(0));
    let h = hits.clone();
    let fake = Router::new()
        .route(
            "/europe/lol/match/v5/matches/{id}",
            get(move |UrlPath(_id): UrlPath<String>| {
                let body = body.clone();
                let h = h.clone();
                async move {
                    h.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    ([("content-type", "application/json")], body)
                }
            }),
        )
        .route(
            "/euw1/lol/league/v4/entries/by-puuid/{p}",
            get(|| async {
                (
                    [("content-type", "application/json")],
                    r#"[{"queueType":"RANKED_SOLO_5x5","tier":"GOLD","rank":"II"}]"#,
                )
            }),
        );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, fake).await });
    let data = tmp("live");
    let community = CommunityConfig {
        data_dir: data.clone(),
        key: "live".into(),
        durability: Durability::Full,
        snapshot_every: 1000,
        backfill: 0,
        backfill_spacing: std::time::Duration::ZERO,
    };
    let db = community.db_path();
    let (addr, _) = serve(Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www: concat!(env!("CARGO_MANIFEST_DIR"), "/../../www").into(),
        pkg: concat!(env!("CARGO_MANIFEST_DIR"), "/../../pkg").into(),
        mode: Mode::Live(LiveConfig {
            key: "RGAPI-test".into(),
            base_url: format!("http://{up}/{{}}"),
            queue_wait: Duration::from_secs(2),
            upstream_timeout: Duration::from_secs(5),
            cache_bytes: 1 << 20,
            client_share: 1.0,
            bulk_reserve: 0.5,
        }),
        rate_limit: None,
        http: Default::default(),
        community: Some(community),
        featured: false,
    })
    .await
    .unwrap();
    let base = format!("http://{addr}");
    let r = client()
        .get(format!(
            "{base}/api/euw1/lol/league/v4/entries/by-puuid/{ranked}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let polls = (0..10).map(|_| {
        let url = format!("{base}/api/europe/lol/match/v5/matches/{id}");
        tokio::spawn(async move { client().get(url).send().await.unwrap().status() })
    });
    for s in futures::future::join_all(polls).await {
        assert_eq!(s.unwrap(), 200);
    }
    assert_eq!(hits.load(Ordering::SeqCst), 1, "coalesced upstream");
    assert_eq!(rows(&db), vec![(1, id.clone())]);
    let log = SqliteLog::open(&db, Durability::Normal).unwrap();
    let rec = &log.read_after(0, 10).unwrap()[0].1;
    assert_eq!(rec.duration, g.duration_s as f64);
    let ranks = rec.players[0]
        .ranks
        .as_ref()
        .expect("the ranks the proxy saw");
    assert_eq!(ranks[0].tier, "GOLD");
    assert!(rec.players[1..].iter().all(|p| p.ranks.is_none()));
    std::fs::remove_dir_all(&data).ok();
}

// ---------- the real binary ----------

/// One `rivulet serve` test at a time: each drives its proxy hard, and the simulated league
/// keeps only its last 5,000 matches.
static BINARY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

struct Proc {
    child: Child,
    url: String,
    out: Arc<Mutex<String>>,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn www() -> (PathBuf, PathBuf) {
    let d = tmp("www");
    (d.clone(), d)
}

/// `rivulet serve` on port 0 with `args`; resolves once it prints its URL.
fn spawn_proxy(args: &[&str]) -> Proc {
    let (www, pkg) = www();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rivulet"))
        .args(["serve", "--port", "0", "--www"])
        .arg(&www)
        .arg("--pkg")
        .arg(&pkg)
        .args(args)
        .env("RIOT_API_KEY", "")
        .env("RUST_LOG", "info")
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
                if let Some(u) = line.split("serving ").nth(1) {
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
        .unwrap_or_else(|_| panic!("proxy did not start: {}", out.lock().unwrap()));
    Proc { child, url, out }
}

/// Every learned-from-scratch model over the log file equals what the proxy serves.
fn scratch_snapshot(db: &Path, key: &str) -> String {
    let log = SqliteLog::open(db, Durability::Normal).unwrap();
    let mut l = CommunityLearner::new();
    l.catch_up(&log, 1000).unwrap();
    l.snapshot_json(key)
}

async fn served_snapshot(base: &str, position: u64) -> String {
    let t0 = Instant::now();
    loop {
        let r = client()
            .get(format!("{base}/api/community/model"))
            .send()
            .await
            .unwrap();
        if r.status() == 200 && r.headers()["x-community-position"] == position.to_string() {
            return r.text().await.unwrap();
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "snapshot {position} never served"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls match ids from `next` on with `workers` clients until `stop`; the ids answered 200.
async fn ingest(
    base: String,
    next: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    workers: usize,
) -> Vec<String> {
    let acked = Arc::new(Mutex::new(Vec::new()));
    let tasks = (0..workers).map(|_| {
        let (base, next, stop, acked) = (base.clone(), next.clone(), stop.clone(), acked.clone());
        tokio::spawn(async move {
            let c = client();
            while !stop.load(Ordering::SeqCst) {
                let id = match_id(next.fetch_add(1, Ordering::SeqCst) as i64);
                let url = format!("{base}/api/europe/lol/match/v5/matches/{id}");
                let since = Instant::now();
                // A match the league no longer keeps (it keeps the last 5,000) is skipped.
                while !stop.load(Ordering::SeqCst) && since.elapsed() < Duration::from_secs(10) {
                    match c.get(&url).send().await {
                        Ok(r) if r.status() == 200 => {
                            acked.lock().unwrap().push(id.clone());
                            break;
                        }
                        Ok(_) => tokio::time::sleep(Duration::from_millis(20)).await,
                        // The proxy was killed under us.
                        Err(_) => return,
                    }
                }
            }
        })
    });
    futures::future::join_all(tasks).await;
    let v = acked.lock().unwrap().clone();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_ingestion_loses_nothing_acknowledged_and_the_restarted_model_is_bit_identical(
) {
    let _one = BINARY.lock().await;
    let data = tmp("kill");
    let dir = data.to_str().unwrap();
    let args = [
        "--seed",
        "3",
        "--time-scale",
        "1000",
        "--live-games",
        "100",
        "--data-dir",
        dir,
        "--snapshot-every",
        "40",
    ];
    let key = "sim-seed3-live100";
    let db = data.join(format!("community-{key}.sqlite3"));
    let mut p = spawn_proxy(&args);
    let next = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let ingestion = tokio::spawn(ingest(p.url.clone(), next.clone(), stop.clone(), 8));
    // Kill -9 in the middle of ingestion, once 200 matches are logged.
    let t0 = Instant::now();
    while rows(&db).len() < 200 {
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "ingestion too slow"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    p.child.kill().unwrap(); // SIGKILL
    p.child.wait().unwrap();
    stop.store(true, Ordering::SeqCst);
    let acked = ingestion.await.unwrap();
    // Answers lag the log (up to one per in-flight request, more under load), so the bound is
    // loose: what matters is that every acknowledged match is in the log, below.
    assert!(acked.len() >= 100, "{} acknowledged", acked.len());

    let logged = rows(&db);
    let positions: Vec<i64> = logged.iter().map(|r| r.0).collect();
    assert_eq!(positions, (1..=logged.len() as i64).collect::<Vec<_>>());
    let ids: std::collections::HashSet<&str> = logged.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(ids.len(), logged.len(), "nothing duplicated");
    for id in &acked {
        assert!(ids.contains(id.as_str()), "acknowledged {id} lost");
    }
    let log = SqliteLog::open(&db, Durability::Normal).unwrap();
    let stored = log.load_snapshot().unwrap().map_or(0, |s| s.position);
    drop(log);

    // Restart on the same folder: it resumes from the stored snapshot, learns the tail and
    // keeps logging new matches.
    let p = spawn_proxy(&args);
    let before = logged.len() as u64;
    let resumed = Arc::new(AtomicU64::new(next.load(Ordering::SeqCst) + 1));
    let stop = Arc::new(AtomicBool::new(false));
    let more = tokio::spawn(ingest(p.url.clone(), resumed, stop.clone(), 4));
    let t0 = Instant::now();
    while (rows(&db).len() as u64) < before + 60 {
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "no ingestion after restart"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.store(true, Ordering::SeqCst);
    let acked2 = more.await.unwrap();
    let logged = rows(&db);
    let ids: std::collections::HashSet<&str> = logged.iter().map(|r| r.1.as_str()).collect();
    assert_eq!(
        ids.len(),
        logged.len(),
        "nothing duplicated after the restart"
    );
    assert!(acked
        .iter()
        .chain(&acked2)
        .all(|id| ids.contains(id.as_str())));
    let n = logged.len() as u64;
    let served = served_snapshot(&p.url, n).await;
    assert_eq!(
        served,
        scratch_snapshot(&db, key),
        "restarted model == from scratch"
    );
    eprintln!(
        "acknowledged {} before kill -9, stored snapshot at {stored} of {before}, {n} after restart",
        acked.len()
    );
    assert!(
        stored > 0 && stored < n,
        "the restart resumed from a stored state and relearned a tail after it"
    );
    drop(p);
    std::fs::remove_dir_all(&data).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_corrupt_database_is_reported_moved_aside_and_rebuilt() {
    let _one = BINARY.lock().await;
    let data = tmp("corrupt");
    let dir = data.to_str().unwrap();
    let args = ["--seed", "5", "--time-scale", "2000", "--data-dir", dir];
    let db = data.join("community-sim-seed5-live30.sqlite3");
    {
        let p = spawn_proxy(&args);
        for n in 0..40 {
            finished(&p.url, &match_id(n)).await;
        }
        wait_learned(&p.url, 40).await;
    }
    // Everything into the main file, so that damaging it damages records.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    // Damage the first page of the match table: it becomes garbage.
    let (root, page_size): (i64, i64) = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let root = c
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'matches'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (
            root,
            c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap(),
        )
    };
    {
        let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        f.seek(SeekFrom::Start(((root - 1) * page_size) as u64))
            .unwrap();
        f.write_all(&vec![0xA5; page_size as usize]).unwrap();
        f.sync_all().unwrap();
    }
    let p = spawn_proxy(&args);
    // It serves (the proxy does not crash), says what happened and where the old file is.
    let r = client()
        .get(format!("{}/api/meta", p.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t0 = Instant::now();
    while !p.out.lock().unwrap().contains("community log rebuilt") {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "no report: {}",
            p.out.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let out = p.out.lock().unwrap().clone();
    assert!(out.contains("is damaged"), "{out}");
    let aside: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    assert!(!aside.is_empty(), "the damaged file is kept");
    // What was readable is back in the new log, which keeps working.
    let kept = rows(&db).len();
    finished(&p.url, &match_id(45)).await;
    assert_eq!(rows(&db).len(), kept + 1);
    wait_learned(&p.url, kept as u64 + 1).await;
    drop(p);

    // Not a database at all: the same path.
    std::fs::write(&db, b"this is not a database, it is a note".repeat(200)).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let p = spawn_proxy(&args);
    finished(&p.url, &match_id(1)).await;
    wait_learned(&p.url, 1).await;
    assert!(p.out.lock().unwrap().contains("is damaged"));
    drop(p);
    std::fs::remove_dir_all(&data).ok();
}
