//! Simulated and replay modes: the [`League`] behind a mutex, on a clock that runs `time_scale`
//! times faster than real time.
//!
//! Answers are built under the league lock but serialized outside it, and every successful
//! answer is cached for the current league-clock second and league generation (the set of live
//! games): within one clock second every request for the same path gets the same bytes without
//! touching the league (featured-games was rebuilt and serialized under the lock per request).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::http::StatusCode;

use super::error::ApiError;
use super::routes::{region_of, Endpoint};
use rivulet_lol::riot::{
    Account, ChampionMastery, CurrentGameInfo, FeaturedGames, LeagueEntry, Match,
};
use rivulet_lol::sim::{GameSource, HistoryQuery, League};

/// Most distinct paths cached per clock second (beyond it, answers are built uncached).
const TICK_CACHE_CAP: usize = 10_000;

/// One answer, built under the league lock, serialized after it is released.
#[derive(serde::Serialize)]
#[serde(untagged)]
pub enum Answer {
    Account(Account),
    Game(Box<CurrentGameInfo>),
    Featured(FeaturedGames),
    Mastery(ChampionMastery),
    Score(i64),
    Entries(Vec<LeagueEntry>),
    Match(Box<Match>),
    Ids(Vec<String>),
}

/// How many featured games a platform lists.
pub const FEATURED_COUNT: usize = 5;

/// The league operations the HTTP layer needs, whatever the game source.
pub trait LeagueApi: Send {
    fn advance_to(&mut self, now_ms: i64);
    fn answer(&self, ep: &Endpoint) -> Result<Answer, ApiError>;
    fn suggestions(&self, count: usize) -> Vec<Account>;
    fn idle(&self, count: usize) -> Vec<Account>;
    fn platform(&self) -> String;
    /// Changes whenever the set of live games does.
    fn generation(&self) -> u64;
}

fn json<T: serde::Serialize>(v: &T) -> Result<Bytes, ApiError> {
    serde_json::to_vec(v).map(Bytes::from).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("Internal error - {e}"),
        )
    })
}

fn nf(what: &str) -> ApiError {
    ApiError::not_found(format!("Data not found - {what}"))
}

impl<S: GameSource + Send> LeagueApi for League<S> {
    fn advance_to(&mut self, now_ms: i64) {
        League::advance_to(self, now_ms)
    }

    fn answer(&self, ep: &Endpoint) -> Result<Answer, ApiError> {
        Ok(match ep {
            Endpoint::Account {
                game_name,
                tag_line,
                ..
            } => Answer::Account(
                self.account_by_riot_id(game_name, tag_line)
                    .ok_or_else(|| nf("No results found for player with riot id"))?,
            ),
            Endpoint::ActiveGame { platform, puuid } => Answer::Game(Box::new(
                self.active_game(platform, puuid)
                    .ok_or_else(|| nf("spectator game info isn't found"))?,
            )),
            Endpoint::FeaturedGames { platform } => {
                Answer::Featured(self.featured(platform, FEATURED_COUNT))
            }
            Endpoint::MasteryByChampion {
                platform,
                puuid,
                champion_id,
            } => Answer::Mastery(
                self.mastery(platform, puuid, *champion_id)
                    .ok_or_else(|| nf("no champion mastery for this player and champion"))?,
            ),
            Endpoint::MasteryScore { platform, puuid } => Answer::Score(
                self.mastery_score(platform, puuid)
                    .ok_or_else(|| nf("player not found"))?,
            ),
            Endpoint::LeagueEntries { platform, puuid } => Answer::Entries(
                self.league_entries(platform, puuid)
                    .ok_or_else(|| nf("player not found"))?,
            ),
            Endpoint::Match { region, match_id } => {
                let here = region_of(League::platform(self));
                if here != Some(*region) {
                    return Err(nf("match file not found"));
                }
                Answer::Match(Box::new(
                    self.match_by_id(match_id)
                        .ok_or_else(|| nf("match file not found"))?,
                ))
            }
            Endpoint::MatchIds {
                region,
                puuid,
                query,
            } => {
                let platform = League::platform(self).to_string();
                if region_of(&platform) != Some(*region) {
                    return Ok(Answer::Ids(Vec::new()));
                }
                let q = HistoryQuery {
                    start: query.start as usize,
                    count: query.count as usize,
                    queue: query.queue.map(i64::from),
                    kind: query.kind.map(str::to_string),
                    start_time_s: query.start_time,
                    end_time_s: query.end_time,
                };
                // Riot answers an empty list for a player with no matches in this region.
                Answer::Ids(self.match_ids(&platform, puuid, &q).unwrap_or_default())
            }
        })
    }

    fn suggestions(&self, count: usize) -> Vec<Account> {
        League::suggestions(self, count)
    }

    fn idle(&self, count: usize) -> Vec<Account> {
        League::idle(self, count)
    }

    fn platform(&self) -> String {
        League::platform(self).to_string()
    }

    fn generation(&self) -> u64 {
        League::generation(self)
    }
}

/// Answers of one league-clock second and generation.
#[derive(Default)]
struct TickCache {
    sec: i64,
    generation: u64,
    bodies: HashMap<Endpoint, Bytes>,
}

/// A league and its clock.
pub struct LeagueBackend {
    league: Mutex<Box<dyn LeagueApi>>,
    /// The league's generation as of the latest advance.
    generation: AtomicU64,
    cache: RwLock<TickCache>,
    started: Instant,
    start_ms: i64,
    pub time_scale: f64,
    pub label: String,
}

/// Wall-clock epoch milliseconds now.
pub fn epoch_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl LeagueBackend {
    /// `start_ms` must be the league clock's value at which `league` was built.
    pub fn new(league: Box<dyn LeagueApi>, start_ms: i64, time_scale: f64, label: String) -> Self {
        LeagueBackend {
            generation: AtomicU64::new(league.generation()),
            league: Mutex::new(league),
            cache: RwLock::new(TickCache::default()),
            started: Instant::now(),
            start_ms,
            time_scale,
            label,
        }
    }

    /// The league clock now (epoch ms, `time_scale` × faster than real time since start).
    pub fn now_ms(&self) -> i64 {
        let real = self.started.elapsed().as_secs_f64() * 1000.0;
        self.start_ms + (real * self.time_scale) as i64
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Box<dyn LeagueApi>> {
        // A panic while holding the lock cannot leave the league half-updated in a way that
        // matters more than refusing service forever: recover the guard.
        self.league.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The league locked and advanced to the clock's `now`.
    fn advanced(&self, now: i64) -> std::sync::MutexGuard<'_, Box<dyn LeagueApi>> {
        let mut league = self.lock();
        league.advance_to(now);
        self.generation
            .store(league.generation(), Ordering::Release);
        league
    }

    /// The JSON body for `ep` now: from this clock second's cache, else built (under the lock)
    /// and serialized (outside it). Errors are not cached.
    pub fn answer(&self, ep: &Endpoint) -> Result<Bytes, ApiError> {
        let now = self.now_ms();
        let sec = now.div_euclid(1000);
        {
            let generation = self.generation.load(Ordering::Acquire);
            let cache = self.cache.read().unwrap_or_else(|p| p.into_inner());
            if cache.sec == sec && cache.generation == generation {
                if let Some(body) = cache.bodies.get(ep) {
                    return Ok(body.clone());
                }
            }
        }
        let (answer, generation) = {
            let league = self.advanced(now);
            (league.answer(ep)?, league.generation())
        };
        let body = json(&answer)?;
        let mut cache = self.cache.write().unwrap_or_else(|p| p.into_inner());
        if (sec, generation) > (cache.sec, cache.generation) {
            *cache = TickCache {
                sec,
                generation,
                bodies: HashMap::new(),
            };
        }
        if cache.sec == sec && cache.generation == generation && cache.bodies.len() < TICK_CACHE_CAP
        {
            cache.bodies.insert(ep.clone(), body.clone());
        }
        Ok(body)
    }

    /// Riot IDs in a live game now, and Riot IDs that exist but are never in a game.
    pub fn suggestions(&self, count: usize) -> (Vec<Account>, Vec<Account>) {
        let league = self.advanced(self.now_ms());
        (league.suggestions(count), league.idle(count))
    }

    pub fn platform(&self) -> String {
        self.lock().platform()
    }
}
