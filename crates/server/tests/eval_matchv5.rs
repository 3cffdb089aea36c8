//! Evaluation on match-v5 JSON (issue 16 part 5): Riot's real match files, the community log's
//! export (`rivulet log export`, a real SQLite log in a temp folder) read back by `rivulet eval`,
//! and the visitors replay.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use std::path::PathBuf;
use std::process::Command;

use rivulet_lol::predictor::PredictorSpec;
use rivulet_lol::sim::League;
use rivulet_server::community::log::{MatchLog, SqliteLog};
use rivulet_server::community::record::{MatchRecord, Rank};
use rivulet_server::community::Durability;
use rivulet_server::eval::{self, visitors, EvalError};

const T0: i64 = 1_700_000_000_000;

fn data(rel: &str) -> Option<PathBuf> {
    rivulet_lol::datasets::shared_data(rel)
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rivulet-evalv5-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn riots_own_match_files_are_read_as_the_proxy_logs_them() {
    let Some(dir) = data("api-samples/match-v5") else {
        return;
    };
    let games = eval::load(dir.to_str().unwrap()).unwrap();
    assert_eq!(games.len(), 5, "five real match-v5 files");
    // Start-time order, each duration the file's gameDuration (seconds since patch 11.20).
    assert!(games
        .windows(2)
        .all(|w| w[0].game.game_start_time <= w[1].game.game_start_time));
    // The samples' Arena game (game mode CHERRY; its queue is 1750 in this file).
    let arena = games
        .iter()
        .find(|g| g.game.game_mode == "CHERRY")
        .expect("the Arena sample");
    assert!(arena.game.participants.len() > 10, "Arena's teams of two");
    for g in &games {
        assert!(
            g.duration_s > 300.0 && g.duration_s < 4000.0,
            "{}",
            g.duration_s
        );
    }
    // A folder's single file reads the same.
    let one = std::fs::read_dir(dir.join("Zignov__Riot-Api"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(eval::load(one.to_str().unwrap()).unwrap().len(), 1);
}

/// Records of finished simulated matches, with ranks and a mastery as the proxy saw them.
fn records(n: usize) -> Vec<MatchRecord> {
    let mut league = League::new(3, T0);
    let who = league.source().accounts().next().unwrap();
    let ids = league
        .match_ids(
            "euw1",
            &who.puuid,
            &rivulet_lol::sim::HistoryQuery {
                count: n,
                ..Default::default()
            },
        )
        .unwrap();
    league.advance_to(T0 + 1);
    ids.iter()
        .map(|id| {
            let m = league.match_by_id(id).unwrap();
            let mut r = MatchRecord::from_match(id, &m, None).unwrap();
            r.players[0].ranks = Some(vec![Rank {
                queue: "RANKED_SOLO_5x5".into(),
                tier: "GOLD".into(),
                div: "II".into(),
            }]);
            r.players[1].mastery = Some(45_000);
            r
        })
        .collect()
}

#[test]
fn the_logs_export_reads_back_as_the_games_the_community_model_learned() {
    let dir = tmp("export");
    let db = dir.join("community-test.sqlite3");
    let recs = records(15);
    {
        let log = SqliteLog::open(&db, Durability::Normal).unwrap();
        log.append(&recs).unwrap();
    }
    // The real binary, as an operator runs it.
    let out = dir.join("log.jsonl");
    let run = Command::new(env!("CARGO_BIN_EXE_rivulet"))
        .args(["log", "export", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("exported 15 matches"));
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 15);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert!(first["gameDuration"].is_i64() && first["participants"].is_array());
    assert!(first.get("metadata").is_none(), "match-v5 info objects");

    // Read back: the same games, in start order, as the records featurize them.
    let games = eval::load(out.to_str().unwrap()).unwrap();
    let mut want = recs.clone();
    want.sort_by_key(|r| r.started);
    assert_eq!(games.len(), want.len());
    for (g, r) in games.iter().zip(&want) {
        let (game, extras) = r.to_game();
        assert_eq!(g.game, game);
        assert_eq!(g.extras, extras, "ranks and masteries survive the export");
        assert_eq!(g.duration_s, r.duration);
    }
    // eval runs on it.
    let run = Command::new(env!("CARGO_BIN_EXE_rivulet"))
        .args(["eval", "--quiet", "--data"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("games") && l.split_whitespace().nth(1) == Some("15")),
        "{stdout}"
    );
    // Bad input: a clear error.
    std::fs::write(dir.join("bad.jsonl"), "{\"gameId\": 1}\n").unwrap();
    let err = eval::load(dir.join("bad.jsonl").to_str().unwrap()).unwrap_err();
    assert!(
        matches!(&err, EvalError::NotAMatch { line: 1, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("bad.jsonl line 1") && text.contains("not a match-v5 info object"),
        "{text}"
    );
    let missing = Command::new(env!("CARGO_BIN_EXE_rivulet"))
        .args(["log", "export", "--db"])
        .arg(dir.join("nope.sqlite3"))
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such log"));
    std::fs::remove_dir_all(&dir).ok();
}

/// Each way a match-v5 stream or a log export can fail, on real files: the variant, and a
/// message naming the file (and line).
#[test]
fn match_files_and_log_exports_fail_with_what_went_wrong() {
    let dir = tmp("errors");
    let load = |name: &str| eval::load(dir.join(name).to_str().unwrap()).unwrap_err();

    // A line that is not JSON: its line number.
    let good = serde_json::to_string(&eval::matchv5::info_of(&records(1)[0])).unwrap();
    std::fs::write(dir.join("broken.jsonl"), format!("{good}\n{{nope\n")).unwrap();
    let err = load("broken.jsonl");
    assert!(
        matches!(&err, EvalError::BadJson { line: 2, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("broken.jsonl line 2"), "{err}");

    // A match the page could not learn: the record's reason, with the file and line.
    let mut unlearnable = eval::matchv5::info_of(&records(1)[0]);
    unlearnable["participants"] = serde_json::json!([]);
    std::fs::write(dir.join("empty-match.jsonl"), format!("\n{unlearnable}\n")).unwrap();
    let err = load("empty-match.jsonl");
    assert!(
        matches!(&err, EvalError::NotAMatch { line: 2, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("empty-match.jsonl line 2")
            && err.to_string().contains("no participants"),
        "{err}"
    );

    // Bytes that are not text.
    std::fs::write(dir.join("binary.jsonl"), [0xff, 0xfe, b'{', b'}']).unwrap();
    let err = load("binary.jsonl");
    assert!(matches!(&err, EvalError::Unreadable { .. }), "{err:?}");
    assert!(err.to_string().contains("binary.jsonl"), "{err}");

    // Blank lines only: no games.
    std::fs::write(dir.join("blank.jsonl"), "\n  \n").unwrap();
    let err = load("blank.jsonl");
    assert!(matches!(&err, EvalError::NoGames { .. }), "{err:?}");
    assert!(err.to_string().ends_with("blank.jsonl: no games"), "{err}");

    // A log that is not a database.
    let not_db = dir.join("community-garbage.sqlite3");
    std::fs::write(
        &not_db,
        "this is not an SQLite database, not even close. ".repeat(200),
    )
    .unwrap();
    let err = eval::matchv5::export(&not_db, &mut Vec::new(), "test").unwrap_err();
    assert!(matches!(&err, EvalError::Log { .. }), "{err:?}");
    assert!(
        err.to_string().contains("community-garbage.sqlite3"),
        "{err}"
    );

    // Files too short to be a database, and a missing one, are refused and left as they were
    // (opening them as a log would write a fresh database over them).
    for (name, bytes) in [("one-byte.sqlite3", &b"x"[..]), ("empty.sqlite3", &b""[..])] {
        let f = dir.join(name);
        std::fs::write(&f, bytes).unwrap();
        let err = eval::matchv5::export(&f, &mut Vec::new(), "test").unwrap_err();
        assert!(matches!(&err, EvalError::Log { .. }), "{name}: {err:?}");
        assert_eq!(std::fs::read(&f).unwrap(), bytes, "{name} was changed");
    }
    let missing = dir.join("missing.sqlite3");
    let err = eval::matchv5::export(&missing, &mut Vec::new(), "test").unwrap_err();
    assert!(matches!(&err, EvalError::NotFound { .. }), "{err:?}");
    assert!(!missing.exists(), "export created {}", missing.display());

    // An output that cannot be created: the real binary names it and exits non-zero.
    let db = dir.join("community-ok.sqlite3");
    SqliteLog::open(&db, Durability::Normal)
        .unwrap()
        .append(&records(2))
        .unwrap();
    let out = dir.join("no-such-folder").join("log.jsonl");
    let run = Command::new(env!("CARGO_BIN_EXE_rivulet"))
        .args(["log", "export", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.starts_with("rivulet: error: --out ") && stderr.contains("no-such-folder"),
        "{stderr}"
    );
    let err = eval::matchv5::run_log(eval::matchv5::LogCommand::Export(
        eval::matchv5::ExportArgs {
            db: db.clone(),
            out: Some(out),
        },
    ))
    .unwrap_err();
    assert!(matches!(&err, EvalError::Write { .. }), "{err:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn one_visitor_on_the_community_model_predicts_as_the_one_model() {
    let games = eval::load("sim:3000:4").unwrap();
    let spec = PredictorSpec::default();
    // One visitor plays every game: the snapshot plus its games since is the community model.
    let one = visitors::replay(&games, &spec, 1, 0.5, 100, 7).unwrap();
    assert_eq!(one.games, 1500);
    assert_eq!(one.community.mae, one.one_model.mae);
    assert_eq!(one.community.width80, one.one_model.width80);
    // Its own model, fresh at the join point, knows less.
    assert!(one.own.mae > one.one_model.mae, "{one:?}");
    // Many visitors: each one's games are few; the snapshot carries them.
    let many = visitors::replay(&games, &spec, 100, 0.5, 100, 7).unwrap();
    assert!(many.own.mae > many.community.mae, "{many:?}");
    assert!(many.community_mae_gap.abs() < 0.05, "{many:?}");
}

#[test]
fn the_modern_queue_mix_plays_swiftplay_and_arurf() {
    let games = eval::load("sim-modern:3000:2").unwrap();
    let share = |q: i64| {
        games
            .iter()
            .filter(|g| g.game.game_queue_config_id == Some(q))
            .count() as f64
            / games.len() as f64
    };
    assert!((share(480) - 0.18).abs() < 0.03, "Swiftplay {}", share(480));
    assert!((share(900) - 0.10).abs() < 0.03, "ARURF {}", share(900));
    let mean = |q: i64| {
        let d: Vec<f64> = games
            .iter()
            .filter(|g| g.game.game_queue_config_id == Some(q) && g.duration_s > 300.0)
            .map(|g| g.duration_s)
            .collect();
        d.iter().sum::<f64>() / d.len() as f64
    };
    // Swiftplay's games are about 20 minutes, ranked solo's about 31.
    assert!(
        (mean(480) / mean(420) - 0.65).abs() < 0.06,
        "{}",
        mean(480) / mean(420)
    );
    // The classic mix is unchanged.
    let classic = eval::load("sim:3000:2").unwrap();
    assert!(classic
        .iter()
        .all(|g| [420, 440, 400, 450].contains(&g.game.game_queue_config_id.unwrap())));
}
