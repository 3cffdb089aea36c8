//! The `Model` wasm class's fast path (a JS-side key cache, `src/wasm/model.rs`) against the
//! native core: same predictions bit for bit, and bad input on *cached* keys still throws the
//! slow path's error and changes nothing. Run:
//! `cargo test --target wasm32-unknown-unknown --test wasm_node_fastpath`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect};
use rivulet::learn::{self, FeatureValue};
use rivulet::wasm::model::JsModel as Model;
use wasm_bindgen::{JsCast, JsError, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn obj(pairs: &[(String, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn message(e: JsError) -> String {
    let v: JsValue = e.into();
    String::from(js_sys::Error::from(v).message())
}

/// Sample `i` as (name, number-or-string): a varying set of keys, new ones appearing late.
fn raw(i: u32) -> Vec<(String, Result<f64, &'static str>)> {
    let modes = ["CLASSIC", "ARAM", "URF", "CHERRY"];
    let mut x = vec![
        (format!("champ_{}", i % 17), Ok(1.0)),
        (format!("champ_{}", (i * 7 + 3) % 17 + 17), Ok(1.0)),
        ("hour".to_string(), Ok(f64::from(i % 24) + 0.25)),
        ("mode".to_string(), Err(modes[(i % 4) as usize])),
    ];
    if i > 150 {
        x.push((format!("late_{}", i % 5), Ok(f64::from(i % 9))));
    }
    if i.is_multiple_of(2) {
        x.push(("count".to_string(), Ok(f64::from(i % 13))));
    }
    x
}

fn js(x: &[(String, Result<f64, &'static str>)]) -> JsValue {
    let pairs: Vec<(String, JsValue)> = x
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                match v {
                    Ok(f) => JsValue::from_f64(*f),
                    Err(s) => JsValue::from_str(s),
                },
            )
        })
        .collect();
    obj(&pairs)
}

fn native<'a>(x: &'a [(String, Result<f64, &'static str>)]) -> Vec<(&'a str, FeatureValue<'a>)> {
    x.iter()
        .map(|(k, v)| {
            (
                k.as_str(),
                match v {
                    Ok(f) => FeatureValue::Num(*f),
                    Err(s) => FeatureValue::Cat(s),
                },
            )
        })
        .collect()
}

fn y(i: u32) -> f64 {
    1500.0 + f64::from(i % 24) * 17.0 + f64::from(i % 5) * 40.0
}

#[wasm_bindgen_test]
fn cached_path_matches_the_core_bit_for_bit() {
    let mut m = Model::new(JsValue::UNDEFINED).unwrap();
    let mut core = learn::Model::default();
    for i in 0..400 {
        let x = raw(i);
        // Predict twice: the second call runs with every known key cached.
        for _ in 0..2 {
            let p = m.predict_one(js(&x)).unwrap();
            let q = core.predict_one(&native(&x)).unwrap();
            assert_eq!(p.to_bits(), q.to_bits(), "sample {i}: {p} vs {q}");
        }
        m.learn_one(js(&x), JsValue::from_f64(y(i))).unwrap();
        core.learn_one(&native(&x), y(i)).unwrap();
    }
    assert_eq!(m.serialize().unwrap(), core.to_json().unwrap());
    // A key first seen at predict time (cached as unknown), then learnt, then used.
    let x = vec![
        ("brand_new".to_string(), Ok(3.0)),
        ("hour".to_string(), Ok(2.0)),
    ];
    let p0 = m.predict_one(js(&x)).unwrap();
    assert_eq!(p0, m.predict_one(js(&x)).unwrap());
    assert_eq!(
        p0.to_bits(),
        core.predict_one(&native(&x)).unwrap().to_bits()
    );
    let n = m.n_features();
    m.learn_one(js(&x), JsValue::from_f64(9000.0)).unwrap();
    core.learn_one(&native(&x), 9000.0).unwrap();
    assert_eq!(m.n_features(), n + 1);
    let p1 = m.predict_one(js(&x)).unwrap();
    assert_eq!(
        p1.to_bits(),
        core.predict_one(&native(&x)).unwrap().to_bits()
    );
    assert_eq!(m.serialize().unwrap(), core.to_json().unwrap());
}

#[wasm_bindgen_test]
fn bad_input_on_cached_keys_throws_and_changes_nothing() {
    let mut m = Model::new(JsValue::UNDEFINED).unwrap();
    for i in 0..60 {
        m.learn_one(js(&raw(i)), JsValue::from_f64(y(i))).unwrap();
        m.predict_one(js(&raw(i))).unwrap();
    }
    let before = m.serialize().unwrap();
    let f = |v: f64| JsValue::from_f64(v);
    let s = |v: &str| JsValue::from_str(v);
    let cases: Vec<(JsValue, &str)> = vec![
        (obj(&[("hour".into(), f(f64::NAN))]), "hour"),
        (obj(&[("hour".into(), f(f64::INFINITY))]), "hour"),
        (obj(&[("mode=ARAM".into(), f(1.0))]), "mode=ARAM"),
        (
            obj(&[("mode=ARAM".into(), f(1.0)), ("mode".into(), s("ARAM"))]),
            "mode=ARAM",
        ),
        (obj(&[("hour".into(), JsValue::NULL)]), "hour"),
        (obj(&[("hour".into(), JsValue::TRUE)]), "hour"),
        (
            obj(&[("champ_3".into(), f(1.0)), ("hour".into(), f(f64::NAN))]),
            "hour",
        ),
    ];
    for (k, (x, name)) in cases.into_iter().enumerate() {
        let e = match m.learn_one(x.clone(), f(1800.0)) {
            Ok(()) => panic!("learn_one accepted case {k} naming {name}"),
            Err(e) => message(e),
        };
        assert!(e.contains(name), "learn: '{e}' should name '{name}'");
        if name != "mode=ARAM" {
            // (a numeric "mode=ARAM" is just unknown at predict time)
            let e = message(m.predict_one(x.clone()).unwrap_err());
            assert!(e.contains(name), "predict: '{e}' should name '{name}'");
        }
        assert_eq!(m.serialize().unwrap(), before, "{name}: the model changed");
    }
    // A good sample with a bad target: the target is named, nothing changes.
    let e = message(m.learn_one(js(&raw(1)), f(f64::NAN)).unwrap_err());
    assert!(e.contains("target"), "{e}");
    let e = message(m.learn_one(js(&raw(1)), s("x")).unwrap_err());
    assert!(e.contains("target"), "{e}");
    assert!(m.predict_one(JsValue::from(js_sys::Array::new())).is_err());
    assert!(m.predict_one(JsValue::NULL).is_err());
    assert_eq!(m.serialize().unwrap(), before);
}

#[wasm_bindgen_test]
fn many_keys_grow_the_buffer() {
    let mut m = Model::new(JsValue::UNDEFINED).unwrap();
    let mut core = learn::Model::default();
    for i in 0..30u32 {
        let x: Vec<(String, Result<f64, &'static str>)> = (0..200u32)
            .map(|k| (format!("k{k}"), Ok(f64::from((k * 31 + i) % 7))))
            .collect();
        let p = m.predict_one(js(&x)).unwrap();
        assert_eq!(
            p.to_bits(),
            core.predict_one(&native(&x)).unwrap().to_bits()
        );
        m.learn_one(js(&x), JsValue::from_f64(y(i))).unwrap();
        core.learn_one(&native(&x), y(i)).unwrap();
    }
    assert_eq!(m.serialize().unwrap(), core.to_json().unwrap());
}

#[wasm_bindgen_test]
fn predict_learn_one_equals_predict_then_learn() {
    let mut a = Model::new(JsValue::UNDEFINED).unwrap();
    let mut b = Model::new(JsValue::UNDEFINED).unwrap();
    for i in 0..400 {
        let x = js(&raw(i));
        let p = a.predict_one(x.clone()).unwrap();
        a.learn_one(x.clone(), JsValue::from_f64(y(i))).unwrap();
        let q = b.predict_learn_one(x, JsValue::from_f64(y(i))).unwrap();
        assert_eq!(p.to_bits(), q.to_bits(), "sample {i}: {p} vs {q}");
    }
    assert_eq!(a.serialize().unwrap(), b.serialize().unwrap());
    // Bad input throws, names the problem and changes nothing (cached keys and new ones).
    let before = b.serialize().unwrap();
    let f = JsValue::from_f64;
    let e = message(
        b.predict_learn_one(obj(&[("hour".into(), f(f64::NAN))]), f(1.0))
            .unwrap_err(),
    );
    assert!(e.contains("hour"), "{e}");
    let e = message(
        b.predict_learn_one(obj(&[("fresh".into(), JsValue::NULL)]), f(1.0))
            .unwrap_err(),
    );
    assert!(e.contains("fresh"), "{e}");
    let e = message(b.predict_learn_one(js(&raw(3)), f(f64::NAN)).unwrap_err());
    assert!(e.contains("target"), "{e}");
    let e = message(
        b.predict_learn_one(obj(&[("fresh".into(), f(1.0))]), f(f64::NAN))
            .unwrap_err(),
    );
    assert!(e.contains("target"), "{e}");
    assert_eq!(b.serialize().unwrap(), before);
}

/// The fast path walks objects with `for...in`: inherited enumerable keys must not count
/// (`Object.keys` semantics), for objects with another prototype or with a polluted
/// `Object.prototype`; null-prototype objects work too.
#[wasm_bindgen_test]
fn only_own_keys_are_features() {
    let mut m = Model::new(JsValue::UNDEFINED).unwrap();
    let mut core = learn::Model::default();
    for i in 0..100 {
        m.learn_one(js(&raw(i)), JsValue::from_f64(y(i))).unwrap();
        core.learn_one(&native(&raw(i)), y(i)).unwrap();
    }
    let own = vec![
        ("champ_3".to_string(), Ok(1.0)),
        ("hour".to_string(), Ok(5.0)),
    ];
    let want = core.predict_one(&native(&own)).unwrap();
    // A child of an object with an enumerable key the model knows.
    let parent = obj(&[("count".into(), JsValue::from_f64(12.0))]);
    let child: Object = Object::create(parent.unchecked_ref::<Object>());
    for (k, v) in [("champ_3", 1.0), ("hour", 5.0)] {
        Reflect::set(&child, &JsValue::from_str(k), &JsValue::from_f64(v)).unwrap();
    }
    for _ in 0..2 {
        let p = m.predict_one(child.clone().into()).unwrap();
        assert_eq!(p.to_bits(), want.to_bits(), "inherited key was read");
    }
    // A null-prototype object.
    let bare: Object = Object::create(JsValue::NULL.unchecked_ref::<Object>());
    for (k, v) in [("champ_3", 1.0), ("hour", 5.0)] {
        Reflect::set(&bare, &JsValue::from_str(k), &JsValue::from_f64(v)).unwrap();
    }
    assert_eq!(
        m.predict_one(bare.into()).unwrap().to_bits(),
        want.to_bits()
    );
    // A polluted Object.prototype: plain objects must still give their own keys only.
    let proto: JsValue = Object::get_prototype_of(&Object::new().into()).into();
    Reflect::set(
        &proto,
        &JsValue::from_str("count"),
        &JsValue::from_f64(12.0),
    )
    .unwrap();
    let plain = js(&own);
    let p = m.predict_one(plain.clone());
    let l = m.predict_learn_one(plain, JsValue::from_f64(1700.0));
    Reflect::delete_property(proto.unchecked_ref::<Object>(), &JsValue::from_str("count")).unwrap();
    assert_eq!(p.unwrap().to_bits(), want.to_bits());
    assert_eq!(l.unwrap().to_bits(), want.to_bits());
}
