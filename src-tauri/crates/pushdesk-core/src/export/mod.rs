//! Exports of the send log: exactly the rows of a [`LogFilter`], streamed from SQLite to a CSV
//! or XLSX file without holding them in memory, with progress and cancellation.
//!
//! The file is written under a temporary name beside the target and renamed when complete,
//! so a cancelled or failed export leaves nothing behind and never half-overwrites an
//! earlier export.
//!
//! CSV versus XLSX: CSV cells are text, but Excel still guesses types when it opens a CSV (a
//! 19-digit msgid becomes `2.09768E+18`, an all-digit openid may lose leading zeros). XLSX
//! stores msgid and openid as text cells and is the safe choice for Excel users.

mod columns;
mod csv_sink;
mod sink;
mod xlsx_sink;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};

pub use columns::{cells, headers, neutralise, status_label, Cell, ValueLayout};

use crate::preferences::Language;
use crate::sendlog::{entry_from_row, keyword_order, log_sql, LogFilter};
use crate::store::Store;
use crate::{CoreError, Result};
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

/// The temporary name an export is written under: `<name>.partial` in the same directory,
/// so the final rename stays on one file system.
fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "export".into());
    name.push(".partial");
    path.with_file_name(name)
}

impl Store {
    /// Writes the rows `filter` matches to `path`, newest first, in `format` with headers in
    /// `lang`. Calls `progress` with the number of rows written every [`CHECK_EVERY`] rows
    /// and at the end; checks `cancel` as often, and a cancelled export removes its file.
    ///
    /// A long export holds a read transaction: run it on its own `Store` (WAL lets the send
    /// engine keep writing beside it).
    pub fn export_log(
        &self,
        filter: &LogFilter,
        path: &Path,
        format: ExportFormat,
        lang: Language,
        progress: &mut dyn FnMut(u64),
        cancel: &AtomicBool,
    ) -> Result<ExportReport> {
        filter.validate()?;
        let layout = self.value_layout(filter)?;
        let headers = headers(&layout, lang);
        let partial = partial_path(path);
        let result = self.export_to(filter, &partial, format, lang, &layout, &headers, progress, cancel);
        match result {
            Ok(report) if !report.cancelled => {
                std::fs::rename(&partial, path).map_err(|e| {
                    let _ = std::fs::remove_file(&partial);
                    CoreError::io(format!("moving the export to {}", path.display()), e)
                })?;
                Ok(report)
            }
            other => {
                // Cancelled or failed: nothing of it may remain. It may never have been created.
                let _ = std::fs::remove_file(&partial);
                other
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn export_to(
        &self,
        filter: &LogFilter,
        partial: &Path,
        format: ExportFormat,
        lang: Language,
        layout: &ValueLayout,
        headers: &[String],
        progress: &mut dyn FnMut(u64),
        cancel: &AtomicBool,
    ) -> Result<ExportReport> {
        let mut sink: Box<dyn Sink> = match format {
            ExportFormat::Csv => Box::new(csv_sink::CsvSink::create(partial, headers)?),
            ExportFormat::Xlsx => Box::new(xlsx_sink::XlsxSink::create(partial, headers)?),
        };
        let w = filter.to_sql();
        let sql = log_sql(&w);
        let mut stmt = self.conn().prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(w.params.iter()))?;
        let mut written = 0u64;
        // Row by row from the statement: memory does not grow with the log.
        while let Some(row) = rows.next()? {
            let entry = entry_from_row(row)?;
            sink.write_row(&cells(&entry, layout, lang))?;
            written += 1;
            if written.is_multiple_of(CHECK_EVERY) {
                if cancel.load(Ordering::Relaxed) {
                    return Ok(ExportReport { rows: written, cancelled: true });
                }
                progress(written);
            }
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
        let w = filter.to_sql();
        if filter.template_id.is_none() && filter.campaign_id.is_none() {
            let sql = format!(
                "SELECT COUNT(*) FROM (SELECT DISTINCT a.template_id FROM attempts a WHERE {} LIMIT 2)",
                w.text()
            );
            let templates: i64 =
                self.conn().query_row(&sql, params_from_iter(w.params.iter()), |r| r.get(0))?;
            if templates > 1 {
                return Ok(ValueLayout::Combined);
            }
        }
        let sql = format!(
            "SELECT DISTINCT j.key FROM attempts a, json_each(a.request, '$.data') j
             WHERE {} AND json_valid(a.request)",
            w.text()
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let mut keys: Vec<String> = stmt
            .query_map(params_from_iter(w.params.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        keys.sort_by(|a, b| keyword_order(a, b));
        Ok(ValueLayout::PerKey(keys))
    }
}
