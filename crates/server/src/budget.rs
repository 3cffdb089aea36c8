//! A mirror of the rate-limit windows Riot announces, kept beside riven's limiter so the proxy
//! can tell how long until a request could start: riven enforces the limits (it reads the same
//! headers), but its buckets are private, and a request refused for longer than the queue wait
//! must be answered at once with the `Retry-After` of the window that actually limits it.
//!
//! Riot sends `X-App-Rate-Limit: 20:1,100:120` (20 per second and 100 per 2 minutes) with
//! `X-App-Rate-Limit-Count: 3:1,41:120`, and the same pair as `X-Method-Rate-Limit*` for the
//! called method. Each window here keeps the start times of the requests it counted; when Riot's
//! count is higher than ours (another process using the key), the difference is counted as
//! sent now. A window frees a slot `span + overhead` after its oldest counted request, riven's
//! own rule (`RiotApiConfig::PRECONFIG_BURST_DURATION_OVERHEAD`, the overhead riven runs with).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;

/// Longest window and largest limit believed from a header (Riot's are at most hours and
/// tens of thousands); beyond, the header is ignored as malformed.
const MAX_SPAN_SECS: u64 = 86_400;
const MAX_LIMIT: usize = 1_000_000;

#[derive(Debug)]
struct Window {
    limit: usize,
    span: Duration,
    /// Start times, oldest first.
    sent: VecDeque<Instant>,
}

impl Window {
    fn prune(&mut self, now: Instant, overhead: Duration) {
        while self
            .sent
            .front()
            .is_some_and(|&t| now.duration_since(t) >= self.span + overhead)
        {
            self.sent.pop_front();
        }
    }

    /// How long until this window has a free slot, with `divisor` replicas sharing its limit.
    fn wait(&mut self, now: Instant, overhead: Duration, divisor: usize) -> Duration {
        let limit = (self.limit / divisor.max(1)).max(1);
        self.wait_below(limit, now, overhead)
    }

    /// How long until fewer than `limit` (at most the window's) requests are counted.
    fn wait_below(&mut self, limit: usize, now: Instant, overhead: Duration) -> Duration {
        self.prune(now, overhead);
        let limit = limit.clamp(1, self.limit.max(1));
        if self.sent.len() < limit {
            return Duration::ZERO;
        }
        let oldest_counted = self.sent[self.sent.len() - limit];
        (oldest_counted + self.span + overhead).saturating_duration_since(now)
    }
}

/// `"20:1,100:120"` -> `[(20, 1), (100, 120)]`; `None` if any entry is malformed.
pub fn parse_pairs(header: &str) -> Option<Vec<(usize, u64)>> {
    header
        .split(',')
        .map(|entry| {
            let (n, secs) = entry.trim().split_once(':')?;
            let n: usize = n.trim().parse().ok()?;
            let secs: u64 = secs.trim().parse().ok()?;
            (n <= MAX_LIMIT && (1..=MAX_SPAN_SECS).contains(&secs)).then_some((n, secs))
        })
        .collect()
}

/// The mirrored windows, per limit key (`app:{route}` or `{route}:{method}`).
#[derive(Debug)]
pub struct Budget {
    overhead: Duration,
    windows: Mutex<HashMap<String, Vec<Window>>>,
}

impl Budget {
    pub fn new(overhead: Duration) -> Self {
        Budget {
            overhead,
            windows: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<Window>>> {
        self.windows.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Count one request started now against the known windows of `keys`.
    pub fn sent(&self, keys: &[String]) {
        let now = Instant::now();
        let mut all = self.lock();
        for k in keys {
            for w in all.get_mut(k).into_iter().flatten() {
                w.prune(now, self.overhead);
                w.sent.push_back(now);
            }
        }
    }

    /// Learn the announced limits and counts from an upstream answer's headers.
    pub fn learn(&self, app_key: &str, method_key: &str, headers: &HeaderMap) {
        for (key, limit_h, count_h) in [
            (app_key, "x-app-rate-limit", "x-app-rate-limit-count"),
            (
                method_key,
                "x-method-rate-limit",
                "x-method-rate-limit-count",
            ),
        ] {
            let text = |h| headers.get(h).and_then(|v| v.to_str().ok());
            let Some(limits) = text(limit_h).and_then(parse_pairs) else {
                continue;
            };
            let counts = text(count_h).and_then(parse_pairs).unwrap_or_default();
            self.update(key, &limits, &counts);
        }
    }

    fn update(&self, key: &str, limits: &[(usize, u64)], counts: &[(usize, u64)]) {
        let now = Instant::now();
        let mut all = self.lock();
        let windows = all.entry(key.to_string()).or_default();
        let same = windows.len() == limits.len()
            && windows
                .iter()
                .zip(limits)
                .all(|(w, &(n, s))| w.limit == n && w.span == Duration::from_secs(s));
        if !same {
            *windows = limits
                .iter()
                .map(|&(limit, secs)| Window {
                    limit,
                    span: Duration::from_secs(secs),
                    sent: VecDeque::new(),
                })
                .collect();
        }
        for w in windows.iter_mut() {
            w.prune(now, self.overhead);
            let riot_count = counts
                .iter()
                .find(|&&(_, s)| Duration::from_secs(s) == w.span)
                .map_or(0, |&(c, _)| c.min(w.limit));
            while w.sent.len() < riot_count {
                w.sent.push_back(now);
            }
        }
    }

    /// The windows announced for `key` (`(limit, span)`), if any were.
    pub fn windows(&self, key: &str) -> Option<Vec<(usize, Duration)>> {
        let all = self.lock();
        let ws = all.get(key).filter(|ws| !ws.is_empty())?;
        Some(ws.iter().map(|w| (w.limit, w.span)).collect())
    }

    /// How long until every window of `keys` has a free slot (zero: it may start now, as far
    /// as the announced limits tell).
    pub fn wait(&self, keys: &[String]) -> Duration {
        self.wait_divided(keys, 1)
    }

    /// [`Budget::wait`] with each limit divided among `replicas` processes (at least 1 each):
    /// the conservative local share while the shared budget (Redis) cannot be reached.
    pub fn wait_divided(&self, keys: &[String], replicas: usize) -> Duration {
        let now = Instant::now();
        let mut all = self.lock();
        let mut longest = Duration::ZERO;
        for k in keys {
            for w in all.get_mut(k).into_iter().flatten() {
                longest = longest.max(w.wait(now, self.overhead, replicas));
            }
        }
        longest
    }
}

impl Budget {
    /// Like [`Budget::wait`], for bulk work: how long until every window of `keys` has a free
    /// slot above a reserve of `reserve` (0..1) of its limit, kept for interactive requests
    /// (at least one slot is usable by bulk work in any window).
    pub fn wait_reserved(&self, keys: &[String], reserve: f64) -> Duration {
        let now = Instant::now();
        let mut all = self.lock();
        let mut longest = Duration::ZERO;
        for k in keys {
            for w in all.get_mut(k).into_iter().flatten() {
                let kept = ((w.limit as f64) * reserve.clamp(0.0, 1.0)).ceil() as usize;
                let usable = w.limit.saturating_sub(kept).max(1);
                longest = longest.max(w.wait_below(usable, now, self.overhead));
            }
        }
        longest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn malformed_pairs_are_refused() {
        assert_eq!(parse_pairs("20:1,100:120"), Some(vec![(20, 1), (100, 120)]));
        for bad in [
            "",
            "abc",
            "20:1,",
            "20",
            "-1:1",
            "1:-1",
            "1:0",
            "1:inf",
            "5:99999999",
        ] {
            assert_eq!(parse_pairs(bad), None, "{bad}");
        }
    }

    #[test]
    fn bulk_work_leaves_the_reserve_to_interactive_requests() {
        let b = Budget::new(Duration::ZERO);
        let keys = ["app:euw1".to_string(), "euw1:m".to_string()];
        b.learn(
            "app:euw1",
            "euw1:m",
            &headers(&[
                ("x-app-rate-limit", "10:60"),
                ("x-app-rate-limit-count", "1:60"),
            ]),
        );
        // Half of 10 kept: bulk may hold 5 of the window, interactive requests all 10.
        for _ in 0..4 {
            assert_eq!(b.wait_reserved(&keys, 0.5), Duration::ZERO);
            b.sent(&keys);
        }
        assert!(b.wait_reserved(&keys, 0.5) > Duration::from_secs(59));
        assert_eq!(b.wait(&keys), Duration::ZERO, "the reserve is still free");
        assert_eq!(b.wait_reserved(&keys, 0.0), Duration::ZERO);
        // A reserve of everything still lets bulk work use one slot.
        let one = Budget::new(Duration::ZERO);
        one.learn(
            "app:euw1",
            "euw1:m",
            &headers(&[
                ("x-app-rate-limit", "3:60"),
                ("x-app-rate-limit-count", "0:60"),
            ]),
        );
        assert_eq!(one.wait_reserved(&keys, 1.0), Duration::ZERO);
    }

    #[test]
    fn the_longest_full_window_sets_the_wait() {
        let b = Budget::new(Duration::from_millis(1000));
        let keys = ["app:oc1".to_string(), "oc1:m".to_string()];
        b.learn(
            "app:oc1",
            "oc1:m",
            &headers(&[
                ("x-app-rate-limit", "10:1,3:120"),
                ("x-app-rate-limit-count", "1:1,1:120"),
            ]),
        );
        // Riot counted the first request; two more fit in the 2-minute window.
        assert_eq!(b.wait(&keys), Duration::ZERO);
        b.sent(&keys);
        assert_eq!(b.wait(&keys), Duration::ZERO);
        b.sent(&keys);
        let w = b.wait(&keys);
        assert!(
            w > Duration::from_secs(119) && w <= Duration::from_secs(121),
            "{w:?}"
        );
        // A higher count from Riot (another process on the key) is believed.
        let b = Budget::new(Duration::ZERO);
        b.learn(
            "app:oc1",
            "oc1:m",
            &headers(&[
                ("x-method-rate-limit", "5:10"),
                ("x-method-rate-limit-count", "5:10"),
            ]),
        );
        assert!(b.wait(&keys) > Duration::from_secs(9));
    }

    #[test]
    fn a_divided_limit_is_the_local_share() {
        let b = Budget::new(Duration::ZERO);
        let keys = ["app:kr".to_string()];
        b.learn(
            "app:kr",
            "kr:m",
            &headers(&[
                ("x-app-rate-limit", "9:60"),
                ("x-app-rate-limit-count", "0:60"),
            ]),
        );
        for _ in 0..3 {
            assert_eq!(b.wait_divided(&keys, 3), Duration::ZERO);
            b.sent(&keys);
        }
        // 9 / 3 replicas = 3 each: the fourth waits, though the whole key has 6 left.
        assert!(b.wait_divided(&keys, 3) > Duration::from_secs(59));
        assert_eq!(b.wait(&keys), Duration::ZERO);
    }
}
