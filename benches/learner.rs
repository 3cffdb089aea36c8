//! Native speed of the learner core: predict_one + learn_one per sample, StandardScaler |
//! TargetStandardScaler(LinearRegression), ~20 sparse features per sample (README "The learner").
//! Run: `cargo bench --bench learner`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rivulet::learn::compose::Pipeline;
use rivulet::learn::{FeatureValue, Model, Spec};

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

    // Interned ids straight into the pipeline (names already mapped to ids).
    let cats: Vec<bool> = (0..model.n_features())
        .map(|id| model.feature_name(id as u32).unwrap().contains('='))
        .collect();
    let interned: Vec<(Vec<(u32, f64)>, f64)> = data
        .iter()
        .map(|(x, y)| {
            let ids = x
                .iter()
                .map(|(n, v)| match v {
                    FeatureValue::Num(f) => (model.feature_id(n).unwrap(), *f),
                    FeatureValue::Cat(c) => (model.feature_id(&format!("{n}={c}")).unwrap(), 1.0),
                })
                .collect();
            (ids, *y)
        })
        .collect();
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

criterion_group!(benches, bench);
criterion_main!(benches);
