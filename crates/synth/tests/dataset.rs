//! End-to-end checks of the generated data set and its CSV contract.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use lookout_synth::{
    Category, Culture, ENCOUNTERS_HEADER, EncounterKind, NameStructure, NoiseConfig, NoiseOp,
    Script, Subject, SynthConfig, TRUTH_HEADER, WATCHLIST_HEADER, encounters_iter, generate,
    generate_to_dir, generate_watchlist,
};

fn cfg(seed: u64, subjects: usize, encounters: usize) -> SynthConfig {
    SynthConfig {
        seed,
        subjects,
        encounters,
        ..SynthConfig::default()
    }
}

fn read_dir_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    ["watchlist.csv", "encounters.csv", "truth.csv"]
        .iter()
        .map(|f| {
            (
                f.to_string(),
                std::fs::read(dir.join(f)).expect("file written"),
            )
        })
        .collect()
}

fn write(ds: &lookout_synth::Dataset) -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let dir = tempfile::tempdir().expect("temp dir");
    ds.write_dir(dir.path()).expect("write_dir");
    let bytes = read_dir_bytes(dir.path());
    (dir, bytes)
}

/// Comparison key used by the tests (independent of the crate's own).
fn key(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (_a, a) = write(&generate(&cfg(11, 300, 600)));
    let (_b, b) = write(&generate(&cfg(11, 300, 600)));
    assert_eq!(a, b, "same configuration must give identical files");
    let (_c, c) = write(&generate(&cfg(12, 300, 600)));
    for ((name, x), (_, y)) in a.iter().zip(&c) {
        assert_ne!(x, y, "{name} should differ for another seed");
    }
}

#[test]
fn streaming_and_in_memory_outputs_are_identical() {
    let c = cfg(5, 200, 700);
    let (_a, mem) = write(&generate(&c));
    let dir = tempfile::tempdir().expect("temp dir");
    let sum = generate_to_dir(&c, dir.path()).expect("stream");
    assert_eq!(read_dir_bytes(dir.path()), mem);
    assert_eq!(sum.subjects, 200);
    assert_eq!(sum.encounters, 700);
    assert_eq!(sum.true_encounters + sum.hard_negatives + sum.clean, 700);
}

#[test]
fn watchlist_does_not_depend_on_encounter_count() {
    let a = generate_watchlist(&cfg(3, 100, 10));
    let b = generate_watchlist(&cfg(3, 100, 5000));
    assert_eq!(a, b);
}

#[test]
fn counts_match_rate_and_truth() {
    let c = SynthConfig {
        match_rate: 0.25,
        hard_negative_rate: 0.4,
        ..cfg(21, 500, 4000)
    };
    let ds = generate(&c);
    assert_eq!(ds.watchlist.len(), 500);
    assert_eq!(ds.encounters.len(), 4000);
    let count = |k: EncounterKind| ds.encounters.iter().filter(|e| e.kind == k).count();
    let (t, h, cl) = (
        count(EncounterKind::True),
        count(EncounterKind::HardNegative),
        count(EncounterKind::Clean),
    );
    assert_eq!(t, 1000, "match rate is exact up to rounding");
    assert_eq!(h, 1200, "hard negatives are 40% of the 3000 non-matches");
    assert_eq!(cl, 1800);
    assert_eq!(ds.truth.len(), t);

    let subjects: HashSet<&str> = ds.watchlist.iter().map(|s| s.subject_id.as_str()).collect();
    let encounters: HashMap<&str, EncounterKind> = ds
        .encounters
        .iter()
        .map(|e| (e.encounter_id.as_str(), e.kind))
        .collect();
    assert_eq!(encounters.len(), 4000, "encounter ids are unique");
    for (eid, sid) in &ds.truth {
        assert!(
            subjects.contains(sid.as_str()),
            "truth subject {sid} exists"
        );
        assert_eq!(
            encounters.get(eid.as_str()),
            Some(&EncounterKind::True),
            "truth encounter {eid} is true"
        );
    }
    assert_eq!(ds.watchlist[0].subject_id, "S000001");
    assert_eq!(ds.watchlist[499].subject_id, "S000500");
    assert_eq!(ds.encounters[0].encounter_id, "E0000001");
    assert_eq!(ds.encounters[3999].encounter_id, "E0004000");
    // True encounters are spread over many subjects.
    let distinct: HashSet<&str> = ds.truth.iter().map(|(_, s)| s.as_str()).collect();
    assert!(distinct.len() > 350, "{} distinct subjects", distinct.len());
}

#[test]
fn iterator_is_exact_size_and_empty_watchlist_means_no_matches() {
    let c = cfg(2, 0, 50);
    let wl = generate_watchlist(&c);
    assert!(wl.is_empty());
    let it = encounters_iter(&c, &wl);
    assert_eq!(it.len(), 50);
    let all: Vec<_> = it.collect();
    assert!(
        all.iter()
            .all(|(e, sid)| e.kind == EncounterKind::Clean && sid.is_none())
    );
}

#[test]
fn csv_contract() {
    let ds = generate(&cfg(8, 400, 800));
    let (dir, bytes) = write(&ds);
    for (name, b) in &bytes {
        assert!(!b.contains(&b'\r'), "{name}: LF line ends only");
        assert!(std::str::from_utf8(b).is_ok(), "{name}: UTF-8");
    }
    let mut r = csv::Reader::from_path(dir.path().join("watchlist.csv")).expect("open");
    assert_eq!(
        r.headers().expect("header").iter().collect::<Vec<_>>(),
        WATCHLIST_HEADER
    );
    let mut n = 0;
    for rec in r.records() {
        let rec = rec.expect("valid CSV row");
        assert_eq!(rec.len(), WATCHLIST_HEADER.len());
        assert!(!rec[1].is_empty(), "name present");
        for d in rec[3].split('|').filter(|d| !d.is_empty()) {
            assert!(
                matches!(d.len(), 4 | 7 | 10) && d[..4].chars().all(|c| c.is_ascii_digit()),
                "date {d}"
            );
        }
        for cc in rec[4].split('|') {
            assert!(
                cc.len() == 2 && cc.chars().all(|c| c.is_ascii_uppercase()),
                "nationality {cc}"
            );
        }
        assert!(matches!(&rec[5], "m" | "f" | ""));
        assert!(matches!(&rec[7], "man" | "woman" | "minor"));
        assert!(rec[8].parse::<Culture>().is_ok());
        n += 1;
    }
    assert_eq!(n, 400);

    let ops: HashSet<&str> = NoiseOp::ALL.iter().map(|o| o.as_str()).collect();
    let mut r = csv::Reader::from_path(dir.path().join("encounters.csv")).expect("open");
    assert_eq!(
        r.headers().expect("header").iter().collect::<Vec<_>>(),
        ENCOUNTERS_HEADER
    );
    let mut n = 0;
    for rec in r.records() {
        let rec = rec.expect("valid CSV row");
        assert_eq!(rec.len(), ENCOUNTERS_HEADER.len());
        assert!(!rec[1].is_empty(), "name present");
        assert!(rec[6].parse::<Culture>().is_ok(), "culture {}", &rec[6]);
        assert!(
            matches!(&rec[7], "Latin" | "Arabic" | "Cyrillic"),
            "script {}",
            &rec[7]
        );
        assert!(matches!(&rec[8], "true" | "clean" | "hard_negative"));
        for op in rec[9].split('|').filter(|o| !o.is_empty()) {
            assert!(ops.contains(op), "noise op {op}");
        }
        n += 1;
    }
    assert_eq!(n, 800);

    let mut r = csv::Reader::from_path(dir.path().join("truth.csv")).expect("open");
    assert_eq!(
        r.headers().expect("header").iter().collect::<Vec<_>>(),
        TRUTH_HEADER
    );
    assert_eq!(r.records().count(), ds.truth.len());
}

#[test]
fn every_encounter_has_culture_and_matching_script() {
    let ds = generate(&cfg(9, 300, 3000));
    for e in &ds.encounters {
        assert_eq!(
            e.script,
            Script::detect(&e.name),
            "{} {}",
            e.encounter_id,
            e.name
        );
        if e.culture.native_script() == Script::Latin {
            assert_eq!(e.script, Script::Latin, "{}: Latin-script culture", e.name);
        }
    }
    let native = ds
        .encounters
        .iter()
        .filter(|e| e.script != Script::Latin)
        .count();
    let native_capable = ds
        .encounters
        .iter()
        .filter(|e| e.culture.native_script() != Script::Latin)
        .count();
    let share = native as f64 / native_capable as f64;
    assert!((0.07..0.18).contains(&share), "native-script share {share}");
    let upper = ds
        .encounters
        .iter()
        .filter(|e| e.script == Script::Latin && e.name == e.name.to_uppercase())
        .count();
    let latin = ds
        .encounters
        .iter()
        .filter(|e| e.script == Script::Latin)
        .count();
    let share = upper as f64 / latin as f64;
    assert!((0.3..0.5).contains(&share), "MRZ upper-case share {share}");
}

#[test]
fn native_scripts_are_present() {
    let ds = generate(&cfg(13, 2000, 2000));
    let mut by_script: BTreeMap<(Culture, Script), usize> = BTreeMap::new();
    for s in &ds.watchlist {
        *by_script
            .entry((s.culture, Script::detect(&s.name)))
            .or_default() += 1;
    }
    for c in Culture::ALL {
        let total: usize = by_script
            .iter()
            .filter(|((k, _), _)| *k == c)
            .map(|(_, n)| n)
            .sum();
        assert!(total > 0, "{c} present in a default watchlist of 2000");
        if c.native_script() != Script::Latin {
            let native = by_script.get(&(c, c.native_script())).copied().unwrap_or(0);
            let share = native as f64 / total as f64;
            assert!(
                (0.3..0.7).contains(&share),
                "{c}: native primary names {share}"
            );
        }
    }
    // Aliases of native-script cultures carry Latin spellings when the
    // primary name is native, so every subject is findable from Latin input.
    for s in &ds.watchlist {
        if Script::detect(&s.name) != Script::Latin {
            assert!(
                s.aliases.iter().any(|a| Script::detect(a) == Script::Latin),
                "{}: no Latin alias",
                s.name
            );
        }
    }
    let all: String = ds
        .watchlist
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for probe in ["محمد", "Магомед", "ئا", "ı", "ž", "ë", "ҳ", "қ"] {
        assert!(all.contains(probe), "no {probe:?} in any primary name");
    }
}

#[test]
fn watchlist_shape() {
    let ds = generate(&cfg(17, 4000, 0));
    let n = ds.watchlist.len() as f64;
    let share =
        |f: &dyn Fn(&Subject) -> bool| ds.watchlist.iter().filter(|s| f(s)).count() as f64 / n;
    let women = share(&|s| s.category == Category::Woman);
    assert!((0.15..0.25).contains(&women), "women {women}");
    let minors = share(&|s| s.category == Category::Minor);
    assert!((0.04..0.12).contains(&minors), "minors {minors}");
    for s in ds
        .watchlist
        .iter()
        .filter(|s| s.category == Category::Minor)
    {
        for d in &s.birth_dates {
            let y: u16 = d[..4].parse().expect("year");
            assert!((2004..=2013).contains(&y), "minor born {d}");
        }
    }
    let full = share(&|s| s.birth_dates.first().is_some_and(|d| d.len() == 10));
    let none = share(&|s| s.birth_dates.is_empty());
    assert!((0.62..0.78).contains(&full), "full dates {full}");
    assert!((0.05..0.15).contains(&none), "no date {none}");
    assert!(
        share(&|s| s.birth_dates.len() == 2) > 0.03,
        "some subjects have two dates"
    );
    assert!(
        ds.watchlist
            .iter()
            .all(|s| (1..=2).contains(&s.nationalities.len()))
    );
    assert!(ds.watchlist.iter().all(|s| s.document_numbers.len() <= 2));
    assert!(ds.watchlist.iter().all(|s| s.structure.is_known()));
    let kunya_cultures: Vec<&Subject> = ds
        .watchlist
        .iter()
        .filter(|s| s.culture != Culture::WesternEuropean && s.category != Category::Minor)
        .collect();
    let with_kunya = kunya_cultures
        .iter()
        .filter(|s| {
            s.aliases
                .iter()
                .any(|a| a.starts_with("Abu ") || a.starts_with("Umm ") || a.starts_with("أبو "))
        })
        .count() as f64
        / kunya_cultures.len() as f64;
    assert!(
        (0.12..0.5).contains(&with_kunya),
        "kunya aliases {with_kunya}"
    );
    for s in ds
        .watchlist
        .iter()
        .filter(|s| s.culture == Culture::WesternConvert)
    {
        assert!(matches!(
            s.nationalities[0].as_str(),
            "FR" | "DE"
                | "GB"
                | "NL"
                | "BE"
                | "SE"
                | "ES"
                | "IT"
                | "DK"
                | "AT"
                | "NO"
                | "FI"
                | "CH"
                | "IE"
        ));
    }
    for s in &ds.watchlist {
        assert!(
            !s.name.contains('|') && s.aliases.iter().all(|a| !a.contains('|') && !a.is_empty())
        );
        assert!(!s.aliases.contains(&s.name), "alias repeats the name");
    }
}

#[test]
fn hard_negatives_are_namesakes_but_never_subjects() {
    let ds = generate(&SynthConfig {
        match_rate: 0.2,
        hard_negative_rate: 0.6,
        ..cfg(23, 800, 4000)
    });
    let mut name_dates: HashSet<(String, String)> = HashSet::new();
    let mut tokens: HashSet<String> = HashSet::new();
    let mut years: HashSet<String> = HashSet::new();
    for s in &ds.watchlist {
        for n in std::iter::once(&s.name).chain(&s.aliases) {
            for d in s.birth_dates.iter().filter(|d| d.len() == 10) {
                name_dates.insert((key(n), d.clone()));
            }
            tokens.extend(key(n).split(' ').map(str::to_owned));
        }
        years.extend(s.birth_dates.iter().map(|d| d[..4].to_owned()));
    }
    let hard: Vec<_> = ds
        .encounters
        .iter()
        .filter(|e| e.kind == EncounterKind::HardNegative)
        .collect();
    assert_eq!(hard.len(), 1920);
    let mut sharing = 0;
    for e in &hard {
        assert!(
            !name_dates.contains(&(key(&e.name), e.birth_date.clone())),
            "hard negative {} {} equals a subject's name and date",
            e.name,
            e.birth_date
        );
        if key(&e.name).split(' ').any(|t| tokens.contains(t))
            && e.birth_date.get(..4).is_some_and(|y| years.contains(y))
        {
            sharing += 1;
        }
    }
    let share = sharing as f64 / hard.len() as f64;
    assert!(
        share > 0.9,
        "hard negatives share a name part and a birth year: {share}"
    );
    for e in ds
        .encounters
        .iter()
        .filter(|e| e.kind == EncounterKind::Clean)
    {
        assert!(
            !name_dates.contains(&(key(&e.name), e.birth_date.clone())),
            "clean {} is a subject",
            e.name
        );
    }
}

#[test]
fn without_noise_true_encounters_carry_the_listed_identity() {
    let c = SynthConfig {
        noise: NoiseConfig::none(),
        match_rate: 1.0,
        ..cfg(29, 300, 1500)
    };
    let ds = generate(&c);
    let by_id: HashMap<&str, &Subject> = ds
        .watchlist
        .iter()
        .map(|s| (s.subject_id.as_str(), s))
        .collect();
    let truth: HashMap<&str, &str> = ds
        .truth
        .iter()
        .map(|(e, s)| (e.as_str(), s.as_str()))
        .collect();
    for e in &ds.encounters {
        assert!(e.noise.is_empty(), "{:?}", e.noise);
        let s = by_id[truth[e.encounter_id.as_str()]];
        if e.script == Script::Latin {
            // The primary Latin spelling, possibly upper-cased MRZ-style.
            let names: Vec<String> = std::iter::once(&s.name)
                .chain(&s.aliases)
                .map(|n| key(&n.replace('\'', "")).replace(' ', ""))
                .collect();
            let got = key(&lookout_fold(&e.name)).replace(' ', "");
            assert!(
                names.iter().any(|n| lookout_fold(n) == got),
                "{} not among {:?}",
                e.name,
                std::iter::once(&s.name)
                    .chain(&s.aliases)
                    .collect::<Vec<_>>()
            );
        }
        if let Some(d) = s.birth_dates.iter().find(|d| d.len() == 10)
            && s.birth_dates.len() == 1
        {
            assert_eq!(&e.birth_date, d);
        }
        if s.document_numbers.len() == 1 && e.document_number != s.document_numbers[0] {
            // A newer passport the list does not know (10%).
            assert!(!e.document_number.is_empty());
        }
        if !s.nationalities.is_empty() {
            assert!(
                s.nationalities.contains(&e.nationality),
                "{} vs {:?}",
                e.nationality,
                s.nationalities
            );
        }
    }
}

/// Diacritic/apostrophe folding for comparing a Title-case rendering with
/// its MRZ upper-case form in the test above.
fn lookout_fold(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\'' | 'ʻ' | 'ʼ' | '`'))
        .map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'ç' | 'č' | 'ć' => 'c',
            'đ' => 'd',
            'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
            'ğ' => 'g',
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
            'ñ' => 'n',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ş' | 'š' => 's',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'ž' => 'z',
            l => l,
        })
        .collect::<String>()
        .replace("i̇", "i")
}

#[test]
fn culture_selection_is_respected() {
    let c = SynthConfig {
        cultures: Some(vec![Culture::Chechen, Culture::Uyghur]),
        ..cfg(31, 200, 500)
    };
    let ds = generate(&c);
    assert!(
        ds.watchlist
            .iter()
            .all(|s| matches!(s.culture, Culture::Chechen | Culture::Uyghur))
    );
    assert!(
        ds.encounters
            .iter()
            .all(|e| matches!(e.culture, Culture::Chechen | Culture::Uyghur))
    );
    assert!(ds.watchlist.iter().any(|s| s.culture == Culture::Uyghur));
}

#[test]
fn noise_operations_occur() {
    let ds = generate(&cfg(37, 500, 6000));
    let seen: HashSet<NoiseOp> = ds
        .encounters
        .iter()
        .flat_map(|e| e.noise.iter().copied())
        .collect();
    for op in NoiseOp::ALL {
        assert!(seen.contains(&op), "{} never applied", op.as_str());
    }
}

#[test]
fn hand_made_subjects_without_structure_work() {
    let s = Subject {
        subject_id: "X1".into(),
        name: "محمد أحمد الجبوري".into(),
        aliases: vec!["Mohammed Ahmed al-Jubouri".into()],
        birth_dates: vec!["1985-04-12".into()],
        nationalities: vec!["IQ".into()],
        gender: Some(lookout_synth::Gender::Male),
        document_numbers: vec!["A12345678".into()],
        category: Category::Man,
        culture: Culture::Iraqi,
        structure: NameStructure::default(),
    };
    let wl = vec![s];
    let c = SynthConfig {
        match_rate: 0.5,
        hard_negative_rate: 1.0,
        ..cfg(41, 0, 200)
    };
    let items: Vec<_> = encounters_iter(&c, &wl).collect();
    assert_eq!(items.len(), 200);
    assert_eq!(
        items
            .iter()
            .filter(|(_, sid)| sid.as_deref() == Some("X1"))
            .count(),
        100
    );
    for (e, _) in &items {
        assert!(!e.name.is_empty());
        if e.kind == EncounterKind::HardNegative {
            assert!(!(key(&e.name) == "mohammed ahmed al jubouri" && e.birth_date == "1985-04-12"));
        }
    }
}

#[test]
fn validate_rejects_out_of_range() {
    assert!(SynthConfig::default().validate().is_ok());
    let bad = SynthConfig {
        match_rate: 1.5,
        ..SynthConfig::default()
    };
    assert!(bad.validate().is_err());
    let bad = SynthConfig {
        noise: NoiseConfig {
            typo: -0.1,
            ..NoiseConfig::default()
        },
        ..SynthConfig::default()
    };
    assert!(bad.validate().unwrap_err().to_string().contains("typo"));
}
