//! Format compatibility: snapshots written by earlier versions must still
//! open. `tests/compat/watchlist_v1.lkw` was written by format version 1
//! (without the variant table, so that the fixture depends only on the
//! format); regenerate it only when the format version changes, with
//! `UPDATE_COMPAT=1 cargo test -p lookout-screen --test compat`, and keep
//! the old file under a new name.

use std::path::Path;

use lookout_screen::watchlist::encounter;
use lookout_screen::{EngineOptions, ScreenOptions, Subject, Watchlist, snapshot};

fn subjects() -> Vec<Subject> {
    let s = |id: &str, name: &str, aliases: &[&str], docs: &[&str]| Subject {
        id: id.into(),
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        birth_dates: vec![lookout_screen::PartialDate::parse("1987-04-08").unwrap()],
        nationalities: vec!["BE".into()],
        gender: None,
        documents: docs.iter().map(|d| d.to_string()).collect(),
    };
    vec![
        s(
            "S1",
            "Karim Oukili",
            &["Abu Yahya al-Hollandi"],
            &["EM123456"],
        ),
        s("S2", "يوسف حداد", &["Yusuf Haddad"], &[]),
        s("S3", "Шамиль Юсупов", &[], &["N1234567"]),
    ]
}

#[test]
fn version_1_snapshot_still_opens_and_screens() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compat/watchlist_v1.lkw");
    if std::env::var_os("UPDATE_COMPAT").is_some() {
        let wl = Watchlist::build(subjects(), EngineOptions { variants: false });
        snapshot::save(&wl, &path).unwrap();
    }
    let wl = snapshot::load(&path).expect("a version-1 snapshot must load");
    assert_eq!(wl.len(), 3);
    let mut scratch = wl.scratch();
    let e = encounter("SCHAMIL JUSSUPOW", None, None, None, None);
    let res = wl.screen(&e, &ScreenOptions::default(), &mut scratch);
    assert_eq!(
        res.hits.first().map(|h| h.subject_id.as_str()),
        Some("S3"),
        "{:?}",
        res.hits
    );
    let e = encounter("Karim Oukili", None, None, None, Some("EM123456"));
    let res = wl.screen(&e, &ScreenOptions::default(), &mut scratch);
    assert_eq!(res.hits.first().map(|h| h.subject_id.as_str()), Some("S1"));
}

#[test]
fn damaged_snapshot_is_refused_with_a_reason() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compat/watchlist_v1.lkw");
    let mut bytes = std::fs::read(&path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.lkw");
    let mid = bytes.len() / 3;
    bytes[mid] ^= 0x55;
    std::fs::write(&bad, &bytes).unwrap();
    let err = snapshot::load(&bad)
        .err()
        .expect("damaged snapshot must fail")
        .to_string();
    assert!(err.contains("bad.lkw"), "{err}");
    std::fs::write(&bad, &bytes[..mid]).unwrap();
    let err = snapshot::load(&bad)
        .err()
        .expect("truncated snapshot must fail")
        .to_string();
    assert!(
        err.contains("truncated") || err.contains("corrupt"),
        "{err}"
    );
}
