//! Progressive validation: predict, then learn, over a stream.

use crate::learn::error::Result;
use crate::learn::metrics::{Mae, Rmse, R2};
use crate::learn::{FeatureValue, Model};

/// What [`progressive_val`] measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Samples seen.
    pub n: u64,
    /// Mean absolute error over the whole stream.
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Coefficient of determination.
    pub r2: f64,
    /// The same three over the last `window` samples, if a window was asked for.
    pub rolling: Option<(f64, f64, f64)>,
    /// Seconds spent (0 on wasm, which has no clock here).
    pub seconds: f64,
    /// Samples per second (0 when no time was measured).
    pub samples_per_sec: f64,
}

/// Progressive validation (River's `evaluate.progressive_val_score`): for each `(x, y)`,
/// predict `x`, update the metrics with `(y, ŷ)`, then learn `(x, y)`. Stops at the first error.
///
/// ```
/// use rivulet::learn::{evaluate::progressive_val, FeatureValue::Num, Model};
/// let mut m = Model::default();
/// let stream = (0..100).map(|i| (vec![("x", Num(f64::from(i % 10)))], f64::from(i % 10) * 2.0));
/// let r = progressive_val(&mut m, stream, Some(10)).unwrap();
/// assert_eq!(r.n, 100);
/// assert!(r.rolling.unwrap().0 < r.mae);
/// ```
pub fn progressive_val<'a, I, S>(
    model: &mut Model,
    stream: I,
    window: Option<usize>,
) -> Result<Report>
where
    I: IntoIterator<Item = (Vec<(S, FeatureValue<'a>)>, f64)>,
    S: AsRef<str>,
{
    #[cfg(not(target_arch = "wasm32"))]
    let t0 = std::time::Instant::now();
    let (mut mae, mut rmse, mut r2) = (Mae::default(), Rmse::default(), R2::default());
    let mut rolling = window.map(|w| (Mae::rolling(w), Rmse::rolling(w), R2::rolling(w)));
    let mut n = 0;
    for (x, y) in stream {
        // predict_one then learn_one, with x resolved once.
        let p = model.predict_learn_one(&x, y)?;
        mae.update(y, p);
        rmse.update(y, p);
        r2.update(y, p);
        if let Some((a, b, c)) = &mut rolling {
            a.update(y, p);
            b.update(y, p);
            c.update(y, p);
        }
        n += 1;
    }
    #[cfg(not(target_arch = "wasm32"))]
    let seconds = t0.elapsed().as_secs_f64();
    #[cfg(target_arch = "wasm32")]
    let seconds = 0.0;
    Ok(Report {
        n,
        mae: mae.get(),
        rmse: rmse.get(),
        r2: r2.get(),
        rolling: rolling.map(|(a, b, c)| (a.get(), b.get(), c.get())),
        seconds,
        samples_per_sec: if seconds > 0.0 {
            n as f64 / seconds
        } else {
            0.0
        },
    })
}
