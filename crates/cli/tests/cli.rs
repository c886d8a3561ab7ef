//! The `lookout` binary end to end: help, synthetic data, screening,
//! single-name lookup, evaluation, the demo, and how bad input is reported.
//!
//! Data is small (a few hundred synthetic identities) so that the whole
//! file runs in well under half a minute on a debug build. Loading the
//! embedded name-variant table (several seconds in a debug build)
//! dominates, so only the tests about screening quality use it; tests about
//! formats and errors pass `--no-variants` and use the Latin-only fixtures
//! in `tests/fixtures/` (a native-script name compared with a Latin one
//! loads the table even with `--no-variants`).
//!
//! Every identity here is synthetic: common given and family names
//! combined at random, or `lookout synth` output.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const WL_HEADER: &str = "subject_id,name,aliases,birth_date,nationality,gender,document_numbers";

fn lookout() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lookout"));
    c.timeout(Duration::from_secs(180));
    c
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

fn tmp() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// `lookout synth --seed 7 --subjects 200 --encounters 300 --out DIR`.
fn synth(dir: &Path, seed: u64) {
    lookout()
        .args([
            "synth",
            "--seed",
            &seed.to_string(),
            "--subjects",
            "200",
            "--encounters",
            "300",
            "--out",
            s(dir),
        ])
        .assert()
        .success();
}

/// A temporary directory holding the seed-7 synthetic set.
fn synth_data() -> TempDir {
    let d = tmp();
    synth(d.path(), 7);
    d
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = r
        .records()
        .map(|x| x.expect("record").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------------------
// Help
// ---------------------------------------------------------------------------

#[test]
fn help_lists_every_subcommand() {
    let out = lookout()
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("UTF-8");
    for sub in ["synth", "screen", "match", "eval", "demo", "index"] {
        assert!(
            text.contains(sub),
            "`lookout --help` must list {sub}:\n{text}"
        );
    }
}

#[test]
fn help_works_for_every_subcommand_and_mentions_its_options() {
    let cases: [(&str, &[&str]); 6] = [
        (
            "synth",
            &[
                "--seed",
                "--subjects",
                "--encounters",
                "--match-rate",
                "--hard-negative-rate",
                "--out",
            ],
        ),
        (
            "screen",
            &[
                "--watchlist",
                "--encounters",
                "--out",
                "--threshold",
                "--top",
                "--format",
                "--skip-bad-rows",
                "--no-variants",
                "--candidates",
            ],
        ),
        (
            "match",
            &[
                "--watchlist",
                "--birth-date",
                "--nationality",
                "--gender",
                "--document",
                "--threshold",
                "--top",
                "--json",
                "<NAME>",
            ],
        ),
        (
            "eval",
            &[
                "--watchlist",
                "--encounters",
                "--truth",
                "--threshold",
                "--by",
                "--json",
                "--hits-out",
                "--skip-bad-rows",
            ],
        ),
        ("demo", &["--seed", "--subjects", "--encounters", "--show"]),
        ("index", &["--watchlist", "--out"]),
    ];
    for (sub, options) in cases {
        for how in [vec![sub, "--help"], vec!["help", sub]] {
            let out = lookout()
                .args(&how)
                .assert()
                .success()
                .get_output()
                .stdout
                .clone();
            let text = String::from_utf8(out).expect("UTF-8");
            assert!(text.contains("Usage:"), "{how:?}:\n{text}");
            for o in options {
                assert!(
                    text.contains(o),
                    "`lookout {}` must mention {o}:\n{text}",
                    how.join(" ")
                );
            }
        }
    }
}

#[test]
fn version_is_printed() {
    lookout()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("lookout "));
}

#[test]
fn usage_errors_exit_with_code_2() {
    for args in [
        vec!["frobnicate"],
        vec!["screen", "--watchlist", "w.csv", "--encounters", "e.csv"],
        vec![
            "screen",
            "--watchlist",
            "w.csv",
            "--encounters",
            "e.csv",
            "--out",
            "h.csv",
            "--format",
            "xml",
        ],
        vec![
            "screen",
            "--watchlist",
            "w.csv",
            "--encounters",
            "e.csv",
            "--out",
            "h.csv",
            "--threshold",
            "high",
        ],
        vec!["match", "--watchlist", "w.csv"],
    ] {
        let out = lookout().args(&args).assert().code(2).get_output().clone();
        let err = stderr_of(&out);
        assert!(
            err.starts_with("error: ") && err.contains("--help"),
            "{args:?}:\n{err}"
        );
    }
}

// ---------------------------------------------------------------------------
// synth
// ---------------------------------------------------------------------------

#[test]
fn synth_writes_the_three_contract_files_with_their_headers() {
    let d = synth_data();
    let (wh, wrows) = read_csv(&d.path().join("watchlist.csv"));
    assert_eq!(
        wh[..7],
        WL_HEADER.split(',').collect::<Vec<_>>()[..],
        "watchlist.csv starts with the contract columns"
    );
    assert_eq!(wrows.len(), 200);
    let (eh, erows) = read_csv(&d.path().join("encounters.csv"));
    assert_eq!(
        eh[..6],
        [
            "encounter_id",
            "name",
            "birth_date",
            "nationality",
            "gender",
            "document_number"
        ]
    );
    assert!(
        eh.contains(&"culture".to_string()) && eh.contains(&"script".to_string()),
        "{eh:?}"
    );
    assert_eq!(erows.len(), 300);
    let (th, trows) = read_csv(&d.path().join("truth.csv"));
    assert_eq!(th, ["encounter_id", "subject_id"]);
    assert!(!trows.is_empty());
    // Truth refers to rows that exist.
    let enc: HashSet<&str> = erows.iter().map(|r| r[0].as_str()).collect();
    let sub: HashSet<&str> = wrows.iter().map(|r| r[0].as_str()).collect();
    for t in &trows {
        assert!(
            enc.contains(t[0].as_str()) && sub.contains(t[1].as_str()),
            "{t:?}"
        );
    }
    // LF line ends, UTF-8 without BOM.
    let bytes = std::fs::read(d.path().join("watchlist.csv")).expect("read");
    assert!(!bytes.starts_with(b"\xef\xbb\xbf") && !bytes.contains(&b'\r'));
}

#[test]
fn synth_is_byte_identical_for_the_same_seed() {
    let (a, b, c) = (tmp(), tmp(), tmp());
    synth(a.path(), 7);
    synth(b.path(), 7);
    synth(c.path(), 8);
    let mut differs = false;
    for f in ["watchlist.csv", "encounters.csv", "truth.csv"] {
        let x = std::fs::read(a.path().join(f)).expect("read");
        let y = std::fs::read(b.path().join(f)).expect("read");
        assert!(x == y, "{f} differs between two runs with seed 7");
        differs |= x != std::fs::read(c.path().join(f)).expect("read");
    }
    assert!(differs, "seed 8 must give other data than seed 7");
}

#[test]
fn synth_rejects_invalid_rates() {
    let d = tmp();
    lookout()
        .args([
            "synth",
            "--match-rate",
            "1.5",
            "--subjects",
            "10",
            "--encounters",
            "10",
            "--out",
            s(d.path()),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--match-rate"));
}

// ---------------------------------------------------------------------------
// screen
// ---------------------------------------------------------------------------

#[test]
fn screen_writes_hits_csv_with_scores_at_or_above_the_threshold() {
    let d = synth_data();
    let hits = d.path().join("hits.csv");
    let out = lookout()
        .args([
            "screen",
            "--watchlist",
            s(&d.path().join("watchlist.csv")),
            "--encounters",
            s(&d.path().join("encounters.csv")),
        ])
        .args(["--out", s(&hits), "--threshold", "0.75", "--top", "3"])
        .assert()
        .success()
        .get_output()
        .clone();
    let err = stderr_of(&out);
    assert!(
        err.contains("possible match"),
        "the run reminds that hits need review:\n{err}"
    );
    assert!(!d.path().join("hits.csv.partial").exists());

    let (header, rows) = read_csv(&hits);
    assert_eq!(
        header,
        ["encounter_id", "subject_id", "score", "explanation"]
    );
    assert!(
        rows.len() >= 20,
        "expected hits on a set with 30% true matches, got {}",
        rows.len()
    );
    let (_, erows) = read_csv(&d.path().join("encounters.csv"));
    let (_, wrows) = read_csv(&d.path().join("watchlist.csv"));
    let enc: HashSet<&str> = erows.iter().map(|r| r[0].as_str()).collect();
    let sub: HashSet<&str> = wrows.iter().map(|r| r[0].as_str()).collect();
    let mut per_encounter: HashMap<&str, usize> = HashMap::new();
    for r in &rows {
        let score: f64 = r[2].parse().unwrap_or_else(|_| panic!("score {:?}", r[2]));
        assert!((0.0..=1.0).contains(&score), "{r:?}");
        assert!(score >= 0.75, "hit below the threshold: {r:?}");
        assert!(
            enc.contains(r[0].as_str()) && sub.contains(r[1].as_str()),
            "{r:?}"
        );
        assert!(!r[3].is_empty(), "every hit carries an explanation: {r:?}");
        *per_encounter.entry(r[0].as_str()).or_default() += 1;
    }
    assert!(
        per_encounter.values().all(|&n| n <= 3),
        "--top 3 is respected"
    );
}

#[test]
fn screen_jsonl_writes_one_object_per_line_with_explanation_features() {
    let d = tmp();
    let hits = d.path().join("hits.jsonl");
    lookout()
        .args([
            "screen",
            "--watchlist",
            s(&fixture("watchlist.csv")),
            "--encounters",
            s(&fixture("encounters.csv")),
        ])
        .args(["--out", s(&hits), "--format", "jsonl", "--no-variants"])
        .assert()
        .success();
    let text = std::fs::read_to_string(&hits).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 3, "hits on E1, E2, E5 at least:\n{text}");
    for line in lines {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            v["encounter_id"].is_string() && v["subject_id"].is_string(),
            "{v}"
        );
        let score = v["score"].as_f64().expect("score");
        assert!((0.7..=1.0).contains(&score), "{v}");
        let features = v["explanation"]["features"]
            .as_array()
            .unwrap_or_else(|| panic!("explanation.features: {v}"));
        assert!(!features.is_empty());
        assert_eq!(features[0]["feature"], "name", "{v}");
        for f in features {
            assert!(
                f["contribution"].is_number() && f["detail"].is_string(),
                "{f}"
            );
        }
        assert!(v["explanation"]["summary"].is_string());
    }
}

#[test]
fn screen_out_dash_writes_hits_to_stdout() {
    let out = lookout()
        .args([
            "screen",
            "--watchlist",
            s(&fixture("watchlist.csv")),
            "--encounters",
            s(&fixture("encounters.csv")),
        ])
        .args(["--out", "-", "--no-variants"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(
        text.starts_with("encounter_id,subject_id,score,explanation\n"),
        "{text}"
    );
    assert!(
        text.contains("E1,S1,"),
        "the exact name with the same document is a hit:\n{text}"
    );
    assert!(
        !text.contains("E4,"),
        "an unrelated name is not a hit:\n{text}"
    );
}

// ---------------------------------------------------------------------------
// match
// ---------------------------------------------------------------------------

/// A subject of the synthetic watchlist whose name (as a set of words) is
/// not shared by any other name or alias, with at least two words.
fn distinctive_subject(watchlist: &Path) -> (String, String, String) {
    let (h, rows) = read_csv(watchlist);
    let col = |n: &str| h.iter().position(|x| x == n).expect(n);
    let (ci, cn, ca, cd) = (
        col("subject_id"),
        col("name"),
        col("aliases"),
        col("birth_date"),
    );
    let key = |n: &str| {
        let mut w: Vec<String> = n
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        w.sort();
        w
    };
    let mut count: HashMap<Vec<String>, usize> = HashMap::new();
    for r in &rows {
        let mut keys: HashSet<Vec<String>> = HashSet::new();
        keys.insert(key(&r[cn]));
        for a in r[ca].split('|').filter(|a| !a.trim().is_empty()) {
            keys.insert(key(a));
        }
        for k in keys {
            *count.entry(k).or_default() += 1;
        }
    }
    rows.iter()
        .find(|r| {
            let k = key(&r[cn]);
            k.len() >= 2 && count[&k] == 1 && !r[cd].is_empty()
        })
        .map(|r| {
            (
                r[ci].clone(),
                r[cn].clone(),
                r[cd].split('|').next().unwrap_or("").to_string(),
            )
        })
        .expect("a distinctive subject")
}

#[test]
fn match_json_finds_a_synthetic_subject_by_its_own_name_first() {
    let d = synth_data();
    let wl = d.path().join("watchlist.csv");
    let (id, name, dob) = distinctive_subject(&wl);
    let out = lookout()
        .args([
            "match",
            "--watchlist",
            s(&wl),
            &name,
            "--birth-date",
            &dob,
            "--json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(v["query"]["name"], name.as_str());
    let cands = v["candidates"].as_array().expect("candidates");
    assert!(!cands.is_empty(), "{v}");
    assert_eq!(
        cands[0]["subject_id"],
        id.as_str(),
        "{name:?} must find {id} first: {v:#}"
    );
    let mut last = f64::INFINITY;
    for c in cands {
        let score = c["score"].as_f64().expect("score");
        assert!(
            (0.0..=1.0).contains(&score) && score <= last,
            "scores in [0,1], best first: {v:#}"
        );
        last = score;
        let x = &c["explanation"];
        assert!(x["summary"].as_str().is_some_and(|t| !t.is_empty()), "{c}");
        let features = x["features"].as_array().expect("features");
        assert!(features.iter().any(|f| f["feature"] == "name"), "{c}");
    }
    let best = &cands[0]["explanation"]["features"];
    assert!(
        best.as_array()
            .is_some_and(|f| f.iter().any(|f| f["feature"] == "birth_date")),
        "the birth date is explained: {best}"
    );
}

#[test]
fn match_text_output_explains_each_candidate() {
    lookout()
        .args([
            "match",
            "--watchlist",
            s(&fixture("watchlist.csv")),
            "Youssef HADDAD",
            "--nationality",
            "SY",
            "--no-variants",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("S2 Yusuf Haddad")
                .and(predicate::str::contains("name"))
                .and(predicate::str::contains("nationality")),
        );
}

#[test]
fn match_rejects_invalid_query_fields() {
    let wl = fixture("watchlist.csv");
    for (flag, value, needle) in [
        ("--birth-date", "87", "87"),
        ("--birth-date", "1987-02-30", "1987-02-30"),
        ("--birth-date", "1987/04/08", "1987/04/08"),
        ("--nationality", "FRA", "FRA"),
        ("--gender", "x", "\"x\""),
    ] {
        let out = lookout()
            .args([
                "match",
                "--watchlist",
                s(&wl),
                "Karim Oukili",
                flag,
                value,
                "--no-variants",
            ])
            .assert()
            .code(1)
            .get_output()
            .clone();
        let err = stderr_of(&out);
        assert!(
            err.starts_with("error: ") && err.contains(flag) && err.contains(needle),
            "{flag} {value}:\n{err}"
        );
    }
    lookout()
        .args(["match", "--watchlist", s(&wl), "  ", "--no-variants"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty"));
}

// ---------------------------------------------------------------------------
// eval
// ---------------------------------------------------------------------------

#[test]
fn eval_json_reports_the_documented_metrics_per_culture() {
    let d = synth_data();
    let out = lookout()
        .args([
            "eval",
            "--watchlist",
            s(&d.path().join("watchlist.csv")),
            "--encounters",
            s(&d.path().join("encounters.csv")),
        ])
        .args([
            "--truth",
            s(&d.path().join("truth.csv")),
            "--json",
            "--by",
            "culture",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("JSON");
    let overall = &v["overall"];
    for k in [
        "recall",
        "precision",
        "f1",
        "false_alerts_per_1000_clean",
        "recall_at_10",
        "retrieval_recall",
    ] {
        let x = overall[k]
            .as_f64()
            .unwrap_or_else(|| panic!("overall.{k} missing: {v:#}"));
        if k == "false_alerts_per_1000_clean" {
            assert!(x >= 0.0, "{k} = {x}");
        } else {
            assert!((0.0..=1.0).contains(&x), "{k} = {x}");
        }
    }
    assert!(
        overall["recall"].as_f64().unwrap_or(0.0) > 0.5,
        "the engine finds most synthetic true matches: {overall}"
    );
    assert!(
        v["encounters_per_second"].as_f64().is_some_and(|x| x > 0.0),
        "{v:#}"
    );
    let by = v["by"]["culture"]
        .as_object()
        .unwrap_or_else(|| panic!("by.culture: {v:#}"));
    assert!(
        by.len() >= 3,
        "several cultures in 300 synthetic encounters: {:?}",
        by.keys().collect::<Vec<_>>()
    );
    let mut encounters = 0;
    for (culture, m) in by {
        assert!(!culture.is_empty());
        assert!(
            m["recall"].is_number() && m["retrieval_recall"].is_number(),
            "{culture}: {m}"
        );
        encounters += m["encounters"].as_u64().expect("encounters");
    }
    assert_eq!(encounters, 300, "the slices partition the encounters");
}

#[test]
fn eval_text_by_culture_prints_a_table_and_writes_scored_candidates() {
    let d = tmp();
    let scored = d.path().join("scored.csv");
    let out = lookout()
        .args([
            "eval",
            "--watchlist",
            s(&fixture("watchlist.csv")),
            "--encounters",
            s(&fixture("encounters.csv")),
        ])
        .args([
            "--truth",
            s(&fixture("truth.csv")),
            "--by",
            "culture",
            "--hits-out",
            s(&scored),
            "--no-variants",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("UTF-8");
    for needle in [
        "recall",
        "precision",
        "false_alerts_per_1000_clean",
        "recall_at_10",
        "retrieval_recall",
        "by culture:",
        "maghrebi",
        "western",
    ] {
        assert!(text.contains(needle), "missing {needle:?}:\n{text}");
    }
    let (h, rows) = read_csv(&scored);
    assert_eq!(h, ["encounter_id", "subject_id", "score"]);
    assert!(
        rows.iter().any(|r| r[0] == "E1" && r[1] == "S1"),
        "{rows:?}"
    );
}

#[test]
fn eval_rejects_an_unknown_by_column() {
    let out = lookout()
        .args([
            "eval",
            "--watchlist",
            s(&fixture("watchlist.csv")),
            "--encounters",
            s(&fixture("encounters.csv")),
        ])
        .args([
            "--truth",
            s(&fixture("truth.csv")),
            "--by",
            "colour",
            "--no-variants",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = stderr_of(&out);
    assert!(
        err.contains("\"colour\"") && err.contains("culture") && err.contains("script"),
        "names the column and the choices:\n{err}"
    );
}

// ---------------------------------------------------------------------------
// demo
// ---------------------------------------------------------------------------

#[test]
fn demo_runs_and_prints_explanations() {
    let out = lookout()
        .args(["demo", "--subjects", "300", "--encounters", "400"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("UTF-8");
    for needle in [
        "synthetic",
        "possible match",
        "name ",
        "score",
        "recall",
        "by culture:",
    ] {
        assert!(text.contains(needle), "missing {needle:?}:\n{text}");
    }
}

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

/// A copy of the fixture watchlist with `extra` rows appended.
fn watchlist_with(dir: &Path, extra: &[&str]) -> PathBuf {
    let mut text = std::fs::read_to_string(fixture("watchlist.csv")).expect("fixture");
    for r in extra {
        text.push_str(r);
        text.push('\n');
    }
    let p = dir.join("watchlist.csv");
    std::fs::write(&p, text).expect("write");
    p
}

fn encounters_with(dir: &Path, extra: &[&str]) -> PathBuf {
    let mut text = std::fs::read_to_string(fixture("encounters.csv")).expect("fixture");
    for r in extra {
        text.push_str(r);
        text.push('\n');
    }
    let p = dir.join("encounters.csv");
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn screen_stops_at_a_malformed_watchlist_row_and_leaves_no_hits_file() {
    let d = tmp();
    // Line 8: the fixture has a header and six subjects.
    let wl = watchlist_with(d.path(), &["S7,Rashid Farouk,,87,,,"]);
    let hits = d.path().join("hits.csv");
    let out = lookout()
        .args([
            "screen",
            "--watchlist",
            s(&wl),
            "--encounters",
            s(&fixture("encounters.csv")),
            "--out",
            s(&hits),
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = stderr_of(&out);
    let location = format!("{}:8:4: birth_date: ", wl.display());
    assert!(
        err.starts_with("error: ") && err.contains(&location),
        "expected {location:?} in:\n{err}"
    );
    assert!(!hits.exists(), "no hits.csv after a failed run");
    assert!(
        !d.path().join("hits.csv.partial").exists(),
        "no partial file after a failed run"
    );
}

#[test]
fn screen_stops_at_a_malformed_encounter_row_and_leaves_no_hits_file() {
    let d = tmp();
    // Line 9: header, six encounters, one good extra row, then the bad one.
    let enc = encounters_with(
        d.path(),
        &[
            "E7,Samira Khalil,1991,LB,f,,levantine,Latin",
            "E8,Tarek Zahra,1987|1988,,m,,levantine,Latin",
        ],
    );
    let hits = d.path().join("hits.csv");
    let out = lookout()
        .args([
            "screen",
            "--watchlist",
            s(&fixture("watchlist.csv")),
            "--encounters",
            s(&enc),
            "--out",
            s(&hits),
            "--no-variants",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = stderr_of(&out);
    let location = format!("{}:9:3: birth_date: ", enc.display());
    assert!(err.contains(&location), "expected {location:?} in:\n{err}");
    assert!(!hits.exists(), "no hits.csv after a failed run");
    assert!(
        !d.path().join("hits.csv.partial").exists(),
        "no partial file after a failed run"
    );
}

#[test]
fn screen_skip_bad_rows_continues_and_reports_every_skipped_row() {
    let d = tmp();
    let wl = watchlist_with(d.path(), &["S7,,,,,,", "S8,Rashid Farouk,,1980,SYR,,"]);
    let enc = encounters_with(
        d.path(),
        &["E7,Samira Khalil,1991,LB,female,,levantine,Latin"],
    );
    let hits = d.path().join("hits.csv");
    let out = lookout()
        .args([
            "screen",
            "--watchlist",
            s(&wl),
            "--encounters",
            s(&enc),
            "--out",
            s(&hits),
            "--skip-bad-rows",
            "--no-variants",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let err = stderr_of(&out);
    for location in [
        format!("{}:8:2: name: ", wl.display()),
        format!("{}:9:5: nationality: ", wl.display()),
        format!("{}:8:5: gender: ", enc.display()),
    ] {
        assert!(err.contains(&location), "expected {location:?} in:\n{err}");
    }
    assert!(err.contains("skipped"), "{err}");
    let (_, rows) = read_csv(&hits);
    assert!(
        rows.iter().any(|r| r[0] == "E1" && r[1] == "S1"),
        "good rows are still screened: {rows:?}"
    );
}

#[test]
fn screen_rejects_a_threshold_outside_zero_to_one() {
    let d = tmp();
    let hits = d.path().join("hits.csv");
    for t in ["1.5", "NaN"] {
        let out = lookout()
            .args([
                "screen",
                "--watchlist",
                s(&fixture("watchlist.csv")),
                "--encounters",
                s(&fixture("encounters.csv")),
            ])
            .args(["--out", s(&hits), "--threshold", t, "--no-variants"])
            .assert()
            .code(1)
            .get_output()
            .clone();
        let err = stderr_of(&out);
        assert!(
            err.contains("--threshold") && err.contains("between 0 and 1"),
            "{t}:\n{err}"
        );
        assert!(!hits.exists());
    }
}

/// `match` and `eval` take a `--threshold` too; a value outside [0, 1] can
/// never be met by a score and must be refused as `screen` refuses it.
#[test]
fn match_and_eval_reject_a_threshold_outside_zero_to_one() {
    let (wl, enc, truth) = (
        fixture("watchlist.csv"),
        fixture("encounters.csv"),
        fixture("truth.csv"),
    );
    let runs: Vec<Vec<&str>> = vec![
        vec![
            "match",
            "--watchlist",
            s(&wl),
            "Karim Oukili",
            "--threshold",
            "1.5",
            "--no-variants",
        ],
        vec![
            "eval",
            "--watchlist",
            s(&wl),
            "--encounters",
            s(&enc),
            "--truth",
            s(&truth),
            "--threshold",
            "1.5",
            "--no-variants",
        ],
    ];
    for args in runs {
        let out = lookout().args(&args).assert().code(1).get_output().clone();
        let err = stderr_of(&out);
        assert!(
            err.contains("--threshold") && err.contains("between 0 and 1"),
            "{args:?}:\n{err}"
        );
    }
}

#[test]
fn missing_input_files_are_named_in_the_error() {
    let d = tmp();
    let nowhere = d.path().join("no-such-file.csv");
    let hits = d.path().join("hits.csv");
    let wl = fixture("watchlist.csv");
    let enc = fixture("encounters.csv");
    let runs: Vec<Vec<&str>> = vec![
        vec![
            "screen",
            "--watchlist",
            s(&nowhere),
            "--encounters",
            s(&enc),
            "--out",
            s(&hits),
        ],
        vec![
            "screen",
            "--watchlist",
            s(&wl),
            "--encounters",
            s(&nowhere),
            "--out",
            s(&hits),
            "--no-variants",
        ],
        vec!["match", "--watchlist", s(&nowhere), "Karim Oukili"],
        vec![
            "eval",
            "--watchlist",
            s(&wl),
            "--encounters",
            s(&enc),
            "--truth",
            s(&nowhere),
            "--no-variants",
        ],
    ];
    for args in runs {
        let out = lookout().args(&args).assert().code(1).get_output().clone();
        let err = stderr_of(&out);
        assert!(
            err.starts_with("error: ") && err.contains("no-such-file.csv"),
            "{args:?}:\n{err}"
        );
        assert!(!hits.exists(), "{args:?} left a hits file");
    }
}
