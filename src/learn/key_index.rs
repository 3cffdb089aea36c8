//! The vocabulary's key → id index, shaped for the per-key work of `Model::resolve`.
//!
//! Every key is reduced once to a [`Key`]: its length, its one-hot flag and two words that,
//! for a key of at most 16 bytes, hold all of its bytes (the first and last 8, overlapping).
//! The index keeps the same three numbers per id in `heads`, so whether an id *is* a key —
//! for a hash hit, or for the id `predict_one` gave the same place of `x` when `learn_one`
//! reuses it — takes three comparisons and no string compare call. Longer keys are also
//! checked against their text.
//! The hash table holds bare ids, found by the key's hash and confirmed against `heads`.

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

/// A key reduced for lookups (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key<'a> {
    text: &'a str,
    sig: Sig,
}

/// A key's tag (length and one-hot flag) and words: with the text of a key longer than 16
/// bytes, all there is to know to tell keys apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sig {
    tag: u32,
    w0: u64,
    w1: u64,
}

/// The one-hot flag in a tag (bit 31); bits 0–30 hold the key's length.
const ONE_HOT: u32 = 1 << 31;

impl<'a> Key<'a> {
    /// Longest key an index holds (its length must fit beside the one-hot flag).
    pub(crate) const MAX_LEN: usize = (ONE_HOT - 1) as usize;

    /// `text` as a numeric key (`cat = false`) or a one-hot key `name=value` (`cat = true`).
    #[inline]
    pub(crate) fn new(text: &'a str, cat: bool) -> Key<'a> {
        let b = text.as_bytes();
        let n = b.len();
        let word = |i: usize| {
            b.get(i..i + 8)
                .and_then(|w| w.try_into().ok())
                .map_or(0, u64::from_le_bytes)
        };
        let half = |i: usize| {
            b.get(i..i + 4)
                .and_then(|w| w.try_into().ok())
                .map_or(0, u32::from_le_bytes)
        };
        // With the length, (w0, w1) determines a key of ≤ 16 bytes.
        let (w0, w1) = if n >= 8 {
            (word(0), word(n - 8))
        } else if n >= 4 {
            (u64::from(half(0)) | u64::from(half(n - 4)) << 32, 0)
        } else if n > 0 {
            let (lo, mid, hi) = (b[0], b[n / 2], b[n - 1]);
            (u64::from(lo) | u64::from(mid) << 8 | u64::from(hi) << 16, 0)
        } else {
            (0, 0)
        };
        // A length past MAX_LEN wraps; such a key is never pushed, and long keys compare text.
        let tag = (n as u32 & !ONE_HOT) | if cat { ONE_HOT } else { 0 };
        Key {
            text,
            sig: Sig { tag, w0, w1 },
        }
    }

    /// Whether the key is longer than its words (its text tells it apart, not its `Sig`).
    pub(crate) fn is_long(&self) -> bool {
        self.text.len() > 16
    }

    /// 64-bit hash: a folded multiply of the words for a short key, rustc-hash of the text for
    /// a long one. The one-hot flag is not hashed (a key is found whatever its type).
    #[inline]
    fn hash(&self) -> u64 {
        if self.is_long() {
            return FxBuildHasher.hash_one(self.text);
        }
        // A folded multiply (as rustc-hash's, for its short strings): the full 128-bit product
        // of the two words, its halves xored.
        let Sig { tag, w0, w1 } = self.sig;
        let p = u128::from(w0 ^ 0x243f_6a88_85a3_08d3)
            * u128::from(w1 ^ 0x1319_8a2e_0370_7344 ^ u64::from(tag & !ONE_HOT) << 40);
        (p as u64) ^ (p >> 64) as u64
    }
}

/// The hash of key `id`, when the table grows.
fn rehash(heads: &[Sig], long: &FxHashMap<u32, Box<str>>, id: u32) -> u64 {
    let sig = heads[id as usize];
    let text = long.get(&id).map_or("", |t| t);
    Key { text, sig }.hash()
}

/// The key → id index (see the module docs). Ids are given in order, from 0.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex {
    ids: HashTable<u32>,
    heads: Vec<Sig>,
    long: FxHashMap<u32, Box<str>>,
}

impl KeyIndex {
    /// Whether `id` is `key`, of the same type (false for an unknown id).
    #[inline(always)]
    pub(crate) fn is(&self, id: u32, key: &Key<'_>) -> bool {
        match self.heads.get(id as usize) {
            Some(h) => *h == key.sig && (!key.is_long() || self.long_is(id, key.text)),
            None => false,
        }
    }

    /// If `id` is `key`'s text: whether it is a one-hot key (which may differ from `key`'s).
    #[inline(always)]
    fn type_of(&self, id: u32, key: &Key<'_>) -> Option<bool> {
        let h = self.heads.get(id as usize)?;
        let same = (h.tag ^ key.sig.tag) & !ONE_HOT == 0
            && (h.w0, h.w1) == (key.sig.w0, key.sig.w1)
            && (!key.is_long() || self.long_is(id, key.text));
        same.then_some(h.tag & ONE_HOT != 0)
    }

    /// Whether the long key `id` is `text`.
    #[cold]
    fn long_is(&self, id: u32, text: &str) -> bool {
        self.long.get(&id).is_some_and(|t| **t == *text)
    }

    /// The id of `key`'s text, and whether it was learnt as a one-hot key (which may differ
    /// from `key`'s type).
    #[inline(always)]
    pub(crate) fn find(&self, key: &Key<'_>) -> Option<(u32, bool)> {
        let mut cat = false;
        let id = *self.ids.find(key.hash(), |&id| {
            self.type_of(id, key).map(|c| cat = c).is_some()
        })?;
        Some((id, cat))
    }

    /// The id of `key`, of `key`'s type: one table probe, each candidate confirmed by its
    /// three numbers.
    #[inline(always)]
    pub(crate) fn find_exact(&self, key: &Key<'_>) -> Option<u32> {
        self.ids.find(key.hash(), |&id| self.is(id, key)).copied()
    }

    /// The id of `text` (of either type).
    pub(crate) fn get(&self, text: &str) -> Option<u32> {
        self.find(&Key::new(text, false)).map(|(id, _)| id)
    }

    /// Marks key `id` as one-hot (its text stays where it is: the flag is not hashed).
    pub(crate) fn set_one_hot(&mut self, id: u32) {
        if let Some(h) = self.heads.get_mut(id as usize) {
            h.tag |= ONE_HOT;
        }
    }

    /// Adds a key that is not in the index yet (of either type) as the next id, which it
    /// returns. Keys longer than [`Key::MAX_LEN`] are for the caller to refuse.
    pub(crate) fn push(&mut self, text: &str, cat: bool) -> u32 {
        debug_assert!(text.len() <= Key::MAX_LEN && self.get(text).is_none());
        let id = self.heads.len() as u32;
        let key = Key::new(text, cat);
        self.heads.push(key.sig);
        let hash = key.hash();
        if key.is_long() {
            self.long.insert(id, text.into());
        }
        let (heads, long) = (&self.heads, &self.long);
        self.ids
            .insert_unique(hash, id, |&id| rehash(heads, long, id));
        id
    }
}

#[cfg(test)]
mod tests {
    use super::{rehash, Key, KeyIndex};

    /// Keys of every length 0..40 (each differing from the others), and some like real ones.
    fn keys() -> Vec<String> {
        (0..40)
            .map(|n| (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect())
            .chain(["hour", "mode=ARAM", "blue_champ_157", "pair=blue_1_2|red_3"].map(String::from))
            .collect()
    }

    #[test]
    fn key_words_tell_apart_keys_that_differ_in_any_byte() {
        // Same length, one byte changed at every position: the words or the text differ.
        for k in keys() {
            for i in 0..k.len() {
                let mut b = k.clone().into_bytes();
                b[i] ^= 1;
                let other = String::from_utf8(b).unwrap();
                let (a, o) = (Key::new(&k, false), Key::new(&other, false));
                assert!(k.len() > 16 || a.sig != o.sig, "{k:?} byte {i}");
                let mut idx = KeyIndex::default();
                let id = idx.push(&k, false);
                assert!(idx.is(id, &a) && !idx.is(id, &o), "{k:?} byte {i}");
            }
        }
    }

    #[test]
    fn finds_keys_of_every_length_and_type_and_nothing_else() {
        let keys = keys();
        let mut idx = KeyIndex::default();
        for (id, k) in keys.iter().enumerate() {
            assert_eq!(idx.get(k), None);
            assert_eq!(idx.push(k, id % 3 == 0), id as u32);
        }
        for (id, k) in keys.iter().enumerate() {
            let (id, cat) = (id as u32, id % 3 == 0);
            let key = Key::new(k, cat);
            assert_eq!(idx.find(&key), Some((id, cat)), "{k:?}");
            assert_eq!(
                idx.find(&Key::new(k, !cat)),
                Some((id, cat)),
                "{k:?} as the other type"
            );
            assert!(idx.is(id, &key) && !idx.is(id, &Key::new(k, !cat)), "{k:?}");
            assert!(!idx.is(id + 1, &key), "{k:?} as id {}", id + 1);
            let mut longer = k.clone();
            longer.push('!');
            assert_eq!(idx.get(&longer), None, "{longer:?}");
            assert!(!idx.is(id, &Key::new(&longer, cat)), "{longer:?}");
            if let Some(shorter) = k.get(..k.len().saturating_sub(1)).filter(|_| !k.is_empty()) {
                assert!(!idx.is(id, &Key::new(shorter, cat)), "{shorter:?}");
            }
        }
        assert_eq!(idx.get("mode=URF"), None);
        assert_eq!(idx.get("blue_champ_158"), None);
        assert_eq!(idx.get("pair=blue_1_2|red_4"), None);
    }

    #[test]
    fn keeps_keys_whose_hash_is_taken() {
        // Simulate a 64-bit hash collision: "zeta"'s hash already leads to another key.
        let long = "zeta_is_a_key_longer_than_16_bytes";
        for (zeta, cat) in [("zeta", true), (long, false)] {
            let mut idx = KeyIndex::default();
            idx.push("alpha", false);
            let (heads, texts) = (&idx.heads, &idx.long);
            idx.ids.insert_unique(Key::new(zeta, cat).hash(), 0, |&id| {
                rehash(heads, texts, id)
            });
            assert_eq!(idx.push(zeta, cat), 1);
            assert_eq!(idx.find(&Key::new(zeta, cat)), Some((1, cat)));
            assert!(idx.is(1, &Key::new(zeta, cat)));
            assert_eq!(idx.find(&Key::new("alpha", false)), Some((0, false)));
            assert_eq!(idx.get("beta"), None);
            assert_eq!(idx.get(&long[..20]), None);
        }
    }
}
