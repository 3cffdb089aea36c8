//! Backfill from match history: when a page looks a Riot ID up, the proxy fetches that player's
//! recent finished matches (match-v5 ids by puuid, then each match not in the log yet) in the
//! background, so the community model learns from them (docs/community.md).
//!
//! One job per player, one request at a time, at bulk priority: in live mode every request goes
//! through [`super::live::Live::get_bulk`], which waits while a page's request is in flight and
//! keeps a reserve of every rate-limit window for pages; in the simulated and replay leagues
//! requests are spaced. A match is logged through the same path as a page's answer
//! ([`super::community::Community::observe`]), so the log's match-id dedupe applies. Jobs are
//! only ever started by an account-v1 answer: nothing a client sends names what is fetched.
//!
//! Progress is served at `GET /api/community/backfill?puuid=P` for the page to show.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;

use super::error::ApiError;
use super::routes::valid_puuid;

/// Jobs waiting at most; further lookups start none until the queue drains.
pub const QUEUE_CAP: usize = 100;
/// Jobs remembered (finished ones are forgotten oldest first beyond it).
const JOBS_CAP: usize = 10_000;
/// A player backfilled this recently is not backfilled again.
pub const REPEAT_AFTER: Duration = Duration::from_secs(3600);

/// A job's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Queued,
    Running,
    Done,
    Failed,
}

/// One player's backfill, as the page sees it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub puuid: String,
    pub region: &'static str,
    pub state: JobState,
    /// Matches in the player's recent history (at most the configured N; 0 until known).
    pub total: usize,
    /// Matches handled: already in the log, fetched and logged, or gone.
    pub done: usize,
    /// Matches this job added to the log.
    pub logged: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip)]
    touched: Instant,
}

#[derive(Default)]
struct Jobs {
    by_puuid: HashMap<String, Job>,
    queue: VecDeque<String>,
}

/// The backfill queue and its jobs' progress.
pub struct Backfill {
    /// Matches fetched per player (the newest N).
    pub matches: usize,
    /// League modes: the pause before each request.
    pub spacing: Duration,
    jobs: Mutex<Jobs>,
    wake: tokio::sync::Notify,
}

impl Backfill {
    pub fn new(matches: usize, spacing: Duration) -> Self {
        Backfill {
            matches,
            spacing,
            jobs: Mutex::new(Jobs::default()),
            wake: tokio::sync::Notify::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Jobs> {
        self.jobs.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queue a job for `puuid` unless one is queued, running or finished within
    /// [`REPEAT_AFTER`], or the queue is full. Returns whether one was queued.
    pub fn request(&self, puuid: &str, region: &'static str) -> bool {
        let mut jobs = self.lock();
        if let Some(j) = jobs.by_puuid.get(puuid) {
            let recent = j.touched.elapsed() < REPEAT_AFTER;
            if matches!(j.state, JobState::Queued | JobState::Running) || recent {
                return false;
            }
        }
        if jobs.queue.len() >= QUEUE_CAP {
            tracing::info!("backfill queue full: a looked-up player is not backfilled");
            return false;
        }
        if jobs.by_puuid.len() >= JOBS_CAP {
            let oldest = jobs
                .by_puuid
                .values()
                .filter(|j| matches!(j.state, JobState::Done | JobState::Failed))
                .min_by_key(|j| j.touched)
                .map(|j| j.puuid.clone());
            if let Some(p) = oldest {
                jobs.by_puuid.remove(&p);
            }
        }
        jobs.by_puuid.insert(
            puuid.to_string(),
            Job {
                puuid: puuid.to_string(),
                region,
                state: JobState::Queued,
                total: 0,
                done: 0,
                logged: 0,
                error: None,
                touched: Instant::now(),
            },
        );
        jobs.queue.push_back(puuid.to_string());
        drop(jobs);
        self.wake.notify_one();
        true
    }

    /// The next queued job (marked running), waiting for one.
    pub async fn next(&self) -> (String, &'static str) {
        loop {
            let notified = self.wake.notified();
            {
                let mut jobs = self.lock();
                while let Some(p) = jobs.queue.pop_front() {
                    if let Some(j) = jobs.by_puuid.get_mut(&p) {
                        j.state = JobState::Running;
                        j.touched = Instant::now();
                        return (p, j.region);
                    }
                }
            }
            notified.await;
        }
    }

    /// Updates a job.
    pub fn update(&self, puuid: &str, f: impl FnOnce(&mut Job)) {
        if let Some(j) = self.lock().by_puuid.get_mut(puuid) {
            f(j);
            j.touched = Instant::now();
        }
    }

    /// A job's progress and how many jobs are queued before it.
    pub fn status(&self, puuid: &str) -> Option<(Job, usize)> {
        let jobs = self.lock();
        let job = jobs.by_puuid.get(puuid)?.clone();
        let ahead = jobs
            .queue
            .iter()
            .position(|p| p == puuid)
            .unwrap_or_default();
        Some((job, ahead))
    }
}

#[derive(serde::Deserialize)]
struct StatusQuery {
    puuid: String,
}

type Shared = Option<Arc<Backfill>>;

/// `GET /api/community/backfill?puuid=P`: that player's backfill (`state`, `total`, `done`,
/// `logged`, `ahead`: jobs queued before it), 404 when there is none.
async fn status_handler(
    State(b): State<Shared>,
    q: Result<Query<StatusQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(b) = b else {
        return ApiError::not_found("Data not found - this proxy runs without backfill")
            .into_response();
    };
    let Ok(Query(q)) = q else {
        return ApiError::bad_request("Bad request - puuid=PUUID is required").into_response();
    };
    if !valid_puuid(&q.puuid) {
        return ApiError::bad_request("Bad request - puuid must be 78 characters of [A-Za-z0-9_-]")
            .into_response();
    }
    let Some((job, ahead)) = b.status(&q.puuid) else {
        return ApiError::not_found("Data not found - no backfill for this player").into_response();
    };
    let mut v = serde_json::to_value(&job).unwrap_or_default();
    v["ahead"] = ahead.into();
    v["matches"] = b.matches.into();
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        v.to_string(),
    )
        .into_response()
}

/// `/api/community/backfill` (404 when backfill is off).
pub fn router(backfill: Shared) -> Router {
    Router::new()
        .route("/api/community/backfill", get(status_handler))
        .with_state(backfill)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_player_is_queued_once_and_jobs_run_in_order() {
        let b = Backfill::new(20, Duration::ZERO);
        assert!(b.request("a", "europe"));
        assert!(!b.request("a", "europe"), "already queued");
        assert!(b.request("b", "asia"));
        assert_eq!(b.status("b").unwrap().1, 1, "one job ahead");
        assert_eq!(b.next().await, ("a".to_string(), "europe"));
        assert_eq!(b.status("a").unwrap().0.state, JobState::Running);
        b.update("a", |j| j.state = JobState::Done);
        assert!(!b.request("a", "europe"), "backfilled within the hour");
        assert_eq!(b.next().await, ("b".to_string(), "asia"));
        assert!(b.status("c").is_none());
        for i in 0..QUEUE_CAP {
            assert!(b.request(&format!("q{i}"), "europe"));
        }
        assert!(!b.request("late", "europe"), "queue full");
    }
}
