//! Replay of a real dataset through the league lifecycle: games start in the dataset's time
//! order, each lasting its real duration on the league clock.
//!
//! Datasets without player identities (games.csv) get synthetic ones: every participant of a
//! replayed game receives a fresh puuid and a plausible Riot ID, so the page can look a player up
//! through account-v1 → spectator exactly as in the simulated league. Ranks and masteries come
//! from the dataset's [`GameExtras`] when it has them (seed matches: the season tier), else
//! league-v4 answers `[]` (unranked) and mastery 404. Winners are not replayed (the readers never
//! read them), so match-v5 reports no winning team.

use crate::error::LolError;
use std::collections::{HashMap, HashSet, VecDeque};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{GameSource, SimGame};
use crate::datasets::LabeledGame;
use crate::riot::{Account, ChampionMastery, GameExtras, LeagueEntry};

const PUUID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Replayed players remembered for lookups (the oldest are forgotten beyond this).
const REGISTRY_CAP: usize = 20_000;

#[derive(Debug, Clone)]
struct ReplayPlayer {
    account: Account,
    entries: Vec<LeagueEntry>,
    mastery: Option<ChampionMastery>,
}

/// A [`GameSource`] replaying real games in time order, looping at the end.
#[derive(Debug, Clone)]
pub struct ReplaySource {
    games: Vec<LabeledGame>,
    next: usize,
    /// Completed passes over the dataset.
    pub laps: u64,
    platform: String,
    rng: ChaCha8Rng,
    players: HashMap<String, ReplayPlayer>,
    by_riot_id: HashMap<String, String>,
    order: VecDeque<String>,
    serial: u64,
}

impl ReplaySource {
    /// `games` must be in time order (the dataset readers return them so). Errors when empty.
    pub fn new(games: Vec<LabeledGame>, platform: &str, seed: u64) -> Result<Self, LolError> {
        if games.is_empty() {
            return Err(LolError::BadDataset(
                "the replay dataset has no games".into(),
            ));
        }
        Ok(ReplaySource {
            games,
            next: 0,
            laps: 0,
            platform: platform.to_ascii_lowercase(),
            rng: ChaCha8Rng::seed_from_u64(seed),
            players: HashMap::new(),
            by_riot_id: HashMap::new(),
            order: VecDeque::new(),
            serial: 0,
        })
    }

    /// Number of games in the dataset.
    pub fn len(&self) -> usize {
        self.games.len()
    }

    pub fn is_empty(&self) -> bool {
        self.games.is_empty()
    }

    /// Index of the next dataset game to start.
    pub fn position(&self) -> usize {
        self.next
    }

    fn new_identity(&mut self) -> (String, String, String) {
        self.serial += 1;
        let puuid: String = (0..78)
            .map(|_| PUUID_ALPHABET[self.rng.gen_range(0..64)] as char)
            .collect();
        // Unique by construction: the serial is part of the name.
        let name = format!("Replay{}", self.serial);
        (puuid, name, "RPL".to_string())
    }

    fn remember(&mut self, p: ReplayPlayer) {
        let key = format!(
            "{}#{}",
            p.account.game_name.to_lowercase(),
            p.account.tag_line.to_lowercase()
        );
        self.by_riot_id.insert(key, p.account.puuid.clone());
        self.order.push_back(p.account.puuid.clone());
        self.players.insert(p.account.puuid.clone(), p);
        while self.order.len() > REGISTRY_CAP {
            if let Some(old) = self.order.pop_front() {
                if let Some(gone) = self.players.remove(&old) {
                    let k = format!(
                        "{}#{}",
                        gone.account.game_name.to_lowercase(),
                        gone.account.tag_line.to_lowercase()
                    );
                    self.by_riot_id.remove(&k);
                }
            }
        }
    }
}

impl GameSource for ReplaySource {
    fn next_game(
        &mut self,
        start_ms: i64,
        game_id: i64,
        _busy: &HashSet<String>,
    ) -> Option<SimGame> {
        let src = self.games[self.next].clone();
        self.next += 1;
        if self.next == self.games.len() {
            self.next = 0;
            self.laps += 1;
        }
        let mut game = src.game;
        let mut extras = GameExtras::default();
        for p in game.participants.iter_mut() {
            let old = p.puuid.take();
            let (puuid, name, tag) = self.new_identity();
            let mut entries = old
                .as_ref()
                .and_then(|o| src.extras.ranks.get(o).cloned())
                .unwrap_or_default();
            for e in entries.iter_mut() {
                e.puuid = puuid.clone();
            }
            let mastery = old
                .as_ref()
                .and_then(|o| src.extras.masteries.get(o).cloned())
                .map(|mut m| {
                    m.puuid = puuid.clone();
                    m
                });
            extras.ranks.insert(puuid.clone(), entries.clone());
            if let Some(m) = &mastery {
                extras.masteries.insert(puuid.clone(), m.clone());
            }
            p.puuid = Some(puuid.clone());
            p.riot_id = format!("{name}#{tag}");
            self.remember(ReplayPlayer {
                account: Account {
                    puuid,
                    game_name: name,
                    tag_line: tag,
                },
                entries,
                mastery,
            });
        }
        game.game_id = game_id;
        game.platform_id = self.platform.to_ascii_uppercase();
        game.game_start_time = start_ms;
        game.game_length = 0;
        game.observers = Some(super::encryption_key(game_id));
        let duration_s = src.duration_s.round().max(1.0) as i64;
        Some(SimGame {
            game,
            extras,
            hidden: Vec::new(),
            duration_s,
            expected_s: f64::NAN,
            noise_s: f64::NAN,
            remake: duration_s < super::calibration::REMAKE_THRESHOLD_S as i64,
            blue_win: false,
        })
    }

    fn account_by_riot_id(&self, game_name: &str, tag_line: &str) -> Option<Account> {
        let key = format!("{}#{}", game_name.to_lowercase(), tag_line.to_lowercase());
        let puuid = self.by_riot_id.get(&key)?;
        self.players.get(puuid).map(|p| p.account.clone())
    }

    fn league_entries(&self, puuid: &str) -> Option<Vec<LeagueEntry>> {
        self.players.get(puuid).map(|p| p.entries.clone())
    }

    fn mastery(&self, puuid: &str, champion_id: i64) -> Option<ChampionMastery> {
        self.players
            .get(puuid)?
            .mastery
            .clone()
            .filter(|m| m.champion_id == champion_id)
    }

    fn mastery_score(&self, puuid: &str) -> Option<i64> {
        let p = self.players.get(puuid)?;
        Some(p.mastery.as_ref().map_or(0, |m| m.champion_level))
    }
}
