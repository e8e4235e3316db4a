//! Delimited text (CSV, TSV, semicolon files, TXT lists, pastes) as a stream of rows.

use std::io::{BufRead, BufReader, Read};

use super::error::AudienceError;

/// Delimiters Pushdesk recognises, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b'\t', b',', b';'];

/// Rows of delimited UTF-8 text, numbered by record.
///
/// The csv crate skips blank lines without reporting them (and its line counter lags behind
/// CRLF terminators), so blank lines are not counted: row numbers match the file's lines when
/// it has no blank lines and no line breaks inside quoted cells, which is what Excel writes.
pub(crate) struct DelimitedRows {
    file: String,
    reader: csv::Reader<BufReader<Box<dyn Read + Send>>>,
    record: csv::StringRecord,
    /// Records read so far.
    count: u32,
}

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

impl DelimitedRows {
    /// Starts reading `input` (already UTF-8); returns the rows and the delimiter found.
    pub(crate) fn new(file: &str, input: Box<dyn Read + Send>) -> Result<(Self, Option<u8>), AudienceError> {
        let mut buffered = BufReader::with_capacity(64 * 1024, input);
        let head = buffered.fill_buf().map_err(|e| read_error(file, None, e))?;
        let delimiter = sniff_delimiter(head);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter.unwrap_or(b','))
            .from_reader(buffered);
        let rows =
            DelimitedRows { file: file.to_string(), reader, record: csv::StringRecord::new(), count: 0 };
        Ok((rows, delimiter))
    }

    /// The next record as (record number, cells), 1 = the first record (header or not).
    pub(crate) fn next_row(&mut self) -> Option<Result<(u32, Vec<String>), AudienceError>> {
        let Some(number) = self.count.checked_add(1) else {
            return Some(Err(AudienceError::TooManyRows { file: self.file.clone() }));
        };
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Err(e) => Some(Err(csv_error(&self.file, number, e))),
            Ok(true) => {
                self.count = number;
                Some(Ok((number, self.record.iter().map(str::to_string).collect())))
            }
        }
    }
}

fn read_error(file: &str, row: Option<u32>, e: std::io::Error) -> AudienceError {
    if e.kind() == std::io::ErrorKind::InvalidData {
        AudienceError::NotText { file: file.to_string(), row }
    } else {
        AudienceError::io(file, e)
    }
}

fn csv_error(file: &str, row: u32, e: csv::Error) -> AudienceError {
    match e.into_kind() {
        csv::ErrorKind::Utf8 { .. } => AudienceError::NotText { file: file.to_string(), row: Some(row) },
        csv::ErrorKind::Io(io) => read_error(file, Some(row), io),
        other => AudienceError::Csv { file: file.to_string(), row, message: format!("{other:?}") },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(u32, Vec<String>)> {
        let (mut r, _) =
            DelimitedRows::new("t.csv", Box::new(std::io::Cursor::new(text.to_string().into_bytes())))
                .expect("open");
        std::iter::from_fn(|| r.next_row()).collect::<Result<_, _>>().expect("rows")
    }

    #[test]
    fn sniffs_delimiters_outside_quotes() {
        assert_eq!(sniff_delimiter(b"openid,name\n"), Some(b','));
        assert_eq!(sniff_delimiter(b"\n\nopenid\tname;x\tz\n"), Some(b'\t'));
        assert_eq!(sniff_delimiter(b"openid;\"a,b,c\"\n"), Some(b';'));
        assert_eq!(sniff_delimiter(b"openid\n"), None);
    }

    #[test]
    fn rows_are_numbered_by_record() {
        let got = rows("h\n\na\n\"b\nb\"\n\nc\r\n");
        let numbers: Vec<u32> = got.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, vec![1, 2, 3, 4]);
        assert_eq!(got[2].1, vec!["b\nb".to_string()]);
    }
}
