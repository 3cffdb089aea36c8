//! A sample resolved once, for a prediction now and the learning that follows it later.

use super::resolve::{changed_type, check_target, with_scratch};
use super::Model;
use crate::learn::error::{LearnError, Result};
use crate::learn::key_index::Key;
use crate::learn::{Feature, FeatureValue};
use std::sync::atomic::{AtomicU64, Ordering};

/// A model's identity, for the tokens it hands out: a clone is another model (its vocabulary
/// goes its own way), so cloning draws a new identity.
#[derive(Debug)]
pub(super) struct Identity(u64);

impl Identity {
    pub(super) fn new() -> Identity {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Identity(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

impl Clone for Identity {
    fn clone(&self) -> Identity {
        Identity::new()
    }
}

/// `x` resolved against one model by [`Model::resolve`]: its features as interned ids in `x`'s
/// order, checked, with the keys new to the model kept aside. [`Model::predict_resolved`] then
/// [`Model::learn_resolved`] give exactly what `predict_one(x)` then `learn_one(x, y)` give at
/// those moments, with `x`'s keys looked up once: progressive validation in two steps, when the
/// target arrives later (other calls may come in between). A token belongs to the model that
/// made it; any other model (a clone too) refuses it.
///
/// ```
/// use rivulet::learn::{FeatureValue::{Cat, Num}, Model};
/// let (mut a, mut b) = (Model::default(), Model::default());
/// for i in 0..50 {
///     let x = [("hour", Num(f64::from(i % 24))), ("mode", Cat(if i % 3 == 0 { "ARAM" } else { "CLASSIC" }))];
///     let y = 1800.0 + f64::from(i % 7) * 60.0;
///     let r = a.resolve(&x).unwrap();
///     let p = a.predict_resolved(&r).unwrap();
///     a.learn_resolved(&r, y).unwrap();
///     assert_eq!(b.predict_one(&x).unwrap().to_bits(), p.to_bits());
///     b.learn_one(&x, y).unwrap();
/// }
/// assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
/// ```
#[derive(Debug, Clone)]
pub struct Resolved {
    /// In `x`'s order; a key new to the model has the provisional id `vocab + i`, `i` its place
    /// in `fresh`.
    ids: Vec<Feature>,
    fresh: Vec<(String, bool)>,
    /// The model's vocabulary size when resolved: ids below it never change.
    vocab: usize,
    owner: u64,
}

impl Model {
    /// Resolves `x` once for [`Model::predict_resolved`] and [`Model::learn_resolved`]. Bad
    /// input gets `learn_one`'s error (a non-finite value, a key given twice or changing type);
    /// no side effects.
    pub fn resolve<S: AsRef<str>>(&self, x: &[(S, FeatureValue<'_>)]) -> Result<Resolved> {
        // This thread's buffers (the duplicate check's stamps are as long as the vocabulary):
        // the token takes a copy of the ids only.
        with_scratch(|s| {
            self.resolve_into(x, true, s)?;
            Ok(Resolved {
                ids: s.ids.clone(),
                fresh: std::mem::take(&mut s.fresh),
                vocab: self.names.len(),
                owner: self.identity.0,
            })
        })
    }

    /// `predict_one(x)` for the `x` that `r` was resolved from.
    pub fn predict_resolved(&self, r: &Resolved) -> Result<f64> {
        self.check_owner(r)?;
        if r.fresh.is_empty() {
            return Ok(self.pipeline.predict_one(&r.ids, &self.categorical));
        }
        // Keys new when resolved count as absent, unless the model has learnt them since.
        let mut x = Vec::with_capacity(r.ids.len());
        for &(id, v) in &r.ids {
            if (id as usize) < r.vocab {
                x.push((id, v));
            } else if let Some(id) = self.fresh_now(r, id)? {
                x.push((id, v));
            }
        }
        Ok(self.pipeline.predict_one(&x, &self.categorical))
    }

    /// `learn_one(x, y)` for the `x` that `r` was resolved from: the keys new to the model are
    /// added (unless another call added them since). Bad input changes nothing.
    pub fn learn_resolved(&mut self, r: &Resolved, y: f64) -> Result<()> {
        check_target(y, self.classifier)?;
        self.check_owner(r)?;
        if r.fresh.is_empty() {
            return self.learn_interned(&r.ids, y);
        }
        // Every fresh key checked before the first is added.
        let mut ids = Vec::with_capacity(r.fresh.len());
        for i in 0..r.fresh.len() {
            ids.push(self.fresh_now(r, (r.vocab + i) as u32)?);
        }
        for (id, (key, cat)) in ids.iter_mut().zip(&r.fresh) {
            if id.is_none() {
                *id = Some(self.push_key(key.clone(), *cat));
            }
        }
        let x: Vec<Feature> = r
            .ids
            .iter()
            .map(|&(id, v)| match (id as usize).checked_sub(r.vocab) {
                Some(i) => (ids[i].unwrap_or(id), v),
                None => (id, v),
            })
            .collect();
        self.learn_interned(&x, y)
    }

    /// The id now of the key behind provisional id `id` of `r`: `None` if still unknown, an
    /// error if the model has learnt it since with the other type.
    fn fresh_now(&self, r: &Resolved, id: u32) -> Result<Option<u32>> {
        let (key, cat) = &r.fresh[id as usize - r.vocab];
        if self.names.len() == r.vocab {
            return Ok(None);
        }
        match self.index.find(&Key::new(key, *cat)) {
            Some((id, c)) if c == *cat => Ok(Some(id)),
            Some(_) => Err(changed_type(key, key, *cat)),
            None => Ok(None),
        }
    }

    fn check_owner(&self, r: &Resolved) -> Result<()> {
        if r.owner == self.identity.0 && r.vocab <= self.names.len() {
            Ok(())
        } else {
            Err(LearnError::Unsupported(
                "this sample was resolved by another model: resolve it with this one".into(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::learn::{FeatureValue, FeatureValue::Cat, FeatureValue::Num, Model};

    fn sample(i: u32) -> Vec<(String, FeatureValue<'static>)> {
        let modes = ["ARAM", "CLASSIC", "URF"];
        vec![
            (format!("champ_{}", i % 13), Num(1.0)),
            ("hour".into(), Num(f64::from(i % 24))),
            ("mode".into(), Cat(modes[(i % 3) as usize])),
            (format!("late_{}", i.div_ceil(40)), Num(f64::from(i % 5))),
        ]
    }

    /// Resolved then predicted and learnt, with other samples learnt in between (which add
    /// the token's new keys, or others), equals `predict_one` / `learn_one` at those moments.
    #[test]
    fn resolving_once_gives_what_the_two_calls_give() {
        let (mut a, mut b) = (Model::default(), Model::default());
        for i in 0..300u32 {
            let x = sample(i);
            let r = a.resolve(&x).unwrap();
            if i % 4 == 1 {
                // In between: this very sample (its new keys learnt before the token's learn),
                // or another, with keys the token has not seen.
                let other = sample(if i % 8 == 1 { i } else { i + 1 + (i % 3) * 40 });
                a.learn_one(&other, 1500.0).unwrap();
                b.learn_one(&other, 1500.0).unwrap();
            }
            let p = a.predict_resolved(&r).unwrap();
            assert_eq!(
                p.to_bits(),
                b.predict_one(&x).unwrap().to_bits(),
                "sample {i}"
            );
            if i % 4 == 2 {
                let other = sample(i + 40);
                a.learn_one(&other, 2000.0).unwrap();
                b.learn_one(&other, 2000.0).unwrap();
            }
            let y = 1800.0 + f64::from(i % 7) * 60.0;
            a.learn_resolved(&r, y).unwrap();
            b.learn_one(&x, y).unwrap();
        }
        assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    }

    #[test]
    fn a_token_is_refused_by_any_other_model_and_changes_nothing() {
        let mut a = Model::default();
        a.learn_one(&sample(0), 1800.0).unwrap();
        let r = a.resolve(&sample(1)).unwrap();
        let mut twin = a.clone();
        let before = twin.to_json().unwrap();
        let e = twin.learn_resolved(&r, 1.0).unwrap_err();
        assert!(e.to_string().contains("another model"), "{e}");
        assert!(twin.predict_resolved(&r).is_err());
        assert_eq!(twin.to_json().unwrap(), before);
        assert!(a.learn_resolved(&r, 1.0).is_ok());
    }

    #[test]
    fn bad_input_is_refused_as_learn_one_refuses_it() {
        let mut m = Model::default();
        m.learn_one(&[("hour", Num(1.0)), ("mode", Cat("ARAM"))], 1800.0)
            .unwrap();
        for x in [
            vec![("hour", Num(f64::NAN))],
            vec![("mode=ARAM", Num(1.0))],
            vec![("a", Num(1.0)), ("a", Num(2.0))],
        ] {
            let want = m.clone().learn_one(&x, 1.0).unwrap_err();
            assert_eq!(m.resolve(&x).unwrap_err(), want);
        }
        // A key new when resolved, learnt since as the other type: refused, nothing learnt.
        let r = m.resolve(&[("k=v", Num(2.0))]).unwrap();
        m.learn_one(&[("k", Cat("v"))], 1.0).unwrap();
        let before = m.to_json().unwrap();
        assert!(m
            .learn_resolved(&r, 1.0)
            .unwrap_err()
            .to_string()
            .contains("k=v"));
        assert!(m.predict_resolved(&r).is_err());
        assert!(m.learn_resolved(&r, f64::NAN).is_err());
        assert_eq!(m.to_json().unwrap(), before);
    }
}
