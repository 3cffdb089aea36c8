//! Load run on loopback, bounded in count and time: requests/s and p50/p99 latency for
//! cached Riot paths (live mode against a fake Riot) and for the simulated league.
//!
//!     cargo bench -p rivulet-server --bench proxy_load
//!
//! `PROXY_LOAD_CONCURRENCY=8` changes the number of concurrent clients (default 32).
//! The server runs on its own runtime and the reqwest client on another; they still share the
//! machine's cores, and reqwest is the bottleneck on large bodies (featured-games, 12.7 kB):
//! `benches/proxy_load_client.mjs` measures a running `rivulet serve` from a separate process.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use rivulet_server::live::LiveConfig;
use rivulet_server::{serve, Config, Mode};

const REQUESTS: usize = 20_000;
const TIME_LIMIT: Duration = Duration::from_secs(20);
const P: &str = "5Ftfp7ThkxJsQuGZ5FZ56fBkPOVIuDit4BO99mraJuLV1DyBcQu83y5lkV8HGYapOQ3hwjcqVj8_vQ";

fn concurrency() -> usize {
    std::env::var("PROXY_LOAD_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&c| c > 0)
        .unwrap_or(32)
}

async fn load(name: &str, urls: Vec<String>) {
    let concurrency = concurrency();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    // Warm-up (fills caches, opens connections).
    for u in &urls {
        let s = client.get(u).send().await.unwrap().status();
        assert!(s.is_success(), "{name}: warm-up {u} answered {s}");
    }
    let urls = Arc::new(urls);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, urls, next) = (client.clone(), urls.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= REQUESTS || start.elapsed() > TIME_LIMIT {
                    break;
                }
                let t = Instant::now();
                match client.get(&urls[i % urls.len()]).send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                    }
                    _ => errors += 1,
                }
                lat.push(t.elapsed());
            }
            (lat, errors)
        }));
    }
    let mut lat = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.unwrap();
        lat.extend(l);
        errors += e;
    }
    let wall = start.elapsed();
    lat.sort();
    let q = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    println!(
        "{name:<34} {:>6} req in {:>5.2} s = {:>7.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms   errors {errors}",
        lat.len(),
        wall.as_secs_f64(),
        lat.len() as f64 / wall.as_secs_f64(),
        q(0.50).as_secs_f64() * 1e3,
        q(0.99).as_secs_f64() * 1e3,
    );
}

async fn get_text(url: &str) -> String {
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

/// The proxy in live mode against a fake Riot, and in simulated mode (on the caller's runtime).
async fn start_servers() -> (std::net::SocketAddr, std::net::SocketAddr) {
    // Live mode, cached: a fake Riot that answers every path with a small JSON.
    let fake = Router::new().fallback(|| async {
        (
            [
                ("content-type", "application/json"),
                ("x-app-rate-limit", "100000:1"),
            ],
            format!(r#"{{"puuid":"{P}","gameName":"Bench","tagLine":"EUW"}}"#),
        )
    });
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, fake).await });
    let (live, _) = serve(Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www: concat!(env!("CARGO_MANIFEST_DIR"), "/../../www").into(),
        pkg: concat!(env!("CARGO_MANIFEST_DIR"), "/../../pkg").into(),
        mode: Mode::Live(LiveConfig {
            key: "RGAPI-bench".into(),
            base_url: format!("http://{up}/{{}}"),
            queue_wait: Duration::from_secs(2),
            upstream_timeout: Duration::from_secs(5),
            cache_bytes: 64 << 20,
            client_share: 1.0,
            bulk_reserve: 0.5,
        }),
        rate_limit: None,
        http: Default::default(),
        community: None,
        featured: true,
    })
    .await
    .unwrap();
    // Simulated league.
    let (sim, _) = serve(Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www: concat!(env!("CARGO_MANIFEST_DIR"), "/../../www").into(),
        pkg: concat!(env!("CARGO_MANIFEST_DIR"), "/../../pkg").into(),
        mode: Mode::Simulated {
            seed: 42,
            time_scale: 30.0,
            live_games: 30,
            start_ms: None,
        },
        rate_limit: None,
        http: Default::default(),
        community: None,
        featured: true,
    })
    .await
    .unwrap();
    (live, sim)
}

fn main() {
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (live, sim) = server_rt.block_on(start_servers());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        println!(
            "load: {REQUESTS} requests max, {} concurrent, {TIME_LIMIT:?} max per scenario",
            concurrency()
        );
        let urls: Vec<String> = (0..16)
            .map(|i| {
                format!("http://{live}/api/europe/riot/account/v1/accounts/by-riot-id/Bench{i}/EUW")
            })
            .collect();
        load("live, cached account-v1", urls).await;

        let base = format!("http://{sim}/api");
        let meta: serde_json::Value =
            serde_json::from_str(&get_text(&format!("{base}/meta")).await).unwrap();
        load(
            "simulated featured-games",
            vec![format!("{base}/euw1/lol/spectator/v5/featured-games")],
        )
        .await;
        let mut urls = Vec::new();
        for s in meta["suggestions"].as_array().unwrap() {
            let (n, t) = (
                s["gameName"].as_str().unwrap(),
                s["tagLine"].as_str().unwrap(),
            );
            let acc: serde_json::Value = serde_json::from_str(
                &get_text(&format!(
                    "{base}/europe/riot/account/v1/accounts/by-riot-id/{}/{t}",
                    n.replace(' ', "%20")
                ))
                .await,
            )
            .unwrap();
            let puuid = acc["puuid"].as_str().unwrap();
            urls.push(format!(
                "{base}/euw1/lol/spectator/v5/active-games/by-summoner/{puuid}"
            ));
            urls.push(format!(
                "{base}/euw1/lol/league/v4/entries/by-puuid/{puuid}"
            ));
        }
        load("simulated active-game + league-v4", urls).await;
    });
}
