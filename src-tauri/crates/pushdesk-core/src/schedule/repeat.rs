//! Repeat rules of a recurring campaign: every day, some weekdays, or a cron expression, at
//! wall-clock time in the campaign's zone. How they are typed (`parse`), stored (`to_text`),
//! described to people, and when they next run.

use chrono::Weekday;

/// The cron side of a repeat, also reachable from here since `Repeat::Cron` holds one.
pub use super::cron::CronSchedule;
use super::error::ScheduleError;
use super::zone::Tz;

/// When a recurring campaign runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repeat {
    /// Every day at this wall-clock time.
    Daily {
        /// 0-23.
        hour: u8,
        /// 0-59.
        minute: u8,
    },
    /// On these weekdays at this wall-clock time.
    Weekly {
        /// Monday first, each once (as `parse` makes them; other orders still work).
        days: Vec<Weekday>,
        /// 0-23.
        hour: u8,
        /// 0-59.
        minute: u8,
    },
    /// Whenever the cron expression matches.
    Cron(CronSchedule),
}

/// English day names, Monday first, as the stored form writes them.
const DAY_CODES: [&str; 7] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
const DAY_NAMES: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/// The Chinese numeral of each day, Monday first ("周一" … "周日").
const DAY_ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

impl Repeat {
    /// Reads what the CLI's `--repeat` takes: "daily", "weekly:MON,THU" (any case, days split
    /// by commas or spaces, also "weekly:一,四" and "每周一、四"), "cron 0 10 * * 1".
    ///
    /// Daily and weekly rules run at `time_of_day`, the first run's time; a time written at
    /// the end ("daily 10:00", as `to_text` writes) wins over it. Without either they are
    /// refused with `RepeatNeedsTime`. A cron expression that matches no date is refused with
    /// `NeverRuns`, since a campaign that never runs is surely a mistake.
    pub fn parse(text: &str, time_of_day: Option<(u8, u8)>) -> Result<Self, ScheduleError> {
        let bad = || ScheduleError::BadRepeat(text.to_string());
        let clean = text.trim();
        if let Some(expr) = after_keyword(clean, &["cron"]) {
            let schedule = CronSchedule::parse(expr)?;
            if !schedule.can_run() {
                return Err(ScheduleError::NeverRuns(schedule.expr().to_string()));
            }
            return Ok(Repeat::Cron(schedule));
        }
        let (rule, written_time) = split_time(clean);
        let time =
            || written_time.or(time_of_day).ok_or_else(|| ScheduleError::RepeatNeedsTime(text.to_string()));
        if let Some(rest) = after_keyword(rule, &["daily", "every day", "每天"]) {
            if !rest.is_empty() {
                return Err(bad());
            }
            let (hour, minute) = time()?;
            return Ok(Repeat::Daily { hour, minute });
        }
        if let Some(rest) = after_keyword(rule, &["weekly", "每周", "每星期"]) {
            let days = read_days(rest).ok_or_else(bad)?;
            let (hour, minute) = time()?;
            return Ok(Repeat::Weekly { days, hour, minute });
        }
        Err(bad())
    }

    /// The stored form, which `from_text` reads back: "daily 10:00", "weekly MON,THU 10:00",
    /// "cron 0 10 * * 1".
    pub fn to_text(&self) -> String {
        match self {
            Repeat::Daily { hour, minute } => format!("daily {hour:02}:{minute:02}"),
            Repeat::Weekly { days, hour, minute } => {
                let codes: Vec<&str> = day_indexes(days).map(|d| DAY_CODES[d]).collect();
                format!("weekly {} {hour:02}:{minute:02}", codes.join(","))
            }
            Repeat::Cron(schedule) => format!("cron {}", schedule.expr()),
        }
    }

    /// Reads the stored form that `to_text` writes.
    pub fn from_text(text: &str) -> Result<Self, ScheduleError> {
        Repeat::parse(text, None)
    }

    /// The first run strictly after `after_ms`, on wall-clock time in `tz`. A run time the
    /// clocks skip runs when the skipped stretch ends; one they show twice runs the first
    /// time. None when it never runs again.
    pub fn next_after(&self, after_ms: i64, tz: Tz) -> Option<i64> {
        match self {
            Repeat::Daily { hour, minute } => {
                CronSchedule::at_time(*hour, *minute, 0x7f).next_after(after_ms, tz)
            }
            Repeat::Weekly { days, hour, minute } => {
                // Cron's weekday bits count from Sunday.
                let mask = days.iter().fold(0u8, |mask, day| mask | 1 << day.num_days_from_sunday());
                CronSchedule::at_time(*hour, *minute, mask).next_after(after_ms, tz)
            }
            Repeat::Cron(schedule) => schedule.next_after(after_ms, tz),
        }
    }

    /// The first run at or after `at_ms`: where a series whose first run is asked for at
    /// `at_ms` really starts.
    pub fn first_at_or_after(&self, at_ms: i64, tz: Tz) -> Option<i64> {
        self.next_after(at_ms.checked_sub(1)?, tz)
    }

    /// "every day at 10:00", "every Monday and Thursday at 10:00", "cron 0 10 * * 1".
    pub fn describe_en(&self) -> String {
        match self {
            Repeat::Daily { hour, minute } => format!("every day at {hour:02}:{minute:02}"),
            Repeat::Weekly { days, hour, minute } => {
                let names: Vec<&str> = day_indexes(days).map(|d| DAY_NAMES[d]).collect();
                let which = match names.as_slice() {
                    [] => return "never".to_string(),
                    [_, _, _, _, _, _, _] => "day".to_string(),
                    [one] => one.to_string(),
                    [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
                };
                format!("every {which} at {hour:02}:{minute:02}")
            }
            Repeat::Cron(schedule) => format!("cron {}", schedule.expr()),
        }
    }

    /// "每天 10:00", "每周一、周四 10:00", "cron 0 10 * * 1".
    pub fn describe_zh(&self) -> String {
        match self {
            Repeat::Daily { hour, minute } => format!("每天 {hour:02}:{minute:02}"),
            Repeat::Weekly { days, hour, minute } => {
                let names: Vec<String> = day_indexes(days).map(|d| format!("周{}", DAY_ZH[d])).collect();
                match names.len() {
                    0 => "从不".to_string(),
                    7 => format!("每天 {hour:02}:{minute:02}"),
                    _ => format!("每{} {hour:02}:{minute:02}", names.join("、")),
                }
            }
            Repeat::Cron(schedule) => format!("cron {}", schedule.expr()),
        }
    }
}

/// The days' indexes, Monday 0, in week order and each once, whatever order `days` has.
fn day_indexes(days: &[Weekday]) -> impl Iterator<Item = usize> + '_ {
    (0..7).filter(move |&d| days.iter().any(|day| day.num_days_from_monday() as usize == d))
}

/// What follows `text`'s leading keyword (any case), when it starts with one of `keywords`
/// followed by a space, a colon or nothing. Chinese keywords need no separator.
fn after_keyword<'a>(text: &'a str, keywords: &[&str]) -> Option<&'a str> {
    keywords.iter().find_map(|keyword| {
        let head = text.get(..keyword.len())?;
        if !head.eq_ignore_ascii_case(keyword) {
            return None;
        }
        let rest = &text[keyword.len()..];
        let joined =
            keyword.is_ascii() && rest.starts_with(|c: char| !(c.is_whitespace() || c == ':' || c == '：'));
        (!joined).then(|| rest.trim_start_matches([':', '：']).trim())
    })
}

/// Splits a time of day written last ("weekly MON 10:00") from the rule before it.
fn split_time(text: &str) -> (&str, Option<(u8, u8)>) {
    let Some((rule, last)) = text.rsplit_once(char::is_whitespace) else { return (text, None) };
    match read_time(last) {
        Some(time) => (rule.trim_end(), Some(time)),
        None => (text, None),
    }
}

/// (hour, minute) of "10:00" or "9:05".
fn read_time(text: &str) -> Option<(u8, u8)> {
    let (hour, minute) = text.split_once([':', '：'])?;
    let number = |s: &str, widths: &[usize]| {
        (widths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u8>().ok())
            .flatten()
    };
    let (hour, minute) = (number(hour, &[1, 2])?, number(minute, &[2])?);
    (hour < 24 && minute < 60).then_some((hour, minute))
}

/// The weekdays of "MON,THU", "mon thu", "一,四", "周一、周四" or "一四": Monday first, each once;
/// None when a word is not a day or there are none.
fn read_days(text: &str) -> Option<Vec<Weekday>> {
    let mut seen = [false; 7];
    for word in text.split([',', '，', '、', ' ', ';', '/']).filter(|w| !w.is_empty()) {
        if let Some(d) = english_day(word) {
            seen[d] = true;
            continue;
        }
        // Chinese: "周一", "星期四", or bare numerals, one or several.
        let numerals = ["星期", "礼拜", "周"].iter().find_map(|p| word.strip_prefix(p)).unwrap_or(word);
        if numerals.is_empty() {
            return None;
        }
        for c in numerals.chars() {
            let d = match c {
                '天' => 6,
                _ => DAY_ZH.iter().position(|zh| zh.starts_with(c))?,
            };
            seen[d] = true;
        }
    }
    let days: Vec<Weekday> =
        (0..7u8).filter(|&d| seen[d as usize]).filter_map(|d| Weekday::try_from(d).ok()).collect();
    (!days.is_empty()).then_some(days)
}

/// Monday-0 index of "mon", "Monday", "THU", "thurs" and the like.
fn english_day(word: &str) -> Option<usize> {
    let word = word.to_ascii_lowercase();
    DAY_NAMES.iter().position(|name| {
        let name = name.to_ascii_lowercase();
        word.len() >= 3 && name.starts_with(&word)
    })
}

#[cfg(test)]
mod tests {
    use super::super::zone::tests::{ms, NEW_YORK, SHANGHAI};
    use super::super::zone::{format_local, parse_when};
    use super::*;
    use Weekday::{Mon, Sat, Sun, Thu, Tue, Wed};

    fn ten() -> Option<(u8, u8)> {
        Some((10, 0))
    }

    fn weekly(days: &[Weekday]) -> Repeat {
        Repeat::Weekly { days: days.to_vec(), hour: 10, minute: 0 }
    }

    /// The next `count` runs after `from` (wall time in `tz`), as wall times in `tz`.
    fn runs(repeat: &Repeat, from: &str, tz: Tz, count: usize) -> Vec<String> {
        let mut at = parse_when(from, tz).expect("test time");
        let mut out = Vec::new();
        for _ in 0..count {
            at = repeat.next_after(at, tz).expect("runs");
            out.push(format_local(at, tz));
        }
        out
    }

    #[test]
    fn reads_what_the_cli_takes() {
        assert_eq!(Repeat::parse("daily", ten()), Ok(Repeat::Daily { hour: 10, minute: 0 }));
        assert_eq!(Repeat::parse(" DAILY ", Some((7, 5))), Ok(Repeat::Daily { hour: 7, minute: 5 }));
        assert_eq!(Repeat::parse("每天", ten()), Ok(Repeat::Daily { hour: 10, minute: 0 }));
        for text in [
            "weekly:MON,THU",
            "weekly:thu,mon,Mon",
            "weekly mon thu",
            "Weekly: Monday, Thursday",
            "weekly:一,四",
            "weekly 周一、周四",
            "每周一、四",
            "每周一四",
            "每星期一，星期四",
        ] {
            assert_eq!(Repeat::parse(text, ten()), Ok(weekly(&[Mon, Thu])), "{text}");
        }
        assert_eq!(Repeat::parse("weekly:日,六", ten()), Ok(weekly(&[Sat, Sun])));
        assert_eq!(Repeat::parse("weekly:sun,tue,wed", ten()), Ok(weekly(&[Tue, Wed, Sun])));
        let cron = Repeat::parse("cron 0 10 * * 1", None).expect("cron");
        assert_eq!(cron, Repeat::Cron(CronSchedule::parse("0 10 * * 1").expect("cron")));
        assert_eq!(
            Repeat::parse("CRON:  0 10 * * mon", None).map(|r| r.to_text()),
            Ok("cron 0 10 * * mon".into())
        );
        // A written time wins over the first run's.
        assert_eq!(Repeat::parse("daily 9:30", ten()), Ok(Repeat::Daily { hour: 9, minute: 30 }));
    }

    #[test]
    fn refuses_with_the_right_error() {
        let bad = |text: &str| Err(ScheduleError::BadRepeat(text.into()));
        for text in [
            "",
            "hourly",
            "dailyx",
            "daily monday",
            "weekly",
            "weekly:",
            "weekly:FUNDAY",
            "weekly:mo",
            "每周八",
            "weeklyMON",
        ] {
            assert_eq!(Repeat::parse(text, ten()), bad(text), "{text}");
        }
        assert_eq!(Repeat::parse("daily", None), Err(ScheduleError::RepeatNeedsTime("daily".into())));
        assert_eq!(
            Repeat::parse("weekly:MON", None),
            Err(ScheduleError::RepeatNeedsTime("weekly:MON".into()))
        );
        assert_eq!(Repeat::parse("daily 25:00", None), bad("daily 25:00"));
        assert_eq!(
            Repeat::parse("cron 0 0 30 2 *", None),
            Err(ScheduleError::NeverRuns("0 0 30 2 *".into()))
        );
        assert!(matches!(Repeat::parse("cron 0 0 10 * * 1", None), Err(ScheduleError::BadCron { .. })));
        assert!(matches!(Repeat::parse("cron", None), Err(ScheduleError::BadCron { .. })));
        for text in ["hourly", "daily", "cron 0 0 30 2 *", "cron 99 * * * *"] {
            let err = Repeat::parse(text, None).expect_err(text);
            assert!(!err.to_string().is_empty() && !err.zh().is_empty());
        }
    }

    #[test]
    fn stored_form_round_trips() {
        let all = [
            Repeat::Daily { hour: 0, minute: 5 },
            Repeat::Daily { hour: 23, minute: 59 },
            weekly(&[Mon, Thu]),
            weekly(&[Mon, Tue, Wed, Thu, Weekday::Fri, Sat, Sun]),
            Repeat::parse("cron */15 9-17 1,15 JAN-MAR MON-FRI", None).expect("cron"),
        ];
        let texts: Vec<String> = all.iter().map(Repeat::to_text).collect();
        assert_eq!(texts[0], "daily 00:05");
        assert_eq!(texts[2], "weekly MON,THU 10:00");
        assert_eq!(texts[4], "cron */15 9-17 1,15 JAN-MAR MON-FRI");
        for (repeat, text) in all.iter().zip(&texts) {
            assert_eq!(Repeat::from_text(text).as_ref(), Ok(repeat), "{text}");
        }
        // Days out of order still store in week order.
        assert_eq!(weekly(&[Thu, Mon, Thu]).to_text(), "weekly MON,THU 10:00");
    }

    #[test]
    fn described_in_both_languages() {
        let daily = Repeat::Daily { hour: 10, minute: 0 };
        assert_eq!(daily.describe_en(), "every day at 10:00");
        assert_eq!(daily.describe_zh(), "每天 10:00");
        assert_eq!(weekly(&[Mon, Thu]).describe_en(), "every Monday and Thursday at 10:00");
        assert_eq!(weekly(&[Mon, Thu]).describe_zh(), "每周一、周四 10:00");
        assert_eq!(weekly(&[Sun]).describe_en(), "every Sunday at 10:00");
        assert_eq!(
            weekly(&[Mon, Wed, Weekday::Fri]).describe_en(),
            "every Monday, Wednesday and Friday at 10:00"
        );
        let every = weekly(&[Mon, Tue, Wed, Thu, Weekday::Fri, Sat, Sun]);
        assert_eq!(
            (every.describe_en().as_str(), every.describe_zh().as_str()),
            ("every day at 10:00", "每天 10:00")
        );
        let none = Repeat::Weekly { days: vec![], hour: 10, minute: 0 };
        assert_eq!((none.describe_en().as_str(), none.describe_zh().as_str()), ("never", "从不"));
        let cron = Repeat::parse("cron 0 10 * * 1", None).expect("cron");
        assert_eq!(
            (cron.describe_en().as_str(), cron.describe_zh().as_str()),
            ("cron 0 10 * * 1", "cron 0 10 * * 1")
        );
    }

    #[test]
    fn daily_over_month_and_year_ends() {
        let daily = Repeat::Daily { hour: 10, minute: 0 };
        assert_eq!(runs(&daily, "2026-01-31 10:00", SHANGHAI, 2), ["2026-02-01 10:00", "2026-02-02 10:00"]);
        assert_eq!(runs(&daily, "2026-01-31 09:59", SHANGHAI, 1), ["2026-01-31 10:00"]);
        assert_eq!(runs(&daily, "2028-02-28 10:00", SHANGHAI, 2), ["2028-02-29 10:00", "2028-03-01 10:00"]);
        assert_eq!(runs(&daily, "2026-02-28 10:00", SHANGHAI, 1), ["2026-03-01 10:00"]);
        assert_eq!(runs(&daily, "2026-12-31 10:00", SHANGHAI, 1), ["2027-01-01 10:00"]);
        let late = Repeat::Daily { hour: 23, minute: 59 };
        assert_eq!(runs(&late, "2026-12-31 23:59", SHANGHAI, 1), ["2027-01-01 23:59"]);
    }

    #[test]
    fn weekly_in_week_order() {
        // 2026-06-01 is a Monday.
        let mon_thu = Repeat::parse("weekly:THU,MON", ten()).expect("weekly");
        assert_eq!(
            runs(&mon_thu, "2026-06-01 10:00", SHANGHAI, 4),
            ["2026-06-04 10:00", "2026-06-08 10:00", "2026-06-11 10:00", "2026-06-15 10:00"]
        );
        assert_eq!(runs(&mon_thu, "2026-06-01 09:00", SHANGHAI, 1), ["2026-06-01 10:00"]);
        // Over a year end: 2026-12-31 is a Thursday.
        assert_eq!(runs(&mon_thu, "2026-12-31 10:00", SHANGHAI, 1), ["2027-01-04 10:00"]);
        assert_eq!(Repeat::Weekly { days: vec![], hour: 10, minute: 0 }.next_after(0, SHANGHAI), None);
    }

    #[test]
    fn cron_through_repeat() {
        let the_31st = Repeat::parse("cron 0 10 31 * *", None).expect("cron");
        assert_eq!(
            runs(&the_31st, "2026-01-31 10:00", SHANGHAI, 2),
            ["2026-03-31 10:00", "2026-05-31 10:00"]
        );
        let either = Repeat::parse("cron 0 10 13 * FRI", None).expect("cron");
        // 2026-02-13 is a Friday; 2026-03-13 too; Fridays in between count as well.
        assert_eq!(
            runs(&either, "2026-02-12 00:00", SHANGHAI, 3),
            ["2026-02-13 10:00", "2026-02-20 10:00", "2026-02-27 10:00"]
        );
    }

    #[test]
    fn new_york_spring_forward() {
        // 2026-03-08: 02:30 does not exist; the run is once, at 03:00 EDT; the next day is normal.
        let daily = Repeat::Daily { hour: 2, minute: 30 };
        let from = ms("2026-03-07T02:30:00-05:00");
        let first = daily.next_after(from, NEW_YORK);
        assert_eq!(first, Some(ms("2026-03-08T03:00:00-04:00")));
        let second = first.and_then(|at| daily.next_after(at, NEW_YORK));
        assert_eq!(second, Some(ms("2026-03-09T02:30:00-04:00")));
        assert_eq!(
            daily.first_at_or_after(ms("2026-03-08T03:00:00-04:00"), NEW_YORK),
            Some(ms("2026-03-08T03:00:00-04:00"))
        );
    }

    #[test]
    fn new_york_fall_back() {
        // 2026-11-01: 01:30 happens twice; the run is once, the first time (EDT).
        let daily = Repeat::Daily { hour: 1, minute: 30 };
        let first = daily.next_after(ms("2026-10-31T01:30:00-04:00"), NEW_YORK);
        assert_eq!(first, Some(ms("2026-11-01T01:30:00-04:00")));
        let second = first.and_then(|at| daily.next_after(at, NEW_YORK));
        assert_eq!(second, Some(ms("2026-11-02T01:30:00-05:00")));
        // Asked from between the two 01:30s, the second is not a run.
        assert_eq!(daily.next_after(ms("2026-11-01T01:00:00-05:00"), NEW_YORK), second);
        // A daily 10:00 is 23 hours apart over the change in spring, 25 in autumn.
        let ten_am = Repeat::Daily { hour: 10, minute: 0 };
        let before = ms("2026-03-07T10:00:00-05:00");
        assert_eq!(ten_am.next_after(before, NEW_YORK), Some(before + 23 * 3_600_000));
        let before = ms("2026-10-31T10:00:00-04:00");
        assert_eq!(ten_am.next_after(before, NEW_YORK), Some(before + 25 * 3_600_000));
    }

    #[test]
    fn first_run_at_or_after() {
        let daily = Repeat::Daily { hour: 10, minute: 0 };
        let ten_am = ms("2026-06-01T10:00:00+08:00");
        assert_eq!(daily.first_at_or_after(ten_am, SHANGHAI), Some(ten_am));
        assert_eq!(daily.first_at_or_after(ten_am - 3_600_000, SHANGHAI), Some(ten_am));
        assert_eq!(daily.first_at_or_after(ten_am + 1, SHANGHAI), Some(ten_am + 86_400_000));
        assert_eq!(daily.first_at_or_after(i64::MIN, SHANGHAI), None);
    }
}
