//! The check both explain suites share: the learner's (`tests/learn_explain.rs`) and the LoL
//! crate's on real games (`crates/lol/tests/explain_real_data.rs`, which includes this file).

use rivulet::learn::linear_model::sigmoid;
use rivulet::learn::{FeatureValue, Model};

/// Checks one explanation against `predict_one`; `exact`: the parts must add up to the bit.
/// Returns the worst relative gap seen (0 when exact).
pub fn check(m: &Model, x: &[(&str, FeatureValue<'_>)], exact: bool, what: &str) -> f64 {
    let e = m.explain_one(x).unwrap();
    let p = m.predict_one(x).unwrap();
    assert_eq!(e.prediction.to_bits(), p.to_bits(), "{what}: prediction");
    // The keys, as sent, in x's order; keys new to the model left out.
    let want: Vec<(String, f64)> = x
        .iter()
        .map(|(n, v)| match v {
            FeatureValue::Num(f) => (n.to_string(), *f),
            FeatureValue::Cat(c) => (format!("{n}={c}"), 1.0),
        })
        .filter(|(k, _)| m.feature_id(k).is_some())
        .collect();
    let got: Vec<(String, f64)> = e
        .features
        .iter()
        .map(|c| (c.feature.clone(), c.value))
        .collect();
    assert_eq!(got, want, "{what}: keys");
    let total = match e.logit {
        Some(z) => {
            assert!(m.is_classifier());
            assert_eq!(sigmoid(z).to_bits(), p.to_bits(), "{what}: σ(logit)");
            z
        }
        None => p,
    };
    let sum = e.sum();
    if exact {
        assert_eq!(sum.to_bits(), total.to_bits(), "{what}: {sum} vs {total}");
        0.0
    } else {
        let scale =
            e.intercept.abs() + e.features.iter().map(|c| c.contribution.abs()).sum::<f64>();
        let gap = (sum - total).abs();
        assert!(
            gap <= 1e-12 * scale,
            "{what}: {sum} vs {total} (scale {scale})"
        );
        if scale > 0.0 {
            gap / scale
        } else {
            0.0
        }
    }
}
