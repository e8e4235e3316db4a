//! What can go wrong while reading a recipient file, said so a person can find and fix it.

use super::detect::EncodingCandidate;
use super::visible::visible;
use crate::files::FileError;
use crate::Bilingual;

/// A recipient file or paste that cannot be read. Every message names the source, and the row
/// and column when there is one: rows as the spreadsheet numbers them (the header is row 1),
/// columns as letters (`A`, `AB`). Display is the English; `message_zh` (in `error_zh.rs`) the
/// Chinese.
#[derive(Debug, thiserror::Error)]
pub enum AudienceError {
    /// The path is not a readable file (missing, a folder, a device, …).
    #[error("{0}")]
    File(#[from] FileError),
    /// The file could not be opened or read.
    #[error("{file}: {source}")]
    Io {
        /// File name.
        file: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The extension is not one Pushdesk reads.
    #[error("{file}: only .csv, .xlsx and .txt files can be imported")]
    UnsupportedFormat {
        /// File name.
        file: String,
    },
    /// Not text in any encoding Pushdesk reads (binary, or broken text).
    #[error(
        "{file} is not text in an encoding Pushdesk reads (UTF-8, UTF-16, GBK/GB18030, Big5, \
         Shift-JIS){}; save it again as \"CSV UTF-8\"",
        at_row(*.row)
    )]
    NotText {
        /// File name.
        file: String,
        /// The row (line) where decoding failed, when known.
        row: Option<u32>,
    },
    /// The encoding is uncertain: the user must choose how to read the file.
    #[error("{file}: {}", ambiguous_message(.candidates))]
    AmbiguousEncoding {
        /// File name.
        file: String,
        /// The ways it could be read, most plausible first, with sample rows.
        candidates: Vec<EncodingCandidate>,
    },
    /// No header and no data.
    #[error("{file} is empty")]
    Empty {
        /// File name.
        file: String,
    },
    /// No column is called `openid`, and the file is not a one-column list of openids.
    #[error("{file} has no openid column (columns found: {})", shown_list(.columns))]
    NoOpenidColumn {
        /// File name.
        file: String,
        /// The first row's cells, as found.
        columns: Vec<String>,
    },
    /// A row's width differs from the header's.
    #[error("{file}: row {row} has {cells} cells but the header has {expected}")]
    Ragged {
        /// File name.
        file: String,
        /// Row number as the spreadsheet shows it.
        row: u32,
        /// Cells found in the row.
        cells: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// A quoted cell is never closed, so the rest of the file would be one cell.
    #[error(
        "{file}: the quote (\") that opens a cell on row {row} is never closed; check that row \
         for a stray quote"
    )]
    UnclosedQuote {
        /// File name.
        file: String,
        /// Row where the quoted cell starts.
        row: u32,
    },
    /// More rows than a spreadsheet has.
    #[error("{file} has more than {limit} rows; split it into smaller files")]
    TooManyRows {
        /// File name.
        file: String,
        /// The most Pushdesk reads.
        limit: u32,
    },
    /// Something in a column further right than Pushdesk reads.
    #[error(
        "{file}: row {row}, column {column}: there is something in this column, but Pushdesk \
         reads at most {limit} columns; delete the columns you do not need"
    )]
    TooManyColumns {
        /// File name.
        file: String,
        /// Row number as the spreadsheet shows it.
        row: u32,
        /// Column letters.
        column: String,
        /// The most columns Pushdesk reads.
        limit: usize,
    },
    /// A cell longer than Excel allows.
    #[error(
        "{file}: row {row}, column {column}: the cell has more than {limit} characters (the \
         most Excel allows)"
    )]
    CellTooLong {
        /// File name.
        file: String,
        /// Row number as the spreadsheet shows it.
        row: u32,
        /// Column letters.
        column: String,
        /// The most characters a cell may have.
        limit: usize,
    },
    /// A row longer than any real one.
    #[error("{file}: row {row} is longer than {} KB; it is not a list of recipients", .limit / 1024)]
    RowTooLong {
        /// File name.
        file: String,
        /// Row number as the spreadsheet shows it.
        row: u32,
        /// Bytes a row may have.
        limit: usize,
    },
    /// A workbook that would cost more than the limits allow (a zip bomb, a gigantic table).
    #[error("{file} is too large to import: {what}")]
    TooLarge {
        /// File name.
        file: String,
        /// What is too large, in words.
        what: Bilingual,
    },
    /// The file is not an Excel workbook Pushdesk can read.
    #[error("{file} could not be read as an Excel workbook: {message}")]
    Workbook {
        /// File name.
        file: String,
        /// What is wrong, in words.
        message: Bilingual,
    },
    /// The workbook has no sheet at all.
    #[error("{file}: the workbook has no worksheet")]
    NoWorksheet {
        /// File name.
        file: String,
    },
    /// A column mapping points outside the table (usually a stale mapping from the UI).
    #[error("the column mapping is out of date: {0}")]
    BadMapping(Bilingual),
}

fn at_row(row: Option<u32>) -> String {
    row.map(|r| format!(" (row {r})")).unwrap_or_default()
}

fn shown_list(cells: &[String]) -> String {
    cells.iter().map(|c| visible(c)).collect::<Vec<_>>().join(", ")
}

/// "read as Big5: 拿鐵咖啡, …; read as GBK: …" from each candidate's first data row.
fn ambiguous_message(candidates: &[EncodingCandidate]) -> String {
    let readings: Vec<String> =
        candidates.iter().map(|c| format!("as {} it reads “{}”", c.label, sample_text(c))).collect();
    format!(
        "the text encoding is not certain ({}); choose the encoding that shows the text correctly",
        readings.join("; ")
    )
}

/// The start of a candidate's first data row, as that encoding reads it.
pub(super) fn sample_text(candidate: &EncodingCandidate) -> String {
    let row = candidate.sample_rows.get(1).or_else(|| candidate.sample_rows.first());
    let text = row.map(|cells| cells.join(", ")).unwrap_or_default();
    let short: String = text.chars().take(40).collect();
    let more = if text.chars().count() > 40 { "…" } else { "" };
    format!("{short}{more}")
}

impl AudienceError {
    pub(crate) fn io(file: &str, source: std::io::Error) -> Self {
        AudienceError::Io { file: file.to_string(), source }
    }
}

/// Audience problems are the user's input to fix (`invalid_input`), except an uncertain
/// encoding (`ambiguous_encoding`: the UI asks which one) and file access (`file_exists`,
/// `io`).
impl From<AudienceError> for crate::CoreError {
    fn from(err: AudienceError) -> Self {
        match err {
            AudienceError::File(e) => e.into(),
            e @ AudienceError::AmbiguousEncoding { .. } => {
                crate::CoreError::AmbiguousEncoding(Bilingual::new(e.to_string(), e.message_zh()))
            }
            AudienceError::Io { file, source } => {
                let context = Bilingual::new(file.clone(), super::error_zh::source_zh(&file));
                crate::CoreError::io(context, source)
            }
            other => crate::CoreError::InvalidInput(Bilingual::new(other.to_string(), other.message_zh())),
        }
    }
}
