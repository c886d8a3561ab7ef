//! Generic weighted inverted index over opaque `u64` keys, used for candidate
//! retrieval when screening a person against a watchlist of 10^6–10^7 subjects.
//!
//! The crate knows nothing about names: another crate turns each watchlist
//! name into keys (q-grams, phonetic codes, consonant skeletons, variant-group
//! ids, token-pair keys, document-number keys, ...) and feeds them to an
//! [`IndexBuilder`]; at query time it turns the query name into weighted,
//! grouped [`QueryKey`]s and calls [`Index::search`], which returns the
//! best-scoring subjects for the expensive, exact comparison that follows.
//! Everything here is pure and synchronous; an [`Index`] is immutable and
//! `Sync`, and each thread brings its own [`Scratch`].
//!
//! # Scoring
//!
//! For a query of keys `q` with weight `w(q)` and group `g(q)`, subject `s`
//! scores
//!
//! ```text
//! score(s) = Σ_groups G  max { w(q) · idf(df(q)) : q ∈ G, s has key q }
//! idf(df)  = ln(1 + N / df)          N = number of subjects
//! ```
//!
//! Groups with no matched key contribute nothing; `groups_matched` counts the
//! others. The sum runs over groups in ascending group id, in `f32`, so scores
//! are bit-for-bit reproducible. Non-positive weights contribute 0 (but match).
//!
//! **Why max per group.** One query element (a token, say) produces many keys
//! that are largely redundant: its q-grams, its phonetic code, its skeleton,
//! its variant-group id. Summing them would let a single well-matched token
//! outweigh several tokens matched once, and would make scores depend on how
//! many key kinds the key generator emits. Taking the best key per group
//! makes each query element vote once, with the strength of its best evidence,
//! so the score approximates "how many query elements are present, weighted by
//! rarity", which is what candidate retrieval needs.
//!
//! **Why this idf.** `ln(1 + N/df)` is the BM25 idf shape without its negative
//! region: a key held by half the list still scores `ln 3 ≈ 1.1`, a unique key
//! `ln(1 + N)` (13.8 at N = 10^6). Rare evidence dominates, common evidence is
//! never harmful.
//!
//! # Enumeration: the df cap
//!
//! A key whose document frequency exceeds [`SearchOptions::max_enumerate_df`]
//! is *common*: its postings list is not walked to create candidates. Common
//! keys only add score to subjects that some rarer query key found (by a
//! membership test, or by scanning the list against a visited bitset,
//! whichever is cheaper). Walking a key held by 30% of a 10^7 list would cost
//! milliseconds and every subject it reaches is a poor candidate anyway (its
//! idf is tiny); the cap keeps the work per query proportional to the rare
//! evidence, while scores stay exact for every subject that is returned.
//!
//! If *all* matched query keys are common, the query would find nothing, so
//! the rarest keys are enumerated instead: ascending `(df, key)`, the rarest
//! always, each further one while the enumerated postings stay within
//! [`SearchOptions::fallback_max_postings`]. A query with at least one indexed
//! key therefore always gets candidates.
//!
//! # Search algorithm
//!
//! 1. **Resolve** each query key in the dictionary (see Storage); keys absent
//!    from the index are ignored. Keys with `df <= max_enumerate_df` (or the
//!    fallback's choice) are *enumerated*, the others are *common*.
//! 2. **Candidates**: the enumerated keys' postings are OR-ed into a visited
//!    bitset held in [`Scratch`] (1 bit per subject, L2-resident at 10^6),
//!    collecting new subjects in a list. The list is then put in ascending
//!    order (sorted, or re-read from the bitset when that is cheaper) and a
//!    rank directory (candidates before each bitset word) is filled, so the
//!    *slot* of a candidate — its index in the list — is one popcount away.
//!    All further per-candidate state is indexed by slot: compact and walked
//!    in order, with no cache misses on N-sized arrays.
//! 3. **Scoring** keeps one row of `f32` per query group holding, per slot, the
//!    best contribution seen so far (`-∞` = no match). Every key only does
//!    `row[slot] = max(row[slot], w·idf)` for the candidates it matches, so
//!    keys can be applied in any order. Enumerated keys walk their postings;
//!    a common key uses the cheapest of scanning its postings against the
//!    bitset, probing each candidate, or a roaring intersection with the
//!    candidates' bitmap (a small cost model decides); the 64 most frequent
//!    keys of the index use the per-subject head masks instead (one load per
//!    candidate answers all of them). Finally each slot's score is the sum of
//!    its rows in ascending group order, bit-for-bit the documented formula.
//!    If groups × candidates exceeds 4M cells, slots are processed in chunks.
//! 4. **Top-`limit`** with `select_nth_unstable_by`, then sorted by score
//!    descending, subject ascending.
//!
//! Cost is dominated by the number of candidates (≈ postings enumerated) times
//! the number of query groups and common keys, which is why the df cap is the
//! main tuning knob: on the synthetic benchmark (`examples/bench_index.rs`,
//! 30 Zipf-distributed keys per subject, 30-key queries) at 10^6 subjects, a
//! cap of N/4000 gives a median of ~50 µs, N/1000 ~95 µs (p99 ~200 µs),
//! N/200 ~270 µs and N/50 ~750 µs.
//! [`Scratch::last_stats`] reports the work done by the last query.
//!
//! # Storage
//!
//! * **Dictionary**: 16-byte entries `(mix64(key), df, loc)` sorted by
//!   `mix64(key)`, where `mix64` is the bijective MurmurHash3 finaliser, plus a
//!   directory of `u32` offsets on the top bits of the mixed value (~2 entries
//!   per slot, 2 bytes/key). A lookup is one directory read and one or two
//!   cache lines, whatever the structure of the caller's keys, instead of the
//!   ~13 cache misses of a binary search over 2·10^7 keys; the directory is
//!   rebuilt in one linear pass at load, much faster than filling a hash map.
//! * **Postings**: keys with `df <= small_max_df` (the vast majority: most keys
//!   are rare) are stored as plain sorted `u32` runs in one shared arena, at
//!   exactly 4 bytes per posting and no per-key overhead. Frequent keys use
//!   [roaring](https://roaringbitmap.org) bitmaps: array containers cost 2
//!   bytes per posting and bitmap containers as little as 1 bit, membership is
//!   O(1)–O(log), iteration and intersection are fast (SIMD merges), and the
//!   serialized form is the standard portable format. But each bitmap carries
//!   roughly `24 + 56·containers` bytes of headers, which would dominate for
//!   the millions of keys held by a handful of subjects, so small keys stay
//!   plain arrays. The threshold ([`default_small_max_df`]) is the in-memory
//!   break-even `12 + 28·⌈N/65536⌉`, clamped to 8..=4096 (460 at N = 10^6).
//!   Measured on the benchmark at N = 10^6 (29M postings, 9.8M keys): 4.7
//!   bytes per posting for the postings and 11 for the whole index with its
//!   dictionary (305 MiB); with a threshold of 8 instead, 8.2 and 14.4
//!   (401 MiB), and loading is 40% slower (2M roaring containers to allocate).
//! * **Head masks**: the [`HEAD_KEYS`] (64) most frequent keys additionally
//!   get one bit in a per-subject `u64` (8 bytes per subject), derived at
//!   build and load time, never stored. Typical queries contain several such
//!   keys (the commonest q-grams, say); testing T candidates against K of
//!   them through their bitmaps costs T·K cache misses, through the masks T.
//!
//! # Snapshot format (version 1)
//!
//! All integers little-endian.
//!
//! ```text
//! offset  size  field
//! 0       8     magic "LKOUTIDX"
//! 8       4     format version (u32) = 1
//! 12      4     flags (u32) = 0, reserved
//! 16      4     N, number of subjects (u32)
//! 20      4     small_max_df (u32)
//! 24      8     number of keys K (u64, <= 2^32 - 1)
//! 32      8     number of small postings S (u64, <= 2^32 - 1)
//! 40      8     number of bitmaps B (u64)
//! 48      8     total postings (u64)
//! 56      8     XXH64 (seed 0) of bytes 0..56
//! 64      12·K  dictionary: K × { mix64(key): u64, df: u32 }, strictly increasing mix64(key)
//! ..      4·S   small postings: u32 subject ids, concatenated for the keys with
//!               df <= small_max_df, in dictionary order, each run strictly increasing
//! ..      ..    bitmaps: B × { len: u32, len bytes of standard portable roaring
//!               serialization }, for the keys with df > small_max_df, in dictionary order
//! end-8   8     XXH64 (seed 0) of every preceding byte (header included)
//! ```
//!
//! [`Index::read_from`] checks magic, version, header checksum, every
//! structural invariant and finally the body checksum, returning a specific
//! [`Error`] (never panicking) for foreign, future-version, truncated or
//! corrupted data. A future incompatible layout gets a new version number;
//! readers reject versions they do not know.
//!
//! # Example
//!
//! ```
//! use lookout_index::{IndexBuilder, QueryKey, Scratch, SearchOptions};
//!
//! let mut b = IndexBuilder::new();
//! b.add(0, &[10, 11, 12]);
//! b.add(1, &[10, 20]);
//! b.add(1, &[21]); // an alias of subject 1
//! let index = b.build();
//!
//! let query = [QueryKey::new(10, 1.0, 0), QueryKey::new(21, 1.0, 1)];
//! let mut scratch = Scratch::new(&index);
//! let hits = index.search(&query, &SearchOptions::default(), &mut scratch);
//! assert_eq!(hits[0].subject, 1);
//! assert_eq!(hits[0].groups_matched, 2);
//! ```

#![warn(missing_docs)]

mod builder;
mod hash;
mod index;
mod search;
mod snapshot;

pub use builder::{IndexBuilder, default_small_max_df};
pub use index::{HEAD_KEYS, Index, IndexStats, Postings, PostingsIter};
pub use search::{Candidate, QueryKey, Scratch, SearchOptions, SearchStats};
pub use snapshot::{FORMAT_VERSION, MAGIC};

/// Opaque key computed by the caller (q-gram, phonetic code, ...).
pub type Key = u64;

/// Dense subject id, `0..n`, assigned by the caller.
pub type SubjectId = u32;

/// Errors of snapshot reading and writing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Underlying I/O failure.
    #[error("index snapshot I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The data does not start with [`MAGIC`].
    #[error("not a lookout index snapshot (magic bytes {found:02x?}, expected \"LKOUTIDX\")")]
    BadMagic {
        /// The first bytes found (zero-padded if shorter).
        found: [u8; 8],
    },
    /// The snapshot was written in a format version this build cannot read.
    #[error(
        "unsupported index snapshot format version {found} (this build reads version {supported})"
    )]
    UnsupportedVersion {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        supported: u32,
    },
    /// The data ends before the snapshot does.
    #[error("index snapshot is truncated: unexpected end of data in the {section}")]
    Truncated {
        /// Part of the snapshot being read.
        section: &'static str,
    },
    /// A checksum does not match: the bytes were altered.
    #[error(
        "index snapshot is corrupted: {section} checksum mismatch (stored {stored:#018x}, computed {computed:#018x})"
    )]
    ChecksumMismatch {
        /// `"header"` or `"snapshot body"`.
        section: &'static str,
        /// Checksum stored in the file.
        stored: u64,
        /// Checksum of the bytes read.
        computed: u64,
    },
    /// The data violates a structural invariant of the format.
    #[error("index snapshot is corrupted: {0}")]
    Corrupt(String),
}
