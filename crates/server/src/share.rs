//! Live mode: each client's fair share of the Riot budget, so one client cannot drain the key
//! for everyone else.
//!
//! A client (its IP address, see [`client_ip`]) may cause at most `share` of each application
//! window Riot announces for a route (at least one request per window): with a development
//! key's `20:1,100:120` and a share of 25 %, 5 per second and 25 per 2 minutes. Cache hits
//! cost nothing; every request that misses the cache is counted. IPv6 clients are counted per
//! /64 (one host usually holds a whole /64). Over its share, a client is
//! answered 429 with the `Retry-After` of its own oldest counted request, and Riot is not
//! called.
//!
//! The counter is the [`ShareCounter`] trait: [`MemoryShares`] here (one process); a counter
//! shared by several proxy processes (Redis: a sorted set per key, trimmed and counted in one
//! script) implements the same trait.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use futures::future::BoxFuture;

/// Clients remembered before idle ones are swept.
const SWEEP_AT: usize = 10_000;

/// Counts requests per key in sliding windows.
pub trait ShareCounter: Send + Sync {
    /// Count one request for `key` if, for every `(limit, window)`, fewer than `limit` were
    /// counted in the last `window`; otherwise count nothing and tell how long until one
    /// frees (the longest of the full windows).
    fn try_count<'a>(
        &'a self,
        key: &'a str,
        windows: &'a [(usize, Duration)],
    ) -> BoxFuture<'a, Result<(), Duration>>;
}

/// The in-memory counter: per key and window length, the times of the counted requests.
#[derive(Debug, Default)]
pub struct MemoryShares {
    counted: Mutex<HashMap<(String, Duration), VecDeque<Instant>>>,
}

impl MemoryShares {
    fn count_now(&self, key: &str, windows: &[(usize, Duration)]) -> Result<(), Duration> {
        let now = Instant::now();
        let mut counted = self.counted.lock().unwrap_or_else(|p| p.into_inner());
        if counted.len() >= SWEEP_AT {
            counted.retain(|(_, w), times| times.back().is_some_and(|&t| now - t < *w));
        }
        let mut wait = Duration::ZERO;
        for &(limit, window) in windows {
            let times = counted.entry((key.to_string(), window)).or_default();
            while times.front().is_some_and(|&t| now - t >= window) {
                times.pop_front();
            }
            if times.len() >= limit.max(1) {
                let frees = times[times.len() - limit.max(1)] + window;
                wait = wait.max(frees.saturating_duration_since(now));
            }
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        for &(_, window) in windows {
            if let Some(times) = counted.get_mut(&(key.to_string(), window)) {
                times.push_back(now);
            }
        }
        Ok(())
    }
}

impl ShareCounter for MemoryShares {
    fn try_count<'a>(
        &'a self,
        key: &'a str,
        windows: &'a [(usize, Duration)],
    ) -> BoxFuture<'a, Result<(), Duration>> {
        Box::pin(async move { self.count_now(key, windows) })
    }
}

/// A client's windows: `share` (0..=1) of each announced `(limit, window)`, at least 1.
pub fn client_windows(announced: &[(usize, Duration)], share: f64) -> Vec<(usize, Duration)> {
    announced
        .iter()
        .map(|&(limit, window)| (((limit as f64) * share).floor().max(1.0) as usize, window))
        .collect()
}

/// The client a request is counted against: the socket peer, unless the peer is a trusted
/// proxy; then the nearest address in `X-Forwarded-For` (or `Forwarded: for=`) that is not a
/// trusted proxy itself, read from the right (the entries left of it are the client's word).
pub fn client_ip(peer: SocketAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let peer = peer.ip().to_canonical();
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut hops: Vec<IpAddr> = Vec::new();
    for v in headers.get_all("forwarded") {
        let Ok(v) = v.to_str() else { continue };
        for element in v.split(',') {
            for pair in element.split(';') {
                let Some((k, val)) = pair.trim().split_once('=') else {
                    continue;
                };
                if k.trim().eq_ignore_ascii_case("for") {
                    if let Some(ip) = parse_node(val) {
                        hops.push(ip);
                    }
                }
            }
        }
    }
    if hops.is_empty() {
        for v in headers.get_all("x-forwarded-for") {
            let Ok(v) = v.to_str() else { continue };
            hops.extend(v.split(',').filter_map(parse_node));
        }
    }
    hops.into_iter()
        .rev()
        .map(|ip| ip.to_canonical())
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// The counter key of a client on a routing value: its IPv4 address, or its IPv6 /64.
pub fn client_key(client: IpAddr, route: &str) -> String {
    match client.to_canonical() {
        IpAddr::V4(a) => format!("{a}|{route}"),
        IpAddr::V6(a) => {
            let s = a.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64|{route}", s[0], s[1], s[2], s[3])
        }
    }
}

/// `203.0.113.7`, `"[2001:db8::1]:4711"`, `198.51.100.2:80` -> the address.
fn parse_node(s: &str) -> Option<IpAddr> {
    let s = s.trim().trim_matches('"');
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    if let Ok(sa) = s.parse::<SocketAddr>() {
        return Some(sa.ip());
    }
    s.strip_prefix('[')
        .and_then(|r| r.split(']').next())
        .and_then(|ip| ip.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn forwarded_addresses_count_only_through_trusted_proxies() {
        let proxy: SocketAddr = "10.0.0.1:5000".parse().unwrap();
        let trusted = ["10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()];
        let xff = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.7, 10.0.0.2")]);
        // Through the trusted proxies: the nearest untrusted hop (not the spoofable leftmost).
        assert_eq!(
            client_ip(proxy, &xff, &trusted),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        // From anyone else the header is the client's word: ignored.
        let direct: SocketAddr = "198.51.100.9:1234".parse().unwrap();
        assert_eq!(client_ip(direct, &xff, &trusted), direct.ip());
        let fwd = headers(&[(
            "forwarded",
            r#"for="[2001:db8::1]:4711";proto=https, for=10.0.0.2"#,
        )]);
        assert_eq!(
            client_ip(proxy, &fwd, &trusted),
            "2001:db8::1".parse::<IpAddr>().unwrap()
        );
        // A trusted proxy with no header: the proxy itself.
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &trusted), proxy.ip());
    }

    #[test]
    fn ipv6_clients_are_counted_per_64() {
        let a = client_key("2001:db8:1:2::1".parse().unwrap(), "euw1");
        let b = client_key("2001:db8:1:2:ffff::9".parse().unwrap(), "euw1");
        let c = client_key("2001:db8:1:3::1".parse().unwrap(), "euw1");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(
            client_key("::ffff:10.0.0.1".parse().unwrap(), "kr"),
            "10.0.0.1|kr"
        );
    }

    #[test]
    fn a_client_over_its_share_waits_for_its_own_oldest_request() {
        let shares = MemoryShares::default();
        let windows = client_windows(
            &[
                (20, Duration::from_secs(1)),
                (100, Duration::from_secs(120)),
            ],
            0.25,
        );
        assert_eq!(windows[0].0, 5);
        assert_eq!(windows[1].0, 25);
        let tight = [(3, Duration::from_secs(60))];
        for _ in 0..3 {
            assert!(shares.count_now("a", &tight).is_ok());
        }
        let wait = shares.count_now("a", &tight).unwrap_err();
        assert!(wait > Duration::from_secs(59) && wait <= Duration::from_secs(60));
        // Another client is not affected.
        assert!(shares.count_now("b", &tight).is_ok());
    }
}
