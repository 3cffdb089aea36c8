use super::Window;

/// A binary confusion matrix (counts of true / false positives / negatives, "positive" being
/// `true`), cumulative or over the last `window` pairs: the state River's `Accuracy`,
/// `Precision`, `Recall` and `F1` read, each a view of it here ([`Confusion::accuracy`], ...).
/// Predictions are labels (a probability `p` is the label `p > 0.5`, River's `predict_one`).
///
/// | metric | value (0 when its denominator is 0) |
/// |---|---|
/// | accuracy | `(tp + tn) / n` |
/// | precision | `tp / (tp + fp)` |
/// | recall | `tp / (tp + fn)` |
/// | F1 | `2·P·R / (P + R)` (River's `(1 + β²)·P·R / (β²·P + R)` with β = 1) |
///
/// ```
/// use rivulet::learn::metrics::Confusion;
/// let mut m = Confusion::default();
/// for (y, p) in [(true, true), (false, true), (true, true), (true, false), (false, false)] {
///     m.update(y, p);
/// }
/// assert_eq!((m.accuracy(), m.precision(), m.recall()), (0.6, 2.0 / 3.0, 2.0 / 3.0));
/// assert!((m.f1() - 2.0 / 3.0).abs() < 1e-15);
/// let mut r = Confusion::rolling(2);
/// for (y, p) in [(true, false), (true, true), (false, false)] { r.update(y, p); }
/// assert_eq!(r.accuracy(), 1.0);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Confusion {
    tp: f64,
    fp: f64,
    tn: f64,
    fn_: f64,
    window: Option<Window>,
}

impl Confusion {
    /// A confusion matrix over the last `window` pairs.
    pub fn rolling(window: usize) -> Self {
        Confusion {
            window: Some(Window::new(window)),
            ..Confusion::default()
        }
    }

    fn add(&mut self, y: bool, p: bool, w: f64) {
        match (y, p) {
            (true, true) => self.tp += w,
            (false, true) => self.fp += w,
            (false, false) => self.tn += w,
            (true, false) => self.fn_ += w,
        }
    }

    /// Adds a (label, predicted label) pair.
    pub fn update(&mut self, y: bool, p: bool) {
        let pair = (f64::from(u8::from(y)), f64::from(u8::from(p)));
        if let Some((oy, op)) = self.window.as_mut().and_then(|w| w.push(pair.0, pair.1)) {
            self.add(oy == 1.0, op == 1.0, -1.0);
        }
        self.add(y, p, 1.0);
    }

    /// Number of pairs counted.
    pub fn n(&self) -> f64 {
        self.tp + self.fp + self.tn + self.fn_
    }

    /// River's `Accuracy`.
    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.n())
    }

    /// River's `Precision`.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// River's `Recall`.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// River's `F1`.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        ratio(2.0 * p * r, 1.0 * p + r)
    }
}

/// `a / b`, or 0 when `b` is 0 (River catches the ZeroDivisionError).
pub(crate) fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}
