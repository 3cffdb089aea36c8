//! Aggregated Mondrian Forest regressor, as River 0.26's `forest.AMFRegressor`.
//!
//! `n_estimators` Mondrian trees ([`mondrian::MondrianTree`]) all learn every sample; the
//! prediction is the mean of the trees' aggregated predictions:
//!
//! ```text
//! ŷ(x) = (1/T) Σₜ treeₜ(x)
//! ```
//!
//! Randomness is River's exactly: the forest's `random.Random(seed)` draws each tree's seed
//! with `randint(0, 9_999_999)` at the first `learn_one`, and each tree draws its split times,
//! features and thresholds from its own `random.Random(tree_seed)` (see
//! [`crate::learn::rng`]). The whole state (trees, generators) serializes to JSON.
//!
//! Mondrian trees measure distances across all features, so features should be on comparable
//! scales (River recommends a MinMaxScaler first), and they only split on keys present in `x`:
//! give them dense input (absent one-hots as explicit zeros).
//!
//! ```
//! use rivulet::learn::forest::{AmfConfig, AmfRegressor};
//! let mut amf = AmfRegressor::new(AmfConfig { seed: 1, ..AmfConfig::default() }).unwrap();
//! // A step function of one feature; a linear model could not fit it.
//! for i in 0..2000 {
//!     let v = (i % 100) as f64 / 100.0;
//!     amf.learn_one(&[(0, v)], if v < 0.5 { 10.0 } else { 20.0 });
//! }
//! assert!((amf.predict_one(&[(0, 0.2)]) - 10.0).abs() < 1.0);
//! assert!((amf.predict_one(&[(0, 0.8)]) - 20.0).abs() < 1.0);
//! ```

pub mod mondrian;

use crate::learn::error::check_len;
use crate::learn::json::{obj, Fields, Float, Json};
use crate::learn::rng::Mt19937;
use crate::learn::state::saved_state;
use crate::learn::{Feature, LearnError, Regressor};
use mondrian::MondrianTree;

fn default_n_estimators() -> usize {
    10
}
fn default_step() -> f64 {
    1.0
}
fn default_true() -> bool {
    true
}

/// Hyperparameters; defaults are River's `AMFRegressor()` (with `seed` 0: River's default is
/// an unseeded generator).
#[derive(Clone, Debug, PartialEq)]
pub struct AmfConfig {
    /// Number of trees.
    pub n_estimators: usize,
    /// Step size of the exponential aggregation weights.
    pub step: f64,
    /// Aggregate the predictions along the path (River's `use_aggregation`).
    pub use_aggregation: bool,
    /// Stop splitting a tree once it has this many nodes (bounds memory; River's `max_nodes`).
    pub max_nodes: Option<usize>,
    /// Seed of the forest's generator.
    pub seed: u64,
}

impl Default for AmfConfig {
    fn default() -> Self {
        AmfConfig {
            n_estimators: default_n_estimators(),
            step: default_step(),
            use_aggregation: true,
            max_nodes: None,
            seed: 0,
        }
    }
}

impl AmfConfig {
    /// The spec's model object (`"type": "amf"` first, every field filled).
    pub fn to_value(&self) -> Json {
        obj([
            ("type", "amf".into()),
            ("n_estimators", self.n_estimators.into()),
            ("step", self.step.into()),
            ("use_aggregation", self.use_aggregation.into()),
            ("max_nodes", self.max_nodes.map_or(Json::Null, Json::from)),
            ("seed", self.seed.into()),
        ])
    }

    /// Reads the fields of a spec's `{"type": "amf", ...}` object (the tag already taken);
    /// River's defaults for the absent ones, unknown ones refused.
    pub fn read(mut f: Fields) -> crate::learn::Result<AmfConfig> {
        let c = AmfConfig {
            n_estimators: f.usize_or("n_estimators", default_n_estimators())?,
            step: f.f64_or("step", default_step())?,
            use_aggregation: f.bool_or("use_aggregation", default_true())?,
            max_nodes: match f.opt("max_nodes") {
                None | Some(Json::Null) => None,
                Some(Json::U64(n)) if n <= u64::from(u32::MAX) => Some(n as usize),
                Some(v) => {
                    return Err(f.error(format!(
                        "`max_nodes` must be null or a non-negative integer, got {}",
                        v.kind()
                    )))
                }
            },
            seed: f.u64_or("seed", 0)?,
        };
        f.finish()?;
        Ok(c)
    }

    /// Checks every hyperparameter; the message names the bad one.
    pub fn validate(&self) -> Result<(), String> {
        if self.n_estimators == 0 || self.n_estimators > 1000 {
            return Err(format!(
                "amf.n_estimators must be in 1..=1000, got {}",
                self.n_estimators
            ));
        }
        if !(self.step.is_finite() && self.step > 0.0) {
            return Err(format!(
                "amf.step must be a finite number > 0, got {}",
                Float(self.step)
            ));
        }
        if let Some(m) = self.max_nodes {
            if m == 0 {
                return Err("amf.max_nodes must be >= 1".into());
            }
        }
        Ok(())
    }
}

/// Aggregated Mondrian Forest regressor; see the module docs.
#[derive(Clone, Debug, PartialEq)]
pub struct AmfRegressor {
    config: AmfConfig,
    st: AmfState,
}

saved_state! {
    /// The learned part of an [`AmfRegressor`].
    #[derive(Clone, Debug, PartialEq)]
    struct AmfState {
        n_learned: u64,
        rng: Mt19937,
        /// Empty until the first `learn_one` (River creates the trees then).
        trees: Vec<MondrianTree>,
    }
}

impl AmfRegressor {
    /// The whole forest: `{"config": {...}, "state": {...}}`.
    pub fn to_value(&self) -> Json {
        obj([
            ("config", self.config.to_value()),
            ("state", self.st.to_value()),
        ])
    }

    /// Reads [`AmfRegressor::to_value`]'s object and validates it (the error names the problem).
    pub fn from_value(v: Json) -> crate::learn::Result<AmfRegressor> {
        let mut f = Fields::state("amf", v)?;
        let mut c = f.object("config")?;
        c.tag(&["amf"])?;
        let config = AmfConfig::read(c)?;
        let st = AmfState::read(f.object("state")?)?;
        f.finish()?;
        let a = AmfRegressor { config, st };
        a.validate_state().map_err(LearnError::BadState)?;
        Ok(a)
    }

    /// A fresh forest; the error names the bad hyperparameter.
    pub fn new(config: AmfConfig) -> Result<Self, String> {
        config.validate()?;
        Ok(AmfRegressor {
            st: AmfState {
                rng: Mt19937::python(config.seed),
                trees: Vec::new(),
                n_learned: 0,
            },
            config,
        })
    }

    /// The hyperparameters.
    pub fn config(&self) -> &AmfConfig {
        &self.config
    }

    /// Samples learned.
    pub fn n_learned(&self) -> u64 {
        self.st.n_learned
    }

    /// Total nodes over all trees.
    pub fn n_nodes(&self) -> usize {
        self.st.trees.iter().map(|t| t.n_nodes()).sum()
    }

    /// Learns one sample on every tree. `x` must not repeat an id.
    /// Mondrian trees average targets, so they cannot diverge: finite input stays finite.
    pub fn learn_one(&mut self, x: &[(u32, f64)], y: f64) {
        if self.st.trees.is_empty() {
            for _ in 0..self.config.n_estimators {
                let seed = self.st.rng.randint(0, 9_999_999) as u64;
                self.st.trees.push(MondrianTree::new(seed));
            }
        }
        let x = &sorted(x);
        let c = &self.config;
        for t in &mut self.st.trees {
            t.learn_one(x, y, c.step, c.use_aggregation, c.max_nodes);
        }
        self.st.n_learned += 1;
    }

    /// Mean of the trees' predictions; 0 before the first sample (River returns None there).
    pub fn predict_one(&self, x: &[(u32, f64)]) -> f64 {
        if self.st.trees.is_empty() {
            return 0.0;
        }
        let x = &sorted(x);
        let sum: f64 = self
            .st
            .trees
            .iter()
            .map(|t| t.predict_one(x, self.config.use_aggregation))
            .sum();
        sum / self.config.n_estimators as f64
    }

    /// Checks a deserialized state (the message names the problem).
    pub fn validate_state(&self) -> Result<(), String> {
        self.config.validate()?;
        if !self.st.rng.is_valid() {
            return Err("amf.rng: not a valid MT19937 state".into());
        }
        if !self.st.trees.is_empty() && self.st.trees.len() != self.config.n_estimators {
            return Err(format!(
                "amf.trees: {} trees for n_estimators {}",
                self.st.trees.len(),
                self.config.n_estimators
            ));
        }
        for (i, t) in self.st.trees.iter().enumerate() {
            t.validate().map_err(|e| format!("amf.trees[{i}].{e}"))?;
        }
        Ok(())
    }
}

/// `x` sorted by feature id, the last value kept for a repeated id.
fn sorted(x: &[(u32, f64)]) -> Vec<(u32, f64)> {
    let mut v = x.to_vec();
    v.sort_by_key(|e| e.0);
    v.dedup_by(|later, earlier| {
        if later.0 == earlier.0 {
            earlier.1 = later.1;
            true
        } else {
            false
        }
    });
    v
}

impl Regressor for AmfRegressor {
    fn predict_one(&self, x: &[Feature]) -> f64 {
        AmfRegressor::predict_one(self, x)
    }

    fn learn_one(&mut self, x: &[Feature], y: f64) -> crate::learn::Result<()> {
        AmfRegressor::learn_one(self, x, y);
        Ok(())
    }

    fn state(&self) -> Json {
        self.st.to_value()
    }

    fn load_state(&mut self, state: Json, n_features: usize) -> crate::learn::Result<()> {
        let st = AmfState::from_value(state, "aggregated Mondrian forest")?;
        let candidate = AmfRegressor {
            config: self.config.clone(),
            st,
        };
        candidate.validate_state().map_err(LearnError::BadState)?;
        let max_id = candidate
            .st
            .trees
            .iter()
            .map(|t| t.max_feature_id().map_or(0, |m| m as usize + 1))
            .max()
            .unwrap_or(0);
        check_len("amf", " feature ids", max_id, n_features)?;
        *self = candidate;
        Ok(())
    }

    fn box_clone(&self) -> Box<dyn Regressor> {
        Box::new(self.clone())
    }
}
