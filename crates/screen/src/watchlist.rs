//! A watchlist prepared for screening: names prepared once, a candidate
//! index over their keys, and the per-encounter screening path
//! (retrieve → score → threshold).

use lookout_index::{
    Candidate, Index, IndexBuilder, QueryKey, Scratch as IndexScratch, SearchOptions,
};
use lookout_names::keys::{KeyKind, NameKey, hash_key, name_keys};
use lookout_names::normalize::document_number;
use lookout_names::{PrepareOptions, PreparedName, Token, TokenSim, prepare_with, token_sim};
use rayon::prelude::*;
use rphonetic::DoubleMetaphone;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::date::PartialDate;
use crate::record::{Encounter, Gender, Subject};
use crate::score::{
    Assessment, DEFAULT_THRESHOLD, EncounterFeatures, Explanation, SubjectFeatures, assess,
    explain, ocr_canonical, score,
};

/// Engine-wide options fixed when the watchlist is built.
#[derive(Clone, Copy, Debug)]
pub struct EngineOptions {
    /// Use the embedded name-variant table.
    pub variants: bool,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions { variants: true }
    }
}

/// Candidates retrieved with less than this share of the best candidate's
/// retrieval score are not scored: they share only a common part of the
/// name with the encounter. On the public sets this loses no true match
/// (bench/README.md).
pub const RETRIEVAL_FLOOR: f32 = 0.25;

/// Candidates fully scored per encounter by default. Retrieval recall on
/// the public sets is flat from 16 upwards (bench/README.md); 24 leaves a
/// margin for large lists with many namesakes.
pub const DEFAULT_CANDIDATES: usize = 24;

/// Per-query screening options.
#[derive(Clone, Copy, Debug)]
pub struct ScreenOptions {
    /// Hits scoring below this are dropped.
    pub threshold: f32,
    /// At most this many hits per encounter (best first).
    pub top: usize,
    /// Candidates retrieved from the index for full scoring.
    pub candidates: usize,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions {
            threshold: DEFAULT_THRESHOLD,
            top: 10,
            candidates: DEFAULT_CANDIDATES,
        }
    }
}

/// A subject with everything the scorer needs precomputed.
#[derive(Clone, Debug)]
pub struct PreparedSubject {
    /// Prepared names, primary first.
    pub names: Vec<PreparedName>,
    /// Normalised document numbers.
    pub documents: Vec<String>,
}

/// A possible match, for a human to review.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Encounter id.
    pub encounter_id: String,
    /// Subject id.
    pub subject_id: String,
    /// Score in [0, 1].
    pub score: f32,
    /// Why.
    pub explanation: Explanation,
}

impl Hit {
    /// JSON form (one line of `--format jsonl`).
    pub fn to_json(&self) -> Value {
        json!({
            "encounter_id": self.encounter_id,
            "subject_id": self.subject_id,
            "score": (f64::from(self.score) * 10_000.0).round() / 10_000.0,
            "review": "possible match: a person must confirm or dismiss it",
            "explanation": self.explanation.to_json(),
        })
    }
}

/// Result of screening one encounter.
#[derive(Clone, Debug, Default)]
pub struct Screened {
    /// Hits above the threshold, best first, at most `top`.
    pub hits: Vec<Hit>,
    /// Subjects the index retrieved (dense ids), for retrieval-recall
    /// measurement.
    pub retrieved: Vec<u32>,
    /// Every scored candidate `(subject, score)`, best first.
    pub scored: Vec<(u32, f32)>,
}

/// Per-thread buffers: index accumulators, query keys, and the memo of
/// token similarities for the encounter being screened.
pub struct Scratch {
    index: IndexScratch,
    keys: Vec<QueryKey>,
    memo: HashMap<u64, TokenSim, BuildPairHasher>,
}

/// Hasher for the memo's packed `(query token, watchlist token)` keys:
/// one multiply instead of SipHash, which showed up in profiles. The keys
/// are our own ids, so hash flooding is not a concern.
#[derive(Clone, Copy, Default)]
pub struct BuildPairHasher;

/// See [`BuildPairHasher`].
#[derive(Default)]
pub struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (v ^ (v >> 29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl std::hash::BuildHasher for BuildPairHasher {
    type Hasher = PairHasher;
    fn build_hasher(&self) -> PairHasher {
        PairHasher(0)
    }
}

/// A scratch on loan from the watchlist's pool; returned on drop.
pub struct PooledScratch<'a> {
    scratch: Option<Scratch>,
    pool: &'a Mutex<Vec<Scratch>>,
}

impl std::ops::Deref for PooledScratch<'_> {
    type Target = Scratch;
    fn deref(&self) -> &Scratch {
        self.scratch.as_ref().expect("present until drop")
    }
}

impl std::ops::DerefMut for PooledScratch<'_> {
    fn deref_mut(&mut self) -> &mut Scratch {
        self.scratch.as_mut().expect("present until drop")
    }
}

impl Drop for PooledScratch<'_> {
    fn drop(&mut self) {
        if let (Some(s), Ok(mut pool)) = (self.scratch.take(), self.pool.lock()) {
            pool.push(s);
        }
    }
}

/// A prepared watchlist.
pub struct Watchlist {
    subjects: Vec<Subject>,
    prepared: Vec<PreparedSubject>,
    index: Index,
    options: EngineOptions,
    dm: DoubleMetaphone,
    // Scratches are sized to the index (a dense accumulator per subject);
    // rayon creates many short jobs, so they are pooled, not re-allocated.
    pool: Mutex<Vec<Scratch>>,
}

/// Subjects prepared per parallel chunk when building a watchlist.
const BUILD_CHUNK: usize = 16_384;

const GROUP_PAIR: u16 = 1000;
const GROUP_DOC: u16 = 2000;
const GROUP_YEAR: u16 = 3000;
const GROUP_NATIONALITY: u16 = 3001;

// Birth year and nationality are far too common to retrieve by; they are
// indexed as tie-breakers, so that among a thousand namesakes of a common
// name the ones born the right year reach the scorer first. The index
// never enumerates such common keys: it only adds their weight to
// subjects that the name keys found.
fn year_key(year: u16) -> u64 {
    hash_key(KeyKind::Document, &format!("year:{year}"))
}

fn nationality_key(code: &str) -> u64 {
    hash_key(KeyKind::Document, &format!("nat:{code}"))
}

fn doc_keys(doc: &str, out: &mut Vec<u64>) {
    // The OCR-canonical number and its one-deletion variants: two numbers
    // one substitution, insertion, deletion or transposition apart share
    // at least one of them (the symmetric-deletion trick).
    let c = ocr_canonical(doc);
    if c.len() < 4 {
        return;
    }
    out.push(hash_key(KeyKind::Document, &c));
    let b = c.as_bytes();
    for i in 0..b.len() {
        let mut v = Vec::with_capacity(b.len() - 1);
        v.extend_from_slice(&b[..i]);
        v.extend_from_slice(&b[i + 1..]);
        out.push(hash_key(
            KeyKind::Document,
            &format!("~{}", String::from_utf8_lossy(&v)),
        ));
    }
}

impl Watchlist {
    /// Prepare every subject (in parallel) and build the index.
    pub fn build(subjects: Vec<Subject>, options: EngineOptions) -> Watchlist {
        Self::build_with_progress(subjects, options, &|_| {})
    }

    /// As [`Watchlist::build`], calling `progress(n)` as subjects are prepared.
    pub fn build_with_progress(
        subjects: Vec<Subject>,
        options: EngineOptions,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Watchlist {
        let popts = PrepareOptions {
            variants: options.variants,
        };
        let dm = DoubleMetaphone::new(None);
        let prepare_one = |s: &Subject| {
            let names: Vec<PreparedName> = s.names().map(|n| prepare_with(n, popts)).collect();
            let documents: Vec<String> = s
                .documents
                .iter()
                .map(|d| document_number(d))
                .filter(|d| !d.is_empty())
                .collect();
            let mut keys: Vec<u64> = Vec::new();
            for n in &names {
                keys.extend(name_keys(n, &dm).into_iter().map(|k| k.key));
            }
            for d in &documents {
                doc_keys(d, &mut keys);
            }
            for d in &s.birth_dates {
                keys.push(year_key(d.year));
            }
            for n in &s.nationalities {
                keys.push(nationality_key(n));
            }
            keys.sort_unstable();
            keys.dedup();
            progress(1);
            (PreparedSubject { names, documents }, keys)
        };
        let mut b = IndexBuilder::new();
        b.set_num_subjects(subjects.len() as u32);
        let mut out = Vec::with_capacity(subjects.len());
        // Intern tokens: equal tokens share an id, so a query compares
        // each distinct watchlist token once (Muhammad appears in
        // thousands of names), and memory holds each distinct token once.
        // Subjects are prepared in parallel chunks and interned between
        // chunks, so that the un-shared tokens of only one chunk are ever
        // alive at once (a million subjects would otherwise peak at
        // several GiB).
        let mut interned: HashMap<String, Arc<Token>> = HashMap::new();
        let mut next_subject = 0u32;
        for chunk in subjects.chunks(BUILD_CHUNK) {
            let prepared: Vec<(PreparedSubject, Vec<u64>)> =
                chunk.par_iter().map(prepare_one).collect();
            for (mut p, keys) in prepared {
                b.add(next_subject, &keys);
                next_subject += 1;
                for n in p.names.iter_mut() {
                    for t in n.tokens.iter_mut() {
                        let next = interned.len() as u32;
                        let shared = interned.entry(t.intern_key()).or_insert_with(|| {
                            let mut own = (**t).clone();
                            own.id = next;
                            Arc::new(own)
                        });
                        *t = Arc::clone(shared);
                    }
                }
                out.push(p);
            }
        }
        Watchlist {
            subjects,
            prepared: out,
            index: b.build(),
            options,
            dm,
            pool: Mutex::new(Vec::new()),
        }
    }

    /// Reassemble a watchlist from its parts (used by snapshots; the
    /// tokens must already be interned).
    pub fn from_parts(
        subjects: Vec<Subject>,
        prepared: Vec<PreparedSubject>,
        index: Index,
        options: EngineOptions,
    ) -> Watchlist {
        Watchlist {
            subjects,
            prepared,
            index,
            options,
            dm: DoubleMetaphone::new(None),
            pool: Mutex::new(Vec::new()),
        }
    }

    /// Prepared subjects, in dense-id order.
    pub fn prepared(&self) -> &[PreparedSubject] {
        &self.prepared
    }

    /// Number of subjects.
    pub fn len(&self) -> usize {
        self.subjects.len()
    }

    /// True if there are no subjects.
    pub fn is_empty(&self) -> bool {
        self.subjects.is_empty()
    }

    /// Subjects, in dense-id order.
    pub fn subjects(&self) -> &[Subject] {
        &self.subjects
    }

    /// The candidate index.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Engine options it was built with.
    pub fn options(&self) -> EngineOptions {
        self.options
    }

    /// Total number of prepared names (primary names and aliases).
    pub fn name_variants(&self) -> usize {
        self.prepared.iter().map(|p| p.names.len()).sum()
    }

    /// Fresh per-thread buffers.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            index: IndexScratch::new(&self.index),
            keys: Vec::new(),
            memo: HashMap::with_hasher(BuildPairHasher),
        }
    }

    /// Buffers from the pool (or fresh ones), returned to it on drop.
    pub fn pooled_scratch(&self) -> PooledScratch<'_> {
        let s = self
            .pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_else(|| self.scratch());
        PooledScratch {
            scratch: Some(s),
            pool: &self.pool,
        }
    }

    /// Screen one encounter.
    pub fn screen(&self, e: &Encounter, opts: &ScreenOptions, scratch: &mut Scratch) -> Screened {
        let (mut name, doc) = self.prepare_encounter(e);
        // Query tokens get ids outside the watchlist's range, for the memo.
        for (i, t) in name.tokens.iter_mut().enumerate() {
            Arc::make_mut(t).id = 0x8000_0000 | i as u32;
        }
        self.screen_prepared(e, &name, doc.as_deref(), opts, scratch)
    }

    /// The encounter's name prepared with this watchlist's options, and its
    /// normalised document number.
    fn prepare_encounter(&self, e: &Encounter) -> (PreparedName, Option<String>) {
        let name = prepare_with(
            &e.name,
            PrepareOptions {
                variants: self.options.variants,
            },
        );
        let doc = e
            .document
            .as_deref()
            .map(document_number)
            .filter(|d| !d.is_empty());
        (name, doc)
    }

    fn screen_prepared(
        &self,
        e: &Encounter,
        name: &PreparedName,
        doc: Option<&str>,
        opts: &ScreenOptions,
        scratch: &mut Scratch,
    ) -> Screened {
        scratch.keys.clear();
        for NameKey { key, kind, token } in name_keys(name, &self.dm) {
            let group = if kind == KeyKind::Pair {
                GROUP_PAIR
            } else {
                token
            };
            scratch.keys.push(QueryKey {
                key,
                weight: kind.weight(),
                group,
            });
        }
        if let Some(d) = doc {
            let mut ks = Vec::new();
            doc_keys(d, &mut ks);
            for (i, k) in ks.into_iter().enumerate() {
                // The exact number weighs more than a deletion variant.
                let weight = if i == 0 {
                    KeyKind::Document.weight()
                } else {
                    KeyKind::Document.weight() * 0.7
                };
                scratch.keys.push(QueryKey {
                    key: k,
                    weight,
                    group: GROUP_DOC,
                });
            }
        }
        if let Some(d) = e.birth_date {
            scratch.keys.push(QueryKey {
                key: year_key(d.year),
                weight: 0.5,
                group: GROUP_YEAR,
            });
            for y in [d.year.saturating_sub(1), d.year + 1] {
                scratch.keys.push(QueryKey {
                    key: year_key(y),
                    weight: 0.25,
                    group: GROUP_YEAR,
                });
            }
        }
        if let Some(n) = &e.nationality {
            scratch.keys.push(QueryKey {
                key: nationality_key(n),
                weight: 0.25,
                group: GROUP_NATIONALITY,
            });
        }
        let sopts = SearchOptions {
            limit: opts.candidates,
            // Keys held by more than 0.1% of the list are not walked, only
            // used to re-rank what rarer keys found (see lookout-index).
            max_enumerate_df: (self.len() as u32 / 1000).max(200),
            ..SearchOptions::default()
        };
        let mut cands: Vec<Candidate> =
            self.index.search(&scratch.keys, &sopts, &mut scratch.index);
        // Candidates far behind the best retrieval score share only a
        // common part of the name with the encounter; scoring them fully is
        // most of the cost of a query and they almost never reach the
        // threshold (bench/README.md measures the recall this keeps).
        if let Some(best) = cands.first().map(|c| c.score) {
            let floor = best * RETRIEVAL_FLOOR;
            cands.retain(|c| c.score >= floor);
        }
        let q = EncounterFeatures {
            name,
            birth_date: e.birth_date,
            nationality: e.nationality.as_deref(),
            gender: e.gender,
            document: doc,
        };
        scratch.memo.clear();
        let memo = &mut scratch.memo;
        let mut sim = |a: &Token, b: &Token| -> TokenSim {
            if a.id == Token::UNINTERNED || b.id == Token::UNINTERNED {
                return token_sim(a, b);
            }
            *memo
                .entry(u64::from(a.id) << 32 | u64::from(b.id))
                .or_insert_with(|| token_sim(a, b))
        };
        let mut scored: Vec<(u32, Assessment)> = cands
            .iter()
            .map(|c| {
                (
                    c.subject,
                    assess(&q, &self.features(c.subject as usize), &mut sim),
                )
            })
            .collect();
        scored.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
        let retrieved = cands.iter().map(|c| c.subject).collect();
        let scored_ids = scored.iter().map(|(i, x)| (*i, x.score)).collect();
        let hits = scored
            .into_iter()
            .filter(|(_, x)| x.score >= opts.threshold)
            .take(opts.top)
            .map(|(i, x)| Hit {
                encounter_id: e.id.clone(),
                subject_id: self.subjects[i as usize].id.clone(),
                score: x.score,
                explanation: explain(&q, &self.features(i as usize), &x),
            })
            .collect();
        Screened {
            hits,
            retrieved,
            scored: scored_ids,
        }
    }

    fn features(&self, i: usize) -> SubjectFeatures<'_> {
        let s = &self.subjects[i];
        let p = &self.prepared[i];
        SubjectFeatures {
            names: &p.names,
            birth_dates: &s.birth_dates,
            nationalities: &s.nationalities,
            gender: s.gender,
            documents: &p.documents,
        }
    }

    /// Score an encounter against one subject directly (no retrieval).
    pub fn explain(&self, e: &Encounter, subject: usize) -> Explanation {
        let (name, doc) = self.prepare_encounter(e);
        let q = EncounterFeatures {
            name: &name,
            birth_date: e.birth_date,
            nationality: e.nationality.as_deref(),
            gender: e.gender,
            document: doc.as_deref(),
        };
        score(&q, &self.features(subject), &mut |a, b| token_sim(a, b))
    }
}

/// Build an encounter from loose parts (for `lookout match`).
pub fn encounter(
    name: &str,
    birth_date: Option<PartialDate>,
    nationality: Option<&str>,
    gender: Option<Gender>,
    document: Option<&str>,
) -> Encounter {
    Encounter {
        id: "query".into(),
        name: name.into(),
        birth_date,
        nationality: nationality.map(|n| n.to_ascii_uppercase()),
        gender,
        document: document.map(str::to_string),
        extra: Vec::new(),
    }
}
