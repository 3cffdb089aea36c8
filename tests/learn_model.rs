//! The `learn::Model` facade: defaults, bad input, serialization round trips and validation.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use rivulet::learn::FeatureValue::{Cat, Num};
use rivulet::learn::{FeatureValue, Model, Spec};

fn sample(i: u32) -> Vec<(String, FeatureValue<'static>)> {
    const MODES: [&str; 3] = ["CLASSIC", "ARAM", "URF"];
    let mut x = vec![
        (format!("champ_{}", i % 7), Num(1.0)),
        ("hour".to_string(), Num(f64::from(i % 24) + 0.5)),
        ("mode".to_string(), Cat(MODES[(i % 3) as usize])),
    ];
    if i > 50 {
        x.push(("late".to_string(), Num(f64::from(i % 5))));
    }
    x
}

fn target(i: u32) -> f64 {
    1800.0 + 30.0 * f64::from(i % 24) + if i % 3 == 1 { -600.0 } else { 0.0 }
}

fn trained(spec: Spec, n: u32) -> Model {
    let mut m = Model::new(spec).unwrap();
    for i in 0..n {
        m.learn_one(&sample(i), target(i)).unwrap();
    }
    m
}

fn specs() -> Vec<Spec> {
    [
        "{}",
        r#"{"scaler":"maxabs","model":{"type":"linear","optimizer":{"type":"adam","lr":0.01},"loss":{"type":"huber","epsilon":0.5}}}"#,
        r#"{"scaler":"none","target_scaler":false,"model":{"type":"linear","optimizer":{"type":"adagrad"},"l2":0.01}}"#,
        r#"{"scale_one_hot":true,"model":{"type":"linear","optimizer":{"type":"ftrl"}}}"#,
        r#"{"model":{"type":"linear","optimizer":{"type":"rmsprop","lr":{"type":"inverse_scaling","learning_rate":0.01}}}}"#,
    ]
    .iter()
    .map(|s| Spec::from_json(s).unwrap())
    .collect()
}

#[test]
fn default_model_learns_the_mode_effect() {
    let m = trained(Spec::default(), 3000);
    let aram = m
        .predict_one(&[("hour", Num(10.5)), ("mode", Cat("ARAM"))])
        .unwrap();
    let classic = m
        .predict_one(&[("hour", Num(10.5)), ("mode", Cat("CLASSIC"))])
        .unwrap();
    assert!(classic - aram > 300.0, "ARAM {aram} vs CLASSIC {classic}");
    assert_eq!(m.n_learned(), 3000);
    let top = m.top_weights(3);
    assert_eq!(top.len(), 3);
    assert!(top[0].1.abs() >= top[2].1.abs());
    assert!(top.iter().any(|(k, _)| k.starts_with("mode=")), "{top:?}");
}

#[test]
fn serialization_round_trips_byte_identically_and_keeps_learning_identically() {
    for spec in specs() {
        let mut a = trained(spec.clone(), 200);
        let text = a.to_json().unwrap();
        let mut b = Model::from_json(&text).unwrap();
        assert_eq!(b.to_json().unwrap(), text, "{spec:?}");
        for i in 200..400 {
            let x = sample(i);
            assert_eq!(
                a.predict_one(&x).unwrap().to_bits(),
                b.predict_one(&x).unwrap().to_bits()
            );
            a.learn_one(&x, target(i)).unwrap();
            b.learn_one(&x, target(i)).unwrap();
        }
        assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    }
}

#[test]
fn bad_input_is_named_and_changes_nothing() {
    let mut m = trained(Spec::default(), 100);
    let before = m.to_json().unwrap();
    type Case<'a> = (Vec<(&'a str, FeatureValue<'a>)>, f64, &'a str);
    let cases: Vec<Case> = vec![
        (vec![("hour", Num(f64::NAN))], 1.0, "hour"),
        (
            vec![("a", Num(1.0)), ("gold", Num(f64::INFINITY))],
            1.0,
            "gold",
        ),
        (vec![("gold", Num(f64::NEG_INFINITY))], 1.0, "gold"),
        (vec![("hour", Num(1.0))], f64::NAN, "target"),
        (vec![("hour", Num(1.0))], f64::INFINITY, "target"),
        (
            vec![("new_one", Num(1.0)), ("new_one", Num(2.0))],
            1.0,
            "new_one",
        ),
        (vec![("mode=ARAM", Num(1.0))], 1.0, "mode=ARAM"),
        (
            vec![
                ("hour", Num(1.0)),
                ("mode", Cat("ARAM")),
                ("mode=ARAM", Num(1.0)),
            ],
            1.0,
            "mode",
        ),
    ];
    for (x, y, name) in cases {
        let e = m.learn_one(&x, y).unwrap_err().to_string();
        assert!(e.contains(name), "{e} should name {name}");
        assert_eq!(
            m.to_json().unwrap(),
            before,
            "learn_one({x:?}) changed the model"
        );
        let e = m.predict_learn_one(&x, y).unwrap_err().to_string();
        assert!(e.contains(name), "{e} should name {name}");
        assert_eq!(
            m.to_json().unwrap(),
            before,
            "predict_learn_one({x:?}) changed the model"
        );
    }
    let e = m.predict_one(&[("hour", Num(f64::NAN))]).unwrap_err();
    assert!(e.to_string().contains("hour"));
    // predict_one never changes the model, even with unknown features.
    m.predict_one(&[("never_seen", Num(3.0)), ("mode", Cat("NEW"))])
        .unwrap();
    assert_eq!(m.to_json().unwrap(), before);
}

#[test]
fn unknown_features_at_predict_count_as_zero() {
    let m = trained(Spec::default(), 100);
    let x = sample(7);
    let mut with_unknown = x.clone();
    with_unknown.push(("zzz".into(), Num(1e6)));
    assert_eq!(
        m.predict_one(&x).unwrap(),
        m.predict_one(&with_unknown).unwrap()
    );
}

#[test]
fn spec_errors_are_clear() {
    for (text, needle) in [
        (r#"{"scalar":"standard"}"#, "unknown field `scalar`"),
        (r#"{"scaler":"robust"}"#, "robust"),
        (r#"{"model":{"type":"tree"}}"#, "tree"),
        (
            r#"{"model":{"type":"linear","lr":0.1}}"#,
            "unknown field `lr`",
        ),
        (r#"{"model":{"type":"linear","l2":-1}}"#, "l2"),
        (
            r#"{"model":{"type":"linear","optimizer":{"type":"adam","beta_1":1.5}}}"#,
            "beta_1",
        ),
        (
            r#"{"model":{"type":"linear","optimizer":{"type":"sgd","lr":"fast"}}}"#,
            "lr",
        ),
        (
            r#"{"model":{"type":"linear","loss":{"type":"huber","epsilon":0}}}"#,
            "epsilon",
        ),
        ("[1]", "invalid"),
    ] {
        let e = Model::from_spec_json(text).unwrap_err().to_string();
        assert!(e.contains(needle), "{text}: {e}");
    }
}

#[test]
fn deserialize_errors_are_clear() {
    let good = trained(Spec::default(), 10).to_json().unwrap();
    let v: serde_json::Value = serde_json::from_str(&good).unwrap();
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = v.clone();
        f(&mut v);
        v.to_string()
    };
    let cases = [
        (edit(&|v| v["format"] = "other".into()), "format"),
        (edit(&|v| v["version"] = 2.into()), "newer"),
        (
            edit(&|v| {
                v.as_object_mut().unwrap().remove("n_learned");
            }),
            "missing field `n_learned`",
        ),
        (
            edit(&|v| {
                v["state"]["regressor"]
                    .as_object_mut()
                    .unwrap()
                    .remove("intercept");
            }),
            "missing field `intercept`",
        ),
        (
            edit(&|v| v["state"]["regressor"]["intercept"] = serde_json::Value::Null),
            "intercept",
        ),
        (
            good.replace("\"n_learned\":10", "\"n_learned\":1e999"),
            "number out of range",
        ),
        (
            edit(&|v| v["features"] = serde_json::json!(["a", "a"])),
            "twice",
        ),
        (
            edit(&|v| v["state"]["regressor"]["weights"] = serde_json::json!(vec![1.0; 40])),
            "vocabulary",
        ),
        (
            edit(&|v| v["state"]["transformers"][0]["counts"][0] = (-1.0).into()),
            "counts[0] is negative",
        ),
        ("not json".to_string(), "not JSON"),
    ];
    for (text, needle) in cases {
        let e = Model::from_json(&text).unwrap_err().to_string();
        assert!(e.contains(needle), "expected '{needle}' in: {e}");
    }
    // Non-finite numbers cannot be written in JSON; an out-of-range literal is refused.
    let huge = good.replacen("\"intercept\":", "\"intercept\":1e400,\"x\":", 1);
    assert!(Model::from_json(&huge).is_err());
}

#[test]
fn dense_layout_equals_object_input() {
    let mut a = Model::default();
    let mut b = Model::default();
    let layout = b
        .register_layout(&[
            ("hour", false),
            ("late", false),
            ("mode=ARAM", true),
            ("mode=URF", true),
        ])
        .unwrap();
    for i in 0..300u32 {
        let hour = f64::from(i % 24);
        let late = if i % 2 == 0 { f64::NAN } else { 1.0 };
        let mode = ["ARAM", "URF"][(i % 2) as usize];
        let mut x = vec![("hour", Num(hour))];
        if !late.is_nan() {
            x.push(("late", Num(late)));
        }
        x.push(("mode", Cat(mode)));
        let dense = [
            hour,
            late,
            if mode == "ARAM" { 1.0 } else { f64::NAN },
            if mode == "URF" { 1.0 } else { f64::NAN },
        ];
        assert_eq!(
            a.predict_one(&x).unwrap(),
            b.predict_dense(&layout, &dense).unwrap()
        );
        a.learn_one(&x, target(i)).unwrap();
        b.learn_dense(&layout, &dense, target(i)).unwrap();
    }
    assert!(b.learn_dense(&layout, &[1.0], 1.0).is_err());
}

#[test]
fn divergence_is_reported_not_hidden() {
    let spec = Spec::from_json(
        r#"{"scaler":"none","target_scaler":false,"model":{"type":"linear","optimizer":{"type":"sgd","lr":10}}}"#,
    )
    .unwrap();
    let mut m = Model::new(spec).unwrap();
    let mut err = None;
    for i in 0..2000 {
        if let Err(e) = m.learn_one(&[("x", Num(1e150))], f64::from(i)) {
            err = Some(e);
            break;
        }
    }
    let e = err.expect("lr 10 on x = 1e150 diverges").to_string();
    assert!(e.contains("diverged"), "{e}");
}

/// `predict_learn_one` is `predict_one` then `learn_one`, bit for bit, for every kind of spec,
/// with keys and categorical values appearing late, a repeated sample and an empty one.
#[test]
fn predict_learn_one_equals_the_two_calls() {
    // The FM predicts a feature it has not learnt with the vector it would draw (and without a
    // scaler a new feature is not zeroed): keys new to the vocabulary must be left out of the
    // prediction, as `predict_one` leaves them out.
    let fm = Spec::from_json(
        r#"{"scaler":"none","model":{"type":"fm","n_factors":3,"seed":7,"lr":0.001,"latent_lr":0.001}}"#,
    );
    for spec in specs().into_iter().chain(fm) {
        let (mut two, mut one) = (Model::new(spec.clone()).unwrap(), Model::new(spec).unwrap());
        for i in 0..300u32 {
            let x = if i % 50 == 49 { Vec::new() } else { sample(i) };
            let y = target(i);
            let p = two.predict_one(&x).unwrap();
            two.learn_one(&x, y).unwrap();
            let q = one.predict_learn_one(&x, y).unwrap();
            assert_eq!(p.to_bits(), q.to_bits(), "sample {i}");
        }
        assert_eq!(two.to_json().unwrap(), one.to_json().unwrap());
        // Interned ids: the same through predict_ids + learn_ids and predict_learn_ids.
        let ids: Vec<(u32, f64)> = [("hour", 3.5), ("late", 2.0)]
            .iter()
            .map(|(k, v)| (two.feature_id(k).unwrap(), *v))
            .collect();
        let p = two.predict_ids(&ids).unwrap();
        two.learn_ids(&ids, 1700.0).unwrap();
        let q = one.predict_learn_ids(&ids, 1700.0).unwrap();
        assert_eq!(p.to_bits(), q.to_bits());
        assert_eq!(two.to_json().unwrap(), one.to_json().unwrap());
        let before = one.to_json().unwrap();
        assert!(one.predict_learn_ids(&[(ids[0].0, f64::NAN)], 1.0).is_err());
        assert!(one.predict_learn_ids(&[ids[0], ids[0]], 1.0).is_err());
        assert!(one.predict_learn_ids(&ids, f64::NAN).is_err());
        assert_eq!(one.to_json().unwrap(), before);
    }
}
