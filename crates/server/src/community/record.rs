//! One logged match: what the featurizer needs before the game starts, the ranks and masteries
//! the proxy saw for its players, and the true duration. Built only from Riot's (or the
//! simulated league's) match-v5 answer; clients never submit one.
//!
//! Players are stored without their puuids (a record names no player): their ranks and mastery
//! sit on the participant itself, and [`MatchRecord::to_game`] rebuilds the spectator-v5 shape
//! with stand-in puuids, which the featurizer only uses as keys.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use rivulet_lol::riot::{
    BannedChampion, ChampionMastery, CurrentGameInfo, CurrentGameParticipant, GameExtras,
    LeagueEntry, Match,
};

/// A player's rank in one ranked queue (league-v4's `queueType`, `tier`, `rank`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rank {
    pub queue: String,
    pub tier: String,
    pub div: String,
}

/// One participant, as the featurizer needs them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Player {
    pub team: i64,
    pub champ: i64,
    pub s1: i64,
    pub s2: i64,
    /// league-v4 entries the proxy saw for this player (`None`: never looked up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranks: Option<Vec<Rank>>,
    /// Champion points on the champion played, if the proxy saw them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mastery: Option<i64>,
}

/// A ban (`champ` -1: skipped).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ban {
    pub team: i64,
    pub champ: i64,
    pub turn: i64,
}

/// The current record format (stored in every row, so a later format can read old rows).
pub const RECORD_VERSION: u32 = 1;

/// See the module documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchRecord {
    pub v: u32,
    /// `{PLATFORM}_{gameId}`: the log's key.
    pub id: String,
    pub platform: String,
    /// Queue id (`None`: custom game).
    #[serde(default)]
    pub queue: Option<i64>,
    pub mode: String,
    #[serde(default)]
    pub game_type: String,
    #[serde(default)]
    pub map: i64,
    /// Epoch ms.
    #[serde(default)]
    pub created: i64,
    /// Epoch ms (the featurizer's hour of day).
    #[serde(default)]
    pub started: i64,
    pub players: Vec<Player>,
    #[serde(default)]
    pub bans: Vec<Ban>,
    /// The true duration, seconds (what the page learns).
    pub duration: f64,
}

/// What the proxy saw of players lately (league-v4 and champion-mastery-v4 answers), so a match
/// that ends later is logged with the ranks and masteries its pages looked up. Bounded: entries
/// older than `ttl` are dropped when the map is full; if it is still full it starts over.
pub struct SeenExtras {
    ranks: Mutex<HashMap<String, (Instant, Vec<Rank>)>>,
    masteries: Mutex<HashMap<(String, i64), (Instant, i64)>>,
    cap: usize,
    ttl: Duration,
}

fn bounded_insert<K: std::hash::Hash + Eq, V>(
    map: &Mutex<HashMap<K, (Instant, V)>>,
    key: K,
    value: V,
    cap: usize,
    ttl: Duration,
) {
    let mut m = map.lock().unwrap_or_else(|p| p.into_inner());
    if m.len() >= cap && !m.contains_key(&key) {
        let now = Instant::now();
        m.retain(|_, (t, _)| now.duration_since(*t) < ttl);
        if m.len() >= cap {
            m.clear();
        }
    }
    m.insert(key, (Instant::now(), value));
}

impl SeenExtras {
    pub fn new(cap: usize, ttl: Duration) -> Self {
        SeenExtras {
            ranks: Mutex::new(HashMap::new()),
            masteries: Mutex::new(HashMap::new()),
            cap: cap.max(1),
            ttl,
        }
    }

    pub fn saw_ranks(&self, puuid: &str, entries: &[LeagueEntry]) {
        let ranks = entries
            .iter()
            .map(|e| Rank {
                queue: e.queue_type.clone(),
                tier: e.tier.clone(),
                div: e.rank.clone(),
            })
            .collect();
        bounded_insert(&self.ranks, puuid.to_string(), ranks, self.cap, self.ttl);
    }

    pub fn saw_mastery(&self, puuid: &str, m: &ChampionMastery) {
        bounded_insert(
            &self.masteries,
            (puuid.to_string(), m.champion_id),
            m.champion_points,
            self.cap,
            self.ttl,
        );
    }

    fn ranks_of(&self, puuid: &str) -> Option<Vec<Rank>> {
        let m = self.ranks.lock().unwrap_or_else(|p| p.into_inner());
        m.get(puuid).map(|(_, r)| r.clone())
    }

    fn mastery_of(&self, puuid: &str, champion: i64) -> Option<i64> {
        let m = self.masteries.lock().unwrap_or_else(|p| p.into_inner());
        m.get(&(puuid.to_string(), champion)).map(|(_, p)| *p)
    }
}

/// The duration the page learns from a match-v5 answer (`www/js/api.js` `matchDurationSeconds`):
/// seconds, or milliseconds before patch 11.20 (no `gameEndTimestamp` then).
fn duration_of(m: &Match) -> f64 {
    let d = m.info.game_duration as f64;
    if m.info.game_end_timestamp != 0 {
        d
    } else {
        d / 1000.0
    }
}

impl MatchRecord {
    /// The record of a finished match answered for `match_id`; an error (nothing logged) when
    /// the answer is not a finished match the page could learn.
    pub fn from_match(
        match_id: &str,
        m: &Match,
        seen: Option<&SeenExtras>,
    ) -> Result<Self, String> {
        if m.metadata.match_id != match_id {
            return Err(format!(
                "the answer for {match_id} is match {}",
                m.metadata.match_id
            ));
        }
        let duration = duration_of(m);
        if !(duration.is_finite() && duration > 0.0 && duration < 6.0 * 3600.0) {
            return Err(format!(
                "{match_id}: duration {duration} s is not learnable"
            ));
        }
        if m.info.participants.is_empty() || m.info.game_mode.trim().is_empty() {
            return Err(format!("{match_id}: no participants or no game mode"));
        }
        let players = m
            .info
            .participants
            .iter()
            .map(|p| {
                let known = !p.puuid.is_empty();
                Player {
                    team: p.team_id,
                    champ: p.champion_id,
                    s1: p.summoner1_id,
                    s2: p.summoner2_id,
                    ranks: seen.filter(|_| known).and_then(|s| s.ranks_of(&p.puuid)),
                    mastery: seen
                        .filter(|_| known)
                        .and_then(|s| s.mastery_of(&p.puuid, p.champion_id)),
                }
            })
            .collect();
        let bans = m
            .info
            .teams
            .iter()
            .flat_map(|t| {
                t.bans.iter().map(|b| Ban {
                    team: t.team_id,
                    champ: b.champion_id,
                    turn: b.pick_turn,
                })
            })
            .collect();
        let platform = match m.info.platform_id.as_str() {
            "" => match_id.split('_').next().unwrap_or("").to_string(),
            p => p.to_ascii_uppercase(),
        };
        Ok(MatchRecord {
            v: RECORD_VERSION,
            id: match_id.to_string(),
            platform,
            queue: Some(m.info.queue_id).filter(|&q| q != 0),
            mode: m.info.game_mode.clone(),
            game_type: m.info.game_type.clone(),
            map: m.info.map_id,
            created: m.info.game_creation,
            started: if m.info.game_start_timestamp != 0 {
                m.info.game_start_timestamp
            } else {
                m.info.game_creation
            },
            players,
            bans,
            duration,
        })
    }

    /// The pre-game game and extras the page would have featurized for this match.
    pub fn to_game(&self) -> (CurrentGameInfo, GameExtras) {
        let game_id = self
            .id
            .rsplit('_')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut ranks = BTreeMap::new();
        let mut masteries = BTreeMap::new();
        let participants = self
            .players
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let puuid = format!("p{i}");
                if let Some(r) = &p.ranks {
                    let entries = r
                        .iter()
                        .map(|r| LeagueEntry::known_rank(&puuid, &r.queue, &r.tier, &r.div))
                        .collect();
                    ranks.insert(puuid.clone(), entries);
                }
                if let Some(points) = p.mastery {
                    masteries.insert(
                        puuid.clone(),
                        ChampionMastery {
                            puuid: puuid.clone(),
                            champion_id: p.champ,
                            champion_level: 0,
                            champion_points: points,
                            last_play_time: 0,
                            ..Default::default()
                        },
                    );
                }
                CurrentGameParticipant {
                    puuid: Some(puuid),
                    team_id: p.team,
                    champion_id: p.champ,
                    spell1_id: p.s1,
                    spell2_id: p.s2,
                    profile_icon_id: 0,
                    riot_id: String::new(),
                    bot: false,
                    perks: None,
                    game_customization_objects: Vec::new(),
                }
            })
            .collect();
        let game = CurrentGameInfo {
            game_id,
            map_id: self.map,
            game_mode: self.mode.clone(),
            game_type: self.game_type.clone(),
            game_queue_config_id: self.queue,
            participants,
            banned_champions: self
                .bans
                .iter()
                .map(|b| BannedChampion {
                    champion_id: b.champ,
                    team_id: b.team,
                    pick_turn: b.turn,
                })
                .collect(),
            platform_id: self.platform.clone(),
            game_start_time: self.started,
            game_length: 0,
            observers: None,
        };
        (game, GameExtras { ranks, masteries })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        let r: MatchRecord =
            serde_json::from_str(text).map_err(|e| format!("unreadable record: {e}"))?;
        if r.v != RECORD_VERSION {
            return Err(format!(
                "record version {} (this build reads {RECORD_VERSION})",
                r.v
            ));
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivulet_lol::features::{featurize, FeatureConfig};
    use rivulet_lol::sim::League;

    #[test]
    fn a_simulated_match_featurizes_as_its_spectator_game() {
        let t0 = 1_700_000_000_000;
        let mut league = League::new(3, t0);
        let g = league.live_games().next().unwrap().clone();
        league.advance_to(g.end_ms());
        let m = league.match_by_id(&g.match_id()).unwrap();
        let seen = SeenExtras::new(100, Duration::from_secs(60));
        for p in &g.game.participants {
            // A streamer-mode player has no puuid in the live game: nothing was looked up.
            let Some(puuid) = p.puuid.as_deref().filter(|s| !s.is_empty()) else {
                continue;
            };
            if let Some(e) = g.extras.ranks.get(puuid) {
                seen.saw_ranks(puuid, e);
            }
            if let Some(e) = g.extras.masteries.get(puuid) {
                seen.saw_mastery(puuid, e);
            }
        }
        let r = MatchRecord::from_match(&g.match_id(), &m, Some(&seen)).unwrap();
        assert_eq!(r.duration, g.duration_s as f64);
        let back = MatchRecord::from_json(&r.to_json()).unwrap();
        assert_eq!(back, r);
        let (game, extras) = r.to_game();
        let cfg = FeatureConfig::all();
        assert_eq!(
            featurize(&game, &extras, &cfg),
            featurize(&g.game, &g.extras, &cfg)
        );
        // Without what the pages looked up, ranks and masteries are missing, nothing else.
        let bare = MatchRecord::from_match(&g.match_id(), &m, None).unwrap();
        let (game, extras) = bare.to_game();
        let x = featurize(&game, &extras, &cfg);
        assert!(x.iter().any(|f| f.name == "rank_missing"));
        assert!(MatchRecord::from_match("EUW1_1", &m, None)
            .unwrap_err()
            .contains("is match"));
    }
}
