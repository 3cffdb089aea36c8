//! Native cost of `explain_one` against `predict_one` on the same samples (docs/explain.md):
//! the default pipeline (StandardScaler | TargetStandardScaler(LinearRegression)) and the
//! page's spec (MaxAbs, AdaGrad, Huber, target scaler), ~20 sparse features per sample, learnt
//! on 4096 samples first.
//! Run: `cargo bench --bench explain`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rivulet::learn::{Model, Spec};

const N: usize = 4096;

// Only `stream` of the shared workload is used here.
#[allow(dead_code)]
#[path = "common/stream.rs"]
mod stream;

fn bench(c: &mut Criterion) {
    let data = stream::stream(N);
    let specs = [
        ("default", Model::new(Spec::default()).unwrap()),
        (
            "page spec",
            Model::from_spec_json(
                r#"{"scaler": "maxabs", "target_scaler": true, "model": {"type": "linear",
                    "optimizer": {"type": "adagrad", "lr": 0.007},
                    "loss": {"type": "huber", "epsilon": 0.05}}}"#,
            )
            .unwrap(),
        ),
    ];
    let mut g = c.benchmark_group("explain");
    g.throughput(Throughput::Elements(1));
    for (name, mut model) in specs {
        for (x, y) in &data {
            model.learn_one(x, *y).unwrap();
        }
        let mut i = 0;
        g.bench_function(format!("{name}: predict_one"), |b| {
            b.iter(|| {
                i += 1;
                black_box(model.predict_one(&data[i % N].0).unwrap())
            })
        });
        g.bench_function(format!("{name}: explain_one"), |b| {
            b.iter(|| {
                i += 1;
                black_box(model.explain_one(&data[i % N].0).unwrap())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
