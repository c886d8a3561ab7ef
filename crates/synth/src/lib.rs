//! Deterministic synthetic watchlists, border encounters and ground truth
//! for testing and evaluating `lookout`.
//!
//! # Why synthetic
//! Screening must be tested without real people: every identity here is a
//! random combination of *common, generic* name elements (very frequent
//! given names, family names, kunya and nisba parts). A deny list
//! (`data/deny.txt`) rejects combinations that would spell the name or alias
//! of a notorious real person, and elements that only identify such persons
//! are not in the lists at all.
//!
//! # What is realistic
//! * Name elements per culture in native script (Arabic, Cyrillic, Uyghur
//!   Arabic script, native Latin orthographies) with several real-world
//!   Latin spellings each: explicit lists for Arabic and Uyghur (with
//!   culture preferences: Egyptian `Gamal`, Maghrebi `Djamel`, Gulf
//!   `Jamal`), and transliteration schemes (ICAO, BGN/PCGN, German, French,
//!   Uzbek/Tajik/Kazakh Latin) for Cyrillic.
//! * Naming patterns: Arabic given + father (+ grandfather) + family, `bin`
//!   chains, Mauritanian `Ould`, Iraqi tribal nisbas; Russian-style
//!   patronymics and feminine surnames; Tajik `-zoda`; Kyrgyz `uulu/kyzy`;
//!   Uzbek `o'g'li`; Uyghur father's name as surname; converts with an
//!   adopted Arabic name and a country nisba (`Abu Yusuf al-Faransi`).
//! * Encounters as a border system sees them: MRZ-style upper case, mostly
//!   Latin script, other spellings, swapped order, dropped middle names,
//!   appended noms de guerre, typos, date and document errors, missing
//!   fields; plus clean travellers and hard-negative namesakes.
//!
//! # Determinism
//! Everything is drawn from `ChaCha8Rng` seeded with [`SynthConfig::seed`]
//! (stream 0 for the watchlist, stream 1 for encounters); no hash-map order
//! reaches the output. The same configuration gives byte-identical files.
//!
//! # Output (schema v1)
//! `watchlist.csv`, `encounters.csv`, `truth.csv`; see [`WATCHLIST_HEADER`],
//! [`ENCOUNTERS_HEADER`] and [`TRUTH_HEADER`]. RFC 4180 quoting, UTF-8, LF.

#![warn(missing_docs)]

mod culture;
mod dates;
mod docs;
mod encounter;
mod fold;
mod ident;
mod rngx;
mod subject;
mod tables;
mod translit;
mod write;

use std::fmt;
use std::path::PathBuf;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use culture::{Culture, ParseCultureError};
pub use encounter::{EncounterIter, encounters_iter};
pub use ident::NameStructure;
pub use tables::deny_token_hash;
pub use write::{EncounterSink, Summary, generate_to_dir, write_watchlist};

/// Version of the CSV contract written by this crate.
pub const SCHEMA_VERSION: u32 = 1;

/// Columns of `watchlist.csv`: the contract columns followed by the extra
/// columns `category` and `culture`.
pub const WATCHLIST_HEADER: [&str; 9] = [
    "subject_id",
    "name",
    "aliases",
    "birth_date",
    "nationality",
    "gender",
    "document_numbers",
    "category",
    "culture",
];

/// Columns of `encounters.csv`.
pub const ENCOUNTERS_HEADER: [&str; 10] = [
    "encounter_id",
    "name",
    "birth_date",
    "nationality",
    "gender",
    "document_number",
    "culture",
    "script",
    "kind",
    "noise",
];

/// Columns of `truth.csv`.
pub const TRUTH_HEADER: [&str; 2] = ["encounter_id", "subject_id"];

/// Errors of the library (file output and configuration checks).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The output directory could not be created.
    #[error("cannot create directory {path}: {source}")]
    CreateDir {
        /// Directory that was to be created.
        path: PathBuf,
        /// Underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Writing a CSV file failed.
    #[error("cannot write {path}: {source}")]
    Csv {
        /// File being written.
        path: PathBuf,
        /// Underlying CSV (or I/O) error.
        #[source]
        source: csv::Error,
    },
    /// Flushing or creating a file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// File being written.
        path: PathBuf,
        /// Underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The configuration is out of range (see [`SynthConfig::validate`]).
    #[error("invalid configuration: {0}")]
    Config(String),
}

/// Probabilities of the noise operations applied to true encounters (and,
/// where meaningful, to negatives so that noise alone does not reveal a
/// match). Every field is a probability in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct NoiseConfig {
    /// One keyboard typo in the name (adjacent key, dropped, doubled or
    /// transposed letter).
    pub typo: f64,
    /// Another real-world spelling/romanisation than the watchlist's.
    pub scheme_switch: f64,
    /// Surname moved to the front ("SURNAME Given").
    pub reorder: f64,
    /// Middle parts (father's, grandfather's, second given name,
    /// patronymic) dropped. Latin renderings of Cyrillic-culture names drop
    /// the patronymic with at least 0.6 whenever this is non-zero, as
    /// passports do.
    pub drop_middle: f64,
    /// A kunya or nom de guerre appended to the name.
    pub add_nom_de_guerre: f64,
    /// Birth date error: year ±1, day/month swapped, 1 January placeholder
    /// or year only.
    pub dob_error: f64,
    /// Document number misread (O/0, I/1, S/5, B/8, ... or a transposition).
    pub doc_ocr_error: f64,
    /// Missing or divergent secondary fields: nationality and document
    /// number are dropped with this probability each, gender with half,
    /// birth date with a quarter; a kept nationality is replaced by an
    /// undeclared second citizenship with half this probability.
    pub missing_fields: f64,
}

impl Default for NoiseConfig {
    /// Moderate noise as seen on real manifests.
    fn default() -> Self {
        NoiseConfig {
            typo: 0.12,
            scheme_switch: 0.5,
            reorder: 0.12,
            drop_middle: 0.35,
            add_nom_de_guerre: 0.05,
            dob_error: 0.10,
            doc_ocr_error: 0.05,
            missing_fields: 0.08,
        }
    }
}

impl NoiseConfig {
    /// No noise at all: true encounters carry the watchlist spelling, the
    /// full name, the exact date and document (still possibly upper-cased or
    /// in native script, which are renderings, not noise).
    pub fn none() -> Self {
        NoiseConfig {
            typo: 0.0,
            scheme_switch: 0.0,
            reorder: 0.0,
            drop_middle: 0.0,
            add_nom_de_guerre: 0.0,
            dob_error: 0.0,
            doc_ocr_error: 0.0,
            missing_fields: 0.0,
        }
    }

    fn fields(&self) -> [(&'static str, f64); 8] {
        [
            ("typo", self.typo),
            ("scheme_switch", self.scheme_switch),
            ("reorder", self.reorder),
            ("drop_middle", self.drop_middle),
            ("add_nom_de_guerre", self.add_nom_de_guerre),
            ("dob_error", self.dob_error),
            ("doc_ocr_error", self.doc_ocr_error),
            ("missing_fields", self.missing_fields),
        ]
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    /// Seed of all randomness; same config ⇒ identical output.
    pub seed: u64,
    /// Number of watchlist subjects.
    pub subjects: usize,
    /// Number of encounters.
    pub encounters: usize,
    /// Share of encounters that are true encounters of a subject (exact up
    /// to rounding). Forced to 0 when the watchlist is empty.
    pub match_rate: f64,
    /// Share of the non-matching encounters that are hard negatives
    /// (namesakes of a subject); the rest are clean travellers.
    pub hard_negative_rate: f64,
    /// Noise probabilities.
    pub noise: NoiseConfig,
    /// Cultures to draw from, weighted by [`Culture::default_weight`]. None
    /// (or an empty list) means all cultures.
    pub cultures: Option<Vec<Culture>>,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            seed: 42,
            subjects: 1000,
            encounters: 2000,
            match_rate: 0.3,
            hard_negative_rate: 0.3,
            noise: NoiseConfig::default(),
            cultures: None,
        }
    }
}

impl SynthConfig {
    /// Checks that rates and probabilities lie in [0, 1]. [`generate`]
    /// clamps out-of-range values instead of failing; call this to reject
    /// bad user input with a clear message.
    pub fn validate(&self) -> Result<(), Error> {
        let mut fields = vec![
            ("match_rate", self.match_rate),
            ("hard_negative_rate", self.hard_negative_rate),
        ];
        fields.extend(self.noise.fields().iter().map(|&(n, v)| (n, v)));
        for (name, v) in fields {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::Config(format!("{name} = {v} is not in [0, 1]")));
            }
        }
        Ok(())
    }

    /// Cultures with their weights, in [`Culture::ALL`] order.
    pub(crate) fn culture_weights(&self) -> Vec<(Culture, f64)> {
        let chosen: Vec<Culture> = match &self.cultures {
            Some(list) if !list.is_empty() => Culture::ALL
                .into_iter()
                .filter(|c| list.contains(c))
                .collect(),
            _ => Culture::ALL.to_vec(),
        };
        chosen
            .into_iter()
            .map(|c| (c, c.default_weight()))
            .collect()
    }
}

/// Script of a name as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    /// Latin alphabet (incl. diacritics).
    Latin,
    /// Arabic script (incl. the Uyghur alphabet).
    Arabic,
    /// Cyrillic script (incl. Central Asian letters).
    Cyrillic,
}

impl Script {
    /// Name used in the `script` column.
    pub const fn as_str(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Arabic => "Arabic",
            Script::Cyrillic => "Cyrillic",
        }
    }

    /// The dominant script of `s` (Latin when no letter is Arabic or
    /// Cyrillic).
    pub fn detect(s: &str) -> Script {
        let (mut ar, mut cy, mut la) = (0usize, 0usize, 0usize);
        for c in s.chars().filter(|c| c.is_alphabetic()) {
            match c as u32 {
                0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => ar += 1,
                0x0400..=0x052F => cy += 1,
                _ => la += 1,
            }
        }
        if ar > cy && ar > la {
            Script::Arabic
        } else if cy > la {
            Script::Cyrillic
        } else {
            Script::Latin
        }
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Recorded gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// `m`
    Male,
    /// `f`
    Female,
}

impl Gender {
    /// Code used in the `gender` column.
    pub const fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "m",
            Gender::Female => "f",
        }
    }
}

/// Watchlist category of a subject (extra `category` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Adult man.
    Man,
    /// Adult woman.
    Woman,
    /// Minor (born 2005–2012).
    Minor,
}

impl Category {
    /// Value of the `category` column.
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Man => "man",
            Category::Woman => "woman",
            Category::Minor => "minor",
        }
    }
}

/// Ground-truth class of an encounter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EncounterKind {
    /// The person is a watchlist subject (listed in truth.csv).
    True,
    /// A random traveller of the same cultures.
    Clean,
    /// A different person sharing given and/or family name and birth year
    /// with a subject.
    HardNegative,
}

impl EncounterKind {
    /// Value of the `kind` column.
    pub const fn as_str(self) -> &'static str {
        match self {
            EncounterKind::True => "true",
            EncounterKind::Clean => "clean",
            EncounterKind::HardNegative => "hard_negative",
        }
    }
}

/// A noise operation applied while rendering an encounter (`noise` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoiseOp {
    /// A letter replaced by a neighbouring key.
    TypoAdjacent,
    /// A letter dropped.
    TypoDrop,
    /// A letter doubled.
    TypoDouble,
    /// Two letters transposed.
    TypoTranspose,
    /// Another Latin spelling / romanisation than the watchlist's.
    SchemeSwitch,
    /// Surname moved to the front.
    Reorder,
    /// Middle parts dropped.
    DropMiddle,
    /// Kunya / nom de guerre appended.
    AddNomDeGuerre,
    /// Birth year off by one.
    DobYearShift,
    /// Day and month swapped.
    DobDayMonthSwap,
    /// Date replaced by the 1 January placeholder.
    DobPlaceholder,
    /// Only the year given.
    DobYearOnly,
    /// Birth date missing.
    DobMissing,
    /// Document number with an OCR confusion.
    DocOcr,
    /// Document number with two characters transposed.
    DocTranspose,
    /// Document number missing.
    DocMissing,
    /// Nationality missing.
    NationalityMissing,
    /// A nationality the watchlist does not list (second citizenship).
    NationalityOther,
    /// Gender missing.
    GenderMissing,
}

impl NoiseOp {
    /// Every operation, in a fixed order.
    pub const ALL: [NoiseOp; 19] = [
        NoiseOp::TypoAdjacent,
        NoiseOp::TypoDrop,
        NoiseOp::TypoDouble,
        NoiseOp::TypoTranspose,
        NoiseOp::SchemeSwitch,
        NoiseOp::Reorder,
        NoiseOp::DropMiddle,
        NoiseOp::AddNomDeGuerre,
        NoiseOp::DobYearShift,
        NoiseOp::DobDayMonthSwap,
        NoiseOp::DobPlaceholder,
        NoiseOp::DobYearOnly,
        NoiseOp::DobMissing,
        NoiseOp::DocOcr,
        NoiseOp::DocTranspose,
        NoiseOp::DocMissing,
        NoiseOp::NationalityMissing,
        NoiseOp::NationalityOther,
        NoiseOp::GenderMissing,
    ];

    /// Name used in the `noise` column.
    pub const fn as_str(self) -> &'static str {
        match self {
            NoiseOp::TypoAdjacent => "typo_adjacent",
            NoiseOp::TypoDrop => "typo_drop",
            NoiseOp::TypoDouble => "typo_double",
            NoiseOp::TypoTranspose => "typo_transpose",
            NoiseOp::SchemeSwitch => "scheme_switch",
            NoiseOp::Reorder => "reorder",
            NoiseOp::DropMiddle => "drop_middle",
            NoiseOp::AddNomDeGuerre => "add_nom_de_guerre",
            NoiseOp::DobYearShift => "dob_year_shift",
            NoiseOp::DobDayMonthSwap => "dob_day_month_swap",
            NoiseOp::DobPlaceholder => "dob_placeholder",
            NoiseOp::DobYearOnly => "dob_year_only",
            NoiseOp::DobMissing => "dob_missing",
            NoiseOp::DocOcr => "doc_ocr",
            NoiseOp::DocTranspose => "doc_transpose",
            NoiseOp::DocMissing => "doc_missing",
            NoiseOp::NationalityMissing => "nationality_missing",
            NoiseOp::NationalityOther => "nationality_other",
            NoiseOp::GenderMissing => "gender_missing",
        }
    }
}

/// A watchlist subject (one row of `watchlist.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    /// `S000001`, ...
    pub subject_id: String,
    /// Primary name (native script for about half of the subjects of
    /// native-script cultures).
    pub name: String,
    /// Other spellings, native form, shortened/reordered forms, kunya or
    /// nom de guerre, adopted name.
    pub aliases: Vec<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; zero, one or two.
    pub birth_dates: Vec<String>,
    /// ISO 3166-1 alpha-2 codes; one or two.
    pub nationalities: Vec<String>,
    /// None when the list does not record it.
    pub gender: Option<Gender>,
    /// Zero to two passport-like numbers.
    pub document_numbers: Vec<String>,
    /// Man, woman or minor.
    pub category: Category,
    /// Name culture.
    pub culture: Culture,
    /// Internal name structure (unknown for hand-made subjects).
    pub structure: NameStructure,
}

/// An encounter (one row of `encounters.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Encounter {
    /// `E0000001`, ...
    pub encounter_id: String,
    /// Name as captured.
    pub name: String,
    /// `YYYY-MM-DD`, `YYYY` or empty.
    pub birth_date: String,
    /// ISO 3166-1 alpha-2 code or empty.
    pub nationality: String,
    /// None when not captured.
    pub gender: Option<Gender>,
    /// Passport number or empty.
    pub document_number: String,
    /// Name culture of the person behind the encounter.
    pub culture: Culture,
    /// Script of `name`.
    pub script: Script,
    /// Ground-truth class.
    pub kind: EncounterKind,
    /// Noise operations applied, in order.
    pub noise: Vec<NoiseOp>,
}

/// A generated data set held in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Watchlist subjects.
    pub watchlist: Vec<Subject>,
    /// Encounters.
    pub encounters: Vec<Encounter>,
    /// (encounter_id, subject_id) of every true encounter.
    pub truth: Vec<(String, String)>,
}

/// The seeded generator of the watchlist (stream 0).
pub(crate) fn watchlist_rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// The seeded generator of the encounters (stream 1), independent of the
/// watchlist draws so that changing the encounter count leaves the
/// watchlist unchanged.
pub(crate) fn encounter_rng(seed: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(1);
    rng
}

/// Generates only the watchlist of `cfg` (the first part of [`generate`]).
pub fn generate_watchlist(cfg: &SynthConfig) -> Vec<Subject> {
    subject::gen_subjects(cfg)
}

/// Generates the full data set in memory. Deterministic for a given
/// configuration. For very large encounter counts use [`generate_watchlist`]
/// with [`encounters_iter`] (or [`generate_to_dir`]) to stream instead.
pub fn generate(cfg: &SynthConfig) -> Dataset {
    let watchlist = generate_watchlist(cfg);
    let mut encounters = Vec::with_capacity(cfg.encounters);
    let mut truth = Vec::new();
    for (e, sid) in encounters_iter(cfg, &watchlist) {
        if let Some(sid) = sid {
            truth.push((e.encounter_id.clone(), sid));
        }
        encounters.push(e);
    }
    Dataset {
        watchlist,
        encounters,
        truth,
    }
}

impl Dataset {
    /// Writes `watchlist.csv`, `encounters.csv` and `truth.csv` into `dir`
    /// (created if missing), through the same writers as the streaming path
    /// so both produce identical bytes.
    pub fn write_dir(&self, dir: &std::path::Path) -> Result<(), Error> {
        write::create_dir(dir)?;
        write_watchlist(&dir.join("watchlist.csv"), &self.watchlist)?;
        let truth: std::collections::BTreeMap<&str, &str> = self
            .truth
            .iter()
            .map(|(e, s)| (e.as_str(), s.as_str()))
            .collect();
        let mut sink = EncounterSink::create(dir)?;
        for e in &self.encounters {
            sink.write(e, truth.get(e.encounter_id.as_str()).copied())?;
        }
        sink.finish()
    }
}
