//! Scenarios shared by the wasm tests in Node (`tests/wasm_node.rs`) and in headless Chromium
//! (`tests/wasm_browser.rs`): the `Model` class exactly as JavaScript sees it (JsValue in and
//! out, JS `Error`s).

use js_sys::{Array, Float64Array, Object, Reflect};
use rivulet::wasm::model::JsModel as Model;
use wasm_bindgen::{JsError, JsValue};

pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

pub fn num(v: f64) -> JsValue {
    JsValue::from_f64(v)
}

pub fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

pub fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    let e: js_sys::Error = v.into();
    String::from(e.message())
}

pub fn sample(i: u32) -> JsValue {
    let modes = ["CLASSIC", "ARAM", "URF"];
    obj(&[
        (&format!("blue_champ_{}", i % 11), num(1.0)),
        ("hour", num(f64::from(i % 24) + 0.5)),
        ("mode", s(modes[(i % 3) as usize])),
    ])
}

pub fn target(i: u32) -> JsValue {
    num(1800.0 + 20.0 * f64::from(i % 24) - if i % 3 == 1 { 500.0 } else { 0.0 })
}

pub fn trained(n: u32) -> Model {
    let mut m = Model::new(JsValue::UNDEFINED).unwrap();
    for i in 0..n {
        m.learn_one(sample(i), target(i)).unwrap();
    }
    m
}

/// The issue's snippet: default model, object features, learn, serialize, deserialize.
pub fn default_model_learns_and_round_trips() {
    let mut m = trained(500);
    assert_eq!(m.n_learned(), 500.0);
    let x = obj(&[
        ("blue_champ_157", num(1.0)),
        ("hour", num(21.5)),
        ("mode", s("ARAM")),
    ]);
    let y = m.predict_one(x.clone()).unwrap();
    assert!(y.is_finite() && y > 900.0 && y < 2500.0, "{y}");
    m.learn_one(x.clone(), num(1834.0)).unwrap();
    let text = m.serialize().unwrap();
    let same = Model::deserialize(&text).unwrap();
    assert_eq!(same.serialize().unwrap(), text);
    assert_eq!(
        same.predict_one(x.clone()).unwrap().to_bits(),
        m.predict_one(x).unwrap().to_bits()
    );
    let top = m.top_weights(3.0).unwrap();
    assert_eq!(top.length(), 3);
    // A count that is not a whole number ≥ 0 is refused (a `u32` would wrap -1 to "all").
    for k in [-1.0, 2.5, f64::NAN] {
        assert!(m.top_weights(k).is_err(), "top_weights({k})");
    }
}

/// Bad input throws an Error naming the feature; the model is byte-identical afterwards.
pub fn bad_input_throws_and_changes_nothing() {
    let mut m = trained(50);
    let before = m.serialize().unwrap();
    let cases: Vec<(JsValue, JsValue, &str)> = vec![
        (obj(&[("hour", num(f64::NAN))]), num(1.0), "hour"),
        (obj(&[("gold", num(f64::INFINITY))]), num(1.0), "gold"),
        (obj(&[("gold", num(f64::NEG_INFINITY))]), num(1.0), "gold"),
        (obj(&[("flag", JsValue::TRUE)]), num(1.0), "flag"),
        (obj(&[("nothing", JsValue::NULL)]), num(1.0), "nothing"),
        (obj(&[("undef", JsValue::UNDEFINED)]), num(1.0), "undef"),
        (obj(&[("nested", Object::new().into())]), num(1.0), "nested"),
        (obj(&[("hour", num(1.0))]), num(f64::NAN), "target"),
        (obj(&[("hour", num(1.0))]), num(f64::INFINITY), "target"),
        (obj(&[("hour", num(1.0))]), s("1800"), "target"),
        (JsValue::NULL, num(1.0), "object"),
        (num(3.0), num(1.0), "object"),
        (s("hour"), num(1.0), "object"),
        (Array::new().into(), num(1.0), "object"),
    ];
    for (x, y, needle) in cases {
        let e = message(m.learn_one(x.clone(), y).unwrap_err());
        assert!(e.contains(needle), "'{e}' should name '{needle}'");
        assert_eq!(m.serialize().unwrap(), before);
        if needle != "target" {
            assert!(m.predict_one(x).is_err());
        }
    }
}

/// Specs: an object, JSON text, nothing; bad specs and bad saved models throw clear errors.
pub fn specs_and_deserialize_errors() {
    let spec = obj(&[("scaler", s("maxabs"))]);
    let m = Model::new(spec).unwrap();
    let filled = js_sys::JSON::stringify(&m.spec())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(filled.contains("\"maxabs\"") && filled.contains("\"target_scaler\":true"));
    Model::new(s(
        r#"{"model":{"type":"linear","optimizer":{"type":"adam","lr":0.01}}}"#,
    ))
    .unwrap();
    Model::new(JsValue::NULL).unwrap();
    let e = message(Model::new(obj(&[("scalar", s("x"))])).err().unwrap());
    assert!(e.contains("scalar"), "{e}");
    let e = message(Model::new(num(1.0)).err().unwrap());
    assert!(e.contains("spec"), "{e}");
    let good = trained(5).serialize().unwrap();
    for (text, needle) in [
        (good.replace("rivulet-model", "other"), "format"),
        (good.replace("\"version\":1", "\"version\":99"), "newer"),
        (good.replace("\"n_learned\":5,", ""), "n_learned"),
        ("{".to_string(), "JSON"),
    ] {
        let e = message(Model::deserialize(&text).err().unwrap());
        assert!(e.contains(needle), "'{e}' should mention '{needle}'");
    }
}

/// The dense fast path gives the same predictions as object input.
pub fn dense_path_matches_objects() {
    let mut a = Model::new(JsValue::UNDEFINED).unwrap();
    let mut b = Model::new(JsValue::UNDEFINED).unwrap();
    b.set_layout(strings(&["hour"]), strings(&["mode=ARAM", "mode=URF"]))
        .unwrap();
    for i in 0..200u32 {
        let aram = i % 2 == 0;
        let x = obj(&[
            ("hour", num(f64::from(i % 24))),
            ("mode", s(if aram { "ARAM" } else { "URF" })),
        ]);
        let d = Float64Array::from(
            &[
                f64::from(i % 24),
                if aram { 1.0 } else { f64::NAN },
                if aram { f64::NAN } else { 1.0 },
            ][..],
        );
        assert_eq!(
            a.predict_one(x.clone()).unwrap(),
            b.predict_dense(d.clone().into()).unwrap()
        );
        a.learn_one(x, target(i)).unwrap();
        b.learn_dense(d.into(), target(i)).unwrap();
    }
}

/// Batches (`learn_many`, `predict_many`, `learn_many_dense`, `predict_many_dense`) give bit
/// for bit what looping the single calls gives, on the slow path (new keys) and the fast path
/// (known keys), with array and Float64Array targets; a bad sample is refused whole.
pub fn batches_equal_looped_calls() {
    let mut one = Model::new(JsValue::UNDEFINED).unwrap();
    let mut many = Model::new(JsValue::UNDEFINED).unwrap();
    for start in (0..400u32).step_by(40) {
        let (xs, ys) = (Array::new(), Array::new());
        for i in start..start + 40 {
            // New keys in the first batches, then only known ones.
            xs.push(&sample(i % 120));
            ys.push(&target(i));
        }
        let p = many.predict_many(xs.clone().into()).unwrap();
        for (k, x) in xs.iter().enumerate() {
            let looped = one.predict_one(x).unwrap();
            assert_eq!(p.get_index(k as u32).to_bits(), looped.to_bits());
        }
        for (k, x) in xs.iter().enumerate() {
            one.learn_one(x, ys.get(k as u32)).unwrap();
        }
        let ys: JsValue = if start % 80 == 0 {
            ys.into()
        } else {
            let v: Vec<f64> = ys.iter().map(|y| y.as_f64().unwrap()).collect();
            Float64Array::from(v.as_slice()).into()
        };
        many.learn_many(xs.into(), ys).unwrap();
        assert_eq!(many.serialize().unwrap(), one.serialize().unwrap());
    }
    let before = many.serialize().unwrap();
    let xs: Array = (0..6u32).map(sample).collect();
    xs.set(4, obj(&[("hour", num(f64::NAN))]));
    let ys: Array = (0..6u32).map(target).collect();
    let e = message(many.learn_many(xs.into(), ys.into()).err().unwrap());
    assert_eq!(e, "sample 4: feature 'hour': is NaN");
    assert_eq!(many.serialize().unwrap(), before);

    let layout = || (strings(&["hour"]), strings(&["mode=ARAM", "mode=URF"]));
    let (mut a, mut b) = (
        Model::new(JsValue::UNDEFINED).unwrap(),
        Model::new(JsValue::UNDEFINED).unwrap(),
    );
    let (n, o) = layout();
    a.set_layout(n, o).unwrap();
    let (n, o) = layout();
    b.set_layout(n, o).unwrap();
    let mut rows = Vec::new();
    let mut ys = Vec::new();
    for i in 0..300u32 {
        let aram = i % 2 == 0;
        let row = [
            f64::from(i % 24),
            if aram { 1.0 } else { f64::NAN },
            if aram { f64::NAN } else { 1.0 },
        ];
        a.learn_dense(Float64Array::from(&row[..]).into(), target(i))
            .unwrap();
        rows.extend_from_slice(&row);
        ys.push(target(i).as_f64().unwrap());
    }
    b.learn_many_dense(
        Float64Array::from(rows.as_slice()).into(),
        Float64Array::from(ys.as_slice()).into(),
    )
    .unwrap();
    assert_eq!(a.serialize().unwrap(), b.serialize().unwrap());
    let p = b
        .predict_many_dense(Float64Array::from(&rows[..30]).into())
        .unwrap();
    for i in 0..10 {
        let row = Float64Array::from(&rows[3 * i..3 * i + 3]);
        assert_eq!(
            p.get_index(i as u32).to_bits(),
            a.predict_dense(row.into()).unwrap().to_bits()
        );
    }
}

/// A JS array of strings (`set_layout`'s arguments).
pub fn strings(items: &[&str]) -> JsValue {
    items
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect::<js_sys::Array>()
        .into()
}
