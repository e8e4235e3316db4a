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
}

impl ProblemKind {
    /// Whether the row cannot be sent at all (as opposed to flagged: duplicate, unsubscribed).
    pub fn is_invalid(self) -> bool {
        !matches!(self, ProblemKind::Duplicate | ProblemKind::Unsubscribed)
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

/// The problems as a CSV file users can download and open in Excel: UTF-8 with BOM (so Excel
/// reads the Chinese), CRLF line ends, header `行号 / row, 列 / column, 字段 / field, 原因, reason`.
///
/// Cells that a spreadsheet could run as a formula get a leading `'` (the rule of
/// [`crate::export::neutralise`]): column names and values come from the user's file and must
/// not become live formulas in someone else's Excel.
pub fn problems_csv(problems: &[RowProblem]) -> String {
    let mut out = String::from("\u{feff}");
    push_line(&mut out, &["行号 / row", "列 / column", "字段 / field", "原因", "reason"]);
    for p in problems {
        let row = p.row_no.to_string();
        let field = p.field.as_deref().unwrap_or("");
        push_line(&mut out, &[&row, &p.column, field, &p.reason_zh, &p.reason_en]);
    }
    out
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

/// Writes [`problems_csv`] to `path` through [`crate::files::AtomicFile`]: an existing file is
/// replaced only with `overwrite` (the user confirmed it, or a save dialog asked), the folder
/// must exist, and the file is private (0600). Returns the path written.
pub fn write_problems_csv(path: &Path, problems: &[RowProblem], overwrite: bool) -> crate::Result<PathBuf> {
    Ok(crate::files::write_atomically(path, overwrite, problems_csv(problems).as_bytes())?)
}
