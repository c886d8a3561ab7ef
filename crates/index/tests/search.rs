//! Search semantics: unit examples and a property test against a brute-force
//! reference implementation.

use std::collections::{BTreeMap, BTreeSet};

use lookout_index::{Candidate, Index, IndexBuilder, QueryKey, Scratch, SearchOptions};
use proptest::prelude::*;

/// Straightforward model of the index: key -> set of subjects.
#[derive(Debug, Clone)]
struct Model {
    n: u32,
    postings: BTreeMap<u64, BTreeSet<u32>>,
}

impl Model {
    fn new(n: u32, adds: &[(u32, Vec<u64>)]) -> Self {
        let mut postings: BTreeMap<u64, BTreeSet<u32>> = BTreeMap::new();
        let mut n = n;
        for (s, keys) in adds {
            n = n.max(s + 1);
            for &k in keys {
                postings.entry(k).or_default().insert(*s);
            }
        }
        Model { n, postings }
    }

    fn df(&self, k: u64) -> u32 {
        self.postings.get(&k).map_or(0, |p| p.len() as u32)
    }

    fn idf(&self, df: u32) -> f32 {
        (1.0 + f64::from(self.n) / f64::from(df)).ln() as f32
    }

    fn has(&self, k: u64, s: u32) -> bool {
        self.postings.get(&k).is_some_and(|p| p.contains(&s))
    }

    /// The documented semantics, computed the obvious way.
    fn search(&self, query: &[QueryKey], opts: &SearchOptions) -> Vec<Candidate> {
        let found: Vec<&QueryKey> = query.iter().filter(|q| self.df(q.key) > 0).collect();
        if opts.limit == 0 || found.is_empty() {
            return Vec::new();
        }
        let mut enumerated: BTreeSet<u64> = found
            .iter()
            .filter(|q| self.df(q.key) <= opts.max_enumerate_df)
            .map(|q| q.key)
            .collect();
        if enumerated.is_empty() {
            let mut ks: Vec<(u32, u64)> = found.iter().map(|q| (self.df(q.key), q.key)).collect();
            ks.sort_unstable();
            ks.dedup();
            let mut used = 0u64;
            for (i, &(df, k)) in ks.iter().enumerate() {
                if i > 0 && used + u64::from(df) > u64::from(opts.fallback_max_postings) {
                    break;
                }
                used += u64::from(df);
                enumerated.insert(k);
            }
        }
        let candidates: BTreeSet<u32> = enumerated
            .iter()
            .flat_map(|k| self.postings[k].iter().copied())
            .collect();
        let mut out = Vec::new();
        for s in candidates {
            let mut best: BTreeMap<u16, f32> = BTreeMap::new();
            for q in &found {
                if self.has(q.key, s) {
                    let c = if q.weight > 0.0 {
                        q.weight * self.idf(self.df(q.key))
                    } else {
                        0.0
                    };
                    best.entry(q.group)
                        .and_modify(|m| *m = m.max(c))
                        .or_insert(c);
                }
            }
            let groups = best.len() as u16;
            if groups < opts.min_groups {
                continue;
            }
            let score = best.values().fold(0.0f32, |a, &m| a + m);
            out.push(Candidate {
                subject: s,
                score,
                groups_matched: groups,
            });
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.subject.cmp(&b.subject)));
        out.truncate(opts.limit);
        out
    }
}

fn build(adds: &[(u32, Vec<u64>)], n: u32, small_max_df: Option<u32>) -> Index {
    let mut b = IndexBuilder::new();
    b.set_num_subjects(n);
    if let Some(t) = small_max_df {
        b.small_max_df(t);
    }
    for (s, keys) in adds {
        b.add(*s, keys);
    }
    b.build()
}

fn opts(limit: usize, cap: u32) -> SearchOptions {
    SearchOptions {
        limit,
        max_enumerate_df: cap,
        ..SearchOptions::default()
    }
}

fn q(key: u64, weight: f32, group: u16) -> QueryKey {
    QueryKey::new(key, weight, group)
}

#[test]
fn max_per_group_not_sum() {
    // Subject 0 matches three keys of group 0; subject 1 matches one key in
    // each of groups 0 and 1.
    let adds = vec![(0, vec![1, 2, 3]), (1, vec![1, 4]), (2, vec![9])];
    let index = build(&adds, 0, None);
    let query = [q(1, 1.0, 0), q(2, 1.0, 0), q(3, 1.0, 0), q(4, 1.0, 1)];
    let mut scratch = Scratch::new(&index);
    let hits = index.search(&query, &opts(10, u32::MAX), &mut scratch);
    let idf1 = index.idf(1);
    let idf2 = index.idf(2);
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].subject, 1);
    assert_eq!(hits[0].groups_matched, 2);
    assert_eq!(hits[0].score, idf2 + idf1);
    assert_eq!(hits[1].subject, 0);
    assert_eq!(hits[1].groups_matched, 1);
    assert_eq!(hits[1].score, idf1); // max of idf(2), idf(1), idf(1)
    assert_eq!(index.score_subject(0, &query), Some(hits[1]));
    assert_eq!(index.score_subject(2, &query), None);
}

#[test]
fn common_keys_only_score_found_candidates() {
    // Key 100 is held by everyone; key 7 only by subject 3.
    let mut adds: Vec<(u32, Vec<u64>)> = (0..50).map(|s| (s, vec![100])).collect();
    adds.push((3, vec![7]));
    let index = build(&adds, 0, Some(4));
    assert_eq!(index.df(100), 50);
    let query = [q(7, 1.0, 0), q(100, 1.0, 1)];
    let mut scratch = Scratch::new(&index);
    let hits = index.search(&query, &opts(10, 10), &mut scratch);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].subject, 3);
    assert_eq!(hits[0].groups_matched, 2);
    assert_eq!(hits[0].score, index.idf(1) + index.idf(50));
    assert_eq!(scratch.last_stats().keys_membership, 1);
    assert!(!scratch.last_stats().fallback);

    // With no cap, everyone is a candidate.
    let hits = index.search(&query, &opts(100, u32::MAX), &mut scratch);
    assert_eq!(hits.len(), 50);
    assert_eq!(hits[0].subject, 3);
}

#[test]
fn common_key_in_earlier_group_scores_later_found_subject() {
    let mut adds: Vec<(u32, Vec<u64>)> = (0..20).map(|s| (s, vec![100])).collect();
    adds.push((5, vec![8]));
    let index = build(&adds, 0, None);
    // Common key in group 0, rare key in group 3.
    let query = [q(100, 2.0, 0), q(8, 1.0, 3)];
    let mut scratch = Scratch::new(&index);
    let hits = index.search(&query, &opts(10, 5), &mut scratch);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].score, 2.0 * index.idf(20) + index.idf(1));
    assert_eq!(hits[0].groups_matched, 2);
}

#[test]
fn all_common_falls_back_to_rarest() {
    let mut adds: Vec<(u32, Vec<u64>)> = (0..30).map(|s| (s, vec![100])).collect();
    adds.extend((0..10).map(|s| (s, vec![200])));
    let index = build(&adds, 0, None);
    let query = [q(100, 1.0, 0), q(200, 1.0, 1)];
    let mut scratch = Scratch::new(&index);
    let o = SearchOptions {
        limit: 100,
        max_enumerate_df: 2,
        min_groups: 0,
        fallback_max_postings: 0,
    };
    let hits = index.search(&query, &o, &mut scratch);
    // Only key 200 (df 10) is enumerated; key 100 adds score.
    assert!(scratch.last_stats().fallback);
    assert_eq!(hits.len(), 10);
    assert!(hits.iter().all(|c| c.groups_matched == 2));
    // A larger budget enumerates key 100 too.
    let hits = index.search(
        &query,
        &SearchOptions {
            fallback_max_postings: 40,
            ..o
        },
        &mut scratch,
    );
    assert_eq!(hits.len(), 30);
}

#[test]
fn min_groups_limit_and_ties() {
    let adds: Vec<(u32, Vec<u64>)> = (0..10)
        .map(|s| (s, vec![1, 2 + u64::from(s % 2)]))
        .collect();
    let index = build(&adds, 0, None);
    let query = [q(1, 1.0, 0), q(2, 1.0, 1)];
    let mut scratch = Scratch::new(&index);
    let hits = index.search(&query, &opts(3, u32::MAX), &mut scratch);
    // Even subjects match both groups; ties broken by subject id.
    let ids: Vec<u32> = hits.iter().map(|c| c.subject).collect();
    assert_eq!(ids, vec![0, 2, 4]);
    let o = SearchOptions {
        min_groups: 2,
        ..opts(100, u32::MAX)
    };
    let hits = index.search(&query, &o, &mut scratch);
    assert_eq!(hits.len(), 5);
    assert!(
        index
            .search(&query, &opts(0, u32::MAX), &mut scratch)
            .is_empty()
    );
    assert!(
        index
            .search(&[], &opts(10, u32::MAX), &mut scratch)
            .is_empty()
    );
    assert!(
        index
            .search(&[q(999, 1.0, 0)], &opts(10, u32::MAX), &mut scratch)
            .is_empty()
    );
}

#[test]
fn empty_index() {
    let index = IndexBuilder::new().build();
    assert_eq!(index.len_subjects(), 0);
    assert_eq!(index.len_keys(), 0);
    assert_eq!(index.df(1), 0);
    let mut scratch = Scratch::new(&index);
    assert!(
        index
            .search(&[q(1, 1.0, 0)], &SearchOptions::default(), &mut scratch)
            .is_empty()
    );
    let st = index.stats();
    assert_eq!(st.postings, 0);
}

#[test]
fn postings_and_stats() {
    let mut b = IndexBuilder::new();
    b.small_max_df(3);
    for s in 0..100u32 {
        b.add(s, &[1, u64::from(s) + 10]);
        b.add(s, &[1]); // duplicate via alias
    }
    let index = b.build();
    assert_eq!(index.df(1), 100);
    assert!(index.postings(1).is_bitmap());
    assert_eq!(index.postings(1).iter().count(), 100);
    assert_eq!(index.postings(15).iter().collect::<Vec<_>>(), vec![5]);
    assert!(index.postings(15).contains(5));
    assert!(!index.postings(15).contains(6));
    let st = index.stats();
    assert_eq!(st.keys, 101);
    assert_eq!(st.postings, 200);
    assert_eq!(st.small_keys, 100);
    assert_eq!(st.bitmap_keys, 1);
    assert_eq!(st.max_df, 100);
    let mut keys: Vec<(u64, u32)> = index.keys().collect();
    keys.sort_unstable();
    assert_eq!(keys[0], (1, 100));
    assert_eq!(keys[1], (10, 1));
}

#[test]
fn scratch_is_reusable_across_indexes() {
    let small = build(&[(0, vec![1])], 0, None);
    let large = build(&[(500, vec![1]), (7, vec![1, 2])], 0, None);
    let mut scratch = Scratch::new(&small);
    let query = [q(1, 1.0, 0), q(2, 1.0, 1)];
    let a = small.search(&query, &opts(10, u32::MAX), &mut scratch);
    assert_eq!(a.len(), 1);
    let b = large.search(&query, &opts(10, u32::MAX), &mut scratch);
    assert_eq!(
        b.iter().map(|c| c.subject).collect::<Vec<_>>(),
        vec![7, 500]
    );
    let a2 = small.search(&query, &opts(10, u32::MAX), &mut scratch);
    assert_eq!(a, a2);
}

fn arb_adds() -> impl Strategy<Value = (u32, Vec<(u32, Vec<u64>)>)> {
    (1u32..40).prop_flat_map(|n| {
        (
            Just(n),
            prop::collection::vec((0..n, prop::collection::vec(0u64..30, 0..8)), 0..80),
        )
    })
}

fn arb_query() -> impl Strategy<Value = Vec<QueryKey>> {
    let weight = prop_oneof![
        Just(0.0f32),
        Just(1.0f32),
        Just(0.5f32),
        Just(-1.0f32),
        0.0f32..3.0
    ];
    prop::collection::vec(
        (0u64..35, weight, 0u16..5).prop_map(|(k, w, g)| QueryKey::new(k, w, g)),
        0..12,
    )
}

fn arb_opts() -> impl Strategy<Value = SearchOptions> {
    (0usize..50, 0u32..45, 0u16..4, 0u32..100).prop_map(|(limit, cap, min_groups, budget)| {
        SearchOptions {
            limit,
            max_enumerate_df: cap,
            min_groups,
            fallback_max_postings: budget,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn search_matches_reference(
        (n, adds) in arb_adds(),
        small_max_df in prop::option::of(0u32..10),
        queries in prop::collection::vec((arb_query(), arb_opts()), 1..4),
    ) {
        let model = Model::new(n, &adds);
        let index = build(&adds, n, small_max_df);
        prop_assert_eq!(index.len_subjects() as u32, model.n);
        for k in 0u64..35 {
            prop_assert_eq!(index.df(k), model.df(k));
            let got: Vec<u32> = index.postings(k).iter().collect();
            let want: Vec<u32> = model.postings.get(&k).map(|p| p.iter().copied().collect()).unwrap_or_default();
            prop_assert_eq!(got, want);
        }
        // One scratch across several queries checks that resets are complete.
        let mut scratch = Scratch::new(&index);
        for (query, o) in &queries {
            let got = index.search(query, o, &mut scratch);
            let want = model.search(query, o);
            prop_assert_eq!(&got, &want, "query {:?} opts {:?}", query, o);
            for c in &got {
                prop_assert_eq!(index.score_subject(c.subject, query), Some(*c));
            }
        }
    }

    #[test]
    fn no_cap_means_exhaustive(
        (n, adds) in arb_adds(),
        query in arb_query(),
    ) {
        // With no key above the cap, every subject matching any query key is
        // scored exactly.
        let model = Model::new(n, &adds);
        let index = build(&adds, n, None);
        let o = SearchOptions { limit: 1000, max_enumerate_df: u32::MAX, min_groups: 0, fallback_max_postings: 0 };
        let mut scratch = Scratch::new(&index);
        let got = index.search(&query, &o, &mut scratch);
        let mut expected: Vec<u32> = (0..model.n)
            .filter(|&s| query.iter().any(|q| model.has(q.key, s)))
            .collect();
        let mut ids: Vec<u32> = got.iter().map(|c| c.subject).collect();
        ids.sort_unstable();
        expected.sort_unstable();
        prop_assert_eq!(ids, expected);
        prop_assert!(!scratch.last_stats().fallback);
    }
}
