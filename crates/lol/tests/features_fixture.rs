//! The learner's input and the predictor's outputs, bit for bit, against a fixture captured from
//! the code before the featurizer emitted owned `(name, value)` pairs (issue 14, part 2): the
//! `(name, FeatureValue)` sequence the learner sees, every prediction, the saved predictor and
//! an explanation, over simulated games and (when `../shared/data` is present) real ones.
//!
//! The fixture is `tests/fixtures/learner_input.txt`; `RIVULET_WRITE_FIXTURE=1` rewrites it
//! (only ever from a build whose learner input is known good).
#![cfg(not(target_arch = "wasm32"))]

use rivulet::learn::FeatureValue;
use rivulet_lol::datasets::{read_games_csv, read_seed_matches};
use rivulet_lol::features::{featurize, FeatureConfig};
use rivulet_lol::predictor::DurationPredictor;
use rivulet_lol::riot::{CurrentGameInfo, GameExtras};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

type Game = (CurrentGameInfo, GameExtras, f64);

/// FNV-1a, 64 bits: a digest that is the same on every build and platform.
fn fnv(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// What the learner is handed for a game's features, one line per feature.
fn learner_input(game: &CurrentGameInfo, extras: &GameExtras, cfg: &FeatureConfig) -> String {
    let mut s = String::new();
    for f in featurize(game, extras, cfg) {
        let (name, value) = f.as_input();
        match value {
            FeatureValue::Num(v) => writeln!(s, "{name}\tnum\t{:016x}", v.to_bits()),
            FeatureValue::Cat(c) => writeln!(s, "{name}\tcat\t{c}"),
        }
        .unwrap();
    }
    s
}

fn sim(n: usize, seed: u64, modern: bool) -> Vec<Game> {
    rivulet_lol::sim::game_stream(n, seed, modern)
        .into_iter()
        .map(|g| (g.game, g.extras, g.duration_s as f64))
        .collect()
}

fn real(rel: &str) -> Option<PathBuf> {
    rivulet_lol::datasets::shared_data(rel)
}

/// The fixture's lines for one stream: the learner input under each feature configuration,
/// then two predictors' predictions, saved documents and last explanation.
fn lines(stream: &str, games: &[Game], out: &mut BTreeMap<String, String>) {
    for (cfg_name, cfg) in [
        ("default", FeatureConfig::default()),
        ("all", FeatureConfig::all()),
    ] {
        let text: String = games
            .iter()
            .map(|(g, e, _)| learner_input(g, e, &cfg) + "--\n")
            .collect();
        let n = text.lines().filter(|l| *l != "--").count();
        out.insert(
            format!("{stream} input {cfg_name}"),
            format!("{} {n}", fnv(&text)),
        );
    }
    for spec in [r#"{}"#, r#"{"features": "all"}"#] {
        let mut p = DurationPredictor::from_spec_json(spec).unwrap();
        let mut preds = String::new();
        for (g, e, y) in games {
            let at = p.predict(g, e, 900.0).unwrap();
            let pre = p.learn(g, e, *y).unwrap();
            for q in [at, pre] {
                for v in [q.expected, q.lo80, q.hi80, q.lo90, q.hi90, q.pregame] {
                    write!(preds, "{:016x} ", v.to_bits()).unwrap();
                }
                writeln!(preds, "{} {}", q.warm, q.mode_games).unwrap();
            }
        }
        let (g, e, _) = games.last().unwrap();
        let explained = serde_json::to_string(&p.explain(g, e, 600.0).unwrap()).unwrap();
        out.insert(
            format!("{stream} predictor {spec}"),
            format!(
                "predictions {} saved {} explained {}",
                fnv(&preds),
                fnv(&p.to_json()),
                fnv(&explained)
            ),
        );
    }
}

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/learner_input.txt")
}

fn read_fixture() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(fixture_path()).expect("the fixture file");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (k, v) = l.split_once(" => ").expect("`key => value` lines");
            (k.to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn learner_input_and_predictions_match_the_fixture() {
    let mut got = BTreeMap::new();
    lines("sim:600:1", &sim(600, 1, false), &mut got);
    lines("sim-modern:600:2", &sim(600, 2, true), &mut got);
    // The first simulated game in full, to read when a digest differs.
    let (g, e, _) = &sim(1, 1, false)[0];
    for (i, l) in learner_input(g, e, &FeatureConfig::all())
        .lines()
        .enumerate()
    {
        got.insert(format!("sim:1:1 all feature {i:03}"), l.to_string());
    }
    let mut real_streams = 0;
    if let Some(p) = real("kaggle-datasnaek-games-2017/games.csv") {
        let games: Vec<Game> = read_games_csv(&p).unwrap()[..3000]
            .iter()
            .map(|g| (g.game.clone(), g.extras.clone(), g.duration_s))
            .collect();
        lines("games.csv:3000", &games, &mut got);
        real_streams += 1;
    }
    if let Some(p) = real("riot-seed-matches-2017") {
        let games: Vec<Game> = read_seed_matches(&p)
            .unwrap()
            .into_iter()
            .map(|g| (g.game, g.extras, g.duration_s))
            .collect();
        lines("seed-matches", &games, &mut got);
        real_streams += 1;
    }

    if std::env::var_os("RIVULET_WRITE_FIXTURE").is_some() {
        assert_eq!(
            real_streams, 2,
            "write the fixture with the real data present"
        );
        let mut text = String::from(
            "# crates/lol/tests/features_fixture.rs: FNV-1a digests (and feature counts) of the\n\
             # learner input, predictions, saved predictors and explanations, per stream.\n",
        );
        for (k, v) in &got {
            writeln!(text, "{k} => {v}").unwrap();
        }
        std::fs::create_dir_all(fixture_path().parent().unwrap()).unwrap();
        std::fs::write(fixture_path(), text).unwrap();
        return;
    }
    let want = read_fixture();
    for (k, v) in &want {
        let is_real = k.starts_with("games.csv") || k.starts_with("seed-matches");
        if is_real && real_streams < 2 {
            continue;
        }
        assert_eq!(got.get(k), Some(v), "{k}");
    }
    assert_eq!(
        got.len(),
        want.len()
            - if real_streams < 2 {
                want.keys()
                    .filter(|k| k.starts_with("games.csv") || k.starts_with("seed-matches"))
                    .count()
            } else {
                0
            },
        "the same lines"
    );
}
