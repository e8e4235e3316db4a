//! A worksheet's rows, streamed from its XML one row at a time.
//!
//! A cell's position is checked before anything is stored for it: a cell at column `ZZZZZZ`
//! with something in it is refused with its row and column, an empty one far out is ignored,
//! and a row never grows wider than [`ReadLimits::max_columns`].

use quick_xml::events::{BytesStart, Event};

use super::super::error::AudienceError;
use super::super::limits::{column_letters, ReadLimits};
use super::super::row::TableRow;
use super::archive::{Archive, Exceeded, PartError};
use super::cell::{iso_datetime_text, number_cell_text, NumberShape};
use super::parts::attr;
use super::shared::{Shared, SharedStrings};
use super::text::{push_text, unescape_ooxml};

/// What the sheet needs besides its XML.
pub(crate) struct SheetContext<'a> {
    pub file: &'a str,
    pub shared: &'a SharedStrings,
    pub shapes: &'a [NumberShape],
    pub date1904: bool,
    pub limits: ReadLimits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shared,
    Inline,
    FormulaText,
    Bool,
    Error,
    IsoDate,
    Number,
}

struct CellState {
    col: usize,
    kind: Kind,
    style: usize,
    value: String,
    in_v: bool,
    in_t: bool,
    in_is: bool,
    rph_depth: u32,
}

struct RowState {
    number: u32,
    cells: Vec<String>,
    numbers: Vec<usize>,
    bytes: usize,
    next_col: usize,
}

/// The 0-based column of a cell reference (`AB12` → 27), saturating far beyond any limit.
fn column_of(reference: &str) -> Option<usize> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic);
    let mut col: usize = 0;
    let mut any = false;
    for b in letters {
        any = true;
        col = col.saturating_mul(26).saturating_add(usize::from(b.to_ascii_uppercase() - b'A' + 1));
    }
    any.then(|| col - 1)
}

/// Reads the sheet part `name`, handing each row with something in it to `emit`; stops early
/// when `emit` returns false (nobody wants more rows).
pub(crate) fn read_sheet(
    archive: &mut Archive,
    name: &str,
    ctx: &SheetContext<'_>,
    emit: &mut dyn FnMut(TableRow) -> bool,
) -> Result<(), AudienceError> {
    let limits = &ctx.limits;
    let file = ctx.file;
    let max_value_bytes = limits.max_cell_chars.saturating_mul(4);
    let mut part = archive.part(name)?;
    let mut in_data = false;
    let mut last_row = 0u32;
    let mut row: Option<RowState> = None;
    let mut cell: Option<CellState> = None;
    let cell_too_long = |row: u32, col: usize| AudienceError::CellTooLong {
        file: file.to_string(),
        row,
        column: column_letters(col),
        limit: limits.max_cell_chars,
    };
    loop {
        let event = match part.next() {
            Ok(event) => event,
            Err(PartError::Limit(Exceeded::Event)) if row.is_some() => {
                let r = row.as_ref().map_or(0, |r| r.number);
                return Err(match &cell {
                    Some(c) => cell_too_long(r, c.col),
                    None => AudienceError::RowTooLong {
                        file: file.to_string(),
                        row: r,
                        limit: limits.max_record_bytes,
                    },
                });
            }
            Err(e) => return Err(part.error(e)),
        };
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"sheetData" => in_data = !empty,
                    b"row" if in_data => {
                        let number = match attr(e, b"r") {
                            Some(r) => r.trim().parse::<u32>().unwrap_or(u32::MAX),
                            None => last_row.saturating_add(1),
                        };
                        if number > limits.max_rows {
                            return Err(AudienceError::TooManyRows {
                                file: file.to_string(),
                                limit: limits.max_rows,
                            });
                        }
                        last_row = number;
                        if !empty {
                            row = Some(RowState {
                                number,
                                cells: Vec::new(),
                                numbers: Vec::new(),
                                bytes: 0,
                                next_col: 0,
                            });
                        }
                    }
                    b"c" => {
                        if let Some(r) = row.as_mut() {
                            let col = attr(e, b"r").and_then(|r| column_of(&r)).unwrap_or(r.next_col);
                            r.next_col = col.saturating_add(1);
                            if !empty {
                                cell = Some(start_cell(e, col));
                            }
                        }
                    }
                    b"v" if !empty => {
                        if let Some(c) = cell.as_mut() {
                            c.in_v = true;
                        }
                    }
                    b"is" if !empty => {
                        if let Some(c) = cell.as_mut() {
                            c.in_is = true;
                        }
                    }
                    b"t" if !empty => {
                        if let Some(c) = cell.as_mut().filter(|c| c.in_is && c.rph_depth == 0) {
                            c.in_t = true;
                        }
                    }
                    b"rPh" if !empty => {
                        if let Some(c) = cell.as_mut() {
                            c.rph_depth += 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"sheetData" => break,
                b"v" | b"t" | b"is" | b"rPh" => {
                    if let Some(c) = cell.as_mut() {
                        match e.local_name().as_ref() {
                            b"v" => c.in_v = false,
                            b"t" => c.in_t = false,
                            b"is" => c.in_is = false,
                            _ => c.rph_depth = c.rph_depth.saturating_sub(1),
                        }
                    }
                }
                b"c" => {
                    if let (Some(c), Some(r)) = (cell.take(), row.as_mut()) {
                        finish_cell(c, r, ctx)?;
                    }
                }
                b"row" => {
                    cell = None;
                    if let Some(r) = row.take() {
                        if !r.cells.is_empty() {
                            let done =
                                TableRow { row_no: r.number, cells: r.cells, number_columns: r.numbers };
                            if !emit(done) {
                                return Ok(());
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            other => {
                if let Some(c) = cell.as_mut().filter(|c| c.in_v || c.in_t) {
                    if push_text(&mut c.value, other, max_value_bytes).is_err() {
                        let r = row.as_ref().map_or(0, |r| r.number);
                        return Err(cell_too_long(r, c.col));
                    }
                }
            }
        }
    }
    Ok(())
}

fn start_cell(e: &BytesStart<'_>, col: usize) -> CellState {
    let kind = match attr(e, b"t").as_deref() {
        Some("s") => Kind::Shared,
        Some("inlineStr") => Kind::Inline,
        Some("str") => Kind::FormulaText,
        Some("b") => Kind::Bool,
        Some("e") => Kind::Error,
        Some("d") => Kind::IsoDate,
        _ => Kind::Number,
    };
    let style = attr(e, b"s").and_then(|s| s.parse().ok()).unwrap_or(0);
    CellState { col, kind, style, value: String::new(), in_v: false, in_t: false, in_is: false, rph_depth: 0 }
}

/// Turns a finished cell into text and puts it in its row, checking the limits first.
fn finish_cell(c: CellState, r: &mut RowState, ctx: &SheetContext<'_>) -> Result<(), AudienceError> {
    let limits = &ctx.limits;
    let file = ctx.file;
    let at = |en: String, zh: String| {
        let (row, column) = (r.number, column_letters(c.col));
        AudienceError::Workbook {
            file: file.to_string(),
            message: crate::Bilingual::new(
                format!("row {row}, column {column}: {en}"),
                format!("第 {row} 行 {column} 列：{zh}"),
            ),
        }
    };
    let mut number = false;
    let text = match c.kind {
        Kind::Shared => {
            let value = c.value.trim();
            if value.is_empty() {
                String::new()
            } else {
                let index: usize = value.parse().map_err(|_| {
                    at(format!("“{value}” is not a text number"), format!("“{value}”不是文本编号"))
                })?;
                match ctx.shared.get(index) {
                    Shared::Text(t) => t.to_string(),
                    Shared::TooLong => {
                        return Err(AudienceError::CellTooLong {
                            file: file.to_string(),
                            row: r.number,
                            column: column_letters(c.col),
                            limit: limits.max_cell_chars,
                        })
                    }
                    Shared::Missing => {
                        return Err(at(
                            format!("it refers to text #{index}, which the workbook does not have"),
                            format!("它引用了第 {index} 号文本，但工作簿里没有这段文本"),
                        ))
                    }
                }
            }
        }
        Kind::Inline | Kind::FormulaText => unescape_ooxml(&c.value).into_owned(),
        Kind::Bool => match c.value.trim() {
            "" => String::new(),
            "1" | "true" => "TRUE".into(),
            _ => "FALSE".into(),
        },
        Kind::Error => c.value.trim().to_string(),
        Kind::IsoDate => iso_datetime_text(c.value.trim()),
        Kind::Number => {
            let value = c.value.trim();
            if value.is_empty() {
                String::new()
            } else {
                let n: f64 = value
                    .parse()
                    .map_err(|_| at(format!("“{value}” is not a number"), format!("“{value}”不是数字")))?;
                number = true;
                let shape = ctx.shapes.get(c.style).copied().unwrap_or(NumberShape::Plain);
                number_cell_text(n, shape, ctx.date1904)
            }
        }
    };
    if text.trim().is_empty() && (text.is_empty() || c.col >= limits.max_columns) {
        return Ok(());
    }
    if c.col >= limits.max_columns {
        return Err(AudienceError::TooManyColumns {
            file: file.to_string(),
            row: r.number,
            column: column_letters(c.col),
            limit: limits.max_columns,
        });
    }
    if text.chars().count() > limits.max_cell_chars {
        return Err(AudienceError::CellTooLong {
            file: file.to_string(),
            row: r.number,
            column: column_letters(c.col),
            limit: limits.max_cell_chars,
        });
    }
    r.bytes = r.bytes.saturating_add(text.len());
    if r.bytes > limits.max_record_bytes {
        return Err(AudienceError::RowTooLong {
            file: file.to_string(),
            row: r.number,
            limit: limits.max_record_bytes,
        });
    }
    if r.cells.len() <= c.col {
        r.cells.resize(c.col + 1, String::new());
    }
    r.cells[c.col] = text;
    if number && !r.numbers.contains(&c.col) {
        r.numbers.push(c.col);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_to_columns() {
        assert_eq!(column_of("A1"), Some(0));
        assert_eq!(column_of("AB12"), Some(27));
        assert_eq!(column_of("ZZZZZZ1"), Some(321_272_405));
        assert_eq!(column_of("12"), None);
        assert!(column_of(&"Z".repeat(100)).is_some());
    }
}
