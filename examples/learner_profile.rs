//! A fixed workload for instruction-count profiling of the learner's hot path (README "The
//! learner"): the stream of `benches/learner.rs`, predict_one + learn_one per sample.
//!
//! `valgrind --tool=callgrind target/native/examples/learner_profile [model|pipeline] [N]`
//! (instruction counts are repeatable on a loaded machine; criterion timings are not).

use rivulet::learn::compose::Pipeline;
use rivulet::learn::{FeatureValue, Model, Spec};
use std::hint::black_box;

/// The stream of `benches/learner.rs`: 10 champion one-hots of 170, a mode, hour, weekday,
/// 6 counts.
fn stream(n: usize) -> Vec<(Vec<(String, FeatureValue<'static>)>, f64)> {
    let mut s: u64 = 42;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    const MODES: [&str; 4] = ["CLASSIC", "ARAM", "URF", "CHERRY"];
    (0..n)
        .map(|_| {
            let mut x: Vec<(String, FeatureValue)> = (0..10)
                .map(|t| {
                    let side = if t < 5 { "blue" } else { "red" };
                    (
                        format!("{side}_champ_{}", next() % 170),
                        FeatureValue::Num(1.0),
                    )
                })
                .collect();
            x.sort_by(|a, b| a.0.cmp(&b.0));
            x.dedup_by(|a, b| a.0 == b.0);
            x.push((
                "mode".into(),
                FeatureValue::Cat(MODES[(next() % 4) as usize]),
            ));
            x.push(("hour".into(), FeatureValue::Num((next() % 24) as f64)));
            x.push(("weekday".into(), FeatureValue::Num((next() % 7) as f64)));
            for k in 0..6 {
                x.push((
                    format!("count_{k}"),
                    FeatureValue::Num((next() % 50) as f64),
                ));
            }
            (x, 1200.0 + (next() % 1200) as f64)
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "model".into());
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let data = stream(4096);
    // Warm up: every key interned, state vectors grown (as in the criterion bench).
    let mut model = Model::new(Spec::default()).expect("default spec");
    for (x, y) in &data {
        model.learn_one(x, *y).expect("learn");
    }
    let mut acc = 0.0;
    match what.as_str() {
        "model" => {
            for k in 0..n {
                let (x, y) = &data[k % data.len()];
                acc += model.predict_one(x).expect("predict");
                model.learn_one(x, *y).expect("learn");
            }
        }
        "pipeline" => {
            let cats: Vec<bool> = (0..model.n_features())
                .map(|id| model.is_categorical(id as u32))
                .collect();
            let interned: Vec<(Vec<(u32, f64)>, f64)> = data
                .iter()
                .map(|(x, y)| {
                    let ids = x
                        .iter()
                        .map(|(k, v)| match v {
                            FeatureValue::Num(f) => (model.feature_id(k).expect("known"), *f),
                            FeatureValue::Cat(c) => {
                                (model.feature_id(&format!("{k}={c}")).expect("known"), 1.0)
                            }
                        })
                        .collect();
                    (ids, *y)
                })
                .collect();
            let mut pipe: Pipeline = Spec::default().build().expect("default spec");
            for (x, y) in &interned {
                pipe.learn_one(x, *y, &cats).expect("learn");
            }
            for k in 0..n {
                let (x, y) = &interned[k % interned.len()];
                acc += pipe.predict_one(x, &cats);
                pipe.learn_one(x, *y, &cats).expect("learn");
            }
        }
        other => {
            eprintln!("usage: learner_profile [model|pipeline] [N], got {other}");
            std::process::exit(2);
        }
    }
    println!("{what}: {n} samples, sum of predictions {}", black_box(acc));
}
