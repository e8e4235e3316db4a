//! Audience import: recipient lists from CSV, XLSX, TXT files or a paste, mapped to a template's
//! keywords and validated row by row before anything is sent.
//!
//! - [`open_table`] / [`read_table`] / [`read_pasted`] read a source: encoding (UTF-8, UTF-8 with
//!   BOM, GBK/GB18030, UTF-16 with BOM) and delimiter detection, header detection, cells as text.
//! - [`auto_map`] matches columns to keyword keys, labels and `{{placeholders}}`; the
//!   [`ColumnMapping`] is the UI's to edit.
//! - [`build_audience`] (or [`AudienceBuilder`] for streaming into the store) validates every
//!   row and turns it into a [`NewRecipient`](crate::model::NewRecipient).
//! - [`problems_csv`] writes the invalid-row report users can download.
//!
//! Row numbers everywhere are data rows: 1 is the row under the header (or the first line of
//! a header-less list). Blank rows are skipped; a workbook's keep their numbers (so the Excel
//! row is the data row + the header's row), blank lines in text are not counted.

mod delimited;
mod encoding;
mod error;
mod header;
mod mapping;
mod problems;
mod read;
mod validate;
mod xlsx;

pub use encoding::TextEncoding;
pub use error::AudienceError;
pub use header::looks_like_openid;
pub use mapping::{auto_map, ColumnMapping};
pub use problems::{problems_csv, ProblemKind, RowProblem};
pub use read::{open_table, read_pasted, read_table, SourceFormat, Table, TableReader};
pub use validate::{build_audience, AudienceBuilder, AudienceOptions, AudienceReport, PreviewRow};
