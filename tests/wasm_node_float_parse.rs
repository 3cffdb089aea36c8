//! JSON numbers parse to the same bits natively (core's `str::parse::<f64>`) and in wasm, where
//! the `Model` class parses them with the JS engine's `parseFloat` (`learn::json::parse_with`;
//! the npm module carries no core float parser) wherever the parser's own exact fast path
//! (`learn::json::exact_f64`, Clinger's) does not apply. One table of hard literals, each with the bits
//! core gives: natively `cargo test --test wasm_node_float_parse` checks the table against core,
//! in Node `cargo test --target wasm32-unknown-unknown --test wasm_node_float_parse` against JS.

/// `(literal, f64 bits)`: 17 significant digits, subnormals and the edges of the normal range,
/// the largest finite value, negative zero, every exponent spelling, integers past 2^53 and
/// u64, and (last three) more than 20 significant digits, which ECMAScript allows an engine to
/// round approximately but V8 rounds exactly (rivulet's writer emits at most 17).
const CASES: &[(&str, u64)] = &[
    ("0.1", 0x3fb9_9999_9999_999a),
    ("0.30000000000000004", 0x3fd3_3333_3333_3334),
    ("2.2250738585072014e-308", 0x0010_0000_0000_0000),
    ("2.2250738585072009e-308", 0x000f_ffff_ffff_ffff),
    ("2.225073858507201e-308", 0x000f_ffff_ffff_ffff),
    ("5e-324", 0x0000_0000_0000_0001),
    ("4.9406564584124654e-324", 0x0000_0000_0000_0001),
    ("2.4703282292062328e-324", 0x0000_0000_0000_0001),
    ("2.4703282292062327e-324", 0x0000_0000_0000_0000),
    ("4.35679e-310", 0x0000_5033_914d_5594),
    ("1.7976931348623157e308", 0x7fef_ffff_ffff_ffff),
    ("1.7976931348623158e308", 0x7fef_ffff_ffff_ffff),
    ("-1.7976931348623157e308", 0xffef_ffff_ffff_ffff),
    ("-0", 0x8000_0000_0000_0000),
    ("-0.0", 0x8000_0000_0000_0000),
    ("-0e5", 0x8000_0000_0000_0000),
    ("1E5", 0x40f8_6a00_0000_0000),
    ("1e+5", 0x40f8_6a00_0000_0000),
    ("1e5", 0x40f8_6a00_0000_0000),
    ("1.0e-5", 0x3ee4_f8b5_88e3_68f1),
    ("1.0E-5", 0x3ee4_f8b5_88e3_68f1),
    ("1E-5", 0x3ee4_f8b5_88e3_68f1),
    ("100000.0e0", 0x40f8_6a00_0000_0000),
    ("0.1e1", 0x3ff0_0000_0000_0000),
    ("123456.789e-3", 0x405e_dd3c_07ee_0b0b),
    ("-12.5E+2", 0xc093_8800_0000_0000),
    ("8.98846567431158e307", 0x7fe0_0000_0000_0000),
    ("9007199254740993.0", 0x4340_0000_0000_0000),
    ("9007199254740995.0", 0x4340_0000_0000_0002),
    ("18446744073709551616", 0x43f0_0000_0000_0000),
    (
        "9007199254740993.00000000000000000000000001",
        0x4340_0000_0000_0001,
    ),
    (
        "1.00000000000000011102230246251565404236316680908203125",
        0x3ff0_0000_0000_0000,
    ),
    (
        "1.000000000000000111022302462515654042363166809082031250000001",
        0x3ff0_0000_0000_0001,
    ),
];

/// A hand-written saved model (one numeric feature, linear, standard-scaled) whose intercept
/// and only weight are `lit`.
fn model_text(lit: &str) -> String {
    format!(
        r#"{{"format":"rivulet-model","version":1,"spec":{{"scaler":"standard","scale_one_hot":false,"target_scaler":true,"model":{{"type":"linear","optimizer":{{"type":"sgd","lr":1E-2}},"loss":{{"type":"squared"}},"l2":0.0,"intercept_lr":1.0e-2,"clip_gradient":1e+12}}}},"n_learned":1,"features":["x"],"categorical":[],"state":{{"regressor":{{"intercept":{lit},"optimizer":{{"n_iterations":1}},"weights":[{lit}]}},"target":{{"var":{{"ddof":1,"mean":{{"mean":0.5,"n":1.0}},"s":0.0}}}},"transformers":[{{"counts":[1.0],"means":[0.25],"vars":[0.0]}}]}}}}"#
    )
}

/// Checks a model loaded from `model_text(lit)`: its intercept has the expected bits.
fn check_intercept(lit: &str, bits: u64, m: &rivulet::learn::Model) {
    let got = m.pipeline().regressor().intercept().unwrap();
    assert_eq!(
        got.to_bits(),
        bits,
        "{lit} parsed to {got:e} ({:#018x}), expected {:e}",
        got.to_bits(),
        f64::from_bits(bits)
    );
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn core_parser_gives_the_tables_bits() {
    for &(lit, bits) in CASES {
        check_intercept(
            lit,
            bits,
            &rivulet::learn::Model::from_json(&model_text(lit)).unwrap(),
        );
    }
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::*;
    use rivulet::wasm::model::JsModel;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn message(e: wasm_bindgen::JsError) -> String {
        let v: JsValue = e.into();
        String::from(js_sys::Error::from(v).message())
    }

    #[wasm_bindgen_test]
    fn js_parser_gives_the_tables_bits() {
        for &(lit, bits) in CASES {
            let text = model_text(lit);
            let js = JsModel::deserialize(&text).unwrap();
            check_intercept(lit, bits, js.inner());
            // Every number in the file (the weight, the spec's rates, the statistics) equals
            // core's parse: the two models re-serialize to the same text.
            let core = rivulet::learn::Model::from_json(&text).unwrap();
            assert_eq!(js.serialize().unwrap(), core.to_json().unwrap(), "{lit}");
        }
    }

    /// Every saved-model fixture (written natively, `tests/learn_saved_models.rs`) loads through
    /// the JS parser to the same model as through core's: the same re-serialized text.
    #[wasm_bindgen_test]
    fn saved_models_load_the_same_through_the_js_parser() {
        for text in [
            include_str!("fixtures/saved_models/default.json"),
            include_str!("fixtures/saved_models/sgd_inverse_scaling_huber.json"),
            include_str!("fixtures/saved_models/sgd_optimal_absolute.json"),
            include_str!("fixtures/saved_models/adam_maxabs_quantile.json"),
            include_str!("fixtures/saved_models/adagrad_none_no_target.json"),
            include_str!("fixtures/saved_models/rmsprop_constant_schedule.json"),
            include_str!("fixtures/saved_models/ftrl_scale_one_hot.json"),
            include_str!("fixtures/saved_models/fm.json"),
            include_str!("fixtures/saved_models/amf.json"),
        ] {
            let core = rivulet::learn::Model::from_json(text).unwrap().to_json();
            let js = JsModel::deserialize(text).unwrap().serialize().unwrap();
            assert_eq!(js, core.unwrap());
        }
    }

    #[wasm_bindgen_test]
    fn js_parser_reads_specs_exactly() {
        let m = JsModel::new(JsValue::from_str(
            r#"{"model":{"type":"linear","optimizer":{"type":"sgd","lr":0.30000000000000004},"l2":2.2250738585072009e-308,"intercept_lr":1E-5}}"#,
        ))
        .unwrap();
        let core = rivulet::learn::Model::from_spec_json(
            r#"{"model":{"type":"linear","optimizer":{"type":"sgd","lr":0.30000000000000004},"l2":2.2250738585072009e-308,"intercept_lr":1E-5}}"#,
        )
        .unwrap();
        assert_eq!(m.inner().spec(), core.spec());
        let text = m.inner().spec().to_json();
        assert!(
            text.contains("0.30000000000000004")
                && text.contains("2.225073858507201e-308")
                && text.contains("\"intercept_lr\":0.00001"),
            "{text}"
        );
    }

    #[wasm_bindgen_test]
    fn out_of_range_numbers_are_refused_naming_the_field() {
        for lit in ["1e400", "-1e400", "1.8e308"] {
            let e = message(JsModel::deserialize(&model_text(lit)).err().unwrap());
            assert!(
                e.contains("number out of range") && e.contains("`intercept`"),
                "{lit}: {e}"
            );
        }
        let e = message(
            JsModel::new(JsValue::from_str(
                r#"{"model":{"type":"linear","l2":1e400}}"#,
            ))
            .err()
            .unwrap(),
        );
        assert!(
            e.contains("number out of range") && e.contains("`l2`"),
            "{e}"
        );
    }
}
