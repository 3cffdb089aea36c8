//! Saving and loading: the whole model (spec, vocabulary, state) as versioned JSON text.

use super::{Model, FORMAT, VERSION};
use crate::learn::error::{LearnError, Result};
use crate::learn::json::{core_f64, obj, parse_with, Fields, Json, ParseF64};
use crate::learn::key_index::Key;
use crate::learn::spec::Spec;

impl Model {
    /// Serializes the whole model (spec, vocabulary, statistics, weights, optimizer state).
    /// Every f64 round-trips exactly, and `from_json(to_json())` re-serializes byte-identically.
    pub fn to_json(&self) -> Result<String> {
        let categorical: Vec<u32> = (0..self.names.len() as u32)
            .filter(|&i| self.categorical[i as usize])
            .collect();
        let file = obj([
            ("format", FORMAT.into()),
            ("version", VERSION.into()),
            ("spec", self.spec.to_value()),
            ("n_learned", self.n_learned.into()),
            (
                "features",
                Json::Arr(self.names.iter().map(|n| n.as_str().into()).collect()),
            ),
            ("categorical", categorical.as_slice().into()),
            ("state", self.pipeline.state()),
        ]);
        // The writer refuses non-finite numbers (JSON has none): the model diverged.
        file.to_text()
            .map_err(|e| LearnError::Diverged(format!("the model state is not finite ({e})")))
    }

    /// Restores a model from [`Model::to_json`]'s output, checking the format, the version,
    /// every field and every number.
    pub fn from_json(text: &str) -> Result<Model> {
        Model::from_json_with(text, &core_f64)
    }

    /// [`Model::from_json`] with the JSON number parser given (see [`super::json::ParseF64`]).
    pub fn from_json_with(text: &str, num: ParseF64<'_>) -> Result<Model> {
        let v =
            parse_with(text, num).map_err(|e| LearnError::BadState(format!("not JSON: {e}")))?;
        if !matches!(v, Json::Obj(_)) {
            return Err(LearnError::BadState("expected a JSON object".into()));
        }
        match v.get("format") {
            Some(Json::Str(f)) if f == FORMAT => {}
            Some(Json::Str(other)) => {
                return Err(LearnError::BadState(format!(
                    "format is '{other}', expected '{FORMAT}'"
                )))
            }
            _ => return Err(LearnError::BadState("missing field `format`".into())),
        }
        match v.get("version") {
            Some(&Json::U64(n)) if n > u64::from(VERSION) => {
                return Err(LearnError::BadState(format!(
                    "version {n} is newer than this rivulet supports ({VERSION})"
                )))
            }
            Some(Json::U64(0)) => {
                return Err(LearnError::BadState("version 0 does not exist".into()))
            }
            Some(Json::U64(_)) => {}
            _ => {
                return Err(LearnError::BadState(
                    "missing or invalid field `version`".into(),
                ))
            }
        }
        let mut f = Fields::state("", v)?;
        f.req("format")?;
        f.req("version")?;
        let spec = Spec::from_value(f.req("spec")?)
            .and_then(|s| s.validate().map(|()| s))
            .map_err(|e| LearnError::BadState(format!("spec: {e}")))?;
        let n_learned = f.u64("n_learned")?;
        let mut features = Vec::new();
        for (i, k) in f.array("features")?.into_iter().enumerate() {
            match k {
                Json::Str(k) => features.push(k),
                other => {
                    return Err(LearnError::BadState(format!(
                        "`features[{i}]` must be a string, got {}",
                        other.kind()
                    )))
                }
            }
        }
        let categorical = f.u32_vec("categorical")?;
        let state = f.req("state")?;
        f.finish()?;
        let mut m = Model::new(spec)?;
        for key in features {
            if m.index.get(&key).is_some() {
                return Err(LearnError::BadState(format!(
                    "feature '{key}' appears twice in `features`"
                )));
            }
            if key.len() > Key::MAX_LEN {
                return Err(LearnError::BadState(
                    "a feature key is longer than 2 GiB".into(),
                ));
            }
            m.push_key(key, false);
        }
        let mut last = None;
        for id in categorical {
            if last.is_some_and(|l| id <= l) || id as usize >= m.names.len() {
                return Err(LearnError::BadState(format!(
                    "`categorical` must list increasing feature ids, got {id}"
                )));
            }
            m.categorical[id as usize] = true;
            m.index.set_one_hot(id);
            last = Some(id);
        }
        m.pipeline.load_state(state, m.names.len())?;
        m.n_learned = n_learned;
        Ok(m)
    }
}
