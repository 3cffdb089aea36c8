//! `rivulet eval`: progressive validation (predict, then learn, in time order, one pass) of a
//! [`DurationPredictor`] — the page's own model type — over a real dataset or the simulated
//! league. Native only.
//!
//! Reports MAE, RMSE, MAE without remakes (< 300 s), 80 % / 90 % interval coverage and mean
//! width, samples/s; optionally the learning curve (`--curve out.csv|out.json`), the feature
//! ablation table (`--ablation`) and the elapsed-time evaluation (`--at 5,10,20,30`, minutes).

mod error;
pub mod matchv5;
pub mod visitors;

pub use error::EvalError;

use rivulet_lol::datasets::read_dataset;
use rivulet_lol::features::{FeatureConfig, GROUPS};
use rivulet_lol::predictor::{Center, DurationPredictor, PredictorSpec};
use rivulet_lol::riot::{CurrentGameInfo, GameExtras};
use serde::Serialize;
use serde_json::Value;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Games shorter than this are remakes (seconds).
pub const REMAKE_S: f64 = 300.0;

/// `rivulet eval` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct EvalArgs {
    /// The stream: a games.csv file, a seed-match file or folder (match-v3 JSON), match-v5 JSON
    /// (a match file, a `.jsonl` of match-v5 `info` objects such as `rivulet log export`
    /// writes, or a folder of them), `sim:N[:seed]` for N games of the simulated league, or
    /// `sim-modern:N[:seed]` for its modern queue mix (Swiftplay, ARURF besides ranked, normal
    /// and ARAM).
    #[arg(long)]
    pub data: String,
    /// The visitors replay instead of a single evaluation: the stream dealt to K simulated
    /// visitors, for each K given (e.g. `1,10,100,1000`); see `eval::visitors`.
    #[arg(long, value_delimiter = ',')]
    pub visitors: Vec<usize>,
    /// Visitors replay: the share of the stream the community model learned before the visitors
    /// join (they are compared on the rest).
    #[arg(long, default_value_t = 0.5)]
    pub join: f64,
    /// Visitors replay: a visitor fetches a new community snapshot every this many games of
    /// the stream.
    #[arg(long, default_value_t = 100)]
    pub refresh_every: usize,
    /// The point model spec: JSON text, a file holding it, or a name ("running_mean").
    /// Default: the page's default.
    #[arg(long)]
    pub model: Option<String>,
    /// Feature groups: e.g. `default`, `all`, `none,+champions,+bans`, `default,-hour`.
    #[arg(long)]
    pub features: Option<String>,
    /// Residuals kept by the conformal intervals.
    #[arg(long)]
    pub window: Option<usize>,
    /// The pre-game central value: "model" (default) or "median" (point + median residual).
    #[arg(long, value_parser = ["model", "median"])]
    pub center: Option<String>,
    /// Write the learning curve to this .csv or .json file.
    #[arg(long)]
    pub curve: Option<PathBuf>,
    /// Run the feature-group ablation table instead of a single evaluation.
    #[arg(long)]
    pub ablation: bool,
    /// Also ask every game still running at these elapsed times (minutes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub at: Vec<f64>,
    /// Use only the first N games of the stream.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// One game of an evaluation stream.
#[derive(Debug, Clone)]
pub struct EvalGame {
    pub game: CurrentGameInfo,
    pub extras: GameExtras,
    pub duration_s: f64,
    /// The noiseless expected duration, when the source knows it (the simulated league).
    pub truth_s: Option<f64>,
}

/// Loads a stream named as `--data` takes it.
pub fn load(data: &str) -> Result<Vec<EvalGame>, EvalError> {
    let (sim, modern) = match (data.strip_prefix("sim:"), data.strip_prefix("sim-modern:")) {
        (Some(rest), _) => (Some(rest), false),
        (_, Some(rest)) => (Some(rest), true),
        _ => (None, false),
    };
    if let Some(rest) = sim {
        let mut parts = rest.split(':');
        let arg = format!("--data {data}");
        let n: usize = parts.next().unwrap_or("").parse().map_err(|_| {
            EvalError::bad_arg(&arg, "expected sim:N[:seed] with N a number of games")
        })?;
        let seed: u64 = match parts.next() {
            Some(s) => s
                .parse()
                .map_err(|_| EvalError::bad_arg(&arg, "the seed must be an integer"))?,
            None => 1,
        };
        if parts.next().is_some() || n == 0 {
            return Err(EvalError::bad_arg(arg, "expected sim:N[:seed] with N ≥ 1"));
        }
        return Ok(simulate_mix(n, seed, modern));
    }
    let path = Path::new(data);
    if !path.exists() {
        return Err(EvalError::NotFound {
            arg: "--data",
            path: path.to_path_buf(),
            what: "file or folder",
        });
    }
    if matchv5::is_match_v5(path) {
        return matchv5::read(path);
    }
    let games = read_dataset(path)?;
    if games.is_empty() {
        return Err(EvalError::NoGames {
            path: path.to_path_buf(),
        });
    }
    Ok(games
        .into_iter()
        .map(|g| EvalGame {
            game: g.game,
            extras: g.extras,
            duration_s: g.duration_s,
            truth_s: None,
        })
        .collect())
}

/// N games of the simulated league, one every 20 s of league time, with their noiseless truth.
pub fn simulate(n: usize, seed: u64) -> Vec<EvalGame> {
    simulate_mix(n, seed, false)
}

/// [`simulate`], with the league's modern queue mix when `modern`.
pub fn simulate_mix(n: usize, seed: u64, modern: bool) -> Vec<EvalGame> {
    rivulet_lol::sim::game_stream(n, seed, modern)
        .into_iter()
        .map(|g| EvalGame {
            game: g.game,
            extras: g.extras,
            duration_s: g.duration_s as f64,
            truth_s: Some(g.expected_s),
        })
        .collect()
}

/// Interval accuracy at one level.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IntervalStats {
    pub coverage: f64,
    pub mean_width: f64,
}

/// Accuracy given "still running at t".
#[derive(Debug, Clone, Default, Serialize)]
pub struct AtStats {
    pub minutes: f64,
    /// Games still running at t.
    pub games: u64,
    /// MAE of the remaining time (= of the total), the conditioned prediction.
    pub mae: f64,
    /// The naive answer: the pre-game prediction floored at t.
    pub naive_mae: f64,
    pub i80: IntervalStats,
    pub i90: IntervalStats,
    /// The naive interval: the pre-game 80 % interval, floored at t.
    pub naive_i80: IntervalStats,
}

/// One point of the learning curve.
#[derive(Debug, Clone, Serialize)]
pub struct CurvePoint {
    pub n: u64,
    pub mae: f64,
    pub mae_no_remakes: f64,
    pub rmse: f64,
    /// MAE over the games since the previous point.
    pub mae_recent: f64,
    pub coverage80: f64,
    pub coverage90: f64,
}

/// The result of one progressive evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub games: u64,
    pub mae: f64,
    pub rmse: f64,
    pub mae_no_remakes: f64,
    pub remakes: u64,
    pub i80: IntervalStats,
    pub i90: IntervalStats,
    /// predict + learn per second (featurizing included).
    pub samples_per_s: f64,
    /// MAE of the noiseless truth (simulated league only): the irreducible error.
    pub truth_mae: Option<f64>,
    pub at: Vec<AtStats>,
    #[serde(skip)]
    pub curve: Vec<CurvePoint>,
}

#[derive(Default)]
struct Acc {
    n: u64,
    abs: f64,
    sq: f64,
    n_nr: u64,
    abs_nr: f64,
    c80: u64,
    w80: f64,
    c90: u64,
    w90: f64,
}

impl Acc {
    fn interval(&self, c: u64, w: f64) -> IntervalStats {
        let n = self.n.max(1) as f64;
        IntervalStats {
            coverage: c as f64 / n,
            mean_width: w / n,
        }
    }
}

fn mean(sum: f64, n: u64) -> f64 {
    if n == 0 {
        f64::NAN
    } else {
        sum / n as f64
    }
}

/// The predictor spec a run uses.
pub fn predictor_spec(
    model: Option<&Value>,
    features: &FeatureConfig,
    window: Option<usize>,
) -> PredictorSpec {
    PredictorSpec {
        model: model.cloned(),
        features: Some(serde_json::to_value(features).unwrap_or(Value::Null)),
        window,
        center: None,
    }
}

/// Progressive validation of a fresh predictor over `games`.
pub fn evaluate(
    games: &[EvalGame],
    spec: PredictorSpec,
    at_minutes: &[f64],
    curve_points: usize,
    progress: bool,
) -> Result<Report, EvalError> {
    let mut p = DurationPredictor::new(Some(spec)).map_err(|source| EvalError::Spec {
        what: "predictor spec",
        source,
    })?;
    let game_err = |g: &EvalGame| {
        let game_id = g.game.game_id;
        move |source| EvalError::Game { game_id, source }
    };
    let bar = if progress {
        indicatif::ProgressBar::new(games.len() as u64).with_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} games, {per_sec}, eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut acc = Acc::default();
    let mut truth_abs = 0.0;
    let mut truth_n = 0u64;
    let mut at: Vec<(AtStats, Acc, Acc)> = at_minutes
        .iter()
        .map(|&m| {
            (
                AtStats {
                    minutes: m,
                    ..Default::default()
                },
                Acc::default(),
                Acc::default(),
            )
        })
        .collect();
    let every = (games.len() / curve_points.max(1)).max(1);
    let mut curve = Vec::new();
    let mut recent = (0u64, 0.0f64);
    let mut busy = std::time::Duration::ZERO;
    for (i, g) in games.iter().enumerate() {
        let y = g.duration_s;
        // The elapsed-time questions come first: they must not see this game's truth.
        for (stats, a, naive) in at.iter_mut() {
            let t = stats.minutes * 60.0;
            if y <= t {
                continue;
            }
            let q = p.predict(&g.game, &g.extras, t).map_err(game_err(g))?;
            let pre = p.predict(&g.game, &g.extras, 0.0).map_err(game_err(g))?;
            a.n += 1;
            a.abs += (q.expected - y).abs();
            a.c80 += (q.lo80 <= y && y <= q.hi80) as u64;
            a.w80 += q.hi80 - q.lo80;
            a.c90 += (q.lo90 <= y && y <= q.hi90) as u64;
            a.w90 += q.hi90 - q.lo90;
            naive.n += 1;
            naive.abs += (pre.pregame.max(t) - y).abs();
            let (lo, hi) = (pre.lo80.max(t), pre.hi80.max(t));
            naive.c80 += (lo <= y && y <= hi) as u64;
            naive.w80 += hi - lo;
        }
        let t0 = Instant::now();
        let pre = p.learn(&g.game, &g.extras, y).map_err(game_err(g))?;
        busy += t0.elapsed();
        let err = pre.expected - y;
        acc.n += 1;
        acc.abs += err.abs();
        acc.sq += err * err;
        if y >= REMAKE_S {
            acc.n_nr += 1;
            acc.abs_nr += err.abs();
        }
        acc.c80 += (pre.lo80 <= y && y <= pre.hi80) as u64;
        acc.w80 += pre.hi80 - pre.lo80;
        acc.c90 += (pre.lo90 <= y && y <= pre.hi90) as u64;
        acc.w90 += pre.hi90 - pre.lo90;
        if let Some(t) = g.truth_s.filter(|t| t.is_finite()) {
            truth_abs += (t - y).abs();
            truth_n += 1;
        }
        recent.0 += 1;
        recent.1 += err.abs();
        if (i + 1) % every == 0 || i + 1 == games.len() {
            curve.push(CurvePoint {
                n: acc.n,
                mae: mean(acc.abs, acc.n),
                mae_no_remakes: mean(acc.abs_nr, acc.n_nr),
                rmse: mean(acc.sq, acc.n).sqrt(),
                mae_recent: mean(recent.1, recent.0),
                coverage80: acc.c80 as f64 / acc.n as f64,
                coverage90: acc.c90 as f64 / acc.n as f64,
            });
            recent = (0, 0.0);
            bar.set_position(i as u64 + 1);
        }
    }
    bar.finish_and_clear();
    Ok(Report {
        games: acc.n,
        mae: mean(acc.abs, acc.n),
        rmse: mean(acc.sq, acc.n).sqrt(),
        mae_no_remakes: mean(acc.abs_nr, acc.n_nr),
        remakes: acc.n - acc.n_nr,
        i80: acc.interval(acc.c80, acc.w80),
        i90: acc.interval(acc.c90, acc.w90),
        samples_per_s: acc.n as f64 / busy.as_secs_f64().max(1e-9),
        truth_mae: (truth_n > 0).then(|| truth_abs / truth_n as f64),
        at: at
            .into_iter()
            .map(|(mut s, a, naive)| {
                s.games = a.n;
                s.mae = mean(a.abs, a.n);
                s.naive_mae = mean(naive.abs, naive.n);
                s.i80 = a.interval(a.c80, a.w80);
                s.i90 = a.interval(a.c90, a.w90);
                s.naive_i80 = naive.interval(naive.c80, naive.w80);
                s
            })
            .collect(),
        curve,
    })
}

/// Reads `--model`: JSON text, a file holding JSON, or a bare name.
pub fn parse_model_arg(arg: &str) -> Result<Value, EvalError> {
    let t = arg.trim();
    if t.starts_with('{') || t.starts_with('"') || t.starts_with('[') {
        return serde_json::from_str(t)
            .map_err(|e| EvalError::bad_arg("--model", format!("invalid JSON: {e}")));
    }
    let path = Path::new(t);
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        return serde_json::from_str(&text).map_err(|source| EvalError::BadJson {
            path: path.to_path_buf(),
            line: source.line(),
            source,
        });
    }
    Ok(Value::String(t.to_string()))
}

/// Prints a value as pretty JSON on standard output.
fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), EvalError> {
    let write = || -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
        out.flush()
    };
    write().map_err(|source| EvalError::Write {
        target: "standard output".into(),
        source,
    })
}

fn write_curve(path: &Path, curve: &[CurvePoint]) -> Result<(), EvalError> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let write_err = |source| EvalError::Write {
        target: format!("--curve {}", path.display()),
        source,
    };
    let text = if is_json {
        serde_json::to_string_pretty(curve).map_err(|e| write_err(e.into()))?
    } else {
        let mut s = String::from("n,mae,mae_no_remakes,rmse,mae_recent,coverage80,coverage90\n");
        for c in curve {
            s += &format!(
                "{},{:.3},{:.3},{:.3},{:.3},{:.4},{:.4}\n",
                c.n, c.mae, c.mae_no_remakes, c.rmse, c.mae_recent, c.coverage80, c.coverage90
            );
        }
        s
    };
    std::fs::write(path, text).map_err(write_err)
}

fn print_report(r: &Report) {
    println!(
        "games                 {}  ({} remakes < {REMAKE_S} s)",
        r.games, r.remakes
    );
    println!("MAE                   {:.1} s", r.mae);
    println!("RMSE                  {:.1} s", r.rmse);
    println!("MAE without remakes   {:.1} s", r.mae_no_remakes);
    println!(
        "80 % interval         coverage {:.1} %, mean width {:.0} s",
        100.0 * r.i80.coverage,
        r.i80.mean_width
    );
    println!(
        "90 % interval         coverage {:.1} %, mean width {:.0} s",
        100.0 * r.i90.coverage,
        r.i90.mean_width
    );
    println!("samples/s             {:.0}", r.samples_per_s);
    if let Some(t) = r.truth_mae {
        println!(
            "irreducible MAE       {t:.1} s (the noiseless truth); model / irreducible = {:.3}",
            r.mae / t
        );
    }
    if !r.at.is_empty() {
        println!();
        println!("| still running at | games | MAE | naive MAE | 80 % cov. | 80 % width | naive 80 % cov. | naive 80 % width | 90 % cov. | 90 % width |");
        println!("|---|---|---|---|---|---|---|---|---|---|");
        for a in &r.at {
            println!(
                "| {} min | {} | {:.1} | {:.1} | {:.1} % | {:.0} | {:.1} % | {:.0} | {:.1} % | {:.0} |",
                a.minutes,
                a.games,
                a.mae,
                a.naive_mae,
                100.0 * a.i80.coverage,
                a.i80.mean_width,
                100.0 * a.naive_i80.coverage,
                a.naive_i80.mean_width,
                100.0 * a.i90.coverage,
                a.i90.mean_width
            );
        }
    }
}

/// Runs `rivulet eval`.
pub fn run(args: EvalArgs) -> Result<(), EvalError> {
    if let Some(bad) = args.at.iter().find(|m| !(m.is_finite() && **m > 0.0)) {
        return Err(EvalError::bad_arg(
            "--at",
            format!("minutes must be positive numbers, got {bad}"),
        ));
    }
    let model = args.model.as_deref().map(parse_model_arg).transpose()?;
    let features = match &args.features {
        Some(f) => FeatureConfig::parse(f).map_err(|source| EvalError::Spec {
            what: "--features",
            source,
        })?,
        None => FeatureConfig::default(),
    };
    let t0 = Instant::now();
    let mut games = load(&args.data)?;
    if let Some(n) = args.limit {
        games.truncate(n);
    }
    eprintln!(
        "loaded {} games from {} in {:.1} s",
        games.len(),
        args.data,
        t0.elapsed().as_secs_f64()
    );
    let progress = !args.quiet && games.len() >= 5000;
    if !args.visitors.is_empty() {
        let mut spec = predictor_spec(model.as_ref(), &features, args.window);
        spec.center = center_of(args.center.as_deref());
        let mut rows = Vec::new();
        for &k in &args.visitors {
            if k == 0 {
                return Err(EvalError::bad_arg("--visitors", "K must be at least 1"));
            }
            let t = Instant::now();
            rows.push(visitors::replay(
                &games,
                &spec,
                k,
                args.join,
                args.refresh_every,
                7,
            )?);
            eprintln!("K = {k}: {:.1} s", t.elapsed().as_secs_f64());
        }
        if args.json {
            print_json(&rows)?;
        } else {
            visitors::print_table(&args.data, &rows);
        }
        return Ok(());
    }
    let center = match args.center.as_deref() {
        Some("median") => Some(Center::Median),
        Some(_) => Some(Center::Model),
        None => None,
    };

    if args.ablation {
        return ablation(
            &games,
            model.as_ref(),
            &features,
            args.window,
            center,
            progress,
            args.json,
        );
    }
    let mut spec = predictor_spec(model.as_ref(), &features, args.window);
    spec.center = center;
    let report = evaluate(&games, spec, &args.at, 200, progress)?;
    if let Some(path) = &args.curve {
        write_curve(path, &report.curve)?;
    }
    if args.json {
        print_json(&report)?;
    } else {
        println!(
            "data: {}  model: {}  features: {}",
            args.data,
            args.model.as_deref().unwrap_or("default"),
            features.groups()
        );
        print_report(&report);
    }
    Ok(())
}

fn center_of(arg: Option<&str>) -> Option<Center> {
    match arg {
        Some("median") => Some(Center::Median),
        Some(_) => Some(Center::Model),
        None => None,
    }
}

/// The ablation table: the base configuration, each group removed from it, and each group
/// alone (on top of no features: the intercept only).
fn ablation(
    games: &[EvalGame],
    model: Option<&Value>,
    base: &FeatureConfig,
    window: Option<usize>,
    center: Option<Center>,
    progress: bool,
    json: bool,
) -> Result<(), EvalError> {
    let mut rows: Vec<(String, Report)> = Vec::new();
    let mut run = |name: String, cfg: &FeatureConfig| -> Result<(), EvalError> {
        let mut spec = predictor_spec(model, cfg, window);
        spec.center = center;
        let r = evaluate(games, spec, &[], 1, progress)?;
        eprintln!("{name}: MAE {:.2}", r.mae);
        rows.push((name, r));
        Ok(())
    };
    run(format!("base ({})", base.groups()), base)?;
    run("none (intercept only)".into(), &FeatureConfig::none())?;
    for g in GROUPS {
        if base.get(g) == Some(true) {
            let mut c = base.clone();
            c.set(g, false).expect("GROUPS names valid groups");
            run(format!("base − {g}"), &c)?;
        }
    }
    for g in GROUPS {
        let mut c = FeatureConfig::none();
        c.set(g, true).expect("GROUPS names valid groups");
        run(format!("only {g}"), &c)?;
    }
    if json {
        let v: Vec<Value> = rows
            .iter()
            .map(|(n, r)| serde_json::json!({"config": n, "report": r}))
            .collect();
        return print_json(&v);
    }
    let base_mae = rows[0].1.mae;
    println!("| features | MAE | Δ vs base | MAE w/o remakes | RMSE |");
    println!("|---|---|---|---|---|");
    for (n, r) in &rows {
        println!(
            "| {n} | {:.2} | {:+.2} | {:.2} | {:.2} |",
            r.mae,
            r.mae - base_mae,
            r.mae_no_remakes,
            r.rmse
        );
    }
    Ok(())
}
