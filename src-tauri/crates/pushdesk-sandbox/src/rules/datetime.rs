//! `time` and `date` values, from WeChat's wording:
//!
//! - time: "24小时制时间格式（支持+年月日），支持填时间段，两个时间点之间用“~”符号连接", and
//!   "时间格式支持HH:MM:SS或者HH:MM" — a 24-hour clock with two-digit fields, optionally after
//!   a date, and a range joins two points with `~`;
//! - date: "年月日格式（支持+24小时制时间）", and "日期包含年月日，为y年m月d日，y年m月、m月d日格式，
//!   或者用‘-’、‘/’、‘.’符号连接，如2018-01-01，2018/01/01，2018.01.01，2018-01，01-01".
//!
//! Dates must exist on the calendar. A clock only follows a date that names a day.
//! Hand-written rather than regular expressions, so nothing is shared with the core's checks.

/// How much of a calendar date is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    YearMonthDay,
    YearMonth,
    MonthDay,
}

/// A `time` value: a clock, or a day and a clock; or a range of two.
pub fn is_time_value(value: &str) -> bool {
    range(value, |point| match point.split_once(' ') {
        None => is_clock(point),
        Some((day, clock)) => names_a_day(day) && is_clock(clock),
    })
}

/// A `date` value: any date shape, or a day and a clock; or a range of two.
pub fn is_date_value(value: &str) -> bool {
    range(value, |point| match point.split_once(' ') {
        None => date_shape(point).is_some(),
        Some((day, clock)) => names_a_day(day) && is_clock(clock),
    })
}

/// One point, or two joined by `~` (one space allowed on each side of it, as WeChat's own
/// examples are written both ways).
fn range(value: &str, point: impl Fn(&str) -> bool) -> bool {
    match value.split_once('~') {
        None => point(value),
        Some((from, to)) => {
            let from = from.strip_suffix(' ').unwrap_or(from);
            let to = to.strip_prefix(' ').unwrap_or(to);
            point(from) && point(to)
        }
    }
}

/// `HH:MM` or `HH:MM:SS`, two digits each, 00:00 to 23:59:59.
fn is_clock(text: &str) -> bool {
    let fields: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&fields.len()) || !fields.iter().all(|f| f.len() == 2) {
        return false;
    }
    let limits = [24, 60, 60];
    fields.iter().zip(limits).all(|(f, limit)| digits(f, 2, 2).is_some_and(|n| n < limit))
}

fn names_a_day(text: &str) -> bool {
    matches!(date_shape(text), Some(Shape::YearMonthDay | Shape::MonthDay))
}

fn date_shape(text: &str) -> Option<Shape> {
    if text.contains(['年', '月', '日']) {
        chinese_date(text)
    } else {
        separated_date(text)
    }
}

/// `2019年10月1日`, `2019年10月`, `10月1日`.
fn chinese_date(text: &str) -> Option<Shape> {
    let (year, rest) = match text.split_once('年') {
        Some((y, rest)) => (Some(digits(y, 4, 4)?), rest),
        None => (None, text),
    };
    let (month, rest) = rest.split_once('月')?;
    let month = digits(month, 1, 2)?;
    match (year, rest) {
        (Some(y), "") => (y > 0 && valid_month(month)).then_some(Shape::YearMonth),
        (_, day) => {
            let day = digits(day.strip_suffix('日')?, 1, 2)?;
            let shape = if year.is_some() { Shape::YearMonthDay } else { Shape::MonthDay };
            exists(year, month, day).then_some(shape)
        }
    }
}

/// `2019-10-01`, `2019/10/01`, `2019.10.01`, `2019-10`, `10-01`: one separator, used
/// throughout.
fn separated_date(text: &str) -> Option<Shape> {
    let separator = text.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(separator, '-' | '/' | '.') {
        return None;
    }
    let parts: Vec<&str> = text.split(separator).collect();
    match parts.as_slice() {
        [y, m, d] => {
            let (y, m, d) = (digits(y, 4, 4)?, digits(m, 1, 2)?, digits(d, 1, 2)?);
            exists(Some(y), m, d).then_some(Shape::YearMonthDay)
        }
        [y, m] if y.len() == 4 => {
            let (y, m) = (digits(y, 4, 4)?, digits(m, 1, 2)?);
            (y > 0 && valid_month(m)).then_some(Shape::YearMonth)
        }
        [m, d] => {
            let (m, d) = (digits(m, 1, 2)?, digits(d, 1, 2)?);
            exists(None, m, d).then_some(Shape::MonthDay)
        }
        _ => None,
    }
}

/// `text` as a number if it is `min..=max` ASCII digits.
fn digits(text: &str, min: usize, max: usize) -> Option<u32> {
    let ok = (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| text.parse().ok()).flatten()
}

fn valid_month(month: u32) -> bool {
    (1..=12).contains(&month)
}

/// Whether the day exists; without a year, 29 February does (some year has it).
fn exists(year: Option<u32>, month: u32, day: u32) -> bool {
    if year == Some(0) || !valid_month(month) || day == 0 {
        return false;
    }
    let leap = year.is_none_or(|y| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_have_two_digit_fields() {
        for ok in ["15:01", "15:01:30", "00:00", "23:59:59", "09:05"] {
            assert!(is_time_value(ok), "{ok}");
        }
        for bad in ["9:05", "24:00", "12:60", "12:00:60", "12:5", "123:00", "15：01", "１５:０１", ""] {
            assert!(!is_time_value(bad), "{bad}");
        }
    }

    #[test]
    fn times_with_days_and_ranges() {
        for ok in [
            "2019年10月1日 15:01",
            "2019-10-01 15:01",
            "10月1日 15:01",
            "10-01 15:01:30",
            "15:01~16:00",
            "15:01 ~ 16:00",
            "2019年10月1日 15:01~2019年10月2日 15:01",
            "2019-10-01 15:00~17:00",
        ] {
            assert!(is_time_value(ok), "{ok}");
        }
        for bad in
            ["2019-10-01", "2019年10月 15:01", "2019-10 15:01", "15:01~", "15:01~16:00~17:00", " 15:01"]
        {
            assert!(!is_time_value(bad), "{bad}");
        }
    }

    #[test]
    fn dates_exist() {
        for ok in [
            "2019年10月1日",
            "2015年01月05日",
            "2019年10月",
            "10月1日",
            "2020-02-29",
            "02-29",
            "2019/10",
            "2019.10.01",
        ] {
            assert!(is_date_value(ok), "{ok}");
        }
        for bad in [
            "2019-02-29",
            "2019-04-31",
            "2019-13-01",
            "2019-10/01",
            "19-10-01",
            "2019年10月1号",
            "0000-01-01",
        ] {
            assert!(!is_date_value(bad), "{bad}");
        }
    }
}
