//! The generative model of the simulated league: a roster of players and games drawn from it.
//!
//! A game's expected duration is
//! `ratio(mode) · (mean + Σ champion effect + gap_slope · (gap − mean_gap) + tier_slope ·
//! clamp(mean_tier − seed_mean_tier))`, with the figures of [`super::calibration`]; its
//! duration adds noise drawn from the measured ranked duration quantiles (centred, scaled by the
//! mode's ratio), or is a remake with the mode's remake rate. The noiseless value and the noise
//! are kept in [`SimGame`] so evaluation can measure the irreducible error.

use std::collections::{HashMap, HashSet};

use rand::distributions::{Distribution, WeightedIndex};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::calibration as cal;
use super::{extras_for, postgame, GameSource, SimGame};
use crate::modes::{Mode, MODERN_MODES, MODES};
use crate::riot::{
    Account, BannedChampion, ChampionMastery, CurrentGameInfo, CurrentGameParticipant, LeagueEntry,
    SeasonMilestone,
};

use crate::riot::TIERS;
/// Share of ranked players per tier (EUW ladder distribution, rounded, 2025).
const TIER_SHARE: [f64; 10] = [
    0.08, 0.18, 0.20, 0.19, 0.15, 0.12, 0.06, 0.012, 0.002, 0.001,
];
const DIVISIONS: [&str; 4] = ["IV", "III", "II", "I"];

/// The default [`SimConfig::streamer_share`]: about one game in four (1 − 0.97¹⁰ ≈ 26 %) holds
/// at least one hidden player, so the page meets them offline too.
pub const STREAMER_SHARE: f64 = 0.03;

/// Simulated league settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    pub seed: u64,
    /// Platform the league lives on (match ids use it upper-cased).
    pub platform: String,
    /// Games kept live at once.
    pub live_games: usize,
    /// Players in the roster (must exceed 10 × live_games; raised if not).
    pub roster: usize,
    /// Finished matches kept for match-v5.
    pub finished_cap: usize,
    /// Players of the roster (its last ones) who never play: Riot IDs that exist but are never
    /// in a game (the proxy lists them in `/api/meta` as `idle`). 0 keeps every draw as before.
    pub idle_players: usize,
    /// Share of the roster playing in streamer mode: in a live game (spectator-v5) they show no
    /// puuid and no Riot ID, and their own active-game lookup answers 404 (not in a game), as
    /// Riot's live-game results do since late 2025. Riot publishes no figure; see
    /// `docs/live-mode.md` for why 3 %.
    pub streamer_share: f64,
    /// Play today's queue mix ([`MODERN_MODES`]: Swiftplay and ARURF besides ranked, normal
    /// draft and ARAM) instead of the calibrated four queues ([`MODES`]).
    pub modern_queues: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 0,
            platform: "euw1".into(),
            live_games: 30,
            roster: 1500,
            finished_cap: 5000,
            idle_players: 0,
            streamer_share: STREAMER_SHARE,
            modern_queues: false,
        }
    }
}

#[derive(Debug, Clone)]
struct Player {
    /// Plays in streamer mode (hidden in live games).
    streamer: bool,
    puuid: String,
    game_name: String,
    tag_line: String,
    /// Hidden skill in [0, 10): the tier index is its floor, the division its fraction.
    skill: f64,
    ranked_solo: bool,
    ranked_flex: bool,
    profile_icon: i64,
    wins: i64,
    losses: i64,
    mastery_seed: u64,
}

/// The simulated game generator and its roster.
#[derive(Debug, Clone)]
pub struct SimSource {
    platform: String,
    rng: ChaCha8Rng,
    players: Vec<Player>,
    by_puuid: HashMap<String, usize>,
    by_riot_id: HashMap<String, usize>,
    champ_weights: WeightedIndex<f64>,
    champ_effect: HashMap<i64, f64>,
    mode_weights: WeightedIndex<f64>,
    /// Today's queue mix ([`MODERN_MODES`]) rather than [`MODES`].
    modern_queues: bool,
    /// The last `idle` players never play.
    idle: usize,
    /// Games played before the league's clock started (every player's match history).
    past_games: usize,
    past_seed: u64,
    /// Per player, the past games they played (indices, oldest first); built on first use.
    past_index: std::sync::OnceLock<Vec<Vec<u32>>>,
}

/// The first game id of the past games (below the league's [`super::FIRST_GAME_ID`], as Riot's
/// ids grow with time).
pub const PAST_FIRST_GAME_ID: i64 = 6_000_000_001;
/// Past games per playing player: each game has 10 players, so a player played about
/// `10 × PAST_GAMES_PER_PLAYER` of them.
pub const PAST_GAMES_PER_PLAYER: usize = 3;
/// League-clock time between two past games' starts, and the gap between the last past game's
/// start and the league's start (longer than any game).
const PAST_SPACING_MS: i64 = 10 * 60_000;
const PAST_GAP_MS: i64 = 2 * 3_600_000;

/// When past game `index` of `count` started: every past game ended before the league started.
pub(crate) fn past_start_ms(index: usize, count: usize, league_start_ms: i64) -> i64 {
    league_start_ms - PAST_GAP_MS - (count - index) as i64 * PAST_SPACING_MS
}

/// A participant hidden by streamer mode: who it really is (match-v5 names every player once
/// the game is over).
#[derive(Debug, Clone, PartialEq)]
pub struct HiddenPlayer {
    /// Index in the spectator payload's `participants`.
    pub slot: usize,
    pub puuid: String,
    /// "gameName#tagLine".
    pub riot_id: String,
}

fn riot_id_key(game_name: &str, tag_line: &str) -> String {
    format!("{}#{}", game_name.to_lowercase(), tag_line.to_lowercase())
}

/// splitmix64: a stateless hash for per-(player, champion) figures.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn unit(z: u64) -> f64 {
    (z >> 11) as f64 / (1u64 << 53) as f64
}

const SYLLABLES: [&str; 40] = [
    "ka", "ri", "mo", "zen", "lu", "dra", "vex", "sha", "no", "tor", "el", "mir", "quin", "ra",
    "sol", "fen", "gar", "ith", "ny", "ko", "va", "lis", "thra", "um", "bel", "cor", "dax", "ae",
    "jin", "ro", "sy", "tal", "wyn", "xo", "yu", "zar", "bri", "ost", "ul", "fi",
];
const WORDS: [&str; 24] = [
    "Shadow", "Frost", "Lucky", "Silent", "Crimson", "Tiny", "Iron", "Wild", "Lazy", "Mystic",
    "Storm", "Golden", "Night", "Salty", "Happy", "Rogue", "Blue", "Feral", "Noble", "Void",
    "Sunny", "Grim", "Swift", "Old",
];
const NOUNS: [&str; 20] = [
    "Fox", "Wolf", "Mage", "Tiger", "Otter", "Raven", "Poro", "Knight", "Jungler", "Lich",
    "Dragon", "Panda", "Sage", "Goose", "Comet", "Blade", "Owl", "Moth", "Baron", "Golem",
];
const PUUID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn draw_name(rng: &mut ChaCha8Rng) -> String {
    let mut name = match rng.gen_range(0..3) {
        0 => {
            let n = rng.gen_range(2..=3);
            let mut s: String = (0..n).map(|_| *SYLLABLES.choose(rng).unwrap()).collect();
            if let Some(first) = s.get(0..1) {
                let up = first.to_uppercase();
                s.replace_range(0..1, &up);
            }
            s
        }
        1 => format!(
            "{}{}",
            WORDS.choose(rng).unwrap(),
            NOUNS.choose(rng).unwrap()
        ),
        _ => format!(
            "{} {}",
            WORDS.choose(rng).unwrap(),
            NOUNS.choose(rng).unwrap()
        ),
    };
    if rng.gen_bool(0.35) {
        name.push_str(&rng.gen_range(1..1000).to_string());
    }
    name.chars().take(16).collect()
}

fn draw_tag(rng: &mut ChaCha8Rng, platform: &str) -> String {
    match rng.gen_range(0..10) {
        0..=3 => platform
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .to_ascii_uppercase(),
        4..=6 => rng.gen_range(100..100_000).to_string(),
        _ => {
            let n = rng.gen_range(3..=5);
            (0..n)
                .map(|_| {
                    let c = PUUID_ALPHABET[rng.gen_range(0..36)] as char;
                    c.to_ascii_lowercase()
                })
                .collect()
        }
    }
}

fn quantile_noise(u: f64) -> f64 {
    let q = &cal::DURATION_QUANTILES_S;
    let pos = u.clamp(0.0, 1.0) * (q.len() - 1) as f64;
    let lo = (pos.floor() as usize).min(q.len() - 2);
    let v = q[lo] + (q[lo + 1] - q[lo]) * (pos - lo as f64);
    v - cal::DURATION_MEAN_S
}

/// Points needed for each mastery level up to 5; beyond it every level takes 11,000 more.
const LEVEL_POINTS: [i64; 5] = [0, 1_800, 6_000, 12_600, 21_600];

fn mastery_level(points: i64) -> i64 {
    match LEVEL_POINTS.iter().rposition(|&p| points >= p) {
        Some(4) => 5 + (points - 21_600) / 11_000,
        Some(i) => i as i64 + 1,
        None => 1,
    }
}

/// The points at which `level` starts.
fn level_start(level: i64) -> i64 {
    match level {
        l if l <= 5 => LEVEL_POINTS[(l.max(1) - 1) as usize],
        l => 21_600 + (l - 5) * 11_000,
    }
}

impl SimSource {
    pub fn new(config: SimConfig) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        let idle = config.idle_players.min(1000);
        let roster = config.roster.max(config.live_games * 10 + 50 + idle);
        let tier_pick = WeightedIndex::new(TIER_SHARE).expect("static weights");
        let mut players = Vec::with_capacity(roster);
        let mut by_puuid = HashMap::with_capacity(roster);
        let mut by_riot_id = HashMap::with_capacity(roster);
        while players.len() < roster {
            let game_name = draw_name(&mut rng);
            let tag_line = draw_tag(&mut rng, &config.platform);
            let key = riot_id_key(&game_name, &tag_line);
            if game_name.chars().count() < 3 || by_riot_id.contains_key(&key) {
                continue;
            }
            let puuid: String = (0..78)
                .map(|_| PUUID_ALPHABET[rng.gen_range(0..64)] as char)
                .collect();
            let tier = tier_pick.sample(&mut rng);
            let skill = tier as f64 + rng.gen::<f64>();
            let games = rng.gen_range(5..400);
            let wins = (games as f64 * (0.5 + (rng.gen::<f64>() - 0.5) * 0.1)) as i64;
            by_puuid.insert(puuid.clone(), players.len());
            by_riot_id.insert(key, players.len());
            players.push(Player {
                streamer: false,
                puuid,
                game_name,
                tag_line,
                skill,
                ranked_solo: rng.gen_bool(0.85),
                ranked_flex: rng.gen_bool(0.3),
                profile_icon: rng.gen_range(1..7000),
                wins,
                losses: games - wins,
                mastery_seed: rng.gen(),
            });
            // From the player's own seed, drawn as before: the league's draws stay what they were.
            if let Some(p) = players.last_mut() {
                p.streamer = unit(mix(p.mastery_seed ^ 0x5742_eeaa)) < config.streamer_share;
            }
        }
        let effects: HashMap<i64, (f64, u32)> = cal::CHAMPION_EFFECTS
            .iter()
            .map(|&(c, e, n)| (c, (e, n)))
            .collect();
        let mut picks: Vec<u32> = effects.values().map(|&(_, n)| n).collect();
        picks.sort_unstable();
        let median = picks.get(picks.len() / 2).copied().unwrap_or(1).max(1);
        let weights: Vec<f64> = cal::CHAMPION_IDS
            .iter()
            .map(|c| effects.get(c).map_or(median, |&(_, n)| n.max(1)) as f64)
            .collect();
        let modes: &'static [Mode] = if config.modern_queues {
            &MODERN_MODES
        } else {
            &MODES
        };
        SimSource {
            platform: config.platform.to_ascii_lowercase(),
            rng,
            players,
            by_puuid,
            by_riot_id,
            champ_weights: WeightedIndex::new(weights).expect("positive weights"),
            champ_effect: effects.into_iter().map(|(c, (e, _))| (c, e)).collect(),
            mode_weights: WeightedIndex::new(modes.iter().map(|m| m.share))
                .expect("positive shares"),
            modern_queues: config.modern_queues,
            idle,
            past_games: (roster - idle) * PAST_GAMES_PER_PLAYER,
            past_seed: mix(config.seed ^ 0x7061_7374_6761_6d65),
            past_index: std::sync::OnceLock::new(),
        }
    }

    /// The queues played, weighted by `mode_weights`.
    fn modes(&self) -> &'static [Mode] {
        if self.modern_queues {
            &MODERN_MODES
        } else {
            &MODES
        }
    }

    /// The generator of past game `index`: its own stream, so each past game can be drawn alone.
    fn past_rng(&self, index: usize) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(mix(self.past_seed ^ index as u64))
    }

    /// Who played each past game, per player: the first draws of [`SimSource::draw`] (the
    /// mode, then the players) from each past game's stream.
    fn past_index(&self) -> &Vec<Vec<u32>> {
        self.past_index.get_or_init(|| {
            let mut per_player = vec![Vec::new(); self.players.len()];
            let none = HashSet::new();
            for j in 0..self.past_games {
                let mut rng = self.past_rng(j);
                let mode = &self.modes()[self.mode_weights.sample(&mut rng)];
                let ranked = mode.queue_id == 420 || mode.queue_id == 440;
                for p in self
                    .pick_players(&mut rng, ranked, &none)
                    .unwrap_or_default()
                {
                    per_player[p].push(j as u32);
                }
            }
            per_player
        })
    }

    /// Every player's Riot ID (for tests and the roster size).
    pub fn accounts(&self) -> impl Iterator<Item = Account> + '_ {
        self.players.iter().map(|p| Account {
            puuid: p.puuid.clone(),
            game_name: p.game_name.clone(),
            tag_line: p.tag_line.clone(),
        })
    }

    /// The players who never play (see [`SimConfig::idle_players`]).
    pub fn idle_accounts(&self) -> Vec<Account> {
        self.accounts()
            .skip(self.players.len() - self.idle)
            .collect()
    }

    /// The champion's calibrated effect on duration (seconds; 0 for champions after 2017).
    pub fn champion_effect(&self, champion_id: i64) -> f64 {
        self.champ_effect.get(&champion_id).copied().unwrap_or(0.0)
    }

    fn entries(&self, p: &Player) -> Vec<LeagueEntry> {
        let mut out = Vec::new();
        let tier = (p.skill.floor() as usize).min(9);
        let frac = p.skill - p.skill.floor();
        let (rank, lp) = if tier >= 7 {
            ("I", (frac * 1200.0) as i64)
        } else {
            (
                DIVISIONS[(frac * 4.0) as usize % 4],
                ((frac * 400.0) as i64) % 100,
            )
        };
        for (on, queue) in [
            (p.ranked_solo, "RANKED_SOLO_5x5"),
            (p.ranked_flex, "RANKED_FLEX_SR"),
        ] {
            if on {
                out.push(LeagueEntry {
                    league_id: format!(
                        "{:08x}-sim-{}",
                        mix(p.mastery_seed ^ tier as u64) as u32,
                        TIERS[tier].to_lowercase()
                    ),
                    queue_type: queue.into(),
                    tier: TIERS[tier].into(),
                    rank: rank.into(),
                    puuid: p.puuid.clone(),
                    league_points: lp,
                    wins: p.wins,
                    losses: p.losses,
                    veteran: p.wins + p.losses > 300,
                    inactive: false,
                    fresh_blood: p.wins + p.losses < 30,
                    hot_streak: mix(p.mastery_seed).is_multiple_of(7),
                });
            }
        }
        out
    }

    fn player_mastery(&self, p: &Player, champion_id: i64) -> Option<ChampionMastery> {
        let h = mix(p.mastery_seed ^ (champion_id as u64).wrapping_mul(0x9e37_79b9));
        // 60 % of champions played at all; points heavy-tailed.
        if unit(h) >= 0.6 {
            return None;
        }
        let u = unit(mix(h));
        let points = (u.powi(4) * 600_000.0) as i64 + 200;
        let level = mastery_level(points);
        Some(ChampionMastery {
            puuid: p.puuid.clone(),
            champion_id,
            champion_level: level,
            champion_points: points,
            last_play_time: 1_700_000_000_000 - (unit(mix(h ^ 1)) * 3e10) as i64,
            champion_points_since_last_level: points - level_start(level),
            champion_points_until_next_level: level_start(level + 1) - points,
            mark_required_for_next_level: if level >= 4 {
                1 + (level >= 9) as i64
            } else {
                0
            },
            tokens_earned: (mix(h ^ 2) % 3) as i64 * (level >= 4) as i64,
            champion_season_milestone: (mix(h ^ 3) % 4) as i64,
            next_season_milestone: SeasonMilestone {
                require_grade_counts: [("A-".to_string(), 1)].into_iter().collect(),
                reward_marks: 1,
                bonus: false,
                total_games_requires: 1,
            },
        })
    }

    fn pick_players(
        &self,
        rng: &mut ChaCha8Rng,
        ranked: bool,
        busy: &HashSet<String>,
    ) -> Option<Vec<usize>> {
        let free: Vec<usize> = (0..self.players.len() - self.idle)
            .filter(|&i| !busy.contains(&self.players[i].puuid))
            .collect();
        if free.len() < 10 {
            return None;
        }
        let mut chosen: Vec<usize> = if ranked {
            // Matchmaking: an anchor and the 9 closest in skill among 80 random free players.
            let anchor = *free.choose(rng)?;
            let mut pool: Vec<usize> = free
                .choose_multiple(rng, 80.min(free.len()))
                .copied()
                .filter(|&i| i != anchor)
                .collect();
            let s = self.players[anchor].skill;
            pool.sort_by(|&a, &b| {
                let da = (self.players[a].skill - s).abs();
                let db = (self.players[b].skill - s).abs();
                da.total_cmp(&db)
            });
            std::iter::once(anchor)
                .chain(pool.into_iter().take(9))
                .collect()
        } else {
            free.choose_multiple(rng, 10).copied().collect()
        };
        if chosen.len() < 10 {
            return None;
        }
        chosen.shuffle(rng);
        Some(chosen)
    }

    fn draw_champion(&self, rng: &mut ChaCha8Rng, taken: &HashSet<i64>, uniform: bool) -> i64 {
        loop {
            let c = if uniform {
                *cal::CHAMPION_IDS.choose(rng).expect("non-empty")
            } else {
                cal::CHAMPION_IDS[self.champ_weights.sample(rng)]
            };
            if !taken.contains(&c) {
                return c;
            }
        }
    }

    fn draw_spells(rng: &mut ChaCha8Rng, aram: bool, position: usize) -> (i64, i64) {
        const FLASH: i64 = 4;
        let other = if aram {
            *[32, 32, 32, 6, 7, 3, 1].choose(rng).unwrap()
        } else {
            match position {
                0 => *[12, 12, 12, 14, 6].choose(rng).unwrap(),
                1 => 11,
                2 => *[14, 14, 12, 12, 6, 21].choose(rng).unwrap(),
                3 => *[7, 7, 7, 1, 21, 6].choose(rng).unwrap(),
                _ => *[14, 14, 3, 3, 7].choose(rng).unwrap(),
            }
        };
        if rng.gen_bool(0.3) {
            (other, FLASH)
        } else {
            (FLASH, other)
        }
    }
}

impl SimSource {
    /// One game drawn with `rng` (the league's own stream, or a past game's).
    fn draw(
        &self,
        rng: &mut ChaCha8Rng,
        start_ms: i64,
        game_id: i64,
        busy: &HashSet<String>,
    ) -> Option<SimGame> {
        let mode = &self.modes()[self.mode_weights.sample(rng)];
        let aram = mode.game_mode == "ARAM";
        let ranked = mode.queue_id == 420 || mode.queue_id == 440;
        let chosen = self.pick_players(rng, ranked, busy)?;

        // Bans (draft queues): 5 per team, pick turns 1..10, sometimes skipped (-1).
        let mut taken = HashSet::new();
        let mut banned_champions = Vec::new();
        if mode.bans {
            for turn in 1..=10 {
                let team_id = if turn <= 5 { 100 } else { 200 };
                let champion_id = if rng.gen_bool(0.04) {
                    -1
                } else {
                    let c = self.draw_champion(rng, &taken, false);
                    taken.insert(c);
                    c
                };
                banned_champions.push(BannedChampion {
                    champion_id,
                    team_id,
                    pick_turn: turn,
                });
            }
        }
        let mut participants = Vec::with_capacity(10);
        let mut per_player = Vec::with_capacity(10);
        let mut hidden = Vec::new();
        let mut team_tiers = [Vec::new(), Vec::new()];
        let mut team_skill = [0.0, 0.0];
        let mut champ_sum = 0.0;
        for (slot, &pi) in chosen.iter().enumerate() {
            let team = slot / 5;
            let champion_id = self.draw_champion(rng, &taken, aram);
            taken.insert(champion_id);
            champ_sum += self.champion_effect(champion_id);
            let (spell1_id, spell2_id) = Self::draw_spells(rng, aram, slot % 5);
            let p = &self.players[pi];
            team_tiers[team].push(p.skill.floor());
            team_skill[team] += p.skill / 5.0;
            let riot_id = format!("{}#{}", p.game_name, p.tag_line);
            if p.streamer {
                hidden.push(HiddenPlayer {
                    slot,
                    puuid: p.puuid.clone(),
                    riot_id: riot_id.clone(),
                });
            }
            participants.push(CurrentGameParticipant {
                puuid: (!p.streamer).then(|| p.puuid.clone()),
                team_id: if team == 0 { 100 } else { 200 },
                champion_id,
                spell1_id,
                spell2_id,
                profile_icon_id: p.profile_icon,
                riot_id: if p.streamer { String::new() } else { riot_id },
                bot: false,
                // From its own generator: the league's draws stay what they were before runes.
                perks: Some(postgame::rune_page(&mut ChaCha8Rng::seed_from_u64(mix(p
                    .mastery_seed
                    ^ game_id as u64
                    ^ champion_id as u64)))),
                game_customization_objects: Vec::new(),
            });
            // A hidden player cannot be looked up: what the page gathers lacks them.
            if !p.streamer {
                per_player.push((
                    p.puuid.clone(),
                    self.entries(p),
                    self.player_mastery(p, champion_id),
                ));
            }
        }
        let mean = |v: &Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
        let (a, b) = (mean(&team_tiers[0]), mean(&team_tiers[1]));
        let gap = (a - b).abs();
        let lobby_tier = (a + b) / 2.0;
        let tier_term =
            (cal::MEAN_TIER_SLOPE_S * (lobby_tier - cal::MEAN_TIER_INDEX)).clamp(-300.0, 300.0);
        let expected_s = mode.duration_ratio
            * (cal::DURATION_MEAN_S
                + champ_sum
                + cal::RANK_GAP_SLOPE_S * (gap - cal::RANK_GAP_MEAN)
                + tier_term);
        let remake = rng.gen_bool(mode.remake_rate);
        let duration = if remake {
            let (lo, hi) = cal::REMAKE_RANGE_S;
            rng.gen_range(lo..=hi)
        } else {
            let noise = mode.duration_ratio * quantile_noise(rng.gen());
            (expected_s + noise).clamp(mode.duration_ratio * 600.0, 4800.0)
        };
        let duration_s = duration.round() as i64;
        let p_blue = 1.0 / (1.0 + (-(team_skill[0] - team_skill[1]) * 0.8).exp());
        let blue_win = rng.gen_bool(p_blue.clamp(0.01, 0.99));
        let game = CurrentGameInfo {
            game_id,
            map_id: mode.map_id,
            game_mode: mode.game_mode.into(),
            game_type: "MATCHED".into(),
            game_queue_config_id: Some(mode.queue_id),
            participants,
            banned_champions,
            platform_id: self.platform.to_ascii_uppercase(),
            game_start_time: start_ms,
            game_length: 0,
            observers: Some(super::encryption_key(game_id)),
        };
        Some(SimGame {
            game,
            extras: extras_for(per_player),
            hidden,
            duration_s,
            expected_s,
            noise_s: duration_s as f64 - expected_s,
            remake,
            blue_win,
        })
    }
}

impl GameSource for SimSource {
    fn next_game(
        &mut self,
        start_ms: i64,
        game_id: i64,
        busy: &HashSet<String>,
    ) -> Option<SimGame> {
        // The league's stream, taken out while drawing (the same draws in the same order).
        let mut rng = std::mem::replace(&mut self.rng, ChaCha8Rng::seed_from_u64(0));
        let game = self.draw(&mut rng, start_ms, game_id, busy);
        self.rng = rng;
        game
    }

    fn idle_accounts(&self) -> Vec<Account> {
        SimSource::idle_accounts(self)
    }

    fn past_games_of(&self, puuid: &str) -> Vec<usize> {
        let Some(&player) = self.by_puuid.get(puuid) else {
            return Vec::new();
        };
        self.past_index()
            .get(player)
            .map(|v| v.iter().map(|&j| j as usize).collect())
            .unwrap_or_default()
    }

    fn past_game_count(&self) -> usize {
        self.past_games
    }

    fn past_game_summary(&self, index: usize, league_start_ms: i64) -> Option<(i64, i64)> {
        if index >= self.past_games {
            return None;
        }
        // The first draw of a game is its mode.
        let mode = &self.modes()[self.mode_weights.sample(&mut self.past_rng(index))];
        let start = past_start_ms(index, self.past_games, league_start_ms);
        Some((start, mode.queue_id))
    }

    fn past_game(&self, index: usize, league_start_ms: i64) -> Option<SimGame> {
        if index >= self.past_games {
            return None;
        }
        let mut rng = self.past_rng(index);
        let start = past_start_ms(index, self.past_games, league_start_ms);
        self.draw(
            &mut rng,
            start,
            PAST_FIRST_GAME_ID + index as i64,
            &HashSet::new(),
        )
    }

    fn account_by_riot_id(&self, game_name: &str, tag_line: &str) -> Option<Account> {
        let p = &self.players[*self.by_riot_id.get(&riot_id_key(game_name, tag_line))?];
        Some(Account {
            puuid: p.puuid.clone(),
            game_name: p.game_name.clone(),
            tag_line: p.tag_line.clone(),
        })
    }

    fn league_entries(&self, puuid: &str) -> Option<Vec<LeagueEntry>> {
        let p = &self.players[*self.by_puuid.get(puuid)?];
        Some(self.entries(p))
    }

    fn mastery(&self, puuid: &str, champion_id: i64) -> Option<ChampionMastery> {
        let p = &self.players[*self.by_puuid.get(puuid)?];
        self.player_mastery(p, champion_id)
    }

    fn mastery_score(&self, puuid: &str) -> Option<i64> {
        let p = &self.players[*self.by_puuid.get(puuid)?];
        Some(
            cal::CHAMPION_IDS
                .iter()
                .filter_map(|&c| self.player_mastery(p, c))
                .map(|m| m.champion_level)
                .sum(),
        )
    }
}
