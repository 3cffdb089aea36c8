use crate::learn::error::{find_null, LearnError, Result};
use crate::learn::preprocessing::TargetStandardScaler;
use crate::learn::{Feature, Regressor, Transformer};
use serde::{Deserialize, Serialize};

/// Transformers, then a regressor (optionally inside a [`TargetStandardScaler`]), as River's
/// `compose.Pipeline`.
///
/// `learn_one(x, y)`: each transformer first learns `x`, then transforms it for the next step
/// (River's order: the scaler sees the current sample before scaling it); the target scaler
/// updates with `y` and scales it; the regressor learns the transformed pair.
/// `predict_one(x)`: transforms with the current statistics (no updates) and predicts; no side
/// effects.
///
/// With `pass_one_hot`, features flagged categorical bypass the transformers (they keep value 1).
///
/// ```
/// use rivulet::learn::compose::Pipeline;
/// use rivulet::learn::linear_model::LinearRegression;
/// use rivulet::learn::optim::{Loss, Schedule, Sgd};
/// use rivulet::learn::preprocessing::StandardScaler;
/// let reg = LinearRegression::new(Box::new(Sgd::new(Schedule::Constant { learning_rate: 0.01 })),
///     Loss::Squared, 0.0, Schedule::Constant { learning_rate: 0.01 }, 1e12);
/// let mut p = Pipeline::new(vec![Box::new(StandardScaler::default())], false, false, Box::new(reg));
/// p.learn_one(&[(0, 1.0)], 10.0, &[]).unwrap();
/// // the scaler learnt 1.0 (variance 0 → scaled 0), the intercept moved by 0.01·2·10
/// assert!((p.predict_one(&[(0, 1.0)], &[]) - 0.2).abs() < 1e-12);
/// ```
#[derive(Debug, Clone)]
pub struct Pipeline {
    transformers: Vec<Box<dyn Transformer>>,
    pass_one_hot: bool,
    target: Option<TargetStandardScaler>,
    regressor: Box<dyn Regressor>,
    buf: [Vec<Feature>; 3],
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct State {
    transformers: Vec<serde_json::Value>,
    target: Option<TargetStandardScaler>,
    regressor: serde_json::Value,
}

impl Pipeline {
    /// Assembles a pipeline.
    pub fn new(
        transformers: Vec<Box<dyn Transformer>>,
        pass_one_hot: bool,
        target_scaler: bool,
        regressor: Box<dyn Regressor>,
    ) -> Self {
        Pipeline {
            transformers,
            pass_one_hot,
            target: target_scaler.then(TargetStandardScaler::default),
            regressor,
            buf: Default::default(),
        }
    }

    /// The final regressor.
    pub fn regressor(&self) -> &dyn Regressor {
        self.regressor.as_ref()
    }

    /// The target scaler, if any.
    pub fn target_scaler(&self) -> Option<&TargetStandardScaler> {
        self.target.as_ref()
    }

    /// Learns from `(x, y)`. `categorical[id]` flags one-hot keys (may be shorter than the ids).
    pub fn learn_one(&mut self, x: &[Feature], y: f64, categorical: &[bool]) -> Result<()> {
        let [cur, next, tmp] = &mut self.buf;
        cur.clear();
        cur.extend_from_slice(x);
        let route = self.pass_one_hot && cur.iter().any(|f| is_cat(categorical, f.0));
        for t in &mut self.transformers {
            next.clear();
            if route {
                tmp.clear();
                tmp.extend(cur.iter().filter(|f| !is_cat(categorical, f.0)));
                t.learn_one(tmp);
                transform_routed(t.as_ref(), cur, categorical, tmp, next);
            } else {
                t.learn_one(cur);
                t.transform_one(cur, next);
            }
            std::mem::swap(cur, next);
        }
        let y = match &mut self.target {
            Some(t) => t.learn_scale(y),
            None => y,
        };
        self.regressor.learn_one(cur, y)
    }

    /// Predicts `x` without changing anything.
    pub fn predict_one(&self, x: &[Feature], categorical: &[bool]) -> f64 {
        let p = if self.transformers.is_empty() {
            self.regressor.predict_one(x)
        } else {
            let mut cur = x.to_vec();
            let mut next = Vec::with_capacity(x.len());
            let mut tmp = Vec::new();
            let route = self.pass_one_hot && cur.iter().any(|f| is_cat(categorical, f.0));
            for t in &self.transformers {
                next.clear();
                if route {
                    transform_routed(t.as_ref(), &cur, categorical, &mut tmp, &mut next);
                } else {
                    t.transform_one(&cur, &mut next);
                }
                std::mem::swap(&mut cur, &mut next);
            }
            self.regressor.predict_one(&cur)
        };
        match &self.target {
            Some(t) => t.unscale(p),
            None => p,
        }
    }

    /// Learned state of every step as JSON.
    pub fn state(&self) -> serde_json::Value {
        let st = State {
            transformers: self.transformers.iter().map(|t| t.state()).collect(),
            target: self.target.clone(),
            regressor: self.regressor.state(),
        };
        serde_json::to_value(st).unwrap_or(serde_json::Value::Null)
    }

    /// Restores the state of every step; on error `self` is unchanged.
    pub fn load_state(&mut self, state: serde_json::Value, n_features: usize) -> Result<()> {
        // `target` is null when there is no target scaler; any other null is a bad number.
        if let Some(obj) = state.as_object() {
            for (k, v) in obj {
                if k == "target" && v.is_null() {
                    continue;
                }
                if let Some(path) = find_null(v, k.clone()) {
                    return Err(LearnError::BadState(format!(
                        "pipeline: `{path}` is null (a non-finite number or a missing value)"
                    )));
                }
            }
        }
        let st: State = serde_json::from_value(state)
            .map_err(|e| LearnError::BadState(format!("pipeline: {e}")))?;
        if st.transformers.len() != self.transformers.len() {
            return Err(LearnError::BadState(format!(
                "the spec has {} transformers but the state has {}",
                self.transformers.len(),
                st.transformers.len()
            )));
        }
        if st.target.is_some() != self.target.is_some() {
            return Err(LearnError::BadState(
                "the spec and the state disagree on the target scaler".into(),
            ));
        }
        if let Some(t) = &st.target {
            crate::learn::error::check_finite(
                "target scaler",
                &[t.var.mean.n, t.var.mean.mean, t.var.s],
            )?;
            if t.var.ddof != 1 {
                return Err(LearnError::BadState("target scaler: ddof must be 1".into()));
            }
        }
        let mut fresh = self.clone();
        for (t, s) in fresh.transformers.iter_mut().zip(st.transformers) {
            t.load_state(s, n_features)?;
        }
        fresh.regressor.load_state(st.regressor, n_features)?;
        fresh.target = st.target;
        *self = fresh;
        Ok(())
    }
}

fn is_cat(categorical: &[bool], id: u32) -> bool {
    categorical.get(id as usize).copied().unwrap_or(false)
}

/// Transforms the numeric features of `x` with `t` and passes the categorical ones through,
/// keeping the order of `x`.
fn transform_routed(
    t: &dyn Transformer,
    x: &[Feature],
    categorical: &[bool],
    tmp: &mut Vec<Feature>,
    out: &mut Vec<Feature>,
) {
    tmp.clear();
    tmp.extend(x.iter().filter(|f| !is_cat(categorical, f.0)));
    let start = out.len();
    t.transform_one(tmp, out);
    let scaled: Vec<Feature> = out.drain(start..).collect();
    let mut it = scaled.into_iter();
    for f in x {
        if is_cat(categorical, f.0) {
            out.push(*f);
        } else if let Some(s) = it.next() {
            out.push(s);
        }
    }
}
