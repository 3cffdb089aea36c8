//! Simulated and replay modes: the [`League`] behind a mutex, on a clock that runs `time_scale`
//! times faster than real time.

use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;

use super::error::ApiError;
use super::routes::{region_of, Endpoint};
use crate::lol::riot::Account;
use crate::lol::sim::{GameSource, League};

/// How many featured games a platform lists.
pub const FEATURED_COUNT: usize = 5;

/// The league operations the HTTP layer needs, whatever the game source.
pub trait LeagueApi: Send {
    fn advance_to(&mut self, now_ms: i64);
    fn answer(&self, ep: &Endpoint) -> Result<Vec<u8>, ApiError>;
    fn suggestions(&self, count: usize) -> Vec<Account>;
    fn platform(&self) -> String;
}

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(v).map_err(|e| {
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

    fn answer(&self, ep: &Endpoint) -> Result<Vec<u8>, ApiError> {
        match ep {
            Endpoint::Account {
                game_name,
                tag_line,
                ..
            } => json(
                &self
                    .account_by_riot_id(game_name, tag_line)
                    .ok_or_else(|| nf("No results found for player with riot id"))?,
            ),
            Endpoint::ActiveGame { platform, puuid } => json(
                &self
                    .active_game(platform, puuid)
                    .ok_or_else(|| nf("spectator game info isn't found"))?,
            ),
            Endpoint::FeaturedGames { platform } => json(&self.featured(platform, FEATURED_COUNT)),
            Endpoint::MasteryByChampion {
                platform,
                puuid,
                champion_id,
            } => json(
                &self
                    .mastery(platform, puuid, *champion_id)
                    .ok_or_else(|| nf("no champion mastery for this player and champion"))?,
            ),
            Endpoint::MasteryScore { platform, puuid } => json(
                &self
                    .mastery_score(platform, puuid)
                    .ok_or_else(|| nf("player not found"))?,
            ),
            Endpoint::LeagueEntries { platform, puuid } => json(
                &self
                    .league_entries(platform, puuid)
                    .ok_or_else(|| nf("player not found"))?,
            ),
            Endpoint::Match { region, match_id } => {
                let here = region_of(League::platform(self));
                if here != Some(*region) {
                    return Err(nf("match file not found"));
                }
                json(
                    &self
                        .match_by_id(match_id)
                        .ok_or_else(|| nf("match file not found"))?,
                )
            }
        }
    }

    fn suggestions(&self, count: usize) -> Vec<Account> {
        League::suggestions(self, count)
    }

    fn platform(&self) -> String {
        League::platform(self).to_string()
    }
}

/// A league and its clock.
pub struct LeagueBackend {
    league: Mutex<Box<dyn LeagueApi>>,
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
            league: Mutex::new(league),
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

    pub fn answer(&self, ep: &Endpoint) -> Result<Vec<u8>, ApiError> {
        let now = self.now_ms();
        let mut league = self.lock();
        league.advance_to(now);
        league.answer(ep)
    }

    pub fn suggestions(&self, count: usize) -> Vec<Account> {
        let now = self.now_ms();
        let mut league = self.lock();
        league.advance_to(now);
        league.suggestions(count)
    }

    pub fn platform(&self) -> String {
        self.lock().platform()
    }
}
