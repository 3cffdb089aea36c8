//! Live mode against a fake Riot upstream on loopback (a tiny axum app) that answers 200, 404,
//! 429 with Retry-After, 5xx and slowly: whitelisting, validation, the key never leaking
//! (responses and logs), rate limits, caching and coalescing.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use rivulet_server::live::LiveConfig;
use rivulet_server::{serve, Config, Mode};

const KEY: &str = "RGAPI-00000000-test-key-must-never-leak-0123456789ab";
const P: &str = "5Ftfp7ThkxJsQuGZ5FZ56fBkPOVIuDit4BO99mraJuLV1DyBcQu83y5lkV8HGYapOQ3hwjcqVj8_vQ";

fn puuid(tag: &str) -> String {
    format!("{tag}{}", &P[tag.len()..])
}

/// Every log line of this test binary, captured (tracing + `log` records, debug level).
fn logs() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let b = buf.clone();
        let _ = tracing_subscriber::fmt()
            .with_env_filter("debug")
            .with_writer(move || Capture(b.clone()))
            .try_init();
        buf
    })
}

struct Capture(Arc<Mutex<Vec<u8>>>);
impl Write for Capture {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Default)]
struct Fake {
    hits: Mutex<HashMap<String, usize>>,
    times: Mutex<Vec<(String, Instant)>>,
    bad_key: Mutex<usize>,
    /// Every request target seen, and how often the key appeared anywhere but `X-Riot-Token`.
    uris: Mutex<Vec<String>>,
    key_elsewhere: Mutex<usize>,
    /// Where the `REDIR` puuid is redirected to (a second listener that must never be reached).
    redirect_to: Mutex<Option<String>>,
}

impl Fake {
    fn hits(&self, path_part: &str) -> usize {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|(k, _)| k.contains(path_part))
            .map(|(_, v)| v)
            .sum()
    }
}

fn json(status: StatusCode, body: String, extra: &[(&str, String)]) -> Response {
    let mut r = (status, [("content-type", "application/json")], body).into_response();
    for (k, v) in extra {
        r.headers_mut().insert(
            axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            v.parse().unwrap(),
        );
    }
    r
}

async fn fake_riot(State(fake): State<Arc<Fake>>, headers: HeaderMap, req: Request) -> Response {
    let path = req.uri().path().to_string();
    fake.uris.lock().unwrap().push(req.uri().to_string());
    let key_elsewhere = req.uri().to_string().contains(KEY)
        || headers.iter().any(|(k, v)| {
            k != "x-riot-token" && String::from_utf8_lossy(v.as_bytes()).contains(KEY)
        });
    if key_elsewhere {
        *fake.key_elsewhere.lock().unwrap() += 1;
    }
    if headers.get("x-riot-token").and_then(|v| v.to_str().ok()) != Some(KEY) {
        *fake.bad_key.lock().unwrap() += 1;
        return json(
            StatusCode::FORBIDDEN,
            r#"{"status":{"status_code":403,"message":"Forbidden"}}"#.into(),
            &[],
        );
    }
    let n = {
        let mut hits = fake.hits.lock().unwrap();
        let n = hits.entry(path.clone()).or_insert(0);
        *n += 1;
        *n
    };
    fake.times
        .lock()
        .unwrap()
        .push((path.clone(), Instant::now()));
    let limits = vec![("x-app-rate-limit", "100:1,1000:60".to_string())];
    let nf = || {
        json(
            StatusCode::NOT_FOUND,
            r#"{"status":{"status_code":404,"message":"Data not found"}}"#.into(),
            &[],
        )
    };
    if let Some(odd) = odd_answer(&path) {
        return odd;
    }
    if path.starts_with("/oc1/") {
        // A realistic pair of announcements with a small 30-second window: 4 requests.
        let n = fake.hits("/oc1/");
        return json(
            StatusCode::OK,
            "[]".into(),
            &[
                ("x-app-rate-limit", "10:1,4:30".into()),
                ("x-app-rate-limit-count", format!("{n}:1,{n}:30")),
                ("x-method-rate-limit", "100:1".into()),
                ("x-method-rate-limit-count", format!("{n}:1")),
            ],
        );
    }
    if path.starts_with("/tr1/") {
        // A development key's limits, counted as Riot counts them.
        let n = fake.hits("/tr1/");
        return json(
            StatusCode::OK,
            "[]".into(),
            &[
                ("x-app-rate-limit", "20:1,100:120".into()),
                ("x-app-rate-limit-count", format!("1:1,{n}:120")),
                ("x-method-rate-limit", "1000:10".into()),
                ("x-method-rate-limit-count", "1:10".into()),
            ],
        );
    }
    if path.starts_with("/vn2/") {
        // A development key whose 2-minute window is nearly used up (by another process):
        // 97 requests before this proxy's first, so it may send 3.
        let n = fake.hits("/vn2/");
        return json(
            StatusCode::OK,
            "[]".into(),
            &[
                ("x-app-rate-limit", "20:1,100:120".into()),
                ("x-app-rate-limit-count", format!("{n}:1,{}:120", n + 97)),
                ("x-method-rate-limit", "1000:10".into()),
                ("x-method-rate-limit-count", format!("{n}:10")),
            ],
        );
    }
    if path.starts_with("/kr/") {
        // A strict application limit: 3 requests per second.
        return json(
            StatusCode::OK,
            "[]".into(),
            &[
                ("x-app-rate-limit", "3:1".into()),
                ("x-app-rate-limit-count", "1:1".into()),
            ],
        );
    }
    if path.ends_with("/by-riot-id/Good%20Name/EUW") {
        return json(
            StatusCode::OK,
            format!(r#"{{"puuid":"{P}","gameName":"Good Name","tagLine":"EUW"}}"#),
            &limits,
        );
    }
    if path.ends_with("/by-riot-id/Missing/EUW") || path.ends_with("/matches/EUW1_404") {
        return nf();
    }
    if path.ends_with("/featured-games") {
        tokio::time::sleep(Duration::from_millis(400)).await;
        return json(
            StatusCode::OK,
            r#"{"gameList":[],"clientRefreshInterval":300}"#.into(),
            &limits,
        );
    }
    if path.ends_with("/matches/EUW1_200") {
        return json(StatusCode::OK, r#"{"metadata":{"matchId":"EUW1_200"},"info":{"gameDuration":1800,"gameId":200,"gameMode":"CLASSIC"}}"#.into(), &limits);
    }
    if path.contains(&puuid("REDIR")) {
        let to = fake
            .redirect_to
            .lock()
            .unwrap()
            .clone()
            .expect("thief address");
        let mut r = json(StatusCode::FOUND, "{}".into(), &[]);
        r.headers_mut()
            .insert("location", format!("{to}/stolen").parse().unwrap());
        return r;
    }
    if path.contains(&puuid("ERR500")) {
        return json(StatusCode::INTERNAL_SERVER_ERROR, "{}".into(), &[]);
    }
    if path.contains(&puuid("SLOW")) {
        tokio::time::sleep(Duration::from_secs(5)).await;
        return json(StatusCode::OK, "[]".into(), &[]);
    }
    if path.contains(&puuid("LONG429")) {
        return json(
            StatusCode::TOO_MANY_REQUESTS,
            "{}".into(),
            &[
                ("retry-after", "30".into()),
                ("x-rate-limit-type", "method".into()),
            ],
        );
    }
    if path.contains(&puuid("SHORT429")) {
        if n == 1 {
            return json(
                StatusCode::TOO_MANY_REQUESTS,
                "{}".into(),
                &[
                    ("retry-after", "1".into()),
                    ("x-rate-limit-type", "method".into()),
                ],
            );
        }
        return json(StatusCode::OK, "[]".into(), &limits);
    }
    json(StatusCode::OK, "[]".into(), &limits)
}

/// Answers riven cannot read (it panicked on each) and answers that are not Riot data, by the
/// tag the puuid starts with.
const ODD: [(&str, &str); 12] = [
    ("S300", "br1"),
    ("S304", "eun1"),
    ("RANEG", "jp1"),
    ("RAINF", "la1"),
    ("RABIG", "la2"),
    ("RAHUGE", "me1"),
    ("BADAPP", "na1"),
    ("BADMETH", "ph2"),
    ("TEXT200", "ru"),
    ("S201", "sg2"),
    ("S204", "th2"),
    ("HUGELIMIT", "tr1"),
];

fn odd_answer(path: &str) -> Option<Response> {
    if path.contains(&puuid("HUGECOUNT")) {
        // Well-formed limits, a count far past them: riven reserved a slot per counted request.
        return Some(json(
            StatusCode::OK,
            "[]".into(),
            &[
                ("x-app-rate-limit", "20:1,100:120".into()),
                (
                    "x-app-rate-limit-count",
                    "1000000000000:1,1000000000000:120".into(),
                ),
            ],
        ));
    }
    let tag = ODD.iter().map(|o| o.0).find(|t| path.contains(&puuid(t)))?;
    let too_many = |retry_after: &str| {
        json(
            StatusCode::TOO_MANY_REQUESTS,
            "{}".into(),
            &[
                ("retry-after", retry_after.into()),
                ("x-rate-limit-type", "method".into()),
            ],
        )
    };
    let status = |code: u16| StatusCode::from_u16(code).unwrap();
    Some(match tag {
        "S300" => json(status(300), "{}".into(), &[]),
        "S304" => status(304).into_response(),
        "RANEG" => too_many("-5"),
        "RAINF" => too_many("inf"),
        "RABIG" => too_many("18446744073709551616"),
        "RAHUGE" => too_many("1e19"),
        "BADAPP" => json(
            StatusCode::OK,
            "[]".into(),
            &[
                ("x-app-rate-limit", "lots".into()),
                ("x-app-rate-limit-count", "1:1".into()),
            ],
        ),
        "BADMETH" => json(
            StatusCode::OK,
            "[]".into(),
            &[
                ("x-method-rate-limit", "20:1,100:x".into()),
                ("x-method-rate-limit-count", "1:1,1:120".into()),
            ],
        ),
        "TEXT200" => (
            StatusCode::OK,
            [("content-type", "text/html")],
            "<html>not Riot</html>",
        )
            .into_response(),
        // A limit no key has: riven reserved memory for 10^12 requests and aborted the process.
        "HUGELIMIT" => json(
            StatusCode::OK,
            "[]".into(),
            &[
                ("x-app-rate-limit", "1000000000000:1".into()),
                ("x-app-rate-limit-count", "1000000000000:1".into()),
            ],
        ),
        "S201" => json(status(201), "{}".into(), &[]),
        _ => status(204).into_response(),
    })
}

struct Env {
    base: String,
    fake: Arc<Fake>,
    seen: Mutex<String>,
}

impl Env {
    async fn get(&self, path: &str) -> (u16, HeaderMap, String) {
        let r = reqwest::get(format!("{}{path}", self.base)).await.unwrap();
        let status = r.status().as_u16();
        let mut headers = HeaderMap::new();
        for (k, v) in r.headers() {
            headers.insert(
                axum::http::HeaderName::from_bytes(k.as_str().as_bytes()).unwrap(),
                axum::http::HeaderValue::from_bytes(v.as_bytes()).unwrap(),
            );
        }
        let body = r.text().await.unwrap();
        let mut seen = self.seen.lock().unwrap();
        seen.push_str(&format!("{headers:?}\n{body}\n"));
        (status, headers, body)
    }
}

async fn start() -> Env {
    start_shared(1.0).await
}

/// The proxy with each client limited to `client_share` of every announced window.
async fn start_shared(client_share: f64) -> Env {
    logs();
    let fake = Arc::new(Fake::default());
    let app = Router::new().fallback(fake_riot).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www: concat!(env!("CARGO_MANIFEST_DIR"), "/../../www").into(),
        pkg: concat!(env!("CARGO_MANIFEST_DIR"), "/../../pkg").into(),
        mode: Mode::Live(LiveConfig {
            key: KEY.into(),
            base_url: format!("http://{up}/{{}}"),
            // riven sends only when its limiter has a token; a waiting request gets at most this long.
            queue_wait: Duration::from_millis(2500),
            upstream_timeout: Duration::from_millis(700),
            cache_bytes: 1 << 20,
            client_share,
            bulk_reserve: 0.5,
        }),
        rate_limit: None,
        http: Default::default(),
        community: None,
        featured: true,
    };
    let (addr, _) = serve(config).await.unwrap();
    Env {
        base: format!("http://{addr}"),
        fake,
        seen: Mutex::new(String::new()),
    }
}

fn error_code(body: &str) -> u64 {
    let v: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    v["status"]["status_code"]
        .as_u64()
        .unwrap_or_else(|| panic!("not Riot's JSON error: {body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whitelist_validation_cache_coalescing_errors_and_no_key_leak() {
    let env = start().await;

    // meta says live.
    let (s, _, body) = env.get("/api/meta").await;
    assert_eq!(s, 200);
    assert!(body.contains(r#""mode":"live""#));
    let meta: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(meta["clientShare"], 1.0, "the per-client share is reported");

    // 200 forwarded byte for byte, then cached (one upstream call for two requests).
    let path = "/api/europe/riot/account/v1/accounts/by-riot-id/Good%20Name/EUW";
    let (s, h, body) = env.get(path).await;
    assert_eq!(s, 200);
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(
        body,
        format!(r#"{{"puuid":"{P}","gameName":"Good Name","tagLine":"EUW"}}"#)
    );
    let (s, _, body2) = env.get(path).await;
    assert_eq!((s, body2), (200, body));
    assert_eq!(env.fake.hits("by-riot-id/Good"), 1);

    // 404 forwarded as Riot's JSON error.
    let (s, _, body) = env
        .get("/api/europe/riot/account/v1/accounts/by-riot-id/Missing/EUW")
        .await;
    assert_eq!((s, error_code(&body)), (404, 404));
    let (s, _, body) = env.get("/api/europe/lol/match/v5/matches/EUW1_404").await;
    assert_eq!((s, error_code(&body)), (404, 404));
    let (s, h, _) = env.get("/api/europe/lol/match/v5/matches/EUW1_200").await;
    assert_eq!(s, 200);
    assert!(h["cache-control"].to_str().unwrap().contains("max-age"));

    // Not whitelisted or malformed: answered without calling Riot.
    let before: usize = env.fake.hits.lock().unwrap().values().sum();
    for (path, status) in [
        ("/api/euw1/lol/summoner/v4/summoners/by-name/foo", 404),
        ("/api/europe/lol/match/v4/matches/1", 404),
        ("/api/xx9/lol/spectator/v5/featured-games", 400),
        ("/api/europe/lol/spectator/v5/featured-games", 400),
        (
            "/api/euw1/riot/account/v1/accounts/by-riot-id/Good%20Name/EUW",
            400,
        ),
        (
            "/api/europe/riot/account/v1/accounts/by-riot-id/Good%20Name/E",
            400,
        ),
        ("/api/euw1/lol/league/v4/entries/by-puuid/not-a-puuid", 400),
        ("/api/americas/lol/match/v5/matches/EUW1_1", 400),
        ("/api/europe/lol/match/v5/matches/EUW1_abc", 400),
    ] {
        let (s, _, body) = env.get(path).await;
        assert_eq!((s, error_code(&body) as u16), (status, status), "{path}");
    }
    let after: usize = env.fake.hits.lock().unwrap().values().sum();
    assert_eq!(before, after, "rejected requests reached Riot");

    // Coalescing: 8 identical requests in flight -> one slow upstream call.
    let t = Instant::now();
    let futs: Vec<_> = (0..8)
        .map(|_| env.get("/api/euw1/lol/spectator/v5/featured-games"))
        .collect();
    for (s, _, _) in futures::future::join_all(futs).await {
        assert_eq!(s, 200);
    }
    assert_eq!(env.fake.hits("featured-games"), 1);
    assert!(t.elapsed() < Duration::from_secs(3));

    // 5xx: 502 with the JSON error, not cached.
    let p500 = format!(
        "/api/euw1/lol/league/v4/entries/by-puuid/{}",
        puuid("ERR500")
    );
    let (s, _, body) = env.get(&p500).await;
    assert_eq!((s, error_code(&body)), (502, 502));
    env.get(&p500).await;
    assert_eq!(env.fake.hits(&puuid("ERR500")), 2, "errors are not cached");

    // Slow upstream: 504 after the upstream timeout.
    let t = Instant::now();
    let (s, _, body) = env
        .get(&format!(
            "/api/euw1/lol/league/v4/entries/by-puuid/{}",
            puuid("SLOW")
        ))
        .await;
    assert_eq!((s, error_code(&body)), (504, 504));
    assert!(t.elapsed() < Duration::from_secs(4));

    // Short 429 (Retry-After 1 s, within the queue budget): waited out, then 200.
    let t = Instant::now();
    let short = format!(
        "/api/euw1/lol/champion-mastery/v4/scores/by-puuid/{}",
        puuid("SHORT429")
    );
    let (s, _, _) = env.get(&short).await;
    assert_eq!(s, 200);
    assert!(
        t.elapsed() >= Duration::from_millis(900),
        "Retry-After not honoured"
    );
    assert_eq!(env.fake.hits(&puuid("SHORT429")), 2);

    // Long 429 (Retry-After 30 s): the page gets 429 + Retry-After, and later calls to that
    // method are answered at once without calling Riot.
    let long = format!(
        "/api/euw1/lol/champion-mastery/v4/scores/by-puuid/{}",
        puuid("LONG429")
    );
    let (s, h, body) = env.get(&long).await;
    assert_eq!((s, error_code(&body)), (429, 429));
    let ra: u64 = h["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((25..=30).contains(&ra), "retry-after {ra}");
    let other = format!(
        "/api/euw1/lol/champion-mastery/v4/scores/by-puuid/{}",
        puuid("OTHER")
    );
    let t = Instant::now();
    let (s, h, _) = env.get(&other).await;
    assert_eq!(s, 429);
    assert!(h.contains_key("retry-after"));
    assert!(t.elapsed() < Duration::from_millis(500));
    assert_eq!(
        env.fake.hits(&puuid("OTHER")),
        0,
        "a blocked method reached Riot"
    );
    // Another method on the same platform is not blocked.
    let (s, _, _) = env
        .get(&format!(
            "/api/euw1/lol/league/v4/entries/by-puuid/{}",
            puuid("OTHER")
        ))
        .await;
    assert_eq!(s, 200);

    // The key: sent upstream every time, only in X-Riot-Token, never in a response or a log.
    assert_eq!(*env.fake.bad_key.lock().unwrap(), 0);
    assert_eq!(*env.fake.key_elsewhere.lock().unwrap(), 0);
    let seen = env.seen.lock().unwrap().clone();
    assert!(!seen.is_empty());
    assert!(!seen.contains(KEY) && !seen.contains("test-key-must-never-leak"));
    let logs = String::from_utf8_lossy(&logs().lock().unwrap()).into_owned();
    assert!(
        logs.contains("upstream"),
        "the capture sees the proxy's logs"
    );
    assert!(
        !logs.contains(KEY) && !logs.contains("test-key-must-never-leak"),
        "the key is in the logs"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn application_rate_limit_is_obeyed() {
    let env = start().await;
    // The first answer teaches riven the limit (3 per second)...
    let (s, _, _) = env
        .get(&format!(
            "/api/kr/lol/league/v4/entries/by-puuid/{}",
            puuid("KR0")
        ))
        .await;
    assert_eq!(s, 200);
    // ...then a burst of 9 distinct (uncached) requests.
    let paths: Vec<String> = (1..=9)
        .map(|i| {
            format!(
                "/api/kr/lol/league/v4/entries/by-puuid/{}",
                puuid(&format!("KR{i}"))
            )
        })
        .collect();
    let futs: Vec<_> = paths.iter().map(|p| env.get(p)).collect();
    let results = futures::future::join_all(futs).await;
    for (s, h, body) in &results {
        match s {
            200 => {}
            503 | 429 => {
                assert!(h.contains_key("retry-after"), "{s} without Retry-After");
                assert_eq!(error_code(body), *s as u64);
            }
            other => panic!("unexpected status {other}: {body}"),
        }
    }
    let statuses: Vec<u16> = results.iter().map(|r| r.0).collect();
    eprintln!("statuses {statuses:?}");
    assert!(
        statuses.iter().filter(|&&s| s == 200).count() >= 2,
        "{statuses:?}"
    );
    // Never more than 3 upstream requests in any 1-second window.
    let mut times: Vec<Instant> = env
        .fake
        .times
        .lock()
        .unwrap()
        .iter()
        .filter(|(p, _)| p.starts_with("/kr/"))
        .map(|(_, t)| *t)
        .collect();
    times.sort();
    for w in times.windows(4) {
        assert!(
            w[3] - w[0] >= Duration::from_millis(1000),
            "4 requests within 1 s: {:?}",
            w[3] - w[0]
        );
    }
}

/// A redirect from upstream must never carry the key (or anything) to another host: the proxy
/// follows no redirect and answers 502 with the JSON error, uncached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upstream_redirect_is_not_followed_and_the_key_stays_home() {
    let env = start().await;
    // The thief: a second listener that records every request it receives.
    let stolen: Arc<Mutex<Vec<String>>> = Arc::default();
    let s2 = stolen.clone();
    let thief = Router::new().fallback(move |headers: HeaderMap, req: Request| {
        let s2 = s2.clone();
        async move {
            s2.lock()
                .unwrap()
                .push(format!("{} {:?}", req.uri(), headers));
            json(StatusCode::OK, "[]".into(), &[])
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let thief_addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, thief).await });
    *env.fake.redirect_to.lock().unwrap() = Some(format!("http://{thief_addr}"));

    let path = format!(
        "/api/euw1/lol/league/v4/entries/by-puuid/{}",
        puuid("REDIR")
    );
    let (first, _, body) = env.get(&path).await;
    let (second, _, _) = env.get(&path).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The thief first: with redirects followed it receives the key and a Referer.
    {
        let stolen = stolen.lock().unwrap();
        let key = stolen.iter().any(|r| r.contains(KEY));
        let referer = stolen.iter().any(|r| r.contains("\"referer\""));
        assert!(
            stolen.is_empty(),
            "the redirect target was reached (key sent: {key}, Referer sent: {referer}): {stolen:?}"
        );
    }
    assert_eq!(first, 502, "{body}");
    assert_eq!(error_code(&body), 502, "{body}");
    assert_eq!(second, 502);
    assert_eq!(
        env.fake.hits(&puuid("REDIR")),
        2,
        "a redirect answer is not cached"
    );
    assert_eq!(*env.fake.key_elsewhere.lock().unwrap(), 0);
}

/// Upstream answers riven panicked on (a 3xx without Location, a negative / infinite / huge
/// `Retry-After`, an unparsable rate-limit header) and answers that are not Riot data (a
/// non-JSON 200, a 201, a 204): each a 502 with the JSON error, never an empty reply, and none
/// cached.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_upstream_answers_are_502_with_the_json_error_and_not_cached() {
    let env = start().await;
    // One platform each: riven starts every platform at one request per second.
    let cases = ODD.iter().map(|&(tag, platform)| {
        let env = &env;
        async move {
            let path = format!(
                "/api/{platform}/lol/league/v4/entries/by-puuid/{}",
                puuid(tag)
            );
            for _ in 0..2 {
                let (s, h, body) = env.get(&path).await;
                assert_eq!((s, error_code(&body)), (502, 502), "{tag}: {body}");
                assert_eq!(h["content-type"], "application/json", "{tag}");
            }
            assert_eq!(env.fake.hits(&puuid(tag)), 2, "{tag} was cached");
        }
    });
    futures::future::join_all(cases).await;
    // The proxy still answers.
    let (s, _, _) = env.get("/api/meta").await;
    assert_eq!(s, 200);
}

/// A well-formed answer whose rate-limit count is far past its limit (10^12 counted in a
/// 100-per-120-s window) is served, and the proxy lives on: riven (patched, vendor/riven) counts
/// no more than a full window, where it reserved memory for every counted request and aborted.
/// The window is then full, so the next request on that platform waits or gets a 503.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_count_past_its_limit_is_served_and_the_proxy_lives_on() {
    let env = start().await;
    let path = format!(
        "/api/vn2/lol/league/v4/entries/by-puuid/{}",
        puuid("HUGECOUNT")
    );
    let (s, _, body) = env.get(&path).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body, "[]");
    let other = format!(
        "/api/vn2/lol/league/v4/entries/by-puuid/{}",
        puuid("HUGECOUNT2")
    );
    let (s, _, body) = env.get(&other).await;
    assert!(s == 503 || s == 200, "{s}: {body}");
    let (s, _, _) = env.get("/api/meta").await;
    assert_eq!(s, 200);
}

/// `--queue-wait-ms` keeps its word: a request the announced windows cannot fit within the
/// queue wait is answered by then, with the `Retry-After` of the window that limits it
/// (Riot announced 4 per 30 s: about 31 s, riven's overhead included), not the queue wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_over_the_window_is_answered_within_the_queue_wait_with_its_real_retry_after() {
    let env = start().await;
    // The test's queue wait is 2.5 s; generous slack.
    let within = Duration::from_millis(2500 + 500);
    the_next_request_is_told_to_wait(&env, "oc1", "OC", 4, within, 25..=32).await;
}

/// `served` requests on `platform` are answered 200; the next one gets a 503 `within` the
/// given time, with a `Retry-After` in `retry_after`, and never reaches Riot.
async fn the_next_request_is_told_to_wait(
    env: &Env,
    platform: &str,
    tag: &str,
    served: usize,
    within: Duration,
    retry_after: std::ops::RangeInclusive<u64>,
) {
    let path = |i: usize| {
        format!(
            "/api/{platform}/lol/league/v4/entries/by-puuid/{}",
            puuid(&format!("{tag}{i}"))
        )
    };
    for i in 0..served {
        let (s, _, body) = env.get(&path(i)).await;
        assert_eq!(s, 200, "request {i}: {body}");
    }
    let t = Instant::now();
    let (s, h, body) = env.get(&path(served)).await;
    let took = t.elapsed();
    assert!(took < within, "answered {s} after {took:?}: {body}");
    assert_eq!((s, error_code(&body)), (503, 503), "{body}");
    let ra: u64 = h["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after.contains(&ra), "Retry-After {ra}");
    let hits = env.fake.hits(&format!("/{platform}/"));
    assert_eq!(hits, served, "request {} reached Riot", served + 1);
}

/// The issue's case, at `rivulet serve`'s own defaults (queue wait 2 s, upstream timeout 10 s):
/// a request over a development key's `100:120` window used to wait queue wait + upstream
/// timeout (12.1 s) and then say `Retry-After: 2`. It is answered within the queue wait, and
/// `Retry-After` is the time until that window frees up (about two minutes).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_the_default_flags_a_request_over_a_development_keys_window_is_told_two_minutes() {
    use clap::Parser;
    #[derive(Parser)]
    struct Serve {
        #[command(flatten)]
        args: rivulet_server::ServeArgs,
    }
    logs();
    let fake = Arc::new(Fake::default());
    let app = Router::new().fallback(fake_riot).with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let base_url = format!("http://{up}/{{}}");
    let serve_args = Serve::parse_from(["serve", "--port", "0", "--riot-base-url", &base_url]).args;
    let mut config = rivulet_server::Config::from_args(&serve_args, Some(KEY.into())).unwrap();
    let Mode::Live(live) = &config.mode else {
        panic!("a key means live mode")
    };
    assert_eq!(
        (live.queue_wait, live.upstream_timeout),
        (Duration::from_secs(2), Duration::from_secs(10)),
        "the defaults this test is about"
    );
    config.community = None;
    let (addr, _) = serve(config).await.unwrap();
    let env = Env {
        base: format!("http://{addr}"),
        fake,
        seen: Mutex::new(String::new()),
    };
    // The default queue wait is 2 s (slack 1 s); Retry-After: 120 s from the first answer plus
    // riven's 989 ms overhead, less the time since.
    let within = Duration::from_millis(2000 + 1000);
    the_next_request_is_told_to_wait(&env, "vn2", "VN", 3, within, 110..=122).await;
}

/// Riot IDs are case-insensitive at Riot: one upstream call for both spellings, each sent as
/// asked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn riot_ids_are_cached_case_insensitively() {
    let env = start().await;
    let (s, _, first) = env
        .get("/api/europe/riot/account/v1/accounts/by-riot-id/Good%20Name/EUW")
        .await;
    assert_eq!(s, 200);
    let (s, _, second) = env
        .get("/api/europe/riot/account/v1/accounts/by-riot-id/gOOD%20nAME/euw")
        .await;
    assert_eq!((s, second), (200, first));
    assert_eq!(env.fake.hits("by-riot-id"), 1);
    assert_eq!(
        env.fake.hits("by-riot-id/Good%20Name/EUW"),
        1,
        "sent as asked"
    );
    // A missing account is cached too (60 s), whatever the case.
    for id in ["Missing/EUW", "MISSING/euw", "missing/Euw"] {
        let (s, _, body) = env
            .get(&format!(
                "/api/europe/riot/account/v1/accounts/by-riot-id/{id}"
            ))
            .await;
        assert_eq!((s, error_code(&body)), (404, 404), "{id}");
    }
    assert_eq!(env.fake.hits("by-riot-id"), 2);
}

/// Crafted Riot IDs cannot move the upstream host or path: each is refused (400) or sent as
/// exactly the two encoded segments of the account path, and the key goes only in
/// `X-Riot-Token`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crafted_riot_ids_stay_in_their_path_segments() {
    let env = start().await;
    let prefix = "/europe/riot/account/v1/accounts/by-riot-id/";
    for id in [
        "..%2F..%2Flol%2Fstatus/EUW",
        "abc%3Fx%3D1/EUW",
        "abc%23frag/EUW",
        "ab%40evil.example/EUW",
        "%2e%2e%2f%2e%2e%2f/EUW",
        "abc%0d%0aX-Evil:%201/EUW",
        "abc%00/EUW",
        "abc/EU%2FW",
        "abc/E%3FW",
        "http:%2F%2Fevil/EUW",
        "abc%20%20/EUW",
        "%E2%80%AEabc/EUW",
        "abc%5C..%5C/EUW",
        "a%25252F/EUW",
    ] {
        let (s, _, body) = env.get(&format!("/api{prefix}{id}")).await;
        assert!(matches!(s, 200 | 400 | 404), "{id}: {s} {body}");
        assert_eq!(error_code_or_ok(&body, s), s as u64, "{id}");
    }
    let uris = env.fake.uris.lock().unwrap().clone();
    assert!(!uris.is_empty(), "no crafted ID reached the fake at all");
    for uri in &uris {
        let rest = uri
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("upstream path moved: {uri}"));
        assert_eq!(rest.matches('/').count(), 1, "{uri}");
        assert!(
            !rest.contains(['?', '#', '\\']) && !rest.contains(".."),
            "{uri}"
        );
    }
    assert_eq!(*env.fake.key_elsewhere.lock().unwrap(), 0);
    assert_eq!(*env.fake.bad_key.lock().unwrap(), 0);
}

fn error_code_or_ok(body: &str, status: u16) -> u64 {
    if status == 200 {
        200
    } else {
        error_code(body)
    }
}

/// One client cannot drain the key: a greedy client (many distinct lookups at once) is refused
/// 429 with Retry-After beyond its share (25 % of `20:1,100:120`: 5 per second, 25 per
/// 2 minutes), while three polite clients, each from its own address, keep being served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_greedy_client_gets_429_while_polite_clients_keep_being_served() {
    let env = start_shared(0.25).await;
    let (_, _, meta) = env.get("/api/meta").await;
    assert!(meta.contains(r#""clientShare":0.25"#), "{meta}");
    let from = |last: u8| {
        reqwest::Client::builder()
            .local_address(std::net::IpAddr::from([127, 0, 0, last]))
            .build()
            .unwrap()
    };
    let lookup = |who: &str, i: usize| {
        format!(
            "{}/api/tr1/lol/league/v4/entries/by-puuid/{}",
            env.base,
            puuid(&format!("{who}{i:03}"))
        )
    };
    async fn get(c: &reqwest::Client, url: String) -> (u16, Option<u64>, String) {
        let r = c.get(url).send().await.unwrap();
        let s = r.status().as_u16();
        let ra = r
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()?.parse().ok());
        (s, ra, r.text().await.unwrap())
    }
    let greedy = from(2);
    let polite: Vec<reqwest::Client> = (3..6).map(from).collect();
    let greedy_run = async {
        let mut results = Vec::new();
        for wave in 0..3 {
            let urls: Vec<String> = (0..40).map(|i| lookup("G", wave * 40 + i)).collect();
            results
                .extend(futures::future::join_all(urls.into_iter().map(|u| get(&greedy, u))).await);
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
        results
    };
    let polite_run = async {
        let runs = polite.iter().enumerate().map(|(p, c)| async move {
            let mut statuses = Vec::new();
            for i in 0..4 {
                tokio::time::sleep(Duration::from_millis(300)).await;
                let (s, _, body) = get(c, lookup(&format!("P{p}"), i)).await;
                statuses.push((s, body));
            }
            statuses
        });
        futures::future::join_all(runs).await
    };
    let (greedy_results, polite_results) = tokio::join!(greedy_run, polite_run);
    for (p, statuses) in polite_results.iter().enumerate() {
        for (s, body) in statuses {
            assert_eq!(*s, 200, "polite client {p} refused: {body}");
        }
    }
    let ok = greedy_results.iter().filter(|r| r.0 == 200).count();
    let refused: Vec<_> = greedy_results.iter().filter(|r| r.0 == 429).collect();
    assert!(ok >= 1, "the greedy client was never served");
    assert!(
        ok <= 25,
        "the greedy client got {ok}, over its 2-minute share"
    );
    assert!(!refused.is_empty(), "the greedy client was never refused");
    for (_, ra, body) in &refused {
        assert_eq!(error_code(body), 429);
        assert!(
            ra.is_some_and(|s| (1..=120).contains(&s)),
            "Retry-After {ra:?}"
        );
    }
    assert!(
        greedy_results.iter().all(|r| matches!(r.0, 200 | 429)),
        "{:?}",
        greedy_results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    assert_eq!(
        env.fake.hits("/tr1/"),
        ok + 12,
        "only served requests reached Riot"
    );
}
