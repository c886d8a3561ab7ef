//! Files in the CSV contract (schema v1): reading watchlists, encounters
//! and truth, writing hits.
//!
//! Every rejected row is reported as `file:line:column: column-name: reason`
//! (the column is the 1-based field number). By default the first bad row
//! stops the read; with `skip_bad_rows` the reader goes on and returns every
//! skipped row so the caller can report them at the end.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::date::PartialDate;
use crate::record::{Encounter, Gender, Subject};

/// A row that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    /// File name as given.
    pub file: String,
    /// 1-based line number.
    pub line: u64,
    /// 1-based field number.
    pub column: usize,
    /// Column name from the header, if any.
    pub column_name: String,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if !self.column_name.is_empty() {
            write!(f, "{}: ", self.column_name)?;
        }
        f.write_str(&self.reason)
    }
}

/// Errors reading or writing contract files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// A row or header is malformed.
    #[error("{0}")]
    BadRow(BadRow),
    /// Writing output failed.
    #[error("writing output: {0}")]
    Write(String),
}

/// Options for reading.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions {
    /// Continue past bad rows, collecting them.
    pub skip_bad_rows: bool,
}

/// Physical line numbers of CSV records. The csv crate counts the line
/// feed of a CRLF pair only when it starts on the next record, so its line
/// numbers drift by one per CRLF row; line feeds are counted here instead,
/// as the bytes stream past.
#[derive(Clone, Default)]
struct Lines(Arc<Mutex<LineState>>);

#[derive(Default)]
struct LineState {
    /// Byte offsets of line feeds read but not yet passed by a record.
    pending: VecDeque<u64>,
    /// Line feeds before the last record asked about.
    before: u64,
    /// Bytes read so far.
    offset: u64,
}

impl Lines {
    /// 1-based line of the record starting at `byte` (asked in increasing
    /// order). A line feed *at* `byte` counts as before it: after a CRLF the
    /// csv reader places the next record on the line feed it has not yet
    /// skipped.
    fn line_at(&self, byte: u64) -> u64 {
        let Ok(mut st) = self.0.lock() else { return 0 };
        while st.pending.front().is_some_and(|&o| o <= byte) {
            st.pending.pop_front();
            st.before += 1;
        }
        st.before + 1
    }
}

struct Counting<R> {
    inner: R,
    lines: Lines,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut st) = self.lines.0.lock() {
            let base = st.offset;
            for (i, b) in buf[..n].iter().enumerate() {
                if *b == b'\n' {
                    st.pending.push_back(base + i as u64);
                }
            }
            st.offset += n as u64;
        }
        Ok(n)
    }
}

fn open(path: &Path, lines: &Lines) -> Result<Box<dyn Read + Send>, Error> {
    let f = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(Box::new(Counting {
        inner: BufReader::with_capacity(1 << 16, f),
        lines: lines.clone(),
    }))
}

/// Column positions found in a header.
struct Header {
    file: String,
    names: Vec<String>,
}

impl Header {
    fn read(
        file: &str,
        rdr: &mut csv::Reader<Box<dyn Read + Send>>,
        lines: &Lines,
    ) -> Result<Header, Error> {
        let h = rdr.headers().map_err(|e| csv_error(file, &e, lines, &[]))?;
        let mut names: Vec<String> = h.iter().map(|s| s.trim().to_string()).collect();
        if let Some(first) = names.first_mut() {
            // A UTF-8 byte-order mark is not part of the first column name.
            *first = first.trim_start_matches('\u{feff}').to_string();
        }
        Ok(Header {
            file: file.to_string(),
            names,
        })
    }

    fn require(&self, col: &str) -> Result<usize, Error> {
        self.names.iter().position(|n| n == col).ok_or_else(|| {
            Error::BadRow(BadRow {
                file: self.file.clone(),
                line: 1,
                column: 1,
                column_name: String::new(),
                reason: format!(
                    "missing required column {col:?} (header has: {})",
                    self.names.join(",")
                ),
            })
        })
    }

    fn optional(&self, col: &str) -> Option<usize> {
        self.names.iter().position(|n| n == col)
    }

    fn bad(&self, line: u64, col: usize, reason: impl Into<String>) -> BadRow {
        BadRow {
            file: self.file.clone(),
            line,
            column: col + 1,
            column_name: self.names.get(col).cloned().unwrap_or_default(),
            reason: reason.into(),
        }
    }
}

fn csv_error(file: &str, e: &csv::Error, lines: &Lines, names: &[String]) -> Error {
    let line_of = |pos: Option<&csv::Position>| pos.map_or(0, |p| lines.line_at(p.byte()));
    let (line, column, column_name, reason) = match e.kind() {
        csv::ErrorKind::Utf8 { pos, err } => (
            line_of(pos.as_ref()),
            err.field() + 1,
            names.get(err.field()).cloned().unwrap_or_default(),
            "invalid UTF-8 (files must be UTF-8)".to_string(),
        ),
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => (
            line_of(pos.as_ref()),
            1,
            String::new(),
            format!("row has {len} fields, header has {expected_len}"),
        ),
        _ => (line_of(e.position()), 1, String::new(), e.to_string()),
    };
    Error::BadRow(BadRow {
        file: file.to_string(),
        line,
        column,
        column_name,
        reason,
    })
}

fn reader(path: &Path) -> Result<(csv::Reader<Box<dyn Read + Send>>, Lines), Error> {
    let lines = Lines::default();
    let rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(open(path, &lines)?);
    Ok((rdr, lines))
}

fn multi(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|x| !x.is_empty())
}

fn parse_country(h: &Header, line: u64, col: usize, s: &str) -> Result<String, BadRow> {
    let up = s.trim().to_ascii_uppercase();
    if up.len() == 2 && up.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(up)
    } else {
        Err(h.bad(
            line,
            col,
            format!("invalid country code {s:?} (expected ISO 3166-1 alpha-2, e.g. FR)"),
        ))
    }
}

fn parse_gender(h: &Header, line: u64, col: usize, s: &str) -> Result<Option<Gender>, BadRow> {
    Gender::parse(s).ok_or_else(|| {
        h.bad(
            line,
            col,
            format!("invalid gender {s:?} (expected m, f or empty)"),
        )
    })
}

fn parse_date(h: &Header, line: u64, col: usize, s: &str) -> Result<PartialDate, BadRow> {
    PartialDate::parse(s).map_err(|e| h.bad(line, col, e.to_string()))
}

/// Encounter ids seen so far, to reject duplicates in a stream of any
/// length. Ids are kept as 64-bit hashes: ten million ids take about 160
/// MiB instead of most of a gigabyte, and a false "duplicate" needs a hash
/// collision (odds about 1 in 400,000 for a whole file of ten million).
#[derive(Default)]
pub(crate) struct SeenIds(HashSet<u64>);

impl SeenIds {
    fn key(id: &str) -> u64 {
        // FNV-1a, mixed: fixed across runs and platforms.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in id.as_bytes() {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        h ^ (h >> 31)
    }
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.0.contains(&Self::key(id))
    }
    pub(crate) fn insert(&mut self, id: &str) {
        self.0.insert(Self::key(id));
    }
}

/// Read a watchlist file.
pub fn read_watchlist(
    path: &Path,
    opts: ReadOptions,
) -> Result<(Vec<Subject>, Vec<BadRow>), Error> {
    let file = path.display().to_string();
    let (mut rdr, lines) = reader(path)?;
    let h = Header::read(&file, &mut rdr, &lines)?;
    let c_id = h.require("subject_id")?;
    let c_name = h.require("name")?;
    let c_aliases = h.optional("aliases");
    let c_dob = h.optional("birth_date");
    let c_nat = h.optional("nationality");
    let c_gender = h.optional("gender");
    let c_docs = h.optional("document_numbers");
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    let mut bad = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let err = csv_error(&file, &e, &lines, &h.names);
                match (opts.skip_bad_rows, err) {
                    (true, Error::BadRow(b)) => {
                        bad.push(b);
                        continue;
                    }
                    (_, err) => return Err(err),
                }
            }
        }
        let line = rec.position().map_or(0, |p| lines.line_at(p.byte()));
        let row = (|| -> Result<Subject, BadRow> {
            let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("");
            let id = get(Some(c_id)).trim().to_string();
            if id.is_empty() {
                return Err(h.bad(line, c_id, "empty subject_id"));
            }
            if seen.contains(&id) {
                return Err(h.bad(line, c_id, format!("duplicate subject_id {id:?}")));
            }
            let name = get(Some(c_name)).trim().to_string();
            if name.is_empty() {
                return Err(h.bad(line, c_name, "empty name"));
            }
            let aliases = multi(get(c_aliases)).map(str::to_string).collect();
            let mut birth_dates = Vec::new();
            for d in multi(get(c_dob)) {
                birth_dates.push(parse_date(&h, line, c_dob.unwrap_or(0), d)?);
            }
            let mut nationalities = Vec::new();
            for n in multi(get(c_nat)) {
                nationalities.push(parse_country(&h, line, c_nat.unwrap_or(0), n)?);
            }
            let gender = parse_gender(&h, line, c_gender.unwrap_or(0), get(c_gender))?;
            let documents = multi(get(c_docs)).map(str::to_string).collect();
            Ok(Subject {
                id,
                name,
                aliases,
                birth_dates,
                nationalities,
                gender,
                documents,
            })
        })();
        match row {
            Ok(s) => {
                seen.insert(s.id.clone());
                out.push(s);
            }
            Err(b) if opts.skip_bad_rows => bad.push(b),
            Err(b) => return Err(Error::BadRow(b)),
        }
    }
    Ok((out, bad))
}

/// Streaming reader of an encounters file.
pub struct EncounterReader {
    rdr: csv::Reader<Box<dyn Read + Send>>,
    h: Header,
    cols: [usize; 2],
    opt: [Option<usize>; 4],
    extra: Vec<(usize, String)>,
    opts: ReadOptions,
    /// Rows skipped so far (only with `skip_bad_rows`).
    pub skipped: Vec<BadRow>,
    seen: SeenIds,
    rec: csv::StringRecord,
    lines: Lines,
}

impl EncounterReader {
    /// Open an encounters file and check its header.
    pub fn open(path: &Path, opts: ReadOptions) -> Result<EncounterReader, Error> {
        let file = path.display().to_string();
        let (mut rdr, lines) = reader(path)?;
        let h = Header::read(&file, &mut rdr, &lines)?;
        let cols = [h.require("encounter_id")?, h.require("name")?];
        let opt = [
            h.optional("birth_date"),
            h.optional("nationality"),
            h.optional("gender"),
            h.optional("document_number"),
        ];
        let known = [
            "encounter_id",
            "name",
            "birth_date",
            "nationality",
            "gender",
            "document_number",
        ];
        let extra = h
            .names
            .iter()
            .enumerate()
            .filter(|(_, n)| !known.contains(&n.as_str()))
            .map(|(i, n)| (i, n.clone()))
            .collect();
        Ok(EncounterReader {
            rdr,
            h,
            cols,
            opt,
            extra,
            opts,
            skipped: Vec::new(),
            seen: SeenIds::default(),
            rec: csv::StringRecord::new(),
            lines,
        })
    }

    /// Names of the extra columns, in file order.
    pub fn extra_columns(&self) -> Vec<String> {
        self.extra.iter().map(|(_, n)| n.clone()).collect()
    }

    /// Read up to `n` encounters into `buf` (cleared first). Returns false
    /// at end of file.
    pub fn read_chunk(&mut self, n: usize, buf: &mut Vec<Encounter>) -> Result<bool, Error> {
        buf.clear();
        while buf.len() < n {
            match self.next() {
                None => return Ok(!buf.is_empty()),
                Some(Ok(e)) => buf.push(e),
                Some(Err(e)) => return Err(e),
            }
        }
        Ok(true)
    }

    fn parse_row(&mut self) -> Result<Encounter, BadRow> {
        let rec = &self.rec;
        let h = &self.h;
        let line = rec.position().map_or(0, |p| self.lines.line_at(p.byte()));
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim();
        let id = get(Some(self.cols[0])).to_string();
        if id.is_empty() {
            return Err(h.bad(line, self.cols[0], "empty encounter_id"));
        }
        if self.seen.contains(&id) {
            return Err(h.bad(line, self.cols[0], format!("duplicate encounter_id {id:?}")));
        }
        let name = get(Some(self.cols[1])).to_string();
        if name.is_empty() {
            return Err(h.bad(line, self.cols[1], "empty name"));
        }
        let single = |c: Option<usize>, what: &str| -> Result<&str, BadRow> {
            let v = get(c);
            if v.contains('|') {
                Err(h.bad(
                    line,
                    c.unwrap_or(0),
                    format!("several {what} values; encounters take one"),
                ))
            } else {
                Ok(v)
            }
        };
        let dob = single(self.opt[0], "birth_date")?;
        let birth_date = if dob.is_empty() {
            None
        } else {
            Some(parse_date(h, line, self.opt[0].unwrap_or(0), dob)?)
        };
        let nat = single(self.opt[1], "nationality")?;
        let nationality = if nat.is_empty() {
            None
        } else {
            Some(parse_country(h, line, self.opt[1].unwrap_or(0), nat)?)
        };
        let gender = parse_gender(h, line, self.opt[2].unwrap_or(0), get(self.opt[2]))?;
        let doc = get(self.opt[3]);
        let document = (!doc.is_empty()).then(|| doc.to_string());
        let extra = self
            .extra
            .iter()
            .map(|(i, n)| (n.clone(), rec.get(*i).unwrap_or("").to_string()))
            .collect();
        Ok(Encounter {
            id,
            name,
            birth_date,
            nationality,
            gender,
            document,
            extra,
        })
    }
}

impl Iterator for EncounterReader {
    type Item = Result<Encounter, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.rdr.read_record(&mut self.rec) {
                Ok(false) => return None,
                Ok(true) => {}
                Err(e) => match csv_error(&self.h.file, &e, &self.lines, &self.h.names) {
                    Error::BadRow(b) if self.opts.skip_bad_rows => {
                        self.skipped.push(b);
                        continue;
                    }
                    err => return Some(Err(err)),
                },
            }
            match self.parse_row() {
                Ok(e) => {
                    self.seen.insert(&e.id);
                    return Some(Ok(e));
                }
                Err(b) if self.opts.skip_bad_rows => self.skipped.push(b),
                Err(b) => return Some(Err(Error::BadRow(b))),
            }
        }
    }
}

/// Anything encounters can be read from in chunks: a CSV file, or (with
/// the `parquet` feature) a Parquet file.
pub trait EncounterSource: Send {
    /// Read up to `n` encounters into `buf` (cleared first). Returns false
    /// at end of input.
    fn read_chunk(&mut self, n: usize, buf: &mut Vec<Encounter>) -> Result<bool, Error>;
    /// Rows skipped so far (only when skipping bad rows).
    fn skipped(&self) -> &[BadRow];
    /// Names of the extra (non-contract) columns.
    fn extra_columns(&self) -> Vec<String>;
}

impl EncounterSource for EncounterReader {
    fn read_chunk(&mut self, n: usize, buf: &mut Vec<Encounter>) -> Result<bool, Error> {
        EncounterReader::read_chunk(self, n, buf)
    }
    fn skipped(&self) -> &[BadRow] {
        &self.skipped
    }
    fn extra_columns(&self) -> Vec<String> {
        EncounterReader::extra_columns(self)
    }
}

/// Open an encounters file: Parquet if its name ends in `.parquet` (with
/// the `parquet` feature), CSV otherwise.
pub fn open_encounters(path: &Path, opts: ReadOptions) -> Result<Box<dyn EncounterSource>, Error> {
    if is_parquet(path) {
        #[cfg(feature = "parquet")]
        return Ok(Box::new(crate::parquet_io::ParquetEncounters::open(
            path, opts,
        )?));
        #[cfg(not(feature = "parquet"))]
        return Err(parquet_missing(path));
    }
    Ok(Box::new(EncounterReader::open(path, opts)?))
}

/// True for file names ending in `.parquet`.
pub fn is_parquet(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

#[cfg(not(feature = "parquet"))]
fn parquet_missing(path: &Path) -> Error {
    Error::BadRow(BadRow {
        file: path.display().to_string(),
        line: 0,
        column: 0,
        column_name: String::new(),
        reason: "Parquet support is not compiled in: rebuild with `--features parquet`".into(),
    })
}

/// Where hits go: a CSV or JSON-lines writer, or a Parquet writer.
pub trait HitSink {
    /// Write one hit.
    fn write_hit(&mut self, hit: &crate::watchlist::Hit) -> Result<(), Error>;
    /// Flush and close.
    fn finish_sink(self: Box<Self>) -> Result<(), Error>;
}

impl<W: Write> HitSink for HitWriter<W> {
    fn write_hit(&mut self, hit: &crate::watchlist::Hit) -> Result<(), Error> {
        self.write(hit)
    }
    fn finish_sink(self: Box<Self>) -> Result<(), Error> {
        self.finish()
    }
}

/// Create a hit sink for `path` (written to `tmp`, renamed by the caller):
/// Parquet when `path` ends in `.parquet`, else `format`.
pub fn create_hit_sink(
    path: &Path,
    tmp: &Path,
    format: HitFormat,
) -> Result<Box<dyn HitSink>, Error> {
    if is_parquet(path) {
        #[cfg(feature = "parquet")]
        return Ok(Box::new(crate::parquet_io::ParquetHitWriter::create(tmp)?));
        #[cfg(not(feature = "parquet"))]
        return Err(parquet_missing(path));
    }
    let f = File::create(tmp).map_err(|source| Error::Io {
        path: tmp.to_path_buf(),
        source,
    })?;
    Ok(Box::new(HitWriter::new(
        std::io::BufWriter::with_capacity(1 << 20, f),
        format,
    )?))
}

/// Read every encounter of a file.
pub fn read_encounters(
    path: &Path,
    opts: ReadOptions,
) -> Result<(Vec<Encounter>, Vec<BadRow>), Error> {
    let mut r = EncounterReader::open(path, opts)?;
    let mut out = Vec::new();
    for e in r.by_ref() {
        out.push(e?);
    }
    Ok((out, r.skipped))
}

/// Read a truth file: `(encounter_id, subject_id)` pairs.
pub fn read_truth(path: &Path) -> Result<Vec<(String, String)>, Error> {
    let file = path.display().to_string();
    let (mut rdr, lines) = reader(path)?;
    let h = Header::read(&file, &mut rdr, &lines)?;
    let ce = h.require("encounter_id")?;
    let cs = h.require("subject_id")?;
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| csv_error(&file, &e, &lines, &h.names))?;
        let line = rec.position().map_or(0, |p| lines.line_at(p.byte()));
        let e = rec.get(ce).unwrap_or("").trim();
        let s = rec.get(cs).unwrap_or("").trim();
        if e.is_empty() {
            return Err(Error::BadRow(h.bad(line, ce, "empty encounter_id")));
        }
        if s.is_empty() {
            return Err(Error::BadRow(h.bad(line, cs, "empty subject_id")));
        }
        out.push((e.to_string(), s.to_string()));
    }
    Ok(out)
}

/// Output format of hits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HitFormat {
    /// `encounter_id,subject_id,score,explanation`.
    Csv,
    /// One JSON object per line, with the structured explanation.
    Jsonl,
}

/// Writes hits in the contract's `hits.csv` layout or as JSON lines.
pub struct HitWriter<W: Write> {
    format: HitFormat,
    csv: Option<csv::Writer<W>>,
    raw: Option<W>,
}

impl<W: Write> HitWriter<W> {
    /// Start writing (the CSV header is written at once).
    pub fn new(w: W, format: HitFormat) -> Result<Self, Error> {
        match format {
            HitFormat::Csv => {
                let mut c = csv::WriterBuilder::new().from_writer(w);
                c.write_record(["encounter_id", "subject_id", "score", "explanation"])
                    .map_err(|e| Error::Write(e.to_string()))?;
                Ok(HitWriter {
                    format,
                    csv: Some(c),
                    raw: None,
                })
            }
            HitFormat::Jsonl => Ok(HitWriter {
                format,
                csv: None,
                raw: Some(w),
            }),
        }
    }

    /// Write one hit.
    pub fn write(&mut self, hit: &crate::watchlist::Hit) -> Result<(), Error> {
        match self.format {
            HitFormat::Csv => {
                let score = format!("{:.4}", hit.score);
                if let Some(c) = self.csv.as_mut() {
                    c.write_record([
                        hit.encounter_id.as_str(),
                        hit.subject_id.as_str(),
                        score.as_str(),
                        hit.explanation.summary.as_str(),
                    ])
                    .map_err(|e| Error::Write(e.to_string()))?;
                }
            }
            HitFormat::Jsonl => {
                if let Some(w) = self.raw.as_mut() {
                    serde_json::to_writer(&mut *w, &hit.to_json())
                        .map_err(|e| Error::Write(e.to_string()))?;
                    w.write_all(b"\n")
                        .map_err(|e| Error::Write(e.to_string()))?;
                }
            }
        }
        Ok(())
    }

    /// Flush and return the inner writer.
    pub fn finish(self) -> Result<(), Error> {
        if let Some(mut c) = self.csv {
            c.flush().map_err(|e| Error::Write(e.to_string()))?;
        }
        if let Some(mut w) = self.raw {
            w.flush().map_err(|e| Error::Write(e.to_string()))?;
        }
        Ok(())
    }
}
