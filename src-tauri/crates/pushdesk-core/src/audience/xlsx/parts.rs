//! Finding the first worksheet, the shared strings and the styles of a workbook, the way OPC
//! says to (relationships), with the usual names as a fallback for files other tools wrote.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::super::error::AudienceError;
use super::archive::Archive;
use super::cell::NumberShape;

/// Cell styles kept at most (Excel's own limit is 64 000); cells beyond count as plain.
const MAX_STYLES: usize = 65_536;

/// Where the parts are, and what the workbook says about dates.
pub(crate) struct Layout {
    pub sheet: String,
    pub shared_strings: Option<String>,
    pub styles: Option<String>,
    pub date1904: bool,
}

/// An attribute's value by local name (`r:id` and `id` both match `id` when `prefixed`),
/// unescaped. Values longer than a cell are not attributes anyone needs.
pub(crate) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == name).and_then(|a| {
        let raw = std::str::from_utf8(&a.value).ok()?;
        quick_xml::escape::unescape(raw).ok().map(|v| v.into_owned())
    })
}

/// The directory part of a part name (`xl/workbook.xml` → `xl/`).
fn dir_of(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..=i])
}

/// Resolves a relationship target against the part that refers to it.
fn resolve(base_dir: &str, target: &str) -> String {
    let joined = if let Some(abs) = target.strip_prefix('/') {
        abs.to_string()
    } else {
        format!("{base_dir}{target}")
    };
    let mut out: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

/// Relationships of a part: id → (type's last segment, resolved target).
fn relationships(
    archive: &mut Archive,
    rels_part: &str,
    base_dir: &str,
) -> Result<HashMap<String, (String, String)>, AudienceError> {
    let mut out = HashMap::new();
    let Some(name) = archive.find(rels_part) else { return Ok(out) };
    let mut part = archive.part(&name)?;
    loop {
        match part.next() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    let kind = attr(&e, b"Type").unwrap_or_default();
                    let kind = kind.rsplit('/').next().unwrap_or_default().to_string();
                    if out.len() < MAX_STYLES {
                        out.insert(id, (kind, resolve(base_dir, &target)));
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(part.error(e)),
        }
    }
    Ok(out)
}

/// Finds the workbook's first worksheet, shared strings and styles.
pub(crate) fn layout(archive: &mut Archive, file: &str) -> Result<Layout, AudienceError> {
    let root = relationships(archive, "_rels/.rels", "")?;
    let workbook = root
        .values()
        .find(|(kind, _)| kind == "officeDocument")
        .map(|(_, target)| target.clone())
        .and_then(|t| archive.find(&t))
        .or_else(|| archive.find("xl/workbook.xml"))
        .ok_or_else(|| AudienceError::Workbook {
            file: file.to_string(),
            message: crate::Bilingual::new(
                "it has no workbook part; is it really an .xlsx file?",
                "里面没有工作簿内容，它真的是 .xlsx 文件吗？",
            ),
        })?;
    let base = dir_of(&workbook).to_string();
    let file_name = workbook.rsplit('/').next().unwrap_or("workbook.xml").to_string();
    let rels = relationships(archive, &format!("{base}_rels/{file_name}.rels"), &base)?;

    let mut first_sheet_rel = None;
    let mut date1904 = false;
    {
        let mut part = archive.part(&workbook)?;
        loop {
            match part.next() {
                Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                    b"workbookPr" => {
                        date1904 = attr(&e, b"date1904").is_some_and(|v| v == "1" || v == "true");
                    }
                    b"sheet" if first_sheet_rel.is_none() => {
                        first_sheet_rel = Some(attr(&e, b"id").unwrap_or_default());
                    }
                    _ => {}
                },
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Err(part.error(e)),
            }
        }
    }
    let Some(sheet_rel) = first_sheet_rel else {
        return Err(AudienceError::NoWorksheet { file: file.to_string() });
    };
    let by_kind = |kind: &str| rels.values().find(|(k, _)| k == kind).map(|(_, t)| t.clone());
    let sheet = rels
        .get(&sheet_rel)
        .map(|(_, target)| target.clone())
        .and_then(|t| archive.find(&t))
        .or_else(|| archive.find(&format!("{base}worksheets/sheet1.xml")))
        .ok_or_else(|| AudienceError::NoWorksheet { file: file.to_string() })?;
    let shared_strings = by_kind("sharedStrings")
        .and_then(|t| archive.find(&t))
        .or_else(|| archive.find(&format!("{base}sharedStrings.xml")));
    let styles = by_kind("styles")
        .and_then(|t| archive.find(&t))
        .or_else(|| archive.find(&format!("{base}styles.xml")));
    Ok(Layout { sheet, shared_strings, styles, date1904 })
}

/// How each cell style (`s="N"` on a cell) shows numbers.
pub(crate) fn number_shapes(archive: &mut Archive, styles: &str) -> Result<Vec<NumberShape>, AudienceError> {
    let mut custom: HashMap<u32, NumberShape> = HashMap::new();
    let mut shapes = Vec::new();
    let mut in_cell_xfs = false;
    let mut part = archive.part(styles)?;
    loop {
        match part.next() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                b"numFmt" if custom.len() < MAX_STYLES => {
                    let id = attr(&e, b"numFmtId").and_then(|v| v.parse().ok());
                    if let (Some(id), Some(code)) = (id, attr(&e, b"formatCode")) {
                        custom.insert(id, custom_shape(&code));
                    }
                }
                b"xf" if in_cell_xfs && shapes.len() < MAX_STYLES => {
                    let id: u32 = attr(&e, b"numFmtId").and_then(|v| v.parse().ok()).unwrap_or(0);
                    shapes.push(custom.get(&id).copied().unwrap_or_else(|| builtin_shape(id)));
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(part.error(e)),
        }
    }
    Ok(shapes)
}

/// Excel's built-in number formats that show dates and times, including the East Asian ones
/// (27–36, 50–58: `yyyy"年"m"月"d"日"` and the like) that Chinese Excel uses.
fn builtin_shape(id: u32) -> NumberShape {
    match id {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => NumberShape::Date,
        46 => NumberShape::Duration,
        _ => NumberShape::Plain,
    }
}

/// Whether a custom format code shows a date or time: a `d`, `m`, `y`, `h` or `s` outside
/// quotes, escapes and brackets, in its first section (`[h]` is elapsed time).
fn custom_shape(code: &str) -> NumberShape {
    let mut escaped = false;
    let mut quoted = false;
    let mut bracket = String::new();
    let mut in_bracket = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        if quoted {
            quoted = c != '"';
            continue;
        }
        if in_bracket {
            if c == ']' {
                in_bracket = false;
                let b = bracket.to_ascii_lowercase();
                if !b.is_empty() && b.chars().all(|c| matches!(c, 'h' | 'm' | 's')) {
                    return NumberShape::Duration;
                }
                bracket.clear();
            } else if bracket.len() < 32 {
                bracket.push(c);
            }
            continue;
        }
        match c {
            '\\' | '_' | '*' => escaped = true,
            '"' => quoted = true,
            '[' => in_bracket = true,
            ';' => return NumberShape::Plain,
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' => return NumberShape::Date,
            _ => {}
        }
    }
    NumberShape::Plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_like_opc() {
        assert_eq!(resolve("xl/", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/", "/xl/worksheets/sheet2.xml"), "xl/worksheets/sheet2.xml");
        assert_eq!(resolve("xl/worksheets/", "../sharedStrings.xml"), "xl/sharedStrings.xml");
    }

    #[test]
    fn date_formats_are_recognised() {
        assert_eq!(custom_shape("yyyy-mm-dd hh:mm"), NumberShape::Date);
        assert_eq!(custom_shape("yyyy\"年\"m\"月\"d\"日\""), NumberShape::Date);
        assert_eq!(custom_shape("[h]:mm:ss"), NumberShape::Duration);
        assert_eq!(custom_shape("#,##0.00"), NumberShape::Plain);
        assert_eq!(custom_shape("0.00E+00"), NumberShape::Plain);
        assert_eq!(custom_shape("\"$\"#,##0_);[Red](\"$\"#,##0)"), NumberShape::Plain);
        assert_eq!(custom_shape("[$-804]yyyy/m/d"), NumberShape::Date);
        assert_eq!(builtin_shape(14), NumberShape::Date);
        assert_eq!(builtin_shape(31), NumberShape::Date);
        assert_eq!(builtin_shape(0), NumberShape::Plain);
    }
}
