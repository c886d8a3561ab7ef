//! Versioned binary snapshots of an [`Index`].
//!
//! See the crate documentation for the byte layout.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;

use roaring::RoaringBitmap;

use crate::Error;
use crate::hash::{Xxh64, xxh64};
use crate::index::{Entry, Index};

/// First 8 bytes of every snapshot.
pub const MAGIC: [u8; 8] = *b"LKOUTIDX";
/// Snapshot format version written by this build (and the only one it reads).
pub const FORMAT_VERSION: u32 = 1;
/// Size of the fixed header, checksum included.
const HEADER_LEN: usize = 64;
/// Size of one dictionary record: `mix64(key)` u64 + df u32.
const KEY_RECORD_LEN: usize = 12;
/// Records per I/O chunk.
const CHUNK: usize = 1 << 16;
/// Upper bound on up-front reservations driven by header counts, so that a
/// forged header cannot make us allocate unbounded memory before any data
/// arrives.
const MAX_RESERVE: u64 = 1 << 24;

struct HashWriter<W> {
    inner: W,
    hash: Xxh64,
}

impl<W: Write> HashWriter<W> {
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.hash.update(bytes);
        self.inner.write_all(bytes)
    }
}

struct HashReader<R> {
    inner: R,
    hash: Xxh64,
}

impl<R: Read> Read for HashReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

fn read_section<R: Read>(r: &mut R, buf: &mut [u8], section: &'static str) -> Result<(), Error> {
    r.read_exact(buf).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => Error::Truncated { section },
        _ => Error::Io(e),
    })
}

fn le_u32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn le_u64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

fn corrupt(msg: impl Into<String>) -> Error {
    Error::Corrupt(msg.into())
}

impl Index {
    /// Exact size in bytes of the snapshot [`write_to`](Index::write_to) produces.
    pub fn snapshot_size(&self) -> u64 {
        HEADER_LEN as u64
            + (self.entries.len() * KEY_RECORD_LEN) as u64
            + 4 * self.small.len() as u64
            + self
                .bitmaps
                .iter()
                .map(|b| 4 + b.serialized_size() as u64)
                .sum::<u64>()
            + 8
    }

    /// Writes a snapshot (format in the crate docs). The writer is flushed at
    /// the end. Pass a buffered writer (`BufWriter`) for files.
    pub fn write_to<W: Write>(&self, w: W) -> Result<(), Error> {
        let mut w = HashWriter {
            inner: w,
            hash: Xxh64::new(),
        };

        let mut hdr = [0u8; HEADER_LEN];
        hdr[0..8].copy_from_slice(&MAGIC);
        hdr[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        hdr[12..16].copy_from_slice(&0u32.to_le_bytes()); // flags
        hdr[16..20].copy_from_slice(&self.n_subjects.to_le_bytes());
        hdr[20..24].copy_from_slice(&self.small_max_df.to_le_bytes());
        hdr[24..32].copy_from_slice(&(self.entries.len() as u64).to_le_bytes());
        hdr[32..40].copy_from_slice(&(self.small.len() as u64).to_le_bytes());
        hdr[40..48].copy_from_slice(&(self.bitmaps.len() as u64).to_le_bytes());
        hdr[48..56].copy_from_slice(&self.len_postings().to_le_bytes());
        let hc = xxh64(&hdr[..56]);
        hdr[56..64].copy_from_slice(&hc.to_le_bytes());
        w.put(&hdr)?;

        let mut chunk: Vec<u8> = Vec::with_capacity(CHUNK * KEY_RECORD_LEN);
        for es in self.entries.chunks(CHUNK) {
            chunk.clear();
            for e in es {
                chunk.extend_from_slice(&e.h.to_le_bytes());
                chunk.extend_from_slice(&e.df.to_le_bytes());
            }
            w.put(&chunk)?;
        }
        for vs in self.small.chunks(CHUNK) {
            chunk.clear();
            for v in vs {
                chunk.extend_from_slice(&v.to_le_bytes());
            }
            w.put(&chunk)?;
        }
        for b in &self.bitmaps {
            chunk.clear();
            chunk.extend_from_slice(&(b.serialized_size() as u32).to_le_bytes());
            b.serialize_into(&mut chunk)?;
            w.put(&chunk)?;
        }
        let digest = w.hash.digest();
        w.inner.write_all(&digest.to_le_bytes())?;
        w.inner.flush()?;
        Ok(())
    }

    /// Reads a snapshot written by [`write_to`](Index::write_to).
    ///
    /// Every structural invariant is validated while reading (sorted unique
    /// keys, document frequencies consistent with the postings, sorted
    /// in-range subject ids, valid roaring data) and the XXH64 checksums of the
    /// header and of the whole snapshot are verified, so a damaged file gives
    /// an [`Error`], never a panic or a silently wrong index.
    ///
    /// Reads exactly the snapshot's bytes (nothing after the trailer). Pass a
    /// buffered reader (`BufReader`) for files.
    pub fn read_from<R: Read>(r: R) -> Result<Index, Error> {
        let mut r = HashReader {
            inner: r,
            hash: Xxh64::new(),
        };

        // Header.
        let mut hdr = [0u8; HEADER_LEN];
        let mut got = 0;
        while got < HEADER_LEN {
            match r.read(&mut hdr[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::Io(e)),
            }
        }
        if got < 8 && hdr[..got] == MAGIC[..got] {
            return Err(Error::Truncated { section: "header" });
        }
        if hdr[0..8] != MAGIC {
            let mut found = [0u8; 8];
            found[..got.min(8)].copy_from_slice(&hdr[..got.min(8)]);
            return Err(Error::BadMagic { found });
        }
        if got < 12 {
            return Err(Error::Truncated { section: "header" });
        }
        let version = le_u32(&hdr[8..]);
        if version != FORMAT_VERSION {
            return Err(Error::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        if got < HEADER_LEN {
            return Err(Error::Truncated { section: "header" });
        }
        let stored = le_u64(&hdr[56..]);
        let computed = xxh64(&hdr[..56]);
        if stored != computed {
            return Err(Error::ChecksumMismatch {
                section: "header",
                stored,
                computed,
            });
        }
        let flags = le_u32(&hdr[12..]);
        if flags != 0 {
            return Err(corrupt(format!("unknown header flags {flags:#x}")));
        }
        let n_subjects = le_u32(&hdr[16..]);
        let small_max_df = le_u32(&hdr[20..]);
        let n_keys = le_u64(&hdr[24..]);
        let n_small = le_u64(&hdr[32..]);
        let n_bitmaps = le_u64(&hdr[40..]);
        let total_postings = le_u64(&hdr[48..]);
        if n_keys > u64::from(u32::MAX) {
            return Err(corrupt(format!("{n_keys} keys exceed the format limit")));
        }
        if n_small > u64::from(u32::MAX) {
            return Err(corrupt(format!(
                "{n_small} small postings exceed the format limit"
            )));
        }
        if n_bitmaps > n_keys {
            return Err(corrupt("more bitmaps than keys"));
        }

        // Key dictionary.
        let mut entries: Vec<Entry> = Vec::with_capacity(n_keys.min(MAX_RESERVE) as usize);
        let mut buf = vec![0u8; CHUNK * KEY_RECORD_LEN];
        let mut remaining = n_keys as usize;
        let mut prev_h: Option<u64> = None;
        let mut small_off = 0u64;
        let mut bitmap_idx = 0u64;
        let mut total = 0u64;
        while remaining > 0 {
            let k = remaining.min(CHUNK);
            let bytes = &mut buf[..k * KEY_RECORD_LEN];
            read_section(&mut r, bytes, "key dictionary")?;
            for rec in bytes.chunks_exact(KEY_RECORD_LEN) {
                let h = le_u64(rec);
                let df = le_u32(&rec[8..]);
                if prev_h.is_some_and(|p| h <= p) {
                    return Err(corrupt(format!(
                        "key dictionary not strictly increasing at entry {}",
                        entries.len()
                    )));
                }
                prev_h = Some(h);
                if df == 0 || df > n_subjects {
                    return Err(corrupt(format!(
                        "entry {} has document frequency {df} (subjects: {n_subjects})",
                        entries.len()
                    )));
                }
                let loc = if df <= small_max_df {
                    let loc = small_off;
                    small_off += u64::from(df);
                    if small_off > n_small {
                        return Err(corrupt("small postings exceed the header count"));
                    }
                    loc as u32
                } else {
                    let loc = bitmap_idx;
                    bitmap_idx += 1;
                    if bitmap_idx > n_bitmaps {
                        return Err(corrupt("bitmap keys exceed the header count"));
                    }
                    loc as u32
                };
                total += u64::from(df);
                entries.push(Entry { h, df, loc });
            }
            remaining -= k;
        }
        if small_off != n_small || bitmap_idx != n_bitmaps || total != total_postings {
            return Err(corrupt(format!(
                "dictionary totals (small {small_off}, bitmaps {bitmap_idx}, postings {total}) \
                 disagree with the header ({n_small}, {n_bitmaps}, {total_postings})"
            )));
        }

        // Small postings.
        let mut small: Vec<u32> = Vec::with_capacity(n_small.min(MAX_RESERVE) as usize);
        let mut remaining = n_small as usize;
        let mut buf = vec![0u8; CHUNK * 4];
        while remaining > 0 {
            let k = remaining.min(CHUNK);
            let bytes = &mut buf[..k * 4];
            read_section(&mut r, bytes, "small postings")?;
            small.extend(bytes.chunks_exact(4).map(le_u32));
            remaining -= k;
        }
        for (i, e) in entries.iter().enumerate() {
            if e.df > small_max_df {
                continue;
            }
            let list = &small[e.loc as usize..(e.loc + e.df) as usize];
            let sorted = list.windows(2).all(|w| w[0] < w[1]);
            if !sorted || list[list.len() - 1] >= n_subjects {
                return Err(corrupt(format!(
                    "postings of entry {i} are unsorted or out of range"
                )));
            }
        }

        // Bitmaps, in dictionary order.
        let mut bitmaps: Vec<RoaringBitmap> =
            Vec::with_capacity(n_bitmaps.min(MAX_RESERVE) as usize);
        let mut bytes: Vec<u8> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if e.df <= small_max_df {
                continue;
            }
            let mut len = [0u8; 4];
            read_section(&mut r, &mut len, "bitmaps")?;
            let len = u64::from(u32::from_le_bytes(len));
            bytes.clear();
            (&mut r).take(len).read_to_end(&mut bytes)?;
            if (bytes.len() as u64) < len {
                return Err(Error::Truncated { section: "bitmaps" });
            }
            let mut cursor = &bytes[..];
            let b = RoaringBitmap::deserialize_from(&mut cursor)
                .map_err(|err| corrupt(format!("bitmap of entry {i}: {err}")))?;
            if !cursor.is_empty() {
                return Err(corrupt(format!(
                    "bitmap of entry {i}: {} unused bytes",
                    cursor.len()
                )));
            }
            if b.len() != u64::from(e.df) || b.max().is_some_and(|m| m >= n_subjects) {
                return Err(corrupt(format!(
                    "bitmap of entry {i} disagrees with its document frequency or range"
                )));
            }
            bitmaps.push(b);
        }

        // Trailer.
        let computed = r.hash.digest();
        let mut t = [0u8; 8];
        read_section(&mut r.inner, &mut t, "trailer checksum")?;
        let stored = u64::from_le_bytes(t);
        if stored != computed {
            return Err(Error::ChecksumMismatch {
                section: "snapshot body",
                stored,
                computed,
            });
        }
        Ok(Index::from_parts(
            n_subjects,
            small_max_df,
            entries,
            small,
            bitmaps,
        ))
    }

    /// Writes a snapshot to `path` (created or truncated) through a 1 MiB buffer.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let f = File::create(path)?;
        self.write_to(BufWriter::with_capacity(1 << 20, f))
    }

    /// Reads a snapshot file written by [`save`](Index::save) or
    /// [`write_to`](Index::write_to); the file must hold nothing else.
    pub fn load(path: impl AsRef<Path>) -> Result<Index, Error> {
        let f = File::open(path)?;
        let mut r = BufReader::with_capacity(1 << 20, f);
        let index = Index::read_from(&mut r)?;
        let mut rest = Vec::new();
        (&mut r).take(1 << 16).read_to_end(&mut rest)?;
        if !rest.is_empty() {
            return Err(corrupt("unexpected data after the snapshot trailer"));
        }
        Ok(index)
    }
}
