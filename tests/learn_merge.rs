//! `Model::merge` (src/learn/model/merge.rs): running statistics merge exactly (Chan), against
//! one model that saw both streams; weights, intercept and optimizer state by their documented
//! rules, for the linear regressor and the logistic classifier (its initializer and cumulative
//! L1 penalty too); different specs and other model types refused.

use rivulet::learn::json::{parse, Json};
use rivulet::learn::{FeatureValue, FeatureValue::Cat, FeatureValue::Num, Model};

fn sample(i: u32) -> Vec<(String, FeatureValue<'static>)> {
    let modes = ["ARAM", "CLASSIC", "URF"];
    let mut x = vec![
        ("hour".to_string(), Num(f64::from((i * 7) % 24) + 0.5)),
        (format!("champ_{}", i % 17), Num(1.0)),
        ("gold".to_string(), Num(1000.0 + f64::from((i * 131) % 977))),
        ("mode".to_string(), Cat(modes[(i % 3) as usize])),
    ];
    if i.is_multiple_of(5) {
        x.push((format!("rare_{}", i % 11), Num(f64::from(i % 4))));
    }
    x
}

fn target(i: u32) -> f64 {
    1500.0 + f64::from((i * 37) % 400) - if i.is_multiple_of(3) { 300.0 } else { 0.0 }
}

fn state(m: &Model) -> Json {
    parse(&m.to_json().unwrap()).unwrap()
}

/// Feature key → value of a per-feature state column.
fn by_key(m: &Model, path: &[&str], key: &str) -> Vec<(String, f64)> {
    let s = state(m);
    let names: Vec<String> = match s.get("features") {
        Some(Json::Arr(a)) => a
            .iter()
            .map(|v| match v {
                Json::Str(s) => s.clone(),
                _ => panic!(),
            })
            .collect(),
        _ => panic!(),
    };
    let mut at = s.get("state").unwrap();
    for p in path {
        at = match p.parse::<usize>() {
            Ok(i) => match at {
                Json::Arr(a) => &a[i],
                _ => panic!(),
            },
            Err(_) => at.get(p).unwrap(),
        };
    }
    let col: Vec<f64> = match at.get(key) {
        Some(Json::Arr(a)) => a
            .iter()
            .map(|v| match v {
                Json::Num(x) => *x,
                Json::U64(x) => *x as f64,
                _ => panic!(),
            })
            .collect(),
        _ => panic!("{key}"),
    };
    let mut out: Vec<(String, f64)> = col
        .into_iter()
        .enumerate()
        .map(|(i, v)| (names[i].clone(), v))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The merged weights are `¾·wₐ + ¼·w_b` (a learnt 3 samples for each of b's), a key a model
/// never learnt counting 0 there.
fn assert_weights_fedavg(a: &Model, b: &Model, merged: &Model, what: &str) {
    let (wa, wb, wm) = (
        by_key(a, &["regressor"], "weights"),
        by_key(b, &["regressor"], "weights"),
        by_key(merged, &["regressor"], "weights"),
    );
    for (k, v) in &wm {
        let want = 0.75 * get(&wa, k) + 0.25 * get(&wb, k);
        assert!(close(*v, want), "{what} weight {k}: {v} vs {want}");
    }
}

/// Key `k`'s value in a `by_key` column (0 where absent).
fn get(col: &[(String, f64)], k: &str) -> f64 {
    col.iter().find(|(n, _)| n == k).map_or(0.0, |p| p.1)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn learn(m: &mut Model, i: u32) {
    let x = sample(i);
    m.learn_one(&x, target(i)).unwrap();
}

#[test]
fn running_statistics_merge_exactly_as_one_model_on_both_streams() {
    for scaler in ["standard", "maxabs"] {
        let spec = format!(r#"{{"scaler": "{scaler}", "scale_one_hot": true}}"#);
        let (mut a, mut b, mut c, mut all) = (
            Model::from_spec_json(&spec).unwrap(),
            Model::from_spec_json(&spec).unwrap(),
            Model::from_spec_json(&spec).unwrap(),
            Model::from_spec_json(&spec).unwrap(),
        );
        // Three shards of unequal sizes, keys first seen in different shards.
        for i in 0..900u32 {
            match i % 7 {
                0 | 1 => learn(&mut a, i),
                2 => learn(&mut b, i),
                _ => learn(&mut c, i),
            }
            learn(&mut all, i);
        }
        let merged = Model::merge(&[&a, &b, &c]).unwrap();
        assert_eq!(merged.n_learned(), 900);
        assert_eq!(merged.n_features(), all.n_features());
        let cols: &[&str] = if scaler == "standard" {
            &["counts", "means", "vars"]
        } else {
            &["abs_max"]
        };
        for col in cols {
            let (m, o) = (
                by_key(&merged, &["transformers", "0"], col),
                by_key(&all, &["transformers", "0"], col),
            );
            assert_eq!(m.len(), o.len());
            for ((km, vm), (ko, vo)) in m.iter().zip(&o) {
                assert_eq!(km, ko);
                assert!(
                    close(*vm, *vo),
                    "{scaler} {col} {km}: merged {vm}, one stream {vo}"
                );
            }
        }
        let (tm, to) = (state(&merged), state(&all));
        let var = |s: &Json| {
            let v = s
                .get("state")
                .unwrap()
                .get("target")
                .unwrap()
                .get("var")
                .unwrap();
            let num = |j: &Json| match j {
                Json::Num(x) => *x,
                Json::U64(x) => *x as f64,
                _ => panic!(),
            };
            let mean = v.get("mean").unwrap();
            (
                num(mean.get("n").unwrap()),
                num(mean.get("mean").unwrap()),
                num(v.get("s").unwrap()),
            )
        };
        let (vm, vo) = (var(&tm), var(&to));
        assert!(
            close(vm.0, vo.0) && close(vm.1, vo.1) && close(vm.2, vo.2),
            "{vm:?} vs {vo:?}"
        );
    }
}

#[test]
fn weights_and_optimizer_state_follow_their_rules() {
    for opt in ["sgd", "adam", "adagrad", "rmsprop", "ftrl"] {
        let spec =
            format!(r#"{{"model": {{"type": "linear", "optimizer": {{"type": "{opt}"}}}}}}"#);
        let (mut a, mut b) = (
            Model::from_spec_json(&spec).unwrap(),
            Model::from_spec_json(&spec).unwrap(),
        );
        for i in 0..300u32 {
            learn(&mut a, i);
            if i < 100 {
                learn(&mut b, i + 1000);
            }
        }
        let merged = Model::merge(&[&a, &b]).unwrap();
        // FedAvg: weights are (3·wₐ + w_b) / 4, a key b never saw at ¾ of a's weight.
        assert_weights_fedavg(&a, &b, &merged, opt);
        let opt_col = |m: &Model, key: &str| by_key(m, &["regressor", "optimizer"], key);
        let check = |key: &str, rule: &dyn Fn(f64, f64) -> f64| {
            let (ca, cb, cm) = (opt_col(&a, key), opt_col(&b, key), opt_col(&merged, key));
            for (k, v) in &cm {
                let want = rule(get(&ca, k), get(&cb, k));
                assert!(close(*v, want), "{opt} {key} {k}: {v} vs {want}");
            }
        };
        let fedavg = |x: f64, y: f64| 0.75 * x + 0.25 * y;
        match opt {
            "adam" => {
                check("m", &fedavg);
                check("v", &fedavg);
            }
            "rmsprop" => check("g2", &fedavg),
            "adagrad" => check("g2", &|x, y| x + y),
            "ftrl" => {
                check("z", &fedavg);
                check("n", &fedavg);
            }
            _ => {}
        }
        let iters = |m: &Model| match state(m)
            .get("state")
            .unwrap()
            .get("regressor")
            .unwrap()
            .get("optimizer")
            .unwrap()
            .get("n_iterations")
        {
            Some(Json::U64(n)) => *n,
            other => panic!("{other:?}"),
        };
        assert_eq!(iters(&merged), iters(&a) + iters(&b), "{opt}");
        // The merged model predicts and keeps learning; it saves and loads.
        let mut m = Model::from_json(&merged.to_json().unwrap()).unwrap();
        assert!(m.predict_one(&sample(5)).unwrap().is_finite());
        learn(&mut m, 5);
    }
}

#[test]
fn models_that_cannot_merge_are_refused_with_the_reason() {
    let mut a = Model::default();
    learn(&mut a, 1);
    let e = Model::merge(&[
        &a,
        &Model::from_spec_json(r#"{"scaler": "maxabs"}"#).unwrap(),
    ])
    .unwrap_err();
    assert!(e.to_string().contains("does not have the same spec"), "{e}");
    let fm = Model::from_spec_json(r#"{"model": {"type": "fm"}}"#).unwrap();
    let e = Model::merge(&[&fm, &fm.clone()]).unwrap_err();
    assert!(e.to_string().contains("only linear models merge"), "{e}");
    let normal = Model::from_spec_json(
        r#"{"model": {"type": "logistic", "initializer": {"type": "normal", "seed": 3}}}"#,
    )
    .unwrap();
    let e = Model::merge(&[&normal, &normal.clone()]).unwrap_err();
    assert!(e.to_string().contains("own random generator"), "{e}");
    assert!(Model::merge(&[])
        .unwrap_err()
        .to_string()
        .contains("no models"));
    let mut num = Model::default();
    num.learn_one(&[("k=v", Num(1.0))], 1.0).unwrap();
    let mut cat = Model::default();
    cat.learn_one(&[("k", Cat("v"))], 1.0).unwrap();
    let e = Model::merge(&[&num, &cat]).unwrap_err();
    assert!(
        e.to_string()
            .contains("'k=v' is a number in one model and a one-hot key"),
        "{e}"
    );
}

fn label(i: u32) -> f64 {
    f64::from(u8::from(target(i) < 1600.0))
}

fn learn_label(m: &mut Model, i: u32) {
    m.learn_one(&sample(i), label(i)).unwrap();
}

fn scalar(m: &Model, path: &[&str], key: &str) -> f64 {
    let s = state(m);
    let mut at = s.get("state").unwrap();
    for p in path {
        at = at.get(p).unwrap();
    }
    match at.get(key) {
        Some(Json::Num(x)) => *x,
        Some(Json::U64(x)) => *x as f64,
        other => panic!("{key}: {other:?}"),
    }
}

/// The keys a logistic model has learnt (its `known` ids), sorted.
fn known_keys(m: &Model) -> Vec<String> {
    let s = state(m);
    let names = match s.get("features") {
        Some(Json::Arr(a)) => a.clone(),
        _ => panic!(),
    };
    let ids = match s
        .get("state")
        .unwrap()
        .get("regressor")
        .unwrap()
        .get("known")
    {
        Some(Json::Arr(a)) => a.clone(),
        other => panic!("{other:?}"),
    };
    let mut out: Vec<String> = ids
        .iter()
        .map(|id| match (id, &names[..]) {
            (Json::U64(i), n) => match &n[*i as usize] {
                Json::Str(s) => s.clone(),
                _ => panic!(),
            },
            _ => panic!(),
        })
        .collect();
    out.sort();
    out
}

#[test]
fn logistic_models_merge_by_the_same_rules() {
    for opt in ["sgd", "adam", "adagrad", "rmsprop", "ftrl"] {
        let spec = format!(
            r#"{{"scale_one_hot": true, "model": {{"type": "logistic", "optimizer": {{"type": "{opt}"}}}}}}"#
        );
        let (mut a, mut b, mut all) = (
            Model::from_spec_json(&spec).unwrap(),
            Model::from_spec_json(&spec).unwrap(),
            Model::from_spec_json(&spec).unwrap(),
        );
        // b sees 100 samples of another part of the stream, with a key a never sees.
        for i in 0..300u32 {
            learn_label(&mut a, i);
            learn_label(&mut all, i);
            if i < 100 {
                let mut x = sample(i + 1003);
                x.push(("b_only".to_string(), Num(f64::from(i % 3))));
                b.learn_one(&x, label(i + 1003)).unwrap();
                all.learn_one(&x, label(i + 1003)).unwrap();
            }
        }
        let merged = Model::merge(&[&a, &b]).unwrap();
        assert!(merged.is_classifier(), "{opt}");
        assert_eq!(merged.n_learned(), 400);
        // The scaler's statistics: one model on both streams.
        for col in ["counts", "means", "vars"] {
            let (m, o) = (
                by_key(&merged, &["transformers", "0"], col),
                by_key(&all, &["transformers", "0"], col),
            );
            assert_eq!(m.len(), o.len());
            for ((km, vm), (_, vo)) in m.iter().zip(&o) {
                assert!(close(*vm, *vo), "{opt} {col} {km}: {vm} vs {vo}");
            }
        }
        // Weights and intercept: FedAvg, ¾ and ¼, a key one model never learnt at 0 there.
        assert_weights_fedavg(&a, &b, &merged, opt);
        let (wa, wm) = (
            by_key(&a, &["regressor"], "weights"),
            by_key(&merged, &["regressor"], "weights"),
        );
        assert!(
            wm.iter().any(|(k, _)| wa.iter().all(|(n, _)| n != k)),
            "b learns keys a never sees"
        );
        let intercept = |m: &Model| scalar(m, &["regressor"], "intercept");
        let want = 0.75 * intercept(&a) + 0.25 * intercept(&b);
        assert!(close(intercept(&merged), want), "{opt} intercept");
        // A classifier still: probabilities, boolean labels, save and load.
        let mut m = Model::from_json(&merged.to_json().unwrap()).unwrap();
        let p = m.predict_proba_one(&sample(7)).unwrap();
        assert!(p > 0.0 && p < 1.0, "{opt} {p}");
        learn_label(&mut m, 7);
        assert!(m.learn_one(&sample(8), 2.0).is_err(), "labels stay 0 / 1");
    }
}

#[test]
fn a_constant_initializer_counts_a_key_a_model_never_learnt_as_its_start() {
    let spec = r#"{"scaler": "none", "model": {"type": "logistic", "initializer": {"type": "constant", "value": 0.5}}}"#;
    let (mut a, mut b) = (
        Model::from_spec_json(spec).unwrap(),
        Model::from_spec_json(spec).unwrap(),
    );
    a.learn_one(&[("only_a", Num(1.0)), ("both", Num(1.0))], 1.0)
        .unwrap();
    b.learn_one(&[("both", Num(2.0))], 0.0).unwrap();
    let merged = Model::merge(&[&a, &b]).unwrap();
    let (wa, wm) = (
        by_key(&a, &["regressor"], "weights"),
        by_key(&merged, &["regressor"], "weights"),
    );
    let get = |w: &[(String, f64)], k: &str| w.iter().find(|(n, _)| n == k).unwrap().1;
    // Equal counts: half a's learnt weight, half b's start (0.5), not half of 0.
    let want = 0.5 * get(&wa, "only_a") + 0.5 * 0.5;
    assert!(
        close(get(&wm, "only_a"), want),
        "{} vs {want}",
        get(&wm, "only_a")
    );
    assert_eq!(known_keys(&merged), ["both", "only_a"]);
}

#[test]
fn a_logistic_models_l1_penalty_still_to_apply_is_the_fedavg() {
    let spec = r#"{"scaler": "none", "model": {"type": "logistic", "l1": 0.001, "optimizer": {"type": "sgd", "lr": 0.05}}}"#;
    let (mut a, mut b) = (
        Model::from_spec_json(spec).unwrap(),
        Model::from_spec_json(spec).unwrap(),
    );
    for i in 0..240u32 {
        learn_label(&mut a, i);
        if i < 80 {
            learn_label(&mut b, i + 2001);
        }
    }
    let merged = Model::merge(&[&a, &b]).unwrap();
    let u = |m: &Model| scalar(m, &["regressor"], "max_cum_l1");
    assert!(u(&a) > 0.0 && u(&b) > 0.0);
    assert!(close(u(&merged), 0.75 * u(&a) + 0.25 * u(&b)));
    let (qa, qb, qm) = (
        by_key(&a, &["regressor"], "cum_l1"),
        by_key(&b, &["regressor"], "cum_l1"),
        by_key(&merged, &["regressor"], "cum_l1"),
    );
    for (k, v) in &qm {
        let want = 0.75 * get(&qa, k) + 0.25 * get(&qb, k);
        assert!(close(*v, want), "cum_l1 {k}: {v} vs {want}");
    }
    // A model merged with itself is itself: the same predictions, and after one more sample
    // the same weights (a summed `u` would double every weight's pending penalty instead).
    let (mut alone, mut twice) = (a.clone(), Model::merge(&[&a, &a]).unwrap());
    for i in [3u32, 500, 777] {
        let p = alone.predict_proba_one(&sample(i)).unwrap();
        assert!(
            close(twice.predict_proba_one(&sample(i)).unwrap(), p),
            "{i}"
        );
    }
    learn_label(&mut alone, 4);
    learn_label(&mut twice, 4);
    let (w1, w2) = (
        by_key(&alone, &["regressor"], "weights"),
        by_key(&twice, &["regressor"], "weights"),
    );
    for ((k, x), (_, y)) in w1.iter().zip(&w2) {
        assert!(close(*x, *y), "{k}: alone {x}, merged with itself {y}");
    }
}
