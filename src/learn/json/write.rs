//! The JSON writer.

use super::{Float, Json};
use std::fmt::Write as _;

impl Json {
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
