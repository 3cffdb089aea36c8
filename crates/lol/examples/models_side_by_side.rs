//! The rivulet half of `benches/river/side_by_side.sh` (see docs/river-parity.md, "Side by side
//! with River").
//!
//! `dump GAMES_CSV OUT.jsonl`: featurize games.csv (time order, duplicates dropped, default
//! `FeatureConfig`) into one JSON object per game, `{"x": {name: value}, "y": seconds}`, so
//! River reads exactly the stream rivulet learns from.
//!
//! `run STREAM.jsonl NAME=SPEC_JSON[@LIMIT][+dense] ...`: progressive validation (predict, then
//! learn, one pass) of each spec through `learn::Model` with string-keyed input, the feature
//! interning included in the time. `@N` limits the run to the first N games; `+dense` feeds
//! every key of the stream but champion pairs and mode×champion crosses, absent ones as 0 (tree
//! learners only split on keys present), and drops the pair/cross keys. `mean` is the running
//! mean. Prints one JSON line per model.

use std::io::{BufRead, Write};
use std::time::Instant;

use rivulet::learn::{FeatureValue, Model};

type Row = (Vec<(String, f64)>, f64);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let r = match args.get(1).map(String::as_str) {
        Some("dump") if args.len() == 4 => dump(&args[2], &args[3]),
        Some("run") if args.len() >= 4 => run(&args[2], &args[3..]),
        _ => Err("usage: models_side_by_side dump GAMES_CSV OUT.jsonl | run STREAM.jsonl NAME=SPEC[@LIMIT][+dense]...".into()),
    };
    if let Err(e) = r {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn dump(csv: &str, out: &str) -> Result<(), String> {
    use rivulet_lol::{datasets, features};
    let games = datasets::read_games_csv(csv).map_err(|e| e.to_string())?;
    let cfg = features::FeatureConfig::default();
    let mut w = std::io::BufWriter::new(std::fs::File::create(out).map_err(|e| e.to_string())?);
    for g in &games {
        let x: serde_json::Map<String, serde_json::Value> =
            features::featurize(&g.game, &g.extras, &cfg)
                .into_iter()
                .map(|f| (f.key(), serde_json::json!(f.number())))
                .collect();
        let line = serde_json::json!({"x": x, "y": g.duration_s});
        writeln!(w, "{line}").map_err(|e| e.to_string())?;
    }
    eprintln!("wrote {} games to {out}", games.len());
    Ok(())
}

fn read(path: &str) -> Result<Vec<Row>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut rows = Vec::new();
    for line in std::io::BufReader::new(f).lines() {
        let v: serde_json::Value =
            serde_json::from_str(&line.map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
        let x = v["x"]
            .as_object()
            .ok_or("x is not an object")?
            .iter()
            .map(|(k, v)| (k.clone(), v.as_f64().unwrap_or(f64::NAN)))
            .collect();
        rows.push((x, v["y"].as_f64().ok_or("y is not a number")?));
    }
    Ok(rows)
}

struct Scores {
    n: usize,
    abs: f64,
    sq: f64,
    n_nr: usize,
    abs_nr: f64,
}

impl Scores {
    fn add(&mut self, p: f64, y: f64) {
        let e = (p - y).abs();
        self.n += 1;
        self.abs += e;
        self.sq += e * e;
        if y >= 300.0 {
            self.n_nr += 1;
            self.abs_nr += e;
        }
    }
}

fn run(path: &str, specs: &[String]) -> Result<(), String> {
    let rows = read(path)?;
    // Dense mode (tree learners): every key but champion pairs and mode×champion crosses, as
    // benches/river/side_by_side.py does.
    let mut keys: Vec<String> = rows
        .iter()
        .flat_map(|r| r.0.iter().map(|k| k.0.clone()))
        .filter(|k| !k.starts_with("pair=") && !k.contains('|'))
        .collect();
    keys.sort();
    keys.dedup();
    for arg in specs {
        let (name, rest) = arg
            .split_once('=')
            .ok_or(format!("{arg}: expected NAME=SPEC"))?;
        let (rest, dense) = match rest.strip_suffix("+dense") {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let (spec, limit) = match rest.rsplit_once('@') {
            Some((s, l)) => (s, l.parse::<usize>().map_err(|e| format!("{arg}: {e}"))?),
            None => (rest, rows.len()),
        };
        let data = &rows[..limit.min(rows.len())];
        // Inputs are built before the clock starts (River's side does the same).
        let inputs: Vec<Vec<(&str, FeatureValue)>> = data
            .iter()
            .map(|(x, _)| {
                if dense {
                    let present: std::collections::HashMap<&str, f64> =
                        x.iter().map(|(k, v)| (k.as_str(), *v)).collect();
                    keys.iter()
                        .map(|k| {
                            let v = present.get(k.as_str()).copied().unwrap_or(0.0);
                            (k.as_str(), FeatureValue::Num(v))
                        })
                        .collect()
                } else {
                    x.iter()
                        .map(|(k, v)| (k.as_str(), FeatureValue::Num(*v)))
                        .collect()
                }
            })
            .collect();
        let mut s = Scores {
            n: 0,
            abs: 0.0,
            sq: 0.0,
            n_nr: 0,
            abs_nr: 0.0,
        };
        let t0 = Instant::now();
        if spec == "mean" {
            let (mut n, mut m) = (0.0f64, 0.0f64);
            for (_, y) in data {
                s.add(m, *y);
                n += 1.0;
                m += (y - m) / n;
            }
        } else {
            let mut model = Model::from_spec_json(spec).map_err(|e| format!("{name}: {e}"))?;
            for (x, (_, y)) in inputs.iter().zip(data) {
                let p = model.predict_one(x).map_err(|e| e.to_string())?;
                s.add(p, *y);
                model.learn_one(x, *y).map_err(|e| e.to_string())?;
            }
        }
        let secs = t0.elapsed().as_secs_f64();
        let line = serde_json::json!({
            "name": name, "n": s.n, "mae": s.abs / s.n as f64,
            "mae_no_remake": s.abs_nr / s.n_nr.max(1) as f64,
            "rmse": (s.sq / s.n as f64).sqrt(), "us_per_sample": secs * 1e6 / s.n as f64,
        });
        println!("{line}");
        std::io::stdout().flush().ok();
    }
    Ok(())
}
