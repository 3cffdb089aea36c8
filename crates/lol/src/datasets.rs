//! Dataset readers: every real data source becomes a stream of [`LabeledGame`]s, i.e. the
//! spectator-v5 shape the page sees before a match ([`CurrentGameInfo`] + [`GameExtras`]) plus
//! the true duration. Pre-game information only: winners, kills, stats and timelines are never
//! read, so no reader can leak the outcome into the features.
//!
//! - [`read_games_csv`]: the Kaggle "datasnaek" `games.csv` (ranked EUW 2017, CR line endings,
//!   437 duplicate rows). Native only (it uses the `csv` crate).
//! - [`read_seed_matches`] / [`parse_seed_matches`]: Riot's 2017 seed files (match-v3 shape,
//!   `{"matches": [...]}`); the parser compiles for wasm too.
//!
//! Both return games in time order (stable on ties), duplicates by `gameId` dropped.

use crate::riot::{
    BannedChampion, CurrentGameInfo, CurrentGameParticipant, GameExtras, LeagueEntry, TIERS,
};
use serde::Deserialize;
use std::fmt;

/// One finished game as the page would have seen it before it started, with its true duration.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledGame {
    pub game: CurrentGameInfo,
    pub extras: GameExtras,
    /// The true duration, seconds.
    pub duration_s: f64,
}

/// Why a dataset could not be read. Every variant names the file (or "input") and the place.
#[derive(Debug)]
pub enum DatasetError {
    Io {
        path: String,
        message: String,
    },
    /// A malformed record: `record` counts data records from 1 (the header is not counted).
    Parse {
        path: String,
        record: u64,
        message: String,
    },
    /// A required column is missing from the header.
    MissingColumn {
        path: String,
        column: String,
    },
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatasetError::Io { path, message } => write!(f, "{path}: {message}"),
            DatasetError::Parse {
                path,
                record,
                message,
            } => {
                write!(f, "{path}: record {record}: {message}")
            }
            DatasetError::MissingColumn { path, column } => {
                write!(f, "{path}: missing column '{column}'")
            }
        }
    }
}

impl std::error::Error for DatasetError {}

#[cfg(not(target_arch = "wasm32"))]
/// Team ids as Riot numbers them: `t1` = blue = 100, `t2` = red = 200.
const TEAMS: [(&str, i64); 2] = [("t1", 100), ("t2", 200)];

/// Sort by start time (stable), then drop repeated game ids, keeping the first.
#[cfg(not(target_arch = "wasm32"))]
fn time_order_dedup(mut games: Vec<LabeledGame>) -> Vec<LabeledGame> {
    games.sort_by_key(|g| g.game.game_start_time);
    let mut seen = std::collections::HashSet::new();
    games.retain(|g| seen.insert(g.game.game_id));
    games
}

fn check_duration(d: f64, path: &str, record: u64) -> Result<f64, DatasetError> {
    if d.is_finite() && d > 0.0 {
        Ok(d)
    } else {
        Err(DatasetError::Parse {
            path: path.to_string(),
            record,
            message: format!("game duration must be a positive number of seconds, got {d}"),
        })
    }
}

/// Reads a dataset by its path: a Kaggle `games.csv` (a `.csv` file) or Riot's seed match-v3
/// files (a `.json` file, or a folder of them).
#[cfg(not(target_arch = "wasm32"))]
pub fn read_dataset(path: impl AsRef<std::path::Path>) -> Result<Vec<LabeledGame>, DatasetError> {
    let path = path.as_ref();
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        read_games_csv(path)
    } else {
        read_seed_matches(path)
    }
}

/// Reads the Kaggle `games.csv` (described in docs/evaluation.md): one ranked solo/duo game
/// (queue 420, CLASSIC, Summoner's Rift) per row. Start time = `creationTime`; `-1` bans are
/// skipped; ban `pickTurn` alternates blue/red (1, 3, 5, 7, 9 for `t1`; 2, 4, ... for `t2`).
/// The file carries no player ids, ranks or masteries, so `extras` is empty.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_games_csv(path: impl AsRef<std::path::Path>) -> Result<Vec<LabeledGame>, DatasetError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| DatasetError::Io {
        path: name.clone(),
        message: e.to_string(),
    })?;
    parse_games_csv(std::io::BufReader::new(file), &name)
}

/// [`read_games_csv`] over any reader; `name` is used in error messages.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_games_csv<R: std::io::Read>(
    reader: R,
    name: &str,
) -> Result<Vec<LabeledGame>, DatasetError> {
    // The csv crate's default terminator accepts \r, \n and \r\n: the CR-only file reads as is.
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(reader);
    let headers = rdr
        .headers()
        .map_err(|e| DatasetError::Io {
            path: name.to_string(),
            message: e.to_string(),
        })?
        .clone();
    let col = |c: &str| -> Result<usize, DatasetError> {
        headers
            .iter()
            .position(|h| h.trim() == c)
            .ok_or_else(|| DatasetError::MissingColumn {
                path: name.to_string(),
                column: c.to_string(),
            })
    };
    let c_id = col("gameId")?;
    let c_time = col("creationTime")?;
    let c_dur = col("gameDuration")?;
    // (team id, [(champ, sum1, sum2); 5], [ban; 5]) column indices.
    let mut team_cols = Vec::new();
    for (prefix, team) in TEAMS {
        let mut players = Vec::new();
        let mut bans = Vec::new();
        for i in 1..=5 {
            players.push((
                col(&format!("{prefix}_champ{i}id"))?,
                col(&format!("{prefix}_champ{i}_sum1"))?,
                col(&format!("{prefix}_champ{i}_sum2"))?,
            ));
            bans.push(col(&format!("{prefix}_ban{i}"))?);
        }
        team_cols.push((team, players, bans));
    }

    let mut games = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut n: u64 = 0;
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(DatasetError::Parse {
                    path: name.to_string(),
                    record: n + 1,
                    message: e.to_string(),
                })
            }
        }
        n += 1;
        let int = |i: usize, what: &str| -> Result<i64, DatasetError> {
            let s = record.get(i).unwrap_or("").trim();
            s.parse::<i64>().map_err(|_| DatasetError::Parse {
                path: name.to_string(),
                record: n,
                message: format!("column '{what}': expected an integer, got '{s}'"),
            })
        };
        let game_id = int(c_id, "gameId")?;
        let start = int(c_time, "creationTime")?;
        let duration = check_duration(int(c_dur, "gameDuration")? as f64, name, n)?;
        let mut participants = Vec::with_capacity(10);
        let mut banned = Vec::with_capacity(10);
        for (side, (team, players, bans)) in team_cols.iter().enumerate() {
            for &(c, s1, s2) in players {
                participants.push(CurrentGameParticipant {
                    puuid: None,
                    team_id: *team,
                    champion_id: int(c, "champion id")?,
                    spell1_id: int(s1, "summoner spell")?,
                    spell2_id: int(s2, "summoner spell")?,
                    profile_icon_id: 0,
                    riot_id: String::new(),
                    bot: false,
                    perks: None,
                    game_customization_objects: Vec::new(),
                });
            }
            for (k, &b) in bans.iter().enumerate() {
                let champ = int(b, "ban")?;
                if champ >= 0 {
                    banned.push(BannedChampion {
                        champion_id: champ,
                        team_id: *team,
                        pick_turn: (2 * k + 1 + side) as i64,
                    });
                }
            }
        }
        games.push(LabeledGame {
            game: CurrentGameInfo {
                game_id,
                map_id: 11,
                game_mode: "CLASSIC".into(),
                game_type: "MATCHED_GAME".into(),
                game_queue_config_id: Some(420),
                participants,
                banned_champions: banned,
                platform_id: "EUW1".into(),
                game_start_time: start,
                game_length: 0,
                observers: None,
            },
            extras: GameExtras::default(),
            duration_s: duration,
        });
    }
    Ok(time_order_dedup(games))
}

// ---- Riot's 2017 seed files (match-v3) ----

#[derive(Deserialize)]
struct SeedFile {
    matches: Vec<V3Match>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V3Match {
    game_id: i64,
    #[serde(default)]
    platform_id: String,
    #[serde(default)]
    game_creation: i64,
    /// Seconds in match-v3.
    game_duration: f64,
    #[serde(default)]
    queue_id: Option<i64>,
    #[serde(default)]
    map_id: i64,
    #[serde(default)]
    game_mode: String,
    #[serde(default)]
    game_type: String,
    #[serde(default)]
    teams: Vec<V3Team>,
    participants: Vec<V3Participant>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V3Team {
    team_id: i64,
    #[serde(default)]
    bans: Vec<V3Ban>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V3Ban {
    champion_id: i64,
    pick_turn: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V3Participant {
    participant_id: i64,
    team_id: i64,
    champion_id: i64,
    spell1_id: i64,
    spell2_id: i64,
    #[serde(default)]
    highest_achieved_season_tier: Option<String>,
}

/// Parses one seed file's text (`{"matches": [...]}`, match-v3). Each player gets a synthetic
/// puuid `seed-{gameId}-{participantId}` so that `highestAchievedSeasonTier` can travel as a
/// league-v4-like entry in `extras.ranks` (queue RANKED_SOLO_5x5, that tier, division "" =
/// unknown); UNRANKED players get no entry, as league-v4 would answer `[]`.
pub fn parse_seed_matches(text: &str, name: &str) -> Result<Vec<LabeledGame>, DatasetError> {
    let file: SeedFile = serde_json::from_str(text).map_err(|e| DatasetError::Parse {
        path: name.to_string(),
        record: 0,
        message: format!("not a seed file ({{\"matches\": [...]}} of match-v3): {e}"),
    })?;
    let mut out = Vec::with_capacity(file.matches.len());
    for (i, m) in file.matches.into_iter().enumerate() {
        let record = i as u64 + 1;
        let duration = check_duration(m.game_duration, name, record)?;
        if m.participants.is_empty() {
            return Err(DatasetError::Parse {
                path: name.to_string(),
                record,
                message: "no participants".into(),
            });
        }
        let mut extras = GameExtras::default();
        let participants = m
            .participants
            .iter()
            .map(|p| {
                let puuid = format!("seed-{}-{}", m.game_id, p.participant_id);
                if let Some(tier) = p
                    .highest_achieved_season_tier
                    .as_deref()
                    .filter(|t| TIERS.contains(t))
                {
                    extras.ranks.insert(
                        puuid.clone(),
                        vec![LeagueEntry::known_rank(&puuid, "RANKED_SOLO_5x5", tier, "")],
                    );
                }
                CurrentGameParticipant {
                    puuid: Some(puuid),
                    team_id: p.team_id,
                    champion_id: p.champion_id,
                    spell1_id: p.spell1_id,
                    spell2_id: p.spell2_id,
                    profile_icon_id: 0,
                    riot_id: String::new(),
                    bot: false,
                    perks: None,
                    game_customization_objects: Vec::new(),
                }
            })
            .collect();
        let banned_champions = m
            .teams
            .iter()
            .flat_map(|t| {
                t.bans
                    .iter()
                    .filter(|b| b.champion_id >= 0)
                    .map(move |b| BannedChampion {
                        champion_id: b.champion_id,
                        team_id: t.team_id,
                        pick_turn: b.pick_turn,
                    })
            })
            .collect();
        out.push(LabeledGame {
            game: CurrentGameInfo {
                game_id: m.game_id,
                map_id: m.map_id,
                game_mode: m.game_mode,
                game_type: m.game_type,
                game_queue_config_id: m.queue_id,
                participants,
                banned_champions,
                platform_id: m.platform_id,
                game_start_time: m.game_creation,
                game_length: 0,
                observers: None,
            },
            extras,
            duration_s: duration,
        });
    }
    Ok(out)
}

/// Reads one seed file, or every `*.json` file of a folder (in name order), merged in time order
/// with duplicate game ids dropped.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_seed_matches(
    path: impl AsRef<std::path::Path>,
) -> Result<Vec<LabeledGame>, DatasetError> {
    let path = path.as_ref();
    let io = |p: &std::path::Path, e: std::io::Error| DatasetError::Io {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    let mut files = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).map_err(|e| io(path, e))? {
            let p = entry.map_err(|e| io(path, e))?.path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
        files.sort();
        if files.is_empty() {
            return Err(DatasetError::Io {
                path: path.display().to_string(),
                message: "no .json files in this folder".into(),
            });
        }
    } else {
        files.push(path.to_path_buf());
    }
    let mut all = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| io(&f, e))?;
        all.extend(parse_seed_matches(&text, &f.display().to_string())?);
    }
    Ok(time_order_dedup(all))
}

/// A file of the project's real LoL data, which is never committed: `rel` inside
/// `$RIVULET_SHARED_DATA`, or else `../shared/data` beside the checkout. `None` when it is
/// absent, after saying on stderr what is skipped, so that tests and benches use the real data
/// where it is and say so where it is not.
#[cfg(not(target_arch = "wasm32"))]
pub fn shared_data(rel: &str) -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("RIVULET_SHARED_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
        });
    let p = dir.join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (the real data is not in the repository)",
            p.display()
        );
        None
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const HEADER: &str = "gameId,creationTime,gameDuration,seasonId,winner,t1_champ1id,t1_champ1_sum1,t1_champ1_sum2,t1_champ2id,t1_champ2_sum1,t1_champ2_sum2,t1_champ3id,t1_champ3_sum1,t1_champ3_sum2,t1_champ4id,t1_champ4_sum1,t1_champ4_sum2,t1_champ5id,t1_champ5_sum1,t1_champ5_sum2,t1_ban1,t1_ban2,t1_ban3,t1_ban4,t1_ban5,t2_champ1id,t2_champ1_sum1,t2_champ1_sum2,t2_champ2id,t2_champ2_sum1,t2_champ2_sum2,t2_champ3id,t2_champ3_sum1,t2_champ3_sum2,t2_champ4id,t2_champ4_sum1,t2_champ4_sum2,t2_champ5id,t2_champ5_sum1,t2_champ5_sum2,t2_ban1,t2_ban2,t2_ban3,t2_ban4,t2_ban5";

    fn row(id: i64, time: i64, dur: i64, ban1: i64) -> String {
        let mut cols = vec![
            id.to_string(),
            time.to_string(),
            dur.to_string(),
            "9".into(),
            "1".into(),
        ];
        for t in 0..2 {
            for p in 0..5 {
                cols.extend([(10 + t * 5 + p).to_string(), "4".into(), "14".into()]);
            }
            cols.extend([
                ban1.to_string(),
                "-1".into(),
                "3".into(),
                "4".into(),
                "5".into(),
            ]);
        }
        cols.join(",")
    }

    #[test]
    fn games_csv_with_cr_endings_is_time_ordered_deduplicated() {
        let text = [
            HEADER.to_string(),
            row(7, 300, 1800, 99),
            row(5, 100, 190, -1),
            row(7, 300, 1800, 99),
        ]
        .join("\r")
            + "\r";
        let games = parse_games_csv(text.as_bytes(), "t.csv").unwrap();
        assert_eq!(games.len(), 2);
        assert_eq!(games[0].game.game_id, 5);
        assert_eq!(games[0].duration_s, 190.0);
        assert_eq!(games[1].game.game_start_time, 300);
        let g = &games[1].game;
        assert_eq!(g.participants.len(), 10);
        assert_eq!(g.participants[0].team_id, 100);
        assert_eq!(g.participants[9].team_id, 200);
        assert_eq!(g.participants[9].champion_id, 19);
        assert_eq!(g.game_queue_config_id, Some(420));
        // -1 bans are skipped (ban2 is always -1 here; game 5 also has ban1 = -1).
        assert_eq!(g.banned_champions.len(), 8);
        assert_eq!(games[0].game.banned_champions.len(), 6);
        assert!(games[0]
            .game
            .banned_champions
            .iter()
            .all(|b| b.champion_id >= 0));
    }

    #[test]
    fn malformed_csv_names_record_and_column() {
        let text = [
            HEADER.to_string(),
            row(1, 1, 1500, 3),
            row(2, 2, 1500, 3).replacen(",1500,", ",abc,", 1),
        ]
        .join("\n");
        let e = parse_games_csv(text.as_bytes(), "t.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("record 2") && e.contains("gameDuration"), "{e}");
        let e = parse_games_csv("gameId,creationTime\n1,2\n".as_bytes(), "t.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing column 'gameDuration'"), "{e}");
        let text = [HEADER.to_string(), row(1, 1, 0, 3)].join("\n");
        assert!(parse_games_csv(text.as_bytes(), "t.csv").is_err());
    }

    #[test]
    fn seed_match_maps_bans_spells_and_tier() {
        let text = r#"{"matches":[{"gameId":9,"gameCreation":5,"gameDuration":1873,"queueId":420,"mapId":11,
            "gameMode":"CLASSIC","gameType":"MATCHED_GAME","platformId":"NA1",
            "teams":[{"teamId":100,"win":"Win","bans":[{"championId":31,"pickTurn":1},{"championId":-1,"pickTurn":3}]}],
            "participants":[{"participantId":1,"teamId":100,"championId":240,"spell1Id":4,"spell2Id":12,"highestAchievedSeasonTier":"GOLD","stats":{"kills":3}},
                            {"participantId":2,"teamId":200,"championId":1,"spell1Id":4,"spell2Id":7,"highestAchievedSeasonTier":"UNRANKED"}]}]}"#;
        let g = parse_seed_matches(text, "m.json").unwrap();
        assert_eq!(g.len(), 1);
        let lg = &g[0];
        assert_eq!(lg.duration_s, 1873.0);
        assert_eq!(
            lg.game.banned_champions,
            vec![BannedChampion {
                champion_id: 31,
                team_id: 100,
                pick_turn: 1
            }]
        );
        assert_eq!(lg.game.participants[1].spell2_id, 7);
        assert_eq!(lg.extras.ranks.len(), 1);
        assert_eq!(lg.extras.ranks["seed-9-1"][0].tier, "GOLD");
        assert!(parse_seed_matches("{\"matches\": 3}", "m.json")
            .unwrap_err()
            .to_string()
            .contains("m.json"));
    }
}
