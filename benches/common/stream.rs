//! The learner benchmarks' shared workload (`benches/learner.rs`, `examples/learner_profile.rs`).

use rivulet::learn::{FeatureValue, Model};

/// A stream like the LoL one, for the learner's benchmarks: 10 champion one-hots of 170, a mode,
/// hour, weekday, 6 counts (~19 keys per sample), deterministic.
pub fn stream(n: usize) -> Vec<(Vec<(String, FeatureValue<'static>)>, f64)> {
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

/// A sample as interned `(id, value)` pairs with its target.
pub type InternedRow = (Vec<(u32, f64)>, f64);

/// One-hot flags by id and the stream with its keys mapped to `model`'s ids (every key must be
/// known to it), for feeding the `Pipeline` directly.
pub fn interned(
    model: &Model,
    data: &[(Vec<(String, FeatureValue<'static>)>, f64)],
) -> (Vec<bool>, Vec<InternedRow>) {
    let cats = (0..model.n_features())
        .map(|id| model.is_categorical(id as u32))
        .collect();
    let rows = data
        .iter()
        .map(|(x, y)| {
            let ids = x
                .iter()
                .map(|(k, v)| match v {
                    FeatureValue::Num(f) => (model.feature_id(k).expect("known key"), *f),
                    FeatureValue::Cat(c) => (
                        model.feature_id(&format!("{k}={c}")).expect("known key"),
                        1.0,
                    ),
                })
                .collect();
            (ids, *y)
        })
        .collect();
    (cats, rows)
}
