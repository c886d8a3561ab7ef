//! Record scoring: one calibrated score in [0, 1] from the name, birth
//! date, document, nationality and gender, with a per-feature account.
//!
//! # Model
//!
//! Each feature adds a log-odds contribution (Fellegi–Sunter style: a
//! positive number is evidence for the same person, a negative one against).
//! The score is `sigmoid(Σ contributions)`. Contributions are fixed,
//! documented numbers rather than a fitted model so that a reviewer can
//! reproduce every score by hand from its explanation. A missing value on
//! either side contributes nothing: absence of evidence is not evidence.
//!
//! The numbers were set so that, on synthetic screening data
//! (`lookout eval` on `lookout synth` output), a score of 0.7 (the default
//! threshold) corresponds to roughly even odds or better that a reviewer
//! confirms the hit; `bench/README.md` reports the calibration table.

use std::fmt::Write as _;

use lookout_names::compare::{NameMatch, TokenSim};
use lookout_names::{MatchKind, PreparedName, Role, Token};
use serde_json::{Value, json};

use crate::date::{DateMatch, PartialDate, compare_dates};
use crate::record::Gender;

/// Default decision threshold.
pub const DEFAULT_THRESHOLD: f32 = 0.7;

/// One feature's part in a score.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    /// `name`, `birth_date`, `document`, `nationality` or `gender`.
    pub name: &'static str,
    /// The encounter's value.
    pub query: String,
    /// The watchlist value it was compared with.
    pub candidate: String,
    /// Log-odds contribution.
    pub contribution: f32,
    /// How the values compare, in words.
    pub detail: String,
}

/// A score and its explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// Score in [0, 1].
    pub score: f32,
    /// Sum of contributions (`score = sigmoid(log_odds)`).
    pub log_odds: f32,
    /// Per-feature contributions, name first.
    pub features: Vec<Feature>,
    /// One line a border officer can read.
    pub summary: String,
    /// Index of the subject name that matched best (0 = primary name).
    pub name_index: usize,
}

impl Explanation {
    /// JSON form of the explanation.
    pub fn to_json(&self) -> Value {
        json!({
            "score": round4(self.score),
            "log_odds": round4(self.log_odds),
            "summary": self.summary,
            "matched_name_index": self.name_index,
            "features": self.features.iter().map(|f| json!({
                "feature": f.name,
                "query": f.query,
                "candidate": f.candidate,
                "contribution": round4(f.contribution),
                "detail": f.detail,
            })).collect::<Vec<_>>(),
        })
    }
}

fn round4(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

/// The logistic function.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Log-odds of a name score, piecewise linear.
///
/// The knots put an exact two-part name at +5 (0.99 alone), one typo in a
/// part near +3.5, and one part of two missing (a namesake on the given
/// name) near -4.5.
pub fn name_log_odds(m: &NameMatch) -> f32 {
    // The floor is -6, not lower: a different name with the same passport
    // number and birth date is still the same document holder, and must
    // remain reviewable.
    const KNOTS: [(f32, f32); 8] = [
        (0.0, -6.0),
        (0.45, -4.5),
        (0.6, -2.5),
        (0.7, -0.5),
        (0.8, 1.5),
        (0.9, 3.2),
        (0.97, 4.5),
        (1.0, 5.0),
    ];
    let s = m.score;
    let mut lo = KNOTS[0];
    let mut v = KNOTS[KNOTS.len() - 1].1;
    for &k in &KNOTS[1..] {
        if s <= k.0 {
            let t = (s - lo.0) / (k.0 - lo.0);
            v = lo.1 + t * (k.1 - lo.1);
            break;
        }
        lo = k;
    }
    // One matched part is thin evidence however well it matches: a
    // mononym, or a shared family name only.
    if m.matched_weight < 1.5 && v > 0.0 {
        v -= 1.5;
    }
    v
}

/// Log-odds of a birth-date comparison. `both_full` is true when both
/// dates are known to the day: a conflict between two full dates is
/// stronger evidence than one involving a partial date.
pub fn date_log_odds(m: DateMatch, both_full: bool) -> f32 {
    match m {
        DateMatch::SameYearDifferentDay if both_full => -2.5,
        DateMatch::Near if both_full => -4.0,
        DateMatch::Exact => 2.5,
        DateMatch::Swapped => 1.5,
        DateMatch::SameMonth => 1.2,
        DateMatch::SameYear => 1.0,
        DateMatch::OneDigit => 1.0,
        DateMatch::YearOffByOne => 0.8,
        DateMatch::YearOffByOneLoose => 0.3,
        DateMatch::SameYearDifferentDay => -1.0,
        DateMatch::Near => -3.0,
        DateMatch::Far => -6.0,
    }
}

/// How two document numbers compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocMatch {
    /// Identical after normalisation.
    Exact,
    /// Identical once OCR-confusable characters (O/0, I/1, S/5, B/8…) are unified.
    OcrConfusion,
    /// Two adjacent characters swapped.
    Transposition,
    /// One character inserted, deleted or replaced.
    OneEdit,
    /// Different numbers.
    Different,
}

impl DocMatch {
    /// Label for explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            DocMatch::Exact => "same number",
            DocMatch::OcrConfusion => "same number but one OCR confusion",
            DocMatch::Transposition => "two characters transposed",
            DocMatch::OneEdit => "one character differs",
            DocMatch::Different => "different number",
        }
    }

    /// Log-odds contribution.
    pub fn log_odds(self) -> f32 {
        match self {
            // Document numbers are close to unique: two people sharing a
            // number by chance is a one-in-millions event, so an exact match
            // is the strongest evidence a record can carry, and a number one
            // OCR slip or one keystroke away is nearly as strong.
            DocMatch::Exact => 8.0,
            DocMatch::OcrConfusion | DocMatch::Transposition => 5.0,
            DocMatch::OneEdit => 3.5,
            // People hold several documents; a different number is only
            // moderate evidence against.
            DocMatch::Different => -1.0,
        }
    }
}

/// Map characters that OCR and tired typists confuse to one representative.
pub fn ocr_canonical(doc: &str) -> String {
    doc.chars()
        .map(|c| match c {
            'O' | 'Q' | 'D' => '0',
            'I' | 'L' | 'T' => '1',
            'Z' => '2',
            'S' => '5',
            'G' => '6',
            'B' => '8',
            c => c,
        })
        .collect()
}

/// Compare two normalised document numbers.
pub fn compare_documents(a: &str, b: &str) -> DocMatch {
    if a == b {
        return DocMatch::Exact;
    }
    let ca = ocr_canonical(a);
    let cb = ocr_canonical(b);
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    if ca == cb && ab.len() == bb.len() && ab.iter().zip(bb).filter(|(x, y)| x != y).count() == 1 {
        return DocMatch::OcrConfusion;
    }
    if ab.len() == bb.len() {
        let diff: Vec<usize> = (0..ab.len()).filter(|&i| ab[i] != bb[i]).collect();
        if diff.len() == 2
            && diff[1] == diff[0] + 1
            && ab[diff[0]] == bb[diff[1]]
            && ab[diff[1]] == bb[diff[0]]
        {
            return DocMatch::Transposition;
        }
    }
    if ab.len().min(bb.len()) >= 5 && lookout_names::compare::fuzzy_distance(ab, bb) == 1 {
        return DocMatch::OneEdit;
    }
    DocMatch::Different
}

/// Contribution of nationality: overlap or none.
pub fn nationality_log_odds(overlap: bool) -> f32 {
    if overlap { 0.4 } else { -0.6 }
}

/// Contribution of gender.
pub fn gender_log_odds(same: bool) -> f32 {
    if same { 0.0 } else { -1.5 }
}

/// What the scorer needs of a watchlist subject.
#[derive(Clone, Debug)]
pub struct SubjectFeatures<'a> {
    /// Prepared names (primary first).
    pub names: &'a [PreparedName],
    /// Birth dates.
    pub birth_dates: &'a [PartialDate],
    /// Nationalities.
    pub nationalities: &'a [String],
    /// Gender.
    pub gender: Option<Gender>,
    /// Normalised document numbers.
    pub documents: &'a [String],
}

/// What the scorer needs of an encounter.
#[derive(Clone, Debug)]
pub struct EncounterFeatures<'a> {
    /// Prepared name.
    pub name: &'a PreparedName,
    /// Birth date.
    pub birth_date: Option<PartialDate>,
    /// Nationality.
    pub nationality: Option<&'a str>,
    /// Gender.
    pub gender: Option<Gender>,
    /// Normalised document number.
    pub document: Option<&'a str>,
}

/// The numbers behind a score, computed without building any text: the
/// screening hot path scores every candidate with this and explains only
/// the hits it returns.
#[derive(Clone, Debug)]
pub struct Assessment {
    /// Score in [0, 1].
    pub score: f32,
    /// Sum of contributions.
    pub log_odds: f32,
    /// Which subject name matched best, its comparison and contribution.
    pub name: Option<(usize, NameMatch, f32)>,
    /// Best birth-date comparison: candidate date index, level, contribution.
    pub date: Option<(usize, DateMatch, f32)>,
    /// Best document comparison: candidate document index and level.
    pub document: Option<(usize, DocMatch)>,
    /// Nationality overlap, when both sides have one.
    pub nationality: Option<bool>,
    /// Same gender, when both sides have one.
    pub gender: Option<bool>,
    /// The exact-document rule raised the score to its floor.
    pub document_rule: bool,
}

/// Log-odds floor for an exact document-number match (score 0.73, above
/// the default threshold).
pub const DOCUMENT_RULE_FLOOR: f32 = 1.0;

/// Score an encounter against a subject (numbers only).
pub fn assess(
    q: &EncounterFeatures<'_>,
    s: &SubjectFeatures<'_>,
    sim: &mut dyn FnMut(&Token, &Token) -> TokenSim,
) -> Assessment {
    let mut name: Option<(usize, NameMatch, f32)> = None;
    for (i, n) in s.names.iter().enumerate() {
        let m = lookout_names::compare::compare_with(q.name, n, sim);
        let lo = name_log_odds(&m);
        if name.as_ref().is_none_or(|b| lo > b.2) {
            name = Some((i, m, lo));
        }
    }
    let full = |x: &PartialDate| x.day.is_some() && !x.is_year_like();
    let date = q.birth_date.and_then(|d| {
        s.birth_dates
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let m = compare_dates(&d, c);
                (i, m, date_log_odds(m, full(&d) && full(c)))
            })
            .max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)))
    });
    let document = q.document.and_then(|doc| {
        s.documents
            .iter()
            .enumerate()
            .map(|(i, c)| (i, compare_documents(doc, c)))
            .max_by(|a, b| {
                a.1.log_odds()
                    .total_cmp(&b.1.log_odds())
                    .then(b.0.cmp(&a.0))
            })
    });
    let nationality = q
        .nationality
        .filter(|_| !s.nationalities.is_empty())
        .map(|n| s.nationalities.iter().any(|c| c == n));
    let gender = match (q.gender, s.gender) {
        (Some(a), Some(b)) => Some(a == b),
        _ => None,
    };
    let mut log_odds = name.as_ref().map_or(0.0, |n| n.2)
        + date.map_or(0.0, |d| d.2)
        + document.map_or(0.0, |d| d.1.log_odds())
        + nationality.map_or(0.0, nationality_log_odds)
        + gender.map_or(0.0, gender_log_odds);
    // A watchlisted document number presented at a border is reviewed
    // whatever the name and date say: either the record has an error, or
    // someone else carries the document.
    let document_rule =
        matches!(document, Some((_, DocMatch::Exact))) && log_odds < DOCUMENT_RULE_FLOOR;
    if document_rule {
        log_odds = DOCUMENT_RULE_FLOOR;
    }
    let score = sigmoid(log_odds).clamp(0.0, 1.0);
    Assessment {
        score,
        log_odds,
        name,
        date,
        document,
        nationality,
        gender,
        document_rule,
    }
}

/// Score an encounter against a subject, with the full explanation.
pub fn score(
    q: &EncounterFeatures<'_>,
    s: &SubjectFeatures<'_>,
    sim: &mut dyn FnMut(&Token, &Token) -> TokenSim,
) -> Explanation {
    explain(q, s, &assess(q, s, sim))
}

/// Turn an assessment into its explanation.
pub fn explain(q: &EncounterFeatures<'_>, s: &SubjectFeatures<'_>, a: &Assessment) -> Explanation {
    let mut features = Vec::with_capacity(5);
    let mut summary_parts: Vec<String> = Vec::new();
    let mut name_index = 0;
    if let Some((i, m, lo)) = &a.name {
        name_index = *i;
        let cand = &s.names[*i];
        summary_parts.push(format!(
            "name {:.2}{}: {}",
            m.score,
            if *i > 0 { " (alias)" } else { "" },
            short_alignment(q.name, cand, m)
        ));
        features.push(Feature {
            name: "name",
            query: q.name.original.clone(),
            candidate: cand.original.clone(),
            contribution: *lo,
            detail: describe_alignment(q.name, cand, m),
        });
    }
    if let (Some(d), Some((i, m, lo))) = (q.birth_date, a.date) {
        let cd = &s.birth_dates[i];
        summary_parts.push(format!("born {d} vs {cd} ({})", m.as_str()));
        features.push(Feature {
            name: "birth_date",
            query: d.to_string(),
            candidate: cd.to_string(),
            contribution: lo,
            detail: m.as_str().to_string(),
        });
    }
    if let (Some(doc), Some((i, m))) = (q.document, a.document) {
        summary_parts.push(format!("document {}", m.as_str()));
        features.push(Feature {
            name: "document",
            query: doc.to_string(),
            candidate: s.documents[i].clone(),
            contribution: m.log_odds(),
            detail: m.as_str().to_string(),
        });
    }
    if let (Some(n), Some(overlap)) = (q.nationality, a.nationality) {
        if !overlap {
            summary_parts.push(format!("nationality {n} vs {}", s.nationalities.join("/")));
        }
        features.push(Feature {
            name: "nationality",
            query: n.to_string(),
            candidate: s.nationalities.join("|"),
            contribution: nationality_log_odds(overlap),
            detail: if overlap {
                "shared".into()
            } else {
                "different".into()
            },
        });
    }
    if let (Some(qg), Some(cg), Some(same)) = (q.gender, s.gender, a.gender) {
        if !same {
            summary_parts.push("gender differs".into());
        }
        features.push(Feature {
            name: "gender",
            query: qg.as_str().into(),
            candidate: cg.as_str().into(),
            contribution: gender_log_odds(same),
            detail: if same {
                "same".into()
            } else {
                "different".into()
            },
        });
    }
    if a.document_rule {
        let sum: f32 = features.iter().map(|f| f.contribution).sum();
        summary_parts.push("exact document match: always reviewed".into());
        features.push(Feature {
            name: "document_rule",
            query: String::new(),
            candidate: String::new(),
            contribution: a.log_odds - sum,
            detail: "an exact match on a watchlisted document number is always sent for review"
                .into(),
        });
    }
    let summary = format!(
        "possible match {:.2} — {}",
        a.score,
        summary_parts.join("; ")
    );
    Explanation {
        score: a.score,
        log_odds: a.log_odds,
        features,
        summary,
        name_index,
    }
}

fn token_label(t: &Token) -> String {
    if t.script == lookout_names::Script::Latin {
        t.primary().to_string()
    } else {
        t.display.clone()
    }
}

/// Compact alignment for the summary line: `mohamed=محمد, abdelrahman~abd رحمن`.
fn short_alignment(q: &PreparedName, c: &PreparedName, m: &NameMatch) -> String {
    let mut out = String::new();
    for p in &m.pairs {
        if !out.is_empty() {
            out.push_str(", ");
        }
        let qs: Vec<String> = p.query.clone().map(|i| token_label(&q.tokens[i])).collect();
        let cs: Vec<String> = p
            .candidate
            .clone()
            .map(|j| token_label(&c.tokens[j]))
            .collect();
        let op = match p.kind {
            MatchKind::Exact => "=",
            MatchKind::Variant | MatchKind::VowelTolerant | MatchKind::Skeleton => "≈",
            _ => "~",
        };
        let _ = write!(out, "{}{op}{}", qs.join(" "), cs.join(" "));
    }
    let extra: Vec<String> = m
        .unmatched_query
        .iter()
        .map(|&(i, counts)| {
            format!(
                "{}{}",
                if counts { "+" } else { "+(alias) " },
                token_label(&q.tokens[i])
            )
        })
        .chain(m.unmatched_candidate.iter().map(|&(j, counts)| {
            format!(
                "{}{}",
                if counts { "-" } else { "-(alias) " },
                token_label(&c.tokens[j])
            )
        }))
        .collect();
    if !extra.is_empty() {
        let _ = write!(out, " [{}]", extra.join(" "));
    }
    out
}

/// Full alignment for the structured explanation.
fn describe_alignment(q: &PreparedName, c: &PreparedName, m: &NameMatch) -> String {
    let mut parts: Vec<String> = Vec::new();
    for p in &m.pairs {
        let qs: Vec<String> = p.query.clone().map(|i| token_label(&q.tokens[i])).collect();
        let cs: Vec<String> = p
            .candidate
            .clone()
            .map(|j| token_label(&c.tokens[j]))
            .collect();
        let crossed = if p.crossed {
            ", across bin/ibn: halved"
        } else {
            ""
        };
        parts.push(format!(
            "{} ↔ {}: {} {:.2} (weight {:.2}{crossed})",
            qs.join(" "),
            cs.join(" "),
            p.kind,
            p.sim,
            p.weight
        ));
    }
    for &(i, counts) in &m.unmatched_query {
        let t = &q.tokens[i];
        parts.push(format!(
            "{}: only in encounter{}",
            token_label(t),
            if counts {
                String::new()
            } else {
                format!(" ({}; no penalty)", role_label(t.role))
            }
        ));
    }
    for &(j, counts) in &m.unmatched_candidate {
        let t = &c.tokens[j];
        parts.push(format!(
            "{}: only on watchlist{}",
            token_label(t),
            if counts {
                String::new()
            } else {
                format!(" ({}; no penalty)", role_label(t.role))
            }
        ));
    }
    format!("name score {:.2}; {}", m.score, parts.join("; "))
}

fn role_label(r: Role) -> &'static str {
    match r {
        Role::Kunya => "kunya",
        Role::Nisba => "nisba",
        Role::Title => "title",
        Role::Connector => "connector",
        Role::Initial => "initial",
        Role::Patronymic => "patronymic",
        Role::Name => "name",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_levels() {
        assert_eq!(compare_documents("AB1234567", "AB1234567"), DocMatch::Exact);
        assert_eq!(
            compare_documents("AB1234567", "A81234567"),
            DocMatch::OcrConfusion
        );
        assert_eq!(
            compare_documents("AB1234567", "AB1243567"),
            DocMatch::Transposition
        );
        assert_eq!(
            compare_documents("AB1234567", "AB1234767"),
            DocMatch::OneEdit
        );
        assert_eq!(
            compare_documents("AB1234567", "XY9876543"),
            DocMatch::Different
        );
    }

    #[test]
    fn sigmoid_bounds() {
        assert!(sigmoid(-100.0) >= 0.0 && sigmoid(100.0) <= 1.0);
        assert!((sigmoid(0.0) - 0.5).abs() < 1e-6);
    }
}
