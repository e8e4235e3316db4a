//! Format checks for `time` and `date` keyword values.
//!
//! Only the shapes WeChat documents are accepted, and every date must exist on the calendar:
//! WeChat answers 47003 for `2019-02-30` or `24:00`, and it is better to say so before sending.

use std::sync::LazyLock;

use regex::Regex;

/// How much of a calendar date a value gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateShape {
    /// Year, month and day.
    Full,
    /// Year and month (`2019年10月`, `2019-10`).
    YearMonth,
    /// Month and day (`10月1日`, `10-01`).
    MonthDay,
}

// `[0-9]` rather than `\d`: the regex crate's `\d` matches every Unicode digit (full-width ０,
// Arabic-Indic …), which WeChat's format check does not.
// Two-digit hours: WeChat's doc says "时间格式支持HH:MM:SS或者HH:MM", so `9:05` may be refused.
static TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?$").expect("time regex is valid"));
static YMD_CN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日$").expect("date regex is valid"));
static YM_CN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4})年([0-9]{1,2})月$").expect("date regex is valid"));
static MD_CN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,2})月([0-9]{1,2})日$").expect("date regex is valid"));
// The regex crate has no back-references, so "same separator twice" is checked in code.
static YMD_SEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4})([-/.])([0-9]{1,2})([-/.])([0-9]{1,2})$").expect("date regex is valid")
});
static YM_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4})[-/.]([0-9]{1,2})$").expect("date regex is valid"));
static MD_SEP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,2})[-/.]([0-9]{1,2})$").expect("date regex is valid"));

/// Whether `value` is a valid `time` keyword value: `15:01`, `15:01:30`, a full or month-day
/// date followed by one space and a time, or two of those joined by `~`.
pub(crate) fn is_valid_time(value: &str) -> bool {
    each_side(value, |side| match side.split_once(' ') {
        None => is_time(side),
        Some((date, time)) => {
            matches!(date_shape(date), Some(DateShape::Full | DateShape::MonthDay)) && is_time(time)
        }
    })
}

/// Whether `value` is a valid `date` keyword value: any documented date shape, optionally
/// followed by one space and a time (only after a date that has a day), or two joined by `~`.
pub(crate) fn is_valid_date(value: &str) -> bool {
    each_side(value, |side| match side.split_once(' ') {
        None => date_shape(side).is_some(),
        Some((date, time)) => {
            matches!(date_shape(date), Some(DateShape::Full | DateShape::MonthDay)) && is_time(time)
        }
    })
}

/// Applies `check` to a single value or to both sides of a `~` range.
///
/// One optional space on each side of `~` is accepted (`10:00 ~ 11:00`), since both spellings
/// appear in WeChat's own examples; anything more is a format error, not something to trim.
fn each_side(value: &str, check: impl Fn(&str) -> bool) -> bool {
    match value.split_once('~') {
        None => check(value),
        Some((start, end)) => {
            let start = start.strip_suffix(' ').unwrap_or(start);
            let end = end.strip_prefix(' ').unwrap_or(end);
            check(start) && check(end)
        }
    }
}

/// A 24-hour time: hour 00–23, minutes and optional seconds 00–59, two digits each.
fn is_time(text: &str) -> bool {
    let Some(caps) = TIME.captures(text) else {
        return false;
    };
    let hour = number(caps.get(1));
    let minute = number(caps.get(2));
    let second = caps.get(3).map_or(Some(0), |m| m.as_str().parse().ok());
    matches!((hour, minute, second), (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s < 60)
}

/// The shape of a date that exists on the calendar, or `None`.
fn date_shape(text: &str) -> Option<DateShape> {
    if let Some(c) = YMD_CN.captures(text) {
        return is_real_date(number(c.get(1)), number(c.get(2)), number(c.get(3))).then_some(DateShape::Full);
    }
    if let Some(c) = YMD_SEP.captures(text) {
        let same_separator = c.get(2).map(|m| m.as_str()) == c.get(4).map(|m| m.as_str());
        return (same_separator && is_real_date(number(c.get(1)), number(c.get(3)), number(c.get(5))))
            .then_some(DateShape::Full);
    }
    if let Some(c) = YM_CN.captures(text).or_else(|| YM_SEP.captures(text)) {
        let year_ok = number(c.get(1)).is_some_and(is_year);
        let month_ok = number(c.get(2)).is_some_and(|m| (1..=12).contains(&m));
        return (year_ok && month_ok).then_some(DateShape::YearMonth);
    }
    if let Some(c) = MD_CN.captures(text).or_else(|| MD_SEP.captures(text)) {
        // Without a year, 29 February may well be real.
        return is_real_date(Some(2000), number(c.get(1)), number(c.get(2))).then_some(DateShape::MonthDay);
    }
    None
}

/// Four digits, not starting with 0: year 0 and years like `0999` are typos, not dates.
fn is_year(year: u32) -> bool {
    (1000..=9999).contains(&year)
}

fn is_real_date(year: Option<u32>, month: Option<u32>, day: Option<u32>) -> bool {
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return false;
    };
    is_year(year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A captured group of at most four ASCII digits as a number (the regexes bound the length, so
/// parsing cannot overflow).
fn number(m: Option<regex::Match<'_>>) -> Option<u32> {
    m.and_then(|m| m.as_str().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        let valid = [
            "15:01",
            "15:01:30",
            "00:00",
            "09:05",
            "23:59:59",
            "2019年10月1日 15:01",
            "2019-10-01 15:01",
            "2019/10/01 15:01",
            "2019.10.01 15:01:30",
            "2019-1-5 09:00",
            "10月1日 15:01",
            "10-01 15:01",
            "2020-02-29 12:00",
            "15:01~16:00",
            "15:01 ~ 16:00",
            "2019-10-01 15:01~2019-10-01 17:01",
            "2019年10月1日 15:01~2019年10月2日 15:01",
            "2019-10-01 15:00~17:00",
        ];
        for v in valid {
            assert!(is_valid_time(v), "should accept {v:?}");
        }
        let invalid = [
            "24:00",
            "0:00",
            "9:05",
            "2019-1-5 9:00",
            "2019-10-01 9:05",
            "23:60",
            "12:00:60",
            "123:00",
            "12:5",
            "12:00:5",
            "１５:０１",
            "15：01",
            "2019-10-01",
            "2019年10月 15:01",
            "2019-10 15:01",
            "2019-02-30 10:00",
            "2019-10-01  15:01",
            "2019-10-0115:01",
            "2019-10/01 15:01",
            " 15:01",
            "15:01 ",
            "15:01~",
            "~15:01",
            "15:01~24:00",
            "15:01~16:00~17:00",
            "15:01  ~ 16:00",
            "15:01 - 16:00",
            "3pm",
            "",
        ];
        for v in invalid {
            assert!(!is_valid_time(v), "should reject {v:?}");
        }
    }

    #[test]
    fn dates() {
        let valid = [
            "2019年10月1日",
            "2019年10月",
            "10月1日",
            "2019-10-01",
            "2019/10/01",
            "2019.10.01",
            "2019-10",
            "2019/10",
            "10-01",
            "10/01",
            "2019-1-1",
            "2020-02-29",
            "2000-02-29",
            "02-29",
            "2019-12-31 23:59",
            "2019年10月1日 15:01",
            "10月1日 08:30:00",
            "2019年10月1日~2019年10月7日",
            "2019-10-01 ~ 2019-10-07",
            "2019-10~2019-12",
            "2019-10-01 09:00~2019-10-01 18:00",
        ];
        for v in valid {
            assert!(is_valid_date(v), "should accept {v:?}");
        }
        let invalid = [
            "2019-02-29",
            "1900-02-29",
            "2019-02-30",
            "2019-04-31",
            "2019-13-01",
            "2019-00-10",
            "2019-10-00",
            "2019-10-32",
            "0000-01-01",
            "0999-01-01",
            "19-10-01",
            "2019-10/01",
            "2019年13月",
            "13月1日",
            "2019年10月1号",
            "2019-10-01 24:00",
            "2019-10 12:00",
            "15:01",
            "2019-10-01~2019-02-30",
            "2019-10-01~",
            "2019-10-01T15:01",
            "２０１９-10-01",
            " 2019-10-01",
            "2019-10-01 ",
            "",
        ];
        for v in invalid {
            assert!(!is_valid_date(v), "should reject {v:?}");
        }
    }
}
