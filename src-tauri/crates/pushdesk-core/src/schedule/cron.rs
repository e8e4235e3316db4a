//! Classic five-field cron expressions (minute hour day-of-month month day-of-week), read once
//! into bit sets, and the search for the next wall-clock time they match.
//!
//! The search walks days, and only on a matching day the matching hours and minutes, so a rule
//! that fires once a year costs a few hundred cheap day checks, not half a million minutes.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

use super::error::ScheduleError;
use super::zone::{resolve_wall, wall_clock, Tz};

/// How far `next_after` looks. 28 years is the whole cycle of weekdays over leap days, so a
/// rule like "29 February on a Monday" is still found; a rule with nothing in that span never
/// runs at all.
const SEARCH_DAYS: u64 = 29 * 366;

/// A parsed cron expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronSchedule {
    /// The expression as given, with single spaces between fields.
    expr: String,
    /// Bit n set: minute n (0-59).
    minutes: u64,
    /// Bit n set: hour n (0-23).
    hours: u32,
    /// Bit n set: day n of the month (1-31).
    days_of_month: u32,
    /// Bit n set: month n (1-12).
    months: u16,
    /// Bit n set: weekday n, Sunday 0 to Saturday 6.
    days_of_week: u8,
    /// Vixie cron: when either day field starts with `*`, a day must match both; when neither
    /// does, matching either is enough ("1,15 * MON" is the 1st, the 15th and every Monday).
    either_day: bool,
}

/// One of the five fields: its bounds and names, and how errors call it.
struct Field {
    en: &'static str,
    zh: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    /// The first name's number (JAN is 1, SUN is 0).
    first_named: u32,
}

const MINUTE: Field = Field { en: "minute", zh: "分钟", min: 0, max: 59, names: &[], first_named: 0 };
const HOUR: Field = Field { en: "hour", zh: "小时", min: 0, max: 23, names: &[], first_named: 0 };
const DAY_OF_MONTH: Field =
    Field { en: "day-of-month", zh: "日期", min: 1, max: 31, names: &[], first_named: 0 };
const MONTH: Field = Field {
    en: "month",
    zh: "月份",
    min: 1,
    max: 12,
    names: &["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    first_named: 1,
};
// 7 is Sunday too, folded into 0 after reading, so ranges like 5-7 work.
const DAY_OF_WEEK: Field = Field {
    en: "day-of-week",
    zh: "星期",
    min: 0,
    max: 7,
    names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    first_named: 0,
};

/// A reason an expression is refused, in both languages.
type Why = (String, String);

impl CronSchedule {
    /// Reads "0 10 * * 1": `*`, lists `1,15`, ranges `1-5`, steps `*/15` and `10-50/20`,
    /// month names JAN-DEC and weekday names SUN-SAT in any case, weekday 7 as Sunday.
    ///
    /// An expression that is well formed but matches no date ("0 0 30 2 *") is accepted here;
    /// `can_run` tells.
    pub fn parse(expr: &str) -> Result<Self, ScheduleError> {
        let fields: Vec<&str> = expr.split_whitespace().collect();
        let expr_clean = fields.join(" ");
        let fail = |(why, why_zh): Why| ScheduleError::BadCron { expr: expr_clean.clone(), why, why_zh };
        let [minute, hour, dom, month, dow] = fields[..] else {
            return Err(fail(field_count_problem(fields.len())));
        };
        let day_of_week = read_field(dow, &DAY_OF_WEEK).map_err(fail)?;
        Ok(CronSchedule {
            minutes: read_field(minute, &MINUTE).map_err(fail)?,
            hours: read_field(hour, &HOUR).map_err(fail)? as u32,
            days_of_month: read_field(dom, &DAY_OF_MONTH).map_err(fail)? as u32,
            months: read_field(month, &MONTH).map_err(fail)? as u16,
            // Bit 7 (Sunday written as 7) joins bit 0.
            days_of_week: ((day_of_week | day_of_week >> 7) & 0x7f) as u8,
            either_day: !dom.starts_with('*') && !dow.starts_with('*'),
            expr: expr_clean,
        })
    }

    /// The expression, with single spaces between its fields.
    pub fn expr(&self) -> &str {
        &self.expr
    }

    /// The rule "at `hour`:`minute` on these weekdays" (bit n: weekday n, Sunday 0), which is
    /// how daily and weekly repeats are searched.
    pub(super) fn at_time(hour: u8, minute: u8, days_of_week: u8) -> Self {
        CronSchedule {
            expr: format!("{minute} {hour} * * *"),
            minutes: 1u64.checked_shl(u32::from(minute)).unwrap_or(0) & ((1 << 60) - 1),
            hours: 1u32.checked_shl(u32::from(hour)).unwrap_or(0) & ((1 << 24) - 1),
            days_of_month: u32::MAX,
            months: u16::MAX,
            days_of_week,
            either_day: false,
        }
    }

    /// Whether any date matches at all: a day of the month that some matching month has, or
    /// (when days match on either field) a weekday. Checked over one 28-year weekday cycle.
    pub fn can_run(&self) -> bool {
        if self.minutes == 0 || self.hours == 0 {
            return false;
        }
        let Some(start) = NaiveDate::from_ymd_opt(2001, 1, 1) else { return false };
        start.iter_days().take(28 * 366).any(|day| self.matches_day(day))
    }

    /// Whether the rule fires on some minute of `day`.
    fn matches_day(&self, day: NaiveDate) -> bool {
        if self.months & (1 << day.month()) == 0 {
            return false;
        }
        let by_date = self.days_of_month & (1 << day.day()) != 0;
        let by_weekday = self.days_of_week & (1 << day.weekday().num_days_from_sunday()) != 0;
        if self.either_day {
            by_date || by_weekday
        } else {
            by_date && by_weekday
        }
    }

    /// The first instant strictly after `after_ms` at which the rule fires, reading wall-clock
    /// time in `tz`. A matching time that the clocks skip fires once, when the skipped stretch
    /// ends; one that happens twice fires once, the first time. None when nothing matches in
    /// the next 28 years (so never).
    pub fn next_after(&self, after_ms: i64, tz: Tz) -> Option<i64> {
        let now = wall_clock(after_ms, tz)?;
        let mut day = now.date();
        let last = day.checked_add_days(Days::new(SEARCH_DAYS))?;
        while day <= last {
            if self.months & (1 << day.month()) == 0 {
                // Skip the month at once: a rule for one month a year checks 30 days, not 365.
                day = first_of_next_month(day)?;
                continue;
            }
            if self.matches_day(day) {
                for hour in bits(u64::from(self.hours)) {
                    for minute in bits(self.minutes) {
                        let wall = day.and_time(NaiveTime::from_hms_opt(hour, minute, 0)?);
                        // A wall time not after now's resolves to now or earlier: no need to look.
                        if wall <= now {
                            continue;
                        }
                        let at = resolve_wall(wall, tz)?;
                        if at > after_ms {
                            return Some(at);
                        }
                    }
                }
            }
            day = day.succ_opt()?;
        }
        None
    }
}

/// Why an expression with `count` fields is not a five-field one.
fn field_count_problem(count: usize) -> Why {
    if count == 6 {
        (
            "6 fields: seconds are not supported; use 5 fields: minute hour day-of-month month day-of-week"
                .into(),
            "有 6 个字段：不支持秒，请只写 5 个字段：分 时 日 月 周".into(),
        )
    } else {
        (
            format!("needs 5 fields (minute hour day-of-month month day-of-week), found {count}"),
            format!("需要 5 个字段（分 时 日 月 周），这里有 {count} 个"),
        )
    }
}

/// The set bits of `set`, lowest first.
fn bits(set: u64) -> impl Iterator<Item = u32> {
    (0..64).filter(move |n| set & (1 << n) != 0)
}

fn first_of_next_month(day: NaiveDate) -> Option<NaiveDate> {
    let (year, month) = if day.month() == 12 { (day.year() + 1, 1) } else { (day.year(), day.month() + 1) };
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// One field ("1-5", "*/15", "MON,THU") as a bit set over its values.
fn read_field(text: &str, field: &Field) -> Result<u64, Why> {
    let mut set = 0u64;
    for item in text.split(',') {
        if item.is_empty() {
            return Err((
                format!("{} field \"{text}\" has an empty item", field.en),
                format!("{}字段 “{text}” 中有空项", field.zh),
            ));
        }
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, Some(read_step(step, field)?)),
            None => (item, None),
        };
        let (low, high) = if range == "*" {
            (field.min, field.max)
        } else if let Some((low, high)) = range.split_once('-') {
            let (low, mut high) = (read_value(low, field)?, read_value(high, field)?);
            // "FRI-SUN": a Sunday that ends a weekday range is day 7, not day 0.
            if field.max == 7 && high == 0 && low > 0 {
                high = 7;
            }
            if low > high {
                return Err((
                    format!("{} range {range} runs backwards", field.en),
                    format!("{}范围 {range} 的开头大于结尾", field.zh),
                ));
            }
            (low, high)
        } else {
            let value = read_value(range, field)?;
            // "5/15" means from 5 to the end, every 15, as most crons read it.
            (value, if step.is_some() { field.max } else { value })
        };
        for value in (low..=high).step_by(step.unwrap_or(1)) {
            set |= 1 << value;
        }
    }
    Ok(set)
}

fn read_step(text: &str, field: &Field) -> Result<usize, Why> {
    match text.parse::<usize>() {
        Ok(step) if step >= 1 => Ok(step),
        _ => Err((
            format!("{} step \"{text}\" must be a whole number from 1 up", field.en),
            format!("{}的步长 “{text}” 必须是大于 0 的整数", field.zh),
        )),
    }
}

fn read_value(text: &str, field: &Field) -> Result<u32, Why> {
    let named = field
        .names
        .iter()
        .position(|name| name.eq_ignore_ascii_case(text))
        .map(|index| index as u32 + field.first_named);
    let Some(value) = named.or_else(|| text.parse::<u32>().ok()) else {
        let (or_name, or_name_zh) = if field.names.is_empty() { ("", "") } else { (" or name", "或名称") };
        return Err((
            format!("{} \"{text}\" is not a number{or_name}", field.en),
            format!("{} “{text}” 不是有效的数字{or_name_zh}", field.zh),
        ));
    };
    if value < field.min || value > field.max {
        return Err((
            format!("{} {value} is outside {}-{}", field.en, field.min, field.max),
            format!("{} {value} 超出范围 {}-{}", field.zh, field.min, field.max),
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::super::zone::tests::{ms, NEW_YORK, SHANGHAI};
    use super::super::zone::{format_local, parse_when};
    use super::*;

    fn cron(expr: &str) -> CronSchedule {
        CronSchedule::parse(expr).expect("test expression")
    }

    /// The next `count` runs after `from` (wall time in `tz`), as wall times in `tz`.
    fn runs(expr: &str, from: &str, tz: Tz, count: usize) -> Vec<String> {
        let schedule = cron(expr);
        let mut at = parse_when(from, tz).expect("test time");
        let mut out = Vec::new();
        for _ in 0..count {
            at = schedule.next_after(at, tz).expect("runs");
            out.push(format_local(at, tz));
        }
        out
    }

    #[test]
    fn reads_lists_ranges_steps_and_names() {
        let c = cron("*/15 9-17/4 1,15 jan-Mar,DEC mon-FRI");
        assert_eq!(c.minutes, 1 | 1 << 15 | 1 << 30 | 1 << 45);
        assert_eq!(c.hours, 1 << 9 | 1 << 13 | 1 << 17);
        assert_eq!(c.days_of_month, 1 << 1 | 1 << 15);
        assert_eq!(c.months, 1 << 1 | 1 << 2 | 1 << 3 | 1 << 12);
        assert_eq!(c.days_of_week, 0b011_1110);
        assert!(c.either_day);
        assert_eq!(cron("10-50/20 * * * *").minutes, 1 << 10 | 1 << 30 | 1 << 50);
        assert_eq!(cron("5/20 * * * *").minutes, 1 << 5 | 1 << 25 | 1 << 45);
        // Sunday is 0 and 7; a range up to 7 wraps onto bit 0.
        assert_eq!(cron("0 0 * * 7").days_of_week, 1);
        assert_eq!(cron("0 0 * * 0").days_of_week, 1);
        assert_eq!(cron("0 0 * * 5-7").days_of_week, 1 | 1 << 5 | 1 << 6);
        assert_eq!(cron("0 0 * * SUN,sat").days_of_week, 1 | 1 << 6);
        assert_eq!(cron("0 0 * * fri-sun").days_of_week, 1 | 1 << 5 | 1 << 6);
        assert_eq!(cron("0 0 * * sun-tue").days_of_week, 0b111);
        assert!(!cron("0 0 */2 * 1").either_day, "a field starting with * is unrestricted");
        assert_eq!(cron("  0   10 * *  1 ").expr(), "0 10 * * 1");
    }

    #[test]
    fn refuses_bad_expressions_with_a_reason_in_both_languages() {
        for (expr, said) in [
            ("0 10 * *", "found 4"),
            ("", "found 0"),
            ("0 0 10 * * 1", "seconds are not supported"),
            ("60 * * * *", "minute 60 is outside 0-59"),
            ("* 24 * * *", "hour 24 is outside 0-23"),
            ("0 0 0 * *", "day-of-month 0 is outside 1-31"),
            ("0 0 * 13 *", "month 13 is outside 1-12"),
            ("0 0 * * 8", "day-of-week 8 is outside 0-7"),
            ("0 0 * * MOX", "day-of-week \"MOX\" is not a number or name"),
            ("0 0 * JANUARY *", "month \"JANUARY\" is not a number or name"),
            ("0 0 * * MON", ""),
            ("x * * * *", "minute \"x\" is not a number"),
            ("*/0 * * * *", "minute step \"0\""),
            ("*/x * * * *", "minute step \"x\""),
            ("30-10 * * * *", "minute range 30-10 runs backwards"),
            ("1,,2 * * * *", "empty item"),
            ("0 0 MON * *", "day-of-month \"MON\" is not a number"),
            ("-1 * * * *", "minute \"\" is not a number"),
        ] {
            let result = CronSchedule::parse(expr);
            if said.is_empty() {
                assert!(result.is_ok(), "{expr}");
                continue;
            }
            let err = result.expect_err(expr);
            assert!(err.to_string().contains(said), "{expr}: {err}");
            assert!(err.zh().starts_with("cron 表达式"), "{}", err.zh());
            match err {
                ScheduleError::BadCron { why_zh, .. } => assert!(!why_zh.is_empty()),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn every_fifteen_minutes_in_working_hours() {
        assert_eq!(
            runs("*/15 9-17 * * MON-FRI", "2026-01-02 17:45", SHANGHAI, 3),
            // Friday evening, then the weekend is skipped.
            ["2026-01-05 09:00", "2026-01-05 09:15", "2026-01-05 09:30"]
        );
        assert_eq!(
            runs("10-50/20 10 * * *", "2026-01-02 10:10", SHANGHAI, 3),
            ["2026-01-02 10:30", "2026-01-02 10:50", "2026-01-03 10:10"]
        );
    }

    #[test]
    fn the_31st_skips_short_months() {
        assert_eq!(
            runs("0 9 31 * *", "2026-01-31 09:00", SHANGHAI, 4),
            ["2026-03-31 09:00", "2026-05-31 09:00", "2026-07-31 09:00", "2026-08-31 09:00"]
        );
    }

    #[test]
    fn leap_day_and_year_end() {
        assert_eq!(
            runs("0 0 29 2 *", "2026-01-01 00:00", SHANGHAI, 2),
            ["2028-02-29 00:00", "2032-02-29 00:00"]
        );
        assert_eq!(runs("30 23 31 12 *", "2026-12-31 23:30", SHANGHAI, 1), ["2027-12-31 23:30"]);
        assert_eq!(runs("0 0 1 1 *", "2026-12-31 23:59", SHANGHAI, 1), ["2027-01-01 00:00"]);
    }

    #[test]
    fn day_fields_match_either_when_both_are_restricted() {
        // 2026-06: the 1st is a Monday, the 15th is a Monday too; Thursdays are 4, 11, 18, 25.
        assert_eq!(
            runs("0 8 1,15 * THU", "2026-06-01 08:00", SHANGHAI, 4),
            ["2026-06-04 08:00", "2026-06-11 08:00", "2026-06-15 08:00", "2026-06-18 08:00"]
        );
        // With the day-of-month a `*` step, both must match: odd days that are Thursdays.
        assert_eq!(
            runs("0 8 */2 * THU", "2026-06-01 08:00", SHANGHAI, 3),
            ["2026-06-11 08:00", "2026-06-25 08:00", "2026-07-09 08:00"]
        );
    }

    #[test]
    fn a_rule_that_never_fires() {
        let never = cron("0 0 30 2 *");
        assert!(!never.can_run());
        assert_eq!(never.next_after(ms("2026-01-01T00:00:00Z"), SHANGHAI), None);
        assert!(!cron("0 0 31 4,6,9,11 *").can_run());
        assert!(cron("0 0 31 4,6,9,11 FRI").can_run(), "either day field matching is enough");
        assert!(cron("0 0 29 2 *").can_run());
        // Rare but real: 29 February falling on a Monday (2044), with the `*` step forcing both.
        let rare = cron("0 0 */28 2 MON");
        assert!(rare.can_run());
        assert!(rare.next_after(ms("2026-01-01T00:00:00Z"), SHANGHAI).is_some());
    }

    #[test]
    fn new_york_spring_forward_fires_once_when_the_gap_ends() {
        // 02:00 and 02:30 do not exist on 2026-03-08; both fire at 03:00 EDT, which is one run.
        assert_eq!(
            runs("0,30 2,3 * * *", "2026-03-07 03:30", NEW_YORK, 4),
            ["2026-03-08 03:00", "2026-03-08 03:30", "2026-03-09 02:00", "2026-03-09 02:30"]
        );
        assert_eq!(
            cron("30 2 * * *").next_after(ms("2026-03-07T12:00:00-05:00"), NEW_YORK),
            Some(ms("2026-03-08T03:00:00-04:00"))
        );
    }

    #[test]
    fn new_york_fall_back_fires_once_the_first_time() {
        let every_half_hour = cron("*/30 * * * *");
        let mut at = ms("2026-11-01T00:30:00-04:00");
        let mut seen = Vec::new();
        for _ in 0..4 {
            at = every_half_hour.next_after(at, NEW_YORK).expect("runs");
            seen.push(at);
        }
        // 01:00 and 01:30 EDT, then the repeated hour (EST) is not run again, then 02:00 EST.
        assert_eq!(
            seen,
            [
                ms("2026-11-01T01:00:00-04:00"),
                ms("2026-11-01T01:30:00-04:00"),
                ms("2026-11-01T02:00:00-05:00"),
                ms("2026-11-01T02:30:00-05:00"),
            ]
        );
        // From inside the repeated hour, 01:30 is already past.
        assert_eq!(
            cron("30 1 * * *").next_after(ms("2026-11-01T01:10:00-05:00"), NEW_YORK),
            Some(ms("2026-11-02T01:30:00-05:00"))
        );
    }

    #[test]
    fn next_after_is_strict_and_keeps_to_the_minute() {
        let c = cron("0 10 * * *");
        let ten = ms("2026-05-05T10:00:00+08:00");
        assert_eq!(c.next_after(ten - 1, SHANGHAI), Some(ten));
        assert_eq!(c.next_after(ten, SHANGHAI), Some(ten + 86_400_000));
        assert_eq!(CronSchedule::at_time(10, 0, 0x7f).next_after(ten - 1, SHANGHAI), Some(ten));
        assert_eq!(CronSchedule::at_time(10, 0, 0).next_after(ten - 1, SHANGHAI), None);
        assert_eq!(c.next_after(i64::MAX, SHANGHAI), None);
    }
}
