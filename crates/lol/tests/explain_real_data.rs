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
    let mut model = Model::from_spec_json(&default_model_spec().to_string()).unwrap();
    let mut predictor = DurationPredictor::new(None).unwrap();
    let cfg = FeatureConfig::default();
    let mut worst: f64 = 0.0;
    for (t, g) in games.iter().take(3000).enumerate() {
        let raw = featurize(&g.game, &g.extras, &cfg);
        let x: Vec<(&str, FeatureValue<'_>)> = raw.iter().map(Feature::as_input).collect();
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
