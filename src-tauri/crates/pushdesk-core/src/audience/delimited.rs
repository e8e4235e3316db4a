//! Delimited text (CSV, TSV, semicolon files, TXT lists, pastes) as a stream of rows.
//!
//! A small RFC 4180 reader of our own rather than the csv crate, for two reasons: rows must be
//! numbered as Excel numbers them (blank lines included, which the csv crate skips without a
//! trace), and nothing may grow without bound: a row is refused past
//! [`ReadLimits::max_record_bytes`], a cell past [`ReadLimits::max_cell_chars`], and cells
//! beyond [`ReadLimits::max_columns`] are never stored (empty ones are ignored, a non-empty one
//! is refused), so a line of a million commas costs nothing.
//!
//! Quoting follows what Excel writes and reads: a cell that starts with `"` runs to the next
//! lone `"`, with `""` for a quote inside; a quote elsewhere is an ordinary character. Lines end
//! with LF, CRLF or a lone CR.

use std::io::{BufRead, BufReader, Cursor, ErrorKind, Read};

use super::error::AudienceError;
use super::limits::{column_letters, ReadLimits};
use super::row::TableRow;

/// Delimiters Pushdesk recognises, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b'\t', b',', b';'];

/// Picks the delimiter from the first non-blank line: the one that occurs most often outside
/// quotes. `None` when the line has none (a one-column file).
pub(crate) fn sniff_delimiter(head: &[u8]) -> Option<u8> {
    let text = String::from_utf8_lossy(head);
    let line = text.lines().find(|l| !l.trim().is_empty())?;
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = DELIMITERS.iter().position(|d| *d == b) {
                counts[i] += 1;
            }
        }
    }
    let (best, count) = counts.iter().enumerate().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    (*count > 0).then_some(DELIMITERS[best])
}

/// The cells of one line of text (for samples): quotes honoured, no limits beyond the line's.
pub(crate) fn split_line(line: &str, delimiter: Option<u8>) -> Vec<String> {
    let input: Box<dyn Read + Send> = Box::new(Cursor::new(line.as_bytes().to_vec()));
    let mut rows = DelimitedRows::with_delimiter("sample", input, ReadLimits::default(), delimiter);
    match rows.read_record(1) {
        Ok(Some(cells)) => cells,
        _ => vec![line.to_string()],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a cell.
    Start,
    /// In a cell that did not start with a quote.
    Plain,
    /// Inside quotes.
    Quoted,
    /// Just after a quote inside quotes: `""` or the end of the quoted part.
    QuoteInQuoted,
}

/// Rows of delimited UTF-8 text, numbered as a spreadsheet shows them.
pub(crate) struct DelimitedRows {
    file: String,
    input: BufReader<Box<dyn Read + Send>>,
    delimiter: u8,
    limits: ReadLimits,
    /// The number the next record gets (1 = the first line).
    next_row: u32,
    /// A record ended with CR: a LF right after it belongs to the same line end.
    skip_lf: bool,
    done: bool,
}

impl DelimitedRows {
    /// Starts reading `input` (already UTF-8); returns the rows and the delimiter found.
    pub(crate) fn new(
        file: &str,
        input: Box<dyn Read + Send>,
        limits: ReadLimits,
    ) -> Result<(Self, Option<u8>), AudienceError> {
        let mut rows = DelimitedRows::with_delimiter(file, input, limits, None);
        let head = rows.input.fill_buf().map_err(|e| read_error(file, None, e))?;
        let delimiter = sniff_delimiter(head);
        rows.delimiter = delimiter.unwrap_or(b',');
        Ok((rows, delimiter))
    }

    fn with_delimiter(
        file: &str,
        input: Box<dyn Read + Send>,
        limits: ReadLimits,
        delimiter: Option<u8>,
    ) -> DelimitedRows {
        DelimitedRows {
            file: file.to_string(),
            input: BufReader::with_capacity(64 * 1024, input),
            delimiter: delimiter.unwrap_or(b','),
            limits,
            next_row: 1,
            skip_lf: false,
            done: false,
        }
    }

    /// The next row with something in it; blank lines are skipped but keep their numbers.
    pub(crate) fn next_row(&mut self) -> Option<Result<TableRow, AudienceError>> {
        while !self.done {
            let row = self.next_row;
            if row > self.limits.max_rows {
                self.done = true;
                return Some(Err(AudienceError::TooManyRows {
                    file: self.file.clone(),
                    limit: self.limits.max_rows,
                }));
            }
            match self.read_record(row) {
                Ok(None) => self.done = true,
                Ok(Some(cells)) => {
                    self.next_row = row.saturating_add(1);
                    if cells.iter().any(|c| !c.trim().is_empty()) {
                        return Some(Ok(TableRow::text(row, cells)));
                    }
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }

    /// Reads one record; `None` at the end of the input.
    fn read_record(&mut self, row: u32) -> Result<Option<Vec<String>>, AudienceError> {
        let mut record = Record::new(row, &self.limits);
        let mut state = State::Start;
        let mut started = false;
        loop {
            let buf = self.input.fill_buf().map_err(|e| read_error(&self.file, Some(row), e))?;
            if buf.is_empty() {
                if !started {
                    return Ok(None);
                }
                if state == State::Quoted {
                    return Err(AudienceError::UnclosedQuote { file: self.file.clone(), row });
                }
                record.end_cell(&self.file)?;
                return Ok(Some(record.cells));
            }
            let mut used = 0;
            let mut ended = false;
            for &b in buf {
                used += 1;
                if self.skip_lf {
                    self.skip_lf = false;
                    if b == b'\n' {
                        continue;
                    }
                }
                started = true;
                record.bytes += 1;
                if record.bytes > self.limits.max_record_bytes {
                    return Err(if matches!(state, State::Quoted | State::QuoteInQuoted) {
                        AudienceError::UnclosedQuote { file: self.file.clone(), row }
                    } else {
                        AudienceError::RowTooLong {
                            file: self.file.clone(),
                            row,
                            limit: self.limits.max_record_bytes,
                        }
                    });
                }
                let line_end = b == b'\n' || b == b'\r';
                state = match state {
                    State::Start | State::Plain | State::QuoteInQuoted if b == self.delimiter => {
                        record.end_cell(&self.file)?;
                        State::Start
                    }
                    State::Start | State::Plain | State::QuoteInQuoted if line_end => {
                        self.skip_lf = b == b'\r';
                        ended = true;
                        break;
                    }
                    State::Start if b == b'"' => State::Quoted,
                    State::Quoted if b == b'"' => State::QuoteInQuoted,
                    State::QuoteInQuoted if b == b'"' => {
                        record.push(&self.file, b)?;
                        State::Quoted
                    }
                    State::Quoted => {
                        record.push(&self.file, b)?;
                        State::Quoted
                    }
                    // Plain text, or text after a closing quote (`"ab"c` reads `abc`, as Excel).
                    State::Start | State::Plain | State::QuoteInQuoted => {
                        record.push(&self.file, b)?;
                        State::Plain
                    }
                };
            }
            self.input.consume(used);
            if ended {
                record.end_cell(&self.file)?;
                return Ok(Some(record.cells));
            }
        }
    }
}

/// The record being read, with the limits checked as bytes arrive.
struct Record<'a> {
    row: u32,
    limits: &'a ReadLimits,
    cells: Vec<String>,
    cell: Vec<u8>,
    /// Index of the cell being read (cells beyond the column limit are counted, not kept).
    column: usize,
    bytes: usize,
}

impl<'a> Record<'a> {
    fn new(row: u32, limits: &'a ReadLimits) -> Record<'a> {
        Record { row, limits, cells: Vec::new(), cell: Vec::new(), column: 0, bytes: 0 }
    }

    fn too_long(&self, file: &str) -> AudienceError {
        AudienceError::CellTooLong {
            file: file.to_string(),
            row: self.row,
            column: column_letters(self.column),
            limit: self.limits.max_cell_chars,
        }
    }

    fn push(&mut self, file: &str, b: u8) -> Result<(), AudienceError> {
        // A character is at most four bytes, so this many bytes is surely too many characters;
        // the exact count is taken when the cell ends.
        if self.cell.len() >= self.limits.max_cell_chars.saturating_mul(4) {
            return Err(self.too_long(file));
        }
        if self.column >= self.limits.max_columns && !b.is_ascii_whitespace() {
            return Err(AudienceError::TooManyColumns {
                file: file.to_string(),
                row: self.row,
                column: column_letters(self.column),
                limit: self.limits.max_columns,
            });
        }
        if self.column < self.limits.max_columns {
            self.cell.push(b);
        }
        Ok(())
    }

    fn end_cell(&mut self, file: &str) -> Result<(), AudienceError> {
        if self.column < self.limits.max_columns {
            let bytes = std::mem::take(&mut self.cell);
            let text = String::from_utf8(bytes)
                .map_err(|_| AudienceError::NotText { file: file.to_string(), row: Some(self.row) })?;
            if text.chars().count() > self.limits.max_cell_chars {
                return Err(self.too_long(file));
            }
            self.cells.push(text);
        }
        self.column += 1;
        Ok(())
    }
}

fn read_error(file: &str, row: Option<u32>, e: std::io::Error) -> AudienceError {
    if e.kind() == ErrorKind::InvalidData {
        AudienceError::NotText { file: file.to_string(), row }
    } else {
        AudienceError::io(file, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(text: &str, limits: ReadLimits) -> DelimitedRows {
        let input: Box<dyn Read + Send> = Box::new(Cursor::new(text.as_bytes().to_vec()));
        DelimitedRows::new("t.csv", input, limits).expect("open").0
    }

    fn rows(text: &str) -> Vec<(u32, Vec<String>)> {
        let mut r = reader(text, ReadLimits::default());
        std::iter::from_fn(|| r.next_row())
            .map(|row| row.map(|r| (r.row_no, r.cells)))
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    fn first_error(text: &str, limits: ReadLimits) -> AudienceError {
        let mut r = reader(text, limits);
        std::iter::from_fn(|| r.next_row()).find_map(Result::err).expect("an error")
    }

    #[test]
    fn sniffs_delimiters_outside_quotes() {
        assert_eq!(sniff_delimiter(b"openid,name\n"), Some(b','));
        assert_eq!(sniff_delimiter(b"\n\nopenid\tname;x\tz\n"), Some(b'\t'));
        assert_eq!(sniff_delimiter(b"openid;\"a,b,c\"\n"), Some(b';'));
        assert_eq!(sniff_delimiter(b"openid\n"), None);
    }

    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        // Blank lines keep their numbers; a quoted cell spanning lines is one row, as in Excel.
        let got = rows("h\n\na\n\"b\nb\"\n\nc\r\nd\re\n");
        let numbers: Vec<u32> = got.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, vec![1, 3, 4, 6, 7, 8]);
        assert_eq!(got[2].1, vec!["b\nb".to_string()]);
    }

    #[test]
    fn quotes_as_excel_writes_them() {
        let got = rows("a,\"b,c\",\"say \"\"hi\"\"\",\"x\"y,q\"r\n");
        assert_eq!(got[0].1, vec!["a", "b,c", "say \"hi\"", "xy", "q\"r"]);
        assert_eq!(split_line("a;\"b;c\"", Some(b';')), vec!["a", "b;c"]);
    }

    #[test]
    fn a_million_empty_columns_cost_nothing_and_a_far_cell_is_refused() {
        let limits = ReadLimits { max_record_bytes: 4 << 20, ..ReadLimits::default() };
        let wide = format!("openid,name{}\nx,y\n", ",".repeat(1_000_000));
        assert_eq!(rows_with(&wide, limits)[0].1.len(), 256);
        let far = format!("openid{}z\n", ",".repeat(300));
        let err = first_error(&far, limits);
        assert_eq!(
            err.to_string(),
            "t.csv: row 1, column KO: there is something in this column, but Pushdesk reads at most \
             256 columns; delete the columns you do not need"
        );
    }

    fn rows_with(text: &str, limits: ReadLimits) -> Vec<(u32, Vec<String>)> {
        let mut r = reader(text, limits);
        std::iter::from_fn(|| r.next_row())
            .map(|row| row.map(|r| (r.row_no, r.cells)).expect("row"))
            .collect()
    }

    #[test]
    fn long_rows_cells_and_open_quotes_are_refused_with_their_row() {
        let limits = ReadLimits { max_record_bytes: 1000, max_cell_chars: 10, ..ReadLimits::default() };
        let err = first_error("a,b\nc,0123456789x\n", limits);
        assert_eq!(
            err.to_string(),
            "t.csv: row 2, column B: the cell has more than 10 characters (the most Excel allows)"
        );
        let err = first_error(&format!("a\nb\nx{}\n", ",".repeat(1200)), limits);
        assert!(matches!(err, AudienceError::RowTooLong { row: 3, .. }), "{err}");
        let err = first_error("a\nb\n\"never closed\nmore\n", ReadLimits::default());
        assert!(matches!(err, AudienceError::UnclosedQuote { row: 3, .. }), "{err}");
        let err = first_error(&"a\n".repeat(20), ReadLimits { max_rows: 10, ..ReadLimits::default() });
        assert!(matches!(err, AudienceError::TooManyRows { limit: 10, .. }), "{err}");
    }
}
