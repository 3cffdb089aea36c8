//! Community learning costs (docs/community.md "Measured"): match-log appends (durable one by
//! one and group-committed, `synchronous=FULL` vs `NORMAL`), the community learner's ingestion
//! rate, and the snapshot's size and serve time through the proxy on loopback.
//!
//! `cargo bench --bench community` (a plain main; it prints one table).

use std::path::Path;
use std::time::{Duration, Instant};

use rivulet_lol::sim::League;
use rivulet_server::community::log::{MatchLog, SqliteLog};
use rivulet_server::community::model::CommunityLearner;
use rivulet_server::community::record::MatchRecord;
use rivulet_server::community::{CommunityConfig, Durability};
use rivulet_server::{serve, Config, Mode};

/// `n` finished matches of the simulated league, in the order they end.
fn records(n: usize) -> Vec<MatchRecord> {
    let t0 = 1_700_000_000_000;
    let mut league = League::new(17, t0);
    let mut out = Vec::with_capacity(n);
    let mut t = t0;
    while out.len() < n {
        t += 60_000;
        let ending: Vec<String> = league
            .live_games()
            .filter(|g| g.end_ms() <= t)
            .map(|g| g.match_id())
            .collect();
        league.advance_to(t);
        for id in ending {
            let m = league.match_by_id(&id).expect("ended");
            out.push(MatchRecord::from_match(&id, &m, None).expect("learnable"));
        }
    }
    out.truncate(n);
    out
}

fn fresh_log(dir: &Path, name: &str, d: Durability) -> SqliteLog {
    let p = dir.join(name);
    for s in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{s}", p.display()));
    }
    SqliteLog::open(&p, d).expect("open")
}

fn pct(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    // `cargo test --all-targets` runs this too, without `--bench`: the tests cover the code, so
    // only `cargo bench` measures.
    if !std::env::args().any(|a| a == "--bench") {
        println!("benches/community: run it with `cargo bench --profile native -p rivulet-server --bench community`");
        return;
    }
    let dir = std::env::temp_dir().join(format!("rivulet-bench-community-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let recs = records(22_000);
    let avg = recs.iter().map(|r| r.to_json().len()).sum::<usize>() / recs.len();
    println!(
        "record: {avg} bytes of JSON on average ({} records)",
        recs.len()
    );

    for (d, name) in [(Durability::Full, "FULL"), (Durability::Normal, "NORMAL")] {
        let log = fresh_log(&dir, &format!("one-{name}.sqlite3"), d);
        let mut lat = Vec::new();
        let t = Instant::now();
        for r in &recs[..2000] {
            let t1 = Instant::now();
            log.append(std::slice::from_ref(r)).unwrap();
            lat.push(t1.elapsed().as_secs_f64() * 1e3);
        }
        let total = t.elapsed().as_secs_f64();
        let (p50, p99) = (pct(&mut lat, 0.5), pct(&mut lat, 0.99));
        println!(
            "append, one record per commit, synchronous={name}: {:.0} records/s, p50 {p50:.3} ms, p99 {p99:.3} ms",
            2000.0 / total
        );
        let log = fresh_log(&dir, &format!("batch-{name}.sqlite3"), d);
        let t = Instant::now();
        for chunk in recs.chunks(64) {
            log.append(chunk).unwrap();
        }
        println!(
            "append, 64 records per commit (group commit), synchronous={name}: {:.0} records/s",
            recs.len() as f64 / t.elapsed().as_secs_f64()
        );
    }

    // The learner reading the log (what a restart without snapshot replays).
    let log = fresh_log(&dir, "learn.sqlite3", Durability::Normal);
    for chunk in recs.chunks(1000) {
        log.append(chunk).unwrap();
    }
    let t = Instant::now();
    let mut l = CommunityLearner::new();
    l.catch_up(&log, 500).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "community learner: {} matches read from the log and learned in {secs:.2} s = {:.0} matches/s",
        l.learned(),
        l.learned() as f64 / secs
    );
    let t = Instant::now();
    let state = l.state_json();
    let snap = l.snapshot_json("bench");
    println!(
        "snapshot of {} matches: {} bytes JSON; state serialized in {:.1} ms",
        l.learned(),
        snap.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let _ = CommunityLearner::from_state_json(&state).unwrap();
    println!(
        "state restored in {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    drop(log);

    // Through the proxy: it learns the prefilled log at start, then serves the snapshot.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let data = dir.join("serve");
        std::fs::create_dir_all(&data).unwrap();
        let cfg = CommunityConfig {
            data_dir: data.clone(),
            key: "bench".into(),
            durability: Durability::Full,
            snapshot_every: 1000,
            backfill: 0,
            backfill_spacing: std::time::Duration::ZERO,
        };
        {
            let log = fresh_log(&data, "community-bench.sqlite3", Durability::Normal);
            for chunk in recs.chunks(1000) {
                log.append(chunk).unwrap();
            }
        }
        let t = Instant::now();
        let (addr, _) = serve(Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            www: concat!(env!("CARGO_MANIFEST_DIR"), "/../../www").into(),
            pkg: concat!(env!("CARGO_MANIFEST_DIR"), "/../../pkg").into(),
            mode: Mode::Simulated {
                seed: 1,
                time_scale: 1.0,
                live_games: 5,
                start_ms: None,
            },
            rate_limit: None,
            http: Default::default(),
            community: Some(cfg),
            featured: false,
        })
        .await
        .unwrap();
        let c = reqwest::Client::builder().gzip(false).build().unwrap();
        let url = format!("http://{addr}/api/community/model");
        let (gz_len, plain_len) = loop {
            let r = c
                .get(&url)
                .header("accept-encoding", "gzip")
                .send()
                .await
                .unwrap();
            if r.status() == 200
                && r.headers()["x-community-learned"] == recs.len().to_string().as_str()
            {
                let gz = r.bytes().await.unwrap().len();
                let plain = c.get(&url).send().await.unwrap().bytes().await.unwrap().len();
                break (gz, plain);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        println!(
            "proxy start to a served snapshot of {} matches (relearned from the log): {:.2} s",
            recs.len(),
            t.elapsed().as_secs_f64()
        );
        println!("served snapshot: {plain_len} bytes, {gz_len} bytes gzip");
        for (what, gzip) in [("gzip", true), ("identity", false)] {
            let mut lat = Vec::new();
            for _ in 0..300 {
                let t1 = Instant::now();
                let mut rq = c.get(&url);
                if gzip {
                    rq = rq.header("accept-encoding", "gzip");
                }
                let r = rq.send().await.unwrap();
                let _ = r.bytes().await.unwrap();
                lat.push(t1.elapsed().as_secs_f64() * 1e3);
            }
            println!(
                "GET /api/community/model ({what}), one client, 300 requests: p50 {:.2} ms, p99 {:.2} ms",
                pct(&mut lat, 0.5),
                pct(&mut lat, 0.99)
            );
        }
    });
    std::fs::remove_dir_all(&dir).ok();
}
