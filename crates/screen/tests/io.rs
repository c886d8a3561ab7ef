//! The CSV contract (schema v1) as read by `lookout_screen::io`: valid
//! files parse, and every bad row is reported as
//! `file:line:column: column-name: reason` with the right place.
//!
//! Every identity here is synthetic: common given and family names
//! combined at random.

use std::path::{Path, PathBuf};

use lookout_screen::date::{DateMatch, compare_dates};
use lookout_screen::io::{
    BadRow, EncounterReader, Error, ReadOptions, read_encounters, read_truth, read_watchlist,
};
use lookout_screen::score::{DocMatch, compare_documents};
use lookout_screen::{Encounter, Gender, PartialDate};
use tempfile::TempDir;

const WL_HEADER: &str = "subject_id,name,aliases,birth_date,nationality,gender,document_numbers";
const ENC_HEADER: &str = "encounter_id,name,birth_date,nationality,gender,document_number";

const STRICT: ReadOptions = ReadOptions {
    skip_bad_rows: false,
};
const SKIP: ReadOptions = ReadOptions {
    skip_bad_rows: true,
};

/// A file written into its own temporary directory.
struct Fixture {
    _dir: TempDir,
    path: PathBuf,
}

impl Fixture {
    fn new(name: &str, bytes: impl AsRef<[u8]>) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write fixture");
        Fixture { _dir: dir, path }
    }

    /// `header` and `rows` joined with LF, with a final LF.
    fn lines(name: &str, header: &str, rows: &[&str]) -> Fixture {
        let mut s = String::from(header);
        s.push('\n');
        for r in rows {
            s.push_str(r);
            s.push('\n');
        }
        Fixture::new(name, s)
    }

    fn file(&self) -> String {
        self.path.display().to_string()
    }
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

fn bad_row(e: Error) -> BadRow {
    match e {
        Error::BadRow(b) => b,
        other => panic!("expected a bad-row error, got {other:?}"),
    }
}

fn watchlist_error(rows: &[&str]) -> (Fixture, BadRow) {
    let f = Fixture::lines("watchlist.csv", WL_HEADER, rows);
    let e = read_watchlist(&f.path, STRICT).expect_err("the watchlist must be rejected");
    (f, bad_row(e))
}

fn encounters_error(rows: &[&str]) -> (Fixture, BadRow) {
    let f = Fixture::lines("encounters.csv", ENC_HEADER, rows);
    let e = read_encounters(&f.path, STRICT).expect_err("the encounters must be rejected");
    (f, bad_row(e))
}

/// The error names `file:line:column: column-name: ` and its reason
/// contains `reason`.
#[track_caller]
fn assert_located(
    f: &Fixture,
    b: &BadRow,
    line: u64,
    column: usize,
    column_name: &str,
    reason: &str,
) {
    let shown = b.to_string();
    let prefix = format!("{}:{line}:{column}: {column_name}: ", f.file());
    assert!(
        shown.starts_with(&prefix),
        "expected {prefix:?}…, got {shown:?}"
    );
    assert!(
        shown.contains(reason),
        "expected the reason to mention {reason:?}, got {shown:?}"
    );
    assert_eq!(
        (b.line, b.column, b.column_name.as_str()),
        (line, column, column_name),
        "{shown}"
    );
    assert_eq!(b.file, f.file());
}

/// A row-level error (no single column to blame): `file:line:1: reason`.
#[track_caller]
fn assert_row_error(f: &Fixture, b: &BadRow, line: u64, reason: &str) {
    let shown = b.to_string();
    let prefix = format!("{}:{line}:", f.file());
    assert!(
        shown.starts_with(&prefix),
        "expected {prefix:?}…, got {shown:?}"
    );
    assert!(
        shown.contains(reason),
        "expected the reason to mention {reason:?}, got {shown:?}"
    );
    assert_eq!(b.line, line, "{shown}");
}

fn date(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

// ---------------------------------------------------------------------------
// Valid watchlists
// ---------------------------------------------------------------------------

#[test]
fn watchlist_with_rfc4180_quoting_and_multi_values_parses() {
    let f = Fixture::lines(
        "watchlist.csv",
        &format!("{WL_HEADER},category,culture"),
        &[
            r#"S1,"Haddad, Yusuf","Yousef Haddad|Abu Karim| ",1987-04-08|1988,fr|DZ,M,AB1234567|X-99 12,poi,levantine"#,
            r#"S2,"Karim ""the tall"" Oukili",,,,,,poi,maghrebi"#,
            "S3,Мухаммад Юсупов,Muhammad Yusupov,1979-11,RU,f,,poi,chechen",
            r#"  S4  ,  Samira Nasser  ,,  1990  ,  lb  ,  ,  ,poi,levantine"#,
        ],
    );
    let (subjects, bad) = read_watchlist(&f.path, STRICT).expect("valid watchlist");
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(subjects.len(), 4);

    let s1 = &subjects[0];
    assert_eq!(s1.id, "S1");
    assert_eq!(s1.name, "Haddad, Yusuf");
    assert_eq!(
        s1.aliases,
        ["Yousef Haddad", "Abu Karim"],
        "blank alias values are dropped"
    );
    assert_eq!(s1.birth_dates, [date("1987-04-08"), date("1988")]);
    assert_eq!(
        s1.nationalities,
        ["FR", "DZ"],
        "country codes are upper-cased"
    );
    assert_eq!(s1.gender, Some(Gender::Male));
    assert_eq!(s1.documents, ["AB1234567", "X-99 12"]);

    let s2 = &subjects[1];
    assert_eq!(s2.name, r#"Karim "the tall" Oukili"#);
    assert!(
        s2.aliases.is_empty()
            && s2.birth_dates.is_empty()
            && s2.nationalities.is_empty()
            && s2.documents.is_empty()
    );
    assert_eq!(s2.gender, None);

    let s3 = &subjects[2];
    assert_eq!(s3.name, "Мухаммад Юсупов");
    assert_eq!(s3.birth_dates, [date("1979-11")]);
    assert_eq!(s3.gender, Some(Gender::Female));

    let s4 = &subjects[3];
    assert_eq!(
        (s4.id.as_str(), s4.name.as_str()),
        ("S4", "Samira Nasser"),
        "fields are trimmed"
    );
    assert_eq!(s4.birth_dates, [date("1990")]);
    assert_eq!(s4.nationalities, ["LB"]);
}

#[test]
fn watchlist_with_crlf_line_ends_and_utf8_bom_parses() {
    let f = Fixture::new(
        "watchlist.csv",
        format!(
            "\u{feff}{WL_HEADER}\r\nS1,Yusuf Haddad,,1987-04-08,SY,m,\r\nS2,\"Omar\r\nKhalil\",,,,,\r\nS3,Layla Mansour,,,,f,\r\n"
        ),
    );
    let (subjects, bad) = read_watchlist(&f.path, STRICT).expect("valid watchlist");
    assert!(bad.is_empty(), "{bad:?}");
    let ids: Vec<&str> = subjects.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        ["S1", "S2", "S3"],
        "the BOM is not part of the first column name"
    );
    assert_eq!(
        subjects[0].name, "Yusuf Haddad",
        "no stray CR at the end of fields"
    );
    assert_eq!(subjects[0].gender, Some(Gender::Male));
    assert_eq!(
        subjects[1].name, "Omar\r\nKhalil",
        "a quoted line break is part of the field"
    );
    assert_eq!(subjects[2].gender, Some(Gender::Female));
}

#[test]
fn watchlist_with_utf8_bom_before_a_quoted_header_parses() {
    let f = Fixture::new(
        "watchlist.csv",
        "\u{feff}\"subject_id\",\"name\"\nS1,Yusuf Haddad\n",
    );
    let (subjects, _) = read_watchlist(&f.path, STRICT).expect("valid watchlist");
    assert_eq!(subjects.len(), 1);
    assert_eq!(subjects[0].id, "S1");
}

#[test]
fn watchlist_needs_only_id_and_name_in_any_column_order() {
    let f = Fixture::lines(
        "watchlist.csv",
        "name,note,subject_id",
        &["Karim Oukili,x,S1", "Yusuf Haddad,,S2"],
    );
    let (subjects, _) = read_watchlist(&f.path, STRICT).expect("valid watchlist");
    assert_eq!(subjects.len(), 2);
    assert_eq!(
        (subjects[1].id.as_str(), subjects[1].name.as_str()),
        ("S2", "Yusuf Haddad")
    );
}

#[test]
fn watchlist_with_only_a_header_is_empty() {
    let f = Fixture::lines("watchlist.csv", WL_HEADER, &[]);
    let (subjects, bad) = read_watchlist(&f.path, STRICT).expect("valid watchlist");
    assert!(subjects.is_empty() && bad.is_empty());
}

#[test]
fn watchlist_fixture_file_parses() {
    let (subjects, bad) =
        read_watchlist(&fixture_dir().join("watchlist_crlf_bom.csv"), STRICT).expect("fixture");
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(subjects.len(), 3);
    assert_eq!(subjects[0].id, "W1");
    assert_eq!(subjects[0].name, "Haddad, Yusuf");
    assert_eq!(subjects[0].aliases, ["Yousef al-Haddad", "أبو كريم"]);
    assert_eq!(subjects[1].name, "Мухаммад Юсупов");
    assert_eq!(subjects[1].birth_dates, [date("1979-11-02"), date("1980")]);
    assert_eq!(subjects[2].name, r#"Aylin "Ayla" Kaya"#);
}

// ---------------------------------------------------------------------------
// Bad watchlists: each kind of error, located
// ---------------------------------------------------------------------------

#[test]
fn watchlist_missing_required_column_is_reported_on_line_1() {
    for (header, missing) in [
        ("subject_id,aliases", "name"),
        ("name,birth_date", "subject_id"),
        ("", "subject_id"),
    ] {
        let f = Fixture::lines("watchlist.csv", header, &["S1,Karim Oukili"]);
        let b = bad_row(read_watchlist(&f.path, STRICT).expect_err("missing column"));
        let shown = b.to_string();
        assert!(shown.starts_with(&format!("{}:1:", f.file())), "{shown}");
        assert_eq!(b.line, 1, "{shown}");
        assert!(
            shown.contains(&format!("{missing:?}")),
            "the message names the missing column: {shown}"
        );
        // Even with skip_bad_rows a broken header stops the read.
        assert!(read_watchlist(&f.path, SKIP).is_err(), "{header}");
    }
}

#[test]
fn watchlist_empty_name_is_located() {
    let (f, b) = watchlist_error(&["S1,Karim Oukili,,,,,", "S2,  ,,,,,"]);
    assert_located(&f, &b, 3, 2, "name", "empty name");
}

#[test]
fn watchlist_empty_subject_id_is_located() {
    let (f, b) = watchlist_error(&["S1,Karim Oukili,,,,,", ",Yusuf Haddad,,,,,"]);
    assert_located(&f, &b, 3, 1, "subject_id", "empty subject_id");
}

#[test]
fn watchlist_duplicate_id_is_located_on_the_second_row() {
    let (f, b) = watchlist_error(&[
        "S1,Karim Oukili,,,,,",
        "S2,Yusuf Haddad,,,,,",
        "S1,Omar Nasser,,,,,",
    ]);
    assert_located(&f, &b, 4, 1, "subject_id", "duplicate subject_id \"S1\"");
}

#[test]
fn watchlist_invalid_dates_are_located() {
    for bad in [
        "1987-02-30",
        "87",
        "1987/04/08",
        "1987-4-8",
        "1987-13",
        "0987",
        "1987-04-08T00:00",
    ] {
        let (f, b) = watchlist_error(&[
            "S1,Karim Oukili,,1987,,,",
            &format!("S2,Yusuf Haddad,,{bad},,,"),
        ]);
        assert_located(&f, &b, 3, 4, "birth_date", &format!("invalid date {bad:?}"));
    }
}

#[test]
fn watchlist_invalid_date_among_several_is_located() {
    let (f, b) = watchlist_error(&["S1,Karim Oukili,,1987-04-08|87|1988,,,"]);
    assert_located(&f, &b, 2, 4, "birth_date", "invalid date \"87\"");
}

#[test]
fn watchlist_invalid_country_codes_are_located() {
    for bad in ["FRA", "F1", "F", "Fr.", "ÉS"] {
        let (f, b) = watchlist_error(&[&format!("S1,Karim Oukili,,,FR|{bad},,")]);
        assert_located(
            &f,
            &b,
            2,
            5,
            "nationality",
            &format!("invalid country code {bad:?}"),
        );
    }
}

#[test]
fn watchlist_invalid_genders_are_located() {
    for bad in ["x", "male", "mf", "m|f"] {
        let (f, b) = watchlist_error(&[&format!("S1,Karim Oukili,,,,{bad},")]);
        assert_located(&f, &b, 2, 6, "gender", &format!("invalid gender {bad:?}"));
    }
}

#[test]
fn watchlist_errors_name_the_actual_column_position() {
    let f = Fixture::lines(
        "watchlist.csv",
        "name,gender,subject_id,birth_date",
        &["Karim Oukili,m,S1,1987", "Yusuf Haddad,m,S2,1987-02-30"],
    );
    let b = bad_row(read_watchlist(&f.path, STRICT).expect_err("bad date"));
    assert_located(&f, &b, 3, 4, "birth_date", "1987-02-30");
}

#[test]
fn watchlist_row_with_wrong_field_count_is_located() {
    let (f, b) = watchlist_error(&["S1,Karim Oukili,,,,,", "S2,Yusuf Haddad,,,,"]);
    assert_row_error(&f, &b, 3, "6 fields, header has 7");
    let (f, b) = watchlist_error(&["S1,Karim Oukili,,,,,,extra"]);
    assert_row_error(&f, &b, 2, "8 fields, header has 7");
}

#[test]
fn watchlist_line_numbers_count_quoted_line_breaks() {
    // Row S1 spans lines 2 to 5 (three quoted line breaks); S2 is on line 6.
    let (f, b) = watchlist_error(&[
        "S1,\"Karim\nOukili\",\"Karim\n\nO.\",,,,",
        "S2,Yusuf Haddad,,87,,,",
    ]);
    assert_located(&f, &b, 6, 4, "birth_date", "invalid date \"87\"");
}

/// With CRLF line ends the reported line must still be the physical line
/// (the first data row is line 2, not line 1 like the header).
#[test]
fn watchlist_crlf_line_numbers_are_physical_lines() {
    let f = Fixture::new(
        "watchlist.csv",
        format!("{WL_HEADER}\r\nS1,Karim Oukili,,,,,\r\nS2,Yusuf Haddad,,,,q,\r\n"),
    );
    let b = bad_row(read_watchlist(&f.path, STRICT).expect_err("bad gender"));
    assert_located(&f, &b, 3, 6, "gender", "invalid gender \"q\"");

    let f = Fixture::new(
        "watchlist.csv",
        format!("{WL_HEADER}\r\nS1,Karim Oukili,,87,,,\r\n"),
    );
    let b = bad_row(read_watchlist(&f.path, STRICT).expect_err("bad date"));
    assert_located(&f, &b, 2, 4, "birth_date", "invalid date \"87\"");
}

#[test]
fn encounters_crlf_line_numbers_are_physical_lines() {
    let f = Fixture::new(
        "encounters.csv",
        format!("{ENC_HEADER}\r\nE1,Karim Oukili,,,,\r\nE2,Yusuf Haddad,,,x,\r\n"),
    );
    let b = bad_row(read_encounters(&f.path, STRICT).expect_err("bad gender"));
    assert_located(&f, &b, 3, 5, "gender", "invalid gender \"x\"");
}

/// Invalid UTF-8 in the name field (a Latin-1 `é`) must be reported at the
/// field that holds it, like every other bad value.
#[test]
fn watchlist_invalid_utf8_is_located_at_its_field() {
    let mut bytes = format!("{WL_HEADER}\nS1,Karim Oukili,,,,,\nS2,Jos").into_bytes();
    bytes.push(0xE9);
    bytes.extend_from_slice(b" Haddad,,,,,\n");
    let f = Fixture::new("watchlist.csv", bytes);
    let b = bad_row(read_watchlist(&f.path, STRICT).expect_err("invalid UTF-8"));
    assert_row_error(&f, &b, 3, "invalid UTF-8");
    assert_located(&f, &b, 3, 2, "name", "invalid UTF-8");
}

#[test]
fn watchlist_skip_bad_rows_keeps_good_rows_and_lists_every_bad_one() {
    let mut bytes = format!(
        "{WL_HEADER}\n\
         S1,Karim Oukili,,1987-04-08,DZ,m,\n\
         S2,,,,,,\n\
         S3,Yusuf Haddad,,87,,,\n\
         S1,Omar Nasser,,,,,\n\
         S4,Layla Mansour,,,FRA,,\n\
         S5,Samira Khalil,,,,x,\n\
         S6,Rashid Farouk,,,\n\
         S7,Tarek Zahra,,1990,,,\n\
         S8,Jos"
    )
    .into_bytes();
    bytes.push(0xE9);
    bytes.extend_from_slice(b" Benali,,,,,\nS9,Aziz Karimov,,1975|1976,UZ,m,P1|P2\n");
    let f = Fixture::new("watchlist.csv", bytes);

    // Without the option the first bad row stops the read.
    let first = bad_row(read_watchlist(&f.path, STRICT).expect_err("bad rows"));
    assert_eq!(first.line, 3);

    let (subjects, bad) = read_watchlist(&f.path, SKIP).expect("skip bad rows");
    let ids: Vec<&str> = subjects.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["S1", "S7", "S9"]);
    let lines: Vec<u64> = bad.iter().map(|b| b.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8, 10], "{bad:#?}");
    let names: Vec<&str> = bad.iter().map(|b| b.column_name.as_str()).collect();
    assert_eq!(
        &names[..5],
        ["name", "birth_date", "subject_id", "nationality", "gender"]
    );
    for b in &bad {
        assert!(
            b.to_string()
                .starts_with(&format!("{}:{}:", f.file(), b.line)),
            "{b}"
        );
    }
}

#[test]
fn watchlist_missing_file_names_the_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("no-such-watchlist.csv");
    let e = read_watchlist(&path, STRICT).expect_err("missing file");
    assert!(matches!(e, Error::Io { .. }), "{e:?}");
    assert!(e.to_string().contains("no-such-watchlist.csv"), "{e}");
}

// ---------------------------------------------------------------------------
// Encounters
// ---------------------------------------------------------------------------

#[test]
fn encounters_keep_extra_columns_in_file_order() {
    let f = Fixture::lines(
        "encounters.csv",
        &format!("{ENC_HEADER},culture,script,noise"),
        &[
            r#"E1,"Haddad, Yusuf",1987-04-08,sy,M,AB 123456,levantine,Latin,"typo,swap""#,
            "E2,Мухаммад Юсупов,,,,,chechen,Cyrillic,",
            "E3,Layla Mansour,1990-02,,f,,,,",
        ],
    );
    let mut reader = EncounterReader::open(&f.path, STRICT).expect("open");
    assert_eq!(reader.extra_columns(), ["culture", "script", "noise"]);
    let all: Vec<Encounter> = reader
        .by_ref()
        .collect::<Result<_, _>>()
        .expect("valid encounters");
    assert!(reader.skipped.is_empty());
    assert_eq!(all.len(), 3);

    let e1 = &all[0];
    assert_eq!((e1.id.as_str(), e1.name.as_str()), ("E1", "Haddad, Yusuf"));
    assert_eq!(e1.birth_date, Some(date("1987-04-08")));
    assert_eq!(e1.nationality.as_deref(), Some("SY"));
    assert_eq!(e1.gender, Some(Gender::Male));
    assert_eq!(e1.document.as_deref(), Some("AB 123456"));
    let extra: Vec<(&str, &str)> = e1
        .extra
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        extra,
        [
            ("culture", "levantine"),
            ("script", "Latin"),
            ("noise", "typo,swap")
        ]
    );
    assert_eq!(e1.extra("script"), Some("Latin"));

    let e2 = &all[1];
    assert_eq!(
        (
            e2.birth_date,
            e2.nationality.as_deref(),
            e2.gender,
            e2.document.as_deref()
        ),
        (None, None, None, None)
    );
    assert_eq!(e2.extra("noise"), Some(""), "an empty extra value is kept");

    assert_eq!(all[2].birth_date, Some(date("1990-02")));
    assert_eq!(all[2].gender, Some(Gender::Female));
}

#[test]
fn encounters_with_crlf_and_bom_parse() {
    let f = Fixture::new(
        "encounters.csv",
        format!(
            "\u{feff}{ENC_HEADER},culture\r\nE1,Karim Oukili,1987,DZ,m,,maghrebi\r\nE2,Omar Nasser,,,,,levantine\r\n"
        ),
    );
    let (all, bad) = read_encounters(&f.path, STRICT).expect("valid encounters");
    assert!(bad.is_empty());
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, "E1");
    assert_eq!(
        all[1].extra("culture"),
        Some("levantine"),
        "no stray CR in the last field"
    );
}

#[test]
fn encounters_fixture_file_parses() {
    let (all, bad) =
        read_encounters(&fixture_dir().join("encounters_crlf_bom.csv"), STRICT).expect("fixture");
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].name, "HADDAD, Yousef");
    assert_eq!(all[1].name, "Мухаммад Юсупов");
    assert_eq!(all[1].extra("culture"), Some("chechen"));
    assert_eq!(all[2].name, "Omar \"Abu Karim\" Nasser");
    assert_eq!(all[2].birth_date, Some(date("1985")));
}

#[test]
fn encounters_read_in_chunks() {
    let rows: Vec<String> = (1..=5).map(|i| format!("E{i},Karim Oukili,,,,")).collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let f = Fixture::lines("encounters.csv", ENC_HEADER, &rows);
    let mut reader = EncounterReader::open(&f.path, STRICT).expect("open");
    let mut buf = Vec::new();
    let mut sizes = Vec::new();
    while reader.read_chunk(2, &mut buf).expect("chunk") {
        sizes.push(buf.len());
    }
    assert_eq!(sizes, [2, 2, 1]);
    assert!(buf.is_empty());
}

#[test]
fn encounters_with_several_birth_dates_are_rejected() {
    let (f, b) = encounters_error(&["E1,Karim Oukili,1987,,,", "E2,Yusuf Haddad,1987|1988,,,"]);
    assert_located(&f, &b, 3, 3, "birth_date", "several birth_date values");
}

#[test]
fn encounters_with_several_nationalities_are_rejected() {
    let (f, b) = encounters_error(&["E1,Karim Oukili,,FR|DZ,,"]);
    assert_located(&f, &b, 2, 4, "nationality", "several nationality values");
}

#[test]
fn encounters_bad_values_are_located() {
    let cases: [(&str, usize, &str, &str); 9] = [
        (
            "E2,Yusuf Haddad,1987-02-30,,,",
            3,
            "birth_date",
            "invalid date \"1987-02-30\"",
        ),
        (
            "E2,Yusuf Haddad,87,,,",
            3,
            "birth_date",
            "invalid date \"87\"",
        ),
        (
            "E2,Yusuf Haddad,1987/04/08,,,",
            3,
            "birth_date",
            "invalid date \"1987/04/08\"",
        ),
        (
            "E2,Yusuf Haddad,,SYR,,",
            4,
            "nationality",
            "invalid country code \"SYR\"",
        ),
        (
            "E2,Yusuf Haddad,,,male,",
            5,
            "gender",
            "invalid gender \"male\"",
        ),
        ("E2,,,,,", 2, "name", "empty name"),
        (",Yusuf Haddad,,,,", 1, "encounter_id", "empty encounter_id"),
        (
            "E1,Yusuf Haddad,,,,",
            1,
            "encounter_id",
            "duplicate encounter_id \"E1\"",
        ),
        ("E2,\"  \",,,,", 2, "name", "empty name"),
    ];
    for (row, column, name, reason) in cases {
        let (f, b) = encounters_error(&["E1,Karim Oukili,,,,", row]);
        assert_located(&f, &b, 3, column, name, reason);
    }
}

#[test]
fn encounters_row_with_wrong_field_count_is_located() {
    let (f, b) = encounters_error(&["E1,Karim Oukili,,,,", "E2,Yusuf Haddad"]);
    assert_row_error(&f, &b, 3, "2 fields, header has 6");
}

#[test]
fn encounters_missing_required_column_is_reported_on_line_1() {
    let f = Fixture::lines("encounters.csv", "id,name", &["E1,Karim Oukili"]);
    let e = EncounterReader::open(&f.path, STRICT)
        .err()
        .expect("missing column");
    let b = bad_row(e);
    assert_eq!(b.line, 1);
    let shown = b.to_string();
    assert!(shown.starts_with(&format!("{}:1:", f.file())), "{shown}");
    assert!(shown.contains("\"encounter_id\""), "{shown}");
}

/// Invalid UTF-8 in an encounter's name must be located at its field.
#[test]
fn encounters_invalid_utf8_is_located_at_its_field() {
    let mut bytes = format!("{ENC_HEADER}\nE1,Karim Oukili,,,,\nE2,Jos").into_bytes();
    bytes.push(0xE9);
    bytes.extend_from_slice(b" Haddad,,,,\n");
    let f = Fixture::new("encounters.csv", bytes);
    let b = bad_row(read_encounters(&f.path, STRICT).expect_err("invalid UTF-8"));
    assert_row_error(&f, &b, 3, "invalid UTF-8");
    assert_located(&f, &b, 3, 2, "name", "invalid UTF-8");
}

#[test]
fn encounters_skip_bad_rows_keeps_good_rows_and_lists_every_bad_one() {
    let mut bytes = format!(
        "{ENC_HEADER},culture\n\
         E1,Karim Oukili,1987,DZ,m,,maghrebi\n\
         E2,Yusuf Haddad,1987|1988,,,,levantine\n\
         E3,,,,,,levantine\n\
         E4,Omar Nasser,,,,\n\
         E1,Layla Mansour,,,,,levantine\n\
         E5,Samira Khalil,87,,,,levantine\n\
         E6,Jos"
    )
    .into_bytes();
    bytes.push(0xE9);
    bytes.extend_from_slice(b",,,,,x\nE7,Aziz Karimov,,UZ,m,,uzbek\n");
    let f = Fixture::new("encounters.csv", bytes);

    let (all, bad) = read_encounters(&f.path, SKIP).expect("skip bad rows");
    let ids: Vec<&str> = all.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["E1", "E7"]);
    let lines: Vec<u64> = bad.iter().map(|b| b.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8], "{bad:#?}");

    // The streaming reader reports the same rows.
    let mut reader = EncounterReader::open(&f.path, SKIP).expect("open");
    let streamed: Vec<Encounter> = reader
        .by_ref()
        .collect::<Result<_, _>>()
        .expect("bad rows are skipped, not returned");
    assert_eq!(streamed, all);
    assert_eq!(reader.skipped, bad);

    // Without the option the first bad row stops the read.
    let first = bad_row(read_encounters(&f.path, STRICT).expect_err("bad rows"));
    assert_eq!((first.line, first.column_name.as_str()), (3, "birth_date"));
}

// ---------------------------------------------------------------------------
// Truth
// ---------------------------------------------------------------------------

#[test]
fn truth_reads_pairs_with_bom_crlf_and_extra_columns() {
    let f = Fixture::new(
        "truth.csv",
        "\u{feff}encounter_id,subject_id,note\r\nE1,S1,x\r\nE1,S2,\r\nE3,S9,\"a,b\"\r\n",
    );
    let pairs = read_truth(&f.path).expect("valid truth");
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(e, s)| (e.as_str(), s.as_str()))
        .collect();
    assert_eq!(pairs, [("E1", "S1"), ("E1", "S2"), ("E3", "S9")]);
}

#[test]
fn truth_errors_are_located() {
    let f = Fixture::lines("truth.csv", "encounter_id,subject_id", &["E1,S1", "E2, "]);
    let b = bad_row(read_truth(&f.path).expect_err("empty subject"));
    assert_located(&f, &b, 3, 2, "subject_id", "empty subject_id");

    let f = Fixture::lines("truth.csv", "subject_id,encounter_id", &["S1,E1", "S2,"]);
    let b = bad_row(read_truth(&f.path).expect_err("empty encounter"));
    assert_located(&f, &b, 3, 2, "encounter_id", "empty encounter_id");

    let f = Fixture::lines("truth.csv", "encounter_id,subject", &["E1,S1"]);
    let b = bad_row(read_truth(&f.path).expect_err("missing column"));
    assert_eq!(b.line, 1);
    assert!(b.to_string().contains("\"subject_id\""), "{b}");

    let f = Fixture::lines(
        "truth.csv",
        "encounter_id,subject_id",
        &["E1,S1", "E2,S2,S3"],
    );
    let b = bad_row(read_truth(&f.path).expect_err("field count"));
    assert_row_error(&f, &b, 3, "3 fields, header has 2");
}

// ---------------------------------------------------------------------------
// Partial dates
// ---------------------------------------------------------------------------

#[test]
fn partial_date_accepts_the_three_precisions() {
    assert_eq!(
        date("1987"),
        PartialDate {
            year: 1987,
            month: None,
            day: None
        }
    );
    assert_eq!(
        date("1987-04"),
        PartialDate {
            year: 1987,
            month: Some(4),
            day: None
        }
    );
    assert_eq!(
        date("1987-04-08"),
        PartialDate {
            year: 1987,
            month: Some(4),
            day: Some(8)
        }
    );
    assert_eq!(
        date(" 1987-04-08 "),
        date("1987-04-08"),
        "surrounding blanks are ignored"
    );
    assert_eq!(
        (
            date("1987").precision(),
            date("1987-04").precision(),
            date("1987-04-08").precision()
        ),
        ("year", "month", "day")
    );
    for s in ["1000", "2999", "1987-01", "1987-12-31", "1987-04-30"] {
        assert_eq!(date(s).to_string(), s, "display round trip");
    }
}

#[test]
fn partial_date_checks_the_calendar() {
    for ok in [
        "2000-02-29",
        "2004-02-29",
        "1996-02-29",
        "1987-02-28",
        "1987-01-31",
        "1987-03-31",
    ] {
        assert!(PartialDate::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "1900-02-29",
        "2100-02-29",
        "1987-02-29",
        "1987-02-30",
        "1987-04-31",
        "1987-06-31",
        "1987-09-31",
        "1987-11-31",
        "1987-12-32",
        "1987-04-00",
        "1987-00",
        "1987-13",
        "1987-00-10",
    ] {
        assert!(PartialDate::parse(bad).is_err(), "{bad} must be rejected");
    }
}

#[test]
fn partial_date_rejects_other_layouts() {
    for bad in [
        "",
        " ",
        "87",
        "987",
        "01987",
        "0999",
        "3000",
        "1987-4",
        "1987-4-8",
        "1987-04-8",
        "1987/04/08",
        "08/04/1987",
        "1987.04.08",
        "19870408",
        "1987-",
        "1987--08",
        "-1987",
        "1987-04-08-01",
        "1987-04-08T00:00",
        "+987",
        "１９８７",
        "198a",
        "1987-O4",
    ] {
        let e = PartialDate::parse(bad).expect_err(bad);
        let shown = e.to_string();
        assert!(
            shown.contains(&format!("{bad:?}")),
            "the message quotes the input: {shown}"
        );
        assert!(
            shown.contains("YYYY, YYYY-MM or YYYY-MM-DD"),
            "the message says what is expected: {shown}"
        );
    }
}

#[test]
fn placeholder_and_year_only_dates_are_year_like() {
    assert!(date("1987").is_year_like());
    assert!(date("1987-01-01").is_year_like());
    assert!(!date("1987-01").is_year_like());
    assert!(!date("1987-01-02").is_year_like());
    assert!(!date("1987-04-08").is_year_like());
}

#[test]
fn date_comparison_levels_are_symmetric() {
    let cases = [
        ("1987-04-08", "1987-04-08", DateMatch::Exact),
        ("1987-04-08", "1987-08-04", DateMatch::Swapped),
        ("1987-04-08", "1987-04", DateMatch::SameMonth),
        ("1987-04", "1987-04", DateMatch::SameMonth),
        ("1987", "1987", DateMatch::SameYear),
        ("1987-01-01", "1987-06-15", DateMatch::SameYear),
        ("1987-04-08", "1988-04-08", DateMatch::YearOffByOne),
        ("1987", "1988-04-08", DateMatch::YearOffByOneLoose),
        ("1967-04-08", "1987-04-08", DateMatch::OneDigit),
        ("1987-04-08", "1987-04-18", DateMatch::OneDigit),
        ("1987-04-08", "1987-09-20", DateMatch::SameYearDifferentDay),
        ("1987-04", "1987-09", DateMatch::SameYearDifferentDay),
        ("1987", "1991", DateMatch::Near),
        ("1987", "1993", DateMatch::Far),
    ];
    for (a, b, want) in cases {
        assert_eq!(compare_dates(&date(a), &date(b)), want, "{a} vs {b}");
        assert_eq!(compare_dates(&date(b), &date(a)), want, "{b} vs {a}");
    }
}

// ---------------------------------------------------------------------------
// Document numbers
// ---------------------------------------------------------------------------

#[test]
fn document_comparison_levels() {
    let cases = [
        ("P1234567", "P1234567", DocMatch::Exact),
        ("P1234567", "P12345G7", DocMatch::OcrConfusion),
        ("AB0123456", "ABO123456", DocMatch::OcrConfusion),
        ("P1234567", "P1243567", DocMatch::Transposition),
        ("P1234567", "P1234568", DocMatch::OneEdit),
        ("P1234567", "P12345678", DocMatch::OneEdit),
        ("P1234567", "P123456", DocMatch::OneEdit),
        ("P1234567", "X9876543", DocMatch::Different),
        // Short numbers: one edit is not evidence.
        ("1234", "1235", DocMatch::Different),
        ("12", "21", DocMatch::Transposition),
    ];
    for (a, b, want) in cases {
        assert_eq!(compare_documents(a, b), want, "{a} vs {b}");
        assert_eq!(compare_documents(b, a), want, "{b} vs {a}");
    }
}

#[test]
fn document_levels_are_ordered_by_strength() {
    let order = [
        DocMatch::Exact,
        DocMatch::OcrConfusion,
        DocMatch::OneEdit,
        DocMatch::Different,
    ];
    for w in order.windows(2) {
        assert!(
            w[0].log_odds() > w[1].log_odds(),
            "{:?} must weigh more than {:?}",
            w[0],
            w[1]
        );
    }
    assert!(DocMatch::Transposition.log_odds() > DocMatch::OneEdit.log_odds());
    assert!(DocMatch::Different.log_odds() < 0.0);
    for m in [
        DocMatch::Exact,
        DocMatch::OcrConfusion,
        DocMatch::Transposition,
        DocMatch::OneEdit,
        DocMatch::Different,
    ] {
        assert!(!m.as_str().is_empty());
    }
}
