//! CSV: UTF-8 with a BOM (so Excel on Chinese Windows reads it as UTF-8), RFC 4180 quoting,
//! CRLF line ends, formula starts neutralised.

use std::io::Write;

use super::columns::{neutralise, neutralise_id, Cell};
use super::sink::Sink;
use crate::sendlog::local_time_text;
use crate::{Bilingual, CoreError, Result};

/// Writes rows as CSV to any writer (the export's temporary file, or stdout) as they come.
pub(crate) struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
    record: Vec<String>,
}

fn writing_csv() -> Bilingual {
    Bilingual::new("writing the CSV export", "写入导出的 CSV 文件")
}

fn csv_error(e: csv::Error) -> CoreError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => CoreError::io(writing_csv(), io),
        other => CoreError::Internal(format!("writing the CSV export: {other:?}")),
    }
}

impl<W: Write> CsvSink<W> {
    /// Writes the BOM and the header row to `out`.
    pub(crate) fn create(mut out: W, headers: &[String]) -> Result<CsvSink<W>> {
        out.write_all("\u{feff}".as_bytes()).map_err(|e| CoreError::io(writing_csv(), e))?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out);
        writer.write_record(headers).map_err(csv_error)?;
        Ok(CsvSink { writer, record: Vec::new() })
    }

    /// Flushes and hands the writer back.
    pub(crate) fn into_inner(self) -> Result<W> {
        self.writer.into_inner().map_err(|e| CoreError::io(writing_csv(), e.into_error()))
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn write_row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        self.record.clear();
        for cell in cells {
            self.record.push(match cell {
                Cell::Empty => String::new(),
                // Our own numbers (errcode -1, ids) are data, not formulas: never prefixed.
                Cell::Int(n) => n.to_string(),
                Cell::Time(ms) => local_time_text(*ms),
                Cell::Text(s) => neutralise(s).into_owned(),
                Cell::Id(s) => neutralise_id(s).into_owned(),
            });
        }
        self.writer.write_record(&self.record).map_err(csv_error)
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let mut out = self.into_inner()?;
        out.flush().map_err(|e| CoreError::io(writing_csv(), e))
    }
}
