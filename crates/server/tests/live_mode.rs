//! Live mode as Riot's API works since late 2025: featured games withdrawn (403, 404 or an empty
//! list) and streamer mode (participants without identity; a hidden player's own lookup is "not
//! in a game"). Against a fake Riot upstream on loopback, and the simulated league's `--featured`
//! switch and streamer-mode players through the real proxy.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use rivulet_lol::features::{featurize, FeatureConfig};
use rivulet_lol::riot::{CurrentGameInfo, GameExtras};
use rivulet_lol::sim::{League, SimConfig};
use rivulet_server::live::LiveConfig;
use rivulet_server::routes;
use rivulet_server::schema::{self, RiotAnswer};
use rivulet_server::{serve, Config, Mode, SIM_IDLE_PLAYERS};

const KEY: &str = "RGAPI-00000000-live-mode-test-key-0123456789abcdef";
const P: &str = "5Ftfp7ThkxJsQuGZ5FZ56fBkPOVIuDit4BO99mraJuLV1DyBcQu83y5lkV8HGYapOQ3hwjcqVj8_vQ";
const T0: i64 = 1_700_000_000_000;

fn puuid(tag: &str) -> String {
    format!("{tag}{}", &P[tag.len()..])
}

/// Every answer announces a development key's limits, as Riot does.
fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            ("content-type", "application/json"),
            ("x-app-rate-limit", "20:1,100:120"),
        ],
        body,
    )
        .into_response()
}

/// A streamer-mode game as spectator-v5 shows it to a third party: the looked-up player is
/// there, the others have empty identities in every form seen (empty strings, null, absent).
fn streamer_game() -> String {
    let player = |team: i64, champ: i64, identity: &str| {
        format!(
            r#"{{"teamId":{team},"championId":{champ},"spell1Id":4,"spell2Id":14,"profileIconId":29,"bot":false,"gameCustomizationObjects":[]{identity}}}"#
        )
    };
    let me = format!(r#","puuid":"{}","riotId":"Seen#EUW""#, puuid("SEEN"));
    let ids = [
        me.as_str(),
        r#","puuid":"","riotId":"""#,
        r#","puuid":null,"riotId":"""#,
        r#","puuid":null"#,
        "",
        r#","puuid":"","riotId":"""#,
        r#","puuid":"","riotId":"""#,
        r#","puuid":null,"riotId":null"#,
        "",
        r#","puuid":"","riotId":"""#,
    ];
    let participants: Vec<String> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| player(if i < 5 { 100 } else { 200 }, 1 + i as i64, id))
        .collect();
    format!(
        r#"{{"gameId":6978370999,"mapId":11,"gameMode":"CLASSIC","gameType":"MATCHED","gameQueueConfigId":420,"observers":{{"encryptionKey":"abc"}},"platformId":"EUW1","bannedChampions":[],"gameStartTime":1718741775217,"gameLength":383,"participants":[{}]}}"#,
        participants.join(",")
    )
}

/// The fake Riot: featured-games withdrawn three ways (403 on na1, 404 on br1, an empty list on
/// euw1), a streamer-mode game, and a hidden player whose own lookup finds no game.
async fn fake_riot(req: Request) -> Response {
    let path = req.uri().path().to_string();
    if req
        .headers()
        .get("x-riot-token")
        .and_then(|v| v.to_str().ok())
        != Some(KEY)
    {
        return json(StatusCode::UNAUTHORIZED, "{}".into());
    }
    let forbidden = r#"{"status":{"message":"Forbidden","status_code":403}}"#;
    let not_found = r#"{"status":{"message":"Data not found","status_code":404}}"#;
    match path.as_str() {
        "/na1/lol/spectator/v5/featured-games" => json(StatusCode::FORBIDDEN, forbidden.into()),
        "/br1/lol/spectator/v5/featured-games" => json(StatusCode::NOT_FOUND, not_found.into()),
        "/euw1/lol/spectator/v5/featured-games" => json(
            StatusCode::OK,
            r#"{"gameList":[],"clientRefreshInterval":300}"#.into(),
        ),
        p if p.ends_with(&puuid("SEEN")) => json(StatusCode::OK, streamer_game()),
        p if p.ends_with(&puuid("HIDDEN")) => json(StatusCode::NOT_FOUND, not_found.into()),
        _ => json(StatusCode::NOT_FOUND, not_found.into()),
    }
}

async fn start_live() -> String {
    let app = Router::new().fallback(fake_riot);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let up = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let (addr, _) = serve(Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www: concat!(env!("CARGO_MANIFEST_DIR"), "/../../www").into(),
        pkg: concat!(env!("CARGO_MANIFEST_DIR"), "/../../pkg").into(),
        mode: Mode::Live(LiveConfig {
            key: KEY.into(),
            base_url: format!("http://{up}/{{}}"),
            queue_wait: Duration::from_millis(1500),
            upstream_timeout: Duration::from_millis(2000),
            cache_bytes: 1 << 20,
            client_share: 1.0,
            bulk_reserve: 0.5,
        }),
        rate_limit: None,
        featured: true,
        http: Default::default(),
        community: None,
    })
    .await
    .unwrap();
    format!("http://{addr}")
}

async fn get(url: &str) -> (u16, String) {
    let (s, _, body) = get_with_limit(url).await;
    (s, body)
}

/// Status, the `X-App-Rate-Limit` passed on, body.
async fn get_with_limit(url: &str) -> (u16, Option<String>, String) {
    let r = reqwest::get(url).await.unwrap();
    let limit = r
        .headers()
        .get("x-app-rate-limit")
        .map(|v| v.to_str().unwrap().to_string());
    (r.status().as_u16(), limit, r.text().await.unwrap())
}

fn error_message(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["status"]["message"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_featured_games_withdrawn_three_ways() {
    let base = start_live().await;
    let (s, body) = get(&format!("{base}/api/meta")).await;
    assert_eq!(s, 200);
    let meta: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        meta["featured"],
        serde_json::Value::Null,
        "live: Riot decides"
    );

    // 403: said as "no longer offered", not as a refused key (the key works elsewhere).
    let (s, body) = get(&format!("{base}/api/na1/lol/spectator/v5/featured-games")).await;
    assert_eq!(s, 403, "{body}");
    let msg = error_message(&body);
    assert!(msg.contains("no longer offers featured games"), "{msg}");
    assert!(!msg.contains("key"), "{msg}");
    // 404: a plain not found.
    let (s, body) = get(&format!("{base}/api/br1/lol/spectator/v5/featured-games")).await;
    assert_eq!(s, 404, "{body}");
    // An empty list: forwarded as is, and still Riot's schema.
    let path = "euw1/lol/spectator/v5/featured-games";
    let (s, body) = get(&format!("{base}/api/{path}")).await;
    assert_eq!(
        (s, body.as_str()),
        (200, r#"{"gameList":[],"clientRefreshInterval":300}"#)
    );
    let ep = routes::parse(path).unwrap();
    let RiotAnswer::Featured(f) = schema::parse(&ep, body.as_bytes()).unwrap() else {
        unreachable!()
    };
    assert!(f.game_list.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_streamer_mode_game_has_participants_without_identity() {
    let base = start_live().await;
    let path = format!(
        "euw1/lol/spectator/v5/active-games/by-summoner/{}",
        puuid("SEEN")
    );
    let (s, body) = get(&format!("{base}/api/{path}")).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body, streamer_game(), "forwarded byte for byte");
    // Riot's schema (riven) and rivulet's reader both take it.
    let ep = routes::parse(&path).unwrap();
    let RiotAnswer::Game(g) = schema::parse(&ep, body.as_bytes()).unwrap() else {
        unreachable!()
    };
    assert_eq!(g.participants.len(), 10);
    let game: CurrentGameInfo = serde_json::from_str(&body).unwrap();
    let identified: Vec<_> = game
        .participants
        .iter()
        .filter_map(|p| p.identified())
        .collect();
    assert_eq!(
        identified,
        [puuid("SEEN")],
        "only the looked-up player has an identity"
    );
    // The featurizer: nine unknown players, one known without a rank found.
    let x = featurize(&game, &GameExtras::default(), &FeatureConfig::all());
    let feature = |k: &str| x.iter().find(|f| f.key() == k).map(|f| f.number());
    assert_eq!(feature("rank_missing"), Some(1.0));
    assert_eq!(feature("mastery_missing"), Some(1.0));
    assert_eq!(feature("champ=10"), Some(1.0));

    // A hidden player's own lookup answers as "not in a game"; Riot's announced limits are
    // passed on with it (the page paces its follow checks by them).
    let (s, limit, body) = get_with_limit(&format!(
        "{base}/api/euw1/lol/spectator/v5/active-games/by-summoner/{}",
        puuid("HIDDEN")
    ))
    .await;
    assert_eq!(s, 404, "{body}");
    assert_eq!(limit.as_deref(), Some("20:1,100:120"));
    let (_, limit, _) = get_with_limit(&format!("{base}/api/{path}")).await;
    assert_eq!(limit.as_deref(), Some("20:1,100:120"), "on a 200 too");
}

async fn start_sim(featured: bool) -> String {
    let dir = std::env::temp_dir().join(format!("rivulet-live-mode-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (addr, _) = serve(Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www: dir.clone(),
        pkg: dir,
        mode: Mode::Simulated {
            seed: 42,
            // Slow: no game ends during the test.
            time_scale: 1.0,
            live_games: 30,
            start_ms: Some(T0),
        },
        rate_limit: None,
        featured,
        http: Default::default(),
        community: None,
    })
    .await
    .unwrap();
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simulated_featured_switch_and_streamer_mode_players() {
    let off = start_sim(false).await;
    let on = start_sim(true).await;
    for (base, featured) in [(&off, false), (&on, true)] {
        let (_, body) = get(&format!("{base}/api/meta")).await;
        let meta: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(meta["featured"], featured);
        let (s, body) = get(&format!("{base}/api/euw1/lol/spectator/v5/featured-games")).await;
        if featured {
            assert_eq!(s, 200);
            assert!(body.contains(r#""gameList":[{"#), "{body}");
        } else {
            assert_eq!(s, 403, "{body}");
            assert!(error_message(&body).contains("no longer offered"));
        }
    }

    // The same league in process, to know who plays hidden.
    let truth = League::simulated(
        SimConfig {
            seed: 42,
            live_games: 30,
            idle_players: SIM_IDLE_PLAYERS,
            ..SimConfig::default()
        },
        T0,
    );
    let hidden: Vec<_> = truth.live_games().flat_map(|g| g.hidden.clone()).collect();
    assert!(!hidden.is_empty(), "the league has streamer-mode players");
    for h in hidden.iter().take(3) {
        // account-v1 knows them; spectator-v5 says not in a game.
        let (name, tag) = h.riot_id.split_once('#').unwrap();
        let (s, body) = get(&format!(
            "{off}/api/europe/riot/account/v1/accounts/by-riot-id/{}/{tag}",
            name.replace(' ', "%20")
        ))
        .await;
        assert_eq!(s, 200, "{body}");
        assert!(body.contains(&h.puuid));
        let (s, _) = get(&format!(
            "{off}/api/euw1/lol/spectator/v5/active-games/by-summoner/{}",
            h.puuid
        ))
        .await;
        assert_eq!(s, 404, "a hidden player's lookup is 'not in a game'");
    }
    // Their game, looked up through a visible player, shows them without identity.
    let g = truth.live_games().find(|g| !g.hidden.is_empty()).unwrap();
    let seen = g
        .game
        .participants
        .iter()
        .find_map(|p| p.identified())
        .unwrap();
    let (s, body) = get(&format!(
        "{off}/api/euw1/lol/spectator/v5/active-games/by-summoner/{seen}"
    ))
    .await;
    assert_eq!(s, 200);
    let live: CurrentGameInfo = serde_json::from_str(&body).unwrap();
    for h in &g.hidden {
        let p = &live.participants[h.slot];
        assert_eq!((p.puuid.as_deref(), p.riot_id.as_str()), (None, ""));
    }
}
