//! Data-driven golden tests: every phenomenon the engine must handle is a
//! line of `golden/pairs.txt`, run through one `check` helper. The scores
//! obtained are pinned in `golden/pairs.expected`, so any change in scoring
//! shows up as a reviewable diff (set `UPDATE_GOLDEN=1` to accept it).

use std::fmt::Write as _;
use std::path::Path;

use lookout_screen::watchlist::encounter;
use lookout_screen::{EngineOptions, Gender, PartialDate, Subject, Watchlist};

const THRESHOLD: f32 = lookout_screen::DEFAULT_THRESHOLD;

#[derive(Default)]
struct Side {
    name: String,
    aka: Vec<String>,
    dob: Vec<PartialDate>,
    nat: Vec<String>,
    gender: Option<Gender>,
    doc: Vec<String>,
}

fn parse_side(s: &str) -> Side {
    let mut parts = s.split(';').map(str::trim);
    let mut side = Side {
        name: parts.next().unwrap_or("").to_string(),
        ..Side::default()
    };
    for p in parts {
        let (k, v) = p
            .split_once('=')
            .unwrap_or_else(|| panic!("bad field {p:?}"));
        let vals = v.split('|').map(str::trim);
        match k {
            "aka" => side.aka.push(v.to_string()),
            "dob" => side
                .dob
                .extend(vals.map(|d| PartialDate::parse(d).expect("date"))),
            "nat" => side.nat.extend(vals.map(str::to_string)),
            "gender" => side.gender = Gender::parse(v).expect("gender"),
            "doc" => side.doc.extend(vals.map(str::to_string)),
            _ => panic!("unknown field {k}"),
        }
    }
    side
}

enum Expect {
    Match,
    NoMatch,
    AtLeast(f32),
    AtMost(f32),
}

fn parse_expect(s: &str) -> Expect {
    match s.trim() {
        "match" => Expect::Match,
        "no-match" => Expect::NoMatch,
        s if s.starts_with(">=") => Expect::AtLeast(s[2..].trim().parse().expect("bound")),
        s if s.starts_with("<=") => Expect::AtMost(s[2..].trim().parse().expect("bound")),
        s => panic!("bad expectation {s:?}"),
    }
}

/// Score one encounter against one subject and check the expectation.
/// Returns the score line for the golden file, or a failure message.
fn check(query: &str, candidate: &str, expect: &str) -> (String, Option<String>) {
    let q = parse_side(query);
    let c = parse_side(candidate);
    let subject = Subject {
        id: "S1".into(),
        name: c.name,
        aliases: c.aka,
        birth_dates: c.dob,
        nationalities: c.nat,
        gender: c.gender,
        documents: c.doc,
    };
    let wl = Watchlist::build(vec![subject], EngineOptions::default());
    let e = encounter(
        &q.name,
        q.dob.first().copied(),
        q.nat.first().map(String::as_str),
        q.gender,
        q.doc.first().map(String::as_str),
    );
    let x = wl.explain(&e, 0);
    // The explained score must also be what screening returns through the
    // index (retrieval must find the subject whenever it is a match).
    let mut scratch = wl.scratch();
    let screened = wl.screen(
        &e,
        &lookout_screen::ScreenOptions {
            threshold: 0.0,
            ..Default::default()
        },
        &mut scratch,
    );
    let ok = match parse_expect(expect) {
        Expect::Match => x.score >= THRESHOLD,
        Expect::NoMatch => x.score < THRESHOLD,
        Expect::AtLeast(b) => x.score >= b,
        Expect::AtMost(b) => x.score <= b,
    };
    let line = format!("{:.3}  {query} || {candidate}", x.score);
    let mut failure = None;
    if !ok {
        failure = Some(format!(
            "{query} || {candidate}: expected {expect}, got {:.3}\n  {}",
            x.score, x.summary
        ));
    } else if x.score >= THRESHOLD
        && !screened
            .hits
            .iter()
            .any(|h| (h.score - x.score).abs() < 1e-6)
    {
        failure = Some(format!(
            "{query} || {candidate}: scores {:.3} but retrieval did not return it",
            x.score
        ));
    }
    (line, failure)
}

#[test]
fn golden_pairs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let input = std::fs::read_to_string(dir.join("pairs.txt")).expect("pairs.txt");
    let mut actual = String::new();
    let mut failures = Vec::new();
    for line in input.lines() {
        if line.starts_with("## ") {
            let _ = writeln!(actual, "{line}");
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (pair, expect) = line.rsplit_once("=>").expect("=>");
        let (q, c) = pair.split_once("||").expect("||");
        let (out, fail) = check(q.trim(), c.trim(), expect.trim());
        let _ = writeln!(actual, "{out}");
        failures.extend(fail);
    }
    let expected_path = dir.join("pairs.expected");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &actual).expect("write golden");
    }
    assert!(
        failures.is_empty(),
        "{} golden pair(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(
        expected, actual,
        "scores changed; review and rerun with UPDATE_GOLDEN=1"
    );
}
