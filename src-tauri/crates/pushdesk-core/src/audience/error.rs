//! What can go wrong while reading a recipient file, said so a person can find and fix it.

/// A recipient file or paste that cannot be read. Every message names the source, and the row
/// (1 = first data row) and column when there is one.
#[derive(Debug, thiserror::Error)]
pub enum AudienceError {
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
    /// Neither UTF-8 (with or without BOM), UTF-16 with BOM, nor GBK/GB18030.
    #[error("{file} is not UTF-8 or GBK text{}", at_row(*.row))]
    NotText {
        /// File name.
        file: String,
        /// The data row where decoding failed, when known.
        row: Option<u32>,
    },
    /// No header and no data.
    #[error("{file} is empty")]
    Empty {
        /// File name.
        file: String,
    },
    /// No column is called `openid`, and the file is not a one-column list of openids.
    #[error("{file} has no openid column (columns found: {})", .columns.join(", "))]
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
        /// Data row, 1-based.
        row: u32,
        /// Cells found in the row.
        cells: usize,
        /// Cells in the header.
        expected: usize,
    },
    /// The CSV text itself is broken (the csv crate's message is kept).
    #[error("{file}: row {row}: {message}")]
    Csv {
        /// File name.
        file: String,
        /// Data row, 1-based.
        row: u32,
        /// What the parser said.
        message: String,
    },
    /// The file is not an Excel workbook calamine can read.
    #[error("{file} could not be read as an Excel workbook: {message}")]
    Workbook {
        /// File name.
        file: String,
        /// What calamine said.
        message: String,
    },
    /// The workbook has no sheet at all.
    #[error("{file}: the workbook has no worksheet")]
    NoWorksheet {
        /// File name.
        file: String,
    },
    /// More data rows than a row number can hold (u32): never a real audience.
    #[error("{file} has more rows than Pushdesk can import")]
    TooManyRows {
        /// File name.
        file: String,
    },
    /// A column mapping points outside the table (usually a stale mapping from the UI).
    #[error("the column mapping is out of date: {0}")]
    BadMapping(String),
}

fn at_row(row: Option<u32>) -> String {
    row.map(|r| format!(" (row {r})")).unwrap_or_default()
}

impl AudienceError {
    pub(crate) fn io(file: &str, source: std::io::Error) -> Self {
        AudienceError::Io { file: file.to_string(), source }
    }

    /// Turns a row counted from the top of the file into a data row (header row = `base`).
    pub(crate) fn rebased(self, base: u32) -> Self {
        match self {
            AudienceError::NotText { file, row } => {
                AudienceError::NotText { file, row: row.map(|r| r.saturating_sub(base)) }
            }
            AudienceError::Csv { file, row, message } => {
                AudienceError::Csv { file, row: row.saturating_sub(base), message }
            }
            other => other,
        }
    }
}

/// Every audience problem is the user's input to fix, so it crosses IPC as `invalid_input`.
impl From<AudienceError> for crate::CoreError {
    fn from(err: AudienceError) -> Self {
        crate::CoreError::InvalidInput(err.to_string())
    }
}
