//! Backfill from match history (issue 16 part 3) and the priority of pages' interactive
//! requests over bulk work (issue 15 part 5), over the real proxy on loopback with a real SQLite
//! log in a temp folder: the simulated league (its deterministic match history at Riot's paths),
//! and live mode against a fake Riot that counts every request and announces a small limit.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::Router;
use rivulet_lol::sim::{League, SimConfig};
use rivulet_server::community::{CommunityConfig, Durability};
use rivulet_server::live::LiveConfig;
use rivulet_server::{serve, Config, Mode, SIM_IDLE_PLAYERS};

const T0: i64 = 1_700_000_000_000;

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rivulet-backfill-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(32)
        .build()
        .unwrap()
}

fn logged_ids(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut s = c
        .prepare("SELECT match_id FROM matches ORDER BY position")
        .unwrap();
    s.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn community(data: &Path, backfill: usize, spacing_ms: u64) -> CommunityConfig {
    CommunityConfig {
        data_dir: data.to_path_buf(),
        key: "test".into(),
        durability: Durability::Normal,
        snapshot_every: 1000,
        backfill,
        backfill_spacing: Duration::from_millis(spacing_ms),
    }
}

async fn get_json(url: &str) -> (u16, serde_json::Value) {
    let r = client().get(url).send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_default())
}

/// Polls the backfill of `puuid` until it is done; every status seen on the way.
async fn backfill_done(base: &str, puuid: &str, within: Duration) -> Vec<serde_json::Value> {
    let t0 = Instant::now();
    let mut seen = Vec::new();
    loop {
        let (s, v) = get_json(&format!("{base}/api/community/backfill?puuid={puuid}")).await;
        assert_eq!(s, 200, "{v}");
        let state = v["state"].as_str().unwrap().to_string();
        seen.push(v);
        match state.as_str() {
            "done" => return seen,
            "failed" => panic!("backfill failed: {:?}", seen.last()),
            _ => {}
        }
        assert!(
            t0.elapsed() < within,
            "backfill not done: {:?}",
            seen.last()
        );
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_looked_up_players_history_is_backfilled_once_into_the_log() {
    let data = tmp("sim");
    let cfg = community(&data, 20, 30);
    let db = cfg.db_path();
    let (addr, _) = serve(Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www: concat!(env!("CARGO_MANIFEST_DIR"), "/../../www").into(),
        pkg: concat!(env!("CARGO_MANIFEST_DIR"), "/../../pkg").into(),
        mode: Mode::Simulated {
            seed: 5,
            time_scale: 1.0,
            live_games: 30,
            start_ms: Some(T0),
        },
        rate_limit: None,
        http: Default::default(),
        community: Some(cfg),
        featured: false,
    })
    .await
    .unwrap();
    let base = format!("http://{addr}");
    // The same league, rebuilt as the proxy builds it: its truth for the player looked up.
    let league = League::simulated(
        SimConfig {
            seed: 5,
            idle_players: SIM_IDLE_PLAYERS,
            ..SimConfig::default()
        },
        T0,
    );
    let who = league.source().accounts().nth(3).unwrap();
    let history = league
        .match_ids("euw1", &who.puuid, &Default::default())
        .unwrap();
    assert_eq!(history.len(), 20);

    // Nothing to show before the player is looked up; bad input is 400.
    let status = format!("{base}/api/community/backfill?puuid={}", who.puuid);
    assert_eq!(get_json(&status).await.0, 404);
    assert_eq!(
        get_json(&format!("{base}/api/community/backfill?puuid=x"))
            .await
            .0,
        400
    );
    assert_eq!(
        get_json(&format!("{base}/api/community/backfill")).await.0,
        400
    );

    // A page polls one of those matches first: it is logged once, whoever asks.
    let first = &history[4];
    let (s, _) = get_json(&format!("{base}/api/europe/lol/match/v5/matches/{first}")).await;
    assert_eq!(s, 200);
    // The history at Riot's path is the league's.
    let (s, ids) = get_json(&format!(
        "{base}/api/europe/lol/match/v5/matches/by-puuid/{}/ids",
        who.puuid
    ))
    .await;
    assert_eq!(s, 200);
    assert_eq!(ids, serde_json::json!(history));

    let (s, _) = get_json(&format!(
        "{base}/api/europe/riot/account/v1/accounts/by-riot-id/{}/{}",
        urlencoding(&who.game_name),
        who.tag_line
    ))
    .await;
    assert_eq!(s, 200);
    let seen = backfill_done(&base, &who.puuid, Duration::from_secs(30)).await;
    let last = seen.last().unwrap();
    assert_eq!(last["total"], 20);
    assert_eq!(last["done"], 20);
    assert_eq!(
        last["logged"], 19,
        "the match the page polled was in the log already"
    );
    assert_eq!(last["matches"], 20);
    // Progress was visible on the way (30 ms between requests: about 0.6 s in all).
    assert!(
        seen.iter()
            .any(|v| v["state"] == "running" && v["done"].as_u64().unwrap() < 20),
        "{seen:?}"
    );
    let mut logged = logged_ids(&db);
    assert_eq!(logged.len(), 20);
    assert_eq!(logged[0], *first);
    logged.sort();
    let mut want = history.clone();
    want.sort();
    assert_eq!(
        logged, want,
        "exactly the player's 20 newest matches, once each"
    );

    // Looked up again: not backfilled again within the hour.
    get_json(&format!(
        "{base}/api/europe/riot/account/v1/accounts/by-riot-id/{}/{}",
        urlencoding(&who.game_name),
        who.tag_line
    ))
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(get_json(&status).await.1["state"], "done");
    assert_eq!(logged_ids(&db).len(), 20);
    // The community model learned them.
    let t0 = Instant::now();
    loop {
        let (s, v) = get_json(&format!("{base}/api/community/stats")).await;
        if s == 200 && v["learned"] == 20 {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(20), "{v}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    std::fs::remove_dir_all(&data).ok();
}

fn urlencoding(s: &str) -> String {
    s.replace(' ', "%20")
}

// ---------- live mode: priority under a saturated budget ----------

const KEY: &str = "RGAPI-backfill-test";
/// The fake's application limit: 10 requests per second.
const LIMIT: usize = 10;

#[derive(Default)]
struct Fake {
    /// (path, time) of every request.
    seen: Mutex<Vec<(String, Instant)>>,
    recent: Mutex<VecDeque<Instant>>,
    over_limit: Mutex<usize>,
    puuid: String,
    ids: Vec<String>,
    matches: Vec<(String, String)>,
}

async fn fake_riot(State(fake): State<Arc<Fake>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let now = Instant::now();
    fake.seen.lock().unwrap().push((req.uri().to_string(), now));
    let count = {
        let mut r = fake.recent.lock().unwrap();
        while r
            .front()
            .is_some_and(|&t| now - t >= Duration::from_secs(1))
        {
            r.pop_front();
        }
        r.push_back(now);
        r.len()
    };
    let headers = [
        ("content-type", "application/json".to_string()),
        ("x-app-rate-limit", format!("{LIMIT}:1")),
        ("x-app-rate-limit-count", format!("{count}:1")),
        ("x-method-rate-limit", "1000:10".to_string()),
        ("x-method-rate-limit-count", "1:10".to_string()),
    ];
    if count > LIMIT {
        *fake.over_limit.lock().unwrap() += 1;
        let mut r = (
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            headers.clone(),
            r#"{"status":{"status_code":429,"message":"Rate limit exceeded"}}"#,
        )
            .into_response();
        r.headers_mut().insert("retry-after", "1".parse().unwrap());
        r.headers_mut()
            .insert("x-rate-limit-type", "application".parse().unwrap());
        return r;
    }
    let body = if path.contains("/by-riot-id/") {
        format!(
            r#"{{"puuid":"{}","gameName":"Busy","tagLine":"EUW"}}"#,
            fake.puuid
        )
    } else if path.ends_with("/ids") {
        serde_json::to_string(&fake.ids).unwrap()
    } else if let Some((_, m)) = fake
        .matches
        .iter()
        .find(|(id, _)| path.ends_with(&format!("/matches/{id}")))
    {
        m.clone()
    } else {
        return (
            axum::http::StatusCode::NOT_FOUND,
            headers,
            r#"{"status":{"status_code":404,"message":"Data not found"}}"#.to_string(),
        )
            .into_response();
    };
    (headers, body).into_response()
}

/// Live mode, the fake's budget saturated by a page polling matches while a backfill runs: every
/// interactive request is answered (none waits past the short queue wait), the backfill keeps to
/// its half of each window and waits, the limit is never exceeded, and the backfill finishes.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn interactive_requests_are_answered_while_bulk_work_waits() {
    let league = League::new(6, T0);
    let who = league.source().accounts().next().unwrap();
    let ids = league
        .match_ids("euw1", &who.puuid, &Default::default())
        .unwrap();
    let matches = ids
        .iter()
        .map(|id| {
            let m = league.match_by_id(id).unwrap();
            (id.clone(), serde_json::to_string(&m).unwrap())
        })
        .collect();
    let fake = Arc::new(Fake {
        puuid: who.puuid.clone(),
        ids: ids.clone(),
        matches,
        ..Default::default()
    });
    let app = Router::new().fallback(fake_riot).with_state(fake.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await });
    let data = tmp("live");
    let cfg = community(&data, 20, 0);
    let db = cfg.db_path();
    let (addr, _) = serve(Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www: concat!(env!("CARGO_MANIFEST_DIR"), "/../../www").into(),
        pkg: concat!(env!("CARGO_MANIFEST_DIR"), "/../../pkg").into(),
        mode: Mode::Live(LiveConfig {
            key: KEY.into(),
            base_url: format!("http://{up}/{{}}"),
            // Short: a page's request that finds the window full is answered 503 quickly.
            queue_wait: Duration::from_millis(300),
            upstream_timeout: Duration::from_secs(5),
            cache_bytes: 1 << 20,
            client_share: 1.0,
            bulk_reserve: 0.5,
        }),
        rate_limit: None,
        http: Default::default(),
        community: Some(cfg),
        featured: false,
    })
    .await
    .unwrap();
    let base = format!("http://{addr}");
    // Riot's limits are learned from the first answer.
    let (s, _) = get_json(&format!(
        "{base}/api/europe/lol/match/v5/matches/EUW1_999000"
    ))
    .await;
    assert_eq!(s, 404);
    tokio::time::sleep(Duration::from_millis(1100)).await;

    let started = Instant::now();
    let (s, _) = get_json(&format!(
        "{base}/api/europe/riot/account/v1/accounts/by-riot-id/Busy/EUW"
    ))
    .await;
    assert_eq!(s, 200);
    // A page polls a not-yet-finished match every half second for 5 s, on the same routing
    // value as the backfill. The proxy counts a window as Riot's second plus riven's margin of
    // 989 ms, so about 4 of these fall in one: with the backfill's 5, the 10 are never
    // exceeded as long as the backfill keeps to its half.
    let mut answers = Vec::new();
    for round in 0..10 {
        let url = format!(
            "{base}/api/europe/lol/match/v5/matches/EUW1_{}",
            1_000_000 + round
        );
        answers.push(client().get(url).send().await.unwrap().status().as_u16());
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let saturated_until = Instant::now();
    assert!(
        answers.iter().all(|&a| a == 404),
        "every interactive request answered: {answers:?}"
    );
    let seen = backfill_done(&base, &who.puuid, Duration::from_secs(60)).await;
    assert_eq!(seen.last().unwrap()["logged"], 20);
    assert_eq!(logged_ids(&db).len(), 20);
    assert_eq!(*fake.over_limit.lock().unwrap(), 0, "the limit was obeyed");

    // While the page was polling, the backfill held at most its half of any one-second window
    // (one more allowed for where the fake's second and the proxy's fall), and it did wait: its
    // 21 requests took longer than the window they would fill at once.
    let seen = fake.seen.lock().unwrap().clone();
    let bulk: Vec<Instant> = seen
        .iter()
        .filter(|(p, t)| {
            *t >= started && (p.contains("/ids") || ids.iter().any(|id| p.ends_with(id.as_str())))
        })
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(bulk.len(), 21, "ids once, each match once");
    for (i, &t) in bulk.iter().enumerate() {
        if t > saturated_until {
            break;
        }
        let in_window = bulk[i..]
            .iter()
            .take_while(|&&u| u - t < Duration::from_secs(1))
            .count();
        assert!(
            in_window <= LIMIT / 2 + 1,
            "{in_window} bulk requests in one second"
        );
    }
    assert!(
        *bulk.last().unwrap() - bulk[0] > Duration::from_secs(2),
        "the backfill waited for room"
    );
    std::fs::remove_dir_all(&data).ok();
}
