//! Native speed of the learner core: predict_one + learn_one per sample, StandardScaler |
//! TargetStandardScaler(LinearRegression), ~20 sparse features per sample
//! (docs/perf/2026-11-benchmarks.md).
//! Run: `cargo bench --bench learner`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rivulet::learn::compose::{Pipeline, Step};
use rivulet::learn::preprocessing::StandardScaler;
use rivulet::learn::{Model, Spec};

const N: usize = 4096;

#[path = "common/stream.rs"]
mod stream;

fn bench(c: &mut Criterion) {
    let data = stream::stream(N);
    let mut g = c.benchmark_group("predict+learn");
    g.throughput(Throughput::Elements(1));

    // String-keyed input through the facade.
    let mut model = Model::new(Spec::default()).unwrap();
    for (x, y) in &data {
        model.learn_one(x, *y).unwrap();
    }
    let mut i = 0;
    g.bench_function("model, string keys", |b| {
        b.iter(|| {
            let (x, y) = &data[i % N];
            i += 1;
            black_box(model.predict_one(x).unwrap());
            model.learn_one(x, *y).unwrap();
        })
    });

    // The same through the one-call form (x resolved once): progressive validation.
    let mut one = Model::new(Spec::default()).unwrap();
    for (x, y) in &data {
        one.learn_one(x, *y).unwrap();
    }
    let mut k = 0;
    g.bench_function("model, string keys, predict_learn_one", |b| {
        b.iter(|| {
            let (x, y) = &data[k % N];
            k += 1;
            black_box(one.predict_learn_one(x, *y).unwrap());
        })
    });

    // The same in two steps, resolved once (`resolve`, `predict_resolved`, `learn_resolved`).
    let mut two = Model::new(Spec::default()).unwrap();
    for (x, y) in &data {
        two.learn_one(x, *y).unwrap();
    }
    let mut r = 0;
    g.bench_function("model, string keys, resolved once", |b| {
        b.iter(|| {
            let (x, y) = &data[r % N];
            r += 1;
            let token = two.resolve(x).unwrap();
            black_box(two.predict_resolved(&token).unwrap());
            two.learn_resolved(&token, *y).unwrap();
        })
    });

    // Interned ids straight into the pipeline (names already mapped to ids).
    let (cats, interned) = stream::interned(&model, &data);
    let mut pipe: Pipeline = Spec::default().build().unwrap();
    let mut j = 0;
    g.bench_function("pipeline, interned ids", |b| {
        b.iter(|| {
            let (x, y) = &interned[j % N];
            j += 1;
            black_box(pipe.predict_one(x, &cats));
            pipe.learn_one(x, *y, &cats).unwrap();
        })
    });
    g.finish();
}

/// `learn_many_dense` on 26 numeric columns, every row full, batches of 1,000: the native side
/// of the Node bench's `learn_many_dense_full_ns_per_sample` (same values, same spec).
fn bench_dense(c: &mut Criterion) {
    const WIDTH: usize = 26;
    const ROWS: usize = 1000;
    let spec = Spec {
        scale_one_hot: true,
        ..Spec::default()
    };
    let names: Vec<(String, bool)> = (0..WIDTH).map(|j| (format!("f{j}"), false)).collect();
    let rows: Vec<f64> = (0..ROWS * WIDTH)
        .map(|k| ((k / WIDTH * 31 + k % WIDTH * 17) % 97) as f64 / 10.0)
        .collect();
    let ys: Vec<f64> = (0..ROWS)
        .map(|i| 1200.0 + (i * 7919 % 1200) as f64)
        .collect();
    let mut model = Model::new(spec).unwrap();
    let layout = model.register_layout(&names).unwrap();
    let mut g = c.benchmark_group("learn_many_dense");
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("26 columns, full rows, batches of 1,000", |b| {
        b.iter(|| model.learn_many_dense(&layout, &rows, &ys).unwrap())
    });
    // The floor River's formulas set: the StandardScaler's update and scaling alone (two
    // divisions and a root to update, a division to scale, per value) on the same rows.
    let features: Vec<Vec<(u32, f64)>> = rows
        .chunks_exact(WIDTH)
        .map(|r| r.iter().enumerate().map(|(j, &v)| (j as u32, v)).collect())
        .collect();
    let mut scaler = StandardScaler::default();
    let mut out = Vec::with_capacity(WIDTH);
    g.bench_function("26 columns, StandardScaler alone", |b| {
        b.iter(|| {
            for x in &features {
                out.clear();
                scaler.learn_transform_extend(x, &[], &mut out);
                black_box(&out);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench, bench_dense);
criterion_main!(benches);
