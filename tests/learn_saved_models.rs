//! Saved-model compatibility: `tests/fixtures/saved_models/*.json` were written by the serde
//! implementation of `Model::to_json` (before `learn::json` replaced serde in the learner), from
//! synthetic data only. Each must still load, predict bit for bit what that code predicted
//! (`expected.txt`: name, then the f64 bits of each probe's prediction), and re-serialize to a
//! model that loads to the same thing.
//!
//! They are history, not regenerated: the writer ran once against the serde code (commit
//! 4a3e14d, `write_saved_models` in this file there). A deliberate format change adds fixtures
//! beside these; these must keep loading.
//!
//! `tests/wasm_node_saved_models.rs` runs the same check in wasm (Node): files saved natively
//! load and predict the same bits there.

use rivulet::learn::FeatureValue::{Cat, Num};
use rivulet::learn::{FeatureValue, Model};

/// (file name, spec, the file): every optimizer and schedule, every loss, every scaler, target scaler on
/// and off, fm, amf.
const SPECS: &[(&str, &str, &str)] = &[
    (
        "default",
        "{}",
        include_str!("fixtures/saved_models/default.json"),
    ),
    (
        "sgd_inverse_scaling_huber",
        r#"{"model":{"type":"linear","optimizer":{"type":"sgd","lr":{"type":"inverse_scaling","learning_rate":0.05,"power":0.3}},"loss":{"type":"huber","epsilon":0.5}}}"#,
        include_str!("fixtures/saved_models/sgd_inverse_scaling_huber.json"),
    ),
    (
        "sgd_optimal_absolute",
        r#"{"model":{"type":"linear","optimizer":{"type":"sgd","lr":{"type":"optimal","alpha":0.001}},"loss":{"type":"absolute"}}}"#,
        include_str!("fixtures/saved_models/sgd_optimal_absolute.json"),
    ),
    (
        "adam_maxabs_quantile",
        r#"{"scaler":"maxabs","model":{"type":"linear","optimizer":{"type":"adam","lr":0.02,"beta_1":0.8},"loss":{"type":"quantile","alpha":0.3}}}"#,
        include_str!("fixtures/saved_models/adam_maxabs_quantile.json"),
    ),
    (
        "adagrad_none_no_target",
        r#"{"scaler":"none","target_scaler":false,"model":{"type":"linear","optimizer":{"type":"adagrad","lr":0.05},"l2":0.01}}"#,
        include_str!("fixtures/saved_models/adagrad_none_no_target.json"),
    ),
    (
        "rmsprop_constant_schedule",
        r#"{"model":{"type":"linear","optimizer":{"type":"rmsprop","lr":{"type":"constant","learning_rate":0.01},"rho":0.95},"intercept_lr":0.02}}"#,
        include_str!("fixtures/saved_models/rmsprop_constant_schedule.json"),
    ),
    (
        "ftrl_scale_one_hot",
        r#"{"scale_one_hot":true,"model":{"type":"linear","optimizer":{"type":"ftrl","alpha":0.1,"l1":0.01},"clip_gradient":100.0}}"#,
        include_str!("fixtures/saved_models/ftrl_scale_one_hot.json"),
    ),
    (
        "fm",
        r#"{"model":{"type":"fm","n_factors":3,"seed":7,"loss":{"type":"huber","epsilon":2.0}}}"#,
        include_str!("fixtures/saved_models/fm.json"),
    ),
    (
        "amf",
        r#"{"scaler":"none","model":{"type":"amf","n_estimators":2,"max_nodes":24,"seed":3}}"#,
        include_str!("fixtures/saved_models/amf.json"),
    ),
    // Added with LogisticRegression (issue 18), written by that code (not the serde one): a
    // classifier's state with every optional part (l1's penalties, a constant initializer's
    // known weights, Adam's moments). Its targets are the labels `y > 2000`.
    (
        "logistic_adam_l1_constant_init",
        r#"{"model":{"type":"logistic","optimizer":{"type":"adam","lr":0.05},"l1":0.001,"intercept_init":0.2,"intercept_lr":0.05,"initializer":{"type":"constant","value":0.01}}}"#,
        include_str!("fixtures/saved_models/logistic_adam_l1_constant_init.json"),
    ),
];

/// A deterministic synthetic sample: a few numeric features (some only sometimes present, some
/// with awkward values) and a categorical one.
fn sample(i: u32) -> (Vec<(String, FeatureValue<'static>)>, f64) {
    const MODES: [&str; 3] = ["CLASSIC", "ARAM", "URF"];
    let h = f64::from((i * 7919) % 24);
    let mut x = vec![
        ("hour".to_string(), Num(h + 0.25)),
        ("mode".to_string(), Cat(MODES[(i % 3) as usize])),
        (format!("champ_{}", i % 5), Num(1.0)),
    ];
    if i.is_multiple_of(4) {
        x.push(("gold".to_string(), Num(1e-3 * f64::from(i) - 0.1)));
    }
    let y = 1800.0 + 31.0 * h + if i % 3 == 1 { -600.0 } else { 0.0 } + f64::from(i % 7);
    (x, y)
}

/// A classifier learns the label `y > 2000` (1 or 0), a regressor `y`.
fn target(m: &Model, y: f64) -> f64 {
    if m.is_classifier() {
        f64::from(u8::from(y > 2000.0))
    } else {
        y
    }
}

fn available(spec: &str) -> bool {
    (cfg!(feature = "fm") || !spec.contains("\"fm\""))
        && (cfg!(feature = "forest") || !spec.contains("\"amf\""))
}

/// The probes: seen and unseen samples, an unknown categorical value, an unknown feature.
fn probes() -> Vec<Vec<(String, FeatureValue<'static>)>> {
    let mut p: Vec<_> = (0..6).map(|i| sample(i * 13 + 1).0).collect();
    p.push(vec![
        ("hour".to_string(), Num(3.5)),
        ("mode".to_string(), Cat("NEXUS_BLITZ")),
        ("never_seen".to_string(), Num(2.0)),
    ]);
    p
}

fn predictions(m: &Model) -> Vec<u64> {
    probes()
        .iter()
        .map(|x| m.predict_one(x).unwrap().to_bits())
        .collect()
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn saved_models_load_and_predict_bit_for_bit() {
    check_saved_models();
}

/// The check, shared with the wasm test.
pub fn check_saved_models() {
    let expected = include_str!("fixtures/saved_models/expected.txt");
    let mut checked = 0;
    for line in expected.lines() {
        let mut parts = line.split(' ');
        let name = parts.next().unwrap();
        let &(_, spec, text) = SPECS.iter().find(|(n, _, _)| *n == name).unwrap();
        if !available(spec) {
            println!("{name}: skipped (its model's feature is off)");
            continue;
        }
        let want: Vec<u64> = parts.map(|h| u64::from_str_radix(h, 16).unwrap()).collect();
        let m = Model::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(predictions(&m), want, "{name}: predictions changed");
        // Re-serialized, it loads to the same model, and that one serializes identically.
        let again = m.to_json().unwrap();
        let m2 = Model::from_json(&again).unwrap();
        assert_eq!(predictions(&m2), want, "{name}: re-serialized predictions");
        assert_eq!(m2.to_json().unwrap(), again, "{name}: not byte-identical");
        assert_eq!(m2.n_learned(), m.n_learned());
        assert_eq!(m2.n_features(), m.n_features());
        // Both keep learning the same way.
        let (mut a, mut b) = (m, m2);
        for i in 40..60 {
            let (x, y) = sample(i);
            let y = target(&a, y);
            a.learn_one(&x, y).unwrap();
            b.learn_one(&x, y).unwrap();
        }
        assert_eq!(
            predictions(&a),
            predictions(&b),
            "{name}: learning diverged"
        );
        assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} saved models checked");
}

/// Each fixture above after 20 more samples (40..60), saved by the writer as it was before the
/// state of each estimator was declared once (`learn::state`, commit 5572015): every optimizer,
/// scaler, the target scaler, the linear and logistic models, fm and amf (rng, trees, nodes).
/// They are history, not regenerated: a model saved before must re-save to the same bytes.
const RESAVED: &[(&str, &str)] = &[
    (
        "default",
        include_str!("fixtures/saved_models/resaved/default.json"),
    ),
    (
        "sgd_inverse_scaling_huber",
        include_str!("fixtures/saved_models/resaved/sgd_inverse_scaling_huber.json"),
    ),
    (
        "sgd_optimal_absolute",
        include_str!("fixtures/saved_models/resaved/sgd_optimal_absolute.json"),
    ),
    (
        "adam_maxabs_quantile",
        include_str!("fixtures/saved_models/resaved/adam_maxabs_quantile.json"),
    ),
    (
        "adagrad_none_no_target",
        include_str!("fixtures/saved_models/resaved/adagrad_none_no_target.json"),
    ),
    (
        "rmsprop_constant_schedule",
        include_str!("fixtures/saved_models/resaved/rmsprop_constant_schedule.json"),
    ),
    (
        "ftrl_scale_one_hot",
        include_str!("fixtures/saved_models/resaved/ftrl_scale_one_hot.json"),
    ),
    ("fm", include_str!("fixtures/saved_models/resaved/fm.json")),
    (
        "amf",
        include_str!("fixtures/saved_models/resaved/amf.json"),
    ),
    (
        "logistic_adam_l1_constant_init",
        include_str!("fixtures/saved_models/resaved/logistic_adam_l1_constant_init.json"),
    ),
];

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn models_saved_before_re_save_byte_identically() {
    check_resaved_models();
}

/// Loads each [`RESAVED`] file and saves it again: the text must not change by a byte. Shared
/// with the wasm test.
pub fn check_resaved_models() {
    let mut checked = 0;
    for &(name, text) in RESAVED {
        if !available(text) {
            println!("{name}: skipped (its model's feature is off)");
            continue;
        }
        let m = Model::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(m.to_json().unwrap(), text, "{name}: re-saved differently");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} re-saved models checked");
}
