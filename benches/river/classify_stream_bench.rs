//! Native speed of a classifier on a stream file: ns per `predict_proba_one` + `learn_one`
//! (string keys, through `Model`), for `benches/river/classify.py`, which times River on the
//! same stream in the same run.
//!   cargo run --profile native --example classify_stream_bench -- STREAM.json SPEC_JSON
//! The stream is `[{"x": [[name, number | string], ...], "y": bool}, ...]`. Prints one JSON line.

use rivulet::learn::{FeatureValue, Model};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (path, spec) = match (args.get(1), args.get(2)) {
        (Some(p), Some(s)) => (p, s),
        _ => {
            eprintln!("usage: classify_stream_bench STREAM.json SPEC_JSON");
            std::process::exit(2);
        }
    };
    let text = std::fs::read_to_string(path).expect("the stream file");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a JSON array");
    // Owned names and values; borrowed per call as the Model API takes them.
    type Owned = (Vec<(String, Option<f64>, Option<String>)>, f64);
    let data: Vec<Owned> = rows
        .iter()
        .map(|r| {
            let x = r["x"]
                .as_array()
                .unwrap()
                .iter()
                .map(|kv| {
                    let name = kv[0].as_str().unwrap().to_string();
                    match kv[1].as_str() {
                        Some(c) => (name, None, Some(c.to_string())),
                        None => (name, kv[1].as_f64(), None),
                    }
                })
                .collect();
            (x, f64::from(u8::from(r["y"].as_bool().unwrap())))
        })
        .collect();
    let samples: Vec<(Vec<(&str, FeatureValue<'_>)>, f64)> = data
        .iter()
        .map(|(x, y)| {
            let x = x
                .iter()
                .map(|(n, v, c)| match (v, c) {
                    (Some(v), _) => (n.as_str(), FeatureValue::Num(*v)),
                    (None, Some(c)) => (n.as_str(), FeatureValue::Cat(c.as_str())),
                    _ => unreachable!(),
                })
                .collect();
            (x, *y)
        })
        .collect();
    let run = |model: &mut Model| {
        let t0 = Instant::now();
        let mut acc = 0.0;
        for (x, y) in &samples {
            acc += model.predict_proba_one(x).unwrap();
            model.learn_one(x, *y).unwrap();
        }
        assert!(acc.is_finite());
        t0.elapsed().as_nanos() as f64 / samples.len() as f64
    };
    run(&mut Model::from_spec_json(spec).unwrap()); // warm-up
    let ns = run(&mut Model::from_spec_json(spec).unwrap());
    println!("{{\"ns_per_sample\":{ns},\"n\":{}}}", samples.len());
}
