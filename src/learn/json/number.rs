//! Number parsing: the hook type, core's parser and Clinger's fast path.

/// Turns the text of a JSON number into an f64 for [`parse_with`](super::parse_with). It only ever sees text the
/// strict lexer accepted as an RFC 8259 number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`)
/// and must round correctly (the writer emits at most 17 significant digits); a non-finite result
/// or `None` is refused as out of range.
pub type ParseF64<'a> = &'a dyn Fn(&str) -> Option<f64>;

/// The default number parser: core's `str::parse::<f64>`, correctly rounded.
pub fn core_f64(text: &str) -> Option<f64> {
    text.parse().ok()
}

/// Clinger's fast path: a JSON number whose digits (without the dot) make an integer
/// `m ≤ 2⁵³` and whose decimal exponent `e` is within ±22 is `m·10ᵉ` or `m/10⁻ᵉ`: one correctly
/// rounded operation on two exactly representable f64s, so the result is the correctly rounded
/// value. `None` for anything else (the caller's parser takes it). Most numbers the writer emits
/// take this path, which spares the wasm face a call into JS per number.
///
/// ```
/// use rivulet::learn::json::exact_f64;
/// assert_eq!(exact_f64("0.1"), Some(0.1));
/// assert_eq!(exact_f64("-2.5e-3"), Some(-0.0025));
/// assert_eq!(exact_f64("-0.0").map(f64::to_bits), Some((-0.0f64).to_bits()));
/// assert_eq!(exact_f64("0.30000000000000004"), None); // 17 digits: 2⁵³ < m
/// assert_eq!(exact_f64("1e23"), None);
/// ```
pub fn exact_f64(text: &str) -> Option<f64> {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let b = text.as_bytes();
    let neg = b.first() == Some(&b'-');
    let mut i = usize::from(neg);
    let (mut m, mut frac, mut any) = (0u64, 0i64, false);
    let mut in_frac = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                m = m.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
                frac += i64::from(in_frac);
                any = true;
            }
            b'.' if !in_frac => in_frac = true,
            _ => break,
        }
        i += 1;
    }
    let mut e = 0i64;
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let eneg = b.get(i) == Some(&b'-');
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        let start = i;
        while let Some(&c @ b'0'..=b'9') = b.get(i) {
            // Far past ±22 either way: leave it to the full parser.
            e = if e > 1000 {
                e
            } else {
                e * 10 + i64::from(c - b'0')
            };
            i += 1;
        }
        if i == start {
            return None;
        }
        if eneg {
            e = -e;
        }
    }
    if !any || i != b.len() || m > 1 << 53 {
        return None;
    }
    let e = e - frac;
    let v = m as f64;
    let v = if e >= 0 {
        v * *POW10.get(usize::try_from(e).ok()?)?
    } else {
        v / *POW10.get(usize::try_from(-e).ok()?)?
    };
    Some(if neg { -v } else { v })
}
