//! The learner's own JSON: a value type, a strict parser, a writer and typed field readers.
//!
//! Why not serde: serde + serde_json were about 40 % of the linear-only wasm module (~130 KB of
//! 346 KB before wasm-opt) whose target is 60 KB gzipped, and the learner reads and writes one
//! fixed, machine-written format (the model file and the spec). This module is a few KB.
//!
//! - [`Json`]: objects keep insertion order ([`Json::Obj`] is a `Vec`), so writing is
//!   deterministic and `write(parse(write(v))) == write(v)` byte for byte. An integer literal
//!   without fraction or exponent that fits a `u64` is [`Json::U64`] (exact ids and counters);
//!   every other number is [`Json::Num`].
//! - [`parse`]: strict RFC 8259 (no trailing commas, no NaN/Infinity, no leading zeros, no raw
//!   control characters in strings, `\u` escapes with surrogate pairs, duplicate keys refused),
//!   nesting limited to [`MAX_DEPTH`], errors name what and the byte offset. Numbers go through
//!   `str::parse::<f64>` (correctly rounded); a literal that overflows f64 is an error naming
//!   the nearest key. Numbers within Clinger's fast path ([`exact_f64`]: at most 2⁵³ as digits,
//!   a power of ten within ±22) are parsed here. [`parse_with`] takes the number parser for
//!   the others as a hook: the wasm face
//!   passes the JS engine's, so the npm module carries no copy of core's float parsing and its
//!   10 KB table (docs/perf/2026-11-size-pass-3.md, step 1).
//! - [`Json::write`]: f64 through [`Float`] (the shortest text that parses back to the same f64,
//!   with an exponent for very large or small magnitudes); a non-finite number is an error, never
//!   `null`.
//! - [`Fields`]: takes an object's fields by name, so each `load_state` reads like a struct and
//!   its errors name the field ("missing field `means`", "`means` must be an array of numbers",
//!   "unknown field `foo`, expected one of `a`, `b`").
//!
//! ```
//! use rivulet::learn::json::{parse, Json};
//! let v = parse(r#"{"n":3,"x":[0.1,-0.0,1e-300],"s":"\u00e9"}"#).unwrap();
//! assert_eq!(v.get("n"), Some(&Json::U64(3)));
//! assert_eq!(v.to_text().unwrap(), r#"{"n":3,"x":[0.1,-0.0,1e-300],"s":"é"}"#);
//! assert!(parse("[1,]").unwrap_err().contains("byte 3"));
//! ```

mod fields;
mod float;
mod number;
mod parse;
mod value;
mod write;

pub use fields::Fields;
pub use float::Float;
pub use number::{core_f64, exact_f64, ParseF64};
pub use parse::{parse, parse_with, MAX_DEPTH};
pub use value::{obj, Json};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_f64_round_trips_exactly() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            1e-300,
            5e-324,
            2.2250738585072014e-308,
            2.225073858507201e-308,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            1e16,
            1e21,
            123_456_789.123_456_78,
            1.0 / 3.0,
        ] {
            let t = Json::Num(v).to_text().unwrap();
            match parse(&t).unwrap() {
                Json::Num(b) => assert_eq!(b.to_bits(), v.to_bits(), "{v} as {t}"),
                other => panic!("{t} parsed as {other:?}"),
            }
        }
        assert!(Json::Num(f64::NAN).to_text().is_err());
        assert!(Json::Arr(vec![Json::Num(f64::INFINITY)]).to_text().is_err());
        assert_eq!(parse("18446744073709551615").unwrap(), Json::U64(u64::MAX));
        assert_eq!(
            parse("18446744073709551616").unwrap(),
            Json::Num(18446744073709551616.0)
        );
        assert_eq!(parse("-0").unwrap(), Json::Num(-0.0));
        assert_eq!(parse("-3").unwrap(), Json::Num(-3.0));
    }

    #[test]
    fn strings_escape_and_unescape() {
        let s = "a\"b\\c\nd\te\u{1}f/é😀\u{7f}";
        let t = Json::from(s).to_text().unwrap();
        assert_eq!(t, "\"a\\\"b\\\\c\\nd\\te\\u0001f/é😀\u{7f}\"");
        assert_eq!(parse(&t).unwrap(), Json::from(s));
        assert_eq!(
            parse(r#""\ud83d\ude00\u00e9\/\b\f\r""#).unwrap(),
            Json::from("😀é/\u{8}\u{c}\r")
        );
    }

    #[test]
    fn objects_keep_order_and_rewrite_byte_identically() {
        let t = r#"{"z":1,"a":[true,false,null,{"":-2.5e-7}],"m":"x","e":{}}"#;
        let v = parse(t).unwrap();
        assert_eq!(v.to_text().unwrap(), t);
        let spaced = " {\n\t\"z\" : 1 ,\r\n \"a\":[ ] } ";
        assert_eq!(
            parse(spaced).unwrap().to_text().unwrap(),
            r#"{"z":1,"a":[]}"#
        );
    }
}
