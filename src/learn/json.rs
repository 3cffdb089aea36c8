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

use crate::learn::error::{LearnError, Result};
use std::fmt::Write as _;

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

/// Deepest nesting [`parse`] accepts (the model file nests 6 deep; this bounds the recursion).
pub const MAX_DEPTH: usize = 64;

/// A JSON value. See the module docs.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number that is not a plain non-negative integer fitting a u64.
    Num(f64),
    /// A non-negative integer literal (no fraction, no exponent) that fits a u64.
    U64(u64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, fields in order, keys unique.
    Obj(Vec<(String, Json)>),
}

impl From<f64> for Json {
    fn from(v: f64) -> Json {
        Json::Num(v)
    }
}
impl From<u64> for Json {
    fn from(v: u64) -> Json {
        Json::U64(v)
    }
}
impl From<u32> for Json {
    fn from(v: u32) -> Json {
        Json::U64(u64::from(v))
    }
}
impl From<usize> for Json {
    fn from(v: usize) -> Json {
        Json::U64(v as u64)
    }
}
impl From<bool> for Json {
    fn from(v: bool) -> Json {
        Json::Bool(v)
    }
}
impl From<&str> for Json {
    fn from(v: &str) -> Json {
        Json::Str(v.to_string())
    }
}
impl From<&[f64]> for Json {
    fn from(v: &[f64]) -> Json {
        Json::Arr(v.iter().map(|&x| Json::Num(x)).collect())
    }
}
impl From<&[u32]> for Json {
    fn from(v: &[u32]) -> Json {
        Json::Arr(v.iter().map(|&x| Json::from(x)).collect())
    }
}

/// An object from `(name, value)` pairs, in order.
pub fn obj<const N: usize>(fields: [(&str, Json); N]) -> Json {
    Json::Obj(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

impl Json {
    /// The field `key` of an object (None for other values).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(f) => f.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// What kind of value this is, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Num(_) | Json::U64(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }

    /// The value as JSON text; an error if it holds a non-finite number.
    pub fn to_text(&self) -> std::result::Result<String, String> {
        let mut out = String::new();
        self.write(&mut out)?;
        Ok(out)
    }

    /// Appends the value as JSON text to `out`; an error if it holds a non-finite number (what
    /// was written before it stays in `out`).
    pub fn write(&self, out: &mut String) -> std::result::Result<(), String> {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(v) => {
                if !v.is_finite() {
                    return Err(format!("the number {} is not finite", Float(*v)));
                }
                out.push_str(zmij::Buffer::new().format_finite(*v));
            }
            Json::U64(v) => {
                let _ = write!(out, "{v}");
            }
            Json::Str(s) => write_str(s, out),
            Json::Arr(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    x.write(out)?;
                }
                out.push(']');
            }
            Json::Obj(f) => {
                out.push('{');
                for (i, (k, x)) in f.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    x.write(out).map_err(|e| format!("`{k}`: {e}"))?;
                }
                out.push('}');
            }
        }
        Ok(())
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Turns the text of a JSON number into an f64 for [`parse_with`]. It only ever sees text the
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

/// Parses JSON text (strict RFC 8259, see the module docs). The error says what is wrong and
/// at which byte. Numbers go through core's parser ([`core_f64`]).
pub fn parse(text: &str) -> std::result::Result<Json, String> {
    parse_with(text, &core_f64)
}

/// [`parse`] with the parser for the numbers outside [`exact_f64`]'s fast path given (see
/// [`ParseF64`]). A number that parses to a non-finite f64 (`1e400`) or to `None` is an error
/// naming the nearest enclosing key.
///
/// ```
/// use rivulet::learn::json::{parse_with, Json};
/// let half = |t: &str| t.parse::<f64>().ok().map(|v| v / 2.0);
/// assert_eq!(parse_with("[3]", &half).unwrap(), Json::Arr(vec![Json::U64(3)]));
/// // Within the fast path: the hook is not asked.
/// assert_eq!(parse_with("[3.0]", &half).unwrap(), Json::Arr(vec![Json::Num(3.0)]));
/// assert_eq!(parse_with("[1e23]", &half).unwrap(), Json::Arr(vec![Json::Num(5e22)]));
/// let e = parse_with(r#"{"w":[1,2e400]}"#, &half).unwrap_err();
/// assert_eq!(e, "number out of range (not a finite f64) in `w` at byte 8");
/// ```
pub fn parse_with(text: &str, num: ParseF64<'_>) -> std::result::Result<Json, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        num,
        key: (0, 0),
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("trailing characters after the value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    num: ParseF64<'a>,
    /// The byte range of the key whose value is being parsed (empty at the top level), for
    /// number errors.
    key: (usize, usize),
}

impl Parser<'_> {
    #[cold]
    fn err(&self, what: &str) -> String {
        if self.i >= self.s.len() {
            format!("{what} at the end of the input (byte {})", self.i)
        } else {
            format!("{what} at byte {}", self.i)
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8, what: &str) -> std::result::Result<(), String> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(what))
        }
    }

    fn value(&mut self, depth: usize) -> std::result::Result<Json, String> {
        if depth >= MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => {
                self.i += 1;
                let mut a = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(Json::Arr(a));
                }
                loop {
                    self.ws();
                    a.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(a));
                        }
                        _ => return Err(self.err("expected `,` or `]`")),
                    }
                }
            }
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            _ => Err(self.err("expected a value")),
        }
    }

    fn word(&mut self, w: &str, v: Json) -> std::result::Result<Json, String> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.err("expected a value"))
        }
    }

    fn object(&mut self, depth: usize) -> std::result::Result<Json, String> {
        self.i += 1;
        let mut f: Vec<(String, Json)> = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Json::Obj(f));
        }
        loop {
            self.ws();
            let at = self.i;
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a string key"));
            }
            let k = self.string()?;
            // The raw key text (between the quotes) names the field in a number error.
            let key = (at + 1, self.i - 1);
            self.ws();
            self.eat(b':', "expected `:`")?;
            self.ws();
            let outer = std::mem::replace(&mut self.key, key);
            let v = self.value(depth + 1)?;
            self.key = outer;
            f.push((k, v));
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.err("expected `,` or `}`")),
            }
            // Checked as we go for small objects; a big one is sorted once at the end.
            if f.len() <= 16 && f[..f.len() - 1].iter().any(|(k, _)| *k == f[f.len() - 1].0) {
                self.i = at;
                return Err(self.err(&format!("duplicate key `{}`", f[f.len() - 1].0)));
            }
        }
        if f.len() > 16 {
            // A set (the vocabulary's hasher, already in the module) rather than a sort: less code.
            let mut seen = rustc_hash::FxHashSet::default();
            if let Some((k, _)) = f.iter().find(|(k, _)| !seen.insert(k.as_str())) {
                return Err(self.err(&format!("duplicate key `{k}` in the object ending")));
            }
        } else if let Some((k, _)) = f.last() {
            if f[..f.len() - 1].iter().any(|(j, _)| j == k) {
                return Err(self.err(&format!("duplicate key `{k}` in the object ending")));
            }
        }
        Ok(Json::Obj(f))
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> std::result::Result<Json, String> {
        let start = self.i;
        let neg = self.peek() == Some(b'-');
        if neg {
            self.i += 1;
        }
        let int_start = self.i;
        let n = self.digits();
        if n == 0 {
            return Err(self.err("expected a digit"));
        }
        if n > 1 && self.s[int_start] == b'0' {
            self.i = int_start;
            return Err(self.err("leading zero in a number"));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.i += 1;
            integer = false;
            if self.digits() == 0 {
                return Err(self.err("expected a digit after `.`"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("expected a digit in the exponent"));
            }
        }
        // The slice is ASCII digits and signs, so it is valid UTF-8.
        let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
        if integer && !neg {
            if let Ok(v) = text.parse::<u64>() {
                return Ok(Json::U64(v));
            }
        }
        match exact_f64(text).or_else(|| (self.num)(text)) {
            Some(v) if v.is_finite() => Ok(Json::Num(v)),
            _ => {
                self.i = start;
                let (a, b) = self.key;
                let key = std::str::from_utf8(self.s.get(a..b).unwrap_or_default()).unwrap_or("");
                Err(self.err(&if key.is_empty() {
                    "number out of range (not a finite f64)".to_string()
                } else {
                    format!("number out of range (not a finite f64) in `{key}`")
                }))
            }
        }
    }

    fn hex4(&mut self) -> std::result::Result<u32, String> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.err("expected 4 hex digits after `\\u`")),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> std::result::Result<String, String> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        loop {
            // Copy the run of plain bytes at once (the input is a &str: runs end on a char
            // boundary because `"`, `\` and control bytes are ASCII).
            let start = self.i;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(std::str::from_utf8(&self.s[start..self.i]).unwrap_or(""));
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let at = self.i;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.s[self.i..].starts_with(b"\\u") {
                                    self.i = at;
                                    return Err(self.err("unpaired surrogate in `\\u` escape"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    self.i = at;
                                    return Err(self.err("unpaired surrogate in `\\u` escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            match char::from_u32(code) {
                                Some(c) => {
                                    out.push(c);
                                    continue;
                                }
                                None => {
                                    self.i = at;
                                    return Err(self.err("unpaired surrogate in `\\u` escape"));
                                }
                            }
                        }
                        _ => return Err(self.err("invalid escape")),
                    };
                    self.i += 1;
                    out.push(c);
                }
                Some(_) => return Err(self.err("control character in a string")),
            }
        }
    }
}

/// Reads an object's fields by name. Each getter takes its field out; [`Fields::finish`]
/// refuses the fields nobody asked for. Errors are [`LearnError::BadState`] (or `BadSpec` for a
/// spec) prefixed with the object's path, and name the field.
pub struct Fields {
    path: String,
    spec: bool,
    fields: Vec<(String, Option<Json>)>,
    asked: Vec<&'static str>,
}

impl Fields {
    /// Reads `v` (which must be an object) as a piece of serialized state named `path`.
    pub fn state(path: &str, v: Json) -> Result<Fields> {
        Fields::new(path, v, false)
    }

    /// Reads `v` (which must be an object) as a part of a spec named `path` ("" for the root).
    pub fn spec(path: &str, v: Json) -> Result<Fields> {
        Fields::new(path, v, true)
    }

    fn new(path: &str, v: Json, spec: bool) -> Result<Fields> {
        let mut f = Fields {
            path: path.to_string(),
            spec,
            fields: Vec::new(),
            asked: Vec::new(),
        };
        match v {
            Json::Obj(o) => {
                f.fields = o.into_iter().map(|(k, v)| (k, Some(v))).collect();
                Ok(f)
            }
            other => Err(f.error(format!("expected an object, got {}", other.kind()))),
        }
    }

    /// The error kind of this reader with its path prefixed.
    #[cold]
    pub fn error(&self, msg: String) -> LearnError {
        let msg = if self.path.is_empty() {
            msg
        } else {
            format!("{}: {msg}", self.path)
        };
        if self.spec {
            LearnError::BadSpec(msg)
        } else {
            LearnError::BadState(msg)
        }
    }

    /// The path of field `name`, for nested readers.
    pub fn path_of(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// Whether this reader reads a spec (its errors are `BadSpec`).
    pub fn is_spec(&self) -> bool {
        self.spec
    }

    /// Field `name` if present and not taken yet, without taking it.
    pub fn peek(&self, name: &str) -> Option<&Json> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.as_ref())
    }

    /// Takes field `name` if present (`null` counts as present).
    pub fn opt(&mut self, name: &'static str) -> Option<Json> {
        self.asked.push(name);
        self.fields
            .iter_mut()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.take())
    }

    /// Takes the required field `name`.
    pub fn req(&mut self, name: &'static str) -> Result<Json> {
        match self.opt(name) {
            Some(v) => Ok(v),
            None => Err(self.error(format!("missing field `{name}`"))),
        }
    }

    #[cold]
    fn wrong(&self, name: &str, v: &Json, want: &str) -> LearnError {
        match v {
            Json::Null => self.error(format!(
                "`{name}` is null (a non-finite number or a missing value)"
            )),
            _ => self.error(format!("`{name}` must be {want}, got {}", v.kind())),
        }
    }

    /// A required number.
    pub fn f64(&mut self, name: &'static str) -> Result<f64> {
        let v = self.req(name)?;
        self.as_f64(name, &v)
    }

    /// An optional number with its default.
    pub fn f64_or(&mut self, name: &'static str, default: f64) -> Result<f64> {
        match self.opt(name) {
            Some(v) => self.as_f64(name, &v),
            None => Ok(default),
        }
    }

    /// `v` as a number.
    pub fn as_f64(&self, name: &str, v: &Json) -> Result<f64> {
        match *v {
            Json::Num(x) => Ok(x),
            Json::U64(x) => Ok(x as f64),
            _ => Err(self.wrong(name, v, "a number")),
        }
    }

    /// A required non-negative integer.
    pub fn u64(&mut self, name: &'static str) -> Result<u64> {
        let v = self.req(name)?;
        self.as_u64(name, &v)
    }

    /// An optional non-negative integer with its default.
    pub fn u64_or(&mut self, name: &'static str, default: u64) -> Result<u64> {
        match self.opt(name) {
            Some(v) => self.as_u64(name, &v),
            None => Ok(default),
        }
    }

    fn as_u64(&self, name: &str, v: &Json) -> Result<u64> {
        match *v {
            Json::U64(x) => Ok(x),
            _ => Err(self.wrong(name, v, "a non-negative integer")),
        }
    }

    /// A required u32.
    pub fn u32(&mut self, name: &'static str) -> Result<u32> {
        let v = self.u64(name)?;
        self.small(name, v)
    }

    /// An optional u32 with its default.
    pub fn u32_or(&mut self, name: &'static str, default: u32) -> Result<u32> {
        let v = self.u64_or(name, u64::from(default))?;
        self.small(name, v)
    }

    /// A required usize (at most u32::MAX, so it means the same on every target).
    pub fn usize(&mut self, name: &'static str) -> Result<usize> {
        Ok(self.u32(name)? as usize)
    }

    /// An optional usize with its default.
    pub fn usize_or(&mut self, name: &'static str, default: usize) -> Result<usize> {
        match self.opt(name) {
            Some(v) => {
                let n = self.as_u64(name, &v)?;
                Ok(self.small(name, n)? as usize)
            }
            None => Ok(default),
        }
    }

    fn small(&self, name: &str, v: u64) -> Result<u32> {
        u32::try_from(v).map_err(|_| self.error(format!("`{name}` is too large: {v}")))
    }

    /// A required boolean.
    pub fn bool(&mut self, name: &'static str) -> Result<bool> {
        let v = self.req(name)?;
        self.as_bool(name, &v)
    }

    /// An optional boolean with its default.
    pub fn bool_or(&mut self, name: &'static str, default: bool) -> Result<bool> {
        match self.opt(name) {
            Some(v) => self.as_bool(name, &v),
            None => Ok(default),
        }
    }

    fn as_bool(&self, name: &str, v: &Json) -> Result<bool> {
        match *v {
            Json::Bool(b) => Ok(b),
            _ => Err(self.wrong(name, v, "a boolean")),
        }
    }

    /// A required string.
    pub fn string(&mut self, name: &'static str) -> Result<String> {
        match self.req(name)? {
            Json::Str(s) => Ok(s),
            v => Err(self.wrong(name, &v, "a string")),
        }
    }

    /// A required array.
    pub fn array(&mut self, name: &'static str) -> Result<Vec<Json>> {
        match self.req(name)? {
            Json::Arr(a) => Ok(a),
            v => Err(self.wrong(name, &v, "an array")),
        }
    }

    /// A required array of numbers.
    pub fn f64_vec(&mut self, name: &'static str) -> Result<Vec<f64>> {
        let a = self.array(name)?;
        let mut out = Vec::with_capacity(a.len());
        for (i, v) in a.iter().enumerate() {
            match *v {
                Json::Num(x) => out.push(x),
                Json::U64(x) => out.push(x as f64),
                _ => return Err(self.wrong(&format!("{name}[{i}]"), v, "a number")),
            }
        }
        Ok(out)
    }

    /// A required array of u32.
    pub fn u32_vec(&mut self, name: &'static str) -> Result<Vec<u32>> {
        let a = self.array(name)?;
        let mut out = Vec::with_capacity(a.len());
        for (i, v) in a.iter().enumerate() {
            let n = self.as_u64(&format!("{name}[{i}]"), v)?;
            out.push(self.small(&format!("{name}[{i}]"), n)?);
        }
        Ok(out)
    }

    /// A required array of `N` numbers.
    pub fn f64_array<const N: usize>(&mut self, name: &'static str) -> Result<[f64; N]> {
        let v = self.f64_vec(name)?;
        let n = v.len();
        v.try_into()
            .map_err(|_| self.error(format!("`{name}` must have {N} numbers, got {n}")))
    }

    /// A required nested object, read with its own reader.
    pub fn object(&mut self, name: &'static str) -> Result<Fields> {
        let v = self.req(name)?;
        Fields::new(&self.path_of(name), v, self.spec)
    }

    /// The `type` tag of a tagged object: one of `variants`.
    pub fn tag(&mut self, variants: &[&str]) -> Result<String> {
        let t = self.string("type")?;
        if variants.contains(&t.as_str()) {
            return Ok(t);
        }
        let mut list = String::new();
        for v in variants {
            if !list.is_empty() {
                list.push_str(", ");
            }
            let _ = write!(list, "`{v}`");
        }
        Err(self.error(format!("unknown variant `{t}`, expected one of {list}")))
    }

    /// Refuses the fields nobody asked for.
    pub fn finish(self) -> Result<()> {
        if let Some((k, _)) = self.fields.iter().find(|(_, v)| v.is_some()) {
            let mut expected = String::new();
            for (i, a) in self.asked.iter().enumerate() {
                if self.asked[..i].contains(a) {
                    continue;
                }
                if !expected.is_empty() {
                    expected.push_str(", ");
                }
                let _ = write!(expected, "`{a}`");
            }
            let msg = if expected.is_empty() {
                format!("unknown field `{k}`, expected no fields")
            } else {
                format!("unknown field `{k}`, expected one of {expected}")
            };
            return Err(self.error(msg));
        }
        Ok(())
    }
}

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

    #[test]
    fn strict_rfc_8259() {
        for (bad, what) in [
            ("", "expected a value"),
            ("[1,]", "expected a value at byte 3"),
            ("{\"a\":1,}", "expected a string key"),
            ("NaN", "expected a value"),
            ("Infinity", "expected a value"),
            ("-Infinity", "expected a digit"),
            ("01", "leading zero"),
            ("1.", "after `.`"),
            (".5", "expected a value"),
            ("1e", "exponent"),
            ("1e999", "number out of range (not a finite f64) at byte 0"),
            (
                "{\"a\":{\"b\":1},\"c\":[2,-1e999]}",
                "out of range (not a finite f64) in `c` at byte 20",
            ),
            ("\"a\u{1}\"", "control character"),
            ("\"\\x\"", "invalid escape"),
            ("\"\\ud800\"", "unpaired surrogate"),
            ("\"\\udc00\"", "unpaired surrogate"),
            ("{\"a\":1,\"a\":2}", "duplicate key `a`"),
            ("[1] 2", "trailing characters"),
            ("\"abc", "unterminated string"),
            ("tru", "expected a value"),
            ("{\"a\" 1}", "expected `:`"),
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains(what), "{bad:?}: {e}");
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().contains("nesting too deep"));
        let ok = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        assert!(parse(&ok).is_ok());
        let many: Vec<String> = (0..40).map(|i| format!("\"k{}\":{i}", i % 39)).collect();
        let e = parse(&format!("{{{}}}", many.join(","))).unwrap_err();
        assert!(e.contains("duplicate key `k0`"), "{e}");
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

    #[test]
    fn fields_name_what_is_wrong() {
        let v = parse(r#"{"n":3,"means":[1,2.5],"bad":"x","nul":null,"extra":1}"#).unwrap();
        let mut f = Fields::state("scaler", v).unwrap();
        assert_eq!(f.u64("n").unwrap(), 3);
        assert_eq!(f.f64_vec("means").unwrap(), vec![1.0, 2.5]);
        let e = f.f64_vec("bad").unwrap_err().to_string();
        assert!(
            e.contains("scaler: `bad` must be an array, got a string"),
            "{e}"
        );
        let e = f.f64("nul").unwrap_err().to_string();
        assert!(e.contains("`nul` is null"), "{e}");
        let e = f.f64("vars").unwrap_err().to_string();
        assert!(e.contains("missing field `vars`"), "{e}");
        let e = f.finish().unwrap_err().to_string();
        assert!(
            e.contains("unknown field `extra`, expected one of `n`, `means`, `bad`, `nul`, `vars`"),
            "{e}"
        );
        let e = Fields::spec("model", Json::U64(1)).err().unwrap();
        assert!(matches!(e, LearnError::BadSpec(_)), "{e}");
    }
}
