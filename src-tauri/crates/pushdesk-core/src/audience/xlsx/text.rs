//! Text inside workbook XML: text runs, entity and character references, and OOXML's own
//! `_xHHHH_` escapes (how Excel writes a carriage return or a control character in a string).

use std::borrow::Cow;

use quick_xml::events::Event;

/// Appends the text an event carries to `out`. `Ok(false)` for events that carry none;
/// `Err(())` when `out` would pass `max_bytes` (nothing is appended then).
pub(crate) fn push_text(out: &mut String, event: &Event<'_>, max_bytes: usize) -> Result<bool, ()> {
    let piece: Cow<'_, str> = match event {
        Event::Text(t) => match t.xml_content() {
            Ok(text) => text,
            Err(_) => Cow::Borrowed("\u{FFFD}"),
        },
        Event::CData(c) => match c.decode() {
            Ok(text) => text,
            Err(_) => Cow::Borrowed("\u{FFFD}"),
        },
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => Cow::Owned(c.to_string()),
            _ => Cow::Borrowed(match &**r {
                b"amp" => "&",
                b"lt" => "<",
                b"gt" => ">",
                b"quot" => "\"",
                b"apos" => "'",
                _ => "\u{FFFD}",
            }),
        },
        _ => return Ok(false),
    };
    if out.len().saturating_add(piece.len()) > max_bytes {
        return Err(());
    }
    out.push_str(&piece);
    Ok(true)
}

/// Undoes OOXML's `_xHHHH_` escapes (`_x000D_` is a carriage return; `_x005F_` a literal `_`),
/// joining escaped surrogate pairs. Anything that is not a valid escape stays as it is.
pub(crate) fn unescape_ooxml(text: &str) -> Cow<'_, str> {
    if !text.contains("_x") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut pending_high: Option<u16> = None;
    while let Some(at) = rest.find("_x") {
        let (before, from) = rest.split_at(at);
        if !before.is_empty() {
            flush_high(&mut out, &mut pending_high);
            out.push_str(before);
        }
        let unit = from
            .get(2..6)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .filter(|_| from.as_bytes().get(6) == Some(&b'_'))
            .and_then(|hex| u16::from_str_radix(hex, 16).ok());
        match unit {
            Some(unit) => {
                match (pending_high.take(), unit) {
                    (Some(high), 0xDC00..=0xDFFF) => {
                        let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                        out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    }
                    (high, 0xD800..=0xDBFF) => {
                        if let Some(h) = high {
                            push_unit_literal(&mut out, h);
                        }
                        pending_high = Some(unit);
                    }
                    (high, _) => {
                        if let Some(h) = high {
                            push_unit_literal(&mut out, h);
                        }
                        match char::from_u32(u32::from(unit)) {
                            Some(c) => out.push(c),
                            None => push_unit_literal(&mut out, unit),
                        }
                    }
                }
                rest = &from[7..];
            }
            None => {
                flush_high(&mut out, &mut pending_high);
                out.push_str("_x");
                rest = &from[2..];
            }
        }
    }
    flush_high(&mut out, &mut pending_high);
    out.push_str(rest);
    Cow::Owned(out)
}

fn flush_high(out: &mut String, pending: &mut Option<u16>) {
    if let Some(h) = pending.take() {
        push_unit_literal(out, h);
    }
}

fn push_unit_literal(out: &mut String, unit: u16) {
    out.push_str(&format!("_x{unit:04X}_"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ooxml_escapes() {
        assert_eq!(unescape_ooxml("a_x000D_b"), "a\rb");
        assert_eq!(unescape_ooxml("a_x005F_x000D_"), "a_x000D_");
        assert_eq!(unescape_ooxml("_xD83D__xDE00_"), "😀");
        assert_eq!(unescape_ooxml("plain_x12"), "plain_x12");
        assert_eq!(unescape_ooxml("no escapes"), "no escapes");
    }
}
