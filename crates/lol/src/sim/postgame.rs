//! What a finished simulated game reports besides its duration: the rest of Riot's match-v5
//! schema (kills, gold, damage, items, runes, objectives), drawn so the figures hang together.
//!
//! Nothing here feeds the duration model: these are post-game figures (leaks), drawn after the
//! duration from a generator seeded by the game id, so a match reads the same on every request.
//! They are consistent with the duration and with each other: a team's kills are the other
//! team's deaths and its `objectives.champion.kills`; gold, farm, levels, damage and vision grow
//! with the minutes played; the winning team takes more kills, towers and the nexus; a remake
//! has almost nothing.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::champions::champion_name;
use crate::riot::{
    CurrentGameParticipant, MatchObjective, MatchObjectives, MatchPerks, ParticipantStats,
    PerkSelection, PerkStyle, Perks, StatPerks,
};

/// Rune trees: (style id, keystones, then three rows of minor runes).
const TREES: [(i64, [&[i64]; 4]); 5] = [
    (
        8000,
        [
            &[8005, 8008, 8021, 8010],
            &[9101, 9111, 8009],
            &[9104, 9105, 9103],
            &[8014, 8017, 8299],
        ],
    ),
    (
        8100,
        [
            &[8112, 8128, 9923],
            &[8126, 8139, 8143],
            &[8136, 8120, 8138],
            &[8135, 8105, 8106],
        ],
    ),
    (
        8200,
        [
            &[8214, 8229, 8230],
            &[8224, 8226, 8275],
            &[8210, 8234, 8233],
            &[8237, 8232, 8236],
        ],
    ),
    (
        8300,
        [
            &[8351, 8360, 8369],
            &[8306, 8304, 8321],
            &[8313, 8352, 8345],
            &[8347, 8410, 8316],
        ],
    ),
    (
        8400,
        [
            &[8437, 8439, 8465],
            &[8446, 8463, 8401],
            &[8429, 8444, 8473],
            &[8451, 8453, 8242],
        ],
    ),
];
const STAT_OFFENSE: [i64; 3] = [5005, 5008, 5007];
const STAT_FLEX: [i64; 3] = [5008, 5010, 5001];
const STAT_DEFENSE: [i64; 3] = [5011, 5013, 5001];
const LEGENDARY_ITEMS: [i64; 18] = [
    3031, 3078, 3089, 3157, 3071, 3153, 6672, 3742, 3065, 3036, 3135, 3190, 3107, 3046, 6653, 3075,
    3143, 3115,
];
const BOOTS: [i64; 5] = [3006, 3020, 3047, 3111, 3158];

/// A rune page as spectator-v5 lists it: four primary runes, two secondary, three stat shards.
pub fn rune_page(rng: &mut ChaCha8Rng) -> Perks {
    let primary = rng.gen_range(0..TREES.len());
    let mut secondary = rng.gen_range(0..TREES.len() - 1);
    if secondary >= primary {
        secondary += 1;
    }
    let (style, rows) = TREES[primary];
    let (sub_style, sub_rows) = TREES[secondary];
    let mut perk_ids: Vec<i64> = rows.iter().map(|r| *r.choose(rng).unwrap()).collect();
    let mut minor = [1usize, 2, 3];
    minor.shuffle(rng);
    let (a, b) = (minor[0].min(minor[1]), minor[0].max(minor[1]));
    perk_ids.push(*sub_rows[a].choose(rng).unwrap());
    perk_ids.push(*sub_rows[b].choose(rng).unwrap());
    perk_ids.push(*STAT_OFFENSE.choose(rng).unwrap());
    perk_ids.push(*STAT_FLEX.choose(rng).unwrap());
    perk_ids.push(*STAT_DEFENSE.choose(rng).unwrap());
    Perks {
        perk_ids,
        perk_style: style,
        perk_sub_style: sub_style,
    }
}

/// The spectator rune page in match-v5's shape.
fn match_perks(p: &Perks, rng: &mut ChaCha8Rng) -> MatchPerks {
    let selection = |perk: i64, rng: &mut ChaCha8Rng| PerkSelection {
        perk,
        var1: rng.gen_range(0..2000),
        var2: rng.gen_range(0..100),
        var3: 0,
    };
    let ids = &p.perk_ids;
    let stat = |i: usize| ids.get(i).copied().unwrap_or(5008);
    MatchPerks {
        stat_perks: StatPerks {
            offense: stat(6),
            flex: stat(7),
            defense: stat(8),
        },
        styles: vec![
            PerkStyle {
                description: "primaryStyle".into(),
                selections: ids.iter().take(4).map(|&k| selection(k, rng)).collect(),
                style: p.perk_style,
            },
            PerkStyle {
                description: "subStyle".into(),
                selections: ids
                    .iter()
                    .skip(4)
                    .take(2)
                    .map(|&k| selection(k, rng))
                    .collect(),
                style: p.perk_sub_style,
            },
        ],
    }
}

/// Split `total` into `weights.len()` parts drawn in proportion to the weights.
fn split(total: i64, weights: &[f64], rng: &mut ChaCha8Rng) -> Vec<i64> {
    let mut out = vec![0; weights.len()];
    let sum: f64 = weights.iter().sum();
    for _ in 0..total.max(0) {
        let mut u = rng.gen::<f64>() * sum;
        let mut k = weights.len() - 1;
        for (i, w) in weights.iter().enumerate() {
            if u < *w {
                k = i;
                break;
            }
            u -= w;
        }
        out[k] += 1;
    }
    out
}

/// Summoner's Rift positions by slot within a team (match-v5 `teamPosition`, `lane`, `role`),
/// and each position's share of its team's kills, assists, farm and vision.
const POSITIONS: [(&str, &str, &str); 5] = [
    ("TOP", "TOP", "SOLO"),
    ("JUNGLE", "JUNGLE", "NONE"),
    ("MIDDLE", "MIDDLE", "SOLO"),
    ("BOTTOM", "BOTTOM", "CARRY"),
    ("UTILITY", "BOTTOM", "SUPPORT"),
];
const KILL_SHARE: [f64; 5] = [1.0, 1.0, 1.3, 1.5, 0.35];
const ASSIST_SHARE: [f64; 5] = [0.8, 1.2, 1.0, 0.9, 1.6];
const LANE_CS_PER_MIN: [f64; 5] = [6.5, 1.0, 7.0, 7.5, 1.2];
const JUNGLE_CS_PER_MIN: [f64; 5] = [0.3, 5.2, 0.4, 0.3, 0.0];
const VISION_SHARE: [f64; 5] = [0.6, 1.0, 0.7, 0.6, 2.4];

/// The post-game figures of every participant and of each team, for a game of `duration_s`
/// seconds.
pub fn draw(
    game_id: i64,
    participants: &[CurrentGameParticipant],
    duration_s: i64,
    remake: bool,
    blue_win: bool,
    aram: bool,
) -> PostGame {
    let mut rng = ChaCha8Rng::seed_from_u64(game_id as u64 ^ 0x5eed_f00d_cafe_beef);
    let minutes = duration_s as f64 / 60.0;
    let team_of = |p: &CurrentGameParticipant| usize::from(p.team_id != 100);
    let winner = usize::from(!blue_win);
    // Kills per team per minute: about 0.8 on the Rift, twice that in ARAM; winners more.
    let pace = if aram { 1.6 } else { 0.8 };
    let team_kills: [i64; 2] = std::array::from_fn(|t| {
        if remake {
            return rng.gen_range(0..=1);
        }
        let edge = if t == winner { 1.25 } else { 0.8 };
        (minutes * pace * edge * rng.gen_range(0.75..1.25)).round() as i64
    });
    let members: [Vec<usize>; 2] = std::array::from_fn(|t| {
        (0..participants.len())
            .filter(|&i| team_of(&participants[i]) == t)
            .collect()
    });
    let slot = |t: usize, i: usize| members[t].iter().position(|&j| j == i).unwrap_or(0) % 5;
    let mut kills = vec![0; participants.len()];
    let mut deaths = vec![0; participants.len()];
    let mut assists = vec![0; participants.len()];
    for t in 0..2 {
        let m = &members[t];
        if m.is_empty() {
            continue;
        }
        let share = |table: &[f64; 5]| -> Vec<f64> {
            m.iter()
                .map(|&i| if aram { 1.0 } else { table[slot(t, i)] })
                .collect()
        };
        for (k, &i) in split(team_kills[t], &share(&KILL_SHARE), &mut rng)
            .iter()
            .zip(m)
        {
            kills[i] = *k;
        }
        let assist_total = (team_kills[t] as f64 * rng.gen_range(1.3..1.9)).round() as i64;
        for (a, &i) in split(assist_total, &share(&ASSIST_SHARE), &mut rng)
            .iter()
            .zip(m)
        {
            assists[i] = *a;
        }
        let foes = &members[1 - t];
        if !foes.is_empty() {
            for (d, &i) in split(team_kills[t], &vec![1.0; foes.len()], &mut rng)
                .iter()
                .zip(foes)
            {
                deaths[i] = *d;
            }
        }
    }
    let first_blood_team = if team_kills[0] + team_kills[1] == 0 {
        None
    } else if rng.gen_range(0..team_kills[0] + team_kills[1]) < team_kills[0] {
        Some(0)
    } else {
        Some(1)
    };
    let first_blood = first_blood_team.and_then(|t| {
        let killers: Vec<usize> = members[t]
            .iter()
            .copied()
            .filter(|&i| kills[i] > 0)
            .collect();
        killers.choose(&mut rng).copied()
    });

    // Objectives: the Rift's structures and monsters, scaled by the minutes played.
    let scale = (minutes / 30.0).min(1.3);
    let rift = !aram && !remake;
    let mut objectives: [MatchObjectives; 2] = Default::default();
    for t in 0..2 {
        let win = t == winner;
        let o = &mut objectives[t];
        o.champion.kills = team_kills[t];
        if remake {
            continue;
        }
        o.tower.kills = if win {
            rng.gen_range(5..=11).min(if aram { 7 } else { 11 })
        } else {
            (rng.gen_range(0..=7) as f64 * scale).round() as i64
        };
        o.inhibitor.kills = if win {
            rng.gen_range(1..=3)
        } else {
            rng.gen_range(0..=1) * (scale > 1.0) as i64
        };
        if rift {
            let dragons = (minutes / 6.0).floor() as i64;
            o.dragon.kills = if win {
                (dragons * 3 / 5).min(5)
            } else {
                (dragons * 2 / 5).min(4)
            };
            o.baron.kills = if minutes > 22.0 && win {
                rng.gen_range(0..=2)
            } else {
                0
            };
            o.rift_herald.kills = rng.gen_range(0..=1);
        }
    }
    if !remake {
        // Who took the first of each: usually the winner, never a team that took none.
        for k in 0..5 {
            let t = if rng.gen_bool(0.65) {
                winner
            } else {
                1 - winner
            };
            let t = if objective(&mut objectives[t], k).kills == 0 {
                1 - t
            } else {
                t
            };
            let o = objective(&mut objectives[t], k);
            o.first = o.kills > 0;
        }
        if let Some(t) = first_blood_team {
            objectives[t].champion.first = true;
        }
    }

    let mut turret_kills = vec![0; participants.len()];
    let mut inhibitor_kills = vec![0; participants.len()];
    let mut dragon_kills = vec![0; participants.len()];
    let mut baron_kills = vec![0; participants.len()];
    for t in 0..2 {
        let m = &members[t];
        if m.is_empty() {
            continue;
        }
        let even = vec![1.0; m.len()];
        for (k, &i) in split(objectives[t].tower.kills, &even, &mut rng)
            .iter()
            .zip(m)
        {
            turret_kills[i] = *k;
        }
        for (k, &i) in split(objectives[t].inhibitor.kills, &even, &mut rng)
            .iter()
            .zip(m)
        {
            inhibitor_kills[i] = *k;
        }
        // The jungler takes the monsters (the first member in ARAM, where there are none).
        let jungler = m.iter().copied().find(|&i| slot(t, i) == 1).unwrap_or(m[0]);
        dragon_kills[jungler] = objectives[t].dragon.kills;
        baron_kills[jungler] = objectives[t].baron.kills;
    }
    let first_tower_killer = (0..2)
        .find(|&t| objectives[t].tower.first)
        .and_then(|t| members[t].iter().copied().find(|&i| turret_kills[i] > 0));
    let nexus_killer = if remake {
        None
    } else {
        members[winner].choose(&mut rng).copied()
    };
    let surrender = !remake && (15.0..32.0).contains(&minutes) && rng.gen_bool(0.3);

    let stats = participants
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let t = team_of(p);
            let s = slot(t, i);
            let win = t == winner;
            let (position, lane, role) = if aram {
                ("Invalid", "NONE", "NONE")
            } else {
                POSITIONS[s]
            };
            let cs_rate = |table: &[f64; 5]| if aram { table[2] * 0.55 } else { table[s] };
            let jitter = |rng: &mut ChaCha8Rng| rng.gen_range(0.8..1.2);
            // Minions, monsters and passive gold start at 1:05.
            let farming = (minutes - 1.1).max(0.0);
            let lane_cs = (farming * cs_rate(&LANE_CS_PER_MIN) * jitter(&mut rng)).round() as i64;
            let jungle_cs = if aram {
                0
            } else {
                (farming * JUNGLE_CS_PER_MIN[s] * jitter(&mut rng)).round() as i64
            };
            let gold = 500
                + (farming * if aram { 330.0 } else { 122.0 }) as i64
                // The support item's quest gold.
                + if s == 4 && !aram { (farming * 90.0) as i64 } else { 0 }
                + (lane_cs + jungle_cs) * 21
                + kills[i] * 300
                + assists[i] * 120
                + turret_kills[i] * 250;
            let gold_spent = (gold - rng.gen_range(0..=gold.min(700))).max(0);
            let xp =
                (minutes * if s == 4 && !aram { 380.0 } else { 520.0 } * jitter(&mut rng)) as i64;
            // Champion level from experience (about 18 after 35 minutes on a solo lane).
            let level = (1 + xp / 1000).min(18);
            let role_damage = if s == 4 && !aram { 0.45 } else { 1.0 };
            let to_champions =
                (minutes * 650.0 * role_damage * jitter(&mut rng)) as i64 + kills[i] * 400;
            let total_damage = to_champions + (lane_cs + jungle_cs) * rng.gen_range(250..450);
            let magic_share = rng.gen_range(0.05..0.8);
            let true_share = rng.gen_range(0.02..0.12);
            let part = |x: i64, f: f64| (x as f64 * f) as i64;
            let taken = (minutes * 900.0 * jitter(&mut rng)) as i64 + deaths[i] * 1500;
            let dead = deaths[i] * (6 + (minutes * 0.9) as i64);
            let wards = (minutes * 0.35 * cs_rate(&VISION_SHARE) * jitter(&mut rng)).round() as i64;
            let control_wards = (minutes / 12.0 * cs_rate(&VISION_SHARE)).round() as i64;
            let items = ((minutes / 7.0).floor() as usize).min(5);
            let mut slots = [0i64; 7];
            if !remake {
                slots[0] = *BOOTS.choose(&mut rng).unwrap();
                for (k, item) in LEGENDARY_ITEMS.choose_multiple(&mut rng, items).enumerate() {
                    slots[k + 1] = *item;
                }
            }
            slots[6] = if s == 4 && !aram { 3364 } else { 3340 };
            let multi = |n: i64, per: i64| if n >= per { n / per } else { 0 };
            let largest_multi = match kills[i] {
                0 => 0,
                k if k >= 12 && rng.gen_bool(0.3) => 3,
                k if k >= 4 => 2,
                _ => 1,
            };
            let perks = p.perks.clone().unwrap_or_else(|| rune_page(&mut rng));
            ParticipantStats {
                participant_id: i as i64 + 1,
                profile_icon: p.profile_icon_id,
                summoner_id: String::new(),
                summoner_level: 30
                    + (super::stable_hash(p.puuid.as_deref().unwrap_or("")) % 500) as i64,
                summoner_name: String::new(),
                individual_position: position.into(),
                team_position: if aram { String::new() } else { position.into() },
                lane: lane.into(),
                role: role.into(),
                team_early_surrendered: remake && !win,
                kills: kills[i],
                deaths: deaths[i],
                assists: assists[i],
                champ_level: level,
                champ_experience: xp,
                champion_transform: 0,
                gold_earned: gold,
                gold_spent,
                total_minions_killed: lane_cs,
                neutral_minions_killed: jungle_cs,
                double_kills: multi(kills[i], 6),
                triple_kills: i64::from(largest_multi >= 3),
                quadra_kills: 0,
                penta_kills: 0,
                unreal_kills: 0,
                killing_sprees: multi(kills[i], 4),
                largest_killing_spree: if kills[i] >= 3 {
                    kills[i].min(3 + kills[i] / 4)
                } else {
                    0
                },
                largest_multi_kill: largest_multi,
                largest_critical_strike: if magic_share < 0.3 {
                    rng.gen_range(0..1200)
                } else {
                    0
                },
                longest_time_spent_living: ((duration_s - dead) / (deaths[i] + 1)).max(0),
                total_time_spent_dead: dead.min(duration_s),
                first_blood_kill: first_blood == Some(i),
                first_blood_assist: first_blood.is_some_and(|k| {
                    k != i && team_of(&participants[k]) == t && assists[i] > 0 && s % 2 == 0
                }),
                first_tower_kill: first_tower_killer == Some(i),
                first_tower_assist: false,
                baron_kills: baron_kills[i],
                dragon_kills: dragon_kills[i],
                inhibitor_kills: inhibitor_kills[i],
                nexus_kills: i64::from(nexus_killer == Some(i)),
                turret_kills: turret_kills[i],
                objectives_stolen: 0,
                objectives_stolen_assists: 0,
                damage_dealt_to_objectives: turret_kills[i] * 3500
                    + (dragon_kills[i] + baron_kills[i]) * 6000,
                damage_dealt_to_turrets: turret_kills[i] * 3000 + rng.gen_range(0..2000),
                damage_self_mitigated: part(taken, rng.gen_range(0.3..0.9)),
                total_damage_dealt: total_damage,
                total_damage_dealt_to_champions: to_champions,
                physical_damage_dealt: part(total_damage, 1.0 - magic_share - true_share),
                physical_damage_dealt_to_champions: part(
                    to_champions,
                    1.0 - magic_share - true_share,
                ),
                magic_damage_dealt: part(total_damage, magic_share),
                magic_damage_dealt_to_champions: part(to_champions, magic_share),
                true_damage_dealt: part(total_damage, true_share),
                true_damage_dealt_to_champions: part(to_champions, true_share),
                total_damage_taken: taken,
                physical_damage_taken: part(taken, 0.55),
                magic_damage_taken: part(taken, 0.38),
                true_damage_taken: part(taken, 0.07),
                total_heal: part(taken, rng.gen_range(0.1..0.5)),
                total_heals_on_teammates: if s == 4 { rng.gen_range(0..6000) } else { 0 },
                total_damage_shielded_on_teammates: if s == 4 { rng.gen_range(0..5000) } else { 0 },
                total_units_healed: rng.gen_range(1..=5),
                time_ccing_others: (minutes * rng.gen_range(0.3..2.0)) as i64,
                total_time_cc_dealt: (minutes * rng.gen_range(2.0..20.0)) as i64,
                vision_score: (wards as f64 * 1.7 + control_wards as f64 * 2.0).round() as i64,
                wards_placed: wards,
                wards_killed: (wards as f64 * rng.gen_range(0.1..0.5)).round() as i64,
                detector_wards_placed: control_wards,
                vision_wards_bought_in_game: control_wards,
                sight_wards_bought_in_game: 0,
                consumables_purchased: 1 + control_wards,
                items_purchased: items as i64 * 3 + 2 + control_wards,
                item0: slots[0],
                item1: slots[1],
                item2: slots[2],
                item3: slots[3],
                item4: slots[4],
                item5: slots[5],
                item6: slots[6],
                spell1_casts: (minutes * rng.gen_range(3.0..9.0)) as i64,
                spell2_casts: (minutes * rng.gen_range(2.0..7.0)) as i64,
                spell3_casts: (minutes * rng.gen_range(1.5..6.0)) as i64,
                spell4_casts: (minutes * rng.gen_range(0.2..0.6)) as i64,
                summoner1_casts: (minutes / rng.gen_range(4.0..8.0)) as i64,
                summoner2_casts: (minutes / rng.gen_range(4.0..8.0)) as i64,
                perks: match_perks(&perks, &mut rng),
            }
        })
        .collect();
    PostGame {
        stats,
        objectives,
        surrender,
    }
}

/// What [`draw`] returns.
pub struct PostGame {
    /// Per participant, in the spectator payload's order.
    pub stats: Vec<ParticipantStats>,
    /// `[blue (100), red (200)]`.
    pub objectives: [MatchObjectives; 2],
    /// The losing team surrendered.
    pub surrender: bool,
}

/// The `k`-th of the objectives that have a "first" (tower, inhibitor, dragon, baron, herald).
fn objective(o: &mut MatchObjectives, k: usize) -> &mut MatchObjective {
    match k {
        0 => &mut o.tower,
        1 => &mut o.inhibitor,
        2 => &mut o.dragon,
        3 => &mut o.baron,
        _ => &mut o.rift_herald,
    }
}

/// match-v5 `championName` (Data Dragon's key is close to the display name without spaces and
/// punctuation; rivulet reads champion ids, never this).
pub fn champion_key(champion_id: i64) -> String {
    champion_name(champion_id)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}
