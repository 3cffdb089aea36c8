//! The page's model API: [`DurationPredictor`](rivulet_lol::predictor::DurationPredictor), the
//! featurizer and the name tables, for JavaScript. Conversion and error mapping only: JS objects
//! are read into the Riot types and results written back as plain JS objects by
//! serde-wasm-bindgen (no JSON text in between; the saved predictor stays JSON text, it is
//! storage), and every error becomes a JS `Error` naming the problem.
#![cfg(target_arch = "wasm32")] // a wasm-bindgen module; nothing to build natively

use rivulet_lol::champions;
use rivulet_lol::features::featurize as featurize_core;
use rivulet_lol::predictor;
use rivulet_lol::riot::{CurrentGameInfo, GameExtras};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A prediction, in seconds of game time. `expected` and the intervals are for the total
 * duration given the game is still running at `elapsed` (0 = pre-game): all are ≥ elapsed.
 * `warm` is false until 30 games of this game mode are learned (`mode_games` so far): until
 * then the values lean on the mode's typical duration and prior intervals. */
export type Prediction = {
  expected: number; lo80: number; hi80: number; lo90: number; hi90: number;
  pregame: number; elapsed: number; warm: boolean; mode_games: number;
};
/** `DurationPredictor.explain`: the prediction in parts, seconds. `expected = typical +
 * Σ parts[i].contribution + clamp + elapsed_shift` up to rounding. `typical` is the game mode's
 * typical duration (the mode's `prior` blended with the model's intercept and mode keys by
 * `blend`, the model's weight: mode_games / 30 while warming up, then 1); each part is one
 * learner key's contribution times `blend`. */
export type PredictionExplanation = {
  expected: number; pregame: number; elapsed: number; warm: boolean; mode_games: number;
  blend: number; prior: number; typical: number;
  parts: { feature: string; value: number; scaled: number; weight: number; contribution: number }[];
  clamp: number; elapsed_shift: number;
};
/** `DurationPredictor.metrics()`: the running record of the pre-game predictions `learn` made
 * (seconds): how many, the sums of absolute and squared errors, how many fell inside the 80 %
 * and 90 % intervals. It is saved with the predictor; the page shows it rather than keeping its
 * own count. */
export type LearnedMetrics = { n: number; abs_err_sum: number; sq_err_sum: number; covered80: number; covered90: number };
/** DurationPredictor options (all optional): the learner spec (or "running_mean"), the feature
 * groups ("default", "default,-hour", "none,+champions,+bans", ...), the conformal window. */
export type PredictorOptions = { model?: object | "running_mean"; features?: string | object; window?: number };
"#;

fn err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Reads a JS object as a serde type, field by field (serde-wasm-bindgen: no JSON text in
/// between); `what` names it in errors. Integers must be safe JS integers (or BigInts): a number
/// that lost precision is refused rather than read as another value.
fn from_js<T: DeserializeOwned>(v: JsValue, what: &str) -> Result<T, JsError> {
    if !v.is_object() || js_sys::Array::is_array(&v) {
        return Err(JsError::new(&format!("{what}: must be an object")));
    }
    serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

fn extras_from_js(v: JsValue) -> Result<GameExtras, JsError> {
    if v.is_undefined() || v.is_null() {
        Ok(GameExtras::default())
    } else {
        from_js(v, "extras")
    }
}

/// A result as a plain JS value: objects for structs and maps, numbers for integers (all the
/// page's integers are counts far below 2^53), as `JSON.parse` of serde_json's text gave.
fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(err)
}

/// The features the model sees for a game (name → number; one-hot keys read `group=value`).
#[wasm_bindgen]
pub fn featurize(game: JsValue, extras: JsValue) -> Result<JsValue, JsError> {
    let game: CurrentGameInfo = from_js(game, "game")?;
    let extras = extras_from_js(extras)?;
    let x = featurize_core(&game, &extras, &Default::default());
    to_js(
        &x.into_iter()
            .map(|f| (f.key(), f.number()))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// The champion's name, or "Unknown (id)".
#[wasm_bindgen]
pub fn champion_name(id: f64) -> String {
    if id.is_finite() && id.fract() == 0.0 {
        champions::champion_name(id as i64)
    } else {
        format!("Unknown ({id})")
    }
}

/// A short queue name ("Ranked Solo/Duo", "ARAM", ...), or "Queue id".
#[wasm_bindgen]
pub fn queue_name(queue_id: f64) -> String {
    if queue_id.is_finite() && queue_id.fract() == 0.0 {
        champions::queue_name(queue_id as i64)
    } else {
        format!("Queue {queue_id}")
    }
}

/// Predicts how long a League of Legends game lasts, learns from finished games, and narrows
/// its prediction as the game runs.
#[wasm_bindgen]
pub struct DurationPredictor {
    inner: predictor::DurationPredictor,
}

#[wasm_bindgen]
impl DurationPredictor {
    /// A fresh predictor; no argument = the best default measured (docs/evaluation.md,
    /// "Results on games.csv").
    #[wasm_bindgen(constructor)]
    pub fn new(spec: JsValue) -> Result<DurationPredictor, JsError> {
        let inner = if spec.is_undefined() || spec.is_null() {
            predictor::DurationPredictor::new(None)
        } else {
            // Through JSON text, once per predictor: the spec rejects unknown fields (a typo must
            // not pass unnoticed), which a field-by-field reader cannot see.
            let text = js_sys::JSON::stringify(&spec)
                .ok()
                .and_then(|t| t.as_string())
                .ok_or_else(|| JsError::new("spec: must be an object"))?;
            predictor::DurationPredictor::from_spec_json(&text)
        };
        Ok(DurationPredictor {
            inner: inner.map_err(err)?,
        })
    }

    /// Restores a predictor from `serialize()`; throws an Error naming the problem.
    pub fn deserialize(json: &str) -> Result<DurationPredictor, JsError> {
        Ok(DurationPredictor {
            inner: predictor::DurationPredictor::from_json(json).map_err(err)?,
        })
    }

    /// The whole state as one JSON string (for localStorage).
    pub fn serialize(&self) -> String {
        self.inner.to_json()
    }

    /// The prediction for a game still running at `elapsedSeconds` (0 = pre-game).
    pub fn predict(
        &self,
        game: JsValue,
        extras: JsValue,
        elapsed_seconds: f64,
    ) -> Result<JsValue, JsError> {
        let game: CurrentGameInfo = from_js(game, "game")?;
        let extras = extras_from_js(extras)?;
        to_js(
            &self
                .inner
                .predict(&game, &extras, elapsed_seconds)
                .map_err(err)?,
        )
    }

    /// `predict` in parts, seconds: `expected = typical + Σ parts[i].contribution + clamp +
    /// elapsed_shift` (up to rounding). Same input and errors as `predict`; no side effects.
    #[wasm_bindgen(unchecked_return_type = "PredictionExplanation")]
    pub fn explain(
        &self,
        game: JsValue,
        extras: JsValue,
        elapsed_seconds: f64,
    ) -> Result<JsValue, JsError> {
        let game: CurrentGameInfo = from_js(game, "game")?;
        let extras = extras_from_js(extras)?;
        to_js(
            &self
                .inner
                .explain(&game, &extras, elapsed_seconds)
                .map_err(err)?,
        )
    }

    /// Learns a finished game; returns the pre-game prediction made just before learning.
    pub fn learn(
        &mut self,
        game: JsValue,
        extras: JsValue,
        duration_seconds: f64,
    ) -> Result<JsValue, JsError> {
        let game: CurrentGameInfo = from_js(game, "game")?;
        let extras = extras_from_js(extras)?;
        to_js(
            &self
                .inner
                .learn(&game, &extras, duration_seconds)
                .map_err(err)?,
        )
    }

    /// How many games it has learned from (a getter, as the learner's `Model.n_learned`).
    #[wasm_bindgen(getter)]
    pub fn n_learned(&self) -> f64 {
        self.inner.n_learned() as f64
    }

    /// The running record of the pre-game predictions `learn` made (`LearnedMetrics`): the
    /// page's learned count and MAE come from here, saved with the predictor.
    #[wasm_bindgen(unchecked_return_type = "LearnedMetrics")]
    pub fn metrics(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.metrics())
    }

    /// What each learned key adds to a game that has it, in seconds (`key_effects`): the `k`
    /// largest by magnitude, `[key, seconds][]` (empty for the running-mean baseline).
    #[wasm_bindgen(unchecked_return_type = "Array<[string, number]>")]
    pub fn key_effects(&self, k: usize) -> Result<JsValue, JsError> {
        to_js(&self.inner.key_effects(k))
    }

    /// The `k` largest weights by magnitude: `[key, weight][]`, as the learner's
    /// `Model.top_weights` (empty for the running-mean baseline).
    #[wasm_bindgen(unchecked_return_type = "Array<[string, number]>")]
    pub fn top_weights(&self, k: usize) -> Result<JsValue, JsError> {
        to_js(&self.inner.top_weights(k))
    }
}
