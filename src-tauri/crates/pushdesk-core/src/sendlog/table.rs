//! The log as aligned plain text, for `pushdesk log --format table`.

use super::entry::LogEntry;
use super::time::local_time_text;

const HEADERS: [&str; 10] =
    ["ID", "TIME", "ACCOUNT", "CAMPAIGN", "OPENID", "STATUS", "DELIVERY", "ERRCODE", "TRY", "MSGID / ERRMSG"];

/// The entries as a table with one header line, columns aligned for a terminal (CJK
/// characters count two columns). The last column is left unpadded so long errmsgs do not
/// widen every line. Empty input gives just the header.
pub fn format_table(entries: &[LogEntry]) -> String {
    let rows: Vec<[String; 10]> = entries.iter().map(cells).collect();
    aligned_table(HEADERS, &rows)
}

/// `rows` under `headers`, columns aligned as [`format_table`] aligns them.
pub fn aligned_table<const N: usize>(headers: [&str; N], rows: &[[String; N]]) -> String {
    let mut widths = headers.map(display_width);
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    let mut out = String::new();
    push_line(&mut out, &headers.map(str::to_owned), &widths);
    for row in rows {
        push_line(&mut out, row, &widths);
    }
    out
}

fn cells(e: &LogEntry) -> [String; 10] {
    let last = match (&e.msgid, &e.errmsg) {
        (Some(msgid), _) => msgid.clone(),
        (None, Some(errmsg)) => errmsg.clone(),
        (None, None) => String::new(),
    };
    [
        e.id.to_string(),
        local_time_text(e.started_at),
        e.account_name.clone().unwrap_or_else(|| format!("#{}", e.account_id)),
        e.campaign_name.clone(),
        e.openid.clone(),
        e.status.as_str().to_owned(),
        match e.delivery {
            Some(d) => {
                serde_json::to_value(d).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
            }
            None => String::new(),
        },
        e.errcode.map(|c| c.to_string()).unwrap_or_default(),
        e.attempt_no.to_string(),
        // One line per entry: newlines in an errmsg would break the table.
        last.replace(['\r', '\n', '\t'], " "),
    ]
}

fn push_line<const N: usize>(out: &mut String, cells: &[String; N], widths: &[usize; N]) {
    let last = cells.len() - 1;
    for (i, cell) in cells.iter().enumerate() {
        let cell = cell.replace(['\r', '\n', '\t'], " ");
        out.push_str(&cell);
        if i < last {
            let pad = widths[i] - display_width(&cell) + 2;
            out.extend(std::iter::repeat_n(' ', pad));
        }
    }
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    out.push('\n');
}

/// Terminal columns a string takes: East Asian wide and full-width characters (and emoji)
/// take two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two() {
        assert_eq!(display_width("ab"), 2);
        assert_eq!(display_width("拿铁"), 4);
        assert_eq!(display_width("ok🎉"), 4);
    }

    #[test]
    fn empty_log_is_just_the_header() {
        let t = format_table(&[]);
        assert_eq!(t.lines().count(), 1);
        assert!(t.starts_with("ID  TIME"));
    }
}
