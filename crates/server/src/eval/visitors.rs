//! The visitors replay (`rivulet eval --visitors 1,10,100,1000`): what community learning gives a
//! visitor, measured as issue 16 asks.
//!
//! The stream's first `join` share is what the proxy had already learned when the visitors
//! arrive: one community model learns it. The rest is dealt to K visitors (each game to one
//! visitor, drawn with a fixed seed), and every game of it is predicted, then learned, by:
//!
//! - **(a) own**: the visitor's own model, fresh when it joined (today's page, learning alone);
//! - **(b) community**: the community snapshot the visitor last fetched (refreshed every
//!   `refresh_every` games of the stream), plus the visitor's own games since that snapshot
//!   learned on top (what the page does: a match the snapshot holds is not learned again);
//! - **one model**: the community model itself, which learns every game as it ends.
//!
//! All three are compared on the same games (visitors joining mid-stream), by MAE and mean 80 %
//! interval width.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::{EvalError, EvalGame};
use rivulet_lol::predictor::{DurationPredictor, PredictorSpec};

/// MAE and mean 80 % width of one way of predicting.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    pub mae: f64,
    pub width80: f64,
    pub coverage80: f64,
}

#[derive(Default)]
struct Acc {
    n: u64,
    abs: f64,
    width: f64,
    covered: u64,
}

impl Acc {
    fn add(&mut self, expected: f64, lo: f64, hi: f64, y: f64) {
        self.n += 1;
        self.abs += (expected - y).abs();
        self.width += hi - lo;
        self.covered += u64::from(lo <= y && y <= hi);
    }
    fn scores(&self) -> Scores {
        let n = self.n.max(1) as f64;
        Scores {
            mae: self.abs / n,
            width80: self.width / n,
            coverage80: self.covered as f64 / n,
        }
    }
}

/// One K's results.
#[derive(Debug, Clone, Serialize)]
pub struct VisitorsRow {
    pub visitors: usize,
    /// Games compared (after the join point).
    pub games: u64,
    pub own: Scores,
    pub community: Scores,
    pub one_model: Scores,
    /// (b) against the one model: relative MAE and width difference (0.01 = 1 % worse).
    pub community_mae_gap: f64,
    pub community_width_gap: f64,
    /// (a) against the one model.
    pub own_mae_gap: f64,
    pub own_width_gap: f64,
}

/// Runs the replay for `k` visitors (see the module documentation).
pub fn replay(
    games: &[EvalGame],
    spec: &PredictorSpec,
    k: usize,
    join: f64,
    refresh_every: usize,
    seed: u64,
) -> Result<VisitorsRow, EvalError> {
    let k = k.max(1);
    let start = ((games.len() as f64) * join.clamp(0.0, 1.0)) as usize;
    let mut community =
        DurationPredictor::new(Some(spec.clone())).map_err(|source| EvalError::Spec {
            what: "predictor spec",
            source,
        })?;
    let err = |g: &EvalGame, source| EvalError::Game {
        game_id: g.game.game_id,
        source,
    };
    for g in &games[..start] {
        community
            .learn(&g.game, &g.extras, g.duration_s)
            .map_err(|e| err(g, e))?;
    }
    let mut own: Vec<Option<DurationPredictor>> = (0..k).map(|_| None).collect();
    // Each visitor's model on top of a snapshot: (snapshot version, model).
    let mut local: Vec<Option<(u64, DurationPredictor)>> = (0..k).map(|_| None).collect();
    let mut snapshot = community.clone();
    let mut version = 0u64;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut a, mut b, mut one) = (Acc::default(), Acc::default(), Acc::default());
    for (i, g) in games[start..].iter().enumerate() {
        if i > 0 && i % refresh_every.max(1) == 0 {
            snapshot = community.clone();
            version += 1;
        }
        let v = rng.gen_range(0..k);
        let y = g.duration_s;
        // (a) the visitor's own model, fresh when it joined.
        let mine = own[v].get_or_insert_with(|| {
            DurationPredictor::new(Some(spec.clone())).expect("the spec was accepted above")
        });
        let p = mine.learn(&g.game, &g.extras, y).map_err(|e| err(g, e))?;
        a.add(p.expected, p.lo80, p.hi80, y);
        // (b) the snapshot, plus the visitor's own games since it, learned on top.
        let on_top = match &mut local[v] {
            Some((ver, m)) if *ver == version => m,
            slot => &mut slot.insert((version, snapshot.clone())).1,
        };
        let p = on_top.learn(&g.game, &g.extras, y).map_err(|e| err(g, e))?;
        b.add(p.expected, p.lo80, p.hi80, y);
        // The one model: the community model, up to date.
        let p = community
            .learn(&g.game, &g.extras, y)
            .map_err(|e| err(g, e))?;
        one.add(p.expected, p.lo80, p.hi80, y);
    }
    let (own, community, one_model) = (a.scores(), b.scores(), one.scores());
    let gap = |x: f64, base: f64| x / base - 1.0;
    Ok(VisitorsRow {
        visitors: k,
        games: one.n,
        community_mae_gap: gap(community.mae, one_model.mae),
        community_width_gap: gap(community.width80, one_model.width80),
        own_mae_gap: gap(own.mae, one_model.mae),
        own_width_gap: gap(own.width80, one_model.width80),
        own,
        community,
        one_model,
    })
}

/// Prints the rows as a Markdown table.
pub fn print_table(data: &str, rows: &[VisitorsRow]) {
    println!(
        "| stream | K | games | (a) own MAE | (b) community MAE | one model MAE | (b) vs one: MAE | \
         (b) vs one: width | (a) vs one: MAE | (a) vs one: width | widths (a) / (b) / one |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        println!(
            "| {data} | {} | {} | {:.1} | {:.1} | {:.1} | {:+.2} % | {:+.2} % | {:+.2} % | {:+.2} % \
             | {:.0} / {:.0} / {:.0} |",
            r.visitors,
            r.games,
            r.own.mae,
            r.community.mae,
            r.one_model.mae,
            100.0 * r.community_mae_gap,
            100.0 * r.community_width_gap,
            100.0 * r.own_mae_gap,
            100.0 * r.own_width_gap,
            r.own.width80,
            r.community.width80,
            r.one_model.width80
        );
    }
}
