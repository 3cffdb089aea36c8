//! A fixed workload for instruction-count profiling of the learner's hot path
//! (docs/perf/2026-11-speed-pass-2.md): the stream of `benches/learner.rs`, predict_one +
//! learn_one per sample.
//!
//! `valgrind --tool=callgrind target/native/examples/learner_profile [model|pipeline] [N]`
//! (instruction counts are repeatable on a loaded machine; criterion timings are not).

use rivulet::learn::compose::Pipeline;
use rivulet::learn::{Model, Spec};
use std::hint::black_box;

#[path = "../benches/common/stream.rs"]
mod stream;
use stream::stream;

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
            let (cats, interned) = stream::interned(&model, &data);
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
