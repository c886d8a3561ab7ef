//! Watchlist snapshots: a prepared watchlist (records, prepared names and
//! the candidate index) written to one file, so that a large list loads in
//! seconds instead of being prepared again.
//!
//! # Format (version 1)
//!
//! ```text
//! magic "LKOUTWL1" | u32 format version | u64 variant-table fingerprint | u8 options
//! u64 tokens | distinct prepared tokens, in id order
//! u64 subjects | subjects (records, then names as token ids, and documents)
//! u64 checksum (FNV-1a 64 of everything above)
//! index snapshot (lookout-index format, with its own header and checksum)
//! ```
//!
//! Integers are little-endian; strings are a u32 length and UTF-8 bytes.
//! A snapshot built with another variant table is rejected, because its
//! tokens' variant groups would silently disagree with fresh queries.

use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

use std::sync::Arc;

use lookout_names::{PreparedName, Role, Script, Token};

use crate::date::PartialDate;
use crate::record::{Gender, Subject};
use crate::watchlist::{EngineOptions, PreparedSubject, Watchlist};

/// First bytes of a watchlist snapshot.
pub const MAGIC: [u8; 8] = *b"LKOUTWL1";
/// Format version written and read by this build.
pub const FORMAT_VERSION: u32 = 1;

/// Snapshot errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// File.
        path: String,
        /// Cause.
        source: io::Error,
    },
    /// Not a snapshot, or a damaged one.
    #[error("{path}: {reason}")]
    Invalid {
        /// File.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// True if the file starts with the snapshot magic bytes.
pub fn is_snapshot(path: &Path) -> bool {
    let mut buf = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut buf))
        .is_ok()
        && buf == MAGIC
}

struct W<T: Write> {
    inner: T,
    hash: u64,
}

impl<T: Write> W<T> {
    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        for x in b {
            self.hash = (self.hash ^ u64::from(*x)).wrapping_mul(FNV_PRIME);
        }
        self.inner.write_all(b)
    }
    fn u8(&mut self, v: u8) -> io::Result<()> {
        self.bytes(&[v])
    }
    fn u32(&mut self, v: u32) -> io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }
    fn u64(&mut self, v: u64) -> io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }
    fn str(&mut self, s: &str) -> io::Result<()> {
        self.u32(s.len() as u32)?;
        self.bytes(s.as_bytes())
    }
    fn strs(&mut self, v: &[String]) -> io::Result<()> {
        self.u32(v.len() as u32)?;
        v.iter().try_for_each(|s| self.str(s))
    }
}

struct R<T: Read> {
    inner: T,
    hash: u64,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// Bound on any single length read from a file, against corrupted counts.
const MAX_LEN: u32 = 1 << 28;

impl<T: Read> R<T> {
    fn bytes(&mut self, b: &mut [u8]) -> io::Result<()> {
        self.inner.read_exact(b)?;
        for x in b.iter() {
            self.hash = (self.hash ^ u64::from(*x)).wrapping_mul(FNV_PRIME);
        }
        Ok(())
    }
    fn u8(&mut self) -> io::Result<u8> {
        let mut b = [0u8; 1];
        self.bytes(&mut b)?;
        Ok(b[0])
    }
    fn u32(&mut self) -> io::Result<u32> {
        let mut b = [0u8; 4];
        self.bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> io::Result<u64> {
        let mut b = [0u8; 8];
        self.bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn len(&mut self) -> io::Result<usize> {
        let n = self.u32()?;
        if n > MAX_LEN {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("length {n} out of range"),
            ));
        }
        Ok(n as usize)
    }
    fn str(&mut self) -> io::Result<String> {
        let n = self.len()?;
        let mut b = vec![0u8; n];
        self.bytes(&mut b)?;
        String::from_utf8(b).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
    fn strs(&mut self) -> io::Result<Vec<String>> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }
}

fn script_code(s: Script) -> u8 {
    match s {
        Script::Latin => 0,
        Script::Arabic => 1,
        Script::Cyrillic => 2,
        Script::Greek => 3,
        Script::Other => 4,
        Script::Mixed => 5,
        Script::None => 6,
    }
}

fn script_of(c: u8) -> io::Result<Script> {
    Ok(match c {
        0 => Script::Latin,
        1 => Script::Arabic,
        2 => Script::Cyrillic,
        3 => Script::Greek,
        4 => Script::Other,
        5 => Script::Mixed,
        6 => Script::None,
        _ => return Err(invalid(format!("unknown script code {c}"))),
    })
}

fn role_code(r: Role) -> u8 {
    match r {
        Role::Name => 0,
        Role::Connector => 1,
        Role::Kunya => 2,
        Role::Nisba => 3,
        Role::Title => 4,
        Role::Initial => 5,
        Role::Patronymic => 6,
    }
}

fn role_of(c: u8) -> io::Result<Role> {
    Ok(match c {
        0 => Role::Name,
        1 => Role::Connector,
        2 => Role::Kunya,
        3 => Role::Nisba,
        4 => Role::Title,
        5 => Role::Initial,
        6 => Role::Patronymic,
        _ => return Err(invalid(format!("unknown role code {c}"))),
    })
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

fn write_subject<T: Write>(w: &mut W<T>, s: &Subject, p: &PreparedSubject) -> io::Result<()> {
    w.str(&s.id)?;
    w.str(&s.name)?;
    w.strs(&s.aliases)?;
    w.u32(s.birth_dates.len() as u32)?;
    for d in &s.birth_dates {
        w.u32(u32::from(d.year))?;
        w.u8(d.month.unwrap_or(0))?;
        w.u8(d.day.unwrap_or(0))?;
    }
    w.strs(&s.nationalities)?;
    w.u8(match s.gender {
        None => 0,
        Some(Gender::Male) => 1,
        Some(Gender::Female) => 2,
    })?;
    w.strs(&s.documents)?;
    w.u32(p.names.len() as u32)?;
    for n in &p.names {
        w.str(&n.original)?;
        w.u8(script_code(n.script))?;
        w.u32(n.tokens.len() as u32)?;
        for t in &n.tokens {
            w.u32(t.id)?;
        }
    }
    w.strs(&p.documents)
}

fn write_token<T: Write>(w: &mut W<T>, t: &Token) -> io::Result<()> {
    w.str(&t.display)?;
    w.u8(script_code(t.script))?;
    w.u8(role_code(t.role))?;
    w.u8(u8::from(t.compound) | (u8::from(t.unvowelled) << 1))?;
    w.strs(&t.forms)?;
    w.strs(&t.vtol)?;
    w.strs(&t.skeletons)?;
    w.u32(t.groups.len() as u32)?;
    t.groups.iter().try_for_each(|g| w.u32(*g))
}

fn read_token<T: Read>(r: &mut R<T>, id: u32) -> io::Result<Token> {
    let display = r.str()?;
    let script = script_of(r.u8()?)?;
    let role = role_of(r.u8()?)?;
    let flags = r.u8()?;
    let forms = r.strs()?;
    let vtol = r.strs()?;
    let skeletons = r.strs()?;
    let ng = r.len()?;
    let groups = (0..ng).map(|_| r.u32()).collect::<io::Result<Vec<_>>>()?;
    Ok(Token {
        display,
        script,
        role,
        compound: flags & 1 != 0,
        forms,
        vtol,
        skeletons,
        groups,
        abjad: Vec::new(),
        unvowelled: flags & 2 != 0,
        id,
    }
    .with_abjad())
}

fn read_subject<T: Read>(
    r: &mut R<T>,
    tokens: &[Arc<Token>],
) -> io::Result<(Subject, PreparedSubject)> {
    let id = r.str()?;
    let name = r.str()?;
    let aliases = r.strs()?;
    let nd = r.len()?;
    let mut birth_dates = Vec::with_capacity(nd);
    for _ in 0..nd {
        let year = r.u32()?;
        let month = r.u8()?;
        let day = r.u8()?;
        birth_dates.push(PartialDate {
            year: u16::try_from(year).map_err(|_| invalid(format!("year {year} out of range")))?,
            month: (month != 0).then_some(month),
            day: (day != 0).then_some(day),
        });
    }
    let nationalities = r.strs()?;
    let gender = match r.u8()? {
        0 => None,
        1 => Some(Gender::Male),
        2 => Some(Gender::Female),
        g => return Err(invalid(format!("unknown gender code {g}"))),
    };
    let documents = r.strs()?;
    let nn = r.len()?;
    let mut names = Vec::with_capacity(nn);
    for _ in 0..nn {
        let original = r.str()?;
        let script = script_of(r.u8()?)?;
        let nt = r.len()?;
        let mut toks = Vec::with_capacity(nt);
        for _ in 0..nt {
            let id = r.u32()?;
            let t = tokens
                .get(id as usize)
                .ok_or_else(|| invalid(format!("token id {id} out of range")))?;
            toks.push(Arc::clone(t));
        }
        let tokens = toks;
        names.push(PreparedName {
            original,
            script,
            tokens,
        });
    }
    let prepared_docs = r.strs()?;
    Ok((
        Subject {
            id,
            name,
            aliases,
            birth_dates,
            nationalities,
            gender,
            documents,
        },
        PreparedSubject {
            names,
            documents: prepared_docs,
        },
    ))
}

/// Fingerprint of the embedded variant table, so that snapshots built
/// with another table are refused.
fn table_fingerprint(opts: EngineOptions) -> u64 {
    if !opts.variants {
        return 0;
    }
    let (groups, forms) = lookout_names::variants::VariantTable::embedded().stats();
    (groups as u64) << 32 ^ forms as u64 ^ 0x5eed
}

/// Write a prepared watchlist to `path` (atomically: a temporary file is
/// renamed into place).
pub fn save(wl: &Watchlist, path: &Path) -> Result<(), SnapshotError> {
    let tmp = path.with_extension("partial");
    let io_err = |source| SnapshotError::Io {
        path: path.display().to_string(),
        source,
    };
    let f = std::fs::File::create(&tmp).map_err(io_err)?;
    let mut w = W {
        inner: BufWriter::with_capacity(1 << 20, f),
        hash: FNV_OFFSET,
    };
    let res = (|| -> io::Result<()> {
        w.bytes(&MAGIC)?;
        w.u32(FORMAT_VERSION)?;
        w.u64(table_fingerprint(wl.options()))?;
        w.u8(u8::from(wl.options().variants))?;
        // Distinct tokens once, in id order; names refer to them by id.
        let mut table: Vec<Option<&Arc<Token>>> = Vec::new();
        for p in wl.prepared() {
            for t in p.names.iter().flat_map(|n| &n.tokens) {
                let i = t.id as usize;
                if i >= table.len() {
                    table.resize(i + 1, None);
                }
                table[i] = Some(t);
            }
        }
        w.u64(table.len() as u64)?;
        for t in &table {
            match t {
                Some(t) => write_token(&mut w, t)?,
                None => return Err(invalid("token ids are not dense".into())),
            }
        }
        w.u64(wl.len() as u64)?;
        for (s, p) in wl.subjects().iter().zip(wl.prepared()) {
            write_subject(&mut w, s, p)?;
        }
        let h = w.hash;
        w.inner.write_all(&h.to_le_bytes())?;
        wl.index()
            .write_to(&mut w.inner)
            .map_err(|e| io::Error::other(e.to_string()))?;
        w.inner.flush()
    })();
    if let Err(e) = res {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_err(e));
    }
    std::fs::rename(&tmp, path).map_err(io_err)
}

/// Load a prepared watchlist written by [`save`].
pub fn load(path: &Path) -> Result<Watchlist, SnapshotError> {
    let p = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|source| SnapshotError::Io {
        path: p.clone(),
        source,
    })?;
    let mut r = R {
        inner: BufReader::with_capacity(1 << 20, f),
        hash: FNV_OFFSET,
    };
    let bad = |reason: String| SnapshotError::Invalid {
        path: p.clone(),
        reason,
    };
    let ctx = |e: io::Error| match e.kind() {
        io::ErrorKind::UnexpectedEof => SnapshotError::Invalid {
            path: p.clone(),
            reason: "truncated snapshot".into(),
        },
        io::ErrorKind::InvalidData => SnapshotError::Invalid {
            path: p.clone(),
            reason: format!("corrupt snapshot: {e}"),
        },
        _ => SnapshotError::Io {
            path: p.clone(),
            source: e,
        },
    };
    let mut magic = [0u8; 8];
    r.bytes(&mut magic).map_err(ctx)?;
    if magic != MAGIC {
        return Err(bad(
            "not a lookout watchlist snapshot (bad magic bytes)".into()
        ));
    }
    let version = r.u32().map_err(ctx)?;
    if version != FORMAT_VERSION {
        return Err(bad(format!(
            "snapshot format version {version}; this build reads version {FORMAT_VERSION}"
        )));
    }
    let fingerprint = r.u64().map_err(ctx)?;
    let variants = r.u8().map_err(ctx)? != 0;
    let options = EngineOptions { variants };
    if fingerprint != table_fingerprint(options) {
        return Err(bad("snapshot was built with a different name-variant table; rebuild it from the watchlist CSV".into()));
    }
    let nt = r.u64().map_err(ctx)?;
    if nt > u64::from(u32::MAX) {
        return Err(bad(format!("token count {nt} out of range")));
    }
    let tokens = (0..nt as u32)
        .map(|id| read_token(&mut r, id).map(Arc::new))
        .collect::<io::Result<Vec<_>>>()
        .map_err(ctx)?;
    let n = r.u64().map_err(ctx)?;
    if n > u64::from(u32::MAX) {
        return Err(bad(format!("subject count {n} out of range")));
    }
    let mut subjects = Vec::with_capacity(n.min(1 << 24) as usize);
    let mut prepared = Vec::with_capacity(n.min(1 << 24) as usize);
    for _ in 0..n {
        let (s, p) = read_subject(&mut r, &tokens).map_err(ctx)?;
        subjects.push(s);
        prepared.push(p);
    }
    let expect = r.hash;
    let mut sum = [0u8; 8];
    r.inner.read_exact(&mut sum).map_err(ctx)?;
    if u64::from_le_bytes(sum) != expect {
        return Err(bad("checksum mismatch: the snapshot is damaged".into()));
    }
    let index = lookout_index::Index::read_from(&mut r.inner)
        .map_err(|e| bad(format!("index section: {e}")))?;
    if index.len_subjects() != subjects.len() {
        return Err(bad(format!(
            "index covers {} subjects, records {}",
            index.len_subjects(),
            subjects.len()
        )));
    }
    Ok(Watchlist::from_parts(subjects, prepared, index, options))
}
