//! `explain_one` through the `Model` wasm class exactly as JavaScript sees it (JS objects in and
//! out, JS `Error`s), on the River parity streams: shared by
//! `tests/wasm_node_explain.rs` (Node) and `tests/wasm_browser_explain.rs` (headless Chromium),
//! which include it as a module. (games.csv is not in the repository, so the wasm tests cannot
//! read it: it is tested natively, `tests/learn_explain.rs`.)

use js_sys::{Array, Object, Reflect};
use rivulet::learn::json::{parse, Json};
use rivulet::learn::linear_model::sigmoid;
use rivulet::wasm::model::JsModel as Model;
use wasm_bindgen::{JsError, JsValue};

const LINEAR: &str = include_str!("../river/fixtures.json");
const CLASSIFY: &str = include_str!("../river/classify.json");
const FM: &str = include_str!("../river/models_fm.json");

fn arr(v: &Json) -> &[Json] {
    match v {
        Json::Arr(a) => a,
        other => panic!("expected an array, got {}", other.kind()),
    }
}

fn num(v: &Json) -> f64 {
    match v {
        Json::Num(f) => *f,
        Json::U64(n) => *n as f64,
        Json::Bool(b) => f64::from(u8::from(*b)),
        other => panic!("expected a number, got {}", other.kind()),
    }
}

/// A fixture row (`{"x", "y"}` or `[x, y]`) as a JS object and its target.
fn row(s: &Json) -> (JsValue, f64) {
    let (x, y) = match s {
        Json::Arr(a) => (&a[0], &a[1]),
        s => (s.get("x").unwrap(), s.get("y").unwrap()),
    };
    let o = Object::new();
    for kv in arr(x) {
        let kv = arr(kv);
        let Json::Str(k) = &kv[0] else {
            panic!("a key")
        };
        let v = match &kv[1] {
            Json::Str(c) => JsValue::from_str(c),
            v => JsValue::from_f64(num(v)),
        };
        Reflect::set(&o, &JsValue::from_str(k), &v).unwrap();
    }
    (o.into(), num(y))
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn f(v: &JsValue, k: &str) -> f64 {
    get(v, k).as_f64().unwrap_or(f64::NAN)
}

pub fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    let e: js_sys::Error = v.into();
    String::from(e.message())
}

/// Explains `x` through JS, checks it against the core's explanation (bit for bit) and
/// `predict_one`, and that the parts add up (`exact`: to the bit).
fn check(m: &Model, x: &JsValue, exact: bool, what: &str) {
    let e = m.explain_one(x.clone()).unwrap();
    let features = Array::from(&get(&e, "features"));
    let classifier = m.is_classifier();
    let p = if classifier {
        m.predict_proba_one(x.clone()).unwrap()
    } else {
        m.predict_one(x.clone()).unwrap()
    };
    assert_eq!(
        f(&e, "prediction").to_bits(),
        p.to_bits(),
        "{what}: prediction"
    );
    let (mut sum, mut scale) = (0.0, f(&e, "intercept").abs());
    for c in features.iter() {
        sum += f(&c, "contribution");
        scale += f(&c, "contribution").abs();
        for k in ["value", "scaled", "weight", "interaction"] {
            assert!(f(&c, k).is_finite(), "{what}: {k}");
        }
        assert!(get(&c, "feature").is_string());
    }
    sum += f(&e, "intercept");
    let total = if classifier {
        let z = f(&e, "logit");
        assert_eq!(sigmoid(z).to_bits(), p.to_bits(), "{what}: σ(logit)");
        z
    } else {
        assert!(get(&e, "logit").is_undefined());
        p
    };
    if exact {
        assert_eq!(sum.to_bits(), total.to_bits(), "{what}: {sum} vs {total}");
    } else {
        assert!(
            (sum - total).abs() <= 1e-12 * scale,
            "{what}: {sum} vs {total}"
        );
    }
}

fn run(spec: &str, stream: &[Json], exact: bool, name: &str) {
    let mut m = Model::new(JsValue::from_str(spec)).unwrap();
    for (t, s) in stream.iter().enumerate() {
        let (x, y) = row(s);
        check(&m, &x, exact, &format!("{name} sample {t}"));
        let y = if m.is_classifier() {
            JsValue::from_bool(y == 1.0)
        } else {
            JsValue::from_f64(y)
        };
        m.learn_one(x, y).unwrap();
    }
}

/// Every linear case of the parity fixture: to the bit without a target scaler.
pub fn linear_parts_add_up() {
    let f = parse(LINEAR).unwrap();
    let stream = arr(f.get("stream").unwrap());
    for case in arr(f.get("cases").unwrap()) {
        let Some(Json::Str(name)) = case.get("name") else {
            panic!("a name")
        };
        let spec = case.get("spec").unwrap();
        let exact = matches!(spec.get("target_scaler"), Some(Json::Bool(false)));
        run(&spec.to_text().unwrap(), stream, exact, name);
    }
}

/// The classification cases: the parts add up to the logit, to the bit.
pub fn logistic_parts_add_up_to_the_logit() {
    let f = parse(CLASSIFY).unwrap();
    let streams = f.get("streams").unwrap();
    for case in arr(f.get("cases").unwrap()) {
        let Some(Json::Str(name)) = case.get("name") else {
            panic!("a name")
        };
        let Some(Json::Str(stream)) = case.get("stream") else {
            panic!("a stream")
        };
        let rows = arr(streams.get(stream).unwrap());
        let spec = case.get("spec").unwrap().to_text().unwrap();
        run(
            &spec,
            &rows[..rows.len().min(300)],
            true,
            &format!("{stream}/{name}"),
        );
    }
}

/// The FM cases (River's raw pipeline): pairwise terms included, to 1e-12.
pub fn fm_parts_add_up() {
    let f = parse(FM).unwrap();
    let stream = arr(f.get("stream").unwrap());
    for case in arr(f.get("cases").unwrap()) {
        let Some(Json::Str(name)) = case.get("name") else {
            panic!("a name")
        };
        let config = case.get("config").unwrap().to_text().unwrap();
        let model = format!(r#"{{"type": "fm", {}"#, &config[1..]);
        let model = model.replace(", }", "}").replace("\"fm\", }", "\"fm\"}");
        let spec = format!(r#"{{"scaler": "none", "target_scaler": false, "model": {model}}}"#);
        run(&spec, stream, false, name);
    }
}

/// Bad input throws `predict_one`'s error; a forest says "not available".
pub fn errors() {
    let mut m = Model::new(JsValue::UNDEFINED).unwrap();
    let x = rivulet_obj(&[
        ("hour", JsValue::from_f64(3.0)),
        ("mode", JsValue::from_str("ARAM")),
    ]);
    m.learn_one(x.clone(), JsValue::from_f64(1800.0)).unwrap();
    let before = m.serialize().unwrap();
    for bad in [
        rivulet_obj(&[("hour", JsValue::from_f64(f64::NAN))]),
        rivulet_obj(&[("hour", JsValue::NULL)]),
        JsValue::from_str("not an object"),
        rivulet_obj(&[("mode=ARAM", JsValue::from_f64(1.0))]),
    ] {
        let a = message(m.explain_one(bad.clone()).unwrap_err());
        let b = message(m.predict_one(bad).unwrap_err());
        assert_eq!(a, b);
    }
    assert_eq!(m.serialize().unwrap(), before);
    let e = m.explain_one(x.clone()).unwrap();
    let features = Array::from(&get(&e, "features"));
    assert_eq!(
        get(&features.get(1), "feature").as_string().unwrap(),
        "mode=ARAM"
    );
    #[cfg(feature = "forest")]
    {
        let mut amf = Model::new(JsValue::from_str(
            r#"{"model": {"type": "amf", "n_estimators": 2}}"#,
        ))
        .unwrap();
        amf.learn_one(x.clone(), JsValue::from_f64(1800.0)).unwrap();
        let e = message(amf.explain_one(x).unwrap_err());
        assert!(e.starts_with("not available:"), "{e}");
    }
}

fn rivulet_obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}
