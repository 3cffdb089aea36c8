//! The learner's one float formatter.

/// An f64 as text: the learner's one float formatter, for the JSON writer and every error message
/// that shows a number. The shortest text that parses back to the same f64 (`0.1`, `1.0`, `-0.0`,
/// `1e-300`, `1e+300`), `NaN`, `inf` and `-inf` for the non-finite ones (as `{}` on f64 writes
/// them). It is [`zmij`], not core's `{}` / `{:?}`: core's float formatting is about 19 KB of
/// wasm code plus its tables, zmij about 4 KB (docs/perf/2026-11-size-pass-2.md). Width and
/// precision flags are ignored (`{:8.2}` writes the same text as `{}`).
///
/// ```
/// use rivulet::learn::json::Float;
/// assert_eq!(Float(0.1).to_string(), "0.1");
/// assert_eq!(Float(2.0).to_string(), "2.0");
/// assert_eq!(Float(1e-300).to_string(), "1e-300");
/// assert_eq!(format!("got {}", Float(f64::NAN)), "got NaN");
/// assert_eq!(Float(f64::NEG_INFINITY).to_string(), "-inf");
/// ```
#[derive(Clone, Copy)]
pub struct Float(pub f64);

impl std::fmt::Display for Float {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(zmij::Buffer::new().format(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Float`] gives as many significant digits as core's `{:?}` (the shortest round-trip
    /// text; the last digit may differ when two are equally close) and parses back to the same
    /// bits, over random bit patterns of every magnitude.
    #[test]
    fn float_is_shortest_and_round_trips() {
        fn digits(t: &str) -> String {
            let m = t
                .trim_start_matches('-')
                .split('e')
                .next()
                .unwrap()
                .replace('.', "");
            m.trim_start_matches('0').trim_end_matches('0').to_string()
        }
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            let t = Float(v).to_string();
            if !v.is_finite() {
                assert_eq!(t, format!("{v}"));
                continue;
            }
            assert_eq!(t.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{t}");
            assert_eq!(
                digits(&t).len(),
                digits(&format!("{v:?}")).len(),
                "{t} vs {v:?}"
            );
        }
    }
}
