//! Opening a recipient source (file or paste) as a header plus a stream of numbered rows.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::delimited::DelimitedRows;
use super::detect::{detect_encoding, EncodingGuess};
use super::encoding::{utf8_reader, TextEncoding};
use super::error::AudienceError;
use super::header::{decide, shape, FirstRow, Shape};
use super::limits::ReadLimits;
use super::row::TableRow;
use super::xlsx::SheetRows;

/// Where a table came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Delimited text (comma, tab or semicolon).
    Csv,
    /// An Excel workbook (`.xlsx`, `.xlsm`); its first worksheet.
    Xlsx,
    /// One openid a line, or a delimited table with an `openid` header.
    Txt,
    /// Text pasted into the app.
    Paste,
    /// An Official Account's followers, fetched from WeChat.
    Followers,
}

/// A whole table in memory: for small inputs (pastes, tests). Large files go through
/// [`open_table`], which streams.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    /// File name (no directories), or `paste`.
    pub source: String,
    /// What kind of source it was.
    pub format: SourceFormat,
    /// Text encoding read with; none for workbooks and pastes.
    pub encoding: Option<TextEncoding>,
    /// Delimiter found; none for workbooks and one-column text.
    pub delimiter: Option<char>,
    /// Column names; `["openid"]` for a header-less list.
    pub headers: Vec<String>,
    /// Data rows, each as wide as `headers`, numbered as the user sees them (see
    /// [`TableRow::row_no`]: the first row under a header is row 2). Blank rows are left out
    /// and keep their numbers.
    pub rows: Vec<TableRow>,
}

impl Table {
    /// The rows in the form [`super::build_audience`] takes.
    pub fn row_results(&self) -> impl Iterator<Item = Result<TableRow, AudienceError>> + '_ {
        self.rows.iter().cloned().map(Ok)
    }
}

enum Rows {
    Delimited(Box<DelimitedRows>),
    Sheet(SheetRows),
}

impl Rows {
    fn next_row(&mut self) -> Option<Result<TableRow, AudienceError>> {
        match self {
            Rows::Delimited(r) => r.next_row(),
            Rows::Sheet(r) => r.next_row(),
        }
    }
}

/// A table being read: its header and metadata up front, then its data rows one at a time.
///
/// Iterating yields [`TableRow`]s numbered as the user sees them (header = row 1, first data
/// row = row 2; a header-less list starts at row 1), each exactly as wide as
/// [`TableReader::headers`]; rows with nothing in them are skipped but keep their numbers.
/// The first error ends the iteration.
pub struct TableReader {
    source: String,
    format: SourceFormat,
    encoding: Option<TextEncoding>,
    delimiter: Option<char>,
    headers: Vec<String>,
    shape: Shape,
    /// A header-less table's first row, read while deciding there was no header.
    first: Option<TableRow>,
    rows: Rows,
    done: bool,
}

impl std::fmt::Debug for TableReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableReader")
            .field("source", &self.source)
            .field("format", &self.format)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl TableReader {
    /// File name, or `paste`.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// What kind of source it is.
    pub fn format(&self) -> SourceFormat {
        self.format
    }

    /// The encoding the text is read with (text files only).
    pub fn encoding(&self) -> Option<TextEncoding> {
        self.encoding
    }

    /// Delimiter found, for delimited text.
    pub fn delimiter(&self) -> Option<char> {
        self.delimiter
    }

    /// Column names.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Reads every remaining row into a [`Table`].
    pub fn into_table(self) -> Result<Table, AudienceError> {
        let source = self.source.clone();
        let format = self.format;
        let encoding = self.encoding;
        let delimiter = self.delimiter;
        let headers = self.headers.clone();
        let rows = self.collect::<Result<Vec<_>, _>>()?;
        Ok(Table { source, format, encoding, delimiter, headers, rows })
    }

    fn start(
        source: String,
        format: SourceFormat,
        encoding: Option<TextEncoding>,
        delimiter: Option<u8>,
        mut rows: Rows,
    ) -> Result<Self, AudienceError> {
        let first_row = loop {
            match rows.next_row() {
                None => return Err(AudienceError::Empty { file: source }),
                Some(Err(e)) => return Err(e),
                Some(Ok(row)) if row.is_blank() => continue,
                Some(Ok(found)) => break found,
            }
        };
        let txt = format == SourceFormat::Txt;
        let (headers, first, shape) = match decide(&source, &first_row.cells, txt)? {
            FirstRow::Header(names) => {
                let shape =
                    Shape { width: names.len(), pad_short: format == SourceFormat::Xlsx, first_only: false };
                (names, None, shape)
            }
            FirstRow::Data => {
                let shape = Shape { width: 1, pad_short: false, first_only: txt };
                (vec!["openid".to_string()], Some(first_row), shape)
            }
        };
        Ok(TableReader {
            source,
            format,
            encoding,
            delimiter: delimiter.map(char::from),
            headers,
            shape,
            first,
            rows,
            done: false,
        })
    }
}

impl Iterator for TableReader {
    type Item = Result<TableRow, AudienceError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let next = match self.first.take() {
                Some(first) => Some(Ok(first)),
                None => self.rows.next_row(),
            };
            let result = match next {
                None => {
                    self.done = true;
                    return None;
                }
                Some(Err(e)) => Err(e),
                Some(Ok(row)) => {
                    let TableRow { row_no, cells, number_columns } = row;
                    shape(&self.source, row_no, cells, self.shape).map(|cells| {
                        cells.map(|cells| {
                            let width = cells.len();
                            let number_columns = number_columns.into_iter().filter(|c| *c < width).collect();
                            TableRow { row_no, cells, number_columns }
                        })
                    })
                }
            };
            match result {
                Ok(None) => continue,
                Ok(Some(row)) => return Some(Ok(row)),
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}

/// The file name shown in messages (no folders: they can be long and are the user's own).
pub(crate) fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Opens a recipient file for streaming: `.csv`/`.tsv`, `.xlsx`/`.xlsm` or `.txt`, within the
/// default [`ReadLimits`].
///
/// With `Some(encoding)` a text file is read that way (what the user chose). With `None` it is
/// detected first ([`detect_encoding`], one streaming pass), and an uncertain encoding fails
/// with [`AudienceError::AmbiguousEncoding`]: nothing reads a file whose text the user has not
/// seen decoded. Workbooks ignore `encoding`.
///
/// Fails when the path is not a readable regular file, the file is empty, breaks a limit, or
/// has no `openid` column (unless it is a one-column list of openids, or a `.txt`).
pub fn open_table(path: &Path, encoding: Option<TextEncoding>) -> Result<TableReader, AudienceError> {
    open_table_with(path, encoding, ReadLimits::default())
}

/// [`open_table`] with other limits.
#[instrument(skip_all, fields(path = %path.display()))]
pub fn open_table_with(
    path: &Path,
    encoding: Option<TextEncoding>,
    limits: ReadLimits,
) -> Result<TableReader, AudienceError> {
    let file = display_name(path);
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let format = match extension.as_str() {
        "csv" | "tsv" => SourceFormat::Csv,
        "xlsx" | "xlsm" => SourceFormat::Xlsx,
        "txt" => SourceFormat::Txt,
        _ => return Err(AudienceError::UnsupportedFormat { file }),
    };
    let resolved = crate::files::check_readable(path)?;
    if format == SourceFormat::Xlsx {
        let rows = SheetRows::open(&resolved, &file, limits)?;
        return TableReader::start(file, format, None, None, Rows::Sheet(rows));
    }
    let encoding = match encoding {
        Some(chosen) => chosen,
        None => match detect_encoding(&resolved)? {
            EncodingGuess::Certain(found) => found,
            EncodingGuess::Ambiguous(candidates) => {
                return Err(AudienceError::AmbiguousEncoding { file, candidates })
            }
        },
    };
    let input = File::open(&resolved).map_err(|e| AudienceError::io(&file, e))?;
    let (rows, delimiter) = DelimitedRows::new(&file, utf8_reader(input, encoding), limits)?;
    let reader =
        TableReader::start(file, format, Some(encoding), delimiter, Rows::Delimited(Box::new(rows)))?;
    tracing::debug!(encoding = encoding.label(), columns = reader.headers.len(), "recipient file opened");
    Ok(reader)
}

/// Reads a whole recipient file into memory; for small files. See [`open_table`].
pub fn read_table(path: &Path, encoding: Option<TextEncoding>) -> Result<Table, AudienceError> {
    open_table(path, encoding)?.into_table()
}

/// The source name of pasted text, where a file's name would be.
pub(crate) const PASTE_SOURCE: &str = "paste";

/// Reads text pasted by the user: one openid a line, or (copied from a spreadsheet) tab- or
/// comma-separated cells with an `openid` header. Rows are numbered by line.
#[instrument(skip_all, fields(bytes = text.len()))]
pub fn read_pasted(text: &str) -> Result<Table, AudienceError> {
    let input: Box<dyn Read + Send> = Box::new(Cursor::new(text.as_bytes().to_vec()));
    let (rows, delimiter) = DelimitedRows::new(PASTE_SOURCE, input, ReadLimits::default())?;
    TableReader::start(
        PASTE_SOURCE.to_string(),
        SourceFormat::Paste,
        None,
        delimiter,
        Rows::Delimited(Box::new(rows)),
    )?
    .into_table()
}
