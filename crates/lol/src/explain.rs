//! Why the page predicts what it predicts for a game: [`DurationPredictor::explain`].
//!
//! The displayed value is built in steps (see [`crate::predictor`]): the point model's
//! prediction, blended from the game mode's prior while the mode is warming up, clamped to the
//! mode's plausible range, then moved by the conditioning on the time the game has already run.
//! The explanation gives each step its part, in seconds, so that
//!
//! ```text
//! expected = typical + Σ parts[i].contribution + clamp + elapsed_shift
//! ```
//!
//! up to rounding (tested to 1e-9 s). `typical` is the game mode's typical duration as the
//! predictor sees it: `w · (model intercept + the contributions of the mode's own keys
//! mode= / queue= / map=) + (1 − w) · prior`, with `w` the model's weight in the blend
//! (`mode_games / 30`, 1 once warm). Every other feature's contribution is the model's
//! ([`rivulet::learn::Model::explain_one`]) times `w`.

use crate::error::LolError;
use crate::features::validate;
use crate::modes::{mode_bounds, mode_prior};
use crate::predictor::{DurationPredictor, WARM_GAMES};
use crate::riot::{CurrentGameInfo, GameExtras};
use rivulet::learn::FeatureValue;
use serde::Serialize;

/// One feature's part of the pre-game value (seconds, already weighted by the blend).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeaturePart {
    /// The learner's key (`champ=103`, `ban=27`, `hour_sin`, ...).
    pub feature: String,
    pub value: f64,
    pub scaled: f64,
    pub weight: f64,
    /// Seconds this feature adds to the pre-game value.
    pub contribution: f64,
}

/// A prediction in parts, seconds (see the module docs for how they add up).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictionExplanation {
    /// The displayed prediction (`Prediction::expected`).
    pub expected: f64,
    /// The pre-game value (`Prediction::pregame`).
    pub pregame: f64,
    pub elapsed: f64,
    pub warm: bool,
    pub mode_games: u64,
    /// The model's weight in the pre-game value: `mode_games / 30` while warming up, then 1
    /// (0 when the point model has no per-feature parts: the running mean).
    pub blend: f64,
    /// The mode's prior (what a predictor with no game of this mode predicts).
    pub prior: f64,
    /// The mode's typical duration, as the predictor sees it now.
    pub typical: f64,
    /// The other features' parts, in the order of the featurizer (by key).
    pub parts: Vec<FeaturePart>,
    /// What the clamp to the mode's plausible range added (usually 0).
    pub clamp: f64,
    /// `expected − pregame`: the conditioning on the time the game has already run (and, at
    /// 0, the residuals' centering).
    pub elapsed_shift: f64,
}

/// The learner keys that describe the game mode: their parts go to `typical`.
fn is_mode_key(key: &str) -> bool {
    key.starts_with("mode=") || key.starts_with("queue=") || key.starts_with("map=")
}

impl DurationPredictor {
    /// [`DurationPredictor::predict`] in parts: same input, same errors, no side effects.
    pub fn explain(
        &self,
        game: &CurrentGameInfo,
        extras: &GameExtras,
        elapsed_s: f64,
    ) -> Result<PredictionExplanation, LolError> {
        let pred = self.predict(game, extras, elapsed_s)?;
        validate(game)?;
        let mode = game.game_mode.trim().to_ascii_uppercase();
        let x = self.featurize(game, extras);
        let (prior, _, _) = mode_prior(&mode, game.game_queue_config_id);
        let n = self.mode_games(&mode);
        let raw = self.point(&x, &mode)?;
        // The blend of `pregame` (predictor.rs): the model's value alone once warm.
        let w = if n >= WARM_GAMES && raw.is_finite() {
            1.0
        } else if raw.is_finite() {
            n as f64 / WARM_GAMES as f64
        } else {
            0.0
        };
        let unclamped = if w == 1.0 {
            raw
        } else {
            w * raw + (1.0 - w) * prior
        };
        let (lo, hi, _, _) = mode_bounds(&mode);
        let (typical, parts, blend) = match self.explain_point(&x)? {
            Some(e) if w > 0.0 => {
                let mut base = e.intercept;
                let mut parts = Vec::new();
                for c in e.features {
                    if is_mode_key(&c.feature) {
                        base += c.contribution;
                    } else {
                        parts.push(FeaturePart {
                            feature: c.feature,
                            value: c.value,
                            scaled: c.scaled,
                            weight: c.weight,
                            contribution: w * c.contribution,
                        });
                    }
                }
                (w * base + (1.0 - w) * prior, parts, w)
            }
            // No per-feature parts (or no weight yet): the blended value is all "typical".
            _ => (unclamped, Vec::new(), 0.0),
        };
        let clamp = if unclamped.is_finite() {
            unclamped.clamp(lo, hi) - unclamped
        } else {
            0.0
        };
        // When the model's value is not finite the pre-game value is the middle of the range.
        let typical = if unclamped.is_finite() {
            typical
        } else {
            pred.pregame
        };
        Ok(PredictionExplanation {
            expected: pred.expected,
            pregame: pred.pregame,
            elapsed: pred.elapsed,
            warm: pred.warm,
            mode_games: pred.mode_games,
            blend,
            prior,
            typical,
            parts,
            clamp,
            elapsed_shift: pred.expected - pred.pregame,
        })
    }
}

impl DurationPredictor {
    /// What each learned key adds to the model's value, in seconds, when a game has it with
    /// value 1 (a one-hot key: a champion, a ban, the hour; a count or a summary: per unit),
    /// before the warm-up blend: the key's part in `explain_one` of that key alone. The `k`
    /// largest by magnitude (ties by key); empty for the running mean. The page's model panel
    /// shows these instead of the weights, which are in the model's scaled units.
    pub fn key_effects(&self, k: usize) -> Vec<(String, f64)> {
        let Some(m) = self.point_learner() else {
            return Vec::new();
        };
        let mut out: Vec<(String, f64)> = (0..m.n_features() as u32)
            .filter_map(|id| {
                // Through explain_one (the key as the featurizer sends it), which the page
                // already has: explain_ids would add its own checks to the page's wasm.
                let key = m.feature_name(id)?;
                let x = match key.split_once('=') {
                    Some((name, value)) if m.is_categorical(id) => {
                        [(name, FeatureValue::Cat(value))]
                    }
                    _ => [(key, FeatureValue::Num(1.0))],
                };
                let part = m.explain_one(&x).ok()?.features.pop()?;
                Some((part.feature, part.contribution))
            })
            .collect();
        out.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then_with(|| a.0.cmp(&b.0)));
        out.truncate(k);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game(mode: &str, queue: i64, champs: &[i64], ban: i64) -> CurrentGameInfo {
        let ps: Vec<String> = champs
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let team = if i % 2 == 0 { 100 } else { 200 };
                format!(r#"{{"teamId": {team}, "championId": {c}, "spell1Id": 4, "spell2Id": 14}}"#)
            })
            .collect();
        serde_json::from_str(&format!(
            r#"{{"gameId": 1, "gameMode": "{mode}", "gameQueueConfigId": {queue}, "mapId": 11,
                "gameStartTime": 1500000000000, "platformId": "EUW1",
                "bannedChampions": [{{"championId": {ban}, "teamId": 100, "pickTurn": 1}}],
                "participants": [{}]}}"#,
            ps.join(",")
        ))
        .unwrap()
    }

    fn total(e: &PredictionExplanation) -> f64 {
        e.typical + e.parts.iter().map(|p| p.contribution).sum::<f64>() + e.clamp + e.elapsed_shift
    }

    #[test]
    fn the_parts_add_up_while_warming_up_and_once_warm() {
        let mut p = DurationPredictor::new(None).unwrap();
        let ex = GameExtras::default();
        let cold = p
            .explain(&game("CLASSIC", 420, &[103, 84], 27), &ex, 0.0)
            .unwrap();
        // No game learned: the prior is everything.
        assert_eq!(cold.blend, 0.0);
        assert!(cold.parts.is_empty());
        assert!((total(&cold) - cold.expected).abs() < 1e-9, "{cold:?}");
        for i in 0..40 {
            let champs = [103 + i % 5, 84, 1 + i % 3, 22];
            let d = 1500.0 + 60.0 * (i % 5) as f64 + if i % 3 == 0 { 300.0 } else { 0.0 };
            let g = game("CLASSIC", 420, &champs, 27 + i % 2);
            let e = p.explain(&g, &ex, 0.0).unwrap();
            assert!((total(&e) - e.expected).abs() < 1e-9, "{i}: {e:?}");
            assert_eq!(e.blend, (i as f64 / 30.0).min(1.0));
            assert_eq!(e.expected, p.predict(&g, &ex, 0.0).unwrap().expected);
            p.learn(&g, &ex, d).unwrap();
        }
        let g = game("CLASSIC", 420, &[103, 84, 1, 22], 27);
        for elapsed in [0.0, 600.0, 1500.0, 2400.0] {
            let e = p.explain(&g, &ex, elapsed).unwrap();
            assert!(e.warm && e.blend == 1.0);
            assert!(e.parts.iter().any(|p| p.feature == "champ=103"));
            assert!(!e.parts.iter().any(|p| p.feature.starts_with("mode=")));
            assert!((total(&e) - e.expected).abs() < 1e-9, "{elapsed}: {e:?}");
        }
        // Bad input: predict's error.
        let mut bad = g.clone();
        bad.participants.clear();
        assert_eq!(
            p.explain(&bad, &ex, 0.0).unwrap_err(),
            p.predict(&bad, &ex, 0.0).unwrap_err()
        );
        assert!(p.explain(&g, &ex, f64::NAN).is_err());
    }

    #[test]
    fn key_effects_are_each_keys_part_in_seconds() {
        let mut p = DurationPredictor::new(None).unwrap();
        let ex = GameExtras::default();
        assert!(p.key_effects(10).is_empty());
        for i in 0..40 {
            let g = game("CLASSIC", 420, &[103 + i % 3, 84], 27);
            p.learn(&g, &ex, 1500.0 + 120.0 * (i % 3) as f64).unwrap();
        }
        let effects = p.key_effects(usize::MAX);
        assert_eq!(effects.len(), p.point_learner().unwrap().n_features());
        assert!(effects.windows(2).all(|w| w[0].1.abs() >= w[1].1.abs()));
        assert_eq!(p.key_effects(3)[..], effects[..3]);
        // A one-hot key's effect is its part in a game's explanation, before the blend (warm: 1).
        let e = p
            .explain(&game("CLASSIC", 420, &[105, 84], 27), &ex, 0.0)
            .unwrap();
        let part = e.parts.iter().find(|q| q.feature == "champ=105").unwrap();
        let effect = effects.iter().find(|(k, _)| k == "champ=105").unwrap().1;
        assert!(
            (part.contribution - effect).abs() <= 1e-9 * effect.abs(),
            "{part:?} vs {effect}"
        );
        // In seconds, not the model's scaled units: the durations differ by minutes.
        assert!(effect.abs() > 1.0, "{effect}");
        let spec = serde_json::from_str(r#"{"model": "running_mean"}"#).unwrap();
        assert!(DurationPredictor::new(Some(spec))
            .unwrap()
            .key_effects(10)
            .is_empty());
    }

    #[test]
    fn the_running_mean_is_all_typical() {
        let spec = serde_json::from_str(r#"{"model": "running_mean"}"#).unwrap();
        let mut p = DurationPredictor::new(Some(spec)).unwrap();
        let g = game("ARAM", 450, &[103, 84], 27);
        let ex = GameExtras::default();
        for d in [1100.0, 1200.0, 1300.0] {
            p.learn(&g, &ex, d).unwrap();
        }
        let e = p.explain(&g, &ex, 0.0).unwrap();
        assert!(e.parts.is_empty() && e.blend == 0.0);
        assert!((total(&e) - e.expected).abs() < 1e-9, "{e:?}");
    }
}
