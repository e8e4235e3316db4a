//! Problems found in recipient rows, and the downloadable report of them.

use serde::{Deserialize, Serialize};

/// What is wrong with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The openid is empty or not shaped like one.
    InvalidOpenid,
    /// A keyword has neither a mapped column nor a typed value.
    MissingValue,
    /// A typed value uses a `{{placeholder}}` no column is mapped to.
    MissingColumn,
    /// A value breaks its keyword's rule (WeChat would answer 47003).
    RuleViolation,
    /// A cell shows a spreadsheet error (`#N/A`, `#REF!`, …) instead of a value.
    SpreadsheetError,
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
    /// Data row, 1-based (the row under the header is 1).
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
/// Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
/// CR) get a leading `'`: column names and values come from the user's file and must not
/// become live formulas in someone else's Excel.
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
    let defused;
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        defused = format!("'{cell}");
        defused.as_str()
    } else {
        cell
    };
    if cell.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}
