/// The key of a one-hot encoded categorical value: `name=value`.
///
/// ```
/// assert_eq!(rivulet::learn::preprocessing::one_hot_key("mode", "ARAM"), "mode=ARAM");
/// ```
pub fn one_hot_key(name: &str, value: &str) -> String {
    let mut k = String::with_capacity(name.len() + 1 + value.len());
    k.push_str(name);
    k.push('=');
    k.push_str(value);
    k
}

/// One-hot encoding of string values: a feature `name → "value"` becomes the feature
/// `"name=value" → 1.0`; numeric features pass through unchanged. Absent categories are simply
/// absent (sparse), so a category seen for the first time mid-stream is a new feature.
/// (River's `OneHotEncoder` uses `name_value`; rivulet uses `=` as the issue specifies.)
///
/// ```
/// use rivulet::learn::preprocessing::OneHotEncoder;
/// use rivulet::learn::FeatureValue;
/// let mut out = Vec::new();
/// OneHotEncoder::encode(&[("mode", FeatureValue::Cat("ARAM")), ("hour", FeatureValue::Num(21.5))], &mut out);
/// assert_eq!(out, vec![("mode=ARAM".to_string(), 1.0), ("hour".to_string(), 21.5)]);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct OneHotEncoder;

impl OneHotEncoder {
    /// Appends the encoded `(key, value)` pairs of `x` to `out`.
    pub fn encode<S: AsRef<str>>(
        x: &[(S, crate::learn::FeatureValue<'_>)],
        out: &mut Vec<(String, f64)>,
    ) {
        for (name, v) in x {
            match v {
                crate::learn::FeatureValue::Num(n) => out.push((name.as_ref().to_string(), *n)),
                crate::learn::FeatureValue::Cat(c) => {
                    out.push((one_hot_key(name.as_ref(), c), 1.0))
                }
            }
        }
    }
}
