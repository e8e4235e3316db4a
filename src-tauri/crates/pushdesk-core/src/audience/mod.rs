//! Audience import: recipient lists from CSV, XLSX, TXT files or a paste, mapped to a template's
//! keywords and validated row by row before anything is sent.
//!
//! - [`detect_encoding`] says how a text file is encoded, or that the user must choose
//!   (UTF-8, UTF-8 with BOM, GBK/GB18030, Big5, Shift-JIS, UTF-16 with or without BOM).
//! - [`open_table`] / [`read_table`] / [`read_pasted`] read a source: delimiter and header
//!   detection, cells as text, number cells of workbooks marked. Every size is bounded by
//!   [`ReadLimits`]; a file beyond them is refused with its row and column.
//! - [`auto_map`] matches columns to keyword keys, labels and `{{placeholders}}`; the
//!   [`ColumnMapping`] is the UI's to edit.
//! - [`build_audience`] (or [`AudienceBuilder`] for streaming into the store) validates every
//!   row and turns it into a [`NewRecipient`](crate::model::NewRecipient).
//! - [`ProblemRows`] / [`write_problems_csv`] write the rows to fix, as users download them.
//! - [`visible`] shows invisible and look-alike characters in messages as `<U+200B>`.
//!
//! Row numbers everywhere are the ones the user sees: the spreadsheet's row number, the line
//! of a text file. The header is row 1, so the first data row is row 2; blank rows are skipped
//! and keep their numbers. A header-less list starts at row 1.

mod delimited;
mod detect;
mod encoding;
mod error;
mod error_zh;
mod header;
mod limits;
mod mapping;
mod problems;
mod read;
mod row;
mod validate;
mod visible;
mod xlsx;

pub(crate) use xlsx::push_text as xml_push_text;

pub use detect::{detect_encoding, EncodingCandidate, EncodingGuess};
pub use encoding::TextEncoding;
pub use error::AudienceError;
pub use header::looks_like_openid;
pub use limits::{column_letters, ReadLimits};
pub use mapping::{auto_map, ColumnMapping};
pub use problems::{write_problems_csv, ProblemKind, ProblemRows, RowProblem, PROBLEM_COLUMNS};
pub use read::{open_table, open_table_with, read_pasted, read_table, SourceFormat, Table, TableReader};
pub use row::TableRow;
pub use validate::{
    build_audience, AudienceBuilder, AudienceOptions, AudienceReport, GrantBook, History, PreviewRow,
    DEFAULT_RECENT_DAYS,
};
pub use visible::visible;
