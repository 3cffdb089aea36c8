//! Merged vs single-stream MAE on games.csv (docs/npm-package.md, "Merging"): the first 80 % of
//! the games (in file order) are learnt by one model, or split into K shards (contiguous time
//! slices, and round-robin) learnt apart and merged with `Model::merge`; each model is scored on
//! the last 20 %. The app's default spec (maxabs, target scaler, AdaGrad, Huber) and the learner's
//! default (standard scaler, SGD, squared) are both measured.
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
    for (label, spec) in &specs {
        let mut single = Model::from_spec_json(spec).unwrap();
        for (x, y) in train {
            single.learn_one(x, *y).unwrap();
        }
        let single_mae = mae(&single, test);
        for k in [2usize, 10] {
            for split in ["contiguous", "round-robin"] {
                let mut shards: Vec<Model> = (0..k)
                    .map(|_| Model::from_spec_json(spec).unwrap())
                    .collect();
                for (i, (x, y)) in train.iter().enumerate() {
                    let s = if split == "contiguous" {
                        i * k / train.len()
                    } else {
                        i % k
                    };
                    shards[s].learn_one(x, *y).unwrap();
                }
                let refs: Vec<&Model> = shards.iter().collect();
                let merged = Model::merge(&refs).unwrap();
                let shard_mae = shards.iter().map(|m| mae(m, test)).sum::<f64>() / k as f64;
                println!(
                    "| {label} | {k} | {split} | {:.1} | {single_mae:.1} | {shard_mae:.1} |",
                    mae(&merged, test)
                );
            }
        }
    }
}
