//! The simulated league: a pure-logic League of Legends server that keeps games live, ends them
//! after their drawn duration and keeps the finished matches, answering with Riot's JSON shapes.
//!
//! No clock and no I/O here: every call takes the time on the *league clock* (epoch ms that runs
//! `timeScale` times faster than real time; the proxy computes it), so the eval CLI and tests can
//! drive it directly. The lifecycle ([`League`]) is generic over a [`GameSource`]: the simulated
//! generator ([`SimSource`], calibrated in [`calibration`]) or a replayed dataset
//! ([`ReplaySource`]).
//!
//! Determinism: with the same seed, the games and their durations depend only on the league
//! clock times passed in, not on how often [`League::advance_to`] is called, because games end
//! and start in event order (a new game starts at the instant another ends).
//!
//! ```
//! use rivulet_lol::sim::League;
//! let t0 = 1_700_000_000_000;
//! let mut league = League::new(7, t0);
//! assert_eq!(league.live_count(), 30);
//! // Ask a game's truth, then run the clock past its end: its match appears.
//! let g = league.live_games().next().unwrap().clone();
//! let id = g.match_id();
//! assert!(league.match_by_id(&id).is_none());
//! league.advance_to(g.end_ms());
//! let m = league.match_by_id(&id).unwrap();
//! assert_eq!(m.info.game_duration, g.duration_s);
//! ```

pub mod calibration;
mod generator;
pub mod postgame;
mod replay;

pub use generator::{
    HiddenPlayer, SimConfig, SimSource, PAST_FIRST_GAME_ID, PAST_GAMES_PER_PLAYER, STREAMER_SHARE,
};
pub use replay::ReplaySource;

use std::collections::{HashMap, HashSet, VecDeque};

use crate::riot::{
    Account, ChampionMastery, CurrentGameInfo, FeaturedGames, GameExtras, LeagueEntry, Match,
    MatchBan, MatchInfo, MatchMetadata, MatchParticipant, MatchTeam, Observer,
};

/// FNV-1a: a stable hash of a string (per-player figures that must not change between runs).
pub(crate) fn stable_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The spectator `observers.encryptionKey` of a game: 32 base64 characters, fixed per game.
pub(crate) fn encryption_key(game_id: i64) -> Observer {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut z = game_id as u64;
    let encryption_key = (0..32)
        .map(|_| {
            z = z
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            B64[(z >> 58) as usize] as char
        })
        .collect();
    Observer { encryption_key }
}

/// One game of the league with its known truth.
#[derive(Debug, Clone, PartialEq)]
pub struct SimGame {
    /// The spectator-v5 payload (`gameLength` 0; the league fills it at query time).
    /// `game_start_time` is the start on the league clock (epoch ms).
    pub game: CurrentGameInfo,
    /// Each participant's league-v4 entries and mastery on the champion played (none for hidden
    /// players: nobody can look them up).
    pub extras: GameExtras,
    /// Participants in streamer mode: no puuid nor Riot ID in `game`, their own lookup says "not
    /// in a game"; match-v5 names them.
    pub hidden: Vec<HiddenPlayer>,
    /// The drawn duration in (game) seconds: what match-v5 reports as `gameDuration`.
    pub duration_s: i64,
    /// The noiseless expected duration (mode base + champion effects + rank effects), seconds.
    /// For replayed games this is `NaN` (the truth is unknown).
    pub expected_s: f64,
    /// `duration_s - expected_s`: the irreducible part.
    pub noise_s: f64,
    /// The game was a remake (ended in the first minutes).
    pub remake: bool,
    /// Team 100 won.
    pub blue_win: bool,
}

impl SimGame {
    /// Every player's puuid, hidden or not.
    pub fn players(&self) -> impl Iterator<Item = &str> {
        self.game
            .participants
            .iter()
            .filter_map(|p| p.puuid.as_deref())
            .chain(self.hidden.iter().map(|h| h.puuid.as_str()))
    }

    /// League-clock epoch ms at which the game started.
    pub fn start_ms(&self) -> i64 {
        self.game.game_start_time
    }
    /// League-clock epoch ms at which the game ends (its match appears then).
    pub fn end_ms(&self) -> i64 {
        self.game.game_start_time + self.duration_s * 1000
    }
    /// The match-v5 id: `{PLATFORM}_{gameId}`, e.g. `EUW1_7000000001`.
    pub fn match_id(&self) -> String {
        format!(
            "{}_{}",
            self.game.platform_id.to_ascii_uppercase(),
            self.game.game_id
        )
    }

    /// The spectator payload as seen at league time `now_ms`.
    pub fn current(&self, now_ms: i64) -> CurrentGameInfo {
        let mut g = self.game.clone();
        g.game_length = ((now_ms - self.start_ms()) / 1000).clamp(0, self.duration_s);
        g
    }

    /// The match-v5 payload of the finished game: every field Riot's schema requires, the
    /// post-game figures drawn by [`postgame::draw`] to fit the duration.
    pub fn to_match(&self) -> Match {
        let g = &self.game;
        let post = postgame::draw(
            g.game_id,
            &g.participants,
            self.duration_s,
            self.remake,
            self.blue_win,
            g.game_mode == "ARAM",
        );
        // Streamer mode hides players in live games only: match-v5 names everyone.
        let identity = |slot: usize| -> (String, String) {
            let p = &g.participants[slot];
            match self.hidden.iter().find(|h| h.slot == slot) {
                Some(h) => (h.puuid.clone(), h.riot_id.clone()),
                None => (p.puuid.clone().unwrap_or_default(), p.riot_id.clone()),
            }
        };
        let participants = g
            .participants
            .iter()
            .zip(post.stats)
            .enumerate()
            .map(|(slot, (p, stats))| {
                let (puuid, riot_id) = identity(slot);
                let (name, tag) = riot_id.split_once('#').unwrap_or((&riot_id, ""));
                let win = (p.team_id == 100) == self.blue_win;
                MatchParticipant {
                    puuid,
                    riot_id_game_name: name.to_string(),
                    riot_id_tagline: tag.to_string(),
                    team_id: p.team_id,
                    champion_id: p.champion_id,
                    champion_name: postgame::champion_key(p.champion_id),
                    summoner1_id: p.spell1_id,
                    summoner2_id: p.spell2_id,
                    win,
                    game_ended_in_early_surrender: self.remake,
                    game_ended_in_surrender: post.surrender,
                    time_played: self.duration_s,
                    stats,
                }
            })
            .collect();
        let teams = [100, 200]
            .into_iter()
            .zip(post.objectives)
            .map(|(team_id, objectives)| MatchTeam {
                team_id,
                win: (team_id == 100) == self.blue_win,
                bans: g
                    .banned_champions
                    .iter()
                    .filter(|b| b.team_id == team_id)
                    .map(|b| MatchBan {
                        champion_id: b.champion_id,
                        pick_turn: b.pick_turn,
                    })
                    .collect(),
                objectives,
            })
            .collect();
        Match {
            metadata: MatchMetadata {
                data_version: "2".into(),
                match_id: self.match_id(),
                participants: (0..g.participants.len())
                    .map(|slot| identity(slot).0)
                    .collect(),
            },
            info: MatchInfo {
                game_creation: self.start_ms() - 90_000,
                game_duration: self.duration_s,
                game_end_timestamp: self.end_ms(),
                game_id: g.game_id,
                game_mode: g.game_mode.clone(),
                game_name: format!("teambuilder-match-{}", g.game_id),
                game_start_timestamp: self.start_ms(),
                // Spectator says "MATCHED", match-v5 "MATCHED_GAME".
                game_type: match g.game_type.as_str() {
                    "MATCHED" => "MATCHED_GAME".into(),
                    "CUSTOM" => "CUSTOM_GAME".into(),
                    other => other.into(),
                },
                game_version: GAME_VERSION.into(),
                map_id: g.map_id,
                participants,
                platform_id: g.platform_id.to_ascii_uppercase(),
                queue_id: g.game_queue_config_id.unwrap_or(0),
                teams,
                end_of_game_result: Some("GameComplete".into()),
            },
        }
    }
}

/// The patch the simulated games claim.
pub const GAME_VERSION: &str = "16.6.1";

/// Where a league's games and players come from.
pub trait GameSource {
    /// The next game, starting at `start_ms` on the league clock, with id `game_id`, using no
    /// player in `busy` (puuids already in a live game). `None` when the source is exhausted or
    /// cannot form a game now.
    fn next_game(&mut self, start_ms: i64, game_id: i64, busy: &HashSet<String>)
        -> Option<SimGame>;
    /// Players who exist but are never in a game (none by default).
    fn idle_accounts(&self) -> Vec<Account> {
        Vec::new()
    }
    /// account-v1 by Riot ID (case-insensitive, as Riot).
    fn account_by_riot_id(&self, game_name: &str, tag_line: &str) -> Option<Account>;
    /// league-v4 entries; `None` when the puuid is unknown (Riot: 404), `Some([])` unranked.
    fn league_entries(&self, puuid: &str) -> Option<Vec<LeagueEntry>>;
    /// champion-mastery-v4 by champion; `None` when unknown or never played (Riot: 404).
    fn mastery(&self, puuid: &str, champion_id: i64) -> Option<ChampionMastery>;
    /// champion-mastery-v4 score (sum of champion levels); `None` when the puuid is unknown.
    fn mastery_score(&self, puuid: &str) -> Option<i64>;
    /// How many games were played before the league's clock started (none by default).
    fn past_game_count(&self) -> usize {
        0
    }
    /// The past games `puuid` played (indices, oldest first).
    fn past_games_of(&self, _puuid: &str) -> Vec<usize> {
        Vec::new()
    }
    /// Past game `index`, drawn alone (the same game every time), for a league that started at
    /// `league_start_ms`.
    fn past_game(&self, _index: usize, _league_start_ms: i64) -> Option<SimGame> {
        None
    }
    /// Past game `index`'s start (epoch ms) and queue, without drawing the whole game.
    fn past_game_summary(&self, _index: usize, _league_start_ms: i64) -> Option<(i64, i64)> {
        None
    }
}

/// A match-v5 "match ids by puuid" request, as the league reads it (Riot's semantics: most
/// recent first, `start` skipped, at most `count`; filters on queue, type and start time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryQuery {
    pub start: usize,
    pub count: usize,
    pub queue: Option<i64>,
    /// `ranked`, `normal`, `tourney` or `tutorial`.
    pub kind: Option<String>,
    /// Epoch seconds, inclusive.
    pub start_time_s: Option<i64>,
    pub end_time_s: Option<i64>,
}

impl Default for HistoryQuery {
    fn default() -> Self {
        HistoryQuery {
            start: 0,
            count: 20,
            queue: None,
            kind: None,
            start_time_s: None,
            end_time_s: None,
        }
    }
}

/// Riot's match `type` of a queue.
pub fn queue_kind(queue_id: i64) -> &'static str {
    match queue_id {
        420 | 440 => "ranked",
        0 => "tutorial",
        _ => "normal",
    }
}

impl HistoryQuery {
    /// Whether a game that started at `start_ms` in `queue` passes the filters.
    fn admits(&self, start_ms: i64, queue: i64) -> bool {
        let start_s = start_ms.div_euclid(1000);
        self.queue.is_none_or(|q| q == queue)
            && self.kind.as_deref().is_none_or(|k| k == queue_kind(queue))
            && self.start_time_s.is_none_or(|t| start_s >= t)
            && self.end_time_s.is_none_or(|t| start_s <= t)
    }
}

/// The league lifecycle over any [`GameSource`].
#[derive(Debug, Clone)]
pub struct League<S = SimSource> {
    source: S,
    /// Lower-case platform, e.g. "euw1".
    platform: String,
    target_live: usize,
    finished_cap: usize,
    now_ms: i64,
    next_game_id: i64,
    live: Vec<SimGame>,
    busy: HashSet<String>,
    live_by_puuid: HashMap<String, i64>,
    finished: HashMap<String, SimGame>,
    finished_order: VecDeque<String>,
    games_ended: u64,
    /// The clock when the league was built: past games ended before it.
    started_ms: i64,
}

/// The first game id the league hands out.
pub const FIRST_GAME_ID: i64 = 7_000_000_001;

impl League<SimSource> {
    /// A simulated league on EUW1 with the default size, its clock at `start_ms`.
    pub fn new(seed: u64, start_ms: i64) -> Self {
        Self::simulated(
            SimConfig {
                seed,
                ..SimConfig::default()
            },
            start_ms,
        )
    }

    /// A simulated league from a full configuration.
    pub fn simulated(config: SimConfig, start_ms: i64) -> Self {
        let platform = config.platform.to_ascii_lowercase();
        let live = config.live_games;
        let cap = config.finished_cap;
        let source = SimSource::new(config);
        League::with_source(source, &platform, live, cap, start_ms)
    }

    /// Draw a game from the generator without adding it to the league (for the eval CLI: a
    /// stream of games with their truth). Uses players not currently in a live game.
    pub fn draw_game(&mut self, start_ms: i64) -> SimGame {
        let id = self.next_game_id;
        self.next_game_id += 1;
        self.source
            .next_game(start_ms, id, &self.busy)
            .expect("the simulated source always forms a game (roster > 10 × live games)")
    }
}

/// `n` games drawn from a fresh simulated league (`seed`, the modern queue mix when `modern`),
/// one every 20 s of league time from a fixed start: the stream the eval CLI's `sim:N[:seed]`
/// and the tests replay.
pub fn game_stream(n: usize, seed: u64, modern: bool) -> Vec<SimGame> {
    let t0 = 1_700_000_000_000_i64;
    let mut league = League::simulated(
        SimConfig {
            seed,
            modern_queues: modern,
            ..Default::default()
        },
        t0,
    );
    (0..n)
        .map(|i| league.draw_game(t0 + i as i64 * 20_000))
        .collect()
}

impl<S: GameSource> League<S> {
    /// A league over `source` with its clock at `start_ms`, filled with `target_live` games
    /// starting now.
    pub fn with_source(
        source: S,
        platform: &str,
        target_live: usize,
        finished_cap: usize,
        start_ms: i64,
    ) -> Self {
        let mut league = League {
            source,
            platform: platform.to_ascii_lowercase(),
            target_live,
            finished_cap: finished_cap.max(1),
            now_ms: start_ms,
            next_game_id: FIRST_GAME_ID,
            live: Vec::new(),
            busy: HashSet::new(),
            live_by_puuid: HashMap::new(),
            finished: HashMap::new(),
            finished_order: VecDeque::new(),
            games_ended: 0,
            started_ms: start_ms,
        };
        league.populate_staggered();
        league
    }

    /// Start the initial games at staggered times so that some end soon: the i-th game is
    /// `(n - i - 0.5) / n · 95 %` through its duration (the first, oldest, is the most advanced).
    fn populate_staggered(&mut self) {
        let now = self.now_ms;
        let n = self.target_live;
        for i in 0..n {
            let id = self.next_game_id;
            let Some(mut g) = self.source.next_game(now, id, &self.busy) else {
                break;
            };
            self.next_game_id += 1;
            let frac = (n - i) as f64 - 0.5;
            let frac = frac / n as f64 * 0.95;
            g.game.game_start_time = now - (frac * g.duration_s as f64 * 1000.0) as i64;
            self.add_live(g);
        }
    }

    /// The game source (for its truth or roster).
    pub fn source(&self) -> &S {
        &self.source
    }

    /// Lower-case platform of this league, e.g. "euw1".
    pub fn platform(&self) -> &str {
        &self.platform
    }

    /// The league clock's current time (the latest `advance_to`).
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    /// Games started plus games ended so far: changes whenever the set of live games does, so
    /// it tells callers when league-wide answers (featured games) may have changed.
    pub fn generation(&self) -> u64 {
        (self.next_game_id - FIRST_GAME_ID) as u64 + self.games_ended
    }

    /// Riot IDs that exist and are never in a game (see `SimConfig::idle_players`).
    pub fn idle(&self, count: usize) -> Vec<Account> {
        let mut v = self.source.idle_accounts();
        v.truncate(count);
        v
    }

    pub fn live_count(&self) -> usize {
        self.live.len()
    }

    pub fn finished_count(&self) -> usize {
        self.finished.len()
    }

    /// Live games, in start order.
    pub fn live_games(&self) -> impl Iterator<Item = &SimGame> {
        self.live.iter()
    }

    fn add_live(&mut self, g: SimGame) {
        for p in &g.game.participants {
            if let Some(puuid) = &p.puuid {
                self.live_by_puuid.insert(puuid.clone(), g.game.game_id);
            }
        }
        // Hidden players are busy too, but their lookup finds no game.
        self.busy.extend(g.players().map(str::to_string));
        let pos = self.live.partition_point(|x| x.start_ms() <= g.start_ms());
        self.live.insert(pos, g);
    }

    fn start_game(&mut self, start_ms: i64) -> bool {
        let id = self.next_game_id;
        match self.source.next_game(start_ms, id, &self.busy) {
            Some(g) => {
                self.next_game_id += 1;
                self.add_live(g);
                true
            }
            None => false,
        }
    }

    fn refill(&mut self, at_ms: i64) {
        while self.live.len() < self.target_live {
            if !self.start_game(at_ms) {
                break;
            }
        }
    }

    /// Run the league clock forward to `now_ms`: every game whose end is due ends (its match is
    /// kept, the oldest beyond the cap forgotten) and a new game starts at that instant.
    /// Times earlier than the current clock are ignored.
    pub fn advance_to(&mut self, now_ms: i64) {
        if now_ms <= self.now_ms {
            return;
        }
        while let Some((idx, end)) = self
            .live
            .iter()
            .enumerate()
            .map(|(i, g)| (i, g.end_ms()))
            .min_by_key(|&(i, e)| (e, i))
        {
            if end > now_ms {
                break;
            }
            let g = self.live.remove(idx);
            self.games_ended += 1;
            for puuid in g.players() {
                self.busy.remove(puuid);
                if self.live_by_puuid.get(puuid) == Some(&g.game.game_id) {
                    self.live_by_puuid.remove(puuid);
                }
            }
            let id = g.match_id();
            self.finished_order.push_back(id.clone());
            self.finished.insert(id, g);
            while self.finished_order.len() > self.finished_cap {
                if let Some(old) = self.finished_order.pop_front() {
                    self.finished.remove(&old);
                }
            }
            self.refill(end);
        }
        self.now_ms = now_ms;
        self.refill(now_ms);
    }

    fn on_platform(&self, platform: &str) -> bool {
        platform.eq_ignore_ascii_case(&self.platform)
    }

    /// spectator-v5 featured-games on `platform`: up to `count` live games spread over their
    /// progress (some just started, some about to end).
    pub fn featured(&self, platform: &str, count: usize) -> FeaturedGames {
        let mut game_list = Vec::new();
        if self.on_platform(platform) && !self.live.is_empty() && count > 0 {
            let n = self.live.len();
            let k = count.min(n);
            for i in 0..k {
                let g = &self.live[i * n / k];
                game_list.push(g.current(self.now_ms));
            }
        }
        FeaturedGames {
            game_list,
            client_refresh_interval: 300,
        }
    }

    /// spectator-v5 active game of `puuid` on `platform`.
    pub fn active_game(&self, platform: &str, puuid: &str) -> Option<CurrentGameInfo> {
        if !self.on_platform(platform) {
            return None;
        }
        let id = *self.live_by_puuid.get(puuid)?;
        self.live
            .iter()
            .find(|g| g.game.game_id == id)
            .map(|g| g.current(self.now_ms))
    }

    /// The live game with the truth, by game id.
    pub fn live_game(&self, game_id: i64) -> Option<&SimGame> {
        self.live.iter().find(|g| g.game.game_id == game_id)
    }

    /// A finished game with its truth, by match id (`EUW1_7000000001`).
    pub fn finished_game(&self, match_id: &str) -> Option<&SimGame> {
        self.finished.get(match_id)
    }

    /// match-v5: the finished match, `None` before it ended (Riot: 404) or once forgotten.
    /// Past games (every player's history before the clock started) are always there.
    pub fn match_by_id(&self, match_id: &str) -> Option<Match> {
        if let Some(g) = self.finished.get(match_id) {
            return Some(g.to_match());
        }
        self.past_game_by_id(match_id).map(|g| g.to_match())
    }

    /// A past game by match id (`EUW1_6000000001`...).
    pub fn past_game_by_id(&self, match_id: &str) -> Option<SimGame> {
        let (plat, id) = match_id.split_once('_')?;
        if !plat.eq_ignore_ascii_case(&self.platform) || plat != plat.to_ascii_uppercase() {
            return None;
        }
        let index = id.parse::<i64>().ok()?.checked_sub(PAST_FIRST_GAME_ID)?;
        let index = usize::try_from(index).ok()?;
        if index >= self.source.past_game_count() {
            return None;
        }
        self.source.past_game(index, self.started_ms)
    }

    /// match-v5 match ids by puuid: the player's finished matches, most recent first (games
    /// finished since the clock started, then the past games), filtered and paged as Riot
    /// does. `None` when the platform is not this league's or nobody has this puuid.
    pub fn match_ids(&self, platform: &str, puuid: &str, q: &HistoryQuery) -> Option<Vec<String>> {
        if !self.on_platform(platform) || self.source.league_entries(puuid).is_none() {
            return None;
        }
        let mut recent: Vec<&SimGame> = self
            .finished
            .values()
            .filter(|g| g.players().any(|p| p == puuid))
            .collect();
        recent.sort_by_key(|g| std::cmp::Reverse((g.end_ms(), g.game.game_id)));
        let past = self.source.past_games_of(puuid);
        let mut out = Vec::new();
        if q.count == 0 {
            return Some(out);
        }
        let mut seen = 0;
        let mut take = |id: String, start_ms: i64, queue: i64, out: &mut Vec<String>| {
            if q.admits(start_ms, queue) {
                if seen >= q.start {
                    out.push(id);
                }
                seen += 1;
            }
            out.len() < q.count
        };
        for g in recent {
            let queue = g.game.game_queue_config_id.unwrap_or(0);
            if !take(g.match_id(), g.start_ms(), queue, &mut out) {
                return Some(out);
            }
        }
        let prefix = self.platform.to_ascii_uppercase();
        for &j in past.iter().rev() {
            let Some((start_ms, queue)) = self.source.past_game_summary(j, self.started_ms) else {
                continue;
            };
            let id = format!("{prefix}_{}", PAST_FIRST_GAME_ID + j as i64);
            if !take(id, start_ms, queue, &mut out) {
                break;
            }
        }
        Some(out)
    }

    pub fn account_by_riot_id(&self, game_name: &str, tag_line: &str) -> Option<Account> {
        self.source.account_by_riot_id(game_name, tag_line)
    }

    pub fn league_entries(&self, platform: &str, puuid: &str) -> Option<Vec<LeagueEntry>> {
        if !self.on_platform(platform) {
            return None;
        }
        self.source.league_entries(puuid)
    }

    pub fn mastery(
        &self,
        platform: &str,
        puuid: &str,
        champion_id: i64,
    ) -> Option<ChampionMastery> {
        if !self.on_platform(platform) {
            return None;
        }
        self.source.mastery(puuid, champion_id)
    }

    pub fn mastery_score(&self, platform: &str, puuid: &str) -> Option<i64> {
        if !self.on_platform(platform) {
            return None;
        }
        self.source.mastery_score(puuid)
    }

    /// A few Riot IDs in a live game right now, from the most recently started games (so a
    /// visitor sees most of the game), one per game.
    pub fn suggestions(&self, count: usize) -> Vec<Account> {
        self.live
            .iter()
            .rev()
            .filter_map(|g| {
                let p = g.game.participants.iter().find(|p| p.puuid.is_some())?;
                let (name, tag) = p.riot_id.split_once('#')?;
                Some(Account {
                    puuid: p.puuid.clone()?,
                    game_name: name.to_string(),
                    tag_line: tag.to_string(),
                })
            })
            .take(count)
            .collect()
    }
}

/// Both [`SimGame`] extras maps are keyed by puuid; helper for sources.
pub(crate) fn extras_for(
    entries: impl IntoIterator<Item = (String, Vec<LeagueEntry>, Option<ChampionMastery>)>,
) -> GameExtras {
    let mut extras = GameExtras::default();
    for (puuid, ranks, mastery) in entries {
        extras.ranks.insert(puuid.clone(), ranks);
        if let Some(m) = mastery {
            extras.masteries.insert(puuid, m);
        }
    }
    extras
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_700_000_000_000;

    #[test]
    fn same_seed_same_league_whatever_the_step() {
        let mut a = League::new(3, T0);
        let mut b = League::new(3, T0);
        // a jumps one hour in one step, b walks there in 7-second steps.
        a.advance_to(T0 + 3_600_000);
        let mut t = T0;
        while t < T0 + 3_600_000 {
            t += 7_000;
            b.advance_to(t.min(T0 + 3_600_000));
        }
        let ids = |l: &League| {
            l.live_games()
                .map(|g| (g.game.game_id, g.duration_s))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(a.finished_count(), b.finished_count());
        assert!(a.finished_count() > 30, "an hour ends many games");
        let c = League::new(4, T0);
        assert_ne!(ids(&c), ids(&League::new(3, T0)));
    }

    #[test]
    fn lifecycle_game_ends_then_match_appears_and_a_new_game_starts() {
        let mut l = League::new(11, T0);
        assert_eq!(l.live_count(), 30);
        // Staggered: the first game ends within its last 5 % + a bit, i.e. soon.
        let first_end = l.live_games().map(SimGame::end_ms).min().unwrap();
        assert!(
            first_end - T0 < 5 * 60_000,
            "a game ends within 5 league minutes"
        );
        let g = l.live_games().min_by_key(|g| g.end_ms()).unwrap().clone();
        let puuid = g.players().next().unwrap().to_string();
        assert_eq!(
            l.active_game("euw1", &puuid).unwrap().game_id,
            g.game.game_id
        );
        assert!(l.active_game("na1", &puuid).is_none());
        l.advance_to(g.end_ms() - 1);
        assert!(l.match_by_id(&g.match_id()).is_none(), "404 before the end");
        let cur = l.active_game("euw1", &puuid).unwrap();
        assert_eq!(cur.game_length, g.duration_s - 1);
        l.advance_to(g.end_ms());
        let m = l.match_by_id(&g.match_id()).expect("match after the end");
        assert_eq!(m.info.game_duration, g.duration_s);
        assert_eq!(m.info.game_id, g.game.game_id);
        assert_eq!(m.metadata.participants.len(), 10);
        assert_eq!(l.live_count(), 30, "a new game replaced it");
        assert!(l.live_games().any(|x| x.start_ms() == g.end_ms()));
        let truth = l.finished_game(&g.match_id()).unwrap();
        assert!((truth.expected_s + truth.noise_s - truth.duration_s as f64).abs() < 1e-9);
    }

    #[test]
    fn players_are_in_at_most_one_live_game_and_riot_ids_resolve() {
        let mut l = League::new(5, T0);
        l.advance_to(T0 + 2 * 3_600_000);
        let mut seen = HashSet::new();
        for g in l.live_games() {
            assert_eq!(g.game.participants.len(), 10);
            let champs: HashSet<_> = g.game.participants.iter().map(|p| p.champion_id).collect();
            assert_eq!(champs.len(), 10, "distinct champions");
            for b in &g.game.banned_champions {
                assert!(b.champion_id == -1 || !champs.contains(&b.champion_id));
            }
            for puuid in g.players() {
                assert!(seen.insert(puuid.to_string()), "player in two games");
            }
            for p in &g.game.participants {
                let Some(puuid) = &p.puuid else {
                    assert_eq!(p.riot_id, "", "a hidden player has no Riot ID either");
                    continue;
                };
                let (n, t) = p.riot_id.split_once('#').unwrap();
                let acc = l.account_by_riot_id(&n.to_uppercase(), t).unwrap();
                assert_eq!(&acc.puuid, puuid);
                assert_eq!(acc.puuid.len(), 78);
            }
        }
        let accounts: Vec<_> = l.source().accounts().collect();
        let keys: HashSet<_> = accounts
            .iter()
            .map(|a| {
                format!(
                    "{}#{}",
                    a.game_name.to_lowercase(),
                    a.tag_line.to_lowercase()
                )
            })
            .collect();
        assert_eq!(keys.len(), accounts.len(), "unique Riot IDs");
    }

    #[test]
    fn streamer_mode_players_are_hidden_live_and_named_after() {
        let mut l = League::new(8, T0);
        let roster: Vec<_> = l.source().accounts().collect();
        let (mut games, mut with_hidden, mut hidden_seen) = (0, 0, 0);
        let mut t = T0;
        while hidden_seen < 20 {
            t += 600_000;
            l.advance_to(t);
            for g in l.live_games().filter(|g| g.start_ms() > t - 600_000) {
                games += 1;
                with_hidden += usize::from(!g.hidden.is_empty());
                for h in &g.hidden {
                    hidden_seen += 1;
                    let p = &g.game.participants[h.slot];
                    assert_eq!((p.puuid.as_deref(), p.riot_id.as_str()), (None, ""));
                    // Their own lookup: the account exists, the live game is not found.
                    let (n, tag) = h.riot_id.split_once('#').unwrap();
                    assert_eq!(l.account_by_riot_id(n, tag).unwrap().puuid, h.puuid);
                    assert!(l.active_game("euw1", &h.puuid).is_none());
                    assert!(!g.extras.ranks.contains_key(&h.puuid));
                    assert!(!g.extras.masteries.contains_key(&h.puuid));
                }
            }
        }
        // About 1 − 0.97^10 ≈ 26 % of games hold a hidden player.
        let share = with_hidden as f64 / games as f64;
        assert!(
            (0.1..0.45).contains(&share),
            "{with_hidden} of {games} games"
        );
        // After the game, match-v5 names every player.
        let g = l
            .live_games()
            .find(|g| !g.hidden.is_empty())
            .unwrap()
            .clone();
        l.advance_to(g.end_ms());
        let m = l.match_by_id(&g.match_id()).unwrap();
        for h in &g.hidden {
            let p = &m.info.participants[h.slot];
            assert_eq!(p.puuid, h.puuid);
            assert_eq!(
                format!("{}#{}", p.riot_id_game_name, p.riot_id_tagline),
                h.riot_id
            );
            assert_eq!(m.metadata.participants[h.slot], h.puuid);
        }
        let streamers = roster.len() as f64 * STREAMER_SHARE;
        assert!(streamers > 20.0, "the default roster has streamers");
    }

    #[test]
    fn durations_follow_the_calibration() {
        let mut l = League::new(9, T0);
        let (mut ranked, mut aram, mut remakes, mut n) = (Vec::new(), Vec::new(), 0, 0);
        for i in 0..6000 {
            let g = l.draw_game(T0 + i);
            n += 1;
            remakes += g.remake as usize;
            if g.remake {
                continue;
            }
            match g.game.game_queue_config_id {
                Some(420) => ranked.push(g.duration_s as f64),
                Some(450) => aram.push(g.duration_s as f64),
                _ => {}
            }
        }
        let mean = |v: &Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
        let r = mean(&ranked);
        assert!(
            (r - calibration::DURATION_MEAN_S).abs() < 60.0,
            "ranked mean {r}"
        );
        let a = mean(&aram);
        assert!((a / r - 0.62).abs() < 0.05, "ARAM ratio {}", a / r);
        let rate = remakes as f64 / n as f64;
        assert!(rate > 0.008 && rate < 0.035, "remake rate {rate}");
        let mut sorted = ranked.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        assert!(
            (median - calibration::DURATION_QUANTILES_S[50]).abs() < 80.0,
            "median {median}"
        );
    }

    #[test]
    fn the_signal_is_real_but_noisy() {
        // Expected durations vary between games (a learnable signal) by much less than the noise.
        let mut l = League::new(1, T0);
        let games: Vec<_> = (0..3000)
            .map(|i| l.draw_game(T0 + i))
            .filter(|g| g.game.game_queue_config_id == Some(420) && !g.remake)
            .collect();
        let sd = |v: Vec<f64>| {
            let m = v.iter().sum::<f64>() / v.len() as f64;
            (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
        };
        let signal = sd(games.iter().map(|g| g.expected_s).collect());
        let noise = sd(games.iter().map(|g| g.noise_s).collect());
        assert!(signal > 40.0 && signal < 300.0, "signal sd {signal}");
        assert!(noise > 300.0 && noise < 600.0, "noise sd {noise}");
        // Champion effects are the calibrated ones.
        let src = l.source();
        assert_eq!(src.champion_effect(17), 86.10);
        assert_eq!(src.champion_effect(999_999), 0.0);
    }

    #[test]
    fn every_player_has_a_deterministic_match_history_served_as_riot_does() {
        let mut a = League::new(12, T0);
        let b = League::new(12, T0);
        let players: Vec<_> = a.source().accounts().take(12).collect();
        let q = HistoryQuery::default();
        let mut lengths = Vec::new();
        for p in &players {
            let ids = a.match_ids("euw1", &p.puuid, &q).unwrap();
            assert_eq!(ids, b.match_ids("euw1", &p.puuid, &q).unwrap(), "same seed");
            lengths.push(ids.len());
            for id in ids.iter().take(1) {
                let m = a.match_by_id(id).expect("a listed match is served");
                assert_eq!(Some(m.clone()), b.match_by_id(id), "same match");
                assert!(m.metadata.participants.contains(&p.puuid));
                assert!(
                    m.info.game_end_timestamp < T0,
                    "played before the clock started"
                );
                // Every player of that match lists it, as Riot does.
                for other in &m.metadata.participants {
                    let all = HistoryQuery {
                        count: 100,
                        ..HistoryQuery::default()
                    };
                    assert!(a.match_ids("euw1", other, &all).unwrap().contains(id));
                }
            }
            // Most recent first: ids (growing with time) descend.
            assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
        }
        // Riot's default count; some players have played fewer.
        assert!(
            lengths.iter().filter(|&&n| n == 20).count() > 8,
            "{lengths:?}"
        );
        // Another seed, another history.
        let c = League::new(13, T0);
        let other = c.source().accounts().next().unwrap();
        assert_ne!(
            a.match_ids("euw1", &players[0].puuid, &q),
            c.match_ids("euw1", &other.puuid, &q)
        );
        // Filters and paging.
        let p = &players[0].puuid;
        let all = a
            .match_ids(
                "euw1",
                p,
                &HistoryQuery {
                    count: 100,
                    ..q.clone()
                },
            )
            .unwrap();
        let page = a
            .match_ids(
                "euw1",
                p,
                &HistoryQuery {
                    start: 5,
                    count: 3,
                    ..q.clone()
                },
            )
            .unwrap();
        assert_eq!(page, all[5..8].to_vec());
        let aram = a
            .match_ids(
                "euw1",
                p,
                &HistoryQuery {
                    count: 100,
                    queue: Some(450),
                    ..q.clone()
                },
            )
            .unwrap();
        assert!(aram
            .iter()
            .all(|id| a.match_by_id(id).unwrap().info.queue_id == 450));
        let ranked = a
            .match_ids(
                "euw1",
                p,
                &HistoryQuery {
                    count: 100,
                    kind: Some("ranked".into()),
                    ..q.clone()
                },
            )
            .unwrap();
        assert_eq!(
            ranked.len()
                + aram.len()
                + all
                    .iter()
                    .filter(|id| a.match_by_id(id).unwrap().info.queue_id == 400)
                    .count(),
            all.len()
        );
        assert_eq!(
            a.match_ids(
                "euw1",
                p,
                &HistoryQuery {
                    count: 0,
                    ..q.clone()
                }
            )
            .unwrap()
            .len(),
            0
        );
        assert!(a.match_ids("na1", p, &q).is_none());
        assert!(a.match_ids("euw1", "nobody", &q).is_none());
        // Games finished since the clock started come first.
        let g = a.live_games().min_by_key(|g| g.end_ms()).unwrap().clone();
        let who = g
            .game
            .participants
            .iter()
            .find_map(|x| x.puuid.clone())
            .unwrap();
        a.advance_to(g.end_ms());
        assert_eq!(a.match_ids("euw1", &who, &q).unwrap()[0], g.match_id());
        // Ids that are not past games are not served.
        assert!(a.match_by_id("EUW1_6000000000").is_none());
        assert!(a.match_by_id("NA1_6000000001").is_none());
        assert!(a.match_by_id("EUW1_6000000001").is_some());
    }

    #[test]
    fn finished_matches_are_bounded() {
        let cfg = SimConfig {
            seed: 2,
            live_games: 10,
            roster: 200,
            finished_cap: 25,
            ..SimConfig::default()
        };
        let mut l = League::simulated(cfg, T0);
        l.advance_to(T0 + 10 * 3_600_000);
        assert_eq!(l.finished_count(), 25);
        assert_eq!(l.live_count(), 10);
    }
}
