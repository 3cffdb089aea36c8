//! Merging models learnt apart (on shards of a stream, in different tabs or devices) into one.
//!
//! The models must have the same spec, and a linear model: a regressor (`{"model": {"type":
//! "linear"}}`) or a binary classifier (`"logistic"`, with a `zeros` or `constant` initializer),
//! any optimizer, any scaler. The merged model's vocabulary is the union of theirs (in order:
//! the first model's keys, then each next model's new keys); a key must have the same type in
//! every model. Each part of the state merges by its own rule, with `nₖ` the number of samples
//! model `k` learnt and `N = Σ nₖ`:
//!
//! - **Running statistics merge exactly** (up to rounding), by Chan et al.'s parallel formulas:
//!   per feature, counts add, `μ = μₐ + δ·n_b/n` and `M₂ = M₂ₐ + M₂_b + δ²·nₐ·n_b/n` with
//!   `δ = μ_b − μₐ` (the standard scaler's per-feature mean and population variance, the target
//!   scaler's mean and sum of squares); max-abs takes the maximum. The result is what one model
//!   that saw every stream has, whatever the order.
//! - **Weights and intercept** are averaged weighted by `nₖ / N` (FedAvg); a feature a model
//!   never saw counts there as the weight it would start at: 0 (a logistic model's `constant`
//!   initializer: its value).
//! - **A logistic model's cumulative L1 penalty**: the total `u` and each weight's applied
//!   penalty `qⱼ` are both FedAvg'd (`qⱼ = 0` where a model never saw the feature), so the penalty
//!   still to apply to a weight, `u ± qⱼ`, is the FedAvg of each model's; adding the `u`s would
//!   make it jump by the other models' totals and zero the weights at their next sample.
//! - **Optimizer state**: step counters (`n_iterations`) add, so schedules go on as after `N`
//!   steps. Adam's moments `m`, `v` and RMSProp's running `g²` (exponential averages) are
//!   FedAvg'd. AdaGrad's `g²` is a sum of squared gradients over the stream: the sums add, as on
//!   one stream. FTRL's `z` and `n` are FedAvg'd together, so that the weights FTRL derives from
//!   them are the FedAvg of each model's (adding them would scale the weights by about √K).
//!   SGD has no state beyond its counter.
//!
//! Anything else (different specs, another model type) is an error that says why.

use super::Model;
use crate::learn::error::{LearnError, Result};
use crate::learn::json::Json;
use crate::learn::spec::{Initializer, ModelSpec, OptimizerSpec};

fn refuse(why: impl Into<String>) -> LearnError {
    LearnError::BadSpec(format!("cannot merge: {}", why.into()))
}

/// The numbers of array `key` of a state object.
fn column(state: &Json, key: &str) -> Result<Vec<f64>> {
    match state.get(key) {
        Some(Json::Arr(items)) => items
            .iter()
            .map(|v| match v {
                Json::Num(x) => Ok(*x),
                Json::U64(x) => Ok(*x as f64),
                _ => Err(refuse(format!("`{key}` holds {}", v.kind()))),
            })
            .collect(),
        _ => Err(refuse(format!("the state has no array `{key}`"))),
    }
}

fn number(state: &Json, key: &str) -> Result<f64> {
    match state.get(key) {
        Some(Json::Num(x)) => Ok(*x),
        Some(Json::U64(x)) => Ok(*x as f64),
        _ => Err(refuse(format!("the state has no number `{key}`"))),
    }
}

fn sub<'j>(state: &'j Json, key: &str) -> Result<&'j Json> {
    state
        .get(key)
        .ok_or_else(|| refuse(format!("the state has no `{key}`")))
}

fn array(v: Vec<f64>) -> Json {
    Json::Arr(v.into_iter().map(Json::Num).collect())
}

fn object(fields: Vec<(&str, Json)>) -> Json {
    Json::Obj(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// Chan's pairwise merge of (count, mean, M₂).
fn chan(a: (f64, f64, f64), b: (f64, f64, f64)) -> (f64, f64, f64) {
    let (na, ma, sa) = a;
    let (nb, mb, sb) = b;
    if nb == 0.0 {
        return a;
    }
    if na == 0.0 {
        return b;
    }
    let n = na + nb;
    let delta = mb - ma;
    (
        n,
        ma + delta * nb / n,
        sa + sb + delta * delta * na * nb / n,
    )
}

/// The models' states side by side, with each model's id → merged id map and share `nₖ / N`.
struct Parts<'a> {
    states: Vec<Json>,
    maps: Vec<Vec<u32>>,
    shares: Vec<f64>,
    n: usize,
    _models: &'a [&'a Model],
}

impl Parts<'_> {
    /// Per-feature column `key` of each state (at `path`), placed by merged id (0 where absent).
    fn spread(&self, path: &[&str], key: &str) -> Result<Vec<Vec<f64>>> {
        self.states
            .iter()
            .zip(&self.maps)
            .map(|(s, map)| {
                let mut at = s;
                for p in path {
                    at = sub(at, p)?;
                }
                let v = column(at, key)?;
                let mut out = vec![0.0; self.n];
                for (old, x) in v.into_iter().enumerate() {
                    let new = *map
                        .get(old)
                        .ok_or_else(|| refuse(format!("`{key}` is longer than the vocabulary")))?;
                    out[new as usize] = x;
                }
                Ok(out)
            })
            .collect()
    }

    /// Σₖ shareₖ · columnₖ.
    fn fedavg(&self, cols: &[Vec<f64>]) -> Vec<f64> {
        let mut out = vec![0.0; self.n];
        for (col, &w) in cols.iter().zip(&self.shares) {
            for (o, x) in out.iter_mut().zip(col) {
                *o += w * x;
            }
        }
        out
    }

    /// Σₖ shareₖ · the regressor's number `key` (plain loops: iterator chains over `Result`
    /// cost kilobytes of wasm).
    fn fedavg_number(&self, key: &str) -> Result<f64> {
        let mut out = 0.0;
        for (s, w) in self.states.iter().zip(&self.shares) {
            out += w * number(sub(s, "regressor")?, key)?;
        }
        Ok(out)
    }

    /// Per model, per merged id: whether its logistic regressor learnt the feature (`known`).
    fn known(&self) -> Result<Vec<Vec<bool>>> {
        let mut all = Vec::with_capacity(self.states.len());
        for (s, map) in self.states.iter().zip(&self.maps) {
            let mut out = vec![false; self.n];
            for id in column(sub(s, "regressor")?, "known")? {
                match map.get(id as usize) {
                    Some(&new) => out[new as usize] = true,
                    None => return Err(refuse("`known` names a feature past the vocabulary")),
                }
            }
            all.push(out);
        }
        Ok(all)
    }

    fn sum(&self, cols: &[Vec<f64>]) -> Vec<f64> {
        let mut out = vec![0.0; self.n];
        for col in cols {
            for (o, x) in out.iter_mut().zip(col) {
                *o += x;
            }
        }
        out
    }
}

impl Model {
    /// One model from several learnt apart with the same spec (see the module's doc for the
    /// rule of each part of the state).
    ///
    /// ```
    /// use rivulet::learn::{FeatureValue::{Cat, Num}, Model};
    /// let sample = |i: u32| [("hour", Num(f64::from(i % 24))), ("mode", Cat(if i % 3 == 0 { "ARAM" } else { "CLASSIC" }))];
    /// let y = |i: u32| 1800.0 + f64::from(i % 7) * 60.0;
    /// let (mut a, mut b, mut all) = (Model::default(), Model::default(), Model::default());
    /// for i in 0..300 {
    ///     if i % 2 == 0 { a.learn_one(&sample(i), y(i)).unwrap() } else { b.learn_one(&sample(i), y(i)).unwrap() }
    ///     all.learn_one(&sample(i), y(i)).unwrap();
    /// }
    /// let merged = Model::merge(&[&a, &b]).unwrap();
    /// assert_eq!(merged.n_learned(), 300);
    /// let p = merged.predict_one(&sample(7)).unwrap();
    /// assert!((p - all.predict_one(&sample(7)).unwrap()).abs() < 100.0, "{p}");
    /// let other = Model::from_spec_json(r#"{"scaler": "maxabs"}"#).unwrap();
    /// assert!(Model::merge(&[&a, &other]).unwrap_err().to_string().contains("same spec"));
    /// ```
    pub fn merge(models: &[&Model]) -> Result<Model> {
        let Some(first) = models.first() else {
            return Err(refuse("no models given"));
        };
        for (k, m) in models.iter().enumerate().skip(1) {
            if m.spec != first.spec {
                return Err(refuse(format!(
                    "model {k} does not have the same spec as model 0 ({} vs {})",
                    m.spec.to_json(),
                    first.spec.to_json()
                )));
            }
        }
        // The optimizer, and for a classifier the value a weight starts at.
        let (optimizer, logistic_init) =
            match &first.spec.model {
                ModelSpec::Linear(l) => (&l.optimizer, None),
                ModelSpec::Logistic(l) => {
                    match l.initializer {
                        Initializer::Constant(c) => (&l.optimizer, Some(c)),
                        #[cfg(feature = "normal-init")]
                        Initializer::Normal { .. } => return Err(refuse(
                            "a `normal` initializer's models each draw new weights from their own \
                         random generator, which do not merge (use `zeros` or `constant`)",
                        )),
                    }
                }
                #[allow(unreachable_patterns)] // `fm` and `amf` exist only with their features
                _ => return Err(refuse(
                    "only linear models merge (this spec's model is not `linear` or `logistic`)",
                )),
            };
        let optimizer = match optimizer {
            OptimizerSpec::Sgd { .. } => "sgd",
            OptimizerSpec::Adam { .. } => "adam",
            OptimizerSpec::Adagrad { .. } => "adagrad",
            OptimizerSpec::Rmsprop { .. } => "rmsprop",
            OptimizerSpec::Ftrl { .. } => "ftrl",
        };

        // The union vocabulary.
        let mut merged = Model::new(first.spec.clone())?;
        let mut maps = Vec::with_capacity(models.len());
        for m in models {
            let mut map = Vec::with_capacity(m.names.len());
            for (id, name) in m.names.iter().enumerate() {
                let cat = m.categorical[id];
                let new = match merged.index.get(name) {
                    Some(new) if merged.categorical[new as usize] != cat => {
                        return Err(refuse(format!(
                            "key '{name}' is a number in one model and a one-hot key in another"
                        )))
                    }
                    Some(new) => new,
                    None => merged.push_key(name.clone(), cat),
                };
                map.push(new);
            }
            maps.push(map);
        }
        for (id, &cat) in merged.categorical.clone().iter().enumerate() {
            if cat {
                merged.index.set_one_hot(id as u32);
            }
        }
        let total: u64 = models.iter().map(|m| m.n_learned).sum();
        let shares = models
            .iter()
            .map(|m| {
                if total == 0 {
                    1.0 / models.len() as f64
                } else {
                    m.n_learned as f64 / total as f64
                }
            })
            .collect();
        let parts = Parts {
            states: models.iter().map(|m| m.pipeline.state()).collect(),
            maps,
            shares,
            n: merged.names.len(),
            _models: models,
        };

        // Transformers: the standard scaler (Chan) or max-abs (maximum).
        let n_transformers = match sub(&parts.states[0], "transformers")? {
            Json::Arr(t) => t.len(),
            _ => return Err(refuse("`transformers` is not an array")),
        };
        let mut transformers = Vec::with_capacity(n_transformers);
        for t in 0..n_transformers {
            let at = |s: &Json| -> Result<Json> {
                match sub(s, "transformers")? {
                    Json::Arr(ts) => ts
                        .get(t)
                        .cloned()
                        .ok_or_else(|| refuse("transformers differ")),
                    _ => Err(refuse("`transformers` is not an array")),
                }
            };
            let states: Vec<Json> = parts.states.iter().map(at).collect::<Result<_>>()?;
            let view = Parts {
                states,
                maps: parts.maps.clone(),
                shares: parts.shares.clone(),
                n: parts.n,
                _models: models,
            };
            if view.states[0].get("counts").is_some() {
                let counts = view.spread(&[], "counts")?;
                let means = view.spread(&[], "means")?;
                let vars = view.spread(&[], "vars")?;
                let (mut c, mut m, mut v) =
                    (vec![0.0; parts.n], vec![0.0; parts.n], vec![0.0; parts.n]);
                for i in 0..parts.n {
                    let mut acc = (0.0, 0.0, 0.0);
                    for k in 0..models.len() {
                        let (nk, mk) = (counts[k][i], means[k][i]);
                        acc = chan(acc, (nk, mk, vars[k][i] * nk));
                    }
                    c[i] = acc.0;
                    m[i] = acc.1;
                    v[i] = if acc.0 > 0.0 { acc.2 / acc.0 } else { 0.0 };
                }
                transformers.push(object(vec![
                    ("counts", array(c)),
                    ("means", array(m)),
                    ("vars", array(v)),
                ]));
            } else if view.states[0].get("abs_max").is_some() {
                let cols = view.spread(&[], "abs_max")?;
                let mut out = vec![0.0f64; parts.n];
                for col in &cols {
                    for (o, x) in out.iter_mut().zip(col) {
                        *o = o.max(*x);
                    }
                }
                transformers.push(object(vec![("abs_max", array(out))]));
            } else {
                return Err(refuse("a transformer of this spec has no merge rule"));
            }
        }

        // The target scaler: Chan on (n, mean, s).
        let target = match sub(&parts.states[0], "target")? {
            Json::Null => Json::Null,
            t0 => {
                let ddof = number(sub(t0, "var")?, "ddof")?;
                let mut acc = (0.0, 0.0, 0.0);
                for s in &parts.states {
                    let var = sub(sub(s, "target")?, "var")?;
                    let mean = sub(var, "mean")?;
                    acc = chan(
                        acc,
                        (number(mean, "n")?, number(mean, "mean")?, number(var, "s")?),
                    );
                }
                object(vec![(
                    "var",
                    object(vec![
                        ("ddof", Json::U64(ddof as u64)),
                        (
                            "mean",
                            object(vec![("mean", Json::Num(acc.1)), ("n", Json::Num(acc.0))]),
                        ),
                        ("s", Json::Num(acc.2)),
                    ]),
                )])
            }
        };

        // The linear model: FedAvg of weights and intercept, then the optimizer's rule.
        let intercept = parts.fedavg_number("intercept")?;
        let mut weights = parts.spread(&["regressor"], "weights")?;
        // A logistic model's weights of features it never learnt are placeholders: it would
        // start them at the initializer's value, so that is what they count as. (With `zeros`
        // the model does not track which it learnt, `known` is empty: a placeholder is 0.)
        let known = match logistic_init {
            Some(c) if c != 0.0 => {
                let known = parts.known()?;
                for (w, k) in weights.iter_mut().zip(&known) {
                    for (wi, &ki) in w.iter_mut().zip(k) {
                        if !ki {
                            *wi = c;
                        }
                    }
                }
                Some(known)
            }
            _ => None,
        };
        let mut weights = parts.fedavg(&weights);
        let iterations: u64 = parts
            .states
            .iter()
            .map(|s| Ok(number(sub(sub(s, "regressor")?, "optimizer")?, "n_iterations")? as u64))
            .sum::<Result<u64>>()?;
        let opt_path = ["regressor", "optimizer"];
        let mut opt = vec![("n_iterations", Json::U64(iterations))];
        match optimizer {
            "sgd" => {}
            "adam" => {
                opt.push(("m", array(parts.fedavg(&parts.spread(&opt_path, "m")?))));
                opt.push(("v", array(parts.fedavg(&parts.spread(&opt_path, "v")?))));
            }
            "rmsprop" => opt.push(("g2", array(parts.fedavg(&parts.spread(&opt_path, "g2")?)))),
            "adagrad" => opt.push(("g2", array(parts.sum(&parts.spread(&opt_path, "g2")?)))),
            "ftrl" => {
                opt.push(("n", array(parts.fedavg(&parts.spread(&opt_path, "n")?))));
                opt.push(("z", array(parts.fedavg(&parts.spread(&opt_path, "z")?))));
            }
            other => return Err(refuse(format!("optimizer `{other}` has no merge rule"))),
        }
        let mut regressor = vec![
            ("intercept", Json::Num(intercept)),
            ("optimizer", object(opt)),
        ];
        if logistic_init.is_some() {
            // Known where any model learnt the feature; elsewhere a placeholder again.
            let mut any = Vec::new();
            if let Some(known) = known {
                for (i, w) in weights.iter_mut().enumerate() {
                    if known.iter().any(|k| k[i]) {
                        any.push(i as u32);
                    } else {
                        *w = 0.0;
                    }
                }
            }
            let u = parts.fedavg_number("max_cum_l1")?;
            let q = parts.fedavg(&parts.spread(&["regressor"], "cum_l1")?);
            regressor.push(("known", Json::from(&any[..])));
            regressor.push(("max_cum_l1", Json::Num(u)));
            regressor.push(("cum_l1", array(q)));
        }
        regressor.push(("weights", array(weights)));
        let regressor = object(regressor);
        let state = object(vec![
            ("regressor", regressor),
            ("target", target),
            ("transformers", Json::Arr(transformers)),
        ]);
        let n = merged.names.len();
        merged.pipeline.load_state(state, n)?;
        merged.n_learned = total;
        Ok(merged)
    }
}
