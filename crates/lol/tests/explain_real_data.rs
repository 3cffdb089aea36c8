//! `explain_one` on real games (games.csv, skipped with a message when ../shared/data is absent):
//! the learner's parts add up to its prediction, and the page predictor's explanation adds up to
//! its expected duration at every elapsed time.
#![cfg(not(target_arch = "wasm32"))]

use rivulet::learn::{FeatureValue, Model};

#[path = "../../../tests/explain_check/mod.rs"]
mod explain_check;
use explain_check::check;

#[test]
fn games_csv_parts_add_up_for_the_learner_and_the_page_predictor() {
    use rivulet_lol::features::{featurize, Feature, FeatureConfig};
    use rivulet_lol::predictor::{default_model_spec, DurationPredictor};
    let Some(p) = rivulet_lol::datasets::shared_data("kaggle-datasnaek-games-2017/games.csv")
    else {
        return;
    };
    let games = rivulet_lol::datasets::read_games_csv(&p).unwrap();
    // Every estimator with parts: the page's pipeline; linear without a target scaler (to the
    // bit; AdaGrad, as plain SGD on seconds diverges); FM (its default rates diverge on these
    // ~60 keys per game, hence 0.002); logistic on "longer than 30:00" (the logit, to the bit).
    let mut models: Vec<(&str, Model, bool, bool)> = [
        (
            "page spec",
            default_model_spec().to_string(),
            false,
            false,
        ),
        (
            "linear, no target scaler",
            r#"{"target_scaler": false, "model": {"type": "linear", "optimizer": {"type": "adagrad", "lr": 1}}}"#.into(),
            true,
            false,
        ),
        (
            "fm",
            r#"{"model": {"type": "fm", "n_factors": 4, "seed": 1, "lr": 0.002, "latent_lr": 0.002}}"#.into(),
            false,
            false,
        ),
        ("logistic", r#"{"model": {"type": "logistic"}}"#.into(), true, true),
    ]
    .into_iter()
    .map(|(name, spec, exact, classify)| {
        (name, Model::from_spec_json(&spec).unwrap(), exact, classify)
    })
    .collect();
    let mut predictor = DurationPredictor::new(None).unwrap();
    let cfg = FeatureConfig::default();
    let mut worst = [0.0f64; 4];
    for (t, g) in games.iter().take(3000).enumerate() {
        let raw = featurize(&g.game, &g.extras, &cfg);
        let x: Vec<(&str, FeatureValue<'_>)> = raw.iter().map(Feature::as_input).collect();
        for (i, (name, model, exact, classify)) in models.iter_mut().enumerate() {
            let what = format!("games.csv game {t}, {name}");
            worst[i] = worst[i].max(check(model, &x, *exact, &what));
            let y = if *classify {
                f64::from(u8::from(g.duration_s > 1800.0))
            } else {
                g.duration_s
            };
            model.learn_one(&x, y).unwrap();
        }
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
    for ((name, ..), w) in models.iter().zip(worst) {
        println!("games.csv: 3000 games, {name}: worst relative gap {w:.2e}");
    }
}
