//! Game modes and queues: what the league plays, and what a predictor expects of each before it
//! has learned any game of it. Shared by the simulated league (`sim`) and the predictor.

use crate::sim::calibration::REMAKE_RATE;

/// A queue the league plays: (queue id, game mode, map id, share of live games, mean duration
/// in seconds relative to ranked solo, remake rate, has bans).
///
/// Ranked solo is measured (games.csv). The others are published community figures (op.gg /
/// leagueofgraphs "average game duration" pages, 2024-2025): flex and normal draft last about as
/// long as solo (~29-31 min, ratio ~1.0), ARAM ~18-20 min (ratio 0.62), and ARAM remakes are rare.
pub struct Mode {
    pub queue_id: i64,
    pub game_mode: &'static str,
    pub map_id: i64,
    pub share: f64,
    pub duration_ratio: f64,
    pub remake_rate: f64,
    pub bans: bool,
}

/// The four calibrated queues the simulated league plays by default.
pub const MODES: [Mode; 4] = [
    Mode {
        queue_id: 420,
        game_mode: "CLASSIC",
        map_id: 11,
        share: 0.45,
        duration_ratio: 1.0,
        remake_rate: REMAKE_RATE,
        bans: true,
    },
    Mode {
        queue_id: 440,
        game_mode: "CLASSIC",
        map_id: 11,
        share: 0.15,
        duration_ratio: 1.02,
        remake_rate: REMAKE_RATE,
        bans: true,
    },
    Mode {
        queue_id: 400,
        game_mode: "CLASSIC",
        map_id: 11,
        share: 0.15,
        duration_ratio: 0.98,
        remake_rate: REMAKE_RATE,
        bans: true,
    },
    Mode {
        queue_id: 450,
        game_mode: "ARAM",
        map_id: 12,
        share: 0.25,
        duration_ratio: 0.62,
        remake_rate: 0.005,
        bans: false,
    },
];

/// Today's queue mix (2025-2026), for offline runs that should meet what players meet.
///
/// Ranked solo's duration is measured (games.csv); the rest are published figures, with their
/// source: flex, normal draft and ARAM as in [`MODES`]; Swiftplay (queue 480, since 2025)
/// is Riot's stated aim of games of about 20 minutes (ratio 0.65 of ranked's 31 min), blind
/// pick without bans; ARURF (queue 900) lasts about 18-20 minutes on community statistics
/// sites (ratio 0.6). The shares are an assumption (no public per-queue play counts): ranked
/// solo remains the largest, ARAM a quarter, Swiftplay replacing most blind/normal play.
/// Arena (queue 1700) is not simulated: its 16 players in 8 teams of two do not fit this
/// league's 5-against-5 games.
pub const MODERN_MODES: [Mode; 6] = [
    Mode {
        queue_id: 420,
        game_mode: "CLASSIC",
        map_id: 11,
        share: 0.32,
        duration_ratio: 1.0,
        remake_rate: REMAKE_RATE,
        bans: true,
    },
    Mode {
        queue_id: 440,
        game_mode: "CLASSIC",
        map_id: 11,
        share: 0.08,
        duration_ratio: 1.02,
        remake_rate: REMAKE_RATE,
        bans: true,
    },
    Mode {
        queue_id: 400,
        game_mode: "CLASSIC",
        map_id: 11,
        share: 0.07,
        duration_ratio: 0.98,
        remake_rate: REMAKE_RATE,
        bans: true,
    },
    Mode {
        queue_id: 480,
        game_mode: "SWIFTPLAY",
        map_id: 11,
        share: 0.18,
        duration_ratio: 0.65,
        remake_rate: REMAKE_RATE,
        bans: false,
    },
    Mode {
        queue_id: 450,
        game_mode: "ARAM",
        map_id: 12,
        share: 0.25,
        duration_ratio: 0.62,
        remake_rate: 0.005,
        bans: false,
    },
    Mode {
        queue_id: 900,
        game_mode: "URF",
        map_id: 11,
        share: 0.10,
        duration_ratio: 0.6,
        remake_rate: 0.005,
        bans: false,
    },
];

/// Median duration of every game in games.csv (51,490 rows, remakes included; seconds): the
/// prior pre-game value for ranked CLASSIC (the median minimises the absolute error).
pub const PRIOR_RANKED_S: f64 = 1833.0;

/// Duration quantiles ((i + 0.5) / 40, i = 0..40) of non-remake ranked games in games.csv,
/// divided by their median (1846 s): the interval shape used before any residual is known.
/// Derived figures, computed once from the real file (docs/evaluation.md, "Prediction intervals").
pub const PRIOR_RATIOS: [f64; 40] = [
    0.511, 0.619, 0.665, 0.694, 0.724, 0.749, 0.772, 0.795, 0.815, 0.834, 0.852, 0.869, 0.885,
    0.901, 0.917, 0.932, 0.947, 0.962, 0.977, 0.992, 1.007, 1.021, 1.035, 1.051, 1.068, 1.085,
    1.102, 1.120, 1.139, 1.158, 1.179, 1.201, 1.225, 1.249, 1.278, 1.311, 1.351, 1.402, 1.477,
    1.637,
];

/// What a predictor expects of a game of `mode` (upper-case) / `queue` before it has learned any
/// game of that mode: `(typical duration in seconds, interval widening, source)`.
///
/// - CLASSIC (Summoner's Rift) and ARAM queues: [`PRIOR_RANKED_S`] times the queue's duration
///   ratio to ranked solo from [`MODES`] (ranked
///   solo measured on games.csv; flex, normal draft and ARAM are published community figures,
///   ARAM ≈ 0.62). The interval shape ([`PRIOR_RATIOS`]) is measured on ranked games; it is
///   widened by 1.25 around the center for every queue but ranked solo, whose figure is not a
///   measurement.
/// - Any other mode: the middle of its plausible point range ([`mode_bounds`]), widened by 1.5:
///   no figure is known, so the interval says so.
pub fn mode_prior(mode: &str, queue: Option<i64>) -> (f64, f64, &'static str) {
    let mode = mode.trim().to_ascii_uppercase();
    let by_queue = MODES
        .iter()
        .find(|m| Some(m.queue_id) == queue && m.game_mode == mode);
    // A queue the table does not list: the first row of the same mode (ranked solo for CLASSIC).
    let row = by_queue.or_else(|| MODES.iter().find(|m| m.game_mode == mode));
    match row {
        Some(m) if m.queue_id == 420 && by_queue.is_some() => {
            (PRIOR_RANKED_S, 1.0, "games.csv median (ranked solo)")
        }
        Some(m) => (
            PRIOR_RANKED_S * m.duration_ratio,
            1.25,
            "games.csv median × the simulator's per-queue ratio",
        ),
        None => {
            let (lo, hi, _, _) = mode_bounds(&mode);
            (0.5 * (lo + hi), 1.5, "middle of the mode's plausible range")
        }
    }
}

/// Plausible bounds per game mode, seconds: `(point_lo, point_hi, any_lo, any_hi)`. The
/// pre-game point prediction is clamped to the first pair, every reported value to the second.
pub fn mode_bounds(mode: &str) -> (f64, f64, f64, f64) {
    match mode.to_ascii_uppercase().as_str() {
        "CLASSIC" | "SWIFTPLAY" => (900.0, 3000.0, 180.0, 5400.0),
        "ARAM" | "KINGPORO" | "ONEFORALL" => (600.0, 2100.0, 180.0, 3600.0),
        "CHERRY" => (900.0, 2100.0, 300.0, 3000.0),
        "URF" | "ARURF" | "NEXUSBLITZ" => (600.0, 2400.0, 180.0, 3600.0),
        _ => (480.0, 3000.0, 120.0, 5400.0),
    }
}
