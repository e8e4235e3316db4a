//! One row of a recipient table, numbered the way the user sees it.

use serde::Serialize;

/// A row as read: its number, its cells as text, and which cells a workbook stored as numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TableRow {
    /// The row number the user sees: the spreadsheet's row number, or the line of a text file
    /// (a quoted cell spanning lines counts once, as in Excel). The header is row 1, the first
    /// row under it row 2; blank rows keep their numbers.
    pub row_no: u32,
    /// The cells, as text.
    pub cells: Vec<String>,
    /// Indexes of the cells a workbook stored as numbers (never set for text files, where
    /// everything is text). An openid stored as a number has lost digits already.
    pub number_columns: Vec<usize>,
}

impl TableRow {
    /// A row of text cells.
    pub fn text(row_no: u32, cells: Vec<String>) -> TableRow {
        TableRow { row_no, cells, number_columns: Vec::new() }
    }

    /// Whether the cell at `column` was stored as a number.
    pub fn is_number(&self, column: usize) -> bool {
        self.number_columns.contains(&column)
    }

    /// Whether no cell has anything but spaces in it.
    pub(crate) fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}
