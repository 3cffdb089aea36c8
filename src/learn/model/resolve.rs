//! Resolving a sample: named features to interned ids, checked (finite values, no key twice, no
//! key changing type), with reusable buffers; the checks every entry point shares.

use super::Model;
use crate::learn::error::{LearnError, Result};
use crate::learn::json::Float;
use crate::learn::key_index::Key;
use crate::learn::{Feature, FeatureValue};
use std::cell::RefCell;

/// Reusable buffers for resolving a sample: its interned features, keys new to the vocabulary,
/// the `name=value` key being looked up, and per-id stamps of the sample (`seen[id] == stamp`:
/// the id is already in it).
#[derive(Debug, Clone, Default)]
pub(super) struct Scratch {
    pub(super) ids: Vec<Feature>,
    pub(super) fresh: Vec<(String, bool)>,
    pub(super) key: String,
    pub(super) seen: Vec<u32>,
    pub(super) stamp: u32,
}

impl Scratch {
    /// Starts a new sample in `seen`.
    pub(super) fn next_stamp(&mut self) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.fill(0);
            self.stamp = 1;
        }
    }
}

thread_local! {
    /// `predict_one` takes `&self`; its buffers live here so that it does not allocate.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` on this thread's scratch buffers (fresh ones if they are unavailable: a re-entrant
/// call or thread teardown), so that `&self` methods do not allocate per call.
pub(super) fn with_scratch<R>(f: impl Fn(&mut Scratch) -> R) -> R {
    SCRATCH
        .try_with(|s| match s.try_borrow_mut() {
            Ok(mut s) => f(&mut s),
            Err(_) => f(&mut Scratch::default()),
        })
        .unwrap_or_else(|_| f(&mut Scratch::default()))
}

#[cold]
pub(super) fn changed_type(name: &str, key: &str, cat: bool) -> LearnError {
    let was = if cat { "a number" } else { "a string" };
    bad_feature(
        name,
        format!("key '{key}' was learnt as {was} and cannot change type"),
    )
}

/// Writes the one-hot key of a string feature, `name=value`, into `buf` (reused: no
/// allocation once it is large enough) and returns it.
#[inline]
pub fn one_hot_key<'b>(buf: &'b mut String, name: &str, value: &str) -> &'b str {
    buf.clear();
    buf.push_str(name);
    buf.push('=');
    buf.push_str(value);
    buf
}

pub(super) fn bad_feature(name: &str, reason: impl Into<String>) -> LearnError {
    LearnError::BadFeature {
        name: name.to_string(),
        reason: reason.into(),
    }
}

/// Checks that a feature value is finite; the error (out of line) names the feature.
#[inline]
pub(super) fn check_value(name: &str, v: f64) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(not_finite(name, v))
    }
}

#[cold]
#[inline(never)]
pub(super) fn not_finite(name: &str, v: f64) -> LearnError {
    match check_value_slow(name, v) {
        Err(e) => e,
        Ok(()) => bad_feature(name, "is not finite"),
    }
}

pub(super) fn check_value_slow(name: &str, v: f64) -> Result<()> {
    if v.is_nan() {
        Err(bad_feature(name, "is NaN"))
    } else if v.is_infinite() {
        Err(bad_feature(
            name,
            if v > 0.0 {
                "is Infinity"
            } else {
                "is -Infinity"
            },
        ))
    } else {
        Ok(())
    }
}

/// A regressor's target must be finite; a classifier's must be a label, 0 or 1 (false / true).
pub(super) fn check_target(y: f64, classifier: bool) -> Result<()> {
    if classifier {
        if y == 0.0 || y == 1.0 {
            Ok(())
        } else {
            Err(LearnError::BadTarget(format!(
                "a classifier's label must be true / false or 1 / 0, got {}",
                Float(y)
            )))
        }
    } else if y.is_finite() {
        Ok(())
    } else {
        Err(LearnError::BadTarget(format!(
            "must be a finite number, got {}",
            Float(y)
        )))
    }
}

impl Model {
    /// Maps `x` to interned features. Unknown keys are skipped (predict) or queued in
    /// `fresh` with provisional ids (learn). Nothing is committed here.
    pub(super) fn resolve_into<S: AsRef<str>>(
        &self,
        x: &[(S, FeatureValue<'_>)],
        learn: bool,
        s: &mut Scratch,
    ) -> Result<()> {
        // A new stamp marks the ids of this sample in `seen` (O(1) duplicate check per key).
        s.next_stamp();
        let Scratch {
            ids: out,
            fresh,
            key: buf,
            seen,
            stamp,
            ..
        } = s;
        let stamp = *stamp;
        out.clear();
        fresh.clear();
        // Every id of this sample, known or fresh, is below `names.len() + x.len()`.
        let ids = self.names.len() + x.len();
        if seen.len() < ids {
            seen.resize(ids, 0);
        }
        let seen = &mut seen[..ids];
        for (name, v) in x {
            let name = name.as_ref();
            let (text, value, cat): (&str, f64, bool) = match *v {
                FeatureValue::Num(f) => {
                    check_value(name, f)?;
                    (name, f, false)
                }
                FeatureValue::Cat(c) => (one_hot_key(buf, name, c), 1.0, true),
            };
            // No per-place cache in front of the table: a guess that misses on a stream's
            // varying keys costs more in mispredicted branches than it saves (docs/perf/
            // 2026-11-speed-pass-6.md).
            let key = Key::new(text, cat);
            let id = match self.index.find_exact(&key) {
                Some(id) => id,
                // Not a known key of this type: the other type (an error), or new.
                None => match self.index.find(&key) {
                    Some(_) => return Err(changed_type(name, text, cat)),
                    None if learn => self.fresh_id(fresh, text, cat, name)?,
                    None => continue,
                },
            };
            let Some(mark) = seen.get_mut(id as usize) else {
                return Err(bad_feature(text, "got an id past the vocabulary")); // cannot happen
            };
            if *mark == stamp {
                return Err(bad_feature(text, "is given twice"));
            }
            *mark = stamp;
            out.push((id, value));
        }
        Ok(())
    }

    /// The provisional id of a key new to the vocabulary: `names.len()` + its place in
    /// `fresh` (queued there the first time).
    #[cold]
    #[inline(never)]
    fn fresh_id(
        &self,
        fresh: &mut Vec<(String, bool)>,
        text: &str,
        cat: bool,
        name: &str,
    ) -> Result<u32> {
        if let Some(p) = fresh.iter().position(|(f, _)| f == text) {
            return Ok((self.names.len() + p) as u32);
        }
        if self.names.len() + fresh.len() >= u32::MAX as usize {
            return Err(bad_feature(name, "too many features"));
        }
        if text.len() > Key::MAX_LEN {
            return Err(bad_feature(name, "has a key longer than 2 GiB"));
        }
        fresh.push((text.to_string(), cat));
        Ok((self.names.len() + fresh.len() - 1) as u32)
    }
}
