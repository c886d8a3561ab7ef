//! The immutable index: key dictionary, directory and postings.

use roaring::RoaringBitmap;

use crate::hash::{mix64, unmix64};
use crate::{Key, SubjectId};

/// One dictionary entry, 16 bytes. Entries are sorted by `h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// `mix64(key)`.
    pub(crate) h: u64,
    /// Document frequency: number of subjects having the key (>= 1).
    pub(crate) df: u32,
    /// If `df <= small_max_df`: offset of the postings in `small`;
    /// otherwise index into `bitmaps`.
    pub(crate) loc: u32,
}

/// Estimated heap size of one roaring container header (key + store enum),
/// used by [`Index::stats`].
const ROARING_CONTAINER_BYTES: u64 = 40;

/// An immutable weighted inverted index over opaque `u64` keys.
///
/// Build it with [`IndexBuilder`](crate::IndexBuilder), query it with
/// [`Index::search`], persist it with [`Index::write_to`] / [`Index::read_from`].
/// It is `Send + Sync`: share one index between threads and give each thread
/// its own [`Scratch`](crate::Scratch).
#[derive(Debug, Clone)]
pub struct Index {
    pub(crate) n_subjects: u32,
    pub(crate) small_max_df: u32,
    pub(crate) entries: Vec<Entry>,
    pub(crate) small: Vec<u32>,
    pub(crate) bitmaps: Vec<RoaringBitmap>,
    /// `dir[b]..dir[b + 1]` is the range of entries whose `h >> (64 - dir_bits)` is `b`.
    dir: Vec<u32>,
    dir_bits: u32,
    total_postings: u64,
    /// Per subject, bit `b` set iff it has head key `b` (see [`HEAD_KEYS`]).
    /// Empty if the index has no bitmap keys.
    pub(crate) head_masks: Vec<u64>,
    /// Per bitmap (same order as `bitmaps`): its head bit, or [`NOT_HEAD`].
    pub(crate) head_bit: Vec<u8>,
}

/// Number of "head" keys: the most frequent bitmap keys, whose membership is
/// also kept as one bit in a per-subject `u64` mask.
///
/// Testing a very frequent key for a candidate means touching a random
/// cache line of its bitmap; a query typically holds several such keys
/// (common q-grams), so checking T candidates against K of them costs T·K
/// cache misses. With the mask it costs T misses for all head keys at once,
/// for 8 bytes per subject. The masks are derived data: rebuilt after
/// [`build`](crate::IndexBuilder::build) and [`read_from`](Index::read_from),
/// not stored in snapshots.
pub const HEAD_KEYS: usize = 64;

/// Marker in `head_bit` for bitmaps that are not head keys.
pub(crate) const NOT_HEAD: u8 = u8::MAX;

impl PartialEq for Index {
    /// Logical equality: same subjects, keys, document frequencies and postings
    /// (the directory is derived data).
    fn eq(&self, other: &Self) -> bool {
        self.n_subjects == other.n_subjects
            && self.small_max_df == other.small_max_df
            && self.entries == other.entries
            && self.small == other.small
            && self.bitmaps == other.bitmaps
    }
}

/// The postings of one key: a sorted, duplicate-free list of subjects.
#[derive(Debug, Clone, Copy)]
pub enum Postings<'a> {
    /// Key absent from the index.
    Empty,
    /// Rare key: plain sorted array.
    Small(&'a [u32]),
    /// Frequent key: roaring bitmap.
    Bitmap(&'a RoaringBitmap),
}

impl<'a> Postings<'a> {
    /// Number of subjects (the key's document frequency).
    pub fn len(&self) -> usize {
        match self {
            Postings::Empty => 0,
            Postings::Small(s) => s.len(),
            Postings::Bitmap(b) => b.len() as usize,
        }
    }

    /// `true` if no subject has the key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the postings use the roaring (frequent key) representation.
    pub fn is_bitmap(&self) -> bool {
        matches!(self, Postings::Bitmap(_))
    }

    /// Whether `subject` has the key (binary search or roaring lookup).
    #[inline]
    pub fn contains(&self, subject: SubjectId) -> bool {
        match self {
            Postings::Empty => false,
            Postings::Small(s) => s.binary_search(&subject).is_ok(),
            Postings::Bitmap(b) => b.contains(subject),
        }
    }

    /// Iterates the subjects in ascending order.
    pub fn iter(&self) -> PostingsIter<'a> {
        PostingsIter(match *self {
            Postings::Empty => IterInner::Small([].iter()),
            Postings::Small(s) => IterInner::Small(s.iter()),
            Postings::Bitmap(b) => IterInner::Bitmap(b.iter()),
        })
    }

    /// Calls `f` on every subject in ascending order, in batches (faster than
    /// [`iter`](Postings::iter) for bitmaps). `buf` is a staging buffer.
    #[inline]
    pub(crate) fn for_each_batch(&self, buf: &mut [u32], mut f: impl FnMut(&[u32])) {
        match *self {
            Postings::Empty => {}
            Postings::Small(s) => f(s),
            Postings::Bitmap(b) => {
                let mut it = b.iter();
                loop {
                    let got = it.next_many(buf);
                    if got.is_empty() {
                        break;
                    }
                    f(got);
                }
            }
        }
    }
}

/// Iterator over [`Postings`], ascending subject ids.
#[derive(Clone)]
pub struct PostingsIter<'a>(IterInner<'a>);

impl std::fmt::Debug for PostingsIter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostingsIter").finish_non_exhaustive()
    }
}

#[derive(Clone)]
enum IterInner<'a> {
    Small(std::slice::Iter<'a, u32>),
    Bitmap(roaring::bitmap::Iter<'a>),
}

impl Iterator for PostingsIter<'_> {
    type Item = SubjectId;

    #[inline]
    fn next(&mut self) -> Option<SubjectId> {
        match &mut self.0 {
            IterInner::Small(it) => it.next().copied(),
            IterInner::Bitmap(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            IterInner::Small(it) => it.size_hint(),
            IterInner::Bitmap(it) => it.size_hint(),
        }
    }
}

impl<'a> IntoIterator for Postings<'a> {
    type Item = SubjectId;
    type IntoIter = PostingsIter<'a>;

    fn into_iter(self) -> PostingsIter<'a> {
        self.iter()
    }
}

/// Size and shape of an [`Index`], from [`Index::stats`].
///
/// Byte counts are estimates of heap usage (exact for the flat arrays,
/// approximate for roaring container headers).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexStats {
    /// Number of subjects (`N` of the idf).
    pub subjects: usize,
    /// Number of distinct keys.
    pub keys: usize,
    /// Total number of postings (sum of all document frequencies).
    pub postings: u64,
    /// Largest document frequency.
    pub max_df: u32,
    /// Threshold: keys with `df <= small_max_df` use plain arrays.
    pub small_max_df: u32,
    /// Keys stored as plain sorted `u32` arrays.
    pub small_keys: usize,
    /// Postings stored in plain arrays.
    pub small_postings: u64,
    /// Keys stored as roaring bitmaps.
    pub bitmap_keys: usize,
    /// Postings stored in roaring bitmaps.
    pub bitmap_postings: u64,
    /// Roaring containers over all bitmaps.
    pub bitmap_containers: u64,
    /// Heap bytes of the key dictionary (16 B/key) and its directory.
    pub dictionary_bytes: u64,
    /// Number of head keys (at most [`HEAD_KEYS`]).
    pub head_keys: usize,
    /// Heap bytes of the per-subject head-key masks (8 B/subject).
    pub head_bytes: u64,
    /// Heap bytes of the plain postings arrays (4 B/posting).
    pub small_bytes: u64,
    /// Estimated heap bytes of the roaring bitmaps.
    pub bitmap_bytes: u64,
    /// Total estimated heap bytes.
    pub heap_bytes: u64,
    /// `dictionary_bytes / keys`.
    pub bytes_per_key: f64,
    /// Postings storage only: `(small_bytes + bitmap_bytes) / postings`.
    pub bytes_per_posting: f64,
    /// Everything: `heap_bytes / postings`.
    pub heap_bytes_per_posting: f64,
}

impl Index {
    pub(crate) fn from_parts(
        n_subjects: u32,
        small_max_df: u32,
        entries: Vec<Entry>,
        small: Vec<u32>,
        bitmaps: Vec<RoaringBitmap>,
    ) -> Index {
        let total_postings = entries.iter().map(|e| u64::from(e.df)).sum();
        let (dir, dir_bits) = build_directory(&entries);
        let (head_masks, head_bit) = build_head(n_subjects, small_max_df, &entries, &bitmaps);
        Index {
            n_subjects,
            small_max_df,
            entries,
            small,
            bitmaps,
            dir,
            dir_bits,
            total_postings,
            head_masks,
            head_bit,
        }
    }

    /// Range of entries that may hold mixed key `h`.
    #[inline]
    pub(crate) fn dir_range(&self, h: u64) -> (u32, u32) {
        let b = if self.dir_bits == 0 {
            0
        } else {
            (h >> (64 - self.dir_bits)) as usize
        };
        (self.dir[b], self.dir[b + 1])
    }

    /// Position of the entry with mixed key `h` within `dir_range(h)`.
    #[inline]
    pub(crate) fn find_in(&self, h: u64, (lo, hi): (u32, u32)) -> Option<usize> {
        let lo = lo as usize;
        for (i, e) in self.entries[lo..hi as usize].iter().enumerate() {
            if e.h >= h {
                return (e.h == h).then_some(lo + i);
            }
        }
        None
    }

    /// Position of the entry with mixed key `h`.
    #[inline]
    pub(crate) fn find(&self, h: u64) -> Option<usize> {
        self.find_in(h, self.dir_range(h))
    }

    #[inline]
    pub(crate) fn entry_postings(&self, e: &Entry) -> Postings<'_> {
        if e.df <= self.small_max_df {
            let lo = e.loc as usize;
            Postings::Small(&self.small[lo..lo + e.df as usize])
        } else {
            Postings::Bitmap(&self.bitmaps[e.loc as usize])
        }
    }

    /// Number of subjects: highest subject id + 1 (or the declared count).
    pub fn len_subjects(&self) -> usize {
        self.n_subjects as usize
    }

    /// Number of distinct keys.
    pub fn len_keys(&self) -> usize {
        self.entries.len()
    }

    /// Total number of postings (sum of document frequencies).
    pub fn len_postings(&self) -> u64 {
        self.total_postings
    }

    /// Document frequency of `key`: the number of subjects having it (0 if absent).
    pub fn df(&self, key: Key) -> u32 {
        self.find(mix64(key)).map_or(0, |i| self.entries[i].df)
    }

    /// The subjects having `key`.
    pub fn postings(&self, key: Key) -> Postings<'_> {
        match self.find(mix64(key)) {
            Some(i) => self.entry_postings(&self.entries[i]),
            None => Postings::Empty,
        }
    }

    /// Inverse document frequency used in scores: `ln(1 + N / df)` with
    /// `N = len_subjects()`, computed in `f64` and rounded to `f32`.
    /// `idf(0)` is defined as `ln(1 + N)` (never used for scoring).
    ///
    /// This is the BM25 idf shape without its negative region: a key held by
    /// every subject still scores `ln 2 ≈ 0.69`, a unique key `ln(1 + N)`
    /// (≈ 13.8 at N = 10^6).
    #[inline]
    pub fn idf(&self, df: u32) -> f32 {
        let n = f64::from(self.n_subjects);
        (1.0 + n / f64::from(df.max(1))).ln() as f32
    }

    /// All `(key, df)` pairs, in dictionary order (by `mix64(key)`, i.e.
    /// pseudo-random with respect to the key).
    pub fn keys(&self) -> impl Iterator<Item = (Key, u32)> + '_ {
        self.entries.iter().map(|e| (unmix64(e.h), e.df))
    }

    /// Size and memory statistics.
    pub fn stats(&self) -> IndexStats {
        let mut small_keys = 0usize;
        let mut small_postings = 0u64;
        let mut max_df = 0u32;
        for e in &self.entries {
            max_df = max_df.max(e.df);
            if e.df <= self.small_max_df {
                small_keys += 1;
                small_postings += u64::from(e.df);
            }
        }
        let mut bitmap_containers = 0u64;
        let mut bitmap_store_bytes = 0u64;
        for b in &self.bitmaps {
            let s = b.statistics();
            bitmap_containers += u64::from(s.n_containers);
            bitmap_store_bytes +=
                s.n_bytes_array_containers + s.n_bytes_bitset_containers + s.n_bytes_run_containers;
        }
        let dictionary_bytes = (self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.dir.capacity() * 4) as u64;
        let small_bytes = (self.small.capacity() * 4) as u64;
        let bitmap_bytes = (self.bitmaps.capacity() * std::mem::size_of::<RoaringBitmap>()) as u64
            + bitmap_containers * ROARING_CONTAINER_BYTES
            + bitmap_store_bytes;
        let head_bytes = (self.head_masks.capacity() * 8 + self.head_bit.capacity()) as u64;
        let heap_bytes = dictionary_bytes + small_bytes + bitmap_bytes + head_bytes;
        let postings = self.total_postings;
        let per = |num: u64, den: u64| {
            if den == 0 {
                0.0
            } else {
                num as f64 / den as f64
            }
        };
        IndexStats {
            subjects: self.len_subjects(),
            keys: self.entries.len(),
            postings,
            max_df,
            small_max_df: self.small_max_df,
            small_keys,
            small_postings,
            bitmap_keys: self.bitmaps.len(),
            bitmap_postings: postings - small_postings,
            bitmap_containers,
            dictionary_bytes,
            head_keys: self.head_bit.iter().filter(|&&b| b != NOT_HEAD).count(),
            head_bytes,
            small_bytes,
            bitmap_bytes,
            heap_bytes,
            bytes_per_key: per(dictionary_bytes, self.entries.len() as u64),
            bytes_per_posting: per(small_bytes + bitmap_bytes, postings),
            heap_bytes_per_posting: per(heap_bytes, postings),
        }
    }
}

/// Picks the [`HEAD_KEYS`] most frequent bitmap keys (ties by dictionary
/// order) and builds the per-subject masks.
fn build_head(
    n_subjects: u32,
    small_max_df: u32,
    entries: &[Entry],
    bitmaps: &[RoaringBitmap],
) -> (Vec<u64>, Vec<u8>) {
    let mut big: Vec<(u32, u32)> = entries
        .iter()
        .filter(|e| e.df > small_max_df)
        .map(|e| (e.df, e.loc))
        .collect();
    let mut head_bit = vec![NOT_HEAD; bitmaps.len()];
    if big.is_empty() {
        return (Vec::new(), head_bit);
    }
    big.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    big.truncate(HEAD_KEYS);
    let mut masks = vec![0u64; n_subjects as usize];
    for (bit, &(_, loc)) in big.iter().enumerate() {
        head_bit[loc as usize] = bit as u8;
        let m = 1u64 << bit;
        for s in &bitmaps[loc as usize] {
            masks[s as usize] |= m;
        }
    }
    (masks, head_bit)
}

/// Directory over the top bits of `h`: about two entries per slot, so a
/// lookup reads one directory word and one or two cache lines of entries.
fn build_directory(entries: &[Entry]) -> (Vec<u32>, u32) {
    let n = entries.len();
    let dir_bits = if n < 4 {
        0
    } else {
        (usize::BITS - 1 - (n / 2).leading_zeros()).min(32)
    };
    let slots = 1usize << dir_bits;
    let mut dir = Vec::with_capacity(slots + 1);
    let mut i = 0usize;
    for b in 0..slots {
        while i < n && dir_bits != 0 && ((entries[i].h >> (64 - dir_bits)) as usize) < b {
            i += 1;
        }
        dir.push(i as u32);
    }
    dir.push(n as u32);
    (dir, dir_bits)
}
