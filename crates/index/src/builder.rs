//! Building an [`Index`] from `(subject, keys)` pairs.

use roaring::RoaringBitmap;

use crate::hash::mix64;
use crate::index::{Entry, Index};
use crate::{Key, SubjectId};

/// Accumulates `(subject, key)` pairs and turns them into an immutable [`Index`].
///
/// [`add`](IndexBuilder::add) may be called any number of times per subject
/// (typically once per name or alias), in any subject order; postings are per
/// subject, i.e. the union over all its calls, with duplicates removed.
///
/// Memory: 12 bytes per added `(subject, key)` pair while building (plus the
/// usual `Vec` growth slack; use [`with_capacity`](IndexBuilder::with_capacity)
/// to avoid it), and [`build`](IndexBuilder::build) sorts in place, so the peak
/// is roughly the pairs plus the finished index.
#[derive(Debug, Clone)]
pub struct IndexBuilder {
    /// `mix64(key)` of every added pair.
    hs: Vec<u64>,
    /// Subject of every added pair (parallel to `hs`).
    subs: Vec<u32>,
    /// Number of subjects: max subject id + 1, or more if declared.
    n_subjects: u32,
    small_max_df: Option<u32>,
}

impl Default for IndexBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl IndexBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        IndexBuilder {
            hs: Vec::new(),
            subs: Vec::new(),
            n_subjects: 0,
            small_max_df: None,
        }
    }

    /// An empty builder with room for `pairs` `(subject, key)` pairs.
    pub fn with_capacity(pairs: usize) -> Self {
        IndexBuilder {
            hs: Vec::with_capacity(pairs),
            subs: Vec::with_capacity(pairs),
            ..Self::new()
        }
    }

    /// Declares that subject ids go up to at least `n - 1`, even if the highest
    /// ids get no keys. [`Index::len_subjects`] is the maximum of this and the
    /// highest added subject + 1. It is the `N` of the idf.
    pub fn set_num_subjects(&mut self, n: u32) -> &mut Self {
        self.n_subjects = self.n_subjects.max(n);
        self
    }

    /// Overrides the posting-representation threshold: keys whose document
    /// frequency is `<= df` are stored as a plain sorted `u32` array, the
    /// others as a roaring bitmap. By default it is chosen from the number of
    /// subjects (see [`default_small_max_df`]).
    pub fn small_max_df(&mut self, df: u32) -> &mut Self {
        self.small_max_df = Some(df);
        self
    }

    /// Adds the keys of one name of `subject`. Duplicate keys (within this
    /// call or across calls for the same subject) are merged.
    ///
    /// # Panics
    /// If `subject == u32::MAX` (ids must be dense, `0..n` with `n < 2^32`).
    pub fn add(&mut self, subject: SubjectId, keys: &[Key]) {
        assert!(subject != u32::MAX, "subject id u32::MAX is reserved");
        self.n_subjects = self.n_subjects.max(subject + 1);
        self.hs.extend(keys.iter().map(|&k| mix64(k)));
        self.subs.extend(std::iter::repeat_n(subject, keys.len()));
    }

    /// Number of `(subject, key)` pairs added so far (before de-duplication).
    pub fn pairs(&self) -> usize {
        self.hs.len()
    }

    /// Builds the index.
    ///
    /// # Panics
    /// If the index exceeds the format limits: more than `u32::MAX` distinct
    /// keys or more than `u32::MAX` postings stored as small arrays.
    pub fn build(self) -> Index {
        let IndexBuilder {
            mut hs,
            mut subs,
            n_subjects,
            small_max_df,
        } = self;
        let small_max_df = small_max_df.unwrap_or_else(|| default_small_max_df(n_subjects));
        let n = hs.len();

        // 1. In-place radix partition on the top bits of mix64(key), two
        //    levels so that each pass keeps few enough write heads to stay in
        //    cache, and each final bucket is small enough to sort in cache.
        let bits1 = bucket_bits(n).min(LEVEL1_BITS);
        let bounds = partition_in_place(&mut hs, &mut subs, 64 - bits1, bits1);

        // 2. Sort each bucket by (key, subject), de-duplicate and emit.
        let mut emit = Emitter {
            small_max_df,
            entries: Vec::new(),
            small: Vec::new(),
            bitmaps: Vec::new(),
            buf: Vec::new(),
            list: Vec::new(),
        };
        for w in bounds.windows(2) {
            let (lo, hi) = (w[0], w[1]);
            if hi - lo <= LEVEL2_MIN {
                emit.bucket(&hs[lo..hi], &subs[lo..hi]);
                continue;
            }
            let bits2 = bucket_bits(hi - lo).min(64 - bits1);
            let sub_bounds = partition_in_place(
                &mut hs[lo..hi],
                &mut subs[lo..hi],
                64 - bits1 - bits2,
                bits2,
            );
            for v in sub_bounds.windows(2) {
                let (a, b) = (lo + v[0], lo + v[1]);
                emit.bucket(&hs[a..b], &subs[a..b]);
            }
        }
        let Emitter {
            mut entries,
            mut small,
            mut bitmaps,
            ..
        } = emit;
        assert!(
            entries.len() <= u32::MAX as usize,
            "more than u32::MAX distinct keys"
        );
        drop(hs);
        drop(subs);
        entries.shrink_to_fit();
        small.shrink_to_fit();
        bitmaps.shrink_to_fit();
        Index::from_parts(n_subjects, small_max_df, entries, small, bitmaps)
    }
}

/// Radix bits of the first partition level (1024 write heads).
const LEVEL1_BITS: u32 = 10;
/// Buckets larger than this get a second partition level.
const LEVEL2_MIN: usize = 8192;

/// Turns sorted buckets of `(mix64(key), subject)` pairs into index parts.
struct Emitter {
    small_max_df: u32,
    entries: Vec<Entry>,
    small: Vec<u32>,
    bitmaps: Vec<RoaringBitmap>,
    buf: Vec<u128>,
    list: Vec<u32>,
}

impl Emitter {
    /// Emits the keys of one bucket; buckets must come in ascending order of
    /// their `mix64(key)` range.
    fn bucket(&mut self, hs: &[u64], subs: &[u32]) {
        if hs.is_empty() {
            return;
        }
        let buf = &mut self.buf;
        buf.clear();
        buf.extend(
            hs.iter()
                .zip(subs)
                .map(|(&h, &s)| (u128::from(h) << 32) | u128::from(s)),
        );
        buf.sort_unstable();
        buf.dedup();
        let mut i = 0;
        while i < buf.len() {
            let h = (buf[i] >> 32) as u64;
            self.list.clear();
            while i < buf.len() && (buf[i] >> 32) as u64 == h {
                self.list.push(buf[i] as u32);
                i += 1;
            }
            let df = self.list.len() as u32;
            let loc = if df <= self.small_max_df {
                let loc = u32::try_from(self.small.len())
                    .expect("more than u32::MAX postings in small arrays");
                self.small.extend_from_slice(&self.list);
                assert!(
                    self.small.len() <= u32::MAX as usize,
                    "more than u32::MAX postings in small arrays"
                );
                loc
            } else {
                let loc = self.bitmaps.len() as u32;
                let mut bm = RoaringBitmap::from_sorted_iter(self.list.iter().copied())
                    .expect("postings are sorted");
                bm.optimize();
                self.bitmaps.push(bm);
                loc
            };
            self.entries.push(Entry { h, df, loc });
        }
    }
}

/// Default threshold between small-array and roaring postings for an index of
/// `n_subjects` subjects.
///
/// A roaring bitmap costs about `24 + 56·c + 2·df` heap bytes, where `c` is the
/// number of 2^16-id containers the postings touch (`min(df, ⌈n/65536⌉)` for
/// ids spread over the whole range), against `4·df` for a plain `u32` array.
/// The break-even is `df ≈ 12 + 28·c`; we use that with `c = ⌈n/65536⌉`,
/// clamped to `8..=4096`. Rare keys — the vast majority — therefore cost
/// exactly 4 bytes per posting, frequent ones ~2 bytes (array containers) down
/// to 1 bit (bitmap containers) per posting.
pub fn default_small_max_df(n_subjects: u32) -> u32 {
    let containers = n_subjects.div_ceil(65_536).max(1);
    (12 + 28 * containers).clamp(8, 4096)
}

fn bucket_bits(n_pairs: usize) -> u32 {
    // Aim for ~256 pairs per bucket; at most 2^20 buckets.
    let target = (n_pairs / 256).max(1);
    (usize::BITS - 1 - target.leading_zeros()).clamp(1, 20)
}

/// American-flag (in-place MSD radix) partition of the parallel arrays on
/// the `bits` bits of `hs` starting at bit `shift`. Returns the `2^bits + 1`
/// bucket boundaries.
fn partition_in_place(hs: &mut [u64], subs: &mut [u32], shift: u32, bits: u32) -> Vec<usize> {
    let nb = 1usize << bits;
    let mask = (nb - 1) as u64;
    let bucket = |h: u64| ((h >> shift) & mask) as usize;
    let mut bounds = vec![0usize; nb + 1];
    for &h in hs.iter() {
        bounds[bucket(h) + 1] += 1;
    }
    for b in 0..nb {
        bounds[b + 1] += bounds[b];
    }
    let mut next: Vec<usize> = bounds[..nb].to_vec();
    for b in 0..nb {
        let end = bounds[b + 1];
        while next[b] < end {
            let i = next[b];
            let mut h = hs[i];
            let mut s = subs[i];
            let mut tb = bucket(h);
            if tb == b {
                next[b] += 1;
                continue;
            }
            // Carry the element to its bucket, picking up the one displaced,
            // until an element that belongs here comes back.
            while tb != b {
                let j = next[tb];
                next[tb] += 1;
                std::mem::swap(&mut h, &mut hs[j]);
                std::mem::swap(&mut s, &mut subs[j]);
                tb = bucket(h);
            }
            hs[i] = h;
            subs[i] = s;
            next[b] += 1;
        }
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_sorts_by_top_bits() {
        let mut x = 7u64;
        let mut hs = Vec::new();
        let mut subs = Vec::new();
        for i in 0..5000u32 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            hs.push(x);
            subs.push(i);
        }
        let orig: std::collections::HashSet<(u64, u32)> =
            hs.iter().copied().zip(subs.iter().copied()).collect();
        let bounds = partition_in_place(&mut hs, &mut subs, 58, 6);
        let after: std::collections::HashSet<(u64, u32)> =
            hs.iter().copied().zip(subs.iter().copied()).collect();
        assert_eq!(orig, after);
        for b in 0..64 {
            for &h in &hs[bounds[b]..bounds[b + 1]] {
                assert_eq!((h >> 58) as usize, b);
            }
        }
    }

    #[test]
    fn default_threshold() {
        assert_eq!(default_small_max_df(0), 40);
        assert_eq!(default_small_max_df(100_000), 68);
        assert_eq!(default_small_max_df(1_000_000), 460);
        assert_eq!(default_small_max_df(10_000_000), 4096);
    }
}
