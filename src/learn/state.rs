//! Saved state, declared once. [`saved_state!`] takes a struct whose
//! fields are what an estimator saves and writes, from that one list, the struct, its writer
//! ([`Json`] object, fields in the declared order), its reader (every field by name, unknown
//! fields refused) and its checks.
//!
//! Naming, across the learner: `to_json` / `from_json` are JSON **text** (`String` / `&str`:
//! [`Model`](crate::learn::Model), [`Spec`](crate::learn::Spec)); `to_value` / `from_value` are
//! a [`Json`] **value**; `read` takes a [`Fields`] reader, an object its parent already opened
//! (so errors carry the parent's path: `amf.state.trees[0].rng: missing field `mt``).
//!
//! ```
//! use rivulet::learn::json::{parse, Fields};
//! use rivulet::learn::stats::Var;
//! let mut v = Var::new(1);
//! v.update(2.0);
//! v.update(4.0);
//! let text = v.to_value().to_text().unwrap();
//! assert_eq!(text, r#"{"ddof":1,"mean":{"mean":3.0,"n":2.0},"s":2.0}"#);
//! let back = Var::read(Fields::state("var", parse(&text).unwrap()).unwrap()).unwrap();
//! assert_eq!(back, v);
//! let bad = parse(r#"{"ddof":1,"mean":{"mean":3.0},"s":2.0}"#).unwrap();
//! let e = Var::read(Fields::state("var", bad).unwrap()).unwrap_err();
//! assert_eq!(e.to_string(), "invalid serialized model: var.mean: missing field `n`");
//! ```

use crate::learn::error::{check_finite, check_len, LearnError, Result};
use crate::learn::json::{Fields, Json};

/// A type that can be one field of saved state: one JSON value, read back by its name.
pub trait Field: Sized {
    /// The field's value.
    fn to_value(&self) -> Json;
    /// The field's value, taking it (no copy where the value is already JSON).
    fn into_value(self) -> Json {
        self.to_value()
    }
    /// Takes field `name` from `f` (an error naming it if missing or of the wrong kind).
    fn read(f: &mut Fields, name: &'static str) -> Result<Self>;
}

/// A number, an integer or a boolean: its JSON value, read by its `Fields` getter.
macro_rules! scalar_field {
    ($($ty:ty => $read:ident),* $(,)?) => {$(
        impl Field for $ty {
            fn to_value(&self) -> Json {
                Json::from(*self)
            }
            fn read(f: &mut Fields, name: &'static str) -> Result<Self> {
                f.$read(name)
            }
        }
    )*};
}

// `usize` at most `u32::MAX`, so that it means the same on every target.
scalar_field!(f64 => f64, u64 => u64, u32 => u32, usize => usize, bool => bool);

/// A vector of numbers or ids: an array, read by its `Fields` getter.
macro_rules! vec_field {
    ($($ty:ty => $read:ident),* $(,)?) => {$(
        impl Field for Vec<$ty> {
            fn to_value(&self) -> Json {
                Json::from(self.as_slice())
            }
            fn read(f: &mut Fields, name: &'static str) -> Result<Self> {
                f.$read(name)
            }
        }
    )*};
}

vec_field!(f64 => f64_vec, u32 => u32_vec);

/// A part whose state another type reads (a linear model's optimizer): kept as it is.
impl Field for Json {
    fn to_value(&self) -> Json {
        self.clone()
    }
    fn into_value(self) -> Json {
        self
    }
    fn read(f: &mut Fields, name: &'static str) -> Result<Self> {
        f.req(name)
    }
}

/// A state saved as an object of its own (what `saved_state!` declares), so that an array of
/// them is a field too, each item read with its path (`nodes[3]: missing field `time``).
pub trait Object: Sized {
    /// The object.
    fn to_value(&self) -> Json;
    /// Reads the object from a reader opened on it.
    fn read(f: Fields) -> Result<Self>;
}

impl<T: Object> Field for Vec<T> {
    fn to_value(&self) -> Json {
        Json::Arr(self.iter().map(T::to_value).collect())
    }
    fn read(f: &mut Fields, name: &'static str) -> Result<Self> {
        let items = f.array(name)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, v) in items.into_iter().enumerate() {
            out.push(T::read(Fields::state(
                &format!("{}[{i}]", f.path_of(name)),
                v,
            )?)?);
        }
        Ok(out)
    }
}

/// Numbers a `finite` check looks at: a scalar or a vector.
pub trait Numbers {
    /// The numbers, as a slice.
    fn numbers(&self) -> &[f64];
}

impl Numbers for f64 {
    fn numbers(&self) -> &[f64] {
        std::slice::from_ref(self)
    }
}

impl Numbers for Vec<f64> {
    fn numbers(&self) -> &[f64] {
        self
    }
}

/// Check `finite`: every number of the field is finite (the parser refuses NaN and Infinity,
/// but a state built in Rust could hold them). The error names `"<what> <field>[i]"`.
#[inline(always)]
pub fn finite(what: &str, field: &str, v: &impl Numbers, _n_features: usize) -> Result<()> {
    check_finite(what, field, v.numbers())
}

/// Check `same_len(other)`: the field has as many entries as field `other`; the error says
/// `"<what>: <other> and <field> differ in length"`.
#[inline(always)]
pub fn same_len(
    what: &str,
    field: &str,
    v: &[f64],
    _n_features: usize,
    other_name: &str,
    other: &[f64],
) -> Result<()> {
    if v.len() == other.len() {
        return Ok(());
    }
    differ_in_length(what, other_name, field)
}

#[cold]
#[inline(never)]
fn differ_in_length(what: &str, other: &str, field: &str) -> Result<()> {
    Err(LearnError::BadState(format!(
        "{what}: {other} and{field} differ in length"
    )))
}

/// Check `len`: a vector indexed by feature id is not longer than the vocabulary.
#[inline(always)]
pub fn len<T>(what: &str, field: &str, v: &[T], n_features: usize) -> Result<()> {
    check_len(what, field, v.len(), n_features)
}

/// Declares an estimator's saved state once. From
///
/// ```text
/// saved_state! {
///     /// AdaGrad's learned state.
///     #[derive(Debug, Clone, Default, PartialEq)]
///     struct State {
///         g2: Vec<f64> => [len, finite],
///         n_iterations: u64,
///     }
/// }
/// ```
///
/// it writes the struct and
/// - `to_value(&self) -> Json`: an object of the fields, in the declared order (so the saved
///   text is fixed by the declaration: declare fields in the order the format has them);
///   `into_value(self)` the same, taking the fields (for a record built only to be saved);
/// - `read(f: Fields) -> Result<Self>`: each field by name, in the same order, then
///   [`Fields::finish`] (unknown fields are an error listing the declared ones);
/// - `from_value(v: Json, what: &str) -> Result<Self>`: `read` of `v`, errors prefixed `what`
///   (`"adagrad optimizer"`);
/// - `check(&self, what, n_features) -> Result<()>`: the checks listed after `=>`, in order,
///   each a function of this module ([`len`], [`finite`]) naming `"<what> <field>"` in errors;
///   `load(v, what, n_features)`: `from_value` then `check`;
/// - [`Field`] and [`Object`] for the struct, so it can nest in another's state, alone or in
///   an array.
///
/// The estimator's name is an argument, not part of the type, so estimators with the same
/// state share one type and one reader (AdaGrad and RMSProp). A field's type must implement
/// [`Field`]. Cross-field checks stay by hand, after `read`.
macro_rules! saved_state {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $fvis:vis $field:ident : $ty:ty
                    $(=> [$($check:ident $(($other:ident))?),* $(,)?])?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $( $(#[$fmeta])* $fvis $field: $ty, )*
        }

        // Each state uses the parts it needs: a nested one is never checked alone, a top-level
        // one is read with `from_value` or `read`. The parts are inlined where they are used
        // (once per state): as functions of their own they cost ~2 KB more wasm
        // (docs/perf/2026-12-04-estimator-state.md).
        #[allow(dead_code)]
        impl $name {
            /// This state as a JSON object, fields in their declared order.
            #[inline(always)]
            $vis fn to_value(&self) -> $crate::learn::json::Json {
                $crate::learn::json::obj([$((
                    stringify!($field),
                    $crate::learn::state::Field::to_value(&self.$field),
                )),*])
            }

            /// [`to_value`](Self::to_value), taking the state (a record built to be saved).
            pub(crate) fn into_value(self) -> $crate::learn::json::Json {
                $crate::learn::json::obj([$((
                    stringify!($field),
                    $crate::learn::state::Field::into_value(self.$field),
                )),*])
            }

            /// Reads the state `to_value` wrote from an object its parent opened; refuses
            /// missing, mistyped and unknown fields.
            #[inline(always)]
            $vis fn read(
                mut f: $crate::learn::json::Fields,
            ) -> $crate::learn::Result<$name> {
                let v = $name::read_fields(&mut f)?;
                f.finish()?;
                Ok(v)
            }

            /// The fields of [`read`](Self::read), without [`Fields::finish`]: the reader
            /// stays where it was made (no copy of it in wasm).
            #[inline(always)]
            fn read_fields(
                f: &mut $crate::learn::json::Fields,
            ) -> $crate::learn::Result<$name> {
                Ok($name {
                    $( $field: $crate::learn::state::Field::read(f, stringify!($field))?, )*
                })
            }

            /// Reads the state `to_value` wrote; errors are prefixed `what`.
            #[inline(always)]
            pub(crate) fn from_value(
                v: $crate::learn::json::Json,
                what: &str,
            ) -> $crate::learn::Result<$name> {
                let mut f = $crate::learn::json::Fields::state(what, v)?;
                let st = $name::read_fields(&mut f)?;
                f.finish()?;
                Ok(st)
            }

            /// Replaces `self` with the state `to_value` wrote, read and checked, or changes
            /// nothing and says what is wrong: what `load_state` does.
            pub(crate) fn load(
                &mut self,
                v: $crate::learn::json::Json,
                what: &str,
                n_features: usize,
            ) -> $crate::learn::Result<()> {
                // The shape of a hand-written reader (one reader, no intermediate results): it
                // is what keeps the wasm as small as before.
                let mut f = $crate::learn::json::Fields::state(what, v)?;
                let st = $name {
                    $( $field: $crate::learn::state::Field::read(&mut f, stringify!($field))?, )*
                };
                f.finish()?;
                st.check(what, n_features)?;
                *self = st;
                Ok(())
            }

            /// The declared checks, in order; errors name `"<what> <field>"`.
            #[inline(always)]
            pub(crate) fn check(&self, what: &str, n_features: usize) -> $crate::learn::Result<()> {
                let _ = (what, n_features);
                $($($(
                    $crate::learn::state::$check(
                        what,
                        concat!(" ", stringify!($field)),
                        &self.$field,
                        n_features,
                        $( stringify!($other), &self.$other, )?
                    )?;
                )*)?)*
                Ok(())
            }
        }

        impl $crate::learn::state::Object for $name {
            fn to_value(&self) -> $crate::learn::json::Json {
                $name::to_value(self)
            }
            fn read(f: $crate::learn::json::Fields) -> $crate::learn::Result<$name> {
                $name::read(f)
            }
        }

        impl $crate::learn::state::Field for $name {
            fn to_value(&self) -> $crate::learn::json::Json {
                $name::to_value(self)
            }
            fn read(
                f: &mut $crate::learn::json::Fields,
                name: &'static str,
            ) -> $crate::learn::Result<$name> {
                $name::read(f.object(name)?)
            }
        }
    };
}
pub(crate) use saved_state;

/// `state` and `load_state` of an estimator whose `saved_state!` struct is its field `$st`,
/// named `$what` in errors; for the estimator's trait impl.
macro_rules! state_methods {
    ($st:ident, $what:literal) => {
        fn state(&self) -> $crate::learn::json::Json {
            self.$st.to_value()
        }

        fn load_state(
            &mut self,
            state: $crate::learn::json::Json,
            n_features: usize,
        ) -> $crate::learn::Result<()> {
            self.$st.load(state, $what, n_features)
        }
    };
}
pub(crate) use state_methods;

#[cfg(test)]
mod tests {
    use crate::learn::json::{parse, Json};
    use crate::learn::LearnError;

    saved_state! {
        #[derive(Debug, Clone, Default, PartialEq)]
        struct Probe {
            a: Vec<f64> => [len, finite],
            n: u64,
            b: Vec<f64> => [same_len(a)],
        }
    }

    fn load(text: &str, n_features: usize) -> (Probe, Result<(), String>) {
        let mut p = Probe {
            a: vec![9.0],
            n: 9,
            b: vec![9.0],
        };
        let r = p.load(parse(text).unwrap(), "probe", n_features);
        (p, r.map_err(|e| e.to_string()))
    }

    #[test]
    fn writes_the_declared_order_and_reads_it_back() {
        let p = Probe {
            a: vec![0.5, -1.0],
            n: 3,
            b: vec![2.0, 0.0],
        };
        let text = p.to_value().to_text().unwrap();
        assert_eq!(text, r#"{"a":[0.5,-1.0],"n":3,"b":[2.0,0.0]}"#);
        let (back, r) = load(&text, 2);
        assert_eq!(r, Ok(()));
        assert_eq!(back, p);
        assert_eq!(p.clone().into_value().to_text().unwrap(), text);
    }

    #[test]
    fn bad_state_is_named_and_changes_nothing() {
        let before = load(r#"{"a":[],"n":0,"b":[]}"#, 0).0;
        assert_eq!(before, Probe::default());
        for (text, n_features, want) in [
            (r#"{"a":[1],"n":0}"#, 5, "probe: missing field `b`"),
            (
                r#"{"a":[1],"n":0,"b":[1],"c":1}"#,
                5,
                "probe: unknown field `c`, expected one of `a`, `n`, `b`",
            ),
            (
                r#"{"a":[1],"n":-1,"b":[1]}"#,
                5,
                "probe: `n` must be a non-negative integer, got a number",
            ),
            (
                r#"{"a":[1,2],"n":0,"b":[1,2]}"#,
                1,
                "probe a has 2 entries but the vocabulary has only 1 features",
            ),
            (
                r#"{"a":[1,2],"n":0,"b":[1]}"#,
                5,
                "probe: a and b differ in length",
            ),
        ] {
            let (p, r) = load(text, n_features);
            let e = r.unwrap_err();
            assert!(e.ends_with(want), "{text}: {e}");
            assert_eq!(p.n, 9, "{text}: changed the state");
        }
        // A state built in Rust can hold what the parser refuses.
        let mut p = Probe::default();
        let v = Json::Obj(vec![
            (
                "a".into(),
                Json::Arr(vec![Json::Num(1.0), Json::Num(f64::NAN)]),
            ),
            ("n".into(), Json::U64(0)),
            ("b".into(), Json::Arr(vec![Json::Num(1.0), Json::Num(1.0)])),
        ]);
        let e = p.load(v, "probe", 5).unwrap_err();
        assert!(matches!(e, LearnError::BadState(_)));
        assert!(
            e.to_string().ends_with("probe a[1] is not a finite number"),
            "{e}"
        );
    }
}
