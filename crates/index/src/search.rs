//! Query evaluation: candidate generation and scoring.

use roaring::RoaringBitmap;

use crate::hash::mix64;
use crate::index::{HEAD_KEYS, Index, NOT_HEAD, Postings};
use crate::{Key, SubjectId};

/// One weighted key of a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueryKey {
    /// The key, as computed by the caller from the query name.
    pub key: Key,
    /// Caller weight of the key. The contribution of a matched key is
    /// `weight × idf(df)`; non-positive (or NaN) weights contribute 0 but the
    /// key still counts as matching its group.
    pub weight: f32,
    /// Which query element the key came from (e.g. the query token position,
    /// or a dedicated group for a document number). Within a group only the
    /// best matched key counts.
    pub group: u16,
}

impl QueryKey {
    /// Convenience constructor.
    pub fn new(key: Key, weight: f32, group: u16) -> Self {
        QueryKey { key, weight, group }
    }
}

/// Parameters of [`Index::search`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Maximum number of candidates returned.
    pub limit: usize,
    /// Keys whose document frequency exceeds this are *common*: their postings
    /// are not enumerated, they only add score to candidates found through
    /// rarer keys (membership test). See the crate docs.
    pub max_enumerate_df: u32,
    /// Candidates matching fewer distinct groups than this are dropped
    /// (0 or 1: no filter).
    pub min_groups: u16,
    /// Used only when every matched query key is common: keys are then
    /// enumerated rarest first (ties by key value); the rarest is always
    /// enumerated, each further one only while the total enumerated postings
    /// stay `<= fallback_max_postings`.
    pub fallback_max_postings: u32,
}

impl Default for SearchOptions {
    /// `limit = 64`, `max_enumerate_df = 1_000`, `min_groups = 0`,
    /// `fallback_max_postings = 20_000`.
    ///
    /// The cap suits lists of about 10^6 subjects (N/1000); it should scale
    /// with the list size and the caller's key design — see the crate docs
    /// for measured costs.
    fn default() -> Self {
        SearchOptions {
            limit: 64,
            max_enumerate_df: 1_000,
            min_groups: 0,
            fallback_max_postings: 20_000,
        }
    }
}

/// A retrieved subject.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Subject id.
    pub subject: SubjectId,
    /// Retrieval score: Σ over groups of the max over the group's matched keys
    /// of `weight × idf`.
    pub score: f32,
    /// Number of distinct query groups with at least one matched key.
    pub groups_matched: u16,
}

/// Work counters of the last search made with a [`Scratch`]
/// ([`Scratch::last_stats`]), for tuning `max_enumerate_df`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Query keys found in the index.
    pub keys_found: u32,
    /// Query keys whose postings were enumerated.
    pub keys_enumerated: u32,
    /// Query keys used only as membership tests (common keys).
    pub keys_membership: u32,
    /// Postings visited while enumerating (both passes counted once).
    pub postings_enumerated: u64,
    /// Postings scanned or probes made for common keys.
    pub membership_work: u64,
    /// Distinct subjects reached (before `min_groups` and `limit`).
    pub touched: u32,
    /// Whether the all-common fallback was used.
    pub fallback: bool,
}

#[derive(Debug, Clone, Copy)]
struct Resolved {
    key: Key,
    entry: u32,
    df: u32,
    c: f32,
    group: u16,
    /// Dense index of `group` among the query's groups, in ascending order.
    gi: u32,
    enumerate: bool,
}

/// Reusable per-thread search buffers.
///
/// Holds a visited bitset over all subjects (1 bit per subject: 125 KiB at
/// 10^6 subjects), a rank directory over it (N/16 bytes) and buffers
/// proportional to the query's candidates (their sorted ids, one `f32` per
/// candidate and query group, their head-key masks). Only the bits set by the
/// previous query are cleared (no O(N) reset), and a warmed-up [`Index::search_into`] allocates nothing except when a roaring
/// intersection is used for a common key. A scratch created for one index can
/// be used with another; it grows if that one has more subjects.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    /// Visited bitset: bit `s` set iff subject `s` is a candidate.
    mark: Vec<u64>,
    /// For each bitset word holding candidates: number of candidates in
    /// earlier words (stale elsewhere, never read there).
    rank: Vec<u32>,
    /// Candidates, sorted after collection; a candidate's slot is its index.
    touched: Vec<u32>,
    /// Start offsets in `touched` of each enumerated key's new candidates
    /// (each run is ascending), and a merge buffer.
    runs: Vec<usize>,
    tmp: Vec<u32>,
    /// Per (group, slot) best contribution, group-major, `-∞` = no match.
    best: Vec<f32>,
    /// Per slot: head-key mask.
    cmask: Vec<u64>,
    /// Per slot: score and matched groups of the current chunk.
    score: Vec<f32>,
    matched: Vec<u16>,
    lookups: Vec<(u64, (u32, u32))>,
    resolved: Vec<Resolved>,
    order: Vec<u32>,
    cands: Vec<Candidate>,
    buf: Vec<u32>,
    stats: SearchStats,
    /// Forces one membership strategy (tests compare them).
    force: Option<Membership>,
    /// Overrides [`MAX_CELLS`] (tests exercise chunking).
    max_cells: Option<usize>,
    /// Forces how candidates are put in order (tests compare them).
    force_order: Option<Order>,
}

/// How the collected candidates are put in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// `sort_unstable`: ~T·log2(T).
    Sort,
    /// Merge the ascending runs contributed by each enumerated key: ~T·log2(runs).
    Merge,
    /// Re-read the visited bitset: ~N/128 + T.
    Scan,
}

/// Merges two ascending runs into `out` (`out.len() == a.len() + b.len()`),
/// branch-free in the common part.
fn merge2(a: &[u32], b: &[u32], out: &mut [u32]) {
    let (mut i, mut j, mut k) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        let take_a = x < y;
        out[k] = if take_a { x } else { y };
        i += usize::from(take_a);
        j += usize::from(!take_a);
        k += 1;
    }
    out[k..k + a.len() - i].copy_from_slice(&a[i..]);
    k += a.len() - i;
    out[k..].copy_from_slice(&b[j..]);
}

/// Sorts `v`, made of ascending runs starting at the offsets in `runs`, by
/// bottom-up pairwise merging through `tmp`.
fn merge_runs(v: &mut Vec<u32>, tmp: &mut Vec<u32>, runs: &mut Vec<usize>) {
    runs.push(v.len());
    runs.dedup();
    tmp.clear();
    tmp.resize(v.len(), 0);
    while runs.len() > 2 {
        let mut kept = 0;
        let mut r = 0;
        while r + 1 < runs.len() {
            let (a, b) = (runs[r], runs[r + 1]);
            if r + 2 < runs.len() {
                let c = runs[r + 2];
                merge2(&v[a..b], &v[b..c], &mut tmp[a..c]);
            } else {
                tmp[a..b].copy_from_slice(&v[a..b]);
            }
            runs[kept] = a;
            kept += 1;
            r += 2;
        }
        runs[kept] = v.len();
        runs.truncate(kept + 1);
        std::mem::swap(v, tmp);
    }
}

/// How a common key is applied to the candidate set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Membership {
    /// Walk the key's postings, test each against the visited bitset.
    Scan,
    /// Test each candidate with `contains`.
    Probe,
    /// Roaring intersection of the sorted candidate set with the postings.
    Intersect,
}

/// Chooses the cheapest membership strategy with a cost model (≈ ns)
/// measured with roaring 0.12 on 10^6 subjects, caches cold as they are for
/// all but the most frequent keys: scanning costs ~1.3 per posting (array
/// containers; bitmap containers iterate slower, so keys too large to be
/// all-array are never scanned); a `contains` probe is a binary search in a
/// container that is mostly not in cache, ~120 per candidate; an intersection
/// streams both sides, a fixed ~1000 plus ~0.25 per posting and ~3 per
/// candidate, plus building the candidates' bitmap, ~5 per candidate, once
/// per query. (The most frequent keys do not get here: see [`HEAD_KEYS`].)
fn membership_choice(df: u64, t: u64, small: bool, have_bitmap: bool) -> Membership {
    let scan = if small || df <= 4096 {
        df * 13 / 10
    } else {
        u64::MAX
    };
    let probe = 120 * t;
    let intersect = if small {
        u64::MAX
    } else {
        1000 + df / 4 + 3 * t + if have_bitmap { 0 } else { 5 * t }
    };
    if scan <= probe && scan <= intersect {
        Membership::Scan
    } else if probe <= intersect {
        Membership::Probe
    } else {
        Membership::Intersect
    }
}

/// Staging buffer for batched roaring iteration.
const BATCH: usize = 256;

/// Maximum size of the per-(group, candidate) table. Beyond it (many groups
/// and very many candidates) candidates are scored in chunks of slots, each
/// chunk walking the query keys again.
const MAX_CELLS: usize = 1 << 22;

impl Scratch {
    /// Buffers sized for `index`.
    pub fn new(index: &Index) -> Self {
        let mut s = Scratch {
            buf: vec![0; BATCH],
            ..Default::default()
        };
        s.prepare(index.len_subjects());
        s
    }

    /// Counters of the last search.
    pub fn last_stats(&self) -> SearchStats {
        self.stats
    }

    /// Clears what the previous query marked and makes room for `n` subjects.
    fn prepare(&mut self, n: usize) {
        for &s in &self.touched {
            // Only candidates have bits set: zeroing whole words is fine.
            self.mark[(s / 64) as usize] = 0;
        }
        self.touched.clear();
        let words = n.div_ceil(64);
        if self.mark.len() < words {
            self.mark.resize(words, 0);
            self.rank.resize(words, 0);
        }
        if self.buf.len() < BATCH {
            self.buf.resize(BATCH, 0);
        }
        self.stats = SearchStats::default();
    }
}

#[inline(always)]
fn contribution(weight: f32, idf: f32) -> f32 {
    if weight > 0.0 { weight * idf } else { 0.0 }
}

/// Sets the bit of `s`; returns `true` if it was not set.
#[inline(always)]
fn mark_new(mark: &mut [u64], s: u32) -> bool {
    let w = &mut mark[(s / 64) as usize];
    let bit = 1u64 << (s % 64);
    let new = *w & bit == 0;
    *w |= bit;
    new
}

#[inline(always)]
fn is_marked(mark: &[u64], s: u32) -> bool {
    mark[(s / 64) as usize] & (1u64 << (s % 64)) != 0
}

/// Slot of candidate `s`: its index in the sorted candidate list, from the
/// rank directory and a popcount (two loads from cache-resident arrays).
#[inline(always)]
fn slot_of(mark: &[u64], rank: &[u32], s: u32) -> usize {
    let w = (s / 64) as usize;
    let below = mark[w] & ((1u64 << (s % 64)) - 1);
    rank[w] as usize + below.count_ones() as usize
}

/// Ranking order: score descending, then subject ascending.
#[inline]
fn rank_cmp(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.subject.cmp(&b.subject))
}

/// Candidate slots `lo..hi` scored in the current chunk, and the row of
/// per-slot bests of one group.
struct Row<'a> {
    lo: usize,
    hi: usize,
    best: &'a mut [f32],
}

impl Row<'_> {
    #[inline(always)]
    fn hit(&mut self, slot: usize, c: f32) {
        if slot >= self.lo && slot < self.hi {
            let b = &mut self.best[slot - self.lo];
            *b = b.max(c);
        }
    }
}

impl Index {
    /// Retrieves the best `opts.limit` candidates for `query`, sorted by score
    /// descending, ties by subject ascending. See the crate documentation for
    /// the exact scoring and enumeration rules.
    pub fn search(
        &self,
        query: &[QueryKey],
        opts: &SearchOptions,
        scratch: &mut Scratch,
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        self.search_into(query, opts, scratch, &mut out);
        out
    }

    /// Like [`search`](Index::search) but writes into `out` (cleared first),
    /// so that a warmed-up call does not allocate.
    pub fn search_into(
        &self,
        query: &[QueryKey],
        opts: &SearchOptions,
        scratch: &mut Scratch,
        out: &mut Vec<Candidate>,
    ) {
        out.clear();
        scratch.prepare(self.len_subjects());
        if opts.limit == 0 {
            return;
        }
        let Scratch {
            mark,
            rank,
            touched,
            best,
            cmask,
            score,
            matched,
            lookups,
            resolved,
            order,
            cands,
            buf,
            stats,
            force,
            max_cells,
            runs,
            tmp,
            force_order,
        } = scratch;

        // 1. Resolve the query keys against the dictionary, in two passes so
        //    that the cache misses of different keys overlap.
        lookups.clear();
        lookups.extend(query.iter().map(|q| {
            let h = mix64(q.key);
            (h, self.dir_range(h))
        }));
        resolved.clear();
        for (q, &(h, range)) in query.iter().zip(lookups.iter()) {
            if let Some(i) = self.find_in(h, range) {
                let e = &self.entries[i];
                resolved.push(Resolved {
                    key: q.key,
                    entry: i as u32,
                    df: e.df,
                    c: contribution(q.weight, self.idf(e.df)),
                    group: q.group,
                    gi: 0,
                    enumerate: e.df <= opts.max_enumerate_df,
                });
            }
        }
        stats.keys_found = resolved.len() as u32;
        if resolved.is_empty() {
            return;
        }
        // Dense group indexes in ascending group order: group maxima are
        // summed in that order.
        resolved.sort_unstable_by_key(|r| (r.group, r.entry));
        let mut n_groups = 0u32;
        for i in 0..resolved.len() {
            if i > 0 && resolved[i].group != resolved[i - 1].group {
                n_groups += 1;
            }
            resolved[i].gi = n_groups;
        }
        let n_groups = n_groups as usize + 1;

        // 2. All keys common: enumerate the rarest ones within the budget.
        if !resolved.iter().any(|r| r.enumerate) {
            stats.fallback = true;
            order.clear();
            order.extend(0..resolved.len() as u32);
            order.sort_unstable_by_key(|&i| {
                let r = &resolved[i as usize];
                (r.df, r.key)
            });
            let mut used = 0u64;
            let mut current: Option<Key> = None;
            for &i in order.iter() {
                let r = &mut resolved[i as usize];
                if current != Some(r.key) {
                    let df = u64::from(r.df);
                    if current.is_some() && used + df > u64::from(opts.fallback_max_postings) {
                        break;
                    }
                    used += df;
                    current = Some(r.key);
                }
                r.enumerate = true;
            }
        }

        // 3. Candidate set: union of the enumerated keys' postings, collected
        //    in the visited bitset, then listed in ascending order with a rank
        //    directory, so that a candidate's slot (its index in the list) is
        //    found in O(1) and per-candidate data is compact and walked in
        //    order: no cache misses on N-sized arrays.
        //    Branch-free: write every posting, advance only for new ones (at
        //    most min(Σ df, N) of them, plus one slot for the last write).
        let bound: usize = resolved
            .iter()
            .filter(|r| r.enumerate)
            .map(|r| r.df as usize)
            .sum();
        touched.resize(bound.min(self.len_subjects()) + 1, 0);
        let mut t = 0usize;
        runs.clear();
        for r in resolved.iter().filter(|r| r.enumerate) {
            runs.push(t);
            let p = self.entry_postings(&self.entries[r.entry as usize]);
            p.for_each_batch(buf, |ss| {
                for &s in ss {
                    touched[t] = s;
                    t += usize::from(mark_new(mark, s));
                }
            });
        }
        touched.truncate(t);
        let words = self.len_subjects().div_ceil(64);
        let log2 = |x: usize| (usize::BITS - x.leading_zeros()) as usize;
        let sort_cost = t * log2(t);
        let merge_cost = t * log2(runs.len()) + runs.len();
        let scan_cost = words / 2 + t;
        let how = force_order.unwrap_or(if scan_cost < sort_cost.min(merge_cost) {
            Order::Scan
        } else if merge_cost <= sort_cost {
            Order::Merge
        } else {
            Order::Sort
        });
        if how != Order::Scan {
            if how == Order::Merge {
                merge_runs(touched, tmp, runs);
            } else {
                touched.sort_unstable();
            }
            let mut last_word = usize::MAX;
            for (i, &s) in touched.iter().enumerate() {
                let w = (s / 64) as usize;
                if w != last_word {
                    rank[w] = i as u32;
                    last_word = w;
                }
            }
        } else {
            // Re-read the candidates from the bitset. Most non-empty words
            // hold a single candidate: its write is branch-free, the loop for
            // further bits is rarely entered.
            touched.resize(t + 1, 0);
            let mut len = 0usize;
            for (w, &bits) in mark[..words].iter().enumerate() {
                rank[w] = len as u32;
                let base = w as u32 * 64;
                touched[len] = base + bits.trailing_zeros();
                len += usize::from(bits != 0);
                let mut x = bits & bits.wrapping_sub(1);
                while x != 0 {
                    touched[len] = base + x.trailing_zeros();
                    len += 1;
                    x &= x - 1;
                }
            }
            debug_assert_eq!(len, t);
            touched.truncate(t);
        }
        let touched: &[u32] = touched;
        stats.touched = t as u32;

        // 4. Score: one row of per-candidate bests per group, so keys can be
        //    applied in any order; chunked over candidate slots if the table
        //    would be too large.
        let mut candidate_bitmap: Option<RoaringBitmap> = None;
        let mut masks_loaded = false;
        cands.clear();
        let chunk = (max_cells.unwrap_or(MAX_CELLS) / n_groups).max(1);
        let mut lo = 0;
        while lo < t {
            let hi = (lo + chunk).min(t);
            let width = hi - lo;
            best.clear();
            best.resize(width * n_groups, f32::NEG_INFINITY);
            let first_chunk = lo == 0;
            let mut i = 0;
            while i < resolved.len() {
                let gi = resolved[i].gi as usize;
                let mut j = i;
                while j < resolved.len() && resolved[j].gi as usize == gi {
                    j += 1;
                }
                let mut row = Row {
                    lo,
                    hi,
                    best: &mut best[gi * width..(gi + 1) * width],
                };
                // Head keys of this group, applied together at the end.
                let mut heads = [(0f32, 0u8); HEAD_KEYS];
                let mut n_heads = 0;
                for r in &resolved[i..j] {
                    let p = self.entry_postings(&self.entries[r.entry as usize]);
                    let c = r.c;
                    if r.enumerate {
                        if first_chunk {
                            stats.keys_enumerated += 1;
                            stats.postings_enumerated += u64::from(r.df);
                        }
                        p.for_each_batch(buf, |ss| {
                            for &s in ss {
                                row.hit(slot_of(mark, rank, s), c);
                            }
                        });
                        continue;
                    }
                    if first_chunk {
                        stats.keys_membership += 1;
                    }
                    if p.is_bitmap() && force.is_none() {
                        let bit = self.head_bit[self.entries[r.entry as usize].loc as usize];
                        if bit != NOT_HEAD {
                            heads[n_heads] = (c, bit);
                            n_heads += 1;
                            continue;
                        }
                    }
                    let how = force.unwrap_or_else(|| {
                        membership_choice(
                            u64::from(r.df),
                            t as u64,
                            !p.is_bitmap(),
                            candidate_bitmap.is_some(),
                        )
                    });
                    match (how, p) {
                        (Membership::Intersect, Postings::Bitmap(bm)) => {
                            stats.membership_work += (width as u64) + u64::from(r.df);
                            let cb = candidate_bitmap.get_or_insert_with(|| {
                                RoaringBitmap::from_sorted_iter(touched.iter().copied())
                                    .expect("sorted candidates")
                            });
                            for s in &(&*cb & bm) {
                                row.hit(slot_of(mark, rank, s), c);
                            }
                        }
                        (Membership::Probe, _) | (Membership::Intersect, _) => {
                            stats.membership_work += width as u64;
                            for (b, &s) in row.best.iter_mut().zip(&touched[lo..hi]) {
                                if p.contains(s) {
                                    *b = b.max(c);
                                }
                            }
                        }
                        (Membership::Scan, _) => {
                            stats.membership_work += u64::from(r.df);
                            p.for_each_batch(buf, |ss| {
                                for &s in ss {
                                    if is_marked(mark, s) {
                                        row.hit(slot_of(mark, rank, s), c);
                                    }
                                }
                            });
                        }
                    }
                }
                if n_heads > 0 {
                    // Head keys: one mask load per candidate serves them all.
                    if !masks_loaded {
                        cmask.clear();
                        cmask.extend(touched.iter().map(|&s| self.head_masks[s as usize]));
                        masks_loaded = true;
                    }
                    stats.membership_work += (n_heads * width) as u64;
                    for &(c, bit) in &heads[..n_heads] {
                        let m = 1u64 << bit;
                        for (b, &cm) in row.best.iter_mut().zip(&cmask[lo..hi]) {
                            let v = if cm & m != 0 { c } else { f32::NEG_INFINITY };
                            *b = b.max(v);
                        }
                    }
                }
                i = j;
            }

            // Sum the group maxima in ascending group order. Adding 0.0 for
            // an unmatched group leaves a non-negative sum unchanged, so this
            // is bit-for-bit the sum over matched groups only.
            score.clear();
            score.resize(width, 0.0);
            matched.clear();
            matched.resize(width, 0);
            for row in best.chunks_exact(width) {
                for ((sc, m), &b) in score.iter_mut().zip(matched.iter_mut()).zip(row) {
                    let hit = b >= 0.0;
                    *sc += if hit { b } else { 0.0 };
                    *m += u16::from(hit);
                }
            }
            for ((&sc, &m), &s) in score.iter().zip(matched.iter()).zip(&touched[lo..hi]) {
                if m >= opts.min_groups && m > 0 {
                    cands.push(Candidate {
                        subject: s,
                        score: sc,
                        groups_matched: m,
                    });
                }
            }
            lo = hi;
        }

        // 5. Top-`limit` by partial selection.
        if cands.len() > opts.limit {
            cands.select_nth_unstable_by(opts.limit, rank_cmp);
            cands.truncate(opts.limit);
        }
        cands.sort_unstable_by(rank_cmp);
        out.extend_from_slice(cands);
    }

    /// Score `subject` would get for `query`, regardless of how it would be
    /// found (no enumeration rule, no `limit`): `None` if it matches no query
    /// key. Useful to explain or re-check a result; costs one membership test
    /// per query key.
    pub fn score_subject(&self, subject: SubjectId, query: &[QueryKey]) -> Option<Candidate> {
        let mut hits: Vec<(u16, f32)> = query
            .iter()
            .filter_map(|q| {
                let i = self.find(mix64(q.key))?;
                let e = &self.entries[i];
                self.entry_postings(e)
                    .contains(subject)
                    .then(|| (q.group, contribution(q.weight, self.idf(e.df))))
            })
            .collect();
        if hits.is_empty() {
            return None;
        }
        hits.sort_by_key(|&(g, _)| g);
        let mut score = 0.0f32;
        let mut groups = 0u16;
        let mut k = 0;
        while k < hits.len() {
            let g = hits[k].0;
            let mut m = hits[k].1;
            while k < hits.len() && hits[k].0 == g {
                m = m.max(hits[k].1);
                k += 1;
            }
            score += m;
            groups = groups.saturating_add(1);
        }
        Some(Candidate {
            subject,
            score,
            groups_matched: groups,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IndexBuilder;

    /// Every membership strategy, candidate ordering and chunking must give
    /// identical results.
    #[test]
    fn membership_strategies_agree() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut b = IndexBuilder::new();
        b.small_max_df(20);
        for s in 0..3000u32 {
            let keys: Vec<u64> = (0..12)
                .map(|_| next() % 400 + (next() % 3) * 1000)
                .collect();
            b.add(s, &keys);
        }
        let index = b.build();
        let mut scratches: Vec<Scratch> = [
            (None, None, None),
            (Some(Membership::Scan), None, Some(Order::Sort)),
            (Some(Membership::Probe), None, Some(Order::Scan)),
            (Some(Membership::Intersect), None, Some(Order::Merge)),
            (None, Some(1), Some(Order::Scan)),
            (None, Some(37), Some(Order::Merge)),
            (Some(Membership::Intersect), Some(100), Some(Order::Sort)),
        ]
        .into_iter()
        .map(|(force, max_cells, force_order)| {
            let mut s = Scratch::new(&index);
            s.force = force;
            s.max_cells = max_cells;
            s.force_order = force_order;
            s
        })
        .collect();
        for _ in 0..300 {
            let query: Vec<QueryKey> = (0..(next() % 20))
                .map(|_| {
                    QueryKey::new(
                        next() % 3000,
                        (next() % 4) as f32 * 0.5,
                        (next() % 6) as u16,
                    )
                })
                .collect();
            let opts = SearchOptions {
                limit: (next() % 200) as usize,
                max_enumerate_df: (next() % 80) as u32,
                min_groups: (next() % 3) as u16,
                fallback_max_postings: (next() % 500) as u32,
            };
            let want = index.search(&query, &opts, &mut scratches[0]);
            for s in &mut scratches[1..] {
                assert_eq!(index.search(&query, &opts, s), want);
            }
        }
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;

    #[test]
    fn merge_runs_sorts() {
        let mut x = 12345u64;
        for n_runs in [0usize, 1, 2, 3, 5, 8, 13] {
            let mut v = Vec::new();
            let mut runs = Vec::new();
            let mut all = std::collections::BTreeSet::new();
            for _ in 0..n_runs {
                runs.push(v.len());
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                let len = (x >> 60) as usize;
                let mut run: Vec<u32> = (0..len)
                    .map(|i| ((x >> (i % 40)) as u32) % 1000)
                    .filter(|s| all.insert(*s))
                    .collect();
                run.sort_unstable();
                v.extend(run);
            }
            let mut tmp = Vec::new();
            merge_runs(&mut v, &mut tmp, &mut runs);
            assert_eq!(v, all.into_iter().collect::<Vec<_>>());
        }
    }
}
