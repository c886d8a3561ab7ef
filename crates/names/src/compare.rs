//! Comparing prepared names: token similarity, order-free alignment and a
//! name score with a full account of how it was reached.
//!
//! The score answers "how much of both names is accounted for by
//! corresponding parts". Parts that are alias material (kunya, nisba,
//! title, connector) count when they match and cost nothing when they do
//! not. The candidate's family name (its last ordinary part) weighs more,
//! because a shared given name is the commonest false alarm.

use std::fmt;

use rapidfuzz::distance::osa;

use std::sync::Arc;

use crate::parse::Role;
use crate::prepare::{PreparedName, Token};
use crate::script::Script;
use crate::variants::VariantTable;

/// How two tokens were found to correspond.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// Same spelling (after folding or romanisation).
    Exact,
    /// Spellings of one name per the variant table.
    Variant,
    /// Same consonants, different vowels.
    VowelTolerant,
    /// Same consonant skeleton (cross-script or across conventions).
    Skeleton,
    /// Close spellings (typing error or unusual romanisation).
    Fuzzy,
    /// An initial against a full name part.
    Initial,
    /// One side is two parts written as one on the other side.
    Joined,
}

impl MatchKind {
    /// Lower-case label for explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Variant => "variant",
            MatchKind::VowelTolerant => "vowels",
            MatchKind::Skeleton => "skeleton",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Initial => "initial",
            MatchKind::Joined => "joined",
        }
    }
}

impl fmt::Display for MatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Similarity of two tokens in [0, 1] and the reason.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TokenSim {
    /// Similarity in [0, 1].
    pub sim: f32,
    /// Why.
    pub kind: MatchKind,
}

const NO_MATCH: TokenSim = TokenSim {
    sim: 0.0,
    kind: MatchKind::Fuzzy,
};

/// Below this a token pair is not aligned at all.
pub const MIN_TOKEN_SIM: f32 = 0.55;

/// Compare two tokens.
pub fn token_sim(a: &Token, b: &Token) -> TokenSim {
    // An initial only ever matches the first letter of a full part.
    let a_init = a.role == Role::Initial;
    let b_init = b.role == Role::Initial;
    if a_init || b_init {
        if a_init && b_init {
            return if a.primary() == b.primary() {
                TokenSim {
                    sim: 1.0,
                    kind: MatchKind::Exact,
                }
            } else {
                NO_MATCH
            };
        }
        let (init, full) = if a_init { (a, b) } else { (b, a) };
        let letter = init.primary().as_bytes().first().copied();
        if full
            .forms
            .iter()
            .any(|f| f.as_bytes().first().copied() == letter)
        {
            return TokenSim {
                sim: 0.9,
                kind: MatchKind::Initial,
            };
        }
        return NO_MATCH;
    }
    let mut best = NO_MATCH;
    for fa in &a.forms {
        if b.forms.iter().any(|fb| fb == fa) {
            // Two unvowelled Arabic spellings that agree are the same word;
            // an unvowelled rendering equal to a Latin one is as good.
            return TokenSim {
                sim: 1.0,
                kind: MatchKind::Exact,
            };
        }
    }
    if a.groups.iter().any(|g| b.groups.binary_search(g).is_ok()) {
        consider(&mut best, 0.95, MatchKind::Variant);
    }
    let cross = a.unvowelled || b.unvowelled;
    if !cross {
        for va in &a.vtol {
            if va.len() >= 3 && b.vtol.iter().any(|vb| vb == va) {
                consider(&mut best, 0.93, MatchKind::VowelTolerant);
            }
        }
    }
    // Unvowelled Arabic against a Latin spelling: align them knowing which
    // vowels Arabic writes (see `abjad_distance`).
    if let Some(s) = abjad_sim(a, b) {
        consider(&mut best, s, MatchKind::Skeleton);
    }
    // Skeletons: exact agreement, or (cross-script only) one edit on
    // longer skeletons that start alike: unvowelled Arabic loses letters
    // that romanisations keep, but a different first consonant is a
    // different name (Mohamed / Ahmad).
    for sa in &a.skeletons {
        for sb in &b.skeletons {
            let len = sa.len().max(sb.len());
            if len < 2 {
                continue;
            }
            // Arabic-Latin pairs were handled above, with vowels.
            let arabic_latin = (a.unvowelled && b.script == Script::Latin)
                || (b.unvowelled && a.script == Script::Latin);
            let s = if arabic_latin {
                0.0
            } else if sa == sb {
                // Between two vowelled spellings the skeleton ignores too
                // much (Lowry / Oliver): demand the same first letter and
                // similar lengths.
                // A two-consonant skeleton (mn, sn) is shared by many
                // names: weaker evidence.
                if cross {
                    if len >= 3 { 0.92 } else { 0.8 }
                } else if first_letter_same(a, b)
                    && a.primary().len().abs_diff(b.primary().len()) <= 2
                {
                    0.88
                } else {
                    0.0
                }
            } else if cross
                && len >= 4
                && sa.as_bytes()[0] == sb.as_bytes()[0]
                && fuzzy_distance(sa.as_bytes(), sb.as_bytes()) == 1
            {
                0.80
            } else {
                0.0
            };
            // Short skeletons ("l" for Ali, "mr" for Omar) are weak alone:
            // require the first letters of the forms to agree too.
            if s > 0.0 && (len >= 3 || first_letters_agree(a, b)) {
                consider(&mut best, s, MatchKind::Skeleton);
            }
        }
    }
    // A native-script token and a Latin one: compare the Latin token with
    // the attested Latin spellings of the native token's variant groups,
    // so that a typing error in a known name still finds it.
    if a.script != b.script && best.sim < 0.9 {
        let (native, latin) = if a.script == Script::Latin {
            (b, a)
        } else {
            (a, b)
        };
        // Cheap gate first: the romanised native token and the Latin one
        // must be within three consonant edits, or there is no typo to find.
        let plausible = native.skeletons.is_empty()
            || latin.skeletons.is_empty()
            || native.skeletons.iter().any(|x| {
                latin.skeletons.iter().any(|y| {
                    x.len().abs_diff(y.len()) <= 3
                        && fuzzy_distance(x.as_bytes(), y.as_bytes()) <= 3
                })
            });
        // (Without variant groups there is nothing to look up: the table is
        // not even loaded, which keeps `--no-variants` runs fast to start.)
        if plausible
            && !native.groups.is_empty()
            && latin.script == Script::Latin
            && native.script != Script::Latin
        {
            let table = VariantTable::embedded();
            'groups: for g in &native.groups {
                for known in table.latin_forms(*g) {
                    for f in &latin.forms {
                        let s = fuzzy(known, f) * 0.97;
                        if s > best.sim {
                            best = TokenSim {
                                sim: s,
                                kind: MatchKind::Fuzzy,
                            };
                            if s >= 0.9 {
                                break 'groups;
                            }
                        }
                    }
                }
            }
        }
    }
    // Spelling distance on the renderings; unvowelled renderings are not
    // compared letter by letter (their missing vowels are not typos).
    if !cross {
        for fa in &a.forms {
            for fb in &b.forms {
                consider(&mut best, fuzzy(fa, fb), MatchKind::Fuzzy);
            }
        }
    }
    // Two spellings that are each a known name, of different names
    // (Karim / Karin, or the gendered pair Maria / Mario), are not a typo of
    // one another, however close they look. Across scripts this holds even
    // when the consonants agree: `Mahmud` and `محمد` share m-h-m-d, but the
    // Arabic for Mahmud is محمود. Latin spellings of known names whose
    // consonants agree (Jonathan / Jonathon) are left alone: Wikidata often
    // keeps spelling variants as separate items.
    let both_known = !a.groups.is_empty() && !b.groups.is_empty();
    if best.kind != MatchKind::Variant
        && best.sim > DISTINCT_NAMES_CAP
        && both_known
        && ((a.script != b.script && best.kind == MatchKind::Skeleton)
            || !a.skeletons.iter().any(|x| b.skeletons.contains(x))
            || gendered_pair(a.primary(), b.primary()))
    {
        best.sim = DISTINCT_NAMES_CAP;
    }
    best
}

/// Masculine and feminine forms of one name: `maria`/`mario`,
/// `daniel`/`daniela`, `yusupov`/`yusupova`, `kovalsky`/`kovalskaya`,
/// also with a spelling difference in the stem (`barynova`/`baranov`).
pub fn gendered_pair(a: &str, b: &str) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if b.len() == a.len() + 1
        && b.ends_with('a')
        && !a.ends_with('a')
        && a.len() >= 5
        && fuzzy_distance(a.as_bytes(), &b.as_bytes()[..b.len() - 1]) == 1
    {
        return true;
    }
    if b.len() == a.len() + 1 && b.starts_with(a) && b.ends_with('a') {
        return true;
    }
    if a.len() == b.len() && a.len() >= 3 && a[..a.len() - 1] == b[..b.len() - 1] {
        let pair = (a.as_bytes()[a.len() - 1], b.as_bytes()[b.len() - 1]);
        return matches!(
            pair,
            (b'a', b'o') | (b'o', b'a') | (b'a', b'e') | (b'e', b'a')
        );
    }
    if let (Some(x), Some(y)) = (a.strip_suffix("sky"), b.strip_suffix("skaya")) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.strip_suffix("skiy"), b.strip_suffix("skaya")) {
        return x == y;
    }
    false
}

/// Ceiling for two close spellings of distinct known names.
pub const DISTINCT_NAMES_CAP: f32 = 0.7;

/// Similarity of an unvowelled Arabic token and a Latin one, from the
/// vowel-aware alignment of their renderings; `None` for other pairs.
fn abjad_sim(a: &Token, b: &Token) -> Option<f32> {
    let (arabic, latin) = if a.unvowelled && b.script == Script::Latin {
        (a, b)
    } else if b.unvowelled && a.script == Script::Latin {
        (b, a)
    } else {
        return None;
    };
    // Every consonant edit costs at least 0.18 of similarity, so skeletons
    // more than two edits apart cannot reach the alignment floor: skip the
    // alignment (most pairs a query meets are of that kind).
    let near = arabic.skeletons.iter().any(|x| {
        latin.skeletons.iter().any(|y| {
            x.len().abs_diff(y.len()) <= 2 && fuzzy_distance(x.as_bytes(), y.as_bytes()) <= 2
        })
    });
    if !near {
        return None;
    }
    let mut best = 0.0f32;
    for l in &latin.abjad {
        for r in &arabic.abjad {
            let (cost, consonants) = crate::skeleton::abjad_distance_symbols(l, r);
            if consonants == 0 {
                continue;
            }
            // Short tokens carry less evidence per edit: scale by 4/consonants.
            let scale = (4.0 / consonants as f32).clamp(0.75, 2.0);
            let s = 0.95 - 0.18 * cost * scale;
            best = best.max(s);
        }
    }
    (best >= MIN_TOKEN_SIM).then_some(best)
}

fn consider(best: &mut TokenSim, sim: f32, kind: MatchKind) {
    if sim > best.sim {
        *best = TokenSim { sim, kind };
    }
}

fn first_letter_same(a: &Token, b: &Token) -> bool {
    a.primary().as_bytes().first() == b.primary().as_bytes().first()
}

fn first_letters_agree(a: &Token, b: &Token) -> bool {
    a.forms.iter().any(|fa| {
        b.forms
            .iter()
            .any(|fb| fa.as_bytes().first() == fb.as_bytes().first())
    })
}

/// Edit-distance similarity of two ASCII spellings with a length-dependent
/// budget: short names tolerate fewer edits.
pub fn fuzzy(a: &str, b: &str) -> f32 {
    let len = a.len().max(b.len());
    if len == 0 {
        return 0.0;
    }
    let budget = match len {
        0..=3 => 0,
        4..=5 => 1,
        6..=8 => 2,
        _ => 3,
    };
    // The length difference is a lower bound on the distance.
    if a.len().abs_diff(b.len()) > budget {
        return 0.0;
    }
    if budget == 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let d = osa::distance_with_args(
        a.bytes(),
        b.bytes(),
        &osa::Args::default().score_cutoff(budget + 1),
    )
    .unwrap_or(budget + 1);
    if d > budget {
        return 0.0;
    }
    let frac = d as f32 / len as f32;
    // One typo in an 8-letter name gives 0.92; two give 0.84. In a name of
    // four or five letters one edit is as likely another name (Mini /
    // Minu, Omar / Amar) as a typo: 0.78 to 0.82.
    let rate = if len <= 5 { 0.9 } else { 0.65 };
    (1.0 - rate * frac).max(0.0)
}

/// Optimal-string-alignment distance (edits with adjacent transpositions).
pub fn fuzzy_distance(a: &[u8], b: &[u8]) -> usize {
    osa::distance(a.iter().copied(), b.iter().copied())
}

/// One pair of aligned tokens.
#[derive(Clone, Debug, PartialEq)]
pub struct AlignedPair {
    /// Query token indices (two when the candidate wrote them as one word).
    pub query: std::ops::Range<usize>,
    /// Candidate token indices.
    pub candidate: std::ops::Range<usize>,
    /// Token similarity.
    pub sim: f32,
    /// Why they correspond.
    pub kind: MatchKind,
    /// Weight of the pair in the name score.
    pub weight: f32,
    /// The parts sit on different sides of `bin`/`ibn` in the two names
    /// (`Karim bin Yusuf` / `Yusuf bin Karim`: son and father
    /// swapped), which halves their credit.
    pub crossed: bool,
}

/// The comparison of two names, with its working.
#[derive(Clone, Debug, PartialEq)]
pub struct NameMatch {
    /// Name score in [0, 1].
    pub score: f32,
    /// Aligned token pairs.
    pub pairs: Vec<AlignedPair>,
    /// Query tokens left unmatched (index, counted against the score).
    pub unmatched_query: Vec<(usize, bool)>,
    /// Candidate tokens left unmatched (index, counted against the score).
    pub unmatched_candidate: Vec<(usize, bool)>,
    /// Total weight of the aligned pairs: how much evidence the name carries.
    pub matched_weight: f32,
}

/// Penalty factor for an unmatched query (encounter) token.
const UNMATCHED_QUERY: f32 = 0.8;
/// Penalty factor for an unmatched candidate (watchlist) token. Lower:
/// watchlist names often carry father's and grandfather's names that a
/// passport omits.
const UNMATCHED_CANDIDATE: f32 = 0.5;
/// Penalty factor for an unmatched part between two matched parts, when
/// the other side has no leftover to conflict with.
const UNMATCHED_MIDDLE: f32 = 0.3;
/// Penalty factor for an extra part at either end of a name that wholly
/// contains the other.
const EXTRA_PART: f32 = 0.35;
/// Penalty factor for a middle part that conflicts with one on the other side.
const CONFLICT_MIDDLE: f32 = 1.0;
/// The same for leftovers that are not both known names.
const CONFLICT_MIDDLE_WEAK: f32 = 0.8;
/// Penalty factor for conflicting alias material (two different nisbas).
const CONFLICT_EDGE: f32 = 0.8;
/// The candidate's family name counts this much more.
const FAMILY_WEIGHT: f32 = 1.3;

fn role_weight(role: Role) -> f32 {
    match role {
        Role::Name => 1.0,
        Role::Patronymic => 0.5,
        Role::Initial => 0.5,
        Role::Kunya | Role::Nisba => 0.6,
        Role::Title => 0.2,
        Role::Connector => 0.0,
    }
}

fn weights(name: &PreparedName, family: bool) -> Vec<f32> {
    let mut w: Vec<f32> = name.tokens.iter().map(|t| role_weight(t.role)).collect();
    if family {
        let ordinary = name.tokens.iter().filter(|t| t.role == Role::Name).count();
        if ordinary >= 2
            && let Some(last) = name.tokens.iter().rposition(|t| t.role == Role::Name)
        {
            w[last] *= FAMILY_WEIGHT;
        }
    }
    w
}

/// Compare a query name (an encounter) with a candidate name (watchlist).
pub fn compare(query: &PreparedName, candidate: &PreparedName) -> NameMatch {
    compare_with(query, candidate, &mut |a, b| token_sim(a, b))
}

/// Compare with a caller-supplied token similarity (e.g. memoised).
pub fn compare_with(
    query: &PreparedName,
    candidate: &PreparedName,
    sim: &mut dyn FnMut(&Token, &Token) -> TokenSim,
) -> NameMatch {
    let q = &query.tokens;
    let c = &candidate.tokens;
    let wq = weights(query, false);
    let wc = weights(candidate, true);
    // All pairwise similarities above the floor, best first.
    let mut edges: Vec<(f32, usize, usize, MatchKind)> = Vec::with_capacity(q.len() * c.len());
    // (Typical names have at most a dozen pairs: one small allocation.)
    for (i, qt) in q.iter().enumerate() {
        if qt.role == Role::Connector {
            continue;
        }
        for (j, ct) in c.iter().enumerate() {
            if ct.role == Role::Connector {
                continue;
            }
            let s = sim(qt, ct);
            if s.sim >= MIN_TOKEN_SIM {
                edges.push((s.sim, i, j, s.kind));
            }
        }
    }
    // Greedy assignment; ties go to the pair that keeps written order.
    edges.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| {
                (a.1 as isize - a.2 as isize)
                    .abs()
                    .cmp(&(b.1 as isize - b.2 as isize).abs())
            })
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    let mut q_used = vec![false; q.len()];
    let mut c_used = vec![false; c.len()];
    let mut pairs = Vec::new();
    for (s, i, j, kind) in edges {
        if q_used[i] || c_used[j] {
            continue;
        }
        q_used[i] = true;
        c_used[j] = true;
        pairs.push(AlignedPair {
            query: i..i + 1,
            candidate: j..j + 1,
            sim: s,
            kind,
            weight: (wq[i] + wc[j]) / 2.0,
            crossed: false,
        });
    }
    extend_to_neighbours(q, c, &mut q_used, &mut c_used, &mut pairs, &wq, &wc);
    join_adjacent(q, c, &wq, &wc, &mut q_used, &mut c_used, &mut pairs, false);
    join_adjacent(c, q, &wc, &wq, &mut c_used, &mut q_used, &mut pairs, true);

    let mut num = 0.0;
    let mut den = 0.0;
    let mut matched_weight = 0.0;
    if let (Some(qc), Some(cc)) = (first_connector(q), first_connector(c)) {
        for p in pairs.iter_mut() {
            p.crossed = (p.query.start < qc) != (p.candidate.start < cc);
        }
    }
    for p in &pairs {
        num += p.weight * credit(if p.crossed { p.sim * 0.5 } else { p.sim });
        den += p.weight;
        matched_weight += p.weight;
    }
    // Unmatched parts. When only one side has leftovers, the other name
    // is contained in it: the leftovers are *extra* parts (a father's name
    // on a passport, a watchlist entry's full lineage) and cost little.
    // When both sides have leftovers they *conflict* (a different middle
    // name, a different family name) and cost more. Alias material
    // (kunya, nisba, title) costs nothing when extra, but two different
    // nisbas, or two different patronymics, are a conflict too.
    let q_span = matched_span(&q_used);
    let c_span = matched_span(&c_used);
    let left = |toks: &[Arc<Token>], used: &[bool], role_ok: &dyn Fn(Role) -> bool| -> bool {
        toks.iter()
            .enumerate()
            .any(|(i, t)| !used[i] && role_ok(t.role))
    };
    let plain = |r: Role| !r.is_alias_material();
    let nisba = |r: Role| r == Role::Nisba;
    let conflict = left(q, &q_used, &plain) && left(c, &c_used, &plain);
    // A conflict between two *known, different* names (Ahmed / Yahya,
    // Ibrahimovich / Magomedovich) is firm evidence of two people; between
    // spellings we simply failed to align it is weaker.
    let known_conflict = conflict
        && q.iter().enumerate().any(|(i, a)| {
            !q_used[i]
                && !a.groups.is_empty()
                && c.iter().enumerate().any(|(j, b)| {
                    !c_used[j]
                        && !b.groups.is_empty()
                        && !a.groups.iter().any(|g| b.groups.binary_search(g).is_ok())
                })
        });
    let conflict_middle = if known_conflict {
        CONFLICT_MIDDLE
    } else {
        CONFLICT_MIDDLE_WEAK
    };
    let nisba_conflict = left(q, &q_used, &nisba) && left(c, &c_used, &nisba);
    let factor = |role: Role, middle: bool, query_side: bool| -> Option<f32> {
        if role == Role::Nisba && nisba_conflict {
            return Some(CONFLICT_EDGE);
        }
        if role.is_alias_material() {
            return None;
        }
        // A conflicting father's name weighs as much as any name part.
        let conflict_boost = if known_conflict && role == Role::Patronymic {
            2.0
        } else {
            1.0
        };
        Some(
            conflict_boost
                * match (conflict, middle) {
                    (true, true) => conflict_middle,
                    (true, false) if query_side => UNMATCHED_QUERY,
                    (true, false) => UNMATCHED_CANDIDATE,
                    (false, true) => UNMATCHED_MIDDLE,
                    (false, false) => EXTRA_PART,
                },
        )
    };
    let mut unmatched_query = Vec::new();
    for (i, t) in q.iter().enumerate() {
        if !q_used[i] && t.role != Role::Connector {
            let f = factor(t.role, inside(q_span, i), true);
            if let Some(f) = f {
                den += f * wq[i];
            }
            unmatched_query.push((i, f.is_some()));
        }
    }
    let mut unmatched_candidate = Vec::new();
    for (j, t) in c.iter().enumerate() {
        if !c_used[j] && t.role != Role::Connector {
            let f = factor(t.role, inside(c_span, j), false);
            if let Some(f) = f {
                den += f * wc[j];
            }
            unmatched_candidate.push((j, f.is_some()));
        }
    }
    let score = if den > 0.0 {
        (num / den).clamp(0.0, 1.0)
    } else {
        0.0
    };
    pairs.sort_by_key(|p| p.query.start);
    NameMatch {
        score,
        pairs,
        unmatched_query,
        unmatched_candidate,
        matched_weight,
    }
}

/// Credit of an aligned pair in the name score. Above 0.85 (a typo, a
/// variant spelling) the similarity counts as is; below, the pair is more
/// likely two different names that happen to look alike, and its credit
/// falls three times as fast.
fn credit(sim: f32) -> f32 {
    const KNEE: f32 = 0.85;
    if sim >= KNEE {
        sim
    } else {
        (sim - 2.0 * (KNEE - sim)).max(0.0)
    }
}

fn first_connector(toks: &[Arc<Token>]) -> Option<usize> {
    toks.iter().position(|t| t.role == Role::Connector)
}

fn matched_span(used: &[bool]) -> Option<(usize, usize)> {
    let first = used.iter().position(|u| *u)?;
    let last = used.iter().rposition(|u| *u)?;
    Some((first, last))
}

fn inside(span: Option<(usize, usize)>, i: usize) -> bool {
    span.is_some_and(|(a, b)| a < i && i < b)
}

/// A part matched on its own may really be half of a word the other side
/// writes as one (`Hoe-Seong` / `هوسونغ`, `Kinam` / `كي-نام`): if an
/// unmatched neighbour joined to it matches the counterpart better, take
/// the joined form.
fn extend_to_neighbours(
    q: &[Arc<Token>],
    c: &[Arc<Token>],
    q_used: &mut [bool],
    c_used: &mut [bool],
    pairs: &mut [AlignedPair],
    wq: &[f32],
    wc: &[f32],
) {
    for p in pairs.iter_mut() {
        if p.sim >= 0.99 || p.query.len() != 1 || p.candidate.len() != 1 {
            continue;
        }
        let (i, j) = (p.query.start, p.candidate.start);
        // Query-side neighbours, then candidate-side ones.
        for (side_q, lo) in [(true, true), (true, false), (false, true), (false, false)] {
            let (toks, used, k) = if side_q {
                (q, &*q_used, i)
            } else {
                (c, &*c_used, j)
            };
            let n = if lo {
                k.checked_sub(1)
            } else {
                Some(k + 1).filter(|&n| n < toks.len())
            };
            let Some(n) = n else { continue };
            if used[n] || toks[n].role == Role::Connector {
                continue;
            }
            // Only worth trying when the counterpart is longer than this
            // part alone, i.e. could also spell the neighbour.
            let own = toks[k].forms.iter().map(String::len).max().unwrap_or(0);
            let other = if side_q { &c[j] } else { &q[i] };
            let theirs = other.forms.iter().map(String::len).max().unwrap_or(0);
            if theirs < own + 2 {
                continue;
            }
            let (x, y) = if lo {
                (&toks[n], &toks[k])
            } else {
                (&toks[k], &toks[n])
            };
            let joined = joined_token(x, y);
            let s = if side_q {
                token_sim(&joined, &c[j]).sim
            } else {
                token_sim(&q[i], &joined).sim
            };
            if s > p.sim + 0.02 {
                let range = if lo { n..k + 1 } else { k..n + 1 };
                if side_q {
                    q_used[n] = true;
                    p.query = range;
                    p.weight = ((wq[n] + wq[i]) / 2.0 + wc[j]) / 2.0 * 1.5;
                } else {
                    c_used[n] = true;
                    p.candidate = range;
                    p.weight = (wq[i] + (wc[n] + wc[j]) / 2.0) / 2.0 * 1.5;
                }
                p.sim = s;
                p.kind = MatchKind::Joined;
                break;
            }
        }
    }
}

/// Cheap test before joining `x` and `y` to compare with `target`: their
/// consonant skeletons together must be about as long as the target's.
fn could_be_joined(x: &Token, y: &Token, target: &Token) -> bool {
    let len = |t: &Token| t.skeletons.iter().map(String::len).min().unwrap_or(0);
    let joined = len(x) + len(y);
    target
        .skeletons
        .iter()
        .any(|s| s.len().abs_diff(joined) <= 1)
}

/// A token standing for two adjacent tokens written as one word, with
/// every rendering pair concatenated, so that the ordinary token
/// comparison (skeletons, variants, cross-script) applies to it.
fn joined_token(x: &Token, y: &Token) -> Token {
    let mut forms: Vec<String> = Vec::with_capacity(x.forms.len() * y.forms.len());
    for a in &x.forms {
        for b in &y.forms {
            let f = format!("{a}{b}");
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
    }
    let vtol = forms
        .iter()
        .map(|f| crate::skeleton::vowel_tolerant(f))
        .collect();
    let mut skeletons: Vec<String> = Vec::new();
    for f in &forms {
        let s = crate::skeleton::skeleton(f);
        if !s.is_empty() && !skeletons.contains(&s) {
            skeletons.push(s);
        }
    }
    Token {
        display: format!("{}{}", x.display, y.display),
        script: x.script,
        role: Role::Name,
        compound: x.compound,
        forms,
        vtol,
        skeletons,
        groups: Vec::new(),
        abjad: Vec::new(),
        unvowelled: x.unvowelled || y.unvowelled,
        id: Token::UNINTERNED,
    }
    .with_abjad()
}

/// Two adjacent unmatched tokens on side `a` written as one unmatched token
/// on side `b` (`Abdel Hamid` / `Abdelhamid`, `Van Dijk` / `Vandijk`).
#[allow(clippy::too_many_arguments)]
fn join_adjacent(
    a: &[Arc<Token>],
    b: &[Arc<Token>],
    wa: &[f32],
    wb: &[f32],
    a_used: &mut [bool],
    b_used: &mut [bool],
    pairs: &mut Vec<AlignedPair>,
    swapped: bool,
) {
    if a.len() < 2 {
        return;
    }
    for i in 0..a.len() - 1 {
        if a_used[i] || a_used[i + 1] {
            continue;
        }
        // Built lazily: most leftover pairs have no counterpart of the
        // right length, and building a joined token allocates.
        let mut joined: Option<Token> = None;
        for j in 0..b.len() {
            if b_used[j] || !could_be_joined(&a[i], &a[i + 1], &b[j]) {
                continue;
            }
            let joined = joined.get_or_insert_with(|| joined_token(&a[i], &a[i + 1]));
            let best = token_sim(joined, &b[j]).sim;
            if best >= 0.8 {
                a_used[i] = true;
                a_used[i + 1] = true;
                b_used[j] = true;
                let weight = ((wa[i] + wa[i + 1]) / 2.0 + wb[j]) / 2.0 * 1.5;
                let (query, candidate) = if swapped {
                    (j..j + 1, i..i + 2)
                } else {
                    (i..i + 2, j..j + 1)
                };
                pairs.push(AlignedPair {
                    query,
                    candidate,
                    sim: best,
                    kind: MatchKind::Joined,
                    weight,
                    crossed: false,
                });
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepare::prepare;

    fn score(a: &str, b: &str) -> f32 {
        compare(&prepare(a), &prepare(b)).score
    }

    #[test]
    fn basic_behaviour() {
        assert!(score("Mohamed Abderrahmane", "محمد عبد الرحمن") > 0.85);
        assert!(score("ABDELRAHMAN Mohammed", "Mohamed Abderrahmane") > 0.85);
        assert!(score("Ivan Petrov", "Omar Hassan") < 0.1);
    }
}
