//! The page's duration model: [`DurationPredictor`] = a point regressor on the featurizer's
//! output + online conformal residual windows (per game mode) + conditioning on the time a game
//! has already run + per-mode clamping, serializable to one JSON document.
//!
//! The same type runs in the page (through `crates/page/src/lib.rs`) and in `rivulet eval`, so the
//! measurements of docs/evaluation.md are the page's behaviour.
//!
//! ```
//! use rivulet_lol::predictor::DurationPredictor;
//! use rivulet_lol::riot::{CurrentGameInfo, GameExtras};
//! let game: CurrentGameInfo = serde_json::from_str(r#"{"gameId": 1, "gameMode": "CLASSIC",
//!   "gameQueueConfigId": 420, "participants": [
//!     {"teamId": 100, "championId": 103, "spell1Id": 4, "spell2Id": 14},
//!     {"teamId": 200, "championId": 84, "spell1Id": 4, "spell2Id": 12}]}"#).unwrap();
//! let mut p = DurationPredictor::new(None).unwrap();
//! for d in [1500.0, 1700.0, 1900.0, 2100.0] {
//!     p.learn(&game, &GameExtras::default(), d).unwrap();
//! }
//! let now = p.predict(&game, &GameExtras::default(), 1200.0).unwrap();
//! assert!(now.expected >= 1200.0 && now.lo80 >= 1200.0 && now.lo90 <= now.lo80);
//! let back = DurationPredictor::from_json(&p.to_json()).unwrap();
//! assert_eq!(back.predict(&game, &GameExtras::default(), 0.0), p.predict(&game, &GameExtras::default(), 0.0));
//! ```

use crate::error::LolError;
use crate::features::{featurize, validate, Feature, FeatureConfig};
use crate::modes::{mode_bounds, mode_prior, PRIOR_RATIOS};
use crate::riot::{CurrentGameInfo, GameExtras};
use rivulet::learn::conformal::ConformalIntervals;
use rivulet::learn::{FeatureValue, Model, Spec};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The `format` field of a serialized predictor.
pub const FORMAT: &str = "rivulet.DurationPredictor";
/// The serialization version this build writes. Version 2 added `mode_games`; version 1
/// documents are still read (their counts come from the residual windows) and are written back
/// as version 2, so that a build which only knows version 1 says "version 2" instead of
/// choking on the new field.
pub const VERSION: u32 = 2;
/// The oldest version this build reads.
pub const OLDEST_VERSION: u32 = 1;

/// Residuals kept per conformal window (the interval table of docs/evaluation.md chose it).
pub const DEFAULT_WINDOW: usize = 2000;
/// A mode's own residual window is used once it holds this many residuals; before, the pooled one.
const MODE_READY: usize = 100;
/// Games of a mode the predictor must learn before it is "warm" for that mode: until then the
/// pre-game value blends from the mode's prior toward the point model (weight `n / WARM_GAMES`)
/// and the intervals are the prior's shape (the residual windows are ready at 30 residuals).
pub const WARM_GAMES: u64 = 30;

/// One prediction, seconds of game time. `expected` and the intervals describe the total
/// duration given the game is still running at `elapsed` (0 = pre-game): all are ≥ `elapsed`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub expected: f64,
    pub lo80: f64,
    pub hi80: f64,
    pub lo90: f64,
    pub hi90: f64,
    /// The pre-game point prediction (clamped to the mode's bounds), whatever `elapsed` is.
    pub pregame: f64,
    pub elapsed: f64,
    /// Whether the predictor has learned [`WARM_GAMES`] games of this game mode; before, the
    /// values lean on the mode's prior ([`mode_prior`]) and the page says it is still learning.
    pub warm: bool,
    /// Games of this game mode learned so far.
    pub mode_games: u64,
}

/// A running mean per game mode (pooled over all modes until a mode has 10 games): the
/// baseline every model must beat (`"model": "running_mean"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunningMean {
    pub n: u64,
    pub mean: f64,
    pub per_mode: BTreeMap<String, (u64, f64)>,
}

impl RunningMean {
    fn predict(&self, mode: &str) -> f64 {
        match self.per_mode.get(mode) {
            Some(&(n, m)) if n >= 10 => m,
            _ if self.n > 0 => self.mean,
            _ => 1800.0,
        }
    }
    fn learn(&mut self, mode: &str, y: f64) {
        self.n += 1;
        self.mean += (y - self.mean) / self.n as f64;
        let e = self.per_mode.entry(mode.to_string()).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += (y - e.1) / e.0 as f64;
    }
}

/// The point regressor: a [`Model`] from a learner spec, or the running-mean baseline.
#[derive(Debug, Clone)]
enum PointModel {
    RunningMean(RunningMean),
    Model(Box<Model>),
}

/// How a point model is stored: `{"running_mean": {...}}` or `{"model": <Model::to_json>}`, the
/// learner's text embedded as is (not parsed and written again).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum PointModelState {
    RunningMean(RunningMean),
    Model(Box<serde_json::value::RawValue>),
}

impl Serialize for PointModel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let state = match self {
            PointModel::RunningMean(m) => PointModelState::RunningMean(m.clone()),
            PointModel::Model(m) => {
                let text = m.to_json().map_err(serde::ser::Error::custom)?;
                PointModelState::Model(
                    serde_json::value::RawValue::from_string(text)
                        .map_err(serde::ser::Error::custom)?,
                )
            }
        };
        state.serialize(s)
    }
}

impl<'de> Deserialize<'de> for PointModel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match PointModelState::deserialize(d)? {
            PointModelState::RunningMean(m) => PointModel::RunningMean(m),
            PointModelState::Model(raw) => PointModel::Model(Box::new(
                Model::from_json(raw.get()).map_err(serde::de::Error::custom)?,
            )),
        })
    }
}

/// The learner's input: the featurizer's pairs, borrowed (one-hots are categories, so the
/// learner's scalers pass them through unscaled).
fn model_input(x: &[Feature]) -> Vec<(&str, FeatureValue<'_>)> {
    x.iter().map(Feature::as_input).collect()
}

impl PointModel {
    fn from_spec(spec: &Value) -> Result<Self, LolError> {
        match spec {
            Value::String(s) if s == "running_mean" => {
                Ok(PointModel::RunningMean(RunningMean::default()))
            }
            Value::Object(o) => {
                // A bare regressor spec ({"type": "linear", ...}) is the pipeline's `model`.
                let spec = if o.contains_key("type") {
                    serde_json::json!({ "model": spec })
                } else {
                    spec.clone()
                };
                let spec = Spec::from_json(&spec.to_string())?;
                Ok(PointModel::Model(Box::new(Model::new(spec)?)))
            }
            other => Err(LolError::BadSpec(format!(
                "unknown model spec {other} (a learner spec object, or \"running_mean\")"
            ))),
        }
    }
    fn predict(&self, x: &[Feature], mode: &str) -> Result<f64, LolError> {
        match self {
            PointModel::RunningMean(m) => Ok(m.predict(mode)),
            PointModel::Model(m) => Ok(m.predict_one(&model_input(x))?),
        }
    }
    fn learn(&mut self, x: &[Feature], mode: &str, y: f64) -> Result<(), LolError> {
        match self {
            PointModel::RunningMean(m) => {
                m.learn(mode, y);
                Ok(())
            }
            PointModel::Model(m) => Ok(m.learn_one(&model_input(x), y)?),
        }
    }
    fn top_weights(&self, k: usize) -> Vec<(String, f64)> {
        match self {
            PointModel::RunningMean(_) => Vec::new(),
            PointModel::Model(m) => m.top_weights(k),
        }
    }
}

/// What the constructor accepts (every field optional): `{"model": <spec>, "features":
/// "default,-hour" | {FeatureConfig}, "window": 2000}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PredictorSpec {
    #[serde(default)]
    pub model: Option<Value>,
    #[serde(default)]
    pub features: Option<Value>,
    #[serde(default)]
    pub window: Option<usize>,
    /// The pre-game central value: "model" (the point model's prediction) or "median" (the
    /// median of the predictive sample: the point prediction + the median recent residual).
    #[serde(default)]
    pub center: Option<Center>,
}

/// See [`PredictorSpec::center`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Center {
    #[default]
    Model,
    Median,
}

/// The default point model spec (the best measured; docs/evaluation.md, "Results on games.csv").
pub fn default_model_spec() -> Value {
    serde_json::json!({
        "scaler": "maxabs",
        "target_scaler": true,
        "model": {"type": "linear", "optimizer": {"type": "adagrad", "lr": 0.007}, "loss": {"type": "huber", "epsilon": 0.05}}
    })
}

/// Running accuracy of the pre-game predictions made by `learn` (for the page to show).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunningMetrics {
    pub n: u64,
    pub abs_err_sum: f64,
    pub sq_err_sum: f64,
    pub covered80: u64,
    pub covered90: u64,
}

/// See the module documentation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DurationPredictor {
    format: String,
    version: u32,
    features: FeatureConfig,
    model: PointModel,
    window: usize,
    #[serde(default)]
    center: Center,
    /// Residuals of all modes pooled.
    #[serde(with = "conformal_doc")]
    pooled: ConformalIntervals,
    /// Residuals per game mode (upper-case).
    #[serde(with = "conformal_doc::map")]
    per_mode: BTreeMap<String, ConformalIntervals>,
    n_learned: u64,
    metrics: RunningMetrics,
    /// Games learned per game mode (upper-case). Absent in documents written before it existed:
    /// then filled from the per-mode residual counts on load.
    #[serde(default)]
    mode_games: BTreeMap<String, u64>,
}

/// [`ConformalIntervals`] in a predictor document: the learner's own text
/// (`{"window", "min_samples", "min_tail", "residuals"}`), embedded as is.
mod conformal_doc {
    use super::{BTreeMap, ConformalIntervals};
    use serde::{
        de::Error as _, ser::Error as _, Deserialize, Deserializer, Serialize, Serializer,
    };
    use serde_json::value::RawValue;

    fn raw(c: &ConformalIntervals) -> Result<Box<RawValue>, String> {
        let text = c.to_json().map_err(|e| e.to_string())?;
        RawValue::from_string(text).map_err(|e| e.to_string())
    }

    fn restore(raw: &RawValue) -> Result<ConformalIntervals, String> {
        ConformalIntervals::from_json(raw.get()).map_err(|e| e.to_string())
    }

    pub fn serialize<S: Serializer>(c: &ConformalIntervals, s: S) -> Result<S::Ok, S::Error> {
        raw(c).map_err(S::Error::custom)?.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ConformalIntervals, D::Error> {
        restore(&Box::<RawValue>::deserialize(d)?).map_err(D::Error::custom)
    }

    pub mod map {
        use super::*;

        pub fn serialize<S: Serializer>(
            m: &BTreeMap<String, ConformalIntervals>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            let docs = m
                .iter()
                .map(|(k, c)| raw(c).map(|r| (k, r)))
                .collect::<Result<BTreeMap<_, _>, _>>()
                .map_err(S::Error::custom)?;
            docs.serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<BTreeMap<String, ConformalIntervals>, D::Error> {
            BTreeMap::<String, Box<RawValue>>::deserialize(d)?
                .into_iter()
                .map(|(k, v)| restore(&v).map(|c| (k, c)))
                .collect::<Result<_, _>>()
                .map_err(D::Error::custom)
        }
    }
}

fn mode_of(game: &CurrentGameInfo) -> String {
    game.game_mode.trim().to_ascii_uppercase()
}

impl DurationPredictor {
    /// A fresh predictor; `None` = the best default measured.
    pub fn new(spec: Option<PredictorSpec>) -> Result<Self, LolError> {
        let spec = spec.unwrap_or_default();
        let model = PointModel::from_spec(&spec.model.unwrap_or_else(default_model_spec))?;
        let features = match spec.features {
            None => FeatureConfig::default(),
            Some(Value::String(s)) => FeatureConfig::parse(&s)?,
            Some(v) => serde_json::from_value(v)
                .map_err(|e| LolError::BadSpec(format!("features: {e}")))?,
        };
        let window = spec.window.unwrap_or(DEFAULT_WINDOW);
        let pooled = ConformalIntervals::new(window).map_err(LolError::BadSpec)?;
        Ok(DurationPredictor {
            format: FORMAT.into(),
            version: VERSION,
            features,
            model,
            window,
            center: spec.center.unwrap_or_default(),
            pooled,
            per_mode: BTreeMap::new(),
            n_learned: 0,
            metrics: RunningMetrics::default(),
            mode_games: BTreeMap::new(),
        })
    }

    /// From a JSON spec text (see [`PredictorSpec`]).
    pub fn from_spec_json(spec: &str) -> Result<Self, LolError> {
        let spec: PredictorSpec = serde_json::from_str(spec)
            .map_err(|e| LolError::BadSpec(format!("predictor spec: {e}")))?;
        Self::new(Some(spec))
    }

    /// The whole state as one JSON document.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Restores [`to_json`](Self::to_json)'s output; the error names the problem.
    pub fn from_json(json: &str) -> Result<Self, LolError> {
        let bad = LolError::BadSave;
        let v: Value = serde_json::from_str(json).map_err(|e| bad(format!("not JSON: {e}")))?;
        match v.get("format").and_then(Value::as_str) {
            Some(FORMAT) => {}
            Some(f) => return Err(bad(format!("format is '{f}', expected '{FORMAT}'"))),
            None => return Err(bad(format!("missing 'format' (expected '{FORMAT}')"))),
        }
        match v.get("version").and_then(Value::as_u64) {
            Some(x) if (OLDEST_VERSION as u64..=VERSION as u64).contains(&x) => {}
            Some(x) => {
                return Err(bad(format!(
                    "version {x} is not supported (this build reads versions \
                     {OLDEST_VERSION} to {VERSION})"
                )))
            }
            None => return Err(bad("missing 'version'".into())),
        }
        let mut p: DurationPredictor = serde_json::from_value(v)
            .map_err(|e| bad(format!("invalid DurationPredictor: {e}")))?;
        p.version = VERSION;
        for (mode, c) in &p.per_mode {
            p.mode_games.entry(mode.clone()).or_insert(c.len() as u64);
        }
        if p.pooled.window() != p.window || p.per_mode.values().any(|c| c.window() != p.window) {
            return Err(bad(
                "invalid DurationPredictor: conformal windows disagree with 'window'".into(),
            ));
        }
        Ok(p)
    }

    /// How many games it has learned from.
    pub fn n_learned(&self) -> u64 {
        self.n_learned
    }

    /// The feature groups in use.
    pub fn feature_config(&self) -> &FeatureConfig {
        &self.features
    }

    /// Running accuracy of the pre-game predictions `learn` made.
    pub fn metrics(&self) -> &RunningMetrics {
        &self.metrics
    }

    /// The `k` largest weights of the point model by magnitude (empty for the baseline).
    pub fn top_weights(&self, k: usize) -> Vec<(String, f64)> {
        self.model.top_weights(k)
    }

    /// The features this predictor computes for a game.
    pub fn featurize(&self, game: &CurrentGameInfo, extras: &GameExtras) -> Vec<Feature> {
        featurize(game, extras, &self.features)
    }

    /// Games of `mode` (upper-case) learned so far.
    pub fn mode_games(&self, mode: &str) -> u64 {
        self.mode_games.get(mode).copied().unwrap_or(0)
    }

    /// The point model's [`rivulet::learn::Model::explain_one`] for a game's features (`None`
    /// for the running-mean baseline, which has no per-feature parts).
    pub(crate) fn explain_point(
        &self,
        x: &[Feature],
    ) -> Result<Option<rivulet::learn::Explanation>, LolError> {
        match &self.model {
            PointModel::RunningMean(_) => Ok(None),
            PointModel::Model(m) => Ok(Some(m.explain_one(&model_input(x))?)),
        }
    }

    /// The learner behind the point model (`None` for the running-mean baseline).
    pub(crate) fn point_learner(&self) -> Option<&Model> {
        match &self.model {
            PointModel::RunningMean(_) => None,
            PointModel::Model(m) => Some(m),
        }
    }

    /// The point model's raw prediction (before the prior blend and the clamp).
    pub(crate) fn point(&self, x: &[Feature], mode: &str) -> Result<f64, LolError> {
        self.model.predict(x, mode)
    }

    /// The pre-game value: the point model's, blended from the mode's prior while fewer than
    /// [`WARM_GAMES`] games of the mode are learned, clamped to the mode's bounds.
    fn pregame(&self, x: &[Feature], mode: &str, queue: Option<i64>) -> Result<f64, LolError> {
        let raw = self.model.predict(x, mode)?;
        let (lo, hi, _, _) = mode_bounds(mode);
        let n = self.mode_games(mode);
        let value = if n >= WARM_GAMES && raw.is_finite() {
            raw
        } else {
            let (prior, _, _) = mode_prior(mode, queue);
            let w = if raw.is_finite() {
                n as f64 / WARM_GAMES as f64
            } else {
                0.0
            };
            w * raw + (1.0 - w) * prior
        };
        Ok(if value.is_finite() {
            value.clamp(lo, hi)
        } else {
            0.5 * (lo + hi)
        })
    }

    fn predict_features(
        &self,
        x: &[Feature],
        mode: &str,
        queue: Option<i64>,
        elapsed: f64,
    ) -> Result<Prediction, LolError> {
        let pregame = self.pregame(x, mode, queue)?;
        let (_, _, any_lo, any_hi) = mode_bounds(mode);
        let floor = if elapsed > 0.0 {
            elapsed
        } else {
            f64::NEG_INFINITY
        };
        let own = self.per_mode.get(mode);
        let own_len = own.map_or(0, ConformalIntervals::len);
        // The mode's own residuals once there are enough; the pooled ones once the mode has
        // some of its own in the pool; before, the mode's prior shape.
        let conformal = match own {
            Some(c) if own_len >= MODE_READY => Some(c),
            Some(c) if c.is_ready() => Some(&self.pooled),
            _ => None,
        };
        let dist = conformal
            .and_then(|c| c.predict(pregame, floor))
            .or_else(|| {
                // Cold start: the prior shape of durations around the pre-game value (ratios
                // of ranked durations to their median, widened when the mode's figure is not a
                // measurement).
                let (_, widen, _) = mode_prior(mode, queue);
                let mut prior = ConformalIntervals::with_settings(PRIOR_RATIOS.len(), 1, 5).ok()?;
                for r in PRIOR_RATIOS {
                    prior.update(0.0, pregame * widen * (r - 1.0));
                }
                prior.predict(pregame, floor)
            });
        // Unreachable with a prior of 40 ratios; an error rather than a panic all the same.
        let dist = dist.ok_or_else(|| LolError::BadSpec("no predictive distribution".into()))?;
        let (lo80, hi80) = dist.interval(0.8);
        let (lo90, hi90) = dist.interval(0.9);
        // Every reported value within the mode's bounds, and never before `elapsed`.
        let fix = |v: f64| v.clamp(any_lo, any_hi.max(elapsed + 60.0)).max(elapsed);
        Ok(Prediction {
            expected: fix(match self.center {
                Center::Model => dist.center,
                Center::Median => dist.quantile(0.5),
            }),
            lo80: fix(lo80),
            hi80: fix(hi80),
            lo90: fix(lo90.min(lo80)),
            hi90: fix(hi90.max(hi80)),
            pregame,
            elapsed: elapsed.max(0.0),
            warm: self.mode_games(mode) >= WARM_GAMES,
            mode_games: self.mode_games(mode),
        })
    }

    /// The prediction for a game still running at `elapsed_s` seconds (0 = pre-game).
    pub fn predict(
        &self,
        game: &CurrentGameInfo,
        extras: &GameExtras,
        elapsed_s: f64,
    ) -> Result<Prediction, LolError> {
        validate(game)?;
        if !elapsed_s.is_finite() || elapsed_s < 0.0 {
            return Err(LolError::BadGame(format!(
                "elapsed seconds must be a finite number ≥ 0, got {elapsed_s}"
            )));
        }
        let x = self.featurize(game, extras);
        self.predict_features(&x, &mode_of(game), game.game_queue_config_id, elapsed_s)
    }

    /// Learns a finished game's true duration; returns the pre-game prediction made just before.
    /// Bad input (no participants, a duration that is not a positive finite number of seconds
    /// below 6 hours) is an error and changes nothing.
    pub fn learn(
        &mut self,
        game: &CurrentGameInfo,
        extras: &GameExtras,
        duration_s: f64,
    ) -> Result<Prediction, LolError> {
        validate(game)?;
        if !(duration_s.is_finite() && duration_s > 0.0 && duration_s < 6.0 * 3600.0) {
            return Err(LolError::BadGame(format!(
                "duration must be a positive number of seconds (under 6 h), got {duration_s}"
            )));
        }
        let mode = mode_of(game);
        let x = self.featurize(game, extras);
        let pre = self.predict_features(&x, &mode, game.game_queue_config_id, 0.0)?;
        // Bad input never reaches here; the learner rejects bad features without changing.
        self.model.learn(&x, &mode, duration_s)?;
        self.pooled.update(pre.pregame, duration_s);
        let window = self.window;
        self.per_mode
            .entry(mode.clone())
            .or_insert_with(|| {
                ConformalIntervals::new(window).expect("window validated at construction")
            })
            .update(pre.pregame, duration_s);
        *self.mode_games.entry(mode).or_insert(0) += 1;
        self.n_learned += 1;
        let m = &mut self.metrics;
        m.n += 1;
        m.abs_err_sum += (pre.expected - duration_s).abs();
        m.sq_err_sum += (pre.expected - duration_s).powi(2);
        m.covered80 += (pre.lo80 <= duration_s && duration_s <= pre.hi80) as u64;
        m.covered90 += (pre.lo90 <= duration_s && duration_s <= pre.hi90) as u64;
        Ok(pre)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modes::PRIOR_RANKED_S;

    fn game(mode: &str, champ: i64) -> CurrentGameInfo {
        serde_json::from_value(
            serde_json::json!({"gameId": 1, "gameMode": mode, "gameQueueConfigId": 420,
            "participants": [{"teamId": 100, "championId": champ, "spell1Id": 4, "spell2Id": 14},
                             {"teamId": 200, "championId": 84, "spell1Id": 4, "spell2Id": 12}]}),
        )
        .unwrap()
    }

    #[test]
    fn predictions_are_ordered_floored_and_clamped() {
        let mut p = DurationPredictor::new(None).unwrap();
        let g = game("CLASSIC", 1);
        let e = GameExtras::default();
        for i in 0..300 {
            p.learn(&g, &e, 1200.0 + f64::from(i * 37 % 1500)).unwrap();
        }
        for t in [0.0, 600.0, 1800.0, 2600.0, 4000.0, 9000.0] {
            let q = p.predict(&g, &e, t).unwrap();
            assert!(q.expected >= t && q.lo90 >= t, "{t}: {q:?}");
            assert!(
                q.lo90 <= q.lo80 && q.lo80 <= q.hi80 && q.hi80 <= q.hi90,
                "{t}: {q:?}"
            );
            assert!(
                q.lo80 <= q.expected && q.expected <= q.hi80 || t > 0.0,
                "{t}: {q:?}"
            );
        }
        // Later elapsed times never lower the expected end.
        let a = p.predict(&g, &e, 1000.0).unwrap().expected;
        let b = p.predict(&g, &e, 2000.0).unwrap().expected;
        assert!(b >= a && b > 2000.0);
    }

    #[test]
    fn bad_input_is_an_error_and_changes_nothing() {
        let mut p = DurationPredictor::new(None).unwrap();
        let g = game("CLASSIC", 1);
        let e = GameExtras::default();
        p.learn(&g, &e, 1800.0).unwrap();
        let before = p.to_json();
        assert!(p.learn(&g, &e, f64::NAN).is_err());
        assert!(p.learn(&g, &e, -3.0).is_err());
        let mut empty = g.clone();
        empty.participants.clear();
        assert!(p
            .learn(&empty, &e, 1800.0)
            .unwrap_err()
            .to_string()
            .contains("no participants"));
        assert!(p.predict(&g, &e, f64::INFINITY).is_err());
        assert_eq!(p.to_json(), before);
    }

    #[test]
    fn json_round_trip_and_errors_name_the_problem() {
        let mut p = DurationPredictor::new(None).unwrap();
        for i in 0..50 {
            p.learn(
                &game(if i % 2 == 0 { "ARAM" } else { "CLASSIC" }, i),
                &GameExtras::default(),
                1000.0 + i as f64 * 20.0,
            )
            .unwrap();
        }
        let json = p.to_json();
        let q = DurationPredictor::from_json(&json).unwrap();
        assert_eq!(q.to_json(), json);
        assert!(DurationPredictor::from_json("nope")
            .unwrap_err()
            .to_string()
            .contains("not JSON"));
        assert!(DurationPredictor::from_json("{}")
            .unwrap_err()
            .to_string()
            .contains("missing 'format'"));
        let v2 = json.replacen("\"version\":2", "\"version\":99", 1);
        assert!(DurationPredictor::from_json(&v2)
            .unwrap_err()
            .to_string()
            .contains("version 99"));
        let bad = json.replacen("\"window\":2000", "\"window\":7", 1);
        assert!(DurationPredictor::from_json(&bad).is_err());
        assert!(DurationPredictor::from_spec_json(r#"{"modle": 1}"#)
            .unwrap_err()
            .to_string()
            .contains("modle"));
        assert!(DurationPredictor::from_spec_json(r#"{"features": "nope"}"#)
            .unwrap_err()
            .to_string()
            .contains("nope"));
    }

    #[test]
    fn each_refusal_says_whose_fault_it_is() {
        let e = GameExtras::default();
        let g = game("CLASSIC", 103);
        let mut p = DurationPredictor::new(None).unwrap();
        let mut empty = g.clone();
        empty.participants.clear();
        assert!(matches!(
            p.learn(&empty, &e, 1800.0),
            Err(LolError::BadGame(_))
        ));
        assert!(matches!(
            p.learn(&g, &e, f64::NAN),
            Err(LolError::BadGame(_))
        ));
        assert!(matches!(p.predict(&g, &e, -1.0), Err(LolError::BadGame(_))));
        assert!(matches!(
            DurationPredictor::from_spec_json(r#"{"features": "champs"}"#),
            Err(LolError::BadSpec(m)) if m.contains("unknown feature group 'champs'")
        ));
        assert!(matches!(
            DurationPredictor::from_spec_json(r#"{"model": {"type": "linear", "l2": -1}}"#),
            Err(LolError::Learn(rivulet::learn::LearnError::BadSpec(_)))
        ));
        assert!(matches!(
            DurationPredictor::from_json("{}"),
            Err(LolError::BadSave(m)) if m.contains("missing 'format'")
        ));
    }

    fn game_q(mode: &str, queue: i64, champ: i64) -> CurrentGameInfo {
        let mut g = game(mode, champ);
        g.game_queue_config_id = Some(queue);
        g
    }

    fn assert_sane(q: &Prediction, t: f64) {
        assert!(q.expected >= t && q.lo80 >= t && q.lo90 >= t, "{t}: {q:?}");
        assert!(
            q.lo90 <= q.lo80 && q.lo80 <= q.hi80 && q.hi80 <= q.hi90,
            "{t}: {q:?}"
        );
        assert!(q.hi90 > q.lo90, "{t}: an interval of width 0: {q:?}");
        if t == 0.0 {
            assert!(q.lo80 <= q.expected && q.expected <= q.hi80, "{q:?}");
        }
    }

    #[test]
    fn cold_start_predicts_the_mode_prior_with_wide_intervals() {
        let p = DurationPredictor::new(None).unwrap();
        let e = GameExtras::default();
        let ranked = p.predict(&game_q("CLASSIC", 420, 1), &e, 0.0).unwrap();
        assert_eq!(ranked.expected, PRIOR_RANKED_S);
        assert!(!ranked.warm && ranked.mode_games == 0);
        // The 80 % interval of ranked durations (≈ 21–40 min), not a point.
        assert!(ranked.lo80 < 1400.0 && ranked.hi80 > 2300.0, "{ranked:?}");
        let aram = p.predict(&game_q("ARAM", 450, 1), &e, 0.0).unwrap();
        assert!(
            (aram.expected - PRIOR_RANKED_S * 0.62).abs() < 1.0,
            "{aram:?}"
        );
        assert!(aram.hi80 - aram.lo80 > 0.3 * aram.expected, "{aram:?}");
        let other = p.predict(&game_q("CHERRY", 1700, 1), &e, 0.0).unwrap();
        assert_eq!(other.expected, 1500.0);
        for g in [
            game_q("CLASSIC", 420, 1),
            game_q("ARAM", 450, 2),
            game_q("URF", 900, 3),
        ] {
            for t in [
                0.0, 60.0, 900.0, 1500.0, 1800.0, 2400.0, 3600.0, 5400.0, 7200.0, 20000.0,
            ] {
                assert_sane(&p.predict(&g, &e, t).unwrap(), t);
            }
        }
    }

    #[test]
    fn each_mode_warms_up_on_its_own_games() {
        let mut p = DurationPredictor::new(None).unwrap();
        let e = GameExtras::default();
        let classic = game_q("CLASSIC", 420, 1);
        let aram = game_q("ARAM", 450, 1);
        let mut last = f64::NAN;
        let long = |i: u64| 2200.0 + (i * 37 % 400) as f64;
        for i in 0..WARM_GAMES {
            let q = p.predict(&classic, &e, 0.0).unwrap();
            assert!(!q.warm && q.mode_games == i, "{i}: {q:?}");
            assert_sane(&q, 0.0);
            last = q.expected;
            p.learn(&classic, &e, long(i)).unwrap();
        }
        // Blending moved it from the prior toward what it learned, without jumping past it.
        assert!(last > PRIOR_RANKED_S + 200.0 && last <= 2600.0, "{last}");
        let q = p.predict(&classic, &e, 0.0).unwrap();
        assert!(q.warm && q.mode_games == WARM_GAMES, "{q:?}");
        for i in 0..470 {
            p.learn(&classic, &e, long(i)).unwrap();
        }
        // 500 long CLASSIC games say little about ARAM: still the ARAM prior, not warm.
        let a = p.predict(&aram, &e, 0.0).unwrap();
        assert!(!a.warm && a.mode_games == 0, "{a:?}");
        assert!((a.expected - PRIOR_RANKED_S * 0.62).abs() < 1.0, "{a:?}");
        for t in [0.0, 600.0, 1200.0, 1500.0, 2500.0, 4000.0] {
            assert_sane(&p.predict(&aram, &e, t).unwrap(), t);
            assert_sane(&p.predict(&classic, &e, t).unwrap(), t);
        }
        // A game at 25 minutes never ends before 25 minutes, warm or not.
        for g in [&aram, &classic] {
            let q = p.predict(g, &e, 1500.0).unwrap();
            assert!(q.expected >= 1500.0 && q.lo80 >= 1500.0, "{q:?}");
        }
    }

    #[test]
    fn documents_without_mode_counts_take_them_from_the_residual_windows() {
        let mut p = DurationPredictor::new(None).unwrap();
        let g = game_q("ARAM", 450, 1);
        for _ in 0..40 {
            p.learn(&g, &GameExtras::default(), 1100.0).unwrap();
        }
        let mut v: Value = serde_json::from_str(&p.to_json()).unwrap();
        // What a version-1 build wrote: no `mode_games`.
        v.as_object_mut().unwrap().remove("mode_games");
        v["version"] = 1.into();
        let old = DurationPredictor::from_json(&v.to_string()).unwrap();
        assert_eq!(old.mode_games("ARAM"), 40);
        // Written back as version 2, with the counts.
        assert_eq!(old.to_json(), p.to_json());
        assert!(p.to_json().contains("\"version\":2"));
        // Version 2 without the counts is still read the same way.
        v["version"] = 2.into();
        assert_eq!(
            DurationPredictor::from_json(&v.to_string())
                .unwrap()
                .mode_games("ARAM"),
            40
        );
    }

    #[test]
    fn pregame_is_clamped_per_mode() {
        let mut p = DurationPredictor::new(None).unwrap();
        let g = game("ARAM", 1);
        for _ in 0..WARM_GAMES {
            p.learn(&g, &GameExtras::default(), 5000.0).unwrap();
        }
        assert_eq!(
            p.predict(&g, &GameExtras::default(), 0.0).unwrap().pregame,
            2100.0
        );
    }
}
