//! Parquet input and output (cargo feature `parquet`).
//!
//! Encounters are read with the same column names as the CSV contract;
//! string columns may be `Utf8`, `LargeUtf8` or `Utf8View`, and
//! `birth_date` may also be a `Date32`. Hits are written with the columns
//! `encounter_id`, `subject_id`, `score` (float) and `explanation`.
//! Errors name the file, the row (1-based, as a line would be) and the
//! column.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, Date32Array, Float32Array, LargeStringArray, RecordBatch, StringArray,
    StringViewArray,
};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::date::PartialDate;
use crate::io::{BadRow, EncounterSource, Error, ReadOptions, SeenIds};
use crate::record::{Encounter, Gender};
use crate::watchlist::Hit;

const BATCH: usize = 8192;
const KNOWN: [&str; 6] = [
    "encounter_id",
    "name",
    "birth_date",
    "nationality",
    "gender",
    "document_number",
];

/// Streaming reader of encounters from a Parquet file.
pub struct ParquetEncounters {
    file: String,
    reader: ParquetRecordBatchReader,
    batch: Option<RecordBatch>,
    pos: usize,
    row: u64,
    columns: Vec<String>,
    opts: ReadOptions,
    skipped: Vec<BadRow>,
    seen: SeenIds,
}

fn bad(file: &str, row: u64, col: usize, name: &str, reason: impl Into<String>) -> BadRow {
    BadRow {
        file: file.to_string(),
        line: row,
        column: col + 1,
        column_name: name.to_string(),
        reason: reason.into(),
    }
}

fn cell(a: &ArrayRef, i: usize) -> Result<Option<String>, String> {
    if a.is_null(i) {
        return Ok(None);
    }
    if let Some(s) = a.as_any().downcast_ref::<StringArray>() {
        return Ok(Some(s.value(i).to_string()));
    }
    if let Some(s) = a.as_any().downcast_ref::<LargeStringArray>() {
        return Ok(Some(s.value(i).to_string()));
    }
    if let Some(s) = a.as_any().downcast_ref::<StringViewArray>() {
        return Ok(Some(s.value(i).to_string()));
    }
    if let Some(d) = a.as_any().downcast_ref::<Date32Array>() {
        return Ok(d.value_as_date(i).map(|d| d.format("%Y-%m-%d").to_string()));
    }
    Err(format!(
        "unsupported column type {} (expected a string column)",
        a.data_type()
    ))
}

impl ParquetEncounters {
    /// Open a Parquet file of encounters and check its columns.
    pub fn open(path: &Path, opts: ReadOptions) -> Result<ParquetEncounters, Error> {
        let file = path.display().to_string();
        let f = File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(f)
            .map_err(|e| Error::BadRow(bad(&file, 0, 0, "", e.to_string())))?;
        let columns: Vec<String> = builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        for required in ["encounter_id", "name"] {
            if !columns.iter().any(|c| c == required) {
                return Err(Error::BadRow(bad(
                    &file,
                    0,
                    0,
                    "",
                    format!(
                        "missing required column {required:?} (columns: {})",
                        columns.join(",")
                    ),
                )));
            }
        }
        let reader = builder
            .with_batch_size(BATCH)
            .build()
            .map_err(|e| Error::BadRow(bad(&file, 0, 0, "", e.to_string())))?;
        Ok(ParquetEncounters {
            file,
            reader,
            batch: None,
            pos: 0,
            row: 0,
            columns,
            opts,
            skipped: Vec::new(),
            seen: SeenIds::default(),
        })
    }

    fn row(&mut self, batch: &RecordBatch, i: usize) -> Result<Encounter, BadRow> {
        let row = self.row;
        let get = |name: &str| -> Result<(usize, String), BadRow> {
            match self.columns.iter().position(|c| c == name) {
                None => Ok((0, String::new())),
                Some(c) => {
                    let v =
                        cell(batch.column(c), i).map_err(|e| bad(&self.file, row, c, name, e))?;
                    Ok((c, v.unwrap_or_default().trim().to_string()))
                }
            }
        };
        let (ci, id) = get("encounter_id")?;
        if id.is_empty() {
            return Err(bad(
                &self.file,
                row,
                ci,
                "encounter_id",
                "empty encounter_id",
            ));
        }
        if self.seen.contains(&id) {
            return Err(bad(
                &self.file,
                row,
                ci,
                "encounter_id",
                format!("duplicate encounter_id {id:?}"),
            ));
        }
        let (cn, name) = get("name")?;
        if name.is_empty() {
            return Err(bad(&self.file, row, cn, "name", "empty name"));
        }
        let (cd, dob) = get("birth_date")?;
        let birth_date = if dob.is_empty() {
            None
        } else {
            Some(
                PartialDate::parse(&dob)
                    .map_err(|e| bad(&self.file, row, cd, "birth_date", e.to_string()))?,
            )
        };
        let (cc, nat) = get("nationality")?;
        let nationality = if nat.is_empty() {
            None
        } else if nat.len() == 2 && nat.bytes().all(|b| b.is_ascii_alphabetic()) {
            Some(nat.to_ascii_uppercase())
        } else {
            return Err(bad(
                &self.file,
                row,
                cc,
                "nationality",
                format!("invalid country code {nat:?}"),
            ));
        };
        let (cg, g) = get("gender")?;
        let gender = Gender::parse(&g).ok_or_else(|| {
            bad(
                &self.file,
                row,
                cg,
                "gender",
                format!("invalid gender {g:?}"),
            )
        })?;
        let (_, doc) = get("document_number")?;
        let document = (!doc.is_empty()).then_some(doc);
        let mut extra = Vec::new();
        for (c, col) in self.columns.iter().enumerate() {
            if !KNOWN.contains(&col.as_str()) {
                let v = cell(batch.column(c), i).map_err(|e| bad(&self.file, row, c, col, e))?;
                extra.push((col.clone(), v.unwrap_or_default()));
            }
        }
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

impl EncounterSource for ParquetEncounters {
    fn read_chunk(&mut self, n: usize, buf: &mut Vec<Encounter>) -> Result<bool, Error> {
        buf.clear();
        while buf.len() < n {
            let batch = match &self.batch {
                Some(b) if self.pos < b.num_rows() => b.clone(),
                _ => match self.reader.next() {
                    None => return Ok(!buf.is_empty()),
                    Some(Err(e)) => {
                        return Err(Error::BadRow(bad(
                            &self.file,
                            self.row + 1,
                            0,
                            "",
                            e.to_string(),
                        )));
                    }
                    Some(Ok(b)) => {
                        self.batch = Some(b.clone());
                        self.pos = 0;
                        b
                    }
                },
            };
            while self.pos < batch.num_rows() && buf.len() < n {
                self.row += 1;
                let i = self.pos;
                self.pos += 1;
                match self.row(&batch, i) {
                    Ok(e) => {
                        self.seen.insert(&e.id);
                        buf.push(e);
                    }
                    Err(b) if self.opts.skip_bad_rows => self.skipped.push(b),
                    Err(b) => return Err(Error::BadRow(b)),
                }
            }
        }
        Ok(true)
    }

    fn skipped(&self) -> &[BadRow] {
        &self.skipped
    }

    fn extra_columns(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter(|c| !KNOWN.contains(&c.as_str()))
            .cloned()
            .collect()
    }
}

/// Writes hits to a Parquet file in batches.
pub struct ParquetHitWriter {
    path: PathBuf,
    writer: ArrowWriter<File>,
    schema: Arc<Schema>,
    rows: (Vec<String>, Vec<String>, Vec<f32>, Vec<String>),
}

impl ParquetHitWriter {
    /// Create the file.
    pub fn create(path: &Path) -> Result<ParquetHitWriter, Error> {
        let f = File::create(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let schema = Arc::new(Schema::new(vec![
            Field::new("encounter_id", DataType::Utf8, false),
            Field::new("subject_id", DataType::Utf8, false),
            Field::new("score", DataType::Float32, false),
            Field::new("explanation", DataType::Utf8, false),
        ]));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(f, schema.clone(), Some(props))
            .map_err(|e| Error::Write(e.to_string()))?;
        Ok(ParquetHitWriter {
            path: path.to_path_buf(),
            writer,
            schema,
            rows: Default::default(),
        })
    }

    fn flush_rows(&mut self) -> Result<(), Error> {
        if self.rows.0.is_empty() {
            return Ok(());
        }
        let (e, s, x, t) = std::mem::take(&mut self.rows);
        let cols: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from(e)),
            Arc::new(StringArray::from(s)),
            Arc::new(Float32Array::from(x)),
            Arc::new(StringArray::from(t)),
        ];
        let batch = RecordBatch::try_new(self.schema.clone(), cols)
            .map_err(|e| Error::Write(e.to_string()))?;
        self.writer
            .write(&batch)
            .map_err(|e| Error::Write(format!("{}: {e}", self.path.display())))
    }
}

impl crate::io::HitSink for ParquetHitWriter {
    fn write_hit(&mut self, hit: &Hit) -> Result<(), Error> {
        self.rows.0.push(hit.encounter_id.clone());
        self.rows.1.push(hit.subject_id.clone());
        self.rows.2.push(hit.score);
        self.rows.3.push(hit.explanation.summary.clone());
        if self.rows.0.len() >= BATCH {
            self.flush_rows()?;
        }
        Ok(())
    }

    fn finish_sink(mut self: Box<Self>) -> Result<(), Error> {
        self.flush_rows()?;
        self.writer
            .close()
            .map_err(|e| Error::Write(e.to_string()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parquet_roundtrip_of_encounters_and_hits() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("enc.parquet");
        let schema = Arc::new(Schema::new(vec![
            Field::new("encounter_id", DataType::Utf8, false),
            Field::new("name", DataType::Utf8, false),
            Field::new("birth_date", DataType::Utf8, true),
            Field::new("culture", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec!["E1", "E2"])),
                Arc::new(StringArray::from(vec!["Karim Oukili", "يوسف حداد"])),
                Arc::new(StringArray::from(vec![Some("1987-04-08"), None])),
                Arc::new(StringArray::from(vec![Some("maghrebi"), Some("levantine")])),
            ],
        )
        .unwrap();
        let mut w = ArrowWriter::try_new(File::create(&p).unwrap(), schema, None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        let mut r = ParquetEncounters::open(&p, ReadOptions::default()).unwrap();
        let mut buf = Vec::new();
        assert!(r.read_chunk(10, &mut buf).unwrap());
        assert_eq!(buf.len(), 2);
        assert_eq!(buf[0].birth_date.unwrap().to_string(), "1987-04-08");
        assert_eq!(buf[1].extra("culture"), Some("levantine"));
        assert_eq!(r.extra_columns(), vec!["culture".to_string()]);
    }

    #[test]
    fn bad_parquet_row_names_row_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.parquet");
        let schema = Arc::new(Schema::new(vec![
            Field::new("encounter_id", DataType::Utf8, false),
            Field::new("name", DataType::Utf8, false),
            Field::new("birth_date", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec!["E1", "E2"])),
                Arc::new(StringArray::from(vec!["A B", "C D"])),
                Arc::new(StringArray::from(vec![Some("1987"), Some("1987-02-30")])),
            ],
        )
        .unwrap();
        let mut w = ArrowWriter::try_new(File::create(&p).unwrap(), schema, None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        let mut r = ParquetEncounters::open(&p, ReadOptions::default()).unwrap();
        let err = r.read_chunk(10, &mut Vec::new()).unwrap_err().to_string();
        assert!(err.contains(":2:3: birth_date:"), "{err}");
    }
}
