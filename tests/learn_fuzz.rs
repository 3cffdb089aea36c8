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

/// Text in JSON's own vocabulary (with its edge cases), so the parser's every branch is reached.
fn json_syntax() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\"a\"",
        "\"a\"",
        "\"b\"",
        "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud800\"",
        "\"\\\"",
        "\"\\n\\t\\/\"",
        "\"\u{1}\"",
        "0",
        "-0",
        "01",
        "1.",
        "1.5",
        "-2.5e-3",
        "1e",
        "1E+2",
        "1e999",
        "-1e-999",
        "18446744073709551616",
        "18446744073709551615",
        "true",
        "false",
        "null",
        "nul",
        "NaN",
        "Infinity",
        "\"",
    ]);
    prop::collection::vec(atoms, 0..48).prop_map(|v| v.concat())
}

/// Any JSON value the writer accepts: finite numbers (every bit pattern that is finite), any
/// strings, nested arrays and objects with unique keys.
fn json_value() -> impl Strategy<Value = rivulet::learn::json::Json> {
    use rivulet::learn::json::Json;
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<u64>().prop_map(Json::U64),
        any::<u64>()
            .prop_map(f64::from_bits)
            .prop_filter("finite", |v| v.is_finite())
            .prop_map(Json::Num),
        prop::sample::select(vec![
            0.0,
            -0.0,
            1e-300,
            5e-324,
            f64::MAX,
            f64::MIN,
            0.1,
            1e16,
            1e21
        ])
        .prop_map(Json::Num),
        ".{0,12}".prop_map(Json::Str),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Json::Arr),
            prop::collection::btree_map(".{0,6}", inner, 0..8)
                .prop_map(|m| Json::Obj(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    /// The learner's JSON parser: no panic on any input; whatever it accepts serde_json accepts
    /// too (it is the stricter one), and it rewrites to text that parses back to the same text.
    #[test]
    fn json_parser_never_panics(
        text in prop_oneof![json_syntax(), ".{0,128}", "[\\[{\":a0,]{0,200}"],
    ) {
        use rivulet::learn::json::parse;
        if let Ok(v) = parse(&text) {
            prop_assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{}", text);
            let out = v.to_text().unwrap();
            let again = parse(&out).unwrap();
            prop_assert_eq!(again.to_text().unwrap(), out);
        }
    }

    /// Every value the writer takes comes back from the parser exactly (f64 bits included), and
    /// `write → parse → write` is byte-identical.
    #[test]
    fn json_values_round_trip_exactly(v in json_value()) {
        use rivulet::learn::json::parse;
        let text = v.to_text().unwrap();
        let back = parse(&text).unwrap();
        prop_assert_eq!(back.to_text().unwrap(), text.clone());
        prop_assert!(same_bits(&v, &back), "{}", text);
    }

    /// The parser's own fast path for numbers (Clinger's) gives core's correctly rounded f64,
    /// bit for bit, whenever it answers, and it answers whenever its conditions hold.
    #[test]
    fn exact_f64_is_correctly_rounded(
        neg in any::<bool>(),
        m in prop_oneof![0u64..1000, 0u64..=(1 << 53), (1u64 << 53)..(1 << 60)],
        frac in 0usize..25,
        e in prop_oneof![-30i32..30, -400i32..400],
        form in 0u8..4,
        shortest in any::<f64>(),
    ) {
        use rivulet::learn::json::exact_f64;
        // m with `frac` of its digits after the dot (zero-padded), then an exponent in some form.
        let digits = format!("{m:0>width$}", width = frac + 1);
        let (int, fr) = digits.split_at(digits.len() - frac);
        let mut text = format!("{}{int}", if neg { "-" } else { "" });
        if frac > 0 {
            text = format!("{text}.{fr}");
        }
        match form {
            0 => {}
            1 => text = format!("{text}e{e}"),
            2 => text = format!("{text}E{e:+}"),
            _ => text = format!("{text}e{}", if e >= 0 { format!("+{e}") } else { e.to_string() }),
        }
        let want: f64 = text.parse().unwrap();
        let e10 = i64::from(if form == 0 { 0 } else { e }) - frac as i64;
        let applies = m <= 1 << 53 && (-22..=22).contains(&e10);
        match exact_f64(&text) {
            Some(v) => prop_assert_eq!(v.to_bits(), want.to_bits(), "{}", text),
            None => prop_assert!(!applies, "{} should take the fast path", text),
        }
        // And on the writer's own output (shortest round-trip text).
        if shortest.is_finite() {
            let t = rivulet::learn::json::Float(shortest).to_string();
            if let Some(v) = exact_f64(&t) {
                prop_assert_eq!(v.to_bits(), shortest.to_bits(), "{}", t);
            }
        }
    }
}

/// Structural equality with f64 compared by bits (`-0.0` is not `0.0`).
fn same_bits(a: &rivulet::learn::json::Json, b: &rivulet::learn::json::Json) -> bool {
    use rivulet::learn::json::Json;
    match (a, b) {
        (Json::Num(x), Json::Num(y)) => x.to_bits() == y.to_bits(),
        (Json::Arr(x), Json::Arr(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_bits(p, q))
        }
        (Json::Obj(x), Json::Obj(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k, p), (j, q))| k == j && same_bits(p, q))
        }
        _ => a == b,
    }
}
