//! CSV: UTF-8 with a BOM (so Excel on Chinese Windows reads it as UTF-8), RFC 4180 quoting,
//! CRLF line ends, formula starts neutralised.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::columns::{neutralise, Cell};
use super::sink::Sink;
use crate::sendlog::local_time_text;
use crate::{CoreError, Result};

/// Writes rows to a CSV file as they come.
pub(crate) struct CsvSink {
    writer: csv::Writer<BufWriter<File>>,
    record: Vec<String>,
}

fn csv_error(e: csv::Error) -> CoreError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => CoreError::io("writing the CSV export", io),
        other => CoreError::Internal(format!("writing the CSV export: {other:?}")),
    }
}

impl CsvSink {
    /// Creates the file and writes the BOM and the header row.
    pub(crate) fn create(path: &Path, headers: &[String]) -> Result<CsvSink> {
        let file =
            File::create(path).map_err(|e| CoreError::io(format!("creating {}", path.display()), e))?;
        let mut out = BufWriter::with_capacity(256 * 1024, file);
        out.write_all("\u{feff}".as_bytes()).map_err(|e| CoreError::io("writing the CSV export", e))?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        writer.write_record(headers).map_err(csv_error)?;
        Ok(CsvSink { writer, record: Vec::new() })
    }
}

impl Sink for CsvSink {
    fn write_row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        self.record.clear();
        for cell in cells {
            self.record.push(match cell {
                Cell::Empty => String::new(),
                // Our own numbers (errcode -1, ids) are data, not formulas: never prefixed.
                Cell::Int(n) => n.to_string(),
                Cell::Time(ms) => local_time_text(*ms),
                Cell::Text(s) => neutralise(s).into_owned(),
            });
        }
        self.writer.write_record(&self.record).map_err(csv_error)
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let out =
            self.writer.into_inner().map_err(|e| CoreError::io("writing the CSV export", e.into_error()))?;
        let file = out.into_inner().map_err(|e| CoreError::io("writing the CSV export", e.into_error()))?;
        file.sync_all().map_err(|e| CoreError::io("writing the CSV export", e))
    }
}
