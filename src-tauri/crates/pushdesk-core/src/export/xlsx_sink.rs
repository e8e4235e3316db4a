//! XLSX through rust_xlsxwriter in constant-memory mode: each row goes to a temporary file
//! as it is written, so memory stays flat for a million rows. Cells are typed: the time is a
//! real date-time, ids and errcodes are numbers, msgid and openid are text (a 19-digit msgid
//! as a number would lose its last digits).

use std::io::{Seek, Write};
use std::path::Path;

use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, XlsxError};

use super::columns::{Cell, FIXED_WIDTHS, TIME_COLUMN};
use super::sink::Sink;
use crate::sendlog::local_wall_ms;
use crate::{CoreError, Result};

/// Rows per worksheet, header included: Excel's limit.
const MAX_ROWS: RowNum = 1_048_576;
/// Excel refuses longer strings in a cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Days from Excel's epoch (1899-12-30) to 1970-01-01.
const UNIX_EPOCH_SERIAL: f64 = 25_569.0;
const MS_PER_DAY: f64 = 86_400_000.0;

fn xlsx_error(e: XlsxError) -> CoreError {
    CoreError::Internal(format!("writing the XLSX export: {e}"))
}

/// Writes rows to an XLSX workbook, starting a new worksheet when one is full; the finished
/// workbook goes to `out` (the export's temporary file).
pub(crate) struct XlsxSink<W: Write + Seek + Send> {
    workbook: Workbook,
    out: W,
    headers: Vec<String>,
    bold: Format,
    datetime: Format,
    /// Next row of the current worksheet.
    row: RowNum,
    sheet: usize,
}

impl<W: Write + Seek + Send> XlsxSink<W> {
    /// Starts a workbook whose first worksheet has the header row. Its row files go to
    /// `temp_dir` (the export's folder).
    pub(crate) fn create(out: W, temp_dir: &Path, headers: &[String]) -> Result<XlsxSink<W>> {
        let mut sink = XlsxSink {
            workbook: Workbook::new(),
            out,
            headers: headers.to_vec(),
            bold: Format::new().set_bold(),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            row: 0,
            sheet: 0,
        };
        // Temporary row files go beside the export: the user chose a disk with room for it,
        // and /tmp may be a small tmpfs.
        if !temp_dir.as_os_str().is_empty() {
            sink.workbook.set_tempdir(temp_dir).map_err(xlsx_error)?;
        }
        sink.new_sheet()?;
        Ok(sink)
    }

    fn new_sheet(&mut self) -> Result<()> {
        let sheet = self.workbook.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
        self.sheet += 1;
        sheet.set_name(format!("Log {}", self.sheet)).map_err(xlsx_error)?;
        for (col, header) in self.headers.iter().enumerate() {
            let col = col as ColNum;
            let width = FIXED_WIDTHS.get(col as usize).copied().unwrap_or(20.0);
            sheet.set_column_width(col, width).map_err(xlsx_error)?;
            sheet.write_string_with_format(0, col, header, &self.bold).map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        self.row = 1;
        Ok(())
    }
}

/// Excel's serial date-time of a unix-ms instant, in local wall-clock time.
fn excel_serial(unix_ms: i64) -> f64 {
    local_wall_ms(unix_ms) as f64 / MS_PER_DAY + UNIX_EPOCH_SERIAL
}

fn clip(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

impl<W: Write + Seek + Send> Sink for XlsxSink<W> {
    fn write_row(&mut self, cells: &[Cell<'_>]) -> Result<()> {
        if self.row >= MAX_ROWS {
            self.new_sheet()?;
        }
        let row = self.row;
        let index = self.sheet - 1;
        let sheet = self.workbook.worksheet_from_index(index).map_err(xlsx_error)?;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as ColNum;
            match cell {
                Cell::Empty => {}
                Cell::Int(n) => {
                    sheet.write_number(row, col, *n as f64).map_err(xlsx_error)?;
                }
                Cell::Time(ms) => {
                    debug_assert_eq!(col as usize, TIME_COLUMN);
                    sheet
                        .write_number_with_format(row, col, excel_serial(*ms), &self.datetime)
                        .map_err(xlsx_error)?;
                }
                Cell::Text(s) | Cell::Id(s) => {
                    sheet.write_string(row, col, clip(s)).map_err(xlsx_error)?;
                }
            }
        }
        self.row += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        let XlsxSink { mut workbook, out, .. } = *self;
        workbook.save_to_writer(out).map_err(xlsx_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_clipped_to_excel_limit() {
        let long = "字".repeat(MAX_CELL_CHARS + 5);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_CHARS);
        assert_eq!(clip("short"), "short");
    }
}
