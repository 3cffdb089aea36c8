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
//! ablation table of docs/evaluation.md. One-hot keys read `group=value` (`champ=103`,
//! `ban=55`); numeric keys are scaled to about [0, 1]. Missing ranks or masteries give neutral
//! defaults: the numeric keys are left out (a zero contribution) and a `*_missing` indicator is
//! set instead.
//!
//! ```
//! use rivulet_lol::features::{featurize, FeatureConfig};
//! use rivulet_lol::riot::{CurrentGameInfo, GameExtras};
//! let game: CurrentGameInfo = serde_json::from_str(r#"{"gameId": 1, "gameMode": "ARAM",
//!   "gameQueueConfigId": 450, "participants": [
//!     {"teamId": 100, "championId": 103, "spell1Id": 4, "spell2Id": 32},
//!     {"teamId": 200, "championId": 84, "spell1Id": 4, "spell2Id": 14}]}"#).unwrap();
//! let x = featurize(&game, &GameExtras::default(), &FeatureConfig::default());
//! let get = |k: &str| x.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
//! assert_eq!(get("queue=450"), Some(1.0));
//! assert_eq!(get("champ=103"), Some(1.0));
//! assert_eq!(get("spell=4"), Some(2.0));
//! assert_eq!(get("rank_missing"), Some(1.0));
//! ```

use crate::error::LolError;
use crate::riot::{CurrentGameInfo, CurrentGameParticipant, GameExtras, LeagueEntry, TIERS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One named numeric feature.
pub type Feature = (String, f64);

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
fn summary(
    out: &mut BTreeMap<String, f64>,
    name: &str,
    values: &[(i64, f64)],
    n_players: usize,
    third: &str,
) {
    if values.is_empty() {
        out.insert(format!("{name}_missing"), 1.0);
        return;
    }
    let mean = values.iter().map(|v| v.1).sum::<f64>() / values.len() as f64;
    out.insert(format!("{name}_mean"), mean);
    out.insert(
        format!("{name}_known"),
        values.len() as f64 / n_players.max(1) as f64,
    );
    let side_mean = |team: i64| {
        let v: Vec<f64> = values.iter().filter(|x| x.0 == team).map(|x| x.1).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    if let (Some(a), Some(b)) = (side_mean(100), side_mean(200)) {
        out.insert(format!("{name}_gap"), (a - b).abs());
    }
    let lo = values.iter().map(|v| v.1).fold(f64::INFINITY, f64::min);
    let hi = values.iter().map(|v| v.1).fold(f64::NEG_INFINITY, f64::max);
    match third {
        "spread" => out.insert(format!("{name}_spread"), hi - lo),
        _ => out.insert(format!("{name}_min"), lo),
    };
}

/// Whether a key is a one-hot (`group=value`, always 1): every `=` key but the `spell=` counts.
pub fn is_one_hot(key: &str) -> bool {
    key.contains('=') && !key.starts_with("spell=")
}

/// Features of one pre-game game, sorted by name (deterministic).
pub fn featurize(game: &CurrentGameInfo, extras: &GameExtras, cfg: &FeatureConfig) -> Vec<Feature> {
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    // One-hot keys are set to 1 (a champion twice, as in One for All, is still 1); the other
    // keys (spell counts) add up.
    let add = |out: &mut BTreeMap<String, f64>, k: String, v: f64| {
        if is_one_hot(&k) {
            out.insert(k, 1.0);
        } else {
            *out.entry(k).or_insert(0.0) += v;
        }
    };
    let mode = game.game_mode.to_ascii_uppercase();
    let queue = game.game_queue_config_id;

    if cfg.mode {
        add(&mut out, format!("mode={mode}"), 1.0);
        if let Some(q) = queue {
            add(&mut out, format!("queue={q}"), 1.0);
        }
        if game.map_id != 0 {
            add(&mut out, format!("map={}", game.map_id), 1.0);
        }
    }

    let side = |team: i64| {
        if team == 100 {
            "blue"
        } else if team == 200 {
            "red"
        } else {
            "other"
        }
    };
    for p in &game.participants {
        if cfg.champions {
            add(&mut out, format!("champ={}", p.champion_id), 1.0);
        }
        if cfg.side_champions {
            add(
                &mut out,
                format!("{}:champ={}", side(p.team_id), p.champion_id),
                1.0,
            );
        }
        if cfg.mode_champions {
            add(&mut out, format!("{mode}|champ={}", p.champion_id), 1.0);
        }
        if cfg.spells {
            for s in [p.spell1_id, p.spell2_id] {
                add(&mut out, format!("spell={s}"), 1.0);
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
                        add(&mut out, format!("pair={a}+{b}"), 1.0);
                    }
                } else if cfg.matchups {
                    add(&mut out, format!("vs={a}+{b}"), 1.0);
                }
            }
        }
    }

    if cfg.bans {
        for b in game.banned_champions.iter().filter(|b| b.champion_id >= 0) {
            add(&mut out, format!("ban={}", b.champion_id), 1.0);
        }
    }

    let n = game.participants.len();
    if cfg.rank {
        let v: Vec<(i64, f64)> = game
            .participants
            .iter()
            .filter_map(|p| Some((p.team_id, player_rank(p, extras, queue)?)))
            .collect();
        summary(&mut out, "rank", &v, n, "spread");
    }
    if cfg.mastery {
        let v: Vec<(i64, f64)> = game
            .participants
            .iter()
            .filter_map(|p| Some((p.team_id, player_mastery(p, extras)?)))
            .collect();
        summary(&mut out, "mastery", &v, n, "min");
    }

    if cfg.hour && game.game_start_time > 0 {
        let utc_hour = (game.game_start_time / 3_600_000).rem_euclid(24);
        let local = (utc_hour + platform_utc_offset(&game.platform_id)).rem_euclid(24);
        add(&mut out, format!("hour={local}"), 1.0);
        let angle = local as f64 / 24.0 * std::f64::consts::TAU;
        add(&mut out, "hour_sin".into(), angle.sin());
        add(&mut out, "hour_cos".into(), angle.cos());
    }

    out.into_iter().collect()
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

    fn get(x: &[Feature], k: &str) -> Option<f64> {
        x.iter().find(|(n, _)| n == k).map(|(_, v)| *v)
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
        assert!(x.iter().all(|(k, _)| k != "ban=-1"));
        assert!((get(&x, "rank_mean").unwrap() - 0.25).abs() < 1e-12);
        assert!((get(&x, "rank_gap").unwrap() - 0.1).abs() < 1e-12);
        assert_eq!(get(&x, "rank_known"), Some(0.5));
        assert!((get(&x, "mastery_mean").unwrap() - 5.0 / 7.0).abs() < 1e-9);
        assert_eq!(get(&x, "mastery_gap"), None, "only one side known");
        assert_eq!(get(&x, "hour=16"), Some(1.0), "15 UTC is 16 on EUW");
        assert!(x.windows(2).all(|w| w[0].0 < w[1].0), "sorted, unique");
        assert!(x.iter().all(|(_, v)| v.is_finite()));
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
        assert_eq!(x, vec![("ban=55".to_string(), 1.0)]);
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
