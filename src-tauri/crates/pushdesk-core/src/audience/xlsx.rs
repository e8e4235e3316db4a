//! Excel workbooks: the first worksheet's rows, each cell as text the way a person sees it.
//!
//! calamine's cell reader borrows the workbook, so the sheet is read on its own thread and rows
//! come through a bounded channel: a million-row sheet never sits in memory as a whole.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use calamine::{DataRef, ExcelDateTime, Reader, Xlsx};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::error::AudienceError;

type RowResult = Result<(u32, Vec<String>), AudienceError>;

/// Rows of the first worksheet as (sheet row number, cells), fed by a reader thread.
pub(crate) struct SheetRows {
    rx: Receiver<RowResult>,
}

impl SheetRows {
    /// Opens `path` and starts reading its first worksheet.
    pub(crate) fn open(path: &Path, file: &str) -> Result<Self, AudienceError> {
        let handle = File::open(path).map_err(|e| AudienceError::io(file, e))?;
        let (tx, rx) = sync_channel(1024);
        let file = file.to_string();
        std::thread::Builder::new()
            .name("audience-xlsx".into())
            .spawn(move || {
                if let Err(e) = read_sheet(BufReader::new(handle), &file, &tx) {
                    // The receiver may be gone already; then nobody needs the error.
                    let _ = tx.send(Err(e));
                }
            })
            .map_err(|e| AudienceError::io("audience reader thread", e))?;
        Ok(SheetRows { rx })
    }

    /// The next non-empty row; `None` at the end of the sheet.
    pub(crate) fn next_row(&mut self) -> Option<RowResult> {
        // A closed channel is the end: the thread sends its error before it exits.
        self.rx.recv().ok()
    }
}

fn read_sheet(input: BufReader<File>, file: &str, tx: &SyncSender<RowResult>) -> Result<(), AudienceError> {
    let workbook_error =
        |e: calamine::XlsxError| AudienceError::Workbook { file: file.to_string(), message: e.to_string() };
    let mut workbook: Xlsx<_> = Xlsx::new(input).map_err(workbook_error)?;
    let Some(first) = workbook.sheet_names().into_iter().next() else {
        return Err(AudienceError::NoWorksheet { file: file.to_string() });
    };
    let mut cells = workbook.worksheet_cells_reader(&first).map_err(workbook_error)?;
    let mut current: Option<(u32, Vec<String>)> = None;
    while let Some(cell) = cells.next_cell().map_err(workbook_error)? {
        let (index, col) = cell.get_position();
        let row = sheet_row(index);
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        if current.as_ref().is_some_and(|(r, _)| *r != row) {
            if let Some(done) = current.take() {
                if tx.send(Ok(done)).is_err() {
                    return Ok(());
                }
            }
        }
        let (_, values) = current.get_or_insert_with(|| (row, Vec::new()));
        let col = col as usize;
        if values.len() <= col {
            values.resize(col + 1, String::new());
        }
        values[col] = text;
    }
    if let Some((row, values)) = current {
        let _ = tx.send(Ok((row, values)));
    }
    Ok(())
}

/// Converts a cell's 0-based row index to the sheet row number Excel shows.
fn sheet_row(index: u32) -> u32 {
    index.saturating_add(1)
}

/// A cell as text, the way Excel shows it with general formatting: whole numbers without
/// `.0` or exponent (openids, phone numbers, order numbers), other numbers to 15 significant
/// digits, dates as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, times as `HH:MM`, errors as `#N/A`.
pub(crate) fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) => excel_datetime_text(dt),
        DataRef::DateTimeIso(s) => iso_datetime_text(s),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

/// Excel keeps 15 significant digits; beyond that a float's digits are noise (`0.1 + 0.2`).
pub(crate) fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let magnitude = if f == 0.0 { 0 } else { f.abs().log10().floor() as i32 };
    let decimals = (14 - magnitude).clamp(0, 20) as usize;
    let text = format!("{f:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn excel_datetime_text(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        return number_text(dt.as_f64());
    }
    let Some(value) = dt.as_datetime() else {
        return number_text(dt.as_f64());
    };
    // Excel stores times as fractions of a day, so 10:00 may come back as 09:59:59.999.
    let rounded = round_to_second(value);
    if dt.as_f64().abs() < 1.0 {
        return time_text(rounded.time());
    }
    datetime_text(rounded)
}

fn round_to_second(value: NaiveDateTime) -> NaiveDateTime {
    let whole = value.with_nanosecond(0).unwrap_or(value);
    if value.nanosecond() >= 500_000_000 {
        whole + chrono::Duration::seconds(1)
    } else {
        whole
    }
}

fn time_text(t: NaiveTime) -> String {
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

/// A date at midnight is a plain date (`2026-11-24`: what the cell shows, and what a `date`
/// keyword wants); anything else gets its time of day.
fn datetime_text(dt: NaiveDateTime) -> String {
    if dt.time() == NaiveTime::MIN {
        dt.format("%Y-%m-%d").to_string()
    } else {
        format!("{} {}", dt.format("%Y-%m-%d"), time_text(dt.time()))
    }
}

fn iso_datetime_text(s: &str) -> String {
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return datetime_text(round_to_second(dt));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.format("%Y-%m-%d").to_string();
    }
    if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M:%S%.f") {
        return time_text(t);
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use calamine::ExcelDateTimeType;

    use super::*;

    #[test]
    fn numbers_read_as_people_see_them() {
        assert_eq!(number_text(13800138000.0), "13800138000");
        assert_eq!(number_text(-5.0), "-5");
        assert_eq!(number_text(12.5), "12.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(0.0), "0");
    }

    #[test]
    fn dates_and_times() {
        let at =
            |v: f64| cell_text(&DataRef::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false)));
        assert_eq!(at(46350.0), "2026-11-24");
        assert_eq!(at(46350.0 + 10.0 / 24.0 - 1e-9), "2026-11-24 10:00");
        assert_eq!(at(0.5), "12:00");
        assert_eq!(cell_text(&DataRef::DateTimeIso("2026-11-24T10:30:00".into())), "2026-11-24 10:30");
    }
}
