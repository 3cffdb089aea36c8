//! Batches: `learn_many` / `predict_many` over named features, interned ids and dense rows.
//!
//! Contract: a batch gives bit for bit what looping the single calls gives (the same calls run,
//! in order), and a batch with bad input is refused whole: every sample is checked before the
//! first is learnt, the error names the sample (`sample 3: feature 'hour': is NaN`) and the model
//! is unchanged. (A divergence, a non-finite state met while learning, stops the batch where
//! looping would stop: samples before it are learnt.)

use super::{changed_type, check_target, Key, KeyIndex, Layout, Model};
use super::{FeatureValue, Scratch};
use crate::learn::error::{LearnError, Result};
use crate::learn::Feature;

/// The most pairs `learn_many_dense` keeps from its checking scan for its learning one (4 MiB).
const KEPT_PAIRS: usize = 1 << 18;

fn lengths_differ(xs: usize, ys: usize) -> LearnError {
    LearnError::BadTarget(format!("{xs} samples but {ys} targets"))
}

impl Model {
    /// Learns `(xs[i], ys[i])` for each `i` in order: the same model, bit for bit, as
    /// `learn_one` on each. Bad input anywhere (a NaN, a key given twice or changing type, also
    /// from one sample to another, a bad target, `xs` and `ys` of different lengths) is an error
    /// naming the sample, and nothing is learnt.
    ///
    /// ```
    /// use rivulet::learn::{FeatureValue::{Cat, Num}, Model};
    /// let xs: Vec<Vec<(&str, _)>> = (0..40)
    ///     .map(|i| vec![("hour", Num(f64::from(i % 24))), ("mode", Cat(if i % 3 == 0 { "ARAM" } else { "CLASSIC" }))])
    ///     .collect();
    /// let ys: Vec<f64> = (0..40).map(|i| 1800.0 + f64::from(i % 7) * 60.0).collect();
    /// let (mut one, mut many) = (Model::default(), Model::default());
    /// for (x, &y) in xs.iter().zip(&ys) {
    ///     one.learn_one(x, y).unwrap();
    /// }
    /// many.learn_many(&xs, &ys).unwrap();
    /// assert_eq!(many.to_json().unwrap(), one.to_json().unwrap());
    /// let p = many.predict_many(&xs).unwrap();
    /// assert_eq!(p[7].to_bits(), one.predict_one(&xs[7]).unwrap().to_bits());
    /// let mut bad = xs.clone();
    /// bad[5][0] = ("hour", Num(f64::NAN));
    /// let e = many.learn_many(&bad, &ys).unwrap_err().to_string();
    /// assert_eq!(e, "sample 5: feature 'hour': is NaN");
    /// assert_eq!(many.to_json().unwrap(), one.to_json().unwrap()); // unchanged
    /// ```
    pub fn learn_many<'v, X, S>(&mut self, xs: &[X], ys: &[f64]) -> Result<()>
    where
        X: AsRef<[(S, FeatureValue<'v>)]>,
        S: AsRef<str>,
    {
        self.check_batch(xs, ys)?;
        for (i, (x, &y)) in xs.iter().zip(ys).enumerate() {
            self.learn_one(x.as_ref(), y).map_err(|e| e.in_sample(i))?;
        }
        Ok(())
    }

    /// Every sample of a batch checked as `learn_one` would, in order, with the keys the
    /// earlier samples would add (and their types) counted as known.
    fn check_batch<'v, X, S>(&self, xs: &[X], ys: &[f64]) -> Result<()>
    where
        X: AsRef<[(S, FeatureValue<'v>)]>,
        S: AsRef<str>,
    {
        if xs.len() != ys.len() {
            return Err(lengths_differ(xs.len(), ys.len()));
        }
        let mut s = Scratch::default();
        // The keys the batch adds, with their types (the model's own index, holding no names).
        let mut added = KeyIndex::default();
        for (i, (x, &y)) in xs.iter().zip(ys).enumerate() {
            let at = |e: LearnError| e.in_sample(i);
            check_target(y, self.classifier).map_err(at)?;
            self.resolve_into(x.as_ref(), true, &mut s).map_err(at)?;
            for (key, cat) in s.fresh.drain(..) {
                match added.find(&Key::new(&key, cat)) {
                    Some((_, was)) if was != cat => return Err(at(changed_type(&key, &key, cat))),
                    Some(_) => {}
                    None => {
                        added.push(&key, cat);
                    }
                }
            }
        }
        Ok(())
    }

    /// `predict_one` on each sample, in order (for a classifier, `P(true)`). No side effects;
    /// an error names the sample.
    pub fn predict_many<'v, X, S>(&self, xs: &[X]) -> Result<Vec<f64>>
    where
        X: AsRef<[(S, FeatureValue<'v>)]>,
        S: AsRef<str>,
    {
        let mut out = Vec::with_capacity(xs.len());
        for (i, x) in xs.iter().enumerate() {
            out.push(self.predict_one(x.as_ref()).map_err(|e| e.in_sample(i))?);
        }
        Ok(out)
    }

    /// [`Model::learn_many`] on already-interned features (as [`Model::learn_ids`]): every
    /// sample checked first, then learnt in order.
    pub fn learn_many_ids<X: AsRef<[Feature]>>(&mut self, xs: &[X], ys: &[f64]) -> Result<()> {
        if xs.len() != ys.len() {
            return Err(lengths_differ(xs.len(), ys.len()));
        }
        let mut s = std::mem::take(&mut self.scratch);
        let checked = xs.iter().zip(ys).enumerate().try_for_each(|(i, (x, &y))| {
            check_target(y, self.classifier)
                .and_then(|_| self.check_ids(x.as_ref(), &mut s))
                .map_err(|e| e.in_sample(i))
        });
        self.scratch = s;
        checked?;
        for (i, (x, &y)) in xs.iter().zip(ys).enumerate() {
            self.learn_interned(x.as_ref(), y)
                .map_err(|e| e.in_sample(i))?;
        }
        Ok(())
    }

    /// [`Model::learn_dense`] on each row of `rows` (`ys.len()` rows of `layout.len()` values,
    /// one after another; NaN = absent), in order: the same model, bit for bit. Every row and
    /// target is checked first; an error names the row and nothing is learnt.
    ///
    /// ```
    /// use rivulet::learn::Model;
    /// let (mut one, mut many) = (Model::default(), Model::default());
    /// let (l1, l2) = (
    ///     one.register_layout(&[("hour", false), ("mode=ARAM", true)]).unwrap(),
    ///     many.register_layout(&[("hour", false), ("mode=ARAM", true)]).unwrap(),
    /// );
    /// let rows: Vec<f64> = (0..30).flat_map(|i| [f64::from(i % 24), if i % 3 == 0 { 1.0 } else { f64::NAN }]).collect();
    /// let ys: Vec<f64> = (0..30).map(|i| 1800.0 + f64::from(i % 7) * 60.0).collect();
    /// for (row, &y) in rows.chunks(2).zip(&ys) {
    ///     one.learn_dense(&l1, row, y).unwrap();
    /// }
    /// many.learn_many_dense(&l2, &rows, &ys).unwrap();
    /// assert_eq!(many.to_json().unwrap(), one.to_json().unwrap());
    /// assert_eq!(many.predict_many_dense(&l2, &rows[..4]).unwrap()[1], one.predict_dense(&l1, &rows[2..4]).unwrap());
    /// ```
    pub fn learn_many_dense(&mut self, layout: &Layout, rows: &[f64], ys: &[f64]) -> Result<()> {
        let width = layout.len();
        if rows.len() != ys.len() * width {
            return Err(LearnError::BadFeature {
                name: "(layout)".into(),
                reason: format!(
                    "expected {} targets × {width} values = {} values, got {}",
                    ys.len(),
                    ys.len() * width,
                    rows.len()
                ),
            });
        }
        // The scan that checks a row also keeps its present pairs, so that a wide, mostly
        // absent layout is read once; up to KEPT_PAIRS, past which rows are read again (a huge
        // batch must not hold a copy of itself). Every row is checked before the first is learnt.
        let mut pairs: Vec<Feature> = Vec::new();
        let mut ends = Vec::new();
        for (i, &y) in ys.iter().enumerate() {
            let row = &rows[i * width..(i + 1) * width];
            let at = |e: LearnError| e.in_sample(i);
            check_target(y, self.classifier)
                .and_then(|_| self.check_layout(layout, width))
                .map_err(at)?;
            if ends.len() < i || pairs.len() + width > KEPT_PAIRS {
                self.check_dense(layout, row).map_err(at)?;
                continue;
            }
            for (&id, &v) in layout.ids.iter().zip(row) {
                if v.is_nan() {
                    continue; // absent
                }
                if v.is_infinite() {
                    return Err(at(self.not_finite_in_layout(id, v)));
                }
                pairs.push((id, v));
            }
            ends.push(pairs.len());
        }
        let mut x = std::mem::take(&mut self.scratch.ids);
        let (mut start, mut learnt) = (0, Ok(()));
        for (i, &y) in ys.iter().enumerate() {
            let r = match ends.get(i) {
                Some(&end) => {
                    let kept = &pairs[start..end];
                    start = end;
                    self.learn_interned(kept, y)
                }
                None => {
                    let row = &rows[i * width..(i + 1) * width];
                    x.clear();
                    let present = layout.ids.iter().zip(row).filter(|(_, v)| !v.is_nan());
                    x.extend(present.map(|(&id, &v)| (id, v)));
                    self.learn_interned(&x, y)
                }
            };
            if let Err(e) = r {
                learnt = Err(e.in_sample(i));
                break;
            }
        }
        self.scratch.ids = x;
        learnt
    }

    /// [`Model::predict_dense`] on each row of `rows` (whole rows of `layout.len()` values).
    pub fn predict_many_dense(&self, layout: &Layout, rows: &[f64]) -> Result<Vec<f64>> {
        let width = layout.len();
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        if width == 0 || !rows.len().is_multiple_of(width) {
            return Err(LearnError::BadFeature {
                name: "(layout)".into(),
                reason: format!(
                    "expected whole rows of {width} values, got {} values",
                    rows.len()
                ),
            });
        }
        let mut out = Vec::with_capacity(rows.len() / width);
        for (i, row) in rows.chunks_exact(width).enumerate() {
            out.push(
                self.predict_dense(layout, row)
                    .map_err(|e| e.in_sample(i))?,
            );
        }
        Ok(out)
    }

    /// What [`Model::dense`] checks, without building the features.
    fn check_dense(&self, layout: &Layout, row: &[f64]) -> Result<()> {
        self.check_layout(layout, row.len())?;
        match layout.ids.iter().zip(row).find(|(_, v)| v.is_infinite()) {
            Some((&id, &v)) => Err(self.not_finite_in_layout(id, v)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::learn::{FeatureValue::Cat, FeatureValue::Num, Model};

    #[test]
    fn a_key_changing_type_across_samples_is_refused_whole() {
        let mut m = Model::default();
        m.learn_one(&[("hour", Num(1.0))], 1800.0).unwrap();
        let before = m.to_json().unwrap();
        // `k=v` new to the model: a number in sample 1, a one-hot key in sample 3.
        let xs = [
            vec![("hour", Num(2.0))],
            vec![("k=v", Num(1.0))],
            vec![("hour", Num(3.0))],
            vec![("k", Cat("v"))],
        ];
        let e = m.learn_many(&xs, &[1.0, 2.0, 3.0, 4.0]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sample 3: feature 'k=v': key 'k=v' was learnt as a number and cannot change type"
        );
        assert!(m
            .learn_many(&xs[..2], &[1.0])
            .unwrap_err()
            .to_string()
            .contains("2 samples but 1 targets"));
        assert_eq!(m.to_json().unwrap(), before);
        // Without the conflict the same keys learn as looping does.
        let mut one = m.clone();
        m.learn_many(&xs[..3], &[1.0, 2.0, 3.0]).unwrap();
        for (x, y) in xs[..3].iter().zip([1.0, 2.0, 3.0]) {
            one.learn_one(x, y).unwrap();
        }
        assert_eq!(m.to_json().unwrap(), one.to_json().unwrap());
    }

    #[test]
    fn a_classifier_batch_checks_labels() {
        let spec = r#"{"model": {"type": "logistic"}}"#;
        let mut m = Model::from_spec_json(spec).unwrap();
        let xs = [[("a", Num(1.0))], [("a", Num(-1.0))]];
        let e = m.learn_many(&xs, &[1.0, 0.5]).unwrap_err().to_string();
        assert!(e.starts_with("sample 1: target:"), "{e}");
        assert_eq!(m.n_learned(), 0);
        m.learn_many(&xs, &[1.0, 0.0]).unwrap();
        assert_eq!(m.n_learned(), 2);
    }

    /// Rows `learn_many_dense` keeps from its checking scan and rows it reads again (past
    /// `KEPT_PAIRS`) are learnt alike: the model `learn_dense` in a loop gives, bit for bit.
    #[test]
    fn a_dense_batch_past_the_kept_pairs_equals_the_loop() {
        const WIDTH: usize = 30;
        // ~16 of 30 values present: 32,768 rows hold ~2 × KEPT_PAIRS pairs, so about half of
        // them are read again.
        let n = super::KEPT_PAIRS / 8;
        let names: Vec<(String, bool)> = (0..WIDTH).map(|j| (format!("f{j}"), j >= 25)).collect();
        let rows: Vec<f64> = (0..n * WIDTH)
            .map(|k| match (k * 7919) % 13 {
                0..=5 => f64::NAN, // absent
                r if k % WIDTH >= 25 => f64::from(u8::from(r > 8)),
                r => f64::from(r as u32) * 0.5 + (k / WIDTH % 24) as f64,
            })
            .collect();
        let ys: Vec<f64> = (0..n).map(|i| 1200.0 + (i * 31 % 1200) as f64).collect();
        let (mut one, mut many) = (Model::default(), Model::default());
        let (l1, l2) = (
            one.register_layout(&names).unwrap(),
            many.register_layout(&names).unwrap(),
        );
        for (row, &y) in rows.chunks(WIDTH).zip(&ys) {
            one.learn_dense(&l1, row, y).unwrap();
        }
        many.learn_many_dense(&l2, &rows, &ys).unwrap();
        assert_eq!(many.to_json().unwrap(), one.to_json().unwrap());

        // A bad value is found in either part, named, and nothing is learnt.
        for bad_row in [3, n - 2] {
            let mut bad = rows.clone();
            bad[bad_row * WIDTH + 4] = f64::NEG_INFINITY;
            let before = many.to_json().unwrap();
            let e = many
                .learn_many_dense(&l2, &bad, &ys)
                .unwrap_err()
                .to_string();
            assert_eq!(e, format!("sample {bad_row}: feature 'f4': is -Infinity"));
            assert_eq!(many.to_json().unwrap(), before);
        }
    }

    #[test]
    fn an_empty_dense_layout_learns_the_targets() {
        let (mut one, mut many) = (Model::default(), Model::default());
        let (l1, l2) = (
            one.register_layout::<&str>(&[]).unwrap(),
            many.register_layout::<&str>(&[]).unwrap(),
        );
        let ys = [1800.0, 1900.0, 2000.0];
        for &y in &ys {
            one.learn_dense(&l1, &[], y).unwrap();
        }
        many.learn_many_dense(&l2, &[], &ys).unwrap();
        assert_eq!(many.n_learned(), 3);
        assert_eq!(many.to_json().unwrap(), one.to_json().unwrap());
    }
}
