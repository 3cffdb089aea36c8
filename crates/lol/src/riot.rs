//! The Riot API JSON shapes rivulet reads and writes (serde, camelCase as Riot sends them).
//!
//! One definition shared by the simulated league (which writes them), the featurizer and the
//! dataset readers (which read them). Readers ignore unknown fields, and fields default when
//! absent so older or partial payloads still parse. The simulated league writes every field
//! Riot's schema requires (the one riven's `riven::models` types are generated from), so a client
//! typed like riven parses its answers: `tests/sim_schema.rs` checks it. Shapes follow the real
//! responses in `../shared/data/api-samples/`.

use serde::{Deserialize, Deserializer, Serialize};

/// A string field that may come as `null` (streamer mode's empty identities) reads as empty.
fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// account-v1 `/riot/account/v1/accounts/by-riot-id/{gameName}/{tagLine}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub puuid: String,
    pub game_name: String,
    pub tag_line: String,
}

/// spectator-v5 `/lol/spectator/v5/active-games/by-summoner/{puuid}` (CurrentGameInfo); also
/// each entry of featured-games' `gameList`, which has the same fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentGameInfo {
    pub game_id: i64,
    #[serde(default)]
    pub map_id: i64,
    /// "CLASSIC", "ARAM", "CHERRY" (Arena), "URF", ...
    pub game_mode: String,
    #[serde(default)]
    pub game_type: String,
    /// The queue id (420 ranked solo, 440 flex, 450 ARAM, ...). Absent in custom games.
    #[serde(default)]
    pub game_queue_config_id: Option<i64>,
    pub participants: Vec<CurrentGameParticipant>,
    #[serde(default)]
    pub banned_champions: Vec<BannedChampion>,
    #[serde(default)]
    pub platform_id: String,
    /// Epoch milliseconds; 0 while the game is still loading.
    #[serde(default)]
    pub game_start_time: i64,
    /// Seconds the game has run when the response was made.
    #[serde(default)]
    pub game_length: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observers: Option<Observer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Observer {
    pub encryption_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CurrentGameParticipant {
    /// Absent for bots.
    #[serde(default)]
    pub puuid: Option<String>,
    /// 100 (blue) or 200 (red).
    pub team_id: i64,
    pub champion_id: i64,
    pub spell1_id: i64,
    pub spell2_id: i64,
    #[serde(default)]
    pub profile_icon_id: i64,
    /// "gameName#tagLine"; empty (or null, or absent) for a player in streamer mode.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub riot_id: String,
    #[serde(default)]
    pub bot: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perks: Option<Perks>,
    /// Always present in Riot's answers, usually empty. The page (wasm) never reads it: skipped
    /// there, it costs no deserializer code.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub game_customization_objects: Vec<GameCustomizationObject>,
}

impl CurrentGameParticipant {
    /// The player has an identity to look up: a puuid (streamer mode and bots have none).
    pub fn identified(&self) -> Option<&str> {
        self.puuid.as_deref().filter(|p| !p.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GameCustomizationObject {
    pub category: String,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Perks {
    pub perk_ids: Vec<i64>,
    pub perk_style: i64,
    pub perk_sub_style: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BannedChampion {
    /// -1 when the ban was skipped.
    pub champion_id: i64,
    pub team_id: i64,
    pub pick_turn: i64,
}

/// spectator-v5 `/lol/spectator/v5/featured-games`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeaturedGames {
    pub game_list: Vec<CurrentGameInfo>,
    /// Seconds the client should wait before asking again.
    #[serde(default)]
    pub client_refresh_interval: i64,
}

/// champion-mastery-v4 `/lol/champion-mastery/v4/champion-masteries/by-puuid/{puuid}/by-champion/{championId}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChampionMastery {
    #[serde(default)]
    pub puuid: String,
    pub champion_id: i64,
    pub champion_level: i64,
    pub champion_points: i64,
    #[serde(default)]
    pub last_play_time: i64,
    // The rest of Riot's schema, written by the simulated league; the page (wasm) never reads
    // them, so they cost it no deserializer code.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub champion_points_since_last_level: i64,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub champion_points_until_next_level: i64,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub mark_required_for_next_level: i64,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub tokens_earned: i64,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub champion_season_milestone: i64,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub next_season_milestone: SeasonMilestone,
}

/// champion-mastery-v4 `nextSeasonMilestone`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeasonMilestone {
    /// Grade ("S-", "A", ...) to the number of games needed with it.
    #[serde(default)]
    pub require_grade_counts: std::collections::BTreeMap<String, i64>,
    #[serde(default)]
    pub reward_marks: i64,
    #[serde(default)]
    pub bonus: bool,
    #[serde(default)]
    pub total_games_requires: i64,
}

/// One entry of league-v4 `/lol/league/v4/entries/by-puuid/{puuid}` (a list; `[]` = unranked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeagueEntry {
    #[serde(default)]
    pub league_id: String,
    /// "RANKED_SOLO_5x5" or "RANKED_FLEX_SR".
    pub queue_type: String,
    /// IRON, BRONZE, SILVER, GOLD, PLATINUM, EMERALD, DIAMOND, MASTER, GRANDMASTER, CHALLENGER.
    pub tier: String,
    /// "I" to "IV"; empty (and left out) when unknown: the replayed 2017 seed matches know a
    /// player's tier only.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rank: String,
    #[serde(default)]
    pub puuid: String,
    #[serde(default)]
    pub league_points: i64,
    #[serde(default)]
    pub wins: i64,
    #[serde(default)]
    pub losses: i64,
    #[serde(default)]
    pub veteran: bool,
    #[serde(default)]
    pub inactive: bool,
    #[serde(default)]
    pub fresh_blood: bool,
    #[serde(default)]
    pub hot_streak: bool,
}

impl LeagueEntry {
    /// An entry that knows only a player's queue, tier and division (`rank`, empty when
    /// unknown), as a dataset or the community log records it; the rest as Riot's defaults.
    pub fn known_rank(puuid: &str, queue_type: &str, tier: &str, rank: &str) -> Self {
        LeagueEntry {
            league_id: String::new(),
            queue_type: queue_type.into(),
            tier: tier.into(),
            rank: rank.into(),
            puuid: puuid.into(),
            league_points: 0,
            wins: 0,
            losses: 0,
            veteran: false,
            inactive: false,
            fresh_blood: false,
            hot_streak: false,
        }
    }
}

/// match-v5 `/lol/match/v5/matches/{matchId}`: the parts rivulet reads or reproduces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    pub metadata: MatchMetadata,
    pub info: MatchInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchMetadata {
    #[serde(default)]
    pub data_version: String,
    /// "{PLATFORM}_{gameId}", e.g. "EUW1_6978370487".
    pub match_id: String,
    /// The participants' puuids.
    #[serde(default)]
    pub participants: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchInfo {
    #[serde(default)]
    pub game_creation: i64,
    /// Seconds (match-v5 since patch 11.20; milliseconds before, which rivulet does not read).
    pub game_duration: i64,
    #[serde(default)]
    pub game_end_timestamp: i64,
    pub game_id: i64,
    pub game_mode: String,
    /// "teambuilder-match-{gameId}" for matchmade games.
    #[serde(default)]
    pub game_name: String,
    #[serde(default)]
    pub game_start_timestamp: i64,
    #[serde(default)]
    pub game_type: String,
    #[serde(default)]
    pub game_version: String,
    #[serde(default)]
    pub map_id: i64,
    #[serde(default)]
    pub participants: Vec<MatchParticipant>,
    #[serde(default)]
    pub platform_id: String,
    #[serde(default)]
    pub queue_id: i64,
    #[serde(default)]
    pub teams: Vec<MatchTeam>,
    /// "GameComplete", or "Abort_..." for remakes and aborted games.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_game_result: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchParticipant {
    #[serde(default)]
    pub puuid: String,
    #[serde(default)]
    pub riot_id_game_name: String,
    #[serde(default)]
    pub riot_id_tagline: String,
    pub team_id: i64,
    pub champion_id: i64,
    #[serde(default)]
    pub champion_name: String,
    #[serde(default)]
    pub summoner1_id: i64,
    #[serde(default)]
    pub summoner2_id: i64,
    #[serde(default)]
    pub win: bool,
    #[serde(default)]
    pub game_ended_in_early_surrender: bool,
    #[serde(default)]
    pub game_ended_in_surrender: bool,
    #[serde(default)]
    pub time_played: i64,
    /// What the match reports besides what rivulet reads (kills, gold, damage, items, runes...).
    #[serde(flatten)]
    pub stats: ParticipantStats,
}

/// The rest of a match-v5 participant, every field Riot's schema requires. rivulet reads none of
/// it (post-game figures are leaks, never model inputs); the simulated league fills it so its
/// matches parse like Riot's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ParticipantStats {
    pub participant_id: i64,
    pub profile_icon: i64,
    pub summoner_id: String,
    pub summoner_level: i64,
    pub summoner_name: String,
    pub individual_position: String,
    pub team_position: String,
    pub lane: String,
    pub role: String,
    pub team_early_surrendered: bool,
    pub kills: i64,
    pub deaths: i64,
    pub assists: i64,
    pub champ_level: i64,
    pub champ_experience: i64,
    pub champion_transform: i64,
    pub gold_earned: i64,
    pub gold_spent: i64,
    pub total_minions_killed: i64,
    pub neutral_minions_killed: i64,
    pub double_kills: i64,
    pub triple_kills: i64,
    pub quadra_kills: i64,
    pub penta_kills: i64,
    pub unreal_kills: i64,
    pub killing_sprees: i64,
    pub largest_killing_spree: i64,
    pub largest_multi_kill: i64,
    pub largest_critical_strike: i64,
    pub longest_time_spent_living: i64,
    pub total_time_spent_dead: i64,
    pub first_blood_kill: bool,
    pub first_blood_assist: bool,
    pub first_tower_kill: bool,
    pub first_tower_assist: bool,
    pub baron_kills: i64,
    pub dragon_kills: i64,
    pub inhibitor_kills: i64,
    pub nexus_kills: i64,
    pub turret_kills: i64,
    pub objectives_stolen: i64,
    pub objectives_stolen_assists: i64,
    pub damage_dealt_to_objectives: i64,
    pub damage_dealt_to_turrets: i64,
    pub damage_self_mitigated: i64,
    pub total_damage_dealt: i64,
    pub total_damage_dealt_to_champions: i64,
    pub physical_damage_dealt: i64,
    pub physical_damage_dealt_to_champions: i64,
    pub magic_damage_dealt: i64,
    pub magic_damage_dealt_to_champions: i64,
    pub true_damage_dealt: i64,
    pub true_damage_dealt_to_champions: i64,
    pub total_damage_taken: i64,
    pub physical_damage_taken: i64,
    pub magic_damage_taken: i64,
    pub true_damage_taken: i64,
    pub total_heal: i64,
    pub total_heals_on_teammates: i64,
    pub total_damage_shielded_on_teammates: i64,
    pub total_units_healed: i64,
    #[serde(rename = "timeCCingOthers")]
    pub time_ccing_others: i64,
    #[serde(rename = "totalTimeCCDealt")]
    pub total_time_cc_dealt: i64,
    pub vision_score: i64,
    pub wards_placed: i64,
    pub wards_killed: i64,
    pub detector_wards_placed: i64,
    pub vision_wards_bought_in_game: i64,
    pub sight_wards_bought_in_game: i64,
    pub consumables_purchased: i64,
    pub items_purchased: i64,
    pub item0: i64,
    pub item1: i64,
    pub item2: i64,
    pub item3: i64,
    pub item4: i64,
    pub item5: i64,
    pub item6: i64,
    pub spell1_casts: i64,
    pub spell2_casts: i64,
    pub spell3_casts: i64,
    pub spell4_casts: i64,
    pub summoner1_casts: i64,
    pub summoner2_casts: i64,
    pub perks: MatchPerks,
}

/// match-v5 participant `perks`: the rune page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MatchPerks {
    pub stat_perks: StatPerks,
    pub styles: Vec<PerkStyle>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatPerks {
    pub defense: i64,
    pub flex: i64,
    pub offense: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PerkStyle {
    /// "primaryStyle" or "subStyle".
    pub description: String,
    pub selections: Vec<PerkSelection>,
    pub style: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PerkSelection {
    pub perk: i64,
    pub var1: i64,
    pub var2: i64,
    pub var3: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchTeam {
    pub team_id: i64,
    #[serde(default)]
    pub win: bool,
    #[serde(default)]
    pub bans: Vec<MatchBan>,
    #[serde(default)]
    pub objectives: MatchObjectives,
}

/// match-v5 team `objectives`: who took the first of each and how many.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MatchObjectives {
    pub baron: MatchObjective,
    pub champion: MatchObjective,
    pub dragon: MatchObjective,
    pub inhibitor: MatchObjective,
    pub rift_herald: MatchObjective,
    pub tower: MatchObjective,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MatchObjective {
    pub first: bool,
    pub kills: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchBan {
    pub champion_id: i64,
    pub pick_turn: i64,
}

/// What the page gathers around a live game besides the spectator payload: each participant's
/// league-v4 entries and champion mastery (on the champion they play), keyed by puuid. Missing
/// entries are normal (unranked players, bots, failed lookups): the featurizer uses neutral
/// defaults for them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GameExtras {
    #[serde(default)]
    pub ranks: std::collections::BTreeMap<String, Vec<LeagueEntry>>,
    #[serde(default)]
    pub masteries: std::collections::BTreeMap<String, ChampionMastery>,
}

/// Parsing the real samples in `../shared/data/api-samples` (skipped when absent).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::path::Path;

    fn samples(endpoint: &str) -> Option<Vec<std::path::PathBuf>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/api-samples")
            .join(endpoint);
        if !dir.exists() {
            eprintln!("skipped: {} is absent", dir.display());
            return None;
        }
        let mut files = Vec::new();
        for owner in std::fs::read_dir(dir).unwrap() {
            for f in std::fs::read_dir(owner.unwrap().path()).unwrap() {
                files.push(f.unwrap().path());
            }
        }
        Some(files)
    }

    #[test]
    fn real_spectator_sample_parses() {
        let Some(files) = samples("spectator-v5") else {
            return;
        };
        for f in files {
            let g: CurrentGameInfo =
                serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
            assert_eq!(g.participants.len(), 10, "{}", f.display());
            assert_eq!(g.game_queue_config_id, Some(420));
            assert!(g.game_length > 0);
        }
    }

    #[test]
    fn real_match_v5_samples_parse() {
        let Some(files) = samples("match-v5") else {
            return;
        };
        assert!(!files.is_empty());
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let m: Match =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            assert!(m.info.game_duration > 0, "{}", f.display());
            assert!(m.metadata.match_id.contains('_'));
        }
    }
}

/// The ranked tiers of league-v4, from IRON (index 0) to CHALLENGER (9); anything else (e.g.
/// "UNRANKED") means no rank entry.
pub const TIERS: [&str; 10] = [
    "IRON",
    "BRONZE",
    "SILVER",
    "GOLD",
    "PLATINUM",
    "EMERALD",
    "DIAMOND",
    "MASTER",
    "GRANDMASTER",
    "CHALLENGER",
];
