//! Merged vs single-stream MAE on games.csv (docs/npm-package.md, "Merging"): the first 80 % of
//! the games (in file order) are learnt by one model, or split into K shards (contiguous time
//! slices, and round-robin) learnt apart and merged with `Model::merge`; each model is scored on
//! the last 20 %. The app's default spec (maxabs, target scaler, AdaGrad, Huber) and the learner's
//! default (standard scaler, SGD, squared) are both measured; then the same for a classifier
//! ("ends before 25:00?", docs/classification.md) by log loss.
//!   cargo run --profile native -p rivulet-server --example merge_mae [-- PATH/games.csv]
//! Skips (with a message) when the file is absent (../shared/data is not in every checkout).
mod common;

use common::Row;
use rivulet::learn::{Model, Spec};
use rivulet_lol::predictor::default_model_spec;

fn mae(m: &Model, test: &[Row]) -> f64 {
    test.iter()
        .map(|(x, y)| (m.predict_one(x).unwrap() - y).abs())
        .sum::<f64>()
        / test.len() as f64
}

/// River's log loss (probabilities clipped to [1e-15, 1 − 1e-15]) of `m` on the test games, the
/// label being "ended before 25:00".
fn log_loss(m: &Model, test: &[Row]) -> f64 {
    test.iter()
        .map(|(x, d)| {
            let p = m.predict_proba_one(x).unwrap().clamp(1e-15, 1.0 - 1e-15);
            -if *d < CUT_S { p.ln() } else { (1.0 - p).ln() }
        })
        .sum::<f64>()
        / test.len() as f64
}

const CUT_S: f64 = 1500.0;

/// The table's rows for `specs`: one model on `train`, or K shards merged, scored by `score`
/// on `test` (`learn` gives a model one game), with `digits` decimals.
fn table(
    specs: &[(&str, String)],
    (train, test): (&[Row], &[Row]),
    learn: fn(&mut Model, &Row),
    score: fn(&Model, &[Row]) -> f64,
    digits: usize,
) {
    for (label, spec) in specs {
        let mut single = Model::from_spec_json(spec).unwrap();
        for row in train {
            learn(&mut single, row);
        }
        let single_score = score(&single, test);
        for k in [2usize, 10] {
            for split in ["contiguous", "round-robin"] {
                let mut shards: Vec<Model> = (0..k)
                    .map(|_| Model::from_spec_json(spec).unwrap())
                    .collect();
                for (i, row) in train.iter().enumerate() {
                    let s = if split == "contiguous" {
                        i * k / train.len()
                    } else {
                        i % k
                    };
                    learn(&mut shards[s], row);
                }
                let refs: Vec<&Model> = shards.iter().collect();
                let merged = Model::merge(&refs).unwrap();
                let shard_score = shards.iter().map(|m| score(m, test)).sum::<f64>() / k as f64;
                println!(
                    "| {label} | {k} | {split} | {:.digits$} | {single_score:.digits$} | {shard_score:.digits$} |",
                    score(&merged, test)
                );
            }
        }
    }
}

fn main() {
    let Some((path, rows)) = common::games_csv_rows(std::env::args().nth(1)) else {
        return;
    };
    let (train, test) = rows.split_at(rows.len() * 4 / 5);
    println!(
        "{path}: {} games learnt, {} scored",
        train.len(),
        test.len()
    );
    let specs = [
        (
            "app default (maxabs, AdaGrad, Huber)",
            default_model_spec().to_string(),
        ),
        (
            "learner default (standard, SGD, squared)",
            Spec::default().to_json(),
        ),
    ];
    println!("| spec | shards | split | merged MAE (s) | single-stream MAE (s) | mean MAE of the shard models (s) |");
    println!("|---|---|---|---|---|---|");
    let regress: fn(&mut Model, &Row) = |m, (x, y)| m.learn_one(x, *y).unwrap();
    table(&specs, (train, test), regress, mae, 1);

    let share =
        |rows: &[Row]| rows.iter().filter(|(_, d)| *d < CUT_S).count() as f64 / rows.len() as f64;
    let (p, short) = (share(train), share(test));
    let constant = -(short * p.ln() + (1.0 - short) * (1.0 - p).ln());
    println!(
        "\nClassifier, \"ends before 25:00?\" ({:.1} % of the scored games did; the learnt games' \
         share as a constant prediction: log loss {constant:.4}):\n",
        100.0 * short
    );
    let classifiers = [
        (
            "logistic, River's defaults (standard, SGD 0.01)",
            r#"{"model": {"type": "logistic"}}"#.to_string(),
        ),
        (
            "logistic, maxabs + AdaGrad 0.01",
            r#"{"scaler": "maxabs", "model": {"type": "logistic", "optimizer": {"type": "adagrad", "lr": 0.01}}}"#.to_string(),
        ),
    ];
    println!("| spec | shards | split | merged log loss | single-stream log loss | mean log loss of the shard models |");
    println!("|---|---|---|---|---|---|");
    let classify: fn(&mut Model, &Row) =
        |m, (x, d)| m.learn_one(x, f64::from(u8::from(*d < CUT_S))).unwrap();
    table(&classifiers, (train, test), classify, log_loss, 4);
}
