//! Exports of the send log: exactly the rows of a [`LogFilter`], streamed from SQLite to a CSV
//! or XLSX file without holding them in memory, with progress and cancellation.
//!
//! The file is written through [`crate::files::AtomicFile`]: a private temporary file created
//! exclusively beside the target (a planted link is refused, never followed), renamed over the
//! target only when complete, so a cancelled or failed export leaves nothing behind and never
//! half-overwrites an earlier export. An existing target is replaced only when the caller says
//! the user confirmed it ([`ExportTarget::overwrite`]); otherwise the export fails with
//! `file_exists` before anything is written.
//!
//! CSV versus XLSX: CSV cells are text, but Excel still guesses types when it opens a CSV (a
//! 19-digit msgid becomes `2.09768E+18`, an all-digit openid may lose leading zeros). XLSX
//! stores msgid and openid as text cells and is the safe choice for Excel users.

mod audit;
mod columns;
mod csv_sink;
mod sink;
mod xlsx_sink;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use std::ops::ControlFlow;

use serde::{Deserialize, Serialize};

pub use audit::{audit_action_label, export_audit, format_audit_table, write_audit_csv};
pub use columns::{
    cells, headers, neutralise, neutralise_id, restore, status_label, Cell, ValueColumn, ValueLayout,
};

use crate::files::AtomicFile;
use crate::preferences::Language;
use crate::sendlog::{keyword_order, LogFilter};
use crate::store::Store;
use crate::Result;
use sink::Sink;

/// Rows between two checks of the cancel flag and two progress reports.
pub const CHECK_EVERY: u64 = 1000;

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// UTF-8 CSV with BOM.
    Csv,
    /// Excel workbook.
    Xlsx,
}

impl ExportFormat {
    /// The format a file name asks for (`.xlsx` → XLSX, anything else → CSV).
    pub fn from_path(path: &Path) -> ExportFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("xlsx") => ExportFormat::Xlsx,
            _ => ExportFormat::Csv,
        }
    }
}

/// How an export ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    /// Data rows written (header not counted). For a cancelled export, rows written before
    /// it stopped (the file is gone).
    pub rows: u64,
    /// The user cancelled: no file was left.
    pub cancelled: bool,
}

/// Where an export goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportTarget {
    /// The file to write.
    pub path: PathBuf,
    /// CSV or XLSX.
    pub format: ExportFormat,
    /// Replace the file if it exists: only when the user confirmed it (`--force`, or "replace?"
    /// answered yes). Without it an existing file fails the export with `file_exists`.
    pub overwrite: bool,
}

impl ExportTarget {
    /// A target whose format follows the file name, never replacing an existing file.
    pub fn new(path: impl Into<PathBuf>) -> ExportTarget {
        let path = path.into();
        let format = ExportFormat::from_path(&path);
        ExportTarget { path, format, overwrite: false }
    }
}

impl Store {
    /// Writes the rows `filter` matches to `target`, newest first, with headers in `lang`.
    /// Calls `progress` with the number of rows written every [`CHECK_EVERY`] rows and at the
    /// end; checks `cancel` as often, and a cancelled export leaves no file.
    ///
    /// The target is checked before anything is read: its folder must exist (none is created),
    /// it must not be a folder, a link or a device, and an existing file needs
    /// [`ExportTarget::overwrite`] (else `file_exists`). The file is private (0600).
    ///
    /// A long export holds a read transaction: run it on its own `Store` (WAL lets the send
    /// engine keep writing beside it).
    pub fn export_log(
        &self,
        filter: &LogFilter,
        target: &ExportTarget,
        lang: Language,
        progress: &mut dyn FnMut(u64),
        cancel: &AtomicBool,
    ) -> Result<ExportReport> {
        filter.validate()?;
        let mut out = AtomicFile::create(&target.path, target.overwrite)?;
        let layout = self.value_layout(filter)?;
        let headers = headers(&layout, lang);
        let temp_dir = out.target().parent().map(Path::to_path_buf).unwrap_or_default();
        let sink: Box<dyn Sink + '_> = match target.format {
            ExportFormat::Csv => {
                Box::new(csv_sink::CsvSink::create(BufWriter::with_capacity(256 * 1024, &mut out), &headers)?)
            }
            ExportFormat::Xlsx => Box::new(xlsx_sink::XlsxSink::create(&mut out, &temp_dir, &headers)?),
        };
        let report = self.export_rows(filter, sink, lang, &layout, progress, cancel)?;
        if !report.cancelled {
            // Dropping `out` instead (cancel, or an error above) removes the temporary file.
            out.commit()?;
        }
        Ok(report)
    }

    /// Writes the rows `filter` matches to `out` as CSV (the same cells as a CSV export):
    /// what `pushdesk log --format csv` prints, with no file in between.
    pub fn write_log_csv(&self, filter: &LogFilter, lang: Language, out: &mut dyn Write) -> Result<u64> {
        filter.validate()?;
        let layout = self.value_layout(filter)?;
        let headers = headers(&layout, lang);
        let sink = Box::new(csv_sink::CsvSink::create(out, &headers)?);
        let report = self.export_rows(filter, sink, lang, &layout, &mut |_| {}, &AtomicBool::new(false))?;
        Ok(report.rows)
    }

    fn export_rows(
        &self,
        filter: &LogFilter,
        mut sink: Box<dyn Sink + '_>,
        lang: Language,
        layout: &ValueLayout,
        progress: &mut dyn FnMut(u64),
        cancel: &AtomicBool,
    ) -> Result<ExportReport> {
        let mut written = 0u64;
        let mut cancelled = false;
        self.visit_log(filter, &mut |entry| {
            sink.write_row(&cells(&entry, layout, lang))?;
            written += 1;
            if written.is_multiple_of(CHECK_EVERY) {
                if cancel.load(Ordering::Relaxed) {
                    cancelled = true;
                    return Ok(ControlFlow::Break(()));
                }
                progress(written);
            }
            Ok(ControlFlow::Continue(()))
        })?;
        if cancelled {
            return Ok(ExportReport { rows: written, cancelled: true });
        }
        if cancel.load(Ordering::Relaxed) {
            return Ok(ExportReport { rows: written, cancelled: true });
        }
        sink.finish()?;
        progress(written);
        Ok(ExportReport { rows: written, cancelled: false })
    }

    /// Per-key value columns when the filter's rows all come from one template (a template or
    /// campaign filter, or a log that happens to hold one template); one combined column
    /// otherwise. The keys are the union over the matching rows, so no value is lost.
    pub fn value_layout(&self, filter: &LogFilter) -> Result<ValueLayout> {
        if filter.template_id.is_none() && filter.campaign_id.is_none() && self.log_spans_templates(filter)? {
            return Ok(ValueLayout::Combined);
        }
        let mut keys = self.log_value_keys(filter)?;
        keys.sort_by(|a, b| keyword_order(a, b));
        let mut labels = self.log_keyword_labels(filter)?;
        Ok(ValueLayout::PerKey(
            keys.into_iter().map(|key| ValueColumn { label: labels.remove(&key), key }).collect(),
        ))
    }
}
