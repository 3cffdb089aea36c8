/// Feature hashing for unbounded vocabularies: a name is mapped to one of `n_features` buckets
/// by 32-bit MurmurHash3 (x86_32) of its UTF-8 bytes with a seed; with `alternate_sign` the value
/// is negated when the hash is negative as an `i32` (the "hashing trick" of Weinberger et al.,
/// as in River's / scikit-learn's `FeatureHasher`). Values landing in the same bucket are summed.
/// Memory is bounded by `n_features` whatever the stream.
///
/// ```
/// use rivulet::learn::preprocessing::FeatureHasher;
/// let h = FeatureHasher::new(1 << 10, 0, true).unwrap();
/// let (b, s) = h.bucket("blue_champ_157");
/// assert!(b < 1024 && (s == 1.0 || s == -1.0));
/// assert_eq!(h.bucket("blue_champ_157"), (b, s)); // deterministic
/// let mut out = Vec::new();
/// h.transform_one(&[("a", 1.0), ("a", 2.0)], &mut out);
/// assert_eq!(out.len(), 1);
/// assert_eq!(out[0].1.abs(), 3.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureHasher {
    n_features: u32,
    seed: u32,
    alternate_sign: bool,
}

impl FeatureHasher {
    /// A hasher into `n_features` ≥ 1 buckets.
    pub fn new(n_features: u32, seed: u32, alternate_sign: bool) -> Result<Self, String> {
        if n_features == 0 {
            return Err("n_features must be at least 1".into());
        }
        Ok(FeatureHasher {
            n_features,
            seed,
            alternate_sign,
        })
    }

    /// The bucket of `name` and the sign its value gets.
    pub fn bucket(&self, name: &str) -> (u32, f64) {
        let h = murmur3_32(name.as_bytes(), self.seed);
        let sign = if self.alternate_sign && (h as i32) < 0 {
            -1.0
        } else {
            1.0
        };
        ((h as i32).unsigned_abs() % self.n_features, sign)
    }

    /// Hashes named values into `(bucket, value)` pairs, summing collisions, in first-seen order.
    pub fn transform_one<S: AsRef<str>>(&self, x: &[(S, f64)], out: &mut Vec<(u32, f64)>) {
        let start = out.len();
        for (name, v) in x {
            let (b, s) = self.bucket(name.as_ref());
            match out[start..].iter_mut().find(|f| f.0 == b) {
                Some(f) => f.1 += s * v,
                None => out.push((b, s * v)),
            }
        }
    }
}

/// MurmurHash3, x86 32-bit variant.
fn murmur3_32(data: &[u8], seed: u32) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let mut h = seed;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let mut k = 0u32;
        for (i, b) in tail.iter().enumerate() {
            k |= u32::from(*b) << (8 * i);
        }
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
    }
    h ^= data.len() as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

#[cfg(test)]
mod tests {
    #[test]
    fn murmur3_known_vectors() {
        // Published test vectors of MurmurHash3_x86_32.
        assert_eq!(super::murmur3_32(b"", 0), 0);
        assert_eq!(super::murmur3_32(b"", 1), 0x514E_28B7);
        assert_eq!(super::murmur3_32(b"hello", 0), 0x248B_FA47);
        assert_eq!(super::murmur3_32(b"Hello, world!", 1234), 0xFAF6_CDB3);
    }
}
