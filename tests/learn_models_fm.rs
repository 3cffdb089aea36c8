//! River parity for rivulet's factorization machine and its random numbers.
//! Fixtures: tests/river/models_*.json, made by tests/river/make_fixtures_models.py (River 0.26.1).
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use std::collections::HashMap;

use rivulet::learn::facto::{FmConfig, FmRegressor};
use rivulet::learn::json::{parse, Fields};
use rivulet::learn::rng::Mt19937;
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/river/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect(&path)).unwrap()
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-12)
}

/// Interns names in order of first appearance, as rivulet's vocabulary does.
#[derive(Default)]
struct Vocab(HashMap<String, u32>);
impl Vocab {
    fn id(&mut self, name: &str) -> u32 {
        let n = self.0.len() as u32;
        *self.0.entry(name.to_string()).or_insert(n)
    }
}

fn stream(v: &Value, vocab: &mut Vocab) -> Vec<(Vec<(u32, f64)>, f64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let x = s[0]
                .as_array()
                .unwrap()
                .iter()
                .map(|kv| (vocab.id(kv[0].as_str().unwrap()), kv[1].as_f64().unwrap()))
                .collect();
            (x, s[1].as_f64().unwrap())
        })
        .collect()
}

#[test]
fn numpy_legacy_normal_matches_numpy() {
    let f = fixture("models_rng.json");
    for case in f["numpy_normal"].as_array().unwrap() {
        let mut r = Mt19937::numpy(case["seed"].as_u64().unwrap() as u32);
        let (loc, scale) = (
            case["loc"].as_f64().unwrap(),
            case["scale"].as_f64().unwrap(),
        );
        for (i, v) in case["values"].as_array().unwrap().iter().enumerate() {
            let got = r.numpy_normal(loc, scale);
            assert!(
                close(got, v.as_f64().unwrap(), 1e-15),
                "seed {} draw {i}: {got} vs {v}",
                case["seed"]
            );
        }
    }
}

#[test]
fn python_random_matches_cpython() {
    let f = fixture("models_rng.json");
    for case in f["python"].as_array().unwrap() {
        let mut r = Mt19937::python(case["seed"].as_u64().unwrap());
        for (i, d) in case["draws"].as_array().unwrap().iter().enumerate() {
            let ctx = format!("seed {} draw {i}", case["seed"]);
            match d[0].as_str().unwrap() {
                "random" => assert_eq!(r.random(), d[1].as_f64().unwrap(), "{ctx}"),
                "randint" => assert_eq!(r.randint(0, 9_999_999), d[1].as_i64().unwrap(), "{ctx}"),
                "uniform" => assert_eq!(
                    r.uniform(d[1].as_f64().unwrap(), d[2].as_f64().unwrap()),
                    d[3].as_f64().unwrap(),
                    "{ctx}"
                ),
                "choice" => {
                    let w: Vec<f64> = d[1]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_f64().unwrap())
                        .collect();
                    assert_eq!(
                        r.choice_weighted(&w) as u64,
                        d[2].as_u64().unwrap(),
                        "{ctx}"
                    );
                }
                other => panic!("unknown draw kind {other}"),
            }
        }
    }
}

#[test]
fn fm_matches_river_prediction_by_prediction() {
    let f = fixture("models_fm.json");
    let cases = f["cases"].as_array().unwrap();
    assert!(cases.len() >= 4);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mut vocab = Vocab::default();
        let data = stream(&f["stream"], &mut vocab);
        let config = FmConfig::read(
            Fields::spec("model", parse(&case["config"].to_string()).unwrap()).unwrap(),
        )
        .unwrap();
        let mut fm = FmRegressor::new(config).unwrap();
        let want = case["predictions"].as_array().unwrap();
        assert_eq!(want.len(), data.len());
        for (t, ((x, y), w)) in data.iter().zip(want).enumerate() {
            let p = fm.predict_one(x);
            let w = w.as_f64().unwrap();
            assert!(
                close(p, w, 1e-9),
                "{name}: sample {t}: rivulet {p} vs River {w}"
            );
            fm.learn_one(x, *y).unwrap();
        }
        // Final state: intercept, every weight and every latent value.
        let fin = &case["final"];
        assert!(close(
            fm.intercept(),
            fin["intercept"].as_f64().unwrap(),
            1e-9
        ));
        for (k, w) in fin["weights"].as_object().unwrap() {
            let id = vocab.id(k);
            assert!(
                close(fm.weight(id), w.as_f64().unwrap(), 1e-9),
                "{name}: weight {k}"
            );
        }
        let lat = fin["latents"].as_object().unwrap();
        assert_eq!(lat.len(), vocab.0.len(), "{name}: one latent per feature");
        for (k, v) in lat {
            let got = fm.latent(vocab.id(k)).expect(k);
            for (g, w) in got.iter().zip(v.as_array().unwrap()) {
                assert!(close(*g, w.as_f64().unwrap(), 1e-9), "{name}: latent {k}");
            }
        }
    }
}

#[test]
fn fm_serialize_round_trip_continues_exactly() {
    let f = fixture("models_fm.json");
    let mut vocab = Vocab::default();
    let data = stream(&f["stream"], &mut vocab);
    let mut a = FmRegressor::new(FmConfig {
        seed: 9,
        ..FmConfig::default()
    })
    .unwrap();
    // Stop half-way through, before the late features appear, so the restored model still has
    // latents to draw: the RNG state must survive the round trip too.
    let half = data.len() / 3;
    for (x, y) in &data[..half] {
        a.learn_one(x, *y).unwrap();
    }
    let json = a.to_value().to_text().unwrap();
    let mut b = FmRegressor::from_value(parse(&json).unwrap()).unwrap();
    b.validate_state().unwrap();
    assert_eq!(
        b.to_value().to_text().unwrap(),
        json,
        "byte-identical re-serialization"
    );
    for (x, y) in &data[half..] {
        assert_eq!(a.predict_one(x).to_bits(), b.predict_one(x).to_bits());
        a.learn_one(x, *y).unwrap();
        b.learn_one(x, *y).unwrap();
    }
    assert_eq!(a, b);
}

#[test]
fn fm_rejects_corrupt_state_with_a_named_error() {
    let mut a = FmRegressor::new(FmConfig::default()).unwrap();
    a.learn_one(&[(0, 1.0), (1, 1.0)], 1.0).unwrap();
    let mut v: Value = serde_json::from_str(&a.to_value().to_text().unwrap()).unwrap();
    v["state"]["latents"].as_array_mut().unwrap().pop();
    let e = FmRegressor::from_value(parse(&v.to_string()).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("latents"), "{e}");
    let mut v: Value = serde_json::from_str(&a.to_value().to_text().unwrap()).unwrap();
    v["state"]["rows"][1] = serde_json::json!(0);
    let e = FmRegressor::from_value(parse(&v.to_string()).unwrap()).unwrap_err();
    assert!(e.to_string().contains("rows"));
}
