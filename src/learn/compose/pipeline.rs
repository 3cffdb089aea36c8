use super::Step;
use crate::learn::error::{LearnError, Result};
#[cfg(feature = "explain")]
use crate::learn::explain::Terms;
use crate::learn::json::{obj, Fields, Json};
use crate::learn::preprocessing::TargetStandardScaler;
use crate::learn::{Feature, Regressor};
use std::cell::RefCell;

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
/// On the hot path the first transformer writes the transformed `x` into a reused buffer
/// ([`Step::learn_transform_extend`], one pass per feature) and the others rewrite it in
/// place, so the one-hot keys never leave their slot. Natively, with one transformer before a
/// linear model, `predict_one` scales and sums the dot product in one pass
/// ([`Step::transform_dot`], the same bits): the sum's additions then overlap the
/// scaling. (`learn_one` keeps two passes: there the scaling waits on two divisions and a root
/// per feature, and a sum fed as each feature is scaled measured slower.)
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
    transformers: Vec<Box<dyn Step>>,
    pass_one_hot: bool,
    target: Option<TargetStandardScaler>,
    regressor: Box<dyn Regressor>,
    buf: Bufs,
}

/// Reusable buffer: the copy of `x` that the transformers rewrite in place.
#[derive(Debug, Clone, Default)]
struct Bufs {
    cur: Vec<Feature>,
}

thread_local! {
    /// `predict_one` takes `&self`; its buffers live here so that it does not allocate.
    static SCRATCH: RefCell<Bufs> = RefCell::new(Bufs::default());
}

/// The parts of a pipeline's state, each still JSON for its step to read.
struct State {
    transformers: Vec<Json>,
    target: Option<TargetStandardScaler>,
    regressor: Json,
}

impl Pipeline {
    /// Assembles a pipeline.
    pub fn new(
        transformers: Vec<Box<dyn Step>>,
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
    /// `x` must not repeat an id (the [`crate::learn::Model`] guarantees it).
    pub fn learn_one(&mut self, x: &[Feature], y: f64, categorical: &[bool]) -> Result<()> {
        let Pipeline {
            transformers,
            pass_one_hot,
            target,
            regressor,
            buf,
        } = self;
        let y = match target {
            Some(t) => t.learn_scale(y),
            None => y,
        };
        if transformers.is_empty() {
            return regressor.learn_one(x, y);
        }
        // One copy of x, transformed in place step by step; one-hot keys keep their slot and
        // value when they bypass the transformers.
        let skip = if *pass_one_hot { categorical } else { &[] };
        let cur = &mut buf.cur;
        cur.clear();
        let (first, rest) = transformers.split_at_mut(1);
        first[0].learn_transform_extend(x, skip, cur);
        for t in rest {
            t.learn_transform_in_place(cur, skip);
        }
        #[cfg(feature = "normal-init")]
        if !skip.is_empty() && regressor.draws_new_weights() {
            // River's equivalent of routing one-hot keys around the scaler is a
            // TransformerUnion, whose output lists the one-hot keys first: the order in which
            // a random initializer draws new weights. A stable partition (x's order within
            // each part) through the buffer's tail; a sort would cost kilobytes of wasm.
            let n = cur.len();
            cur.extend_from_within(..n);
            let (front, back) = cur.split_at_mut(n);
            let hot = back.iter().filter(|f| crate::learn::flagged(skip, f.0));
            let rest = back.iter().filter(|f| !crate::learn::flagged(skip, f.0));
            for (slot, f) in front.iter_mut().zip(hot.chain(rest)) {
                *slot = *f;
            }
            cur.truncate(n);
        }
        regressor.learn_one(cur, y)
    }

    /// Predicts `x` without changing anything.
    pub fn predict_one(&self, x: &[Feature], categorical: &[bool]) -> f64 {
        let p = if self.transformers.is_empty() {
            self.regressor.predict_one(x)
        } else {
            // Reuse this thread's scratch buffer; a fresh one only if it is unavailable
            // (re-entrant call or thread teardown).
            SCRATCH
                .try_with(|s| match s.try_borrow_mut() {
                    Ok(mut b) => self.transform_predict(x, categorical, &mut b.cur),
                    Err(_) => self.transform_predict(x, categorical, &mut Vec::new()),
                })
                .unwrap_or_else(|_| self.transform_predict(x, categorical, &mut Vec::new()))
        };
        match &self.target {
            Some(t) => t.unscale(p),
            None => p,
        }
    }

    fn transform_predict(
        &self,
        x: &[Feature],
        categorical: &[bool],
        cur: &mut Vec<Feature>,
    ) -> f64 {
        let skip = if self.pass_one_hot { categorical } else { &[] };
        // Native only: in wasm, where the JS glue dominates the time, the 3 % it saves is not
        // worth its ~230 bytes gzipped (docs/perf/2026-11-speed-pass-6.md).
        #[cfg(not(target_arch = "wasm32"))]
        if let ([t], Some((w, b))) = (&self.transformers[..], self.regressor.linear()) {
            if let Some(dot) = t.transform_dot(x, skip, w) {
                return dot + b;
            }
        }
        cur.clear();
        let (first, rest) = self.transformers.split_at(1);
        first[0].transform_extend(x, skip, cur);
        for t in rest {
            t.transform_in_place(cur, skip);
        }
        self.regressor.predict_one(cur)
    }

    /// `predict_one(x)` in parts ([`crate::learn::explain`]): each feature of `x` scaled as
    /// `predict_one` scales it, and the regressor's terms in the units of the prediction (the
    /// target scaler undone: each part times the target's standard deviation, its mean added to
    /// the intercept). `None` if the regressor has no additive parts.
    #[cfg(feature = "explain")]
    pub fn explain(&self, x: &[Feature], categorical: &[bool]) -> Option<(Vec<Feature>, Terms)> {
        let mut cur = Vec::with_capacity(x.len());
        if let Some((first, rest)) = self.transformers.split_first() {
            let skip = if self.pass_one_hot { categorical } else { &[] };
            first.transform_extend(x, skip, &mut cur);
            for t in rest {
                t.transform_in_place(&mut cur, skip);
            }
        } else {
            cur.extend_from_slice(x);
        }
        let mut terms = self.regressor.explain(&cur)?;
        if let Some(t) = &self.target {
            let sd = t.sd();
            for p in &mut terms.parts {
                p.contribution *= sd;
                p.interaction *= sd;
            }
            terms.intercept = t.unscale(terms.intercept);
        }
        Some((cur, terms))
    }

    /// Learned state of every step as JSON.
    /// `{"regressor": ..., "target": {...} or null, "transformers": [...]}`.
    pub fn state(&self) -> Json {
        obj([
            ("regressor", self.regressor.state()),
            (
                "target",
                self.target
                    .as_ref()
                    .map_or(Json::Null, TargetStandardScaler::to_value),
            ),
            (
                "transformers",
                Json::Arr(self.transformers.iter().map(|t| t.state()).collect()),
            ),
        ])
    }

    /// Restores the state of every step; on error `self` is unchanged.
    pub fn load_state(&mut self, state: Json, n_features: usize) -> Result<()> {
        let mut f = Fields::state("pipeline", state)?;
        let regressor = f.req("regressor")?;
        // `target` is null when there is no target scaler.
        let target = match f.req("target")? {
            Json::Null => None,
            t => Some(TargetStandardScaler::read(Fields::state(
                "pipeline.target",
                t,
            )?)?),
        };
        let transformers = f.array("transformers")?;
        f.finish()?;
        let st = State {
            transformers,
            target,
            regressor,
        };
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
                "",
                &[t.var().mean.n, t.var().mean.mean, t.var().s],
            )?;
            if t.var().ddof != 1 {
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

#[cfg(test)]
mod tests {
    use super::Pipeline;
    use crate::learn::compose::Step;
    use crate::learn::error::Result;
    use crate::learn::json::Json;
    use crate::learn::linear_model::LinearRegression;
    use crate::learn::optim::{Loss, Schedule, Sgd};
    use crate::learn::preprocessing::StandardScaler;
    use crate::learn::{Feature, Transformer};

    /// A StandardScaler without its one-pass scale-and-sum: the pipeline then scales `x`
    /// into its buffer and the regressor sums it.
    #[derive(Debug, Clone, Default)]
    struct Unfused(StandardScaler);

    impl Transformer for Unfused {
        fn learn_one(&mut self, x: &[Feature]) {
            self.0.learn_one(x)
        }
        fn transform_one(&self, x: &[Feature], out: &mut Vec<Feature>) {
            self.0.transform_one(x, out)
        }
        fn state(&self) -> Json {
            self.0.state()
        }
        fn load_state(&mut self, state: Json, n_features: usize) -> Result<()> {
            self.0.load_state(state, n_features)
        }
    }

    impl Step for Unfused {
        fn transform_extend(&self, x: &[Feature], skip: &[bool], out: &mut Vec<Feature>) {
            self.0.transform_extend(x, skip, out)
        }
        fn learn_transform_extend(&mut self, x: &[Feature], skip: &[bool], out: &mut Vec<Feature>) {
            self.0.learn_transform_extend(x, skip, out)
        }
        fn box_clone(&self) -> Box<dyn Step> {
            Box::new(self.clone())
        }
    }

    fn pipeline(t: Box<dyn Step>) -> Pipeline {
        let lr = Schedule::Constant {
            learning_rate: 0.02,
        };
        let reg = LinearRegression::new(Box::new(Sgd::new(lr)), Loss::Squared, 0.0, lr, 1e12);
        Pipeline::new(vec![t], true, true, Box::new(reg))
    }

    #[test]
    fn scaling_and_summing_in_one_pass_gives_the_same_bits() {
        let mut fused = pipeline(Box::new(StandardScaler::default()));
        let mut plain = pipeline(Box::new(Unfused::default()));
        // Id 3 is one-hot (passes the scaler), id 4 constant (scales to 0), ids 5+ appear late,
        // and ids past the weights learnt so far are skipped in the sum.
        let cats = [false, false, false, true, false, false, false, false, false];
        for i in 0..300u32 {
            let v = f64::from(i);
            let mut x: Vec<Feature> = vec![(0, (v * 0.37).sin() * 10.0), (1, v % 7.0), (4, 1.0)];
            if i % 3 == 0 {
                x.push((3, 1.0));
            }
            if i > 100 {
                x.insert(0, (5 + i % 4, (v * 0.11).cos()));
            }
            let y = 1500.0 + 40.0 * (v * 0.05).sin() + v % 11.0;
            let (a, b) = (fused.predict_one(&x, &cats), plain.predict_one(&x, &cats));
            assert_eq!(a.to_bits(), b.to_bits(), "sample {i}: {a} vs {b}");
            fused.learn_one(&x, y, &cats).unwrap();
            plain.learn_one(&x, y, &cats).unwrap();
        }
        let text = |p: &Pipeline| {
            let mut out = String::new();
            p.state().write(&mut out).unwrap();
            out
        };
        assert_eq!(text(&fused), text(&plain));
    }
}
