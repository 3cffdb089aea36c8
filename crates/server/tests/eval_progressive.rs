//! `rivulet eval`: the progressive-validation harness, the elapsed-time evaluation and the CLI.
#![cfg(not(target_arch = "wasm32"))]

use rivulet_lol::features::FeatureConfig;
use rivulet_lol::predictor::DurationPredictor;
use rivulet_lol::LolError;
use rivulet_server::eval::{
    evaluate, load, parse_model_arg, predictor_spec, simulate, EvalError, EvalGame,
};
use std::path::PathBuf;

fn spec() -> rivulet_lol::predictor::PredictorSpec {
    predictor_spec(None, &FeatureConfig::default(), None)
}

#[test]
fn report_matches_a_hand_driven_predictor() {
    let games = simulate(1500, 3);
    let r = evaluate(&games, spec(), &[], 10, false).unwrap();
    // Drive the same predictor by hand: predict-then-learn, one pass.
    let mut p = DurationPredictor::new(Some(spec())).unwrap();
    let (mut abs, mut sq, mut c80) = (0.0, 0.0, 0u64);
    for g in &games {
        let pre = p.learn(&g.game, &g.extras, g.duration_s).unwrap();
        abs += (pre.expected - g.duration_s).abs();
        sq += (pre.expected - g.duration_s).powi(2);
        c80 += (pre.lo80 <= g.duration_s && g.duration_s <= pre.hi80) as u64;
    }
    let n = games.len() as f64;
    assert_eq!(r.games, games.len() as u64);
    assert!((r.mae - abs / n).abs() < 1e-9);
    assert!((r.rmse - (sq / n).sqrt()).abs() < 1e-9);
    assert!((r.i80.coverage - c80 as f64 / n).abs() < 1e-12);
    assert_eq!(r.curve.len(), 10);
    assert_eq!(r.curve.last().unwrap().n, games.len() as u64);
    let truth: f64 = games
        .iter()
        .map(|g| (g.truth_s.unwrap() - g.duration_s).abs())
        .sum::<f64>()
        / n;
    assert!((r.truth_mae.unwrap() - truth).abs() < 1e-9);
}

#[test]
fn conditioning_on_elapsed_time_beats_the_floored_pregame_answer() {
    let games = simulate(4000, 11);
    let r = evaluate(&games, spec(), &[20.0, 30.0], 1, false).unwrap();
    for a in &r.at {
        let still = games
            .iter()
            .filter(|g| g.duration_s > a.minutes * 60.0)
            .count() as u64;
        assert_eq!(a.games, still);
        assert!(a.mae < a.naive_mae, "{a:?}");
        assert!((a.i80.coverage - 0.8).abs() < 0.04, "{a:?}");
        assert!((a.i90.coverage - 0.9).abs() < 0.04, "{a:?}");
    }
    // At 30 minutes the remaining-time error drops by a fifth or more.
    assert!(r.at[1].mae < 0.8 * r.at[1].naive_mae, "{:?}", r.at[1]);
    assert!(
        (r.i80.coverage - 0.8).abs() < 0.03 && (r.i90.coverage - 0.9).abs() < 0.03,
        "{r:?}"
    );
}

#[test]
fn on_the_simulated_league_the_model_nears_the_irreducible_error() {
    let games = simulate(6000, 5);
    let model = evaluate(&games, spec(), &[], 1, false).unwrap();
    let mean = evaluate(
        &games,
        predictor_spec(
            Some(&serde_json::json!("running_mean")),
            &FeatureConfig::default(),
            None,
        ),
        &[],
        1,
        false,
    )
    .unwrap();
    let truth = model.truth_mae.unwrap();
    assert!(
        model.mae < mean.mae,
        "model {} vs running mean {}",
        model.mae,
        mean.mae
    );
    assert!(
        model.mae < 1.10 * truth,
        "model {} vs irreducible {truth}",
        model.mae
    );
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rivulet-evalerr-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn load_errors_name_the_problem() {
    for (data, says) in [
        ("sim:abc", "sim:N"),
        ("sim:0", "N ≥ 1"),
        ("sim:10:x", "seed"),
    ] {
        let err = load(data).unwrap_err();
        assert!(matches!(&err, EvalError::BadArg { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("--data {data}:")) && text.contains(says),
            "{text}"
        );
    }
    // A real folder, without the file.
    let dir = tmp("load");
    let missing = dir.join("games.csv");
    let err = load(missing.to_str().unwrap()).unwrap_err();
    assert!(matches!(&err, EvalError::NotFound { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("--data {}: no such file or folder", missing.display())
    );
    // A real games.csv without the columns it needs: the reader's error, kept as the source.
    let csv = dir.join("games.csv");
    std::fs::write(&csv, "gameId,creationTime\n1,2\n").unwrap();
    let err = load(csv.to_str().unwrap()).unwrap_err();
    assert!(
        matches!(&err, EvalError::Dataset(rivulet_lol::datasets::DatasetError::MissingColumn { column, .. }) if column == "gameDuration"),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("--data ") && err.to_string().contains("games.csv"));
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(load("sim:25:4").unwrap().len(), 25);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn model_files_that_do_not_parse_name_the_file() {
    let dir = tmp("model");
    let broken = dir.join("model.json");
    std::fs::write(&broken, "{\"type\": \"linear\",\n \"l2\": }").unwrap();
    let err = parse_model_arg(broken.to_str().unwrap()).unwrap_err();
    assert!(
        matches!(&err, EvalError::BadJson { line: 2, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("model.json line 2"), "{err}");
    let binary = dir.join("model.bin");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    let err = parse_model_arg(binary.to_str().unwrap()).unwrap_err();
    assert!(matches!(&err, EvalError::Unreadable { .. }), "{err:?}");
    let err = parse_model_arg("{nope").unwrap_err();
    assert!(
        matches!(&err, EvalError::BadArg { arg, .. } if arg == "--model"),
        "{err:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn predictor_refusals_keep_the_predictors_error() {
    // The spec: the learner's own typed error, under the predictor's.
    let bad_spec = predictor_spec(
        Some(&serde_json::json!({"type": "linear", "l2": -1})),
        &FeatureConfig::default(),
        None,
    );
    let err = evaluate(&simulate(5, 1), bad_spec, &[], 1, false).unwrap_err();
    assert!(
        matches!(
            &err,
            EvalError::Spec {
                source: LolError::Learn(_),
                ..
            }
        ),
        "{err:?}"
    );
    // A game of the stream: its id and the predictor's reason.
    let mut games = simulate(20, 1);
    games[7].game.participants.clear();
    let id = games[7].game.game_id;
    let err = evaluate(&games, spec(), &[], 1, false).unwrap_err();
    assert!(
        matches!(&err, EvalError::Game { game_id, source: LolError::BadGame(_) } if *game_id == id),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with(&format!("game {id}: "))
            && err.to_string().contains("no participants"),
        "{err}"
    );
}

fn real(rel: &str) -> Option<PathBuf> {
    rivulet_lol::datasets::shared_data(rel)
}

#[test]
fn real_stream_intervals_cover_near_nominal() {
    let Some(p) = real("kaggle-datasnaek-games-2017/games.csv") else {
        return;
    };
    let games: Vec<EvalGame> = load(p.to_str().unwrap())
        .unwrap()
        .into_iter()
        .take(12_000)
        .collect();
    let r = evaluate(&games, spec(), &[30.0], 1, false).unwrap();
    assert!((r.i80.coverage - 0.8).abs() < 0.02, "{r:?}");
    assert!((r.i90.coverage - 0.9).abs() < 0.02, "{r:?}");
    assert!(r.at[0].mae < 0.8 * r.at[0].naive_mae, "{:?}", r.at[0]);
    assert!(r.mae_no_remakes < r.mae);
}

#[test]
fn cli_writes_the_curve_and_json() {
    let dir = std::env::temp_dir().join(format!("rivulet-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let curve = dir.join("curve.csv");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rivulet"))
        .args([
            "eval",
            "--data",
            "sim:400:2",
            "--json",
            "--at",
            "20",
            "--curve",
        ])
        .arg(&curve)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["games"], 400);
    assert!(v["mae"].as_f64().unwrap() > 0.0);
    assert_eq!(v["at"][0]["minutes"], 20.0);
    let text = std::fs::read_to_string(&curve).unwrap();
    assert!(text.starts_with("n,mae,"));
    assert_eq!(text.lines().count(), 201);
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_rivulet"))
        .args(["eval", "--data", "sim:10", "--features", "champs"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr)
        .starts_with("rivulet: error: --features: unknown feature group 'champs'"));
    // Every refusal: a clear line on stderr, a non-zero exit, nothing on stdout.
    for (args, says) in [
        (
            vec!["--at", "0"],
            "rivulet: error: --at: minutes must be positive numbers, got 0",
        ),
        (
            vec!["--visitors", "0"],
            "rivulet: error: --visitors: K must be at least 1",
        ),
        (
            vec!["--curve", dir.to_str().unwrap()],
            "rivulet: error: --curve ",
        ),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rivulet"))
            .args(["eval", "--quiet", "--data", "sim:50"])
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && out.stdout.is_empty(), "{args:?}");
        assert!(
            stderr.lines().any(|l| l.starts_with(says)),
            "{args:?}: {stderr}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
