//! The whitelist: `/api/{route}/...` paths parsed and validated into [`Endpoint`]s before
//! anything is asked of Riot or the league. Unknown paths are 404, known paths with a malformed
//! parameter or the wrong kind of routing value are 400.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use super::error::ApiError;

/// Regional routing values (account-v1, match-v5).
pub const REGIONS: [&str; 4] = ["americas", "europe", "asia", "sea"];
/// Platform routing values and the region of each.
pub const PLATFORMS: [(&str, &str); 17] = [
    ("br1", "americas"),
    ("eun1", "europe"),
    ("euw1", "europe"),
    ("jp1", "asia"),
    ("kr", "asia"),
    ("la1", "americas"),
    ("la2", "americas"),
    ("me1", "europe"),
    ("na1", "americas"),
    ("oc1", "sea"),
    ("ph2", "sea"),
    ("ru", "europe"),
    ("sg2", "sea"),
    ("th2", "sea"),
    ("tr1", "europe"),
    ("tw2", "sea"),
    ("vn2", "sea"),
];

/// The region a platform's matches live in.
pub fn region_of(platform: &str) -> Option<&'static str> {
    PLATFORMS
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(platform))
        .map(|&(_, r)| r)
}

fn as_region(s: &str) -> Option<&'static str> {
    REGIONS.iter().copied().find(|r| r.eq_ignore_ascii_case(s))
}

fn as_platform(s: &str) -> Option<&'static str> {
    PLATFORMS
        .iter()
        .map(|&(p, _)| p)
        .find(|p| p.eq_ignore_ascii_case(s))
}

/// One whitelisted Riot call, validated. Routing values are the canonical lower-case statics.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Endpoint {
    Account {
        region: &'static str,
        game_name: String,
        tag_line: String,
    },
    ActiveGame {
        platform: &'static str,
        puuid: String,
    },
    FeaturedGames {
        platform: &'static str,
    },
    MasteryByChampion {
        platform: &'static str,
        puuid: String,
        champion_id: i64,
    },
    MasteryScore {
        platform: &'static str,
        puuid: String,
    },
    LeagueEntries {
        platform: &'static str,
        puuid: String,
    },
    Match {
        region: &'static str,
        match_id: String,
    },
    /// match-v5 match ids by puuid (a player's history, most recent first).
    MatchIds {
        region: &'static str,
        puuid: String,
        query: MatchIdsQuery,
    },
}

/// The query of match-v5 "match ids by puuid", validated. Riot's defaults: `start` 0,
/// `count` 20; absent filters are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct MatchIdsQuery {
    pub start: u32,
    pub count: u32,
    pub queue: Option<u32>,
    /// `ranked`, `normal`, `tourney` or `tutorial`.
    pub kind: Option<&'static str>,
    /// Epoch seconds.
    pub start_time: Option<i64>,
    pub end_time: Option<i64>,
}

/// Riot's largest `count` for match ids by puuid.
pub const MATCH_IDS_MAX_COUNT: u32 = 100;
/// The largest `start` accepted (Riot keeps a few thousand matches per player at most).
pub const MATCH_IDS_MAX_START: u32 = 10_000;
/// The `type` values Riot accepts.
pub const MATCH_TYPES: [&str; 4] = ["ranked", "normal", "tourney", "tutorial"];

impl MatchIdsQuery {
    /// From a raw query string (still percent-encoded): each parameter at most once, known
    /// names only, values in range.
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut q = MatchIdsQuery {
            count: 20,
            ..Default::default()
        };
        let mut seen: Vec<String> = Vec::new();
        for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = percent_decode_str(k).decode_utf8_lossy().into_owned();
            let v = percent_decode_str(v).decode_utf8_lossy().into_owned();
            if seen.contains(&k) {
                return Err(bad(format!("Bad request - parameter '{k}' given twice")));
            }
            let int = |lo: i64, hi: i64| -> Result<i64, ApiError> {
                match v.parse::<i64>() {
                    Ok(n) if (lo..=hi).contains(&n) && !v.starts_with('+') => Ok(n),
                    _ => Err(bad(format!(
                        "Bad request - {k} must be an integer from {lo} to {hi}"
                    ))),
                }
            };
            match k.as_str() {
                "start" => q.start = int(0, i64::from(MATCH_IDS_MAX_START))? as u32,
                "count" => q.count = int(0, i64::from(MATCH_IDS_MAX_COUNT))? as u32,
                "queue" => q.queue = Some(int(0, 100_000)? as u32),
                "type" => {
                    q.kind = Some(MATCH_TYPES.iter().copied().find(|t| *t == v).ok_or_else(
                        || bad("Bad request - type must be ranked, normal, tourney or tutorial"),
                    )?)
                }
                // Epoch seconds: from 2009 (League's release) to 2100.
                "startTime" => q.start_time = Some(int(1_230_768_000, 4_102_444_800)?),
                "endTime" => q.end_time = Some(int(1_230_768_000, 4_102_444_800)?),
                _ => {
                    return Err(bad(format!(
                        "Bad request - unknown parameter '{k}' (start, count, queue, type, \
                         startTime, endTime)"
                    )))
                }
            }
            seen.push(k);
        }
        if let (Some(a), Some(b)) = (q.start_time, q.end_time) {
            if a > b {
                return Err(bad("Bad request - startTime is after endTime"));
            }
        }
        Ok(q)
    }

    /// The canonical query string sent upstream (fixed order, only what was given).
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = self.start_time {
            parts.push(format!("startTime={t}"));
        }
        if let Some(t) = self.end_time {
            parts.push(format!("endTime={t}"));
        }
        if let Some(qu) = self.queue {
            parts.push(format!("queue={qu}"));
        }
        if let Some(k) = self.kind {
            parts.push(format!("type={k}"));
        }
        parts.push(format!("start={}", self.start));
        parts.push(format!("count={}", self.count));
        parts.join("&")
    }
}

/// Characters escaped in a path segment sent upstream.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

fn enc(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

impl Endpoint {
    /// The routing value (`europe`, `euw1`, ...).
    pub fn route(&self) -> &'static str {
        match self {
            Endpoint::Account { region, .. }
            | Endpoint::Match { region, .. }
            | Endpoint::MatchIds { region, .. } => region,
            Endpoint::ActiveGame { platform, .. }
            | Endpoint::FeaturedGames { platform }
            | Endpoint::MasteryByChampion { platform, .. }
            | Endpoint::MasteryScore { platform, .. }
            | Endpoint::LeagueEntries { platform, .. } => platform,
        }
    }

    /// riven's method id (per-method rate limits are keyed by it).
    pub fn method_id(&self) -> &'static str {
        match self {
            Endpoint::Account { .. } => "account-v1.getByRiotId",
            Endpoint::ActiveGame { .. } => "spectator-v5.getCurrentGameInfoByPuuid",
            Endpoint::FeaturedGames { .. } => "spectator-v5.getFeaturedGames",
            Endpoint::MasteryByChampion { .. } => "champion-mastery-v4.getChampionMasteryByPUUID",
            Endpoint::MasteryScore { .. } => "champion-mastery-v4.getChampionMasteryScoreByPUUID",
            Endpoint::LeagueEntries { .. } => "league-v4.getLeagueEntriesByPUUID",
            Endpoint::Match { .. } => "match-v5.getMatch",
            Endpoint::MatchIds { .. } => "match-v5.getMatchIdsByPUUID",
        }
    }

    /// The Riot path (without host), parameters percent-encoded.
    pub fn upstream_path(&self) -> String {
        match self {
            Endpoint::Account {
                game_name,
                tag_line,
                ..
            } => format!(
                "/riot/account/v1/accounts/by-riot-id/{}/{}",
                enc(game_name),
                enc(tag_line)
            ),
            Endpoint::ActiveGame { puuid, .. } => {
                format!("/lol/spectator/v5/active-games/by-summoner/{puuid}")
            }
            Endpoint::FeaturedGames { .. } => "/lol/spectator/v5/featured-games".into(),
            Endpoint::MasteryByChampion {
                puuid, champion_id, ..
            } => format!(
                "/lol/champion-mastery/v4/champion-masteries/by-puuid/{puuid}/by-champion/{champion_id}"
            ),
            Endpoint::MasteryScore { puuid, .. } => {
                format!("/lol/champion-mastery/v4/scores/by-puuid/{puuid}")
            }
            Endpoint::LeagueEntries { puuid, .. } => {
                format!("/lol/league/v4/entries/by-puuid/{puuid}")
            }
            Endpoint::Match { match_id, .. } => format!("/lol/match/v5/matches/{match_id}"),
            Endpoint::MatchIds { puuid, query, .. } => format!(
                "/lol/match/v5/matches/by-puuid/{puuid}/ids?{}",
                query.to_query()
            ),
        }
    }

    /// A cache key unique per upstream answer. Riot IDs are case-insensitive at Riot, so an
    /// account's key is lower-cased (what is sent upstream keeps the case asked for).
    pub fn cache_key(&self) -> String {
        match self {
            Endpoint::Account {
                game_name,
                tag_line,
                ..
            } => format!(
                "{}/riot/account/v1/accounts/by-riot-id/{}/{}",
                self.route(),
                enc(&game_name.to_lowercase()),
                enc(&tag_line.to_lowercase())
            ),
            _ => format!("{}{}", self.route(), self.upstream_path()),
        }
    }
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError::bad_request(msg)
}

/// puuids are 78 characters of base64url.
pub fn valid_puuid(s: &str) -> bool {
    s.len() == 78
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn puuid(s: &str) -> Result<String, ApiError> {
    if valid_puuid(s) {
        Ok(s.to_string())
    } else {
        Err(bad(
            "Bad request - puuid must be 78 characters of [A-Za-z0-9_-]",
        ))
    }
}

/// Characters a Riot ID part may not hold (they would change the request's path or query).
const RIOT_ID_FORBIDDEN: &str = "#/\\?%";

/// Riot IDs: game name 3-16 characters, tag line 3-5 letters or digits. Each refusal says what
/// is wrong: the length, a character that is not allowed, or a blank name.
fn riot_id(game_name: &str, tag_line: &str) -> Result<(String, String), ApiError> {
    if let Some(c) = game_name
        .chars()
        .find(|&c| c.is_control() || RIOT_ID_FORBIDDEN.contains(c))
    {
        return Err(bad(format!(
            "Bad request - gameName cannot contain {}",
            shown(c)
        )));
    }
    let n = game_name.chars().count();
    if !(3..=16).contains(&n) {
        return Err(bad(format!(
            "Bad request - gameName must be 3 to 16 characters (this one has {n})"
        )));
    }
    if game_name.trim().is_empty() {
        return Err(bad("Bad request - gameName cannot be only spaces"));
    }
    if let Some(c) = tag_line.chars().find(|c| !c.is_alphanumeric()) {
        return Err(bad(format!(
            "Bad request - tagLine has only letters and digits, not {}",
            shown(c)
        )));
    }
    let t = tag_line.chars().count();
    if !(3..=5).contains(&t) {
        return Err(bad(format!(
            "Bad request - tagLine must be 3 to 5 letters or digits (this one has {t})"
        )));
    }
    Ok((game_name.to_string(), tag_line.to_string()))
}

/// A character for a message: quoted, or named when it is invisible.
fn shown(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_control() => format!("a control character (U+{:04X})", c as u32),
        c => format!("'{c}'"),
    }
}

fn champion_id(s: &str) -> Result<i64, ApiError> {
    match s.parse::<i64>() {
        Ok(c) if (1..100_000).contains(&c) && !s.starts_with('+') => Ok(c),
        _ => Err(bad("Bad request - championId must be a positive integer")),
    }
}

fn match_id(s: &str, region: &'static str) -> Result<String, ApiError> {
    let Some((plat, id)) = s.split_once('_') else {
        return Err(bad("Bad request - matchId must be {PLATFORM}_{gameId}"));
    };
    let Some(p) = as_platform(plat).filter(|_| {
        plat.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    }) else {
        return Err(bad("Bad request - matchId has an unknown platform"));
    };
    if id.is_empty() || id.len() > 19 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("Bad request - matchId's gameId must be digits"));
    }
    if region_of(p) != Some(region) {
        return Err(bad(format!(
            "Bad request - match {s} is not in region {region}"
        )));
    }
    Ok(s.to_string())
}

/// Builds the endpoint once the routing value is known.
type Builder = Box<dyn Fn(&'static str) -> Result<Endpoint, ApiError>>;

enum Kind {
    Regional,
    Platform,
}

/// Parse the path after `/api/` (still percent-encoded), with no query string.
pub fn parse(path: &str) -> Result<Endpoint, ApiError> {
    parse_with_query(path, None)
}

/// Parse the path after `/api/` and its query string (both still percent-encoded). Only match
/// ids by puuid reads a query; the other endpoints take none (a query there is ignored, as
/// before).
pub fn parse_with_query(path: &str, query: Option<&str>) -> Result<Endpoint, ApiError> {
    let raw: Vec<&str> = path.split('/').collect();
    let mut seg = Vec::with_capacity(raw.len());
    for s in &raw {
        match percent_decode_str(s).decode_utf8() {
            Ok(d) => seg.push(d.into_owned()),
            Err(_) => return Err(bad("Bad request - path is not valid UTF-8")),
        }
    }
    let s: Vec<&str> = seg.iter().map(String::as_str).collect();
    let not_found =
        || ApiError::not_found(format!("Data not found - no such endpoint: /api/{path}"));
    if s.len() < 2 {
        return Err(not_found());
    }
    let route = s[0];
    // Match the endpoint shape first (unknown path: 404), then the routing value (400).
    let (kind, build): (Kind, Builder) = match &s[1..] {
        ["riot", "account", "v1", "accounts", "by-riot-id", name, tag] => {
            let (n, t) = (name.to_string(), tag.to_string());
            (
                Kind::Regional,
                Box::new(move |r| {
                    let (game_name, tag_line) = riot_id(&n, &t)?;
                    Ok(Endpoint::Account {
                        region: r,
                        game_name,
                        tag_line,
                    })
                }),
            )
        }
        ["lol", "match", "v5", "matches", id] => {
            let id = id.to_string();
            (
                Kind::Regional,
                Box::new(move |r| {
                    Ok(Endpoint::Match {
                        region: r,
                        match_id: match_id(&id, r)?,
                    })
                }),
            )
        }
        ["lol", "match", "v5", "matches", "by-puuid", p, "ids"] => {
            let p = p.to_string();
            let query = MatchIdsQuery::parse(query);
            (
                Kind::Regional,
                Box::new(move |r| {
                    Ok(Endpoint::MatchIds {
                        region: r,
                        puuid: puuid(&p)?,
                        query: query.clone()?,
                    })
                }),
            )
        }
        ["lol", "spectator", "v5", "active-games", "by-summoner", p] => {
            let p = p.to_string();
            (
                Kind::Platform,
                Box::new(move |pl| {
                    Ok(Endpoint::ActiveGame {
                        platform: pl,
                        puuid: puuid(&p)?,
                    })
                }),
            )
        }
        ["lol", "spectator", "v5", "featured-games"] => (
            Kind::Platform,
            Box::new(|pl| Ok(Endpoint::FeaturedGames { platform: pl })),
        ),
        ["lol", "champion-mastery", "v4", "champion-masteries", "by-puuid", p, "by-champion", c] => {
            let (p, c) = (p.to_string(), c.to_string());
            (
                Kind::Platform,
                Box::new(move |pl| {
                    Ok(Endpoint::MasteryByChampion {
                        platform: pl,
                        puuid: puuid(&p)?,
                        champion_id: champion_id(&c)?,
                    })
                }),
            )
        }
        ["lol", "champion-mastery", "v4", "scores", "by-puuid", p] => {
            let p = p.to_string();
            (
                Kind::Platform,
                Box::new(move |pl| {
                    Ok(Endpoint::MasteryScore {
                        platform: pl,
                        puuid: puuid(&p)?,
                    })
                }),
            )
        }
        ["lol", "league", "v4", "entries", "by-puuid", p] => {
            let p = p.to_string();
            (
                Kind::Platform,
                Box::new(move |pl| {
                    Ok(Endpoint::LeagueEntries {
                        platform: pl,
                        puuid: puuid(&p)?,
                    })
                }),
            )
        }
        _ => return Err(not_found()),
    };
    let route = match kind {
        Kind::Regional => as_region(route).ok_or_else(|| {
            bad(format!(
                "Bad request - '{route}' is not a regional route (americas, europe, asia, sea)"
            ))
        })?,
        Kind::Platform => as_platform(route).ok_or_else(|| {
            bad(format!(
                "Bad request - '{route}' is not a platform route (e.g. euw1, na1, kr)"
            ))
        })?,
    };
    build(route)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str =
        "5Ftfp7ThkxJsQuGZ5FZ56fBkPOVIuDit4BO99mraJuLV1DyBcQu83y5lkV8HGYapOQ3hwjcqVj8_vQ";

    fn status(r: Result<Endpoint, ApiError>) -> u16 {
        match r {
            Ok(_) => 200,
            Err(e) => e.status.as_u16(),
        }
    }

    #[test]
    fn whitelisted_paths_parse() {
        assert_eq!(
            parse("europe/riot/account/v1/accounts/by-riot-id/K%C3%A1z%20u/EUW").unwrap(),
            Endpoint::Account {
                region: "europe",
                game_name: "Káz u".into(),
                tag_line: "EUW".into()
            }
        );
        let e = parse(&format!(
            "euw1/lol/champion-mastery/v4/champion-masteries/by-puuid/{P}/by-champion/117"
        ))
        .unwrap();
        assert_eq!(e.route(), "euw1");
        assert!(e.upstream_path().ends_with("/by-champion/117"));
        assert_eq!(
            parse("europe/lol/match/v5/matches/EUW1_6978370487").unwrap(),
            Endpoint::Match {
                region: "europe",
                match_id: "EUW1_6978370487".into()
            }
        );
        assert_eq!(status(parse("KR/lol/spectator/v5/featured-games")), 200);
        assert_eq!(
            status(parse(&format!("na1/lol/league/v4/entries/by-puuid/{P}"))),
            200
        );
        assert_eq!(
            status(parse(&format!(
                "na1/lol/champion-mastery/v4/scores/by-puuid/{P}"
            ))),
            200
        );
        assert_eq!(
            status(parse(&format!(
                "na1/lol/spectator/v5/active-games/by-summoner/{P}"
            ))),
            200
        );
    }

    #[test]
    fn account_name_is_reencoded_upstream() {
        let e = parse("europe/riot/account/v1/accounts/by-riot-id/K%C3%A1z%20u/EUW").unwrap();
        assert_eq!(
            e.upstream_path(),
            "/riot/account/v1/accounts/by-riot-id/K%C3%A1z%20u/EUW"
        );
    }

    #[test]
    fn riot_ids_share_a_cache_key_whatever_their_case() {
        let a = parse("europe/riot/account/v1/accounts/by-riot-id/OKCOAL2/EUW").unwrap();
        let b = parse("europe/riot/account/v1/accounts/by-riot-id/okcoal2/euw").unwrap();
        let c = parse("europe/riot/account/v1/accounts/by-riot-id/%C3%81bc/EUW").unwrap();
        let d = parse("europe/riot/account/v1/accounts/by-riot-id/%C3%A1BC/euw").unwrap();
        assert_eq!(a.cache_key(), b.cache_key());
        assert_eq!(c.cache_key(), d.cache_key());
        assert_ne!(a.cache_key(), c.cache_key());
        assert!(a.upstream_path().ends_with("/OKCOAL2/EUW"), "sent as asked");
    }

    #[test]
    fn unknown_paths_are_404() {
        for p in [
            "",
            "euw1",
            "euw1/lol/summoner/v4/summoners/by-name/foo",
            "euw1/lol/match/v4/matches/123",
            "euw1/lol/spectator/v5/featured-games/extra",
            "europe/lol/status/v4/platform-data",
        ] {
            assert_eq!(status(parse(p)), 404, "{p}");
        }
    }

    #[test]
    fn malformed_parameters_are_400() {
        let cases = [
            "xx1/lol/spectator/v5/featured-games".to_string(),
            "europe/lol/spectator/v5/featured-games".to_string(),
            "euw1/riot/account/v1/accounts/by-riot-id/Name/EUW".to_string(),
            "europe/riot/account/v1/accounts/by-riot-id/ab/EUW".to_string(),
            "europe/riot/account/v1/accounts/by-riot-id/Name/E!W".to_string(),
            "europe/riot/account/v1/accounts/by-riot-id/Name/ABCDEF".to_string(),
            "euw1/lol/spectator/v5/active-games/by-summoner/short".to_string(),
            format!(
                "euw1/lol/spectator/v5/active-games/by-summoner/{}",
                &P[..77]
            ),
            format!("euw1/lol/champion-mastery/v4/champion-masteries/by-puuid/{P}/by-champion/-3"),
            format!("euw1/lol/champion-mastery/v4/champion-masteries/by-puuid/{P}/by-champion/abc"),
            "europe/lol/match/v5/matches/EUW1-123".to_string(),
            "europe/lol/match/v5/matches/XX9_123".to_string(),
            "europe/lol/match/v5/matches/EUW1_12a".to_string(),
            "americas/lol/match/v5/matches/EUW1_123".to_string(),
            "europe/lol/match/v5/matches/euw1_123".to_string(),
            "europe/riot/account/v1/accounts/by-riot-id/%FF%FE/EUW".to_string(),
        ];
        for p in cases {
            assert_eq!(status(parse(&p)), 400, "{p}");
        }
    }

    #[test]
    fn match_ids_by_puuid_take_only_riots_parameters_in_range() {
        let ids = |q: &str| {
            parse_with_query(
                &format!("europe/lol/match/v5/matches/by-puuid/{P}/ids"),
                Some(q),
            )
        };
        let Endpoint::MatchIds { region, query, .. } = ids("").unwrap() else {
            panic!("not match ids");
        };
        assert_eq!(
            (region, query.start, query.count),
            ("europe", 0, 20),
            "Riot's defaults"
        );
        let e =
            ids("count=100&start=40&queue=420&type=ranked&startTime=1700000000&endTime=1700086400")
                .unwrap();
        assert_eq!(
            e.upstream_path(),
            format!(
                "/lol/match/v5/matches/by-puuid/{P}/ids?startTime=1700000000&endTime=1700086400\
                 &queue=420&type=ranked&start=40&count=100"
            )
        );
        assert_eq!(e.method_id(), "match-v5.getMatchIdsByPUUID");
        // The same request however its parameters are ordered: one cache entry.
        assert_eq!(
            ids("type=ranked&queue=420").unwrap().cache_key(),
            ids("queue=420&type=ranked&count=20").unwrap().cache_key()
        );
        for bad in [
            "count=101",
            "count=-1",
            "count=%2B5",
            "count=1e2",
            "start=10001",
            "queue=abc",
            "type=RANKED",
            "type=arena",
            "startTime=99",
            "startTime=1700086400&endTime=1700000000",
            "count=5&count=6",
            "api_key=x",
            "callback=f",
        ] {
            let e = ids(bad).unwrap_err();
            assert_eq!(e.status.as_u16(), 400, "{bad}");
        }
        assert!(ids("foo=1")
            .unwrap_err()
            .message
            .contains("unknown parameter 'foo'"));
        // A platform route or a bad puuid is refused too.
        assert_eq!(
            status(parse(&format!(
                "euw1/lol/match/v5/matches/by-puuid/{P}/ids"
            ))),
            400
        );
        assert_eq!(
            status(parse("europe/lol/match/v5/matches/by-puuid/short/ids")),
            400
        );
        assert_eq!(
            status(parse(&format!(
                "europe/lol/match/v5/matches/by-puuid/{P}/other"
            ))),
            404
        );
    }

    #[test]
    fn riot_id_refusals_say_what_is_wrong() {
        let msg = |name: &str, tag: &str| {
            let path = format!("europe/riot/account/v1/accounts/by-riot-id/{name}/{tag}");
            parse(&path).unwrap_err().message
        };
        // Six characters: the question mark is the problem, not the length.
        assert_eq!(
            msg("ab%3Fx%3D1", "EUW"),
            "Bad request - gameName cannot contain '?'"
        );
        assert_eq!(
            msg("ab", "EUW"),
            "Bad request - gameName must be 3 to 16 characters (this one has 2)"
        );
        assert!(msg("abcdefghijklmnopq", "EUW").contains("(this one has 17)"));
        assert_eq!(
            msg("a%23b%23c", "EUW"),
            "Bad request - gameName cannot contain '#'"
        );
        assert!(msg("ab%09cd", "EUW").contains("a control character (U+0009)"));
        assert_eq!(
            msg("%20%20%20", "EUW"),
            "Bad request - gameName cannot be only spaces"
        );
        assert_eq!(
            msg("Name", "E%20W"),
            "Bad request - tagLine has only letters and digits, not a space"
        );
        assert_eq!(
            msg("Name", "E!W"),
            "Bad request - tagLine has only letters and digits, not '!'"
        );
        assert_eq!(
            msg("Name", "ABCDEF"),
            "Bad request - tagLine must be 3 to 5 letters or digits (this one has 6)"
        );
        assert!(parse("europe/riot/account/v1/accounts/by-riot-id/K%C3%A1z%20u/EUW").is_ok());
    }
}
