//! River parity: the same stream gives the same predictions as River 0.26.1 to 1e-9 relative.
//! Fixtures are made by River itself: `tests/river/make_fixtures.py` (run by hand) wrote
//! `tests/river/fixtures.json`.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use rivulet::learn::stats::{EWMean, EWVar, Mean, Quantile, Var};
use rivulet::learn::{FeatureValue, Model};
use serde_json::Value;

fn fixtures() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/river/fixtures.json");
    let text = std::fs::read_to_string(path).expect("tests/river/fixtures.json is committed");
    serde_json::from_str(&text).unwrap()
}

type Row = (Vec<(String, Option<f64>, Option<String>)>, f64);

fn stream(f: &Value) -> Vec<Row> {
    f["stream"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let x = s["x"]
                .as_array()
                .unwrap()
                .iter()
                .map(|kv| {
                    let name = kv[0].as_str().unwrap().to_string();
                    match &kv[1] {
                        Value::String(c) => (name, None, Some(c.clone())),
                        v => (name, Some(v.as_f64().unwrap()), None),
                    }
                })
                .collect();
            (x, s["y"].as_f64().unwrap())
        })
        .collect()
}

fn features(row: &Row) -> Vec<(&str, FeatureValue<'_>)> {
    row.0
        .iter()
        .map(|(n, v, c)| match (v, c) {
            (Some(v), _) => (n.as_str(), FeatureValue::Num(*v)),
            (None, Some(c)) => (n.as_str(), FeatureValue::Cat(c.as_str())),
            _ => unreachable!(),
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

#[test]
fn every_case_matches_river_prediction_by_prediction() {
    let f = fixtures();
    assert_eq!(f["river"], "0.26.1");
    let rows = stream(&f);
    let cases = f["cases"].as_array().unwrap();
    assert!(cases.len() >= 18, "the fixture covers every case");
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mut model = Model::from_spec_json(&case["spec"].to_string())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let want = case["predictions"].as_array().unwrap();
        assert_eq!(want.len(), rows.len());
        let mut worst: f64 = 0.0;
        for (t, (row, w)) in rows.iter().zip(want).enumerate() {
            let x = features(row);
            let got = model.predict_one(&x).unwrap();
            let w = w.as_f64().unwrap();
            if !close(got, w) {
                failures.push(format!("{name}: sample {t}: rivulet {got} vs River {w}"));
                break;
            }
            if w != 0.0 {
                worst = worst.max((got - w).abs() / w.abs());
            }
            model.learn_one(&x, row.1).unwrap();
        }
        let intercept = model.pipeline().regressor().intercept().unwrap();
        let want_b = case["intercept"].as_f64().unwrap();
        if !close(intercept, want_b) {
            failures.push(format!("{name}: intercept {intercept} vs River {want_b}"));
        }
        println!("{name:32} worst relative difference {worst:.3e}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn stats_match_river() {
    let f = fixtures();
    let s = &f["stats"];
    let xs: Vec<f64> = s["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let check = |name: &str, got: Vec<f64>| {
        let want = s[name].as_array().unwrap();
        for (t, (g, w)) in got.iter().zip(want).enumerate() {
            let w = w.as_f64().unwrap();
            assert!(close(*g, w), "{name}[{t}]: rivulet {g} vs River {w}");
        }
    };
    let run = |mut f: Box<dyn FnMut(f64) -> f64>| xs.iter().map(|&x| f(x)).collect::<Vec<_>>();
    let mut m = Mean::default();
    check(
        "mean",
        run(Box::new(move |x| {
            m.update(x);
            m.get()
        })),
    );
    let mut v = Var::new(1);
    check(
        "var",
        run(Box::new(move |x| {
            v.update(x);
            v.get()
        })),
    );
    let mut v0 = Var::new(0);
    check(
        "var_ddof0",
        run(Box::new(move |x| {
            v0.update(x);
            v0.get()
        })),
    );
    let mut e = EWMean::new(0.3).unwrap();
    check(
        "ewmean_0.3",
        run(Box::new(move |x| {
            e.update(x);
            e.get()
        })),
    );
    let mut ev = EWVar::new(0.3).unwrap();
    check(
        "ewvar_0.3",
        run(Box::new(move |x| {
            ev.update(x);
            ev.get()
        })),
    );
    for q in [0.5, 0.9] {
        let mut qe = Quantile::new(q).unwrap();
        check(
            &format!("quantile_{q}"),
            run(Box::new(move |x| {
                qe.update(x);
                qe.get().unwrap()
            })),
        );
    }
}
