//! Opening a recipient source (file or paste) as a header plus a stream of numbered rows.

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::delimited::DelimitedRows;
use super::encoding::{detect, utf8_reader, TextEncoding};
use super::error::AudienceError;
use super::header::{decide, shape, FirstRow, Shape};
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
    /// Text encoding found (`UTF-8`, `UTF-8 with BOM`, `GBK`, `GB18030`, `UTF-16LE`); none for
    /// workbooks and pastes.
    pub encoding: Option<String>,
    /// Delimiter found; none for workbooks and one-column text.
    pub delimiter: Option<char>,
    /// Column names; `["openid"]` for a header-less list.
    pub headers: Vec<String>,
    /// Data rows as (row number, cells), each as wide as `headers`. Row 1 is the first data row
    /// (the row under the header). Blank rows are left out; in workbooks they keep their
    /// numbers (sheet row − header row), in text they are not counted.
    pub rows: Vec<(u32, Vec<String>)>,
}

impl Table {
    /// The rows in the form [`super::build_audience`] takes.
    pub fn row_results(&self) -> impl Iterator<Item = Result<(u32, Vec<String>), AudienceError>> + '_ {
        self.rows.iter().cloned().map(Ok)
    }
}

enum Rows {
    Delimited(Box<DelimitedRows>),
    Sheet(SheetRows),
}

impl Rows {
    fn next_row(&mut self) -> Option<Result<(u32, Vec<String>), AudienceError>> {
        match self {
            Rows::Delimited(r) => r.next_row(),
            Rows::Sheet(r) => r.next_row(),
        }
    }
}

/// A table being read: its header and metadata up front, then its data rows one at a time.
///
/// Iterating yields `(row number, cells)` with row 1 = the first data row, each row exactly as
/// wide as [`TableReader::headers`]; rows with nothing in them are skipped. The first error
/// ends the iteration.
pub struct TableReader {
    source: String,
    format: SourceFormat,
    encoding: Option<TextEncoding>,
    delimiter: Option<char>,
    headers: Vec<String>,
    shape: Shape,
    /// Sheet row or record number of the header (0 when there is none): data row = that − this.
    base: u32,
    /// A header-less table's first row, read while deciding there was no header.
    first: Option<(u32, Vec<String>)>,
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

    /// Text encoding found, for text files.
    pub fn encoding(&self) -> Option<&'static str> {
        self.encoding.map(TextEncoding::label)
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
        let encoding = self.encoding().map(str::to_string);
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
        let (first_row, first_cells) = loop {
            match rows.next_row() {
                None => return Err(AudienceError::Empty { file: source }),
                Some(Err(e)) => return Err(e),
                Some(Ok((_, cells))) if cells.iter().all(|c| c.trim().is_empty()) => continue,
                Some(Ok(found)) => break found,
            }
        };
        let txt = format == SourceFormat::Txt;
        let (headers, base, first, shape) = match decide(&source, &first_cells, txt)? {
            FirstRow::Header(names) => {
                let shape =
                    Shape { width: names.len(), pad_short: format == SourceFormat::Xlsx, first_only: false };
                (names, first_row, None, shape)
            }
            // Without a header, row numbers are the file's own line or sheet row numbers.
            FirstRow::Data => {
                let shape = Shape { width: 1, pad_short: false, first_only: txt };
                (vec!["openid".to_string()], 0, Some((first_row, first_cells)), shape)
            }
        };
        Ok(TableReader {
            source,
            format,
            encoding,
            delimiter: delimiter.map(char::from),
            headers,
            shape,
            base,
            first,
            rows,
            done: false,
        })
    }
}

impl Iterator for TableReader {
    type Item = Result<(u32, Vec<String>), AudienceError>;

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
                Some(Err(e)) => Err(e.rebased(self.base)),
                Some(Ok((physical, cells))) => {
                    let row = physical.saturating_sub(self.base);
                    shape(&self.source, row, cells, self.shape).map(|cells| cells.map(|c| (row, c)))
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

/// Opens a recipient file for streaming: `.csv`, `.xlsx`/`.xlsm` or `.txt`.
///
/// Text files are scanned once for their encoding before reading, so the whole file is never
/// held in memory. Fails when the file cannot be read, is empty, or has no `openid` column
/// (unless it is a one-column list of openids, or a `.txt`).
#[instrument(skip_all, fields(path = %path.display()))]
pub fn open_table(path: &Path) -> Result<TableReader, AudienceError> {
    let file =
        path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let format = match extension.as_str() {
        "csv" | "tsv" => SourceFormat::Csv,
        "xlsx" | "xlsm" => SourceFormat::Xlsx,
        "txt" => SourceFormat::Txt,
        _ => return Err(AudienceError::UnsupportedFormat { file }),
    };
    if format == SourceFormat::Xlsx {
        let rows = SheetRows::open(path, &file)?;
        return TableReader::start(file, format, None, None, Rows::Sheet(rows));
    }
    let open = || File::open(path).map_err(|e| AudienceError::io(&file, e));
    let encoding = detect(BufReader::new(open()?))
        .map_err(|e| AudienceError::io(&file, e))?
        .ok_or_else(|| AudienceError::NotText { file: file.clone(), row: None })?;
    let input = utf8_reader(open()?, encoding);
    let (rows, delimiter) = DelimitedRows::new(&file, input)?;
    let reader =
        TableReader::start(file, format, Some(encoding), delimiter, Rows::Delimited(Box::new(rows)))?;
    tracing::debug!(encoding = encoding.label(), columns = reader.headers.len(), "recipient file opened");
    Ok(reader)
}

/// Reads a whole recipient file into memory; for small files. See [`open_table`].
pub fn read_table(path: &Path) -> Result<Table, AudienceError> {
    open_table(path)?.into_table()
}

/// Reads text pasted by the user: one openid a line, or (copied from a spreadsheet) tab- or
/// comma-separated cells with an `openid` header.
#[instrument(skip_all, fields(bytes = text.len()))]
pub fn read_pasted(text: &str) -> Result<Table, AudienceError> {
    let input: Box<dyn Read + Send> = Box::new(Cursor::new(text.as_bytes().to_vec()));
    let (rows, delimiter) = DelimitedRows::new("paste", input)?;
    TableReader::start(
        "paste".to_string(),
        SourceFormat::Paste,
        None,
        delimiter,
        Rows::Delimited(Box::new(rows)),
    )?
    .into_table()
}
