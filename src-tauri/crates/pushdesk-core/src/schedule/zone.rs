//! Time zones and wall-clock times: which zone this machine is in, reading the times people
//! type, and turning a wall-clock time into one instant even on the days daylight saving time
//! starts or ends.
//!
//! Instants are unix milliseconds, as everywhere in the app.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, TimeZone};

/// An IANA time zone, as chrono-tz has them (`Tz::UTC`, `chrono_tz::Asia::Shanghai`).
pub use chrono_tz::Tz;

use super::error::ScheduleError;

/// The zone this machine's clock is set to; UTC when it cannot be told.
///
/// The `TZ` variable wins when it names an IANA zone (`Asia/Shanghai`, `:Asia/Shanghai` or a
/// path ending in `zoneinfo/Asia/Shanghai`): people and tests set it to run in another zone,
/// and the system setting that `iana_time_zone` reads does not see it.
pub fn local_zone() -> Tz {
    if let Some(tz) = std::env::var("TZ").ok().as_deref().and_then(zone_from_tz_var) {
        return tz;
    }
    iana_time_zone::get_timezone().ok().and_then(|name| name.parse().ok()).unwrap_or(Tz::UTC)
}

/// The IANA zone a `TZ` value names, if it names one (POSIX rules like `CST-8` do not).
fn zone_from_tz_var(value: &str) -> Option<Tz> {
    let name = value.trim().trim_start_matches(':');
    let name = name.rsplit_once("zoneinfo/").map_or(name, |(_, rest)| rest);
    name.parse().ok()
}

/// An IANA zone by name ("Asia/Shanghai", "UTC").
pub fn parse_zone(name: &str) -> Result<Tz, ScheduleError> {
    name.trim().parse().map_err(|_| ScheduleError::BadZone(name.to_string()))
}

/// Wall-clock forms, read in the zone given to `parse_when`.
const LOCAL_FORMATS: [&str; 6] = [
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
];

/// Forms with their own offset that RFC 3339 itself refuses (it insists on seconds).
const OFFSET_FORMATS: [&str; 2] = ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%d %H:%M%:z"];

/// Reads a time a person typed and returns unix milliseconds.
///
/// Accepts "2026-12-12 10:00", "2026-12-12 10:00:30", "2026-12-12T10:00" and "2026/12/12 10:00"
/// as wall-clock time in `tz`, and RFC 3339 with an offset or Z ("2026-12-12T10:00:00+08:00"),
/// which names its instant whatever `tz` is. A wall-clock time that `tz` skips (daylight saving
/// time starting) is refused rather than moved, since the person asked for a time that never
/// shows on a clock there; one that happens twice (clocks going back) is the earlier instant,
/// the first time the clock shows it.
pub fn parse_when(text: &str, tz: Tz) -> Result<i64, ScheduleError> {
    let bad = || ScheduleError::BadTime(text.to_string());
    // A Chinese input method types full-width colons; runs of spaces are a slip of the hand.
    let clean = text.replace('：', ":").split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.is_empty() {
        return Err(bad());
    }

    let with_offset = match clean.strip_suffix(['Z', 'z']) {
        Some(rest) => format!("{rest}+00:00"),
        None => clean.clone(),
    };
    if let Ok(at) = DateTime::parse_from_rfc3339(&with_offset) {
        return Ok(at.timestamp_millis());
    }
    for format in OFFSET_FORMATS {
        if let Ok(at) = DateTime::parse_from_str(&with_offset, format) {
            return Ok(at.timestamp_millis());
        }
    }

    let wall = LOCAL_FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(&clean, format).ok())
        .ok_or_else(bad)?;
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(at) => Ok(at.timestamp_millis()),
        LocalResult::Ambiguous(earlier, later) => Ok(earlier.min(later).timestamp_millis()),
        LocalResult::None => Err(ScheduleError::NoSuchLocalTime(text.to_string())),
    }
}

/// "2026-12-12 10:00": the instant on a clock in `tz`.
pub fn format_local(ms: i64, tz: Tz) -> String {
    match wall_clock(ms, tz) {
        Some(wall) => wall.format("%Y-%m-%d %H:%M").to_string(),
        // Only for instants a quarter of a million years away; a number beats a panic.
        None => ms.to_string(),
    }
}

/// (hour, minute) of the instant on a clock in `tz`.
pub fn time_of_day(ms: i64, tz: Tz) -> (u8, u8) {
    use chrono::Timelike;
    wall_clock(ms, tz).map_or((0, 0), |wall| (wall.hour() as u8, wall.minute() as u8))
}

/// What a clock in `tz` shows at the instant; None only beyond chrono's range of years.
pub(super) fn wall_clock(ms: i64, tz: Tz) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_millis(ms).map(|at| at.with_timezone(&tz).naive_local())
}

/// The instant a rule that fires at wall-clock `wall` fires, in unix milliseconds: the first
/// instant at which a clock in `tz` shows `wall` or later. That is the one instant for an
/// ordinary time, the earlier of the two when clocks go back (so the rule fires once, not
/// twice), and the end of the skipped stretch when clocks go forward over `wall` (so it fires
/// late rather than not at all). Later wall times never give earlier instants, which is what
/// lets the repeat and window code walk wall-clock times in order.
pub(super) fn resolve_wall(wall: NaiveDateTime, tz: Tz) -> Option<i64> {
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(at) => Some(at.timestamp_millis()),
        LocalResult::Ambiguous(earlier, later) => Some(earlier.min(later).timestamp_millis()),
        LocalResult::None => end_of_gap(wall, tz),
    }
}

/// The first instant whose wall clock reads `wall` or later, for a `wall` inside a gap. Found
/// by bisection over whole seconds (every zone changes offset on a whole second), between
/// instants that are surely before and after: no offset is beyond ±30 hours.
fn end_of_gap(wall: NaiveDateTime, tz: Tz) -> Option<i64> {
    const MARGIN: i64 = 30 * 3600;
    let as_utc = wall.and_utc().timestamp();
    let (mut before, mut after) = (as_utc - MARGIN, as_utc + MARGIN);
    let reads_at_least = |secs: i64| {
        DateTime::from_timestamp(secs, 0).is_some_and(|at| at.with_timezone(&tz).naive_local() >= wall)
    };
    while after - before > 1 {
        let mid = before + (after - before) / 2;
        if reads_at_least(mid) {
            after = mid;
        } else {
            before = mid;
        }
    }
    reads_at_least(after).then_some(after * 1000)
}

/// The wall-clock instant `minute` minutes after midnight on `day` (1440 is the next midnight).
pub(super) fn at_minute(day: NaiveDate, minute: u16) -> Option<NaiveDateTime> {
    day.and_hms_opt(0, 0, 0)?.checked_add_signed(chrono::TimeDelta::minutes(i64::from(minute)))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in super::super) const SHANGHAI: Tz = chrono_tz::Asia::Shanghai;
    pub(in super::super) const NEW_YORK: Tz = chrono_tz::America::New_York;

    /// Unix ms of an RFC 3339 time, for writing expectations.
    pub(in super::super) fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339).expect("test time").timestamp_millis()
    }

    #[test]
    fn reads_every_wall_clock_form_in_the_zone() {
        let want = ms("2026-12-12T10:00:00+08:00");
        for text in [
            "2026-12-12 10:00",
            "2026-12-12T10:00",
            "2026/12/12 10:00",
            "  2026-12-12   10:00 ",
            "2026-12-12 10：00",
            "2026-12-12 10:00:00",
            "2026-12-12T10:00:00",
        ] {
            assert_eq!(parse_when(text, SHANGHAI), Ok(want), "{text}");
        }
        assert_eq!(parse_when("2026-12-12 10:00:30", SHANGHAI), Ok(want + 30_000));
        assert_eq!(parse_when("2026/12/12 10:00:30", SHANGHAI), Ok(want + 30_000));
        // The same wall time is another instant in another zone.
        assert_eq!(parse_when("2026-12-12 10:00", NEW_YORK), Ok(ms("2026-12-12T10:00:00-05:00")));
    }

    #[test]
    fn an_offset_names_its_instant_whatever_the_zone() {
        let want = ms("2026-12-12T02:00:00Z");
        for text in [
            "2026-12-12T10:00:00+08:00",
            "2026-12-12 10:00:00+08:00",
            "2026-12-12T10:00+08:00",
            "2026-12-12T02:00:00Z",
            "2026-12-12T02:00Z",
            "2026-12-11T21:00:00-05:00",
        ] {
            assert_eq!(parse_when(text, NEW_YORK), Ok(want), "{text}");
            assert_eq!(parse_when(text, SHANGHAI), Ok(want), "{text}");
        }
        assert_eq!(parse_when("2026-12-12T02:00:00.250Z", SHANGHAI), Ok(want + 250));
    }

    #[test]
    fn a_skipped_time_is_refused_and_a_repeated_one_is_the_first() {
        // 2026-03-08: New York's clocks go from 02:00 EST to 03:00 EDT.
        assert_eq!(
            parse_when("2026-03-08 02:30", NEW_YORK),
            Err(ScheduleError::NoSuchLocalTime("2026-03-08 02:30".into()))
        );
        assert_eq!(parse_when("2026-03-08 03:00", NEW_YORK), Ok(ms("2026-03-08T03:00:00-04:00")));
        assert_eq!(parse_when("2026-03-08 01:59", NEW_YORK), Ok(ms("2026-03-08T01:59:00-05:00")));
        // 2026-11-01: back from 02:00 EDT to 01:00 EST; 01:30 happens twice.
        assert_eq!(parse_when("2026-11-01 01:30", NEW_YORK), Ok(ms("2026-11-01T01:30:00-04:00")));
        assert_eq!(parse_when("2026-11-01 02:30", NEW_YORK), Ok(ms("2026-11-01T02:30:00-05:00")));
    }

    #[test]
    fn garbage_is_refused_with_the_text() {
        for text in [
            "",
            "  ",
            "25:00",
            "2026-12-12",
            "2026-12-12 25:00",
            "2026-13-01 10:00",
            "2026-02-30 10:00",
            "2026-12-12 10:60",
            "tomorrow 10:00",
            "2026-12-12 10:00 +08:00 extra",
            "2026-12-12T10:00:00+25:00",
        ] {
            assert_eq!(parse_when(text, SHANGHAI), Err(ScheduleError::BadTime(text.into())), "{text}");
        }
    }

    #[test]
    fn formats_and_splits_in_the_zone() {
        let at = ms("2026-12-12T02:05:00Z");
        assert_eq!(format_local(at, SHANGHAI), "2026-12-12 10:05");
        assert_eq!(format_local(at, NEW_YORK), "2026-12-11 21:05");
        assert_eq!(time_of_day(at, SHANGHAI), (10, 5));
        assert_eq!(time_of_day(at, NEW_YORK), (21, 5));
        // A formatted time reads back as the same minute.
        assert_eq!(parse_when(&format_local(at, NEW_YORK), NEW_YORK), Ok(at));
        assert_eq!(format_local(i64::MAX, SHANGHAI), i64::MAX.to_string());
    }

    #[test]
    fn zones_by_name() {
        assert_eq!(parse_zone("Asia/Shanghai"), Ok(SHANGHAI));
        assert_eq!(parse_zone(" America/New_York "), Ok(NEW_YORK));
        assert_eq!(parse_zone("UTC"), Ok(Tz::UTC));
        assert_eq!(parse_zone("Mars/Base"), Err(ScheduleError::BadZone("Mars/Base".into())));
        assert_eq!(zone_from_tz_var("Asia/Shanghai"), Some(SHANGHAI));
        assert_eq!(zone_from_tz_var(":America/New_York"), Some(NEW_YORK));
        assert_eq!(zone_from_tz_var("/usr/share/zoneinfo/Asia/Shanghai"), Some(SHANGHAI));
        assert_eq!(zone_from_tz_var("CST-8"), None);
        // Whatever the machine says, it is a zone (UTC at worst).
        let _ = local_zone();
    }

    #[test]
    fn a_skipped_wall_time_fires_when_the_gap_ends() {
        let wall = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("test");
        assert_eq!(resolve_wall(wall("2026-03-08 02:30"), NEW_YORK), Some(ms("2026-03-08T03:00:00-04:00")));
        assert_eq!(resolve_wall(wall("2026-03-08 02:00"), NEW_YORK), Some(ms("2026-03-08T03:00:00-04:00")));
        assert_eq!(resolve_wall(wall("2026-11-01 01:30"), NEW_YORK), Some(ms("2026-11-01T01:30:00-04:00")));
        assert_eq!(resolve_wall(wall("2026-06-01 09:00"), SHANGHAI), Some(ms("2026-06-01T09:00:00+08:00")));
        // Samoa skipped the whole of 2011-12-30: its times all fire at the next midnight.
        let apia = chrono_tz::Pacific::Apia;
        assert_eq!(resolve_wall(wall("2011-12-30 12:00"), apia), Some(ms("2011-12-31T00:00:00+14:00")));
    }
}
