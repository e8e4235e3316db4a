//! What a recipient file may cost. Every reader checks these before it allocates, so a crafted
//! file is refused with a message instead of taking the machine's memory.

/// Bounds on what reading one recipient file may cost. [`ReadLimits::default`] is generous (a
/// full Excel sheet fits) but keeps memory to a few hundred MB whatever the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Rows, counted as the spreadsheet numbers them (header and blank rows included):
    /// Excel's own maximum.
    pub max_rows: u32,
    /// Columns with something in them. Empty cells further right are ignored (Excel keeps
    /// formatted blank cells far out), a non-empty one is refused.
    pub max_columns: usize,
    /// Characters in one cell: Excel's own maximum.
    pub max_cell_chars: usize,
    /// Bytes in one row of a text file, or of all the cells of a workbook row; also the most a
    /// single XML element or text run of a workbook may take.
    pub max_record_bytes: usize,
    /// Distinct strings in a workbook's shared-strings table.
    pub max_shared_strings: usize,
    /// Total bytes of a workbook's shared strings (they are kept in memory while the sheet is
    /// read, since any cell may refer to any of them).
    pub max_shared_string_bytes: usize,
    /// Uncompressed bytes of one part of a workbook (the sheet XML, the shared strings, …).
    pub max_part_bytes: u64,
    /// Uncompressed bytes of all the parts read, together.
    pub max_total_bytes: u64,
    /// Uncompressed bytes per compressed byte of a part, beyond its first MiB. Real sheets
    /// compress 5–30 times; a zip bomb a thousand times or more. Apache POI refuses beyond 100.
    pub max_inflate_ratio: u64,
    /// Entries in a workbook's zip directory (a real one has a few dozen).
    pub max_zip_entries: usize,
}

/// Bytes inflated before [`ReadLimits::max_inflate_ratio`] applies: small parts compress well.
pub(crate) const RATIO_GRACE_BYTES: u64 = 1 << 20;

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_rows: 1_048_576,
            max_columns: 256,
            max_cell_chars: 32_767,
            max_record_bytes: 1 << 20,
            max_shared_strings: 1 << 21,
            max_shared_string_bytes: 128 << 20,
            max_part_bytes: 2 << 30,
            max_total_bytes: 4 << 30,
            max_inflate_ratio: 100,
            max_zip_entries: 10_000,
        }
    }
}

/// Excel's name for a 0-based column index: `A`, `Z`, `AA`, `XFD`.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
        assert_eq!(column_letters(321_272_405), "ZZZZZZ");
    }
}
