//! Deciding whether a table's first row is a header, and tidying the cells of every row.

use super::error::AudienceError;

/// What the first row of a table turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FirstRow {
    /// A header with these column names (trimmed, blanks named `column N`).
    Header(Vec<String>),
    /// Data: the table is a list of openids without a header.
    Data,
}

/// Whether a header cell names the openid column. Tolerates case, spaces, `_` and `-`
/// (`OpenID`, `open_id`, `Open-Id`), since people type headers by hand.
pub(crate) fn is_openid_header(cell: &str) -> bool {
    let folded: String =
        cell.chars().filter(|c| !c.is_whitespace() && *c != '_' && *c != '-' && *c != '\u{feff}').collect();
    folded.eq_ignore_ascii_case("openid")
}

/// Whether `text` has the shape of an openid, liberally: 20–40 of `[A-Za-z0-9_-]`.
///
/// Real mini program openids are 28 characters starting with `o`; other lengths are accepted
/// because test accounts and old AppIDs differ, and WeChat itself is the final judge (40003).
pub fn looks_like_openid(text: &str) -> bool {
    (20..=40).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Decides what `first` (the first non-empty row) is.
///
/// A header must have an `openid` cell. Without one, a one-column table whose first cell looks
/// like an openid is a header-less list; `headerless_ok` (TXT files) accepts any header-less
/// list, since a `.txt` is one openid a line by contract.
pub(crate) fn decide(file: &str, first: &[String], headerless_ok: bool) -> Result<FirstRow, AudienceError> {
    let cells = trim_trailing_blanks(first.iter().map(|c| clean(c)).collect());
    if cells.iter().any(|c| is_openid_header(c)) {
        let names = cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| if c.is_empty() { format!("column {}", i + 1) } else { c })
            .collect();
        return Ok(FirstRow::Header(names));
    }
    let single = cells.len() == 1;
    if headerless_ok || (single && looks_like_openid(&cells[0])) {
        return Ok(FirstRow::Data);
    }
    Err(AudienceError::NoOpenidColumn { file: file.to_string(), columns: cells })
}

fn clean(cell: &str) -> String {
    cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').to_string()
}

fn trim_trailing_blanks(mut cells: Vec<String>) -> Vec<String> {
    while cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    cells
}

/// How a data row is fitted to the header.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    /// Cells in the header.
    pub width: usize,
    /// Short rows are padded (spreadsheets omit empty cells); otherwise they are an error.
    pub pad_short: bool,
    /// Keep only the first cell (header-less TXT: "the first column").
    pub first_only: bool,
}

/// Fits `cells` to the header: `Ok(None)` for a row with nothing in it (skipped), an error for
/// a row wider than the header (unless the extra cells are blank, as Excel's trailing commas
/// are) or, without padding, narrower.
pub(crate) fn shape(
    file: &str,
    row: u32,
    mut cells: Vec<String>,
    shape: Shape,
) -> Result<Option<Vec<String>>, AudienceError> {
    if cells.iter().all(|c| c.trim().is_empty()) {
        return Ok(None);
    }
    if shape.first_only {
        // The delimiter was sniffed from the first line only; a list can still mix tabs and
        // commas further down, and the openid is what comes before any of them.
        cells.truncate(1);
        if let Some(first) = cells.first_mut() {
            if let Some(cut) = first.find(['\t', ',', ';']) {
                first.truncate(cut);
            }
        }
    }
    let found = cells.len();
    while cells.len() > shape.width && cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    if cells.len() > shape.width || (cells.len() < shape.width && !shape.pad_short) {
        return Err(AudienceError::Ragged {
            file: file.to_string(),
            row,
            cells: found,
            expected: shape.width,
        });
    }
    cells.resize(shape.width, String::new());
    Ok(Some(cells))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn openid_header_variants() {
        for h in ["openid", " OpenID ", "open_id", "Open-Id", "\u{feff}openid"] {
            assert!(is_openid_header(h), "{h}");
        }
        assert!(!is_openid_header("openid2"));
        assert!(!is_openid_header("unionid"));
    }

    #[test]
    fn decides_header_list_or_error() {
        let header = decide("a.csv", &strings(&["OpenID", "", "姓名", ""]), false).unwrap();
        assert_eq!(header, FirstRow::Header(strings(&["OpenID", "column 2", "姓名"])));
        let list = decide("a.csv", &strings(&["oAbCdEfGhIjKlMnOpQrStUvWxYz0"]), false).unwrap();
        assert_eq!(list, FirstRow::Data);
        let err = decide("a.csv", &strings(&["姓名", "手机"]), false).unwrap_err();
        assert_eq!(err.to_string(), "a.csv has no openid column (columns found: 姓名, 手机)");
        assert_eq!(decide("a.txt", &strings(&["用户"]), true).unwrap(), FirstRow::Data);
    }

    #[test]
    fn shapes_rows() {
        let s = Shape { width: 2, pad_short: false, first_only: false };
        assert_eq!(shape("f", 1, strings(&["a", "b", "", " "]), s).unwrap(), Some(strings(&["a", "b"])));
        assert_eq!(shape("f", 1, strings(&["", " "]), s).unwrap(), None);
        let err = shape("f", 3, strings(&["a"]), s).unwrap_err();
        assert_eq!(err.to_string(), "f: row 3 has 1 cells but the header has 2");
        let padded = Shape { pad_short: true, ..s };
        assert_eq!(shape("f", 1, strings(&["a"]), padded).unwrap(), Some(strings(&["a", ""])));
    }
}
