//! The proxy in simulated (and replay) mode, on an ephemeral loopback port: static files, JSON
//! errors, the whitelist, `/api/meta`, and the league lifecycle seen over HTTP.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rivulet_lol::riot::{Account, CurrentGameInfo, FeaturedGames, Match};
use rivulet_lol::sim::{League, SimConfig};
use rivulet_server::ratelimit::RateLimitConfig;
use rivulet_server::{serve, Config, Mode};

const T0: i64 = 1_700_000_000_000;

fn dirs() -> (PathBuf, PathBuf) {
    let base = std::env::temp_dir().join(format!("rivulet-proxy-sim-{}", std::process::id()));
    let www = base.join("www");
    let pkg = base.join("pkg").join("web");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(
        www.join("index.html"),
        "<!doctype html><title>rivulet</title>".repeat(50),
    )
    .unwrap();
    // A fake module: the magic number and enough bytes to be worth compressing.
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(pkg.join("rivulet_bg.wasm"), wasm).unwrap();
    (www, base.join("pkg"))
}

async fn start(time_scale: f64, start_ms: Option<i64>) -> String {
    start_limited(time_scale, start_ms, None).await
}

async fn start_limited(
    time_scale: f64,
    start_ms: Option<i64>,
    rate_limit: Option<RateLimitConfig>,
) -> String {
    let (www, pkg) = dirs();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www,
        pkg,
        mode: Mode::Simulated {
            seed: 42,
            time_scale,
            live_games: 30,
            start_ms,
        },
        rate_limit,
        http: Default::default(),
        community: None,
        featured: true,
    };
    let (addr, _handle) = serve(config).await.unwrap();
    format!("http://{addr}")
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().gzip(false).build().unwrap()
}

async fn get(url: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let r = client().get(url).send().await.unwrap();
    let (s, h) = (r.status().as_u16(), r.headers().clone());
    (s, h, r.text().await.unwrap())
}

fn assert_json_error(status: u16, body: &str) {
    let v: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    assert_eq!(v["status"]["status_code"], status, "{body}");
    assert!(v["status"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_mime_compression_and_json_errors() {
    let base = start(30.0, None).await;
    let r = client()
        .get(format!("{base}/pkg/web/rivulet_bg.wasm"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/wasm");
    assert_eq!(r.headers()["content-encoding"], "gzip");
    assert!(r.headers().contains_key("cache-control"));
    let (s, h, body) = get(&format!("{base}/")).await;
    assert_eq!(s, 200);
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(body.contains("rivulet"));

    for (path, status) in [
        ("/no-such-file.js", 404),
        ("/api/", 404),
        ("/api/nothing", 404),
        ("/api/euw1/lol/summoner/v4/summoners/by-name/x", 404),
        ("/api/europe/lol/spectator/v5/featured-games", 400),
        ("/api/euw1/lol/match/v5/matches/EUW1_1", 400),
        ("/api/europe/lol/match/v5/matches/EUW1_x", 400),
        (
            "/api/euw1/lol/spectator/v5/active-games/by-summoner/short",
            400,
        ),
        ("/api/europe/riot/account/v1/accounts/by-riot-id/a/EUW", 400),
    ] {
        let (s, h, body) = get(&format!("{base}{path}")).await;
        assert_eq!(s, status, "{path}");
        assert_eq!(h["content-type"], "application/json", "{path}");
        assert_json_error(status, &body);
    }
    let r = client()
        .post(format!("{base}/api/euw1/lol/spectator/v5/featured-games"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_json_error(405, &r.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meta_suggestions_resolve_to_live_games_with_extras() {
    let base = start(30.0, None).await;
    let (s, _, body) = get(&format!("{base}/api/meta")).await;
    assert_eq!(s, 200);
    let meta: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(meta["mode"], "simulated");
    assert_eq!(meta["timeScale"], 30.0);
    assert_eq!(meta["platforms"][0], "euw1");
    assert_eq!(meta["regions"][0], "europe");
    assert!(meta["serverTime"].as_i64().unwrap() > T0);
    let sugg = meta["suggestions"].as_array().unwrap();
    assert!(!sugg.is_empty());
    let name = sugg[0]["gameName"].as_str().unwrap();
    let tag = sugg[0]["tagLine"].as_str().unwrap();
    // account-v1 -> spectator -> league-v4 / mastery, as the page does.
    let enc = name.replace(' ', "%20");
    let (s, _, body) = get(&format!(
        "{base}/api/europe/riot/account/v1/accounts/by-riot-id/{enc}/{tag}"
    ))
    .await;
    assert_eq!(s, 200, "{body}");
    let acc: Account = serde_json::from_str(&body).unwrap();
    let (s, _, body) = get(&format!(
        "{base}/api/euw1/lol/spectator/v5/active-games/by-summoner/{}",
        acc.puuid
    ))
    .await;
    assert_eq!(s, 200);
    let game: CurrentGameInfo = serde_json::from_str(&body).unwrap();
    assert_eq!(game.participants.len(), 10);
    assert!(game
        .participants
        .iter()
        .any(|p| p.puuid.as_deref() == Some(&acc.puuid)));
    assert!(game.game_queue_config_id.is_some());
    let me = game
        .participants
        .iter()
        .find(|p| p.puuid.as_deref() == Some(&acc.puuid))
        .unwrap();
    let (s, _, body) = get(&format!(
        "{base}/api/euw1/lol/league/v4/entries/by-puuid/{}",
        acc.puuid
    ))
    .await;
    assert_eq!(s, 200);
    let _: Vec<rivulet_lol::riot::LeagueEntry> = serde_json::from_str(&body).unwrap();
    let (s, _, _) = get(&format!(
        "{base}/api/euw1/lol/champion-mastery/v4/champion-masteries/by-puuid/{}/by-champion/{}",
        acc.puuid, me.champion_id
    ))
    .await;
    assert!(s == 200 || s == 404);
    let (s, _, body) = get(&format!(
        "{base}/api/euw1/lol/champion-mastery/v4/scores/by-puuid/{}",
        acc.puuid
    ))
    .await;
    assert_eq!(s, 200);
    assert!(body.parse::<i64>().unwrap() >= 0);
    // Other platforms have no simulated players.
    let (s, _, body) = get(&format!(
        "{base}/api/na1/lol/spectator/v5/active-games/by-summoner/{}",
        acc.puuid
    ))
    .await;
    assert_eq!(s, 404);
    assert_json_error(404, &body);
    let (s, _, body) = get(&format!("{base}/api/na1/lol/spectator/v5/featured-games")).await;
    assert_eq!(s, 200);
    let f: FeaturedGames = serde_json::from_str(&body).unwrap();
    assert!(f.game_list.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_featured_game_ends_and_its_match_has_the_drawn_duration() {
    // Time x600: a 30-minute game lasts 3 real seconds. The test rebuilds the same league
    // (same seed and start) to know the drawn truth.
    let base = start(600.0, Some(T0)).await;
    let mut truth = League::simulated(
        SimConfig {
            seed: 42,
            live_games: 30,
            idle_players: rivulet_server::SIM_IDLE_PLAYERS,
            ..SimConfig::default()
        },
        T0,
    );
    let (s, _, body) = get(&format!("{base}/api/euw1/lol/spectator/v5/featured-games")).await;
    assert_eq!(s, 200);
    let f: FeaturedGames = serde_json::from_str(&body).unwrap();
    assert_eq!(f.game_list.len(), 5);
    // The featured game closest to its end among those at least half a real second from it.
    let (_, _, body) = get(&format!("{base}/api/meta")).await;
    let now = serde_json::from_str::<serde_json::Value>(&body).unwrap()["serverTime"]
        .as_i64()
        .unwrap();
    // Same seed and start: stepping the copy to the server's clock gives the same games.
    truth.advance_to(now);
    let find = |id: i64| {
        truth
            .live_game(id)
            .or_else(|| truth.finished_game(&format!("EUW1_{id}")))
            .expect("every served game is in the rebuilt league")
            .clone()
    };
    let g = f
        .game_list
        .iter()
        .filter(|g| find(g.game_id).end_ms() > now + 300_000)
        .min_by_key(|g| find(g.game_id).end_ms())
        .expect("a featured game far enough from its end");
    let drawn = find(g.game_id);
    assert!(g.game_length >= 0 && g.game_length <= drawn.duration_s);
    let url = format!("{base}/api/europe/lol/match/v5/matches/EUW1_{}", g.game_id);
    let (s, _, body) = get(&url).await;
    assert_eq!(s, 404, "no match while the game is live");
    assert_json_error(404, &body);
    let deadline = Instant::now() + Duration::from_secs(20);
    let m: Match = loop {
        let (s, _, body) = get(&url).await;
        if s == 200 {
            break serde_json::from_str(&body).unwrap();
        }
        assert!(Instant::now() < deadline, "the match never appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(m.info.game_duration, drawn.duration_s);
    assert_eq!(m.info.game_start_timestamp, drawn.start_ms());
    // Its players are no longer in a game... unless a new game took them already; the game itself
    // is gone from featured-games.
    let (_, _, body) = get(&format!("{base}/api/euw1/lol/spectator/v5/featured-games")).await;
    let f: FeaturedGames = serde_json::from_str(&body).unwrap();
    assert!(f.game_list.iter().all(|x| x.game_id != g.game_id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_of_games_csv_serves_real_durations() {
    let csv = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/kaggle-datasnaek-games-2017/games.csv");
    if !csv.exists() {
        eprintln!("skipped: {} is absent", csv.display());
        return;
    }
    let games = rivulet_lol::datasets::read_games_csv(&csv).unwrap();
    let (www, pkg) = dirs();
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www,
        pkg,
        mode: Mode::Replay {
            path: csv,
            time_scale: 3000.0,
            live_games: 5,
        },
        rate_limit: None,
        http: Default::default(),
        community: None,
        featured: true,
    };
    let (addr, _h) = serve(config).await.unwrap();
    let base = format!("http://{addr}");
    let (_, _, body) = get(&format!("{base}/api/meta")).await;
    let meta: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(meta["mode"], "replay");
    let (_, _, body) = get(&format!("{base}/api/euw1/lol/spectator/v5/featured-games")).await;
    let f: FeaturedGames = serde_json::from_str(&body).unwrap();
    assert_eq!(f.game_list.len(), 5);
    // Featured games are dataset games (early ones, in time order), with their real champions.
    let champs = |g: &rivulet_lol::riot::CurrentGameInfo| {
        g.participants
            .iter()
            .map(|p| p.champion_id)
            .collect::<Vec<_>>()
    };
    let real: std::collections::HashMap<Vec<i64>, f64> = games[..500]
        .iter()
        .map(|g| (champs(&g.game), g.duration_s))
        .collect();
    for live in &f.game_list {
        assert!(
            real.contains_key(&champs(live)),
            "a featured game is not from the dataset"
        );
    }
    // The last featured game ends (x3000: 30 min in 0.6 s) with the dataset's duration.
    let first = f.game_list.last().unwrap();
    let url = format!(
        "{base}/api/europe/lol/match/v5/matches/EUW1_{}",
        first.game_id
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let m: Match = loop {
        let (s, _, body) = get(&url).await;
        if s == 200 {
            break serde_json::from_str(&body).unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "the replayed match never appeared"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(m.info.game_duration as f64, real[&champs(first)].round());
    // Its synthetic players resolve through account-v1.
    let (name, tag) = first.participants[0].riot_id.split_once('#').unwrap();
    let (s, _, _) = get(&format!(
        "{base}/api/europe/riot/account/v1/accounts/by-riot-id/{name}/{tag}"
    ))
    .await;
    assert_eq!(s, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_revalidate_with_etag_and_last_modified() {
    let base = start(30.0, None).await;
    for path in ["/", "/index.html", "/pkg/web/rivulet_bg.wasm"] {
        let url = format!("{base}{path}");
        let r = client().get(&url).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let h = r.headers().clone();
        assert_eq!(h["cache-control"], "no-cache", "{path}");
        let etag = h["etag"].to_str().unwrap().to_string();
        assert!(etag.starts_with("W/\""), "{path}: {etag}");
        let modified = h["last-modified"].to_str().unwrap().to_string();
        assert!(!r.bytes().await.unwrap().is_empty());
        // Revalidation by ETag and by date: 304, no body, the validators again.
        for (name, value) in [("if-none-match", &etag), ("if-modified-since", &modified)] {
            let r = client().get(&url).header(name, value).send().await.unwrap();
            assert_eq!(r.status(), 304, "{path} {name}");
            assert_eq!(r.headers()["cache-control"], "no-cache", "{path} {name}");
            assert!(r.bytes().await.unwrap().is_empty(), "{path} {name}");
        }
        // A stale validator gets the file.
        let r = client()
            .get(&url)
            .header("if-none-match", "W/\"0-0\"")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["etag"].to_str().unwrap(), etag);
    }
    // API answers are never cached.
    let (_, h, _) = get(&format!("{base}/api/euw1/lol/spectator/v5/featured-games")).await;
    assert_eq!(h["cache-control"], "no-store");
    assert!(!h.contains_key("etag"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sim_rate_limit_answers_429_with_retry_after_then_recovers() {
    let window = Duration::from_secs(2);
    let base = start_limited(
        30.0,
        None,
        Some(RateLimitConfig {
            requests: 3,
            window,
        }),
    )
    .await;
    let (_, _, body) = get(&format!("{base}/api/meta")).await;
    let meta: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(meta["rateLimit"]["requests"], 3);
    let url = format!("{base}/api/euw1/lol/spectator/v5/featured-games");
    let t0 = Instant::now();
    for i in 1..=3 {
        let (s, h, _) = get(&url).await;
        assert_eq!(s, 200, "call {i}");
        assert_eq!(h["x-app-rate-limit"], "3:2");
        assert_eq!(h["x-app-rate-limit-count"], format!("{i}:2").as_str());
    }
    let (s, h, body) = get(&url).await;
    assert_eq!(s, 429);
    assert_json_error(429, &body);
    assert_eq!(h["x-rate-limit-type"], "application");
    let retry: u64 = h["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry), "Retry-After {retry}");
    // /api/meta and static files are not limited.
    let (s, _, _) = get(&format!("{base}/api/meta")).await;
    assert_eq!(s, 200);
    let (s, _, _) = get(&format!("{base}/")).await;
    assert_eq!(s, 200);
    // After Retry-After, the client has a fresh window.
    tokio::time::sleep(Duration::from_secs(retry)).await;
    assert!(t0.elapsed() >= window);
    let (s, _, _) = get(&url).await;
    assert_eq!(s, 200, "still limited after Retry-After");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meta_lists_idle_players_who_exist_and_are_never_in_a_game() {
    // x3000: the league turns over many times during the test; idle players never play.
    let base = start(3000.0, None).await;
    let (_, _, body) = get(&format!("{base}/api/meta")).await;
    let meta: serde_json::Value = serde_json::from_str(&body).unwrap();
    let idle = meta["idle"].as_array().unwrap();
    assert_eq!(idle.len(), rivulet_server::SIM_IDLE_PLAYERS);
    let live: Vec<&str> = meta["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["gameName"].as_str().unwrap())
        .collect();
    for round in 0..3 {
        for p in idle {
            assert_eq!(p["platform"], "euw1");
            assert_eq!(p["region"], "europe");
            let (n, t) = (
                p["gameName"].as_str().unwrap(),
                p["tagLine"].as_str().unwrap(),
            );
            assert!(!live.contains(&n));
            let (s, _, body) = get(&format!(
                "{base}/api/europe/riot/account/v1/accounts/by-riot-id/{}/{t}",
                n.replace(' ', "%20")
            ))
            .await;
            assert_eq!(s, 200, "{n}#{t}: {body}");
            let acc: Account = serde_json::from_str(&body).unwrap();
            let (s, _, body) = get(&format!(
                "{base}/api/euw1/lol/spectator/v5/active-games/by-summoner/{}",
                acc.puuid
            ))
            .await;
            assert_eq!(s, 404, "round {round}: idle player {n} is in a game");
            assert_json_error(404, &body);
            let (s, _, _) = get(&format!(
                "{base}/api/euw1/lol/league/v4/entries/by-puuid/{}",
                acc.puuid
            ))
            .await;
            assert_eq!(s, 200);
        }
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn featured_games_advance_with_the_clock_through_the_cache() {
    // x1: one league second lasts one real second.
    let base = start(1.0, None).await;
    let url = format!("{base}/api/euw1/lol/spectator/v5/featured-games");
    let mut bodies = Vec::new();
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_millis(2500) {
        bodies.push(get(&url).await.2);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let distinct: std::collections::BTreeSet<_> = bodies.iter().collect();
    // The game lengths advance with the clock: 2-4 distinct seconds, not one body per call.
    assert!(
        (2..=4).contains(&distinct.len()),
        "{} distinct bodies over {} calls",
        distinct.len(),
        bodies.len()
    );
    for b in distinct {
        let f: FeaturedGames = serde_json::from_str(b).unwrap();
        assert_eq!(f.game_list.len(), 5);
    }
}
