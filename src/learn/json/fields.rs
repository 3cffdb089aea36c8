//! Typed field readers for `load_state` and spec parsing.

use super::Json;
use crate::learn::error::{LearnError, Result};
use std::fmt::Write as _;

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
    use crate::learn::json::parse;

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
