//! A small, serializable Mersenne Twister (MT19937) with the exact draws River's models make.
//!
//! River seeds its randomness two ways, and rivulet reproduces both bit for bit so that a
//! seeded rivulet model makes the same random choices as the seeded River model:
//!
//! - `numpy.random.RandomState(seed)` (River's `optim.initializers.Normal`, used for the
//!   factorization machine's latent vectors): [`Mt19937::numpy`] seeds with `init_genrand`,
//!   and [`Mt19937::numpy_normal`] is numpy's legacy polar Box–Muller `normal(loc, scale)`,
//!   including its cached second value.
//! - Python's `random.Random(seed)` (River's Mondrian trees and forests): [`Mt19937::python`]
//!   seeds with `init_by_array` over the seed's 32-bit words, and [`Mt19937::random`],
//!   [`Mt19937::uniform`], [`Mt19937::randint`], [`Mt19937::choice_weighted`] are the
//!   CPython algorithms for `random()`, `uniform(a, b)`, `randint(a, b)` and
//!   `choices(population, weights, k=1)`.
//!
//! The whole state (624 words, position, cached normal) is plain data and serializes to JSON,
//! so `serialize → deserialize` continues the exact same sequence. No `rand` dependency: the
//! wasm build stays lean.
//!
//! ```
//! use rivulet::learn::rng::Mt19937;
//! let mut a = Mt19937::python(42);
//! let first = a.random();
//! assert!((0.0..1.0).contains(&first));
//! let text = a.to_value().to_text().unwrap();
//! let v = rivulet::learn::json::parse(&text).unwrap();
//! let mut b = Mt19937::read(rivulet::learn::json::Fields::state("rng", v).unwrap()).unwrap();
//! assert_eq!(a.random(), b.random());
//! ```

use crate::learn::state::saved_state;

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

saved_state! {
    /// MT19937 state plus numpy's cached Gaussian, saved as
    /// `{"gauss": ..., "has_gauss": ..., "index": ..., "mt": [...]}` (`to_value`, `read`); check
    /// [`Mt19937::is_valid`] after `read`.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Mt19937 {
        /// numpy's legacy `gauss` cache: the second value of the last polar pair, if unused
        /// (`has_gauss`); 0 otherwise. No nulls in the serialized state.
        gauss: f64,
        has_gauss: bool,
        index: usize,
        mt: Vec<u32>,
    }
}

impl Mt19937 {
    fn init_genrand(s: u32) -> Self {
        let mut mt = vec![0u32; N];
        mt[0] = s;
        for i in 1..N {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        Mt19937 {
            mt,
            index: N,
            has_gauss: false,
            gauss: 0.0,
        }
    }

    /// As `numpy.random.RandomState(seed)`.
    pub fn numpy(seed: u32) -> Self {
        Self::init_genrand(seed)
    }

    /// As Python's `random.Random(seed)` for a non-negative integer seed.
    pub fn python(seed: u64) -> Self {
        let key: Vec<u32> = if seed >> 32 == 0 {
            vec![seed as u32]
        } else {
            vec![seed as u32, (seed >> 32) as u32]
        };
        Self::init_by_array(&key)
    }

    fn init_by_array(key: &[u32]) -> Self {
        let mut s = Self::init_genrand(19_650_218);
        let mt = &mut s.mt;
        let (mut i, mut j) = (1usize, 0usize);
        let mut k = N.max(key.len());
        while k > 0 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
            k -= 1;
        }
        k = N - 1;
        while k > 0 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            k -= 1;
        }
        mt[0] = 0x8000_0000;
        s
    }

    /// True when the state has the shape MT19937 needs (checked after deserialization).
    pub fn is_valid(&self) -> bool {
        self.mt.len() == N && self.index <= N && self.gauss.is_finite()
    }

    fn twist(&mut self) {
        let mt = &mut self.mt;
        for kk in 0..N {
            let y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK);
            let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
            mt[kk] = mt[(kk + M) % N] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    /// The next 32 random bits (`genrand_uint32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// A double in [0, 1) with 53 random bits: Python's `random()`, numpy's `random_sample()`.
    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// numpy's legacy `RandomState.normal(loc, scale)` for one value (polar method, cached pair).
    pub fn numpy_normal(&mut self, loc: f64, scale: f64) -> f64 {
        let g = if self.has_gauss {
            self.has_gauss = false;
            std::mem::take(&mut self.gauss)
        } else {
            loop {
                let x1 = 2.0 * self.random() - 1.0;
                let x2 = 2.0 * self.random() - 1.0;
                let r2 = x1 * x1 + x2 * x2;
                if r2 < 1.0 && r2 != 0.0 {
                    let f = (-2.0 * r2.ln() / r2).sqrt();
                    self.gauss = f * x1;
                    self.has_gauss = true;
                    break f * x2;
                }
            }
        };
        loc + scale * g
    }

    /// Python's `getrandbits(k)` for 1 ≤ k ≤ 32.
    fn getrandbits(&mut self, k: u32) -> u32 {
        debug_assert!((1..=32).contains(&k));
        self.next_u32() >> (32 - k)
    }

    /// Python's `randint(a, b)` (inclusive) through `_randbelow_with_getrandbits`.
    /// The span `b - a + 1` must fit in 32 bits.
    pub fn randint(&mut self, a: i64, b: i64) -> i64 {
        let n = (b - a + 1) as u64;
        debug_assert!(n > 0 && n <= u32::MAX as u64);
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.getrandbits(k) as u64;
            if r < n {
                return a + r as i64;
            }
        }
    }

    /// Python's `uniform(a, b)`: `a + (b - a) * random()`.
    pub fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// Python's `choices(range(len(weights)), weights, k=1)[0]`: the index whose cumulative
    /// weight first exceeds `random() * total` (bisect_right over the cumulative sums, capped at
    /// the last index). `weights` must be non-empty with a positive, finite total.
    pub fn choice_weighted(&mut self, weights: &[f64]) -> usize {
        let mut cum = Vec::with_capacity(weights.len());
        let mut acc = 0.0;
        for &w in weights {
            acc += w;
            cum.push(acc);
        }
        let target = self.random() * acc;
        let hi = weights.len() - 1;
        // bisect_right(cum, target, 0, hi)
        let (mut lo, mut hi) = (0usize, hi);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if target < cum[mid] {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_mt19937_first_output() {
        // The reference implementation's published first output for init_genrand(5489).
        let mut r = Mt19937::init_genrand(5489);
        assert_eq!(r.next_u32(), 3_499_211_612);
    }

    #[test]
    fn choice_weighted_respects_zero_weights() {
        let mut r = Mt19937::python(1);
        for _ in 0..200 {
            let i = r.choice_weighted(&[0.0, 2.0, 0.0, 1.0]);
            assert!(i == 1 || i == 3, "picked {i}");
        }
    }

    #[test]
    fn randint_stays_in_range() {
        let mut r = Mt19937::python(7);
        for _ in 0..1000 {
            let v = r.randint(0, 9_999_999);
            assert!((0..=9_999_999).contains(&v));
        }
    }
}
