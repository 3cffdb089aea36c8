//! Would a classifier help players? Issue 18 lets the page show "ends before 25:00?" only if its
//! log loss beats the constant baseline on games.csv. This measures it: progressive validation
//! (predict, then learn, in file order, one pass) of River-exact `LogisticRegression` pipelines
//! on the page's pre-game features, against the running base rate (the constant baseline: the
//! share of games so far that ended before the cut, with one pseudo-game each way). Log loss is
//! River's (probabilities clipped to [1e-15, 1 − 1e-15]). docs/classification.md, "The page".
//!   cargo run --profile native -p rivulet-server --example ends_before [-- PATH/games.csv [CUT_S]]
//! Skips (with a message) when the file is absent (../shared/data is not in every checkout).
mod common;

use rivulet::learn::Model;

fn log_loss(p: f64, y: bool) -> f64 {
    let p = p.clamp(1e-15, 1.0 - 1e-15);
    -if y { p.ln() } else { (1.0 - p).ln() }
}

/// Mean log loss, Brier score and the reliability table (10 bins of the predicted probability:
/// count, mean prediction, observed share) of the predictions `p` made before each label.
struct Score {
    n: usize,
    log_loss: f64,
    brier: f64,
    bins: [(usize, f64, f64); 10],
}

impl Score {
    fn new() -> Self {
        Score {
            n: 0,
            log_loss: 0.0,
            brier: 0.0,
            bins: [(0, 0.0, 0.0); 10],
        }
    }
    fn add(&mut self, p: f64, y: bool) {
        self.n += 1;
        self.log_loss += log_loss(p, y);
        self.brier += (p - f64::from(u8::from(y))).powi(2);
        let b = &mut self.bins[((p * 10.0) as usize).min(9)];
        b.0 += 1;
        b.1 += p;
        b.2 += f64::from(u8::from(y));
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some((path, rows)) = common::games_csv_rows(args.next()) else {
        return;
    };
    let cut: f64 = args
        .next()
        .map_or(1500.0, |s| s.parse().expect("CUT_S: seconds"));
    // The label: the game ended before the cut.
    let rows: Vec<_> = rows.into_iter().map(|(x, d)| (x, d < cut)).collect();
    let share = rows.iter().filter(|r| r.1).count() as f64 / rows.len() as f64;
    println!(
        "{path}: {} games, {:.1} % ended before {}:{:02}",
        rows.len(),
        100.0 * share,
        cut as u64 / 60,
        cut as u64 % 60
    );

    let mut results = Vec::new();
    let mut base = Score::new();
    let (mut yes, mut all) = (1.0, 2.0);
    for (_, y) in &rows {
        base.add(yes / all, *y);
        yes += f64::from(u8::from(*y));
        all += 1.0;
    }
    results.push(("constant (running base rate)".to_string(), base));
    let specs = [
        r#"{"model": {"type": "logistic"}}"#,
        r#"{"model": {"type": "logistic", "optimizer": {"type": "sgd", "lr": 0.002}}}"#,
        r#"{"model": {"type": "logistic", "optimizer": {"type": "adagrad", "lr": 0.01}}}"#,
        r#"{"scaler": "maxabs", "model": {"type": "logistic", "optimizer": {"type": "adagrad", "lr": 0.01}}}"#,
    ];
    for spec in specs {
        let mut m = Model::from_spec_json(spec).unwrap();
        let mut s = Score::new();
        for (x, y) in &rows {
            s.add(m.predict_proba_one(x).unwrap(), *y);
            m.learn_one(x, f64::from(u8::from(*y))).unwrap();
        }
        results.push((format!("`{spec}`"), s));
    }

    println!("| model | log loss | Brier | vs constant (log loss) |");
    println!("|---|---|---|---|");
    let base_ll = results[0].1.log_loss / results[0].1.n as f64;
    for (label, s) in &results {
        let ll = s.log_loss / s.n as f64;
        println!(
            "| {label} | {ll:.4} | {:.4} | {:+.2} % |",
            s.brier / s.n as f64,
            100.0 * (ll - base_ll) / base_ll
        );
    }
    let (label, best) = results[1..]
        .iter()
        .min_by(|a, b| a.1.log_loss.total_cmp(&b.1.log_loss))
        .unwrap();
    println!("\nreliability of {label}:");
    println!("| predicted | games | mean predicted | observed |");
    println!("|---|---|---|---|");
    for (i, (n, p, y)) in best.bins.iter().enumerate() {
        if *n > 0 {
            println!(
                "| {:.1}–{:.1} | {n} | {:.3} | {:.3} |",
                i as f64 / 10.0,
                (i + 1) as f64 / 10.0,
                p / *n as f64,
                y / *n as f64
            );
        }
    }
}
