//! The dataset readers on the real files in `../shared/data` (skipped, with a message, when absent).
#![cfg(not(target_arch = "wasm32"))]

use rivulet_lol::datasets::{read_games_csv, read_seed_matches};
use std::path::PathBuf;

fn data(rel: &str) -> Option<PathBuf> {
    rivulet_lol::datasets::shared_data(rel)
}

#[test]
fn games_csv_reads_51053_unique_games_in_time_order() {
    let Some(p) = data("kaggle-datasnaek-games-2017/games.csv") else {
        return;
    };
    let games = read_games_csv(&p).unwrap();
    assert_eq!(games.len(), 51_053);
    assert!(games
        .windows(2)
        .all(|w| w[0].game.game_start_time <= w[1].game.game_start_time));
    let remakes = games.iter().filter(|g| g.duration_s < 300.0).count();
    // 1,195 rows under 300 s, 1,187 once duplicates are dropped (docs/evaluation.md).
    assert_eq!(remakes, 1_187);
    for g in &games {
        assert_eq!(g.game.participants.len(), 10);
        assert!(g.game.banned_champions.iter().all(|b| b.champion_id > 0));
        assert!(g.duration_s >= 190.0 && g.duration_s <= 4728.0);
    }
}

#[test]
fn seed_matches_read_1000_games_with_tiers() {
    let Some(p) = data("riot-seed-matches-2017") else {
        return;
    };
    let games = read_seed_matches(&p).unwrap();
    assert_eq!(games.len(), 1_000);
    assert!(games
        .iter()
        .all(|g| g.game.game_queue_config_id == Some(420) && g.game.participants.len() == 10));
    let ranked: usize = games.iter().map(|g| g.extras.ranks.len()).sum();
    assert!(
        ranked > 5_000,
        "most seed players have a tier, got {ranked}"
    );
    let max = games.iter().map(|g| g.duration_s).fold(0.0, f64::max);
    assert_eq!(max, 3509.0);
}
