//! A workbook cell's value as text, the way a person sees it in Excel.

use calamine::{ExcelDateTime, ExcelDateTimeType};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// How a number cell's style shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberShape {
    /// General or a number format: digits.
    Plain,
    /// A date or time format.
    Date,
    /// An elapsed-time format (`[h]:mm`): shown as the number of days, as before.
    Duration,
}

/// A number cell as text: dates as `YYYY-MM-DD` (with `HH:MM` when they have a time of day),
/// times as `HH:MM`, other numbers as Excel shows them with general formatting.
pub(crate) fn number_cell_text(value: f64, shape: NumberShape, date1904: bool) -> String {
    match shape {
        NumberShape::Plain | NumberShape::Duration => number_text(value),
        NumberShape::Date => {
            excel_datetime_text(&ExcelDateTime::new(value, ExcelDateTimeType::DateTime, date1904))
        }
    }
}

/// Excel keeps 15 significant digits; beyond that a float's digits are noise (`0.1 + 0.2`).
/// Numbers of 16 digits and more are shown as Excel's formula bar shows them, `1.23E+25`: their
/// last digits are gone already, and showing them as digits would hide that.
pub(crate) fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    if f.abs() >= 1e15 {
        let text = format!("{f:.14E}");
        let (mantissa, exponent) = text.split_once('E').unwrap_or((&text, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        let exponent: i32 = exponent.parse().unwrap_or(0);
        return format!("{mantissa}E{}{:02}", if exponent < 0 { '-' } else { '+' }, exponent.abs());
    }
    let magnitude = if f == 0.0 { 0 } else { f.abs().log10().floor() as i32 };
    let decimals = (14 - magnitude).clamp(0, 20) as usize;
    let text = format!("{f:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn excel_datetime_text(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        return number_text(dt.as_f64());
    }
    let Some(value) = dt.as_datetime() else {
        return number_text(dt.as_f64());
    };
    // Excel stores times as fractions of a day, so 10:00 may come back as 09:59:59.999.
    let rounded = round_to_second(value);
    if dt.as_f64().abs() < 1.0 {
        return time_text(rounded.time());
    }
    datetime_text(rounded)
}

fn round_to_second(value: NaiveDateTime) -> NaiveDateTime {
    let whole = value.with_nanosecond(0).unwrap_or(value);
    if value.nanosecond() >= 500_000_000 {
        whole + chrono::Duration::seconds(1)
    } else {
        whole
    }
}

fn time_text(t: NaiveTime) -> String {
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

/// A date at midnight is a plain date (`2026-11-24`: what the cell shows, and what a `date`
/// keyword wants); anything else gets its time of day.
fn datetime_text(dt: NaiveDateTime) -> String {
    if dt.time() == NaiveTime::MIN {
        dt.format("%Y-%m-%d").to_string()
    } else {
        format!("{} {}", dt.format("%Y-%m-%d"), time_text(dt.time()))
    }
}

pub(crate) fn iso_datetime_text(s: &str) -> String {
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return datetime_text(round_to_second(dt));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.format("%Y-%m-%d").to_string();
    }
    if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M:%S%.f") {
        return time_text(t);
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_see_them() {
        assert_eq!(number_text(13800138000.0), "13800138000");
        assert_eq!(number_text(-5.0), "-5");
        assert_eq!(number_text(12.5), "12.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(0.0), "0");
        assert_eq!(number_text(1.23e25), "1.23E+25");
        assert_eq!(number_text(-1234567890123456789.0), "-1.23456789012346E+18");
    }

    #[test]
    fn dates_and_times() {
        let at = |v: f64| number_cell_text(v, NumberShape::Date, false);
        assert_eq!(at(46350.0), "2026-11-24");
        assert_eq!(at(46350.0 + 10.0 / 24.0 - 1e-9), "2026-11-24 10:00");
        assert_eq!(at(0.5), "12:00");
        assert_eq!(number_cell_text(44888.0, NumberShape::Date, true), "2026-11-24");
        assert_eq!(iso_datetime_text("2026-11-24T10:30:00"), "2026-11-24 10:30");
    }
}
