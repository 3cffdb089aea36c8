//! The LoL featurizer: one pre-game spectator-v5 game (plus optional ranks and masteries) to
//! named, sparse numeric features. Shared by the page (through wasm), the proxy's simulator
//! and the eval CLI, so the page learns on exactly the features docs/evaluation.md's tables
//! measured.
//!
//! Pre-game information only: the mode, who plays which champion with which summoner spells,
//! the bans, the players' ranks and champion mastery, and the hour the game started. Never the
//! winner, kills, stats or timeline (`CurrentGameInfo` carries none of them, by construction).
//!
//! Features come in groups ([`GROUPS`]) that [`FeatureConfig`] switches on and off, for the
//! ablation table of docs/evaluation.md. Each [`Feature`] is an owned `(name, value)` pair, what
//! the learner takes: a one-hot is a categorical ([`Value::Cat`]: name `champ`, value `103`,
//! which the learner keys `champ=103`); the rest are numbers ([`Value::Num`]) scaled to about
//! [0, 1], or counts (`spell=4`: how many players took Flash). Missing ranks or masteries give
//! neutral defaults: the numeric features are left out (a zero contribution) and a `*_missing`
//! indicator is set instead.
//!
//! ```
//! use rivulet::learn::FeatureValue;
//! use rivulet_lol::features::{featurize, Feature, FeatureConfig};
//! use rivulet_lol::riot::{CurrentGameInfo, GameExtras};
//! let game: CurrentGameInfo = serde_json::from_str(r#"{"gameId": 1, "gameMode": "ARAM",
//!   "gameQueueConfigId": 450, "participants": [
//!     {"teamId": 100, "championId": 103, "spell1Id": 4, "spell2Id": 32},
//!     {"teamId": 200, "championId": 84, "spell1Id": 4, "spell2Id": 14}]}"#).unwrap();
//! let x = featurize(&game, &GameExtras::default(), &FeatureConfig::default());
//! assert!(x.contains(&Feature::cat("queue", "450")));
//! assert!(x.contains(&Feature::cat("champ", "103")));
//! assert!(x.contains(&Feature::num("spell=4", 2.0)));
//! assert!(x.contains(&Feature::num("rank_missing", 1.0)));
//! // What the learner is handed, and the key it files the feature under.
//! assert_eq!(x[0].as_input(), ("ARAM|champ", FeatureValue::Cat("103")));
//! assert_eq!(x[0].key(), "ARAM|champ=103");
//! ```

use crate::error::LolError;
use crate::riot::{CurrentGameInfo, CurrentGameParticipant, GameExtras, LeagueEntry, TIERS};
use rivulet::learn::FeatureValue;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::cmp::Ordering;

/// A feature's value, owned: what [`FeatureValue`] borrows.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number (finite).
    Num(f64),
    /// A category: the learner one-hot encodes it under the key `name=value`, with value 1,
    /// and its scalers pass it through unscaled.
    Cat(String),
}

/// One named feature, as the learner takes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// `champ`, `CLASSIC|champ`, `rank_mean`, `spell=4` (a count: a number, not a category).
    pub name: Cow<'static, str>,
    pub value: Value,
}

impl Feature {
    /// A numeric feature.
    pub fn num(name: impl Into<Cow<'static, str>>, value: f64) -> Self {
        Feature {
            name: name.into(),
            value: Value::Num(value),
        }
    }

    /// A categorical feature.
    pub fn cat(name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        Feature {
            name: name.into(),
            value: Value::Cat(value.into()),
        }
    }

    /// The learner's input for this feature.
    pub fn as_input(&self) -> (&str, FeatureValue<'_>) {
        let value = match &self.value {
            Value::Num(v) => FeatureValue::Num(*v),
            Value::Cat(c) => FeatureValue::Cat(c),
        };
        (&self.name, value)
    }

    /// The key the learner files it under ([`rivulet::learn::one_hot_key`]): `name=value` for a
    /// category, the name for a number.
    pub fn key(&self) -> String {
        match &self.value {
            Value::Num(_) => self.name.to_string(),
            Value::Cat(c) => format!("{}={c}", self.name),
        }
    }

    /// The value the learner sees before scaling: the number, or 1 for a category.
    pub fn number(&self) -> f64 {
        match self.value {
            Value::Num(v) => v,
            Value::Cat(_) => 1.0,
        }
    }

    /// The order of the learner's keys ([`Feature::key`]), without building them.
    fn cmp_key(&self, other: &Self) -> Ordering {
        fn tail(f: &Feature) -> (&str, &str) {
            match &f.value {
                Value::Num(_) => ("", ""),
                Value::Cat(c) => ("=", c),
            }
        }
        let ((sa, va), (sb, vb)) = (tail(self), tail(other));
        if self.name == other.name && sa == sb {
            return va.cmp(vb);
        }
        let a = self.name.bytes().chain(sa.bytes()).chain(va.bytes());
        a.cmp(other.name.bytes().chain(sb.bytes()).chain(vb.bytes()))
    }
}

/// The feature groups, in the order the ablation table lists them.
pub const GROUPS: &[&str] = &[
    "mode",
    "champions",
    "side_champions",
    "mode_champions",
    "pairs",
    "matchups",
    "spells",
    "bans",
    "rank",
    "mastery",
    "hour",
];

/// Which feature groups [`featurize`] emits. `Default` is the set docs/evaluation.md measured best.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeatureConfig {
    /// `mode=CLASSIC`, `queue=420`, `map=11`.
    pub mode: bool,
    /// `champ=ID`: the champion is in the game (either side).
    pub champions: bool,
    /// `blue:champ=ID` / `red:champ=ID`: the champion on a given side.
    pub side_champions: bool,
    /// `MODE|champ=ID`: champion × game mode, so one model serves ARAM and Summoner's Rift.
    pub mode_champions: bool,
    /// `pair=A+B`: two champions on the same team (A < B).
    pub pairs: bool,
    /// `vs=A+B`: two champions on opposite teams (A < B, side-agnostic).
    pub matchups: bool,
    /// `spell=ID`: how many players took the summoner spell.
    pub spells: bool,
    /// `ban=ID`: the champion is banned.
    pub bans: bool,
    /// `rank_mean`, `rank_gap`, `rank_spread`, `rank_known` (or `rank_missing`).
    pub rank: bool,
    /// `mastery_mean`, `mastery_gap`, `mastery_min`, `mastery_known` (or `mastery_missing`).
    pub mastery: bool,
    /// `hour=H` (local hour of the platform) and `hour_sin`, `hour_cos`.
    pub hour: bool,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            mode: true,
            champions: true,
            side_champions: false,
            mode_champions: true,
            pairs: false,
            matchups: false,
            spells: true,
            bans: true,
            rank: true,
            mastery: true,
            hour: true,
        }
    }
}

impl FeatureConfig {
    /// No group at all (the model then learns only its intercept).
    pub fn none() -> Self {
        FeatureConfig {
            mode: false,
            champions: false,
            side_champions: false,
            mode_champions: false,
            pairs: false,
            matchups: false,
            spells: false,
            bans: false,
            rank: false,
            mastery: false,
            hour: false,
        }
    }

    /// Every group on.
    pub fn all() -> Self {
        let mut c = Self::none();
        for g in GROUPS {
            c.set(g, true).expect("GROUPS names valid groups");
        }
        c
    }

    fn flag_mut(&mut self, group: &str) -> Option<&mut bool> {
        Some(match group {
            "mode" => &mut self.mode,
            "champions" => &mut self.champions,
            "side_champions" => &mut self.side_champions,
            "mode_champions" => &mut self.mode_champions,
            "pairs" => &mut self.pairs,
            "matchups" => &mut self.matchups,
            "spells" => &mut self.spells,
            "bans" => &mut self.bans,
            "rank" => &mut self.rank,
            "mastery" => &mut self.mastery,
            "hour" => &mut self.hour,
            _ => return None,
        })
    }

    /// Turns one group on or off; an unknown name is an error that lists the valid ones.
    pub fn set(&mut self, group: &str, on: bool) -> Result<(), LolError> {
        let flag = self.flag_mut(group).ok_or_else(|| {
            LolError::BadSpec(format!(
                "unknown feature group '{group}' (known: {})",
                GROUPS.join(", ")
            ))
        })?;
        *flag = on;
        Ok(())
    }

    /// Whether a group is on (`None` for an unknown name).
    pub fn get(&self, group: &str) -> Option<bool> {
        self.clone().flag_mut(group).map(|f| *f)
    }

    /// Parses a comma-separated list: `all`, `none`, `default`, group names, and `+g` / `-g` to
    /// add or remove a group from what came before (`default,-hour`, `none,+champions`). A list
    /// of plain names means exactly those groups.
    pub fn parse(spec: &str) -> Result<Self, LolError> {
        let mut c = FeatureConfig::none();
        for (i, tok) in spec
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .enumerate()
        {
            match tok {
                "all" => c = Self::all(),
                "none" => c = Self::none(),
                "default" => c = Self::default(),
                _ => {
                    if let Some(g) = tok.strip_prefix('-') {
                        if i == 0 {
                            c = Self::default();
                        }
                        c.set(g, false)?;
                    } else {
                        c.set(tok.strip_prefix('+').unwrap_or(tok), true)?;
                    }
                }
            }
        }
        Ok(c)
    }

    /// The groups that are on, comma-separated (the inverse of [`FeatureConfig::parse`]).
    pub fn groups(&self) -> String {
        GROUPS
            .iter()
            .filter(|g| self.get(g) == Some(true))
            .copied()
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Checks that a game can be featurized: at least one participant, and finite ids. The
/// featurizer itself never fails; callers that take outside input (the page) check first.
pub fn validate(game: &CurrentGameInfo) -> Result<(), LolError> {
    if game.participants.is_empty() {
        return Err(LolError::BadGame("the game has no participants".into()));
    }
    if game.game_mode.trim().is_empty() {
        return Err(LolError::BadGame("the game has no gameMode".into()));
    }
    Ok(())
}

/// Tier + division on one scale: IRON IV = 0 ... CHALLENGER = 9.75, divided by 10.
fn rank_value(e: &LeagueEntry) -> Option<f64> {
    let tier = TIERS.iter().position(|t| e.tier.eq_ignore_ascii_case(t))? as f64;
    let div = match e.rank.as_str() {
        "IV" => 0.0,
        "III" => 0.25,
        "II" => 0.5,
        "I" => 0.75,
        _ => 0.375, // unknown division: the middle of the tier
    };
    Some((tier + div) / 10.0)
}

/// A player's rank for this game's queue: the flex entry in flex (440), else solo/duo, else any.
fn player_rank(p: &CurrentGameParticipant, extras: &GameExtras, queue: Option<i64>) -> Option<f64> {
    let entries = extras.ranks.get(p.identified()?)?;
    let want = if queue == Some(440) {
        "RANKED_FLEX_SR"
    } else {
        "RANKED_SOLO_5x5"
    };
    let e = entries
        .iter()
        .find(|e| e.queue_type == want)
        .or_else(|| entries.first())?;
    rank_value(e)
}

/// log10(1 + champion points) / 7: 0 for a first game, ~0.86 at a million points.
fn player_mastery(p: &CurrentGameParticipant, extras: &GameExtras) -> Option<f64> {
    let m = extras.masteries.get(p.identified()?)?;
    if m.champion_id != p.champion_id && m.champion_id != 0 {
        return None;
    }
    Some((1.0 + m.champion_points.max(0) as f64).log10() / 7.0)
}

/// Hours to add to UTC for a platform's main time zone (a rough local hour of day).
fn platform_utc_offset(platform: &str) -> i64 {
    match platform.to_ascii_uppercase().as_str() {
        "EUW1" | "EUW" => 1,
        "EUN1" | "EUNE" => 2,
        "TR1" | "RU" | "ME1" => 3,
        "NA1" | "NA" => -6,
        "LA1" => -6,
        "LA2" | "BR1" => -3,
        "KR" | "JP1" => 9,
        "OC1" => 10,
        "SG2" | "PH2" | "TW2" => 8,
        "TH2" | "VN2" => 7,
        _ => 0,
    }
}

/// Side-level summary features for a per-player quantity: mean over known players, gap between
/// the sides' means, and the lowest (mastery) or spread (rank); `*_missing` when none is known.
fn summary(out: &mut Vec<Feature>, names: &SummaryNames, values: &[(i64, f64)], n_players: usize) {
    if values.is_empty() {
        out.push(Feature::num(names.missing, 1.0));
        return;
    }
    let mean = values.iter().map(|v| v.1).sum::<f64>() / values.len() as f64;
    out.push(Feature::num(names.mean, mean));
    out.push(Feature::num(
        names.known,
        values.len() as f64 / n_players.max(1) as f64,
    ));
    let side_mean = |team: i64| {
        let v: Vec<f64> = values.iter().filter(|x| x.0 == team).map(|x| x.1).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    if let (Some(a), Some(b)) = (side_mean(100), side_mean(200)) {
        out.push(Feature::num(names.gap, (a - b).abs()));
    }
    let lo = values.iter().map(|v| v.1).fold(f64::INFINITY, f64::min);
    let hi = values.iter().map(|v| v.1).fold(f64::NEG_INFINITY, f64::max);
    out.push(match names.third {
        Third::Spread(name) => Feature::num(name, hi - lo),
        Third::Min(name) => Feature::num(name, lo),
    });
}

/// The third summary of a per-player quantity: the spread (rank) or the lowest (mastery).
enum Third {
    Spread(&'static str),
    Min(&'static str),
}

/// The names of one quantity's summary features.
struct SummaryNames {
    missing: &'static str,
    mean: &'static str,
    known: &'static str,
    gap: &'static str,
    third: Third,
}

const RANK: SummaryNames = SummaryNames {
    missing: "rank_missing",
    mean: "rank_mean",
    known: "rank_known",
    gap: "rank_gap",
    third: Third::Spread("rank_spread"),
};

const MASTERY: SummaryNames = SummaryNames {
    missing: "mastery_missing",
    mean: "mastery_mean",
    known: "mastery_known",
    gap: "mastery_gap",
    third: Third::Min("mastery_min"),
};

/// Sorts features by the learner's key and merges repeats: a category seen twice (a champion
/// twice, as in One for All) stays one feature; a count adds up (in the order emitted).
fn sorted_unique(mut out: Vec<Feature>) -> Vec<Feature> {
    out.sort_by(Feature::cmp_key); // stable: repeats keep their order
    let mut merged: Vec<Feature> = Vec::with_capacity(out.len());
    for f in out {
        match merged.last_mut() {
            Some(last) if last.cmp_key(&f) == Ordering::Equal => {
                if let (Value::Num(sum), Value::Num(v)) = (&mut last.value, &f.value) {
                    *sum += v;
                }
            }
            _ => merged.push(f),
        }
    }
    merged
}

/// Features of one pre-game game, sorted by the learner's key ([`Feature::key`]), each key once
/// (deterministic).
pub fn featurize(game: &CurrentGameInfo, extras: &GameExtras, cfg: &FeatureConfig) -> Vec<Feature> {
    let mut out: Vec<Feature> = Vec::with_capacity(64);
    let mode = game.game_mode.to_ascii_uppercase();
    let queue = game.game_queue_config_id;

    if cfg.mode {
        out.push(Feature::cat("mode", mode.as_str()));
        if let Some(q) = queue {
            out.push(Feature::cat("queue", q.to_string()));
        }
        if game.map_id != 0 {
            out.push(Feature::cat("map", game.map_id.to_string()));
        }
    }

    let side_champ = |team: i64| {
        if team == 100 {
            "blue:champ"
        } else if team == 200 {
            "red:champ"
        } else {
            "other:champ"
        }
    };
    let mode_champ: Cow<'static, str> = format!("{mode}|champ").into();
    for p in &game.participants {
        let champ = p.champion_id.to_string();
        if cfg.champions {
            out.push(Feature::cat("champ", champ.as_str()));
        }
        if cfg.side_champions {
            out.push(Feature::cat(side_champ(p.team_id), champ.as_str()));
        }
        if cfg.mode_champions {
            out.push(Feature::cat(mode_champ.clone(), champ.as_str()));
        }
        if cfg.spells {
            for s in [p.spell1_id, p.spell2_id] {
                out.push(Feature::num(format!("spell={s}"), 1.0));
            }
        }
    }

    if cfg.pairs || cfg.matchups {
        let ps = &game.participants;
        for i in 0..ps.len() {
            for j in i + 1..ps.len() {
                let (a, b) = (
                    ps[i].champion_id.min(ps[j].champion_id),
                    ps[i].champion_id.max(ps[j].champion_id),
                );
                if ps[i].team_id == ps[j].team_id {
                    if cfg.pairs {
                        out.push(Feature::cat("pair", format!("{a}+{b}")));
                    }
                } else if cfg.matchups {
                    out.push(Feature::cat("vs", format!("{a}+{b}")));
                }
            }
        }
    }

    if cfg.bans {
        for b in game.banned_champions.iter().filter(|b| b.champion_id >= 0) {
            out.push(Feature::cat("ban", b.champion_id.to_string()));
        }
    }

    let n = game.participants.len();
    if cfg.rank {
        let v: Vec<(i64, f64)> = game
            .participants
            .iter()
            .filter_map(|p| Some((p.team_id, player_rank(p, extras, queue)?)))
            .collect();
        summary(&mut out, &RANK, &v, n);
    }
    if cfg.mastery {
        let v: Vec<(i64, f64)> = game
            .participants
            .iter()
            .filter_map(|p| Some((p.team_id, player_mastery(p, extras)?)))
            .collect();
        summary(&mut out, &MASTERY, &v, n);
    }

    if cfg.hour && game.game_start_time > 0 {
        let utc_hour = (game.game_start_time / 3_600_000).rem_euclid(24);
        let local = (utc_hour + platform_utc_offset(&game.platform_id)).rem_euclid(24);
        out.push(Feature::cat("hour", local.to_string()));
        let angle = local as f64 / 24.0 * std::f64::consts::TAU;
        out.push(Feature::num("hour_sin", angle.sin()));
        out.push(Feature::num("hour_cos", angle.cos()));
    }

    sorted_unique(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::riot::{BannedChampion, ChampionMastery};

    fn player(team: i64, champ: i64, puuid: &str) -> CurrentGameParticipant {
        CurrentGameParticipant {
            puuid: Some(puuid.into()),
            team_id: team,
            champion_id: champ,
            spell1_id: 4,
            spell2_id: if champ % 2 == 0 { 11 } else { 14 },
            profile_icon_id: 0,
            riot_id: String::new(),
            bot: false,
            perks: None,
            game_customization_objects: Vec::new(),
        }
    }

    fn game() -> CurrentGameInfo {
        CurrentGameInfo {
            game_id: 1,
            map_id: 11,
            game_mode: "CLASSIC".into(),
            game_type: "MATCHED_GAME".into(),
            game_queue_config_id: Some(420),
            participants: vec![
                player(100, 1, "a"),
                player(100, 2, "b"),
                player(200, 3, "c"),
                player(200, 4, "d"),
            ],
            banned_champions: vec![
                BannedChampion {
                    champion_id: 55,
                    team_id: 100,
                    pick_turn: 1,
                },
                BannedChampion {
                    champion_id: -1,
                    team_id: 200,
                    pick_turn: 2,
                },
            ],
            platform_id: "EUW1".into(),
            // 2017-09-01 15:24:17 UTC
            game_start_time: 1_504_279_457_970,
            game_length: 0,
            observers: None,
        }
    }

    /// The value the learner sees under key `k`.
    fn get(x: &[Feature], k: &str) -> Option<f64> {
        x.iter().find(|f| f.key() == k).map(Feature::number)
    }

    fn entry(tier: &str, rank: &str) -> LeagueEntry {
        serde_json::from_value(
            serde_json::json!({"queueType": "RANKED_SOLO_5x5", "tier": tier, "rank": rank}),
        )
        .unwrap()
    }

    #[test]
    fn every_group_emits_its_keys() {
        let mut extras = GameExtras::default();
        extras.ranks.insert("a".into(), vec![entry("GOLD", "IV")]);
        extras.ranks.insert("c".into(), vec![entry("SILVER", "IV")]);
        extras.masteries.insert(
            "b".into(),
            ChampionMastery {
                puuid: "b".into(),
                champion_id: 2,
                champion_level: 7,
                champion_points: 99_999,
                last_play_time: 0,
                ..Default::default()
            },
        );
        let x = featurize(&game(), &extras, &FeatureConfig::all());
        assert_eq!(get(&x, "mode=CLASSIC"), Some(1.0));
        assert_eq!(get(&x, "queue=420"), Some(1.0));
        assert_eq!(get(&x, "champ=3"), Some(1.0));
        assert_eq!(get(&x, "red:champ=3"), Some(1.0));
        assert_eq!(get(&x, "CLASSIC|champ=3"), Some(1.0));
        assert_eq!(get(&x, "pair=1+2"), Some(1.0));
        assert_eq!(get(&x, "pair=1+3"), None);
        assert_eq!(get(&x, "vs=1+3"), Some(1.0));
        assert_eq!(get(&x, "spell=4"), Some(4.0));
        assert_eq!(get(&x, "ban=55"), Some(1.0));
        assert!(x.iter().all(|f| f.key() != "ban=-1"));
        assert!((get(&x, "rank_mean").unwrap() - 0.25).abs() < 1e-12);
        assert!((get(&x, "rank_gap").unwrap() - 0.1).abs() < 1e-12);
        assert_eq!(get(&x, "rank_known"), Some(0.5));
        assert!((get(&x, "mastery_mean").unwrap() - 5.0 / 7.0).abs() < 1e-9);
        assert_eq!(get(&x, "mastery_gap"), None, "only one side known");
        assert_eq!(get(&x, "hour=16"), Some(1.0), "15 UTC is 16 on EUW");
        assert!(
            x.windows(2).all(|w| w[0].key() < w[1].key()),
            "sorted, unique"
        );
        assert!(x.iter().all(|f| f.number().is_finite()));
        // One-hots are categories, the rest numbers (the spell counts among them).
        assert!(x.contains(&Feature::cat("CLASSIC|champ", "3")));
        assert!(x.contains(&Feature::cat("pair", "1+2")));
        assert!(x.contains(&Feature::num("spell=4", 4.0)));
        assert!(x.contains(&Feature::cat("hour", "16")));
    }

    #[test]
    fn missing_extras_give_neutral_indicators_and_groups_switch_off() {
        let x = featurize(&game(), &GameExtras::default(), &FeatureConfig::all());
        assert_eq!(get(&x, "rank_missing"), Some(1.0));
        assert_eq!(get(&x, "mastery_missing"), Some(1.0));
        assert_eq!(get(&x, "rank_mean"), None);
        let none = featurize(&game(), &GameExtras::default(), &FeatureConfig::none());
        assert!(none.is_empty());
        let only = FeatureConfig::parse("none,+bans").unwrap();
        let x = featurize(&game(), &GameExtras::default(), &only);
        assert_eq!(x, vec![Feature::cat("ban", "55")]);
    }

    /// Sorted as the learner's keys sort, which is not the order of (name, value) pairs: `x-y`
    /// sorts before `x=1` ('-' < '='), though the name `x` sorts before `x-y`.
    #[test]
    fn features_sort_by_the_learners_key_and_repeats_merge() {
        let x = sorted_unique(vec![
            Feature::cat("x", "1"),
            Feature::num("spell=4", 1.0),
            Feature::num("x-y", 0.5),
            Feature::cat("x", "1"),
            Feature::cat("x", "10"),
            Feature::cat("x", "0"),
            Feature::num("spell=4", 1.0),
            Feature::num("x", 2.0),
        ]);
        let keys: Vec<String> = x.iter().map(Feature::key).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(keys, sorted);
        assert_eq!(keys, ["spell=4", "x", "x-y", "x=0", "x=1", "x=10"]);
        assert_eq!(get(&x, "spell=4"), Some(2.0), "counts add up");
        assert_eq!(get(&x, "x=1"), Some(1.0), "a category twice is one feature");
        assert_eq!(x[0].as_input(), ("spell=4", FeatureValue::Num(2.0)));
        assert_eq!(x[4].as_input(), ("x", FeatureValue::Cat("1")));
    }

    #[test]
    fn config_parse_and_groups_round_trip() {
        for g in GROUPS {
            let c = FeatureConfig::parse(g).unwrap();
            assert_eq!(c.groups(), *g);
            assert_eq!(c.get(g), Some(true));
        }
        let c = FeatureConfig::parse("default,-hour").unwrap();
        assert_eq!(c.get("hour"), Some(false));
        assert_eq!(c.get("bans"), Some(true));
        assert_eq!(FeatureConfig::parse("-hour").unwrap(), c);
        assert_eq!(
            FeatureConfig::parse(&FeatureConfig::default().groups()).unwrap(),
            FeatureConfig::default()
        );
        assert!(FeatureConfig::parse("champs")
            .unwrap_err()
            .to_string()
            .contains("unknown feature group 'champs'"));
        assert_eq!(FeatureConfig::default().get("nope"), None);
    }

    #[test]
    fn validate_rejects_empty_games() {
        let mut g = game();
        assert!(validate(&g).is_ok());
        g.participants.clear();
        assert!(validate(&g)
            .unwrap_err()
            .to_string()
            .contains("no participants"));
    }

    /// Streamer mode: a participant with no puuid (absent, null or empty) and no Riot ID is
    /// unknown, exactly as a known player whose look-ups found nothing; even an extras entry
    /// under the empty key is not attributed to it.
    #[test]
    fn hidden_players_count_as_unknown() {
        let mut extras = GameExtras::default();
        for (puuid, tier) in [
            ("a", "GOLD"),
            ("b", "SILVER"),
            ("c", "PLATINUM"),
            ("", "IRON"),
        ] {
            extras.ranks.insert(puuid.into(), vec![entry(tier, "II")]);
        }
        extras.masteries.insert(
            "".into(),
            ChampionMastery {
                champion_id: 4,
                champion_level: 7,
                champion_points: 50_000,
                ..Default::default()
            },
        );
        // "d" is a known player without any rank or mastery found.
        let known = featurize(&game(), &extras, &FeatureConfig::all());
        for hidden in [None, Some(String::new())] {
            let mut g = game();
            g.participants[3].puuid = hidden.clone();
            g.participants[3].riot_id = String::new();
            assert_eq!(
                featurize(&g, &extras, &FeatureConfig::all()),
                known,
                "{hidden:?}"
            );
        }
        let get_known = |x: &[Feature]| get(x, "rank_known");
        assert_eq!(get_known(&known), Some(0.75), "3 of 4 ranks known");
        // Everyone hidden: no rank and no mastery, flagged missing, and the game still featurizes.
        let mut g = game();
        for p in &mut g.participants {
            p.puuid = None;
            p.riot_id = String::new();
        }
        let x = featurize(&g, &extras, &FeatureConfig::all());
        assert_eq!(get(&x, "rank_missing"), Some(1.0));
        assert_eq!(get(&x, "mastery_missing"), Some(1.0));
        assert_eq!(get(&x, "champ=1"), Some(1.0));
    }
}
