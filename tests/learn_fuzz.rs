//! Fuzzing the spec parser and the deserializer with proptest: no input may panic, and every
//! failure is an `Err` (10 000+ cases each). Failing cases proptest finds are kept in
//! `tests/learn_fuzz.proptest-regressions` (commit that file).

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rivulet::learn::{FeatureValue::Num, Model, Spec};

fn trained_json() -> String {
    let mut m = Model::new(
        Spec::from_json(r#"{"model":{"type":"linear","optimizer":{"type":"adam"}}}"#).unwrap(),
    )
    .unwrap();
    for i in 0..20 {
        m.learn_one(&[("a", Num(f64::from(i))), ("b", Num(1.0))], f64::from(i))
            .unwrap();
    }
    m.to_json().unwrap()
}

/// JSON-ish text made of spec/state vocabulary, so the fuzzer reaches deep code paths.
fn jsonish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"type\"",
        "\"linear\"",
        "\"model\"",
        "\"scaler\"",
        "\"standard\"",
        "\"maxabs\"",
        "\"none\"",
        "\"optimizer\"",
        "\"adam\"",
        "\"sgd\"",
        "\"ftrl\"",
        "\"lr\"",
        "\"loss\"",
        "\"huber\"",
        "\"epsilon\"",
        "\"quantile\"",
        "\"alpha\"",
        "\"l2\"",
        "\"inverse_scaling\"",
        "\"optimal\"",
        "\"power\"",
        "0",
        "-1",
        "1e308",
        "1e999",
        "0.5",
        "true",
        "null",
        "\"\"",
        "\"target_scaler\"",
        "\"beta_1\"",
        "\"learning_rate\"",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn spec_parser_never_panics(text in prop_oneof![jsonish(), ".{0,64}"]) {
        if let Ok(m) = Model::from_spec_json(&text) {
            // Whatever parses must also run.
            let mut m = m;
            let _ = m.learn_one(&[("a", Num(1.0))], 2.0);
            let _ = m.predict_one(&[("a", Num(1.0))]);
        }
    }

    #[test]
    fn deserialize_never_panics_on_mutations(
        pos in 0usize..10_000,
        cut in 0usize..8,
        insert in prop_oneof![jsonish(), ".{0,8}"],
    ) {
        let good = trained_json();
        let mut chars: Vec<char> = good.chars().collect();
        let at = pos % (chars.len() + 1);
        let end = (at + cut).min(chars.len());
        chars.splice(at..end, insert.chars());
        let text: String = chars.into_iter().collect();
        if let Ok(m) = Model::from_json(&text) {
            // A model that loads must serialize, predict and learn without panicking.
            let mut m = m;
            let _ = m.to_json();
            let _ = m.predict_one(&[("a", Num(1.0))]);
            let _ = m.learn_one(&[("a", Num(1.0)), ("c", Num(2.0))], 1.0);
        }
    }

    #[test]
    fn deserialize_never_panics_on_arbitrary_text(text in prop_oneof![jsonish(), ".{0,128}"]) {
        let _ = Model::from_json(&text);
    }
}
