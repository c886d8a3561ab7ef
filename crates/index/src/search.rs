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
    /// `limit = 64`, `max_enumerate_df = 20_000`, `min_groups = 0`,
    /// `fallback_max_postings = 100_000`.
    fn default() -> Self {
        SearchOptions {
            limit: 64,
            max_enumerate_df: 20_000,
            min_groups: 0,
            fallback_max_postings: 100_000,
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

/// Per-candidate accumulator, 12 bytes.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    /// Sum of the maxima of the groups completed before `group`.
    total: f32,
    /// Best contribution so far in `group`.
    best: f32,
    /// Group currently being accumulated (valid when `groups > 0`).
    group: u16,
    /// Distinct groups matched so far.
    groups: u16,
}

#[derive(Debug, Clone, Copy)]
struct Resolved {
    key: Key,
    entry: u32,
    df: u32,
    c: f32,
    group: u16,
    enumerate: bool,
}

/// Reusable per-thread search buffers.
///
/// Holds a visited bitset over all subjects (1 bit per subject: 125 KiB at
/// 10^6 subjects) and buffers proportional to the candidates of a query (the
/// sorted candidate list and one 12-byte accumulator per candidate). Only the
/// bits set by the previous query are cleared, so there is no O(N) work per
/// query, and a warmed-up [`Index::search_into`] allocates nothing except
/// when a roaring intersection is used for a common key. A scratch created for
/// one index can be used with another; it grows if that one has more subjects.
#[derive(Debug, Clone, Default)]
pub struct Scratch {
    mark: Vec<u64>,
    touched: Vec<u32>,
    acc: Vec<Acc>,
    cmask: Vec<u64>,
    lookups: Vec<(u64, (u32, u32))>,
    resolved: Vec<Resolved>,
    order: Vec<u32>,
    cands: Vec<Candidate>,
    buf: Vec<u32>,
    stats: SearchStats,
    /// Forces one membership strategy (tests compare them).
    force: Option<Membership>,
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
/// per query.
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

#[inline(always)]
fn update(a: &mut Acc, group: u16, c: f32) {
    if a.groups == 0 || a.group != group {
        a.total += a.best;
        a.best = c;
        a.group = group;
        a.groups = a.groups.saturating_add(1);
    } else if c > a.best {
        a.best = c;
    }
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

/// Smallest `i >= lo` with `t[i] >= s` (`t` sorted), by exponential then
/// binary search: O(1) for dense ascending lookups, O(log gap) otherwise.
#[inline(always)]
fn seek(t: &[u32], mut lo: usize, s: u32) -> usize {
    let n = t.len();
    let mut hi = lo;
    let mut step = 1;
    while hi < n && t[hi] < s {
        lo = hi + 1;
        hi = lo + step;
        step *= 2;
    }
    let hi = hi.min(n);
    lo + t[lo..hi].partition_point(|&x| x < s)
}

/// Applies `(group, c)` to the accumulators of an ascending run of subjects,
/// all of which are candidates; `pos` carries the seek position between runs
/// of the same key.
#[inline(always)]
fn apply_sorted(
    touched: &[u32],
    acc: &mut [Acc],
    pos: &mut usize,
    subjects: &[u32],
    g: u16,
    c: f32,
) {
    for &s in subjects {
        *pos = seek(touched, *pos, s);
        debug_assert_eq!(touched[*pos], s);
        update(&mut acc[*pos], g, c);
    }
}

/// Ranking order: score descending, then subject ascending.
#[inline]
fn rank_cmp(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.subject.cmp(&b.subject))
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
            touched,
            acc,
            cmask,
            lookups,
            resolved,
            order,
            cands,
            buf,
            stats,
            force,
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
                    enumerate: e.df <= opts.max_enumerate_df,
                });
            }
        }
        stats.keys_found = resolved.len() as u32;
        if resolved.is_empty() {
            return;
        }
        // Groups are processed (and their maxima summed) in ascending order.
        resolved.sort_unstable_by_key(|r| (r.group, r.entry));

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
        //    through the visited bitset, then sorted. A candidate's slot is its
        //    position in `touched`, so accumulators are compact and every
        //    later access walks them in ascending order (no cache misses on an
        //    N-sized array).
        for r in resolved.iter().filter(|r| r.enumerate) {
            let p = self.entry_postings(&self.entries[r.entry as usize]);
            p.for_each_batch(buf, |ss| {
                for &s in ss {
                    if mark_new(mark, s) {
                        touched.push(s);
                    }
                }
            });
        }
        touched.sort_unstable();
        let touched: &[u32] = touched;
        let t = touched.len() as u64;
        stats.touched = t as u32;
        acc.clear();
        acc.resize(touched.len(), Acc::default());

        // 4. Score, group by group (resolved is sorted by group).
        let mut candidate_bitmap: Option<RoaringBitmap> = None;
        let mut masks_loaded = false;
        let mut i = 0;
        while i < resolved.len() {
            let g = resolved[i].group;
            let mut j = i;
            while j < resolved.len() && resolved[j].group == g {
                j += 1;
            }
            // Head keys of this group, applied together at the end.
            let mut heads = [(0f32, 0u8); HEAD_KEYS];
            let mut n_heads = 0;
            let mut group_mask = 0u64;
            for r in &resolved[i..j] {
                let p = self.entry_postings(&self.entries[r.entry as usize]);
                let c = r.c;
                let mut pos = 0usize;
                if r.enumerate {
                    stats.keys_enumerated += 1;
                    stats.postings_enumerated += u64::from(r.df);
                    p.for_each_batch(buf, |ss| apply_sorted(touched, acc, &mut pos, ss, g, c));
                    continue;
                }
                stats.keys_membership += 1;
                if p.is_bitmap() && force.is_none() {
                    let bit = self.head_bit[self.entries[r.entry as usize].loc as usize];
                    if bit != NOT_HEAD {
                        heads[n_heads] = (c, bit);
                        n_heads += 1;
                        group_mask |= 1u64 << bit;
                        stats.membership_work += t;
                        continue;
                    }
                }
                let how = force.unwrap_or_else(|| {
                    membership_choice(
                        u64::from(r.df),
                        t,
                        !p.is_bitmap(),
                        candidate_bitmap.is_some(),
                    )
                });
                match (how, p) {
                    (Membership::Intersect, Postings::Bitmap(bm)) => {
                        stats.membership_work += t + u64::from(r.df);
                        let cb = candidate_bitmap.get_or_insert_with(|| {
                            RoaringBitmap::from_sorted_iter(touched.iter().copied())
                                .expect("sorted candidates")
                        });
                        for s in &(&*cb & bm) {
                            pos = seek(touched, pos, s);
                            update(&mut acc[pos], g, c);
                        }
                    }
                    (Membership::Probe, _) | (Membership::Intersect, _) => {
                        stats.membership_work += t;
                        for (a, &s) in acc.iter_mut().zip(touched) {
                            if p.contains(s) {
                                update(a, g, c);
                            }
                        }
                    }
                    (Membership::Scan, _) => {
                        stats.membership_work += u64::from(r.df);
                        p.for_each_batch(buf, |ss| {
                            for &s in ss {
                                if is_marked(mark, s) {
                                    pos = seek(touched, pos, s);
                                    update(&mut acc[pos], g, c);
                                }
                            }
                        });
                    }
                }
            }
            if n_heads > 0 {
                // Head keys: one mask load per candidate serves all of them,
                // and one pass per group applies the group's best head key.
                if !masks_loaded {
                    cmask.clear();
                    cmask.extend(touched.iter().map(|&s| self.head_masks[s as usize]));
                    masks_loaded = true;
                }
                let heads = &mut heads[..n_heads];
                heads.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
                for (a, &cm) in acc.iter_mut().zip(cmask.iter()) {
                    let hit = cm & group_mask;
                    if hit != 0 {
                        let mut best = 0.0;
                        for &(c, bit) in heads.iter() {
                            if hit & (1u64 << bit) != 0 {
                                best = c;
                                break;
                            }
                        }
                        update(a, g, best);
                    }
                }
            }
            i = j;
        }

        // 5. Top-`limit` by partial selection.
        cands.clear();
        for (a, &s) in acc.iter().zip(touched) {
            if a.groups >= opts.min_groups {
                cands.push(Candidate {
                    subject: s,
                    score: a.total + a.best,
                    groups_matched: a.groups,
                });
            }
        }
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
        let mut matched: Vec<(u16, f32)> = query
            .iter()
            .filter_map(|q| {
                let i = self.find(mix64(q.key))?;
                let e = &self.entries[i];
                self.entry_postings(e)
                    .contains(subject)
                    .then(|| (q.group, contribution(q.weight, self.idf(e.df))))
            })
            .collect();
        if matched.is_empty() {
            return None;
        }
        matched.sort_by_key(|&(g, _)| g);
        let mut acc = Acc::default();
        for (g, c) in matched {
            update(&mut acc, g, c);
        }
        Some(Candidate {
            subject,
            score: acc.total + acc.best,
            groups_matched: acc.groups,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IndexBuilder;

    /// Every membership strategy must give identical results.
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
            let keys: Vec<u64> = (0..12).map(|_| next() % 400 + (next() % 3) * 1000).collect();
            b.add(s, &keys);
        }
        let index = b.build();
        let mut scratches: Vec<Scratch> = [
            None,
            Some(Membership::Scan),
            Some(Membership::Probe),
            Some(Membership::Intersect),
        ]
        .into_iter()
        .map(|force| {
            let mut s = Scratch::new(&index);
            s.force = force;
            s
        })
        .collect();
        for _ in 0..300 {
            let query: Vec<QueryKey> = (0..(next() % 20))
                .map(|_| QueryKey::new(next() % 3000, (next() % 4) as f32 * 0.5, (next() % 6) as u16))
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
