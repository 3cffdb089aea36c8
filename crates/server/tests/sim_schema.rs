//! The simulated and replay leagues speak Riot's schema: every answer parses into riven's own
//! generated model types (`riven::models`) through `rivulet_server::schema::parse`, the same
//! function the real Riot samples in `../shared/data/api-samples` go through.
#![cfg(not(target_arch = "wasm32"))] // native tests; the wasm ones are tests/wasm_*.rs

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rivulet_lol::riot;
use rivulet_lol::sim::{League, ReplaySource, SimConfig};
use rivulet_server::routes::{self, Endpoint};
use rivulet_server::schema::{self, RiotAnswer};
use rivulet_server::{serve, Config, Mode, SIM_IDLE_PLAYERS};

const T0: i64 = 1_700_000_000_000;

fn data(rel: &str) -> Option<PathBuf> {
    rivulet_lol::datasets::shared_data(rel)
}

/// GET `/api/{path}` and parse the 200 answer into riven's type for its endpoint.
async fn fetch(base: &str, path: &str) -> (Endpoint, Vec<u8>, RiotAnswer) {
    let ep = routes::parse(path).unwrap_or_else(|e| panic!("{path}: {}", e.message));
    let r = reqwest::get(format!("{base}/api/{path}")).await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    let body = r.bytes().await.unwrap().to_vec();
    let parsed = schema::parse(&ep, &body).unwrap_or_else(|e| {
        panic!(
            "{path} is not Riot's schema: {e}\n{}",
            String::from_utf8_lossy(&body)
        )
    });
    (ep, body, parsed)
}

/// What a finished match must look like beyond parsing: figures that hang together.
fn check_match_figures(m: &riven::models::match_v5::Match, ours: &riot::Match) {
    let info = &m.info;
    assert_eq!(info.participants.len(), 10);
    assert_eq!(info.teams.len(), 2);
    assert_eq!(
        info.game_name,
        format!("teambuilder-match-{}", info.game_id)
    );
    let minutes = info.game_duration as f64 / 60.0;
    let remake = ours.info.participants[0].game_ended_in_early_surrender;
    for team in &info.teams {
        let members: Vec<_> = info
            .participants
            .iter()
            .filter(|p| p.team_id == team.team_id)
            .collect();
        let kills: i32 = members.iter().map(|p| p.kills).sum();
        let foes_deaths: i32 = info
            .participants
            .iter()
            .filter(|p| p.team_id != team.team_id)
            .map(|p| p.deaths)
            .sum();
        assert_eq!(kills, foes_deaths, "a team's kills are the other's deaths");
        assert_eq!(kills, team.objectives.champion.kills);
        let towers: i32 = members.iter().map(|p| p.turret_kills).sum();
        assert_eq!(towers, team.objectives.tower.kills);
        assert!(members.iter().all(|p| p.win == team.win));
    }
    assert_ne!(info.teams[0].win, info.teams[1].win, "one team wins");
    for p in &info.participants {
        assert_eq!(i64::from(p.time_played), info.game_duration);
        assert!((1..=18).contains(&p.champ_level));
        assert!(p.gold_spent <= p.gold_earned);
        assert_eq!(p.perks.styles.len(), 2);
        assert_eq!(p.perks.styles[0].selections.len(), 4);
        // Gold grows with the game: a floor and a ceiling per minute played.
        let per_min = f64::from(p.gold_earned - 500) / minutes;
        if !remake {
            assert!((120.0..900.0).contains(&per_min), "gold/min {per_min}");
        } else {
            assert!(p.gold_earned < 2_500, "a remake has little gold");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_simulated_answer_through_the_proxy_parses_into_rivens_types() {
    let base = std::env::temp_dir().join(format!("rivulet-sim-schema-{}", std::process::id()));
    std::fs::create_dir_all(&base).unwrap();
    // 30 game minutes in 6 s: long enough for one game's 50 look-ups, short enough for matches.
    let time_scale = 300.0;
    let (addr, _h) = serve(Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        www: base.clone(),
        pkg: base.clone(),
        mode: Mode::Simulated {
            seed: 42,
            time_scale,
            live_games: 30,
            start_ms: Some(T0),
        },
        rate_limit: None,
        featured: true,
        http: Default::default(),
        community: None,
    })
    .await
    .unwrap();
    let started = Instant::now();
    let base = format!("http://{addr}");
    // The same league in process: which matches end first.
    let mut truth = League::simulated(
        SimConfig {
            seed: 42,
            live_games: 30,
            idle_players: SIM_IDLE_PLAYERS,
            ..SimConfig::default()
        },
        T0,
    );

    let (_, _, featured) = fetch(&base, "euw1/lol/spectator/v5/featured-games").await;
    let RiotAnswer::Featured(featured) = featured else {
        unreachable!()
    };
    assert!(!featured.game_list.is_empty());
    for g in &featured.game_list {
        assert_eq!(g.observers.encryption_key.len(), 32);
        assert_eq!(g.participants.len(), 10);
    }
    // The most recently started game: the longest left to run.
    let game = featured
        .game_list
        .iter()
        .min_by_key(|g| g.game_length)
        .unwrap();
    let mut answers = 1;
    for p in &game.participants {
        // A streamer-mode player has neither (the live-mode tests cover them): nothing to look up.
        let (Some(puuid), Some(riot_id)) = (
            p.puuid.as_deref().filter(|s| !s.is_empty()),
            p.riot_id.as_deref().filter(|s| !s.is_empty()),
        ) else {
            continue;
        };
        let (name, tag) = riot_id.split_once('#').unwrap();
        let path = format!(
            "europe/riot/account/v1/accounts/by-riot-id/{}/{tag}",
            name.replace(' ', "%20")
        );
        let (_, _, a) = fetch(&base, &path).await;
        let RiotAnswer::Account(a) = a else {
            unreachable!()
        };
        assert_eq!(a.puuid, puuid);
        let (_, _, g) = fetch(
            &base,
            &format!("euw1/lol/spectator/v5/active-games/by-summoner/{puuid}"),
        )
        .await;
        let RiotAnswer::Game(g) = g else {
            unreachable!()
        };
        assert_eq!(g.game_id, game.game_id);
        assert!(g.participants.iter().all(|q| q.perks.is_some()));
        fetch(
            &base,
            &format!("euw1/lol/league/v4/entries/by-puuid/{puuid}"),
        )
        .await;
        fetch(
            &base,
            &format!("euw1/lol/champion-mastery/v4/scores/by-puuid/{puuid}"),
        )
        .await;
        let path = format!(
            "euw1/lol/champion-mastery/v4/champion-masteries/by-puuid/{puuid}/by-champion/{}",
            i32::from(p.champion_id)
        );
        // A champion never played is a 404, as Riot answers.
        if reqwest::get(format!("{base}/api/{path}"))
            .await
            .unwrap()
            .status()
            == 200
        {
            let (_, _, m) = fetch(&base, &path).await;
            let RiotAnswer::Mastery(m) = m else {
                unreachable!()
            };
            assert!(m.champion_points_until_next_level > 0);
            answers += 1;
        }
        answers += 5;
    }
    // At least 8 visible players (a game may hold a hidden one or two), 5 answers each.
    assert!(answers > 40, "{answers} answers parsed");

    // A player's match history (match-v5 ids by puuid) and a past match from it.
    let puuid = game
        .participants
        .iter()
        .find_map(|p| p.puuid.clone().filter(|s| !s.is_empty()))
        .unwrap();
    let (_, _, ids) = fetch(
        &base,
        &format!("europe/lol/match/v5/matches/by-puuid/{puuid}/ids"),
    )
    .await;
    let RiotAnswer::Ids(ids) = ids else {
        unreachable!()
    };
    assert!(!ids.is_empty());
    let path = format!("europe/lol/match/v5/matches/{}", ids.last().unwrap());
    let (_, body, m) = fetch(&base, &path).await;
    let RiotAnswer::Match(m) = m else {
        unreachable!()
    };
    let ours: riot::Match = serde_json::from_slice(&body).unwrap();
    assert!(ours.metadata.participants.contains(&puuid));
    check_match_figures(&m, &ours);

    // Finished matches, as their games end on the proxy's clock.
    let now = T0 + (started.elapsed().as_secs_f64() * 1000.0 * time_scale) as i64;
    truth.advance_to(now + 3_600_000);
    let ids: Vec<String> = (1..=2_000)
        .map(|k| format!("EUW1_{}", rivulet_lol::sim::FIRST_GAME_ID + k))
        .filter(|id| truth.match_by_id(id).is_some())
        .take(12)
        .collect();
    assert_eq!(ids.len(), 12);
    let deadline = Instant::now() + Duration::from_secs(20);
    for id in &ids {
        let path = format!("europe/lol/match/v5/matches/{id}");
        loop {
            let s = reqwest::get(format!("{base}/api/{path}"))
                .await
                .unwrap()
                .status();
            if s == 200 {
                break;
            }
            assert_eq!(s, 404);
            assert!(Instant::now() < deadline, "{id} never ended");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let (_, body, m) = fetch(&base, &path).await;
        let RiotAnswer::Match(m) = m else {
            unreachable!()
        };
        let ours: riot::Match = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            &ours,
            &truth.match_by_id(id).unwrap(),
            "the proxy serves the league's match"
        );
        check_match_figures(&m, &ours);
    }
}

#[test]
fn hundreds_of_simulated_matches_parse_including_remakes_and_aram() {
    let mut league = League::new(5, T0);
    league.advance_to(T0 + 8 * 3_600_000);
    let ep = routes::parse("europe/lol/match/v5/matches/EUW1_1").unwrap();
    let (mut n, mut remakes, mut aram) = (0, 0, 0);
    for k in 1..5_000 {
        let id = format!("EUW1_{}", rivulet_lol::sim::FIRST_GAME_ID + k);
        let Some(m) = league.match_by_id(&id) else {
            continue;
        };
        let body = serde_json::to_vec(&m).unwrap();
        let RiotAnswer::Match(parsed) = schema::parse(&ep, &body).unwrap() else {
            unreachable!()
        };
        check_match_figures(&parsed, &m);
        n += 1;
        remakes += usize::from(m.info.participants[0].game_ended_in_early_surrender);
        aram += usize::from(m.info.game_mode == "ARAM");
    }
    eprintln!("{n} matches, {remakes} remakes, {aram} ARAM");
    assert!(n > 400, "{n} matches");
    assert!(remakes > 3 && aram > 30, "{remakes} remakes, {aram} ARAM");
    // The same game's match is the same on every request.
    let id = format!("EUW1_{}", rivulet_lol::sim::FIRST_GAME_ID + 1);
    assert_eq!(league.match_by_id(&id), league.match_by_id(&id));
}

#[test]
fn replayed_answers_parse_into_rivens_types() {
    let Some(dir) = data("riot-seed-matches-2017/matches1.json") else {
        return;
    };
    let games = rivulet_lol::datasets::read_dataset(&dir).unwrap();
    let source = ReplaySource::new(games, "euw1", 3).unwrap();
    let mut league = League::with_source(source, "euw1", 10, 5000, T0);
    let game = league.live_games().next().unwrap().clone();
    let ep = |p: &str| routes::parse(p).unwrap();
    let body = serde_json::to_vec(&game.current(T0)).unwrap();
    let puuid = game.game.participants[0].puuid.clone().unwrap();
    schema::parse(
        &ep(&format!(
            "euw1/lol/spectator/v5/active-games/by-summoner/{puuid}"
        )),
        &body,
    )
    .unwrap();
    let featured = serde_json::to_vec(&league.featured("euw1", 5)).unwrap();
    schema::parse(&ep("euw1/lol/spectator/v5/featured-games"), &featured).unwrap();
    for p in &game.game.participants {
        let puuid = p.puuid.clone().unwrap();
        let entries = league.league_entries("euw1", &puuid).unwrap();
        let path = format!("euw1/lol/league/v4/entries/by-puuid/{puuid}");
        schema::parse(&ep(&path), &serde_json::to_vec(&entries).unwrap()).unwrap();
        let (name, tag) = p.riot_id.split_once('#').unwrap();
        let acc = league.account_by_riot_id(name, tag).unwrap();
        let path = format!("europe/riot/account/v1/accounts/by-riot-id/{name}/{tag}");
        schema::parse(&ep(&path), &serde_json::to_vec(&acc).unwrap()).unwrap();
    }
    league.advance_to(game.end_ms());
    let m = league.match_by_id(&game.match_id()).unwrap();
    let path = format!("europe/lol/match/v5/matches/{}", game.match_id());
    let RiotAnswer::Match(parsed) =
        schema::parse(&ep(&path), &serde_json::to_vec(&m).unwrap()).unwrap()
    else {
        unreachable!()
    };
    assert_eq!(parsed.info.game_duration, game.duration_s);
}

/// The real Riot samples go through the same parse (and through rivulet's own readers).
#[test]
fn real_riot_samples_parse_through_the_same_function() {
    let Some(dir) = data("api-samples") else {
        return;
    };
    let files = |endpoint: &str| -> Vec<PathBuf> {
        let mut v = Vec::new();
        for owner in std::fs::read_dir(dir.join(endpoint)).unwrap() {
            for f in std::fs::read_dir(owner.unwrap().path()).unwrap() {
                v.push(f.unwrap().path());
            }
        }
        v
    };
    let matches = files("match-v5");
    assert!(!matches.is_empty());
    for f in matches {
        let body = std::fs::read(&f).unwrap();
        let ours: riot::Match = serde_json::from_slice(&body).unwrap();
        let path = format!("americas/lol/match/v5/matches/NA1_{}", ours.info.game_id);
        let ep = routes::parse(&path).unwrap();
        let parsed = schema::parse(&ep, &body).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let RiotAnswer::Match(m) = parsed else {
            unreachable!()
        };
        assert_eq!(
            m.metadata.match_id,
            ours.metadata.match_id,
            "{}",
            f.display()
        );
    }
    for f in files("spectator-v5") {
        let body = std::fs::read(&f).unwrap();
        let ours: riot::CurrentGameInfo = serde_json::from_slice(&body).unwrap();
        let puuid = ours.participants[0].puuid.clone().unwrap();
        let ep = routes::parse(&format!(
            "euw1/lol/spectator/v5/active-games/by-summoner/{puuid}"
        ))
        .unwrap();
        schema::parse(&ep, &body).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
}
