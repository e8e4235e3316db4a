//! Times as people read them: the computer's local time zone, in a format Excel parses.

use chrono::{Local, LocalResult, NaiveDate, TimeZone};

/// `YYYY-MM-DD HH:MM:SS` in local time, the format Excel and LibreOffice read as a date-time.
pub fn local_time_text(unix_ms: i64) -> String {
    match Local.timestamp_millis_opt(unix_ms) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        // Outside chrono's range: show the raw value rather than fail an export.
        LocalResult::None => unix_ms.to_string(),
    }
}

/// The local wall-clock time as milliseconds since 1970-01-01 00:00 (no zone): what a
/// spreadsheet date-time cell holds.
pub fn local_wall_ms(unix_ms: i64) -> i64 {
    match Local.timestamp_millis_opt(unix_ms) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => {
            unix_ms + i64::from(t.offset().local_minus_utc()) * 1000
        }
        LocalResult::None => unix_ms,
    }
}

/// Local midnight of `day`, as unix ms (the earliest instant of the day where a DST change
/// skips midnight).
pub fn midnight_ms(day: NaiveDate) -> i64 {
    let start = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match Local.from_local_datetime(&start) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.timestamp_millis(),
        LocalResult::None => Local.from_utc_datetime(&start).timestamp_millis(),
    }
}

/// Local midnight of the day `unix_ms` falls on.
pub fn local_midnight(unix_ms: i64) -> i64 {
    match Local.timestamp_millis_opt(unix_ms) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => midnight_ms(t.date_naive()),
        LocalResult::None => unix_ms,
    }
}
