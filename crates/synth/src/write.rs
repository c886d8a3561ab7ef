//! CSV output (schema v1): RFC 4180 quoting, UTF-8, LF line ends.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::{
    ENCOUNTERS_HEADER, Encounter, EncounterKind, Error, Subject, SynthConfig, TRUTH_HEADER,
    WATCHLIST_HEADER, encounters_iter, generate_watchlist,
};

/// Counts of what was written by [`generate_to_dir`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Watchlist rows.
    pub subjects: usize,
    /// Encounter rows.
    pub encounters: usize,
    /// True encounters (= truth rows).
    pub true_encounters: usize,
    /// Hard-negative encounters.
    pub hard_negatives: usize,
    /// Clean encounters.
    pub clean: usize,
}

pub(crate) fn create_dir(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::CreateDir {
        path: dir.to_owned(),
        source,
    })
}

fn writer(path: &Path) -> Result<csv::Writer<File>, Error> {
    let file = File::create(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .quote_style(csv::QuoteStyle::Necessary)
        .buffer_capacity(1 << 16)
        .from_writer(file))
}

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |source| Error::Csv {
        path: path.to_owned(),
        source,
    }
}

/// Writes `subjects` as `watchlist.csv` to `path` (header included).
pub fn write_watchlist(path: &Path, subjects: &[Subject]) -> Result<(), Error> {
    let mut w = writer(path)?;
    let err = csv_err(path);
    w.write_record(WATCHLIST_HEADER).map_err(&err)?;
    for s in subjects {
        w.write_record([
            s.subject_id.as_str(),
            &s.name,
            &s.aliases.join("|"),
            &s.birth_dates.join("|"),
            &s.nationalities.join("|"),
            s.gender.map_or("", |g| g.as_str()),
            &s.document_numbers.join("|"),
            s.category.as_str(),
            s.culture.as_str(),
        ])
        .map_err(&err)?;
    }
    w.flush().map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

/// Streaming writer of `encounters.csv` and `truth.csv` in a directory; the
/// CLI feeds it from [`encounters_iter`] and reports progress itself.
pub struct EncounterSink {
    enc: csv::Writer<File>,
    truth: csv::Writer<File>,
    enc_path: PathBuf,
    truth_path: PathBuf,
    noise_buf: String,
}

impl EncounterSink {
    /// Creates both files in `dir` (which must exist) and writes headers.
    pub fn create(dir: &Path) -> Result<EncounterSink, Error> {
        let enc_path = dir.join("encounters.csv");
        let truth_path = dir.join("truth.csv");
        let mut enc = writer(&enc_path)?;
        let mut truth = writer(&truth_path)?;
        enc.write_record(ENCOUNTERS_HEADER)
            .map_err(csv_err(&enc_path))?;
        truth
            .write_record(TRUTH_HEADER)
            .map_err(csv_err(&truth_path))?;
        Ok(EncounterSink {
            enc,
            truth,
            enc_path,
            truth_path,
            noise_buf: String::new(),
        })
    }

    /// Writes one encounter, and a truth row when `subject_id` is given.
    pub fn write(&mut self, e: &Encounter, subject_id: Option<&str>) -> Result<(), Error> {
        self.noise_buf.clear();
        for (i, op) in e.noise.iter().enumerate() {
            if i > 0 {
                self.noise_buf.push('|');
            }
            self.noise_buf.push_str(op.as_str());
        }
        self.enc
            .write_record([
                e.encounter_id.as_str(),
                &e.name,
                &e.birth_date,
                &e.nationality,
                e.gender.map_or("", |g| g.as_str()),
                &e.document_number,
                e.culture.as_str(),
                e.script.as_str(),
                e.kind.as_str(),
                &self.noise_buf,
            ])
            .map_err(csv_err(&self.enc_path))?;
        if let Some(sid) = subject_id {
            self.truth
                .write_record([e.encounter_id.as_str(), sid])
                .map_err(csv_err(&self.truth_path))?;
        }
        Ok(())
    }

    /// Flushes both files.
    pub fn finish(mut self) -> Result<(), Error> {
        self.enc.flush().map_err(|source| Error::Io {
            path: self.enc_path.clone(),
            source,
        })?;
        self.truth.flush().map_err(|source| Error::Io {
            path: self.truth_path.clone(),
            source,
        })
    }
}

/// Generates the data set of `cfg` straight into `dir` without holding the
/// encounters in memory (only the watchlist). Produces the same bytes as
/// `generate(cfg).write_dir(dir)`.
pub fn generate_to_dir(cfg: &SynthConfig, dir: &Path) -> Result<Summary, Error> {
    create_dir(dir)?;
    let watchlist = generate_watchlist(cfg);
    write_watchlist(&dir.join("watchlist.csv"), &watchlist)?;
    let mut sink = EncounterSink::create(dir)?;
    let mut sum = Summary {
        subjects: watchlist.len(),
        ..Summary::default()
    };
    for (e, sid) in encounters_iter(cfg, &watchlist) {
        sink.write(&e, sid.as_deref())?;
        sum.encounters += 1;
        match e.kind {
            EncounterKind::True => sum.true_encounters += 1,
            EncounterKind::HardNegative => sum.hard_negatives += 1,
            EncounterKind::Clean => sum.clean += 1,
        }
    }
    sink.finish()?;
    Ok(sum)
}
