//! Problems found in recipient rows, and the downloadable report of them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What is wrong with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The openid is empty, not shaped like one, or was stored as a number in Excel.
    InvalidOpenid,
    /// A keyword has neither a mapped column nor a typed value.
    MissingValue,
    /// A typed value uses a `{{placeholder}}` no column is mapped to.
    MissingColumn,
    /// A value breaks its keyword's rule (WeChat would answer 47003).
    RuleViolation,
    /// A cell shows a spreadsheet error (`#N/A`, `#REF!`, …) instead of a value.
    SpreadsheetError,
    /// The page filled for the row cannot be sent (see `template/page.rs`).
    InvalidPage,
    /// The openid already appeared on an earlier row.
    Duplicate,
    /// The user answered 43101 (no subscription left) to an earlier send.
    Unsubscribed,
    /// The same template went to this openid from this account lately (the repeat-send check).
    RecentlySent,
    /// The openid is on the account's suppression list: never sent.
    Suppressed,
    /// The openid got as many messages as the account's frequency cap allows.
    FrequencyCapped,
    /// The subscription ledger knows no grant left for the openid, and the campaign sends
    /// only to granted rows.
    NoGrant,
}

impl ProblemKind {
    /// Whether the row cannot be sent at all (as opposed to flagged: duplicate, unsubscribed,
    /// recently sent, suppressed, capped — a valid row the options or the contact rules skip).
    pub fn is_invalid(self) -> bool {
        !matches!(
            self,
            ProblemKind::Duplicate
                | ProblemKind::Unsubscribed
                | ProblemKind::RecentlySent
                | ProblemKind::Suppressed
                | ProblemKind::FrequencyCapped
                | ProblemKind::NoGrant
        )
    }
}

/// One problem in one row, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    /// The row number the user sees in their spreadsheet (the header is row 1, the first data
    /// row is row 2), or the line of a text file.
    pub row_no: u32,
    /// The column's header, or the keyword's label when the value was typed rather than mapped.
    pub column: String,
    /// The keyword key, when the problem is a keyword's value.
    pub field: Option<String>,
    /// What is wrong.
    pub kind: ProblemKind,
    /// Reason in Chinese.
    pub reason_zh: String,
    /// Reason in English.
    pub reason_en: String,
}

/// The rows that cannot be sent, as a CSV file users download, fix in Excel and import again:
/// each such row with its own cells under the file's own headers (so the fixed file maps as
/// before), then where it was and what is wrong — UTF-8 with BOM (so Excel reads the Chinese),
/// CRLF line ends.
///
/// Cells that a spreadsheet could run as a formula get a leading `'` (the rule of
/// [`crate::export::neutralise`]): the file's cells and names come from somewhere else and must
/// not become live formulas in someone's Excel.
#[derive(Debug)]
pub struct ProblemRows {
    text: String,
    width: usize,
    rows: u32,
}

/// The columns [`ProblemRows`] adds after the file's own.
pub const PROBLEM_COLUMNS: [&str; 3] = ["原行号 / row", "问题", "problem"];

impl ProblemRows {
    /// Starts the file with the headers of the file read.
    pub fn new(headers: &[String]) -> Self {
        let mut text = String::from("\u{feff}");
        let names: Vec<&str> = headers.iter().map(String::as_str).chain(PROBLEM_COLUMNS).collect();
        push_line(&mut text, &names);
        ProblemRows { text, width: headers.len(), rows: 0 }
    }

    /// Adds a row if any of `problems` makes it unsendable (a flag like a duplicate is not
    /// something to fix); its cells as read, padded to the headers.
    pub fn push(&mut self, row_no: u32, cells: &[String], problems: &[RowProblem]) {
        let invalid: Vec<&RowProblem> = problems.iter().filter(|p| p.kind.is_invalid()).collect();
        if invalid.is_empty() {
            return;
        }
        let zh = invalid.iter().map(|p| p.reason_zh.as_str()).collect::<Vec<_>>().join("；");
        let en = invalid.iter().map(|p| p.reason_en.as_str()).collect::<Vec<_>>().join("; ");
        let row = row_no.to_string();
        let mut line: Vec<&str> =
            (0..self.width.max(cells.len())).map(|i| cells.get(i).map_or("", String::as_str)).collect();
        line.truncate(self.width.max(cells.len()));
        line.extend([row.as_str(), zh.as_str(), en.as_str()]);
        push_line(&mut self.text, &line);
        self.rows += 1;
    }

    /// Rows added.
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// The file's text.
    pub fn into_text(self) -> String {
        self.text
    }
}

fn push_line(out: &mut String, cells: &[&str]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

fn push_cell(out: &mut String, cell: &str) {
    let cell = crate::export::neutralise(cell);
    if cell.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&cell);
    }
}

/// Writes a [`ProblemRows`] file to `path` through [`crate::files::AtomicFile`]: an existing
/// file is replaced only with `overwrite` (the user confirmed it, or a save dialog asked), the
/// folder must exist, and the file is private (0600). Returns the path written.
pub fn write_problems_csv(path: &Path, rows: ProblemRows, overwrite: bool) -> crate::Result<PathBuf> {
    Ok(crate::files::write_atomically(path, overwrite, rows.into_text().as_bytes())?)
}
