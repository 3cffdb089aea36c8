//! `explain_one` on real games (games.csv, skipped with a message when ../shared/data is absent):
//! the learner's parts add up to its prediction, and the page predictor's explanation adds up to
//! its expected duration at every elapsed time.
#![cfg(not(target_arch = "wasm32"))]

use rivulet::learn::linear_model::sigmoid;
use rivulet::learn::{FeatureValue, Model};

/// Checks one explanation against `predict_one`; `exact`: the parts must add up to the bit.
/// Returns the worst relative gap seen (0 when exact).
fn check(m: &Model, x: &[(&str, FeatureValue<'_>)], exact: bool, what: &str) -> f64 {
    let e = m.explain_one(x).unwrap();
    let p = m.predict_one(x).unwrap();
    assert_eq!(e.prediction.to_bits(), p.to_bits(), "{what}: prediction");
    // The keys, as sent, in x's order; keys new to the model left out.
    let want: Vec<(String, f64)> = x
        .iter()
        .map(|(n, v)| match v {
            FeatureValue::Num(f) => (n.to_string(), *f),
            FeatureValue::Cat(c) => (format!("{n}={c}"), 1.0),
        })
        .filter(|(k, _)| m.feature_id(k).is_some())
        .collect();
    let got: Vec<(String, f64)> = e
        .features
        .iter()
        .map(|c| (c.feature.clone(), c.value))
        .collect();
    assert_eq!(got, want, "{what}: keys");
    let total = match e.logit {
        Some(z) => {
            assert!(m.is_classifier());
            assert_eq!(sigmoid(z).to_bits(), p.to_bits(), "{what}: σ(logit)");
            z
        }
        None => p,
    };
    let sum = e.sum();
    if exact {
        assert_eq!(sum.to_bits(), total.to_bits(), "{what}: {sum} vs {total}");
        0.0
    } else {
        let scale =
            e.intercept.abs() + e.features.iter().map(|c| c.contribution.abs()).sum::<f64>();
        let gap = (sum - total).abs();
        assert!(
            gap <= 1e-12 * scale,
            "{what}: {sum} vs {total} (scale {scale})"
        );
        if scale > 0.0 {
            gap / scale
        } else {
            0.0
        }
    }
}

/// Progressive run: explain, check, learn. Returns the worst relative gap.

#[test]
fn games_csv_parts_add_up_for_the_learner_and_the_page_predictor() {
    use rivulet_lol::features::{featurize, is_one_hot, FeatureConfig};
    use rivulet_lol::predictor::{default_model_spec, DurationPredictor};
    // RIVULET_SHARED_DATA points elsewhere (e.g. from a worktree).
    let data = std::env::var("RIVULET_SHARED_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
        });
    let p = data.join("kaggle-datasnaek-games-2017/games.csv");
    if !p.exists() {
        eprintln!(
            "skipped: {} is absent (real data not available)",
            p.display()
        );
        return;
    }
    let games = rivulet_lol::datasets::read_games_csv(&p).unwrap();
    let mut model = Model::from_spec_json(&default_model_spec().to_string()).unwrap();
    let mut predictor = DurationPredictor::new(None).unwrap();
    let cfg = FeatureConfig::default();
    let mut worst: f64 = 0.0;
    for (t, g) in games.iter().take(3000).enumerate() {
        let raw = featurize(&g.game, &g.extras, &cfg);
        let x: Vec<(&str, FeatureValue<'_>)> = raw
            .iter()
            .map(|(k, v)| match k.split_once('=') {
                Some((name, value)) if is_one_hot(k) => (name, FeatureValue::Cat(value)),
                _ => (k.as_str(), FeatureValue::Num(*v)),
            })
            .collect();
        worst = worst.max(check(&model, &x, false, &format!("games.csv game {t}")));
        model.learn_one(&x, g.duration_s).unwrap();
        if t % 10 == 0 {
            for elapsed in [0.0, 900.0, 1800.0] {
                let e = predictor.explain(&g.game, &g.extras, elapsed).unwrap();
                let total = e.typical
                    + e.parts.iter().map(|p| p.contribution).sum::<f64>()
                    + e.clamp
                    + e.elapsed_shift;
                assert!(
                    (total - e.expected).abs() < 1e-9,
                    "game {t} at {elapsed}: {total} vs {}",
                    e.expected
                );
            }
        }
        predictor.learn(&g.game, &g.extras, g.duration_s).unwrap();
    }
    println!("games.csv: 3000 games, worst relative gap {worst:.2e}");
}
