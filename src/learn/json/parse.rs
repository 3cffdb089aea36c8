//! The strict JSON parser.

use super::{core_f64, exact_f64, Json, ParseF64};

/// Deepest nesting [`parse`] accepts (the model file nests 6 deep; this bounds the recursion).
pub const MAX_DEPTH: usize = 64;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
