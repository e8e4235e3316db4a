//! The daily send window (quiet hours outside it): the wall-clock stretch of each day in which a
//! campaign may send, and when sending that must keep inside it opens, pauses and ends.
//!
//! The window is wall-clock time, because "not before 8 in the morning" is what people mean
//! on any day. Each day's opening is turned into two instants with the repeat rules' policy
//! (see `zone::resolve_wall`): a boundary the clocks skip is the instant the skipped stretch
//! ends, and a boundary the clocks show twice is the first time they show it. So on the day
//! clocks go forward the opening can be an hour shorter, on the day they go back an hour
//! longer, and an opening entirely inside a skipped stretch does not happen.

use chrono::{Days, NaiveDate};

use super::error::ScheduleError;
use super::zone::{at_minute, resolve_wall, wall_clock, Tz};

/// Minutes in a day: window boundaries are below it.
const DAY: u16 = 24 * 60;

/// Past this many openings (about ten years of days) an ETA means nothing; `finish_after`
/// stops counting closed stretches there rather than spin on absurd amounts of work.
const MAX_OPENINGS: usize = 4_000;

/// A daily send window in local wall-clock minutes since midnight: sending may happen from
/// `start` up to, not including, `end`. A `start` after `end` is a window over midnight
/// (22:00-06:00 opens at night and closes the next morning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SendWindow {
    /// Opens at this minute of the day, 0-1439.
    pub start: u16,
    /// Closes at this minute of the day, 0-1439, never equal to `start`.
    pub end: u16,
}

impl Default for SendWindow {
    fn default() -> Self {
        SendWindow::DEFAULT
    }
}

/// Characters people put between the two times: hyphen, en and em dash, tilde, the full-width
/// ones a Chinese input method types, and the Chinese words for "to".
const SEPARATORS: [char; 8] = ['-', '–', '—', '~', '～', '－', '至', '到'];

impl SendWindow {
    /// 08:00–21:00: daytime, when messages are least unwelcome.
    pub const DEFAULT: SendWindow = SendWindow { start: 8 * 60, end: 21 * 60 };

    /// A window from `start` to `end` minutes after midnight; both below 1440 and different
    /// (a window that never closes is no window, and one that never opens is a mistake).
    pub fn new(start: u16, end: u16) -> Result<Self, ScheduleError> {
        if start >= DAY || end >= DAY || start == end {
            return Err(ScheduleError::BadWindow(format!("{}–{}", clock(start), clock(end))));
        }
        Ok(SendWindow { start, end })
    }

    /// Reads "08:00-21:00"; also "8:00-21:00", spaces, an en dash, full-width "～" or "－" and
    /// a full-width colon. "24:00" may end a window, meaning midnight.
    pub fn parse(text: &str) -> Result<Self, ScheduleError> {
        let bad = || ScheduleError::BadWindow(text.to_string());
        let clean = text.trim().replace('：', ":");
        let (start, end) = clean.split_once(SEPARATORS).ok_or_else(bad)?;
        let start = read_clock(start.trim()).filter(|&m| m < DAY).ok_or_else(bad)?;
        let end = read_clock(end.trim()).filter(|&m| m <= DAY).ok_or_else(bad)?;
        SendWindow::new(start, end % DAY).map_err(|_| bad())
    }

    /// "08:00–21:00", with an en dash.
    pub fn label(&self) -> String {
        format!("{}–{}", clock(self.start), clock(self.end))
    }

    /// Whether sending may happen at the instant: local time in [start, end).
    pub fn is_open(&self, at_ms: i64, tz: Tz) -> bool {
        self.opening_around(at_ms, tz).is_some()
    }

    /// `at_ms` itself when the window is open then, else the first instant after it when the
    /// window opens.
    pub fn next_open(&self, at_ms: i64, tz: Tz) -> i64 {
        if self.is_open(at_ms, tz) {
            return at_ms;
        }
        let Some(today) = wall_clock(at_ms, tz).map(|wall| wall.date()) else { return at_ms };
        // Openings come in day order; a few days covers any run of days whose opening the
        // clocks skip entirely.
        (0..10)
            .filter_map(|n| today.checked_add_days(Days::new(n)))
            .filter_map(|day| self.opening(day, tz))
            .map(|(open, _)| open)
            .find(|&open| open >= at_ms)
            .unwrap_or(at_ms)
    }

    /// When the window is open at `at_ms`: the instant this opening closes. None when closed.
    pub fn closes_at(&self, at_ms: i64, tz: Tz) -> Option<i64> {
        self.opening_around(at_ms, tz).map(|(_, close)| close)
    }

    /// When `work_ms` of sending that starts at `at_ms` ends if it only advances while the
    /// window is open: the ETA, counting the closed stretches in between, over as many days as
    /// it takes. Sending that starts while closed starts when the window next opens.
    pub fn finish_after(&self, at_ms: i64, tz: Tz, work_ms: i64) -> i64 {
        let mut now = self.next_open(at_ms, tz);
        let mut left = work_ms.max(0);
        for _ in 0..MAX_OPENINGS {
            let Some(close) = self.closes_at(now, tz) else { break };
            if left <= close - now {
                return now + left;
            }
            left -= close - now;
            now = self.next_open(close, tz);
        }
        now.saturating_add(left)
    }

    /// The opening that contains `at_ms`, as (open, close) instants.
    fn opening_around(&self, at_ms: i64, tz: Tz) -> Option<(i64, i64)> {
        let today = wall_clock(at_ms, tz)?.date();
        // An opening that started yesterday may still be open: over midnight, or stretched by
        // clocks going back.
        [today.pred_opt(), Some(today)]
            .into_iter()
            .flatten()
            .filter_map(|day| self.opening(day, tz))
            .find(|&(open, close)| open <= at_ms && at_ms < close)
    }

    /// The opening that starts on `day`, as (open, close) instants; None when the clocks skip
    /// all of it.
    fn opening(&self, day: NaiveDate, tz: Tz) -> Option<(i64, i64)> {
        // An over-midnight window closes at its end minute on the next day.
        let end = if self.start < self.end { self.end } else { self.end + DAY };
        let open = resolve_wall(at_minute(day, self.start)?, tz)?;
        let close = resolve_wall(at_minute(day, end)?, tz)?;
        (open < close).then_some((open, close))
    }
}

/// "08:00" for 480 minutes.
fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes since midnight of "8:00" or "08:00" (up to 24:00; the caller decides if that fits).
fn read_clock(text: &str) -> Option<u16> {
    let (hour, minute) = text.split_once(':')?;
    let digits = |s: &str, widths: &[usize]| {
        if widths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<u16>().ok()
        } else {
            None
        }
    };
    let (hour, minute) = (digits(hour, &[1, 2])?, digits(minute, &[2])?);
    (minute < 60 && (hour < 24 || (hour == 24 && minute == 0))).then_some(hour * 60 + minute)
}

#[cfg(test)]
mod tests {
    use super::super::zone::tests::{ms, NEW_YORK, SHANGHAI};
    use super::*;

    const HOUR: i64 = 3_600_000;

    fn window(text: &str) -> SendWindow {
        SendWindow::parse(text).expect("test window")
    }

    #[test]
    fn reads_the_ways_people_write_it() {
        let want = SendWindow { start: 480, end: 1260 };
        for text in [
            "08:00-21:00",
            "8:00-21:00",
            " 08:00 - 21:00 ",
            "08:00–21:00",
            "08:00～21:00",
            "08:00－21:00",
            "08：00-21：00",
            "8:00至21:00",
        ] {
            assert_eq!(SendWindow::parse(text), Ok(want), "{text}");
        }
        assert_eq!(window("22:00-06:00"), SendWindow { start: 1320, end: 360 });
        assert_eq!(window("22:00-24:00"), SendWindow { start: 1320, end: 0 });
        assert_eq!(window("08:00-21:00").label(), "08:00–21:00");
        assert_eq!(window("22:30-6:05").label(), "22:30–06:05");
        assert_eq!(SendWindow::DEFAULT.label(), "08:00–21:00");
        assert_eq!(SendWindow::parse(&SendWindow::DEFAULT.label()), Ok(SendWindow::DEFAULT));
    }

    #[test]
    fn refuses_what_is_not_a_window() {
        for text in [
            "",
            "08:00",
            "8-21",
            "08:00-08:00",
            "00:00-24:00",
            "24:00-06:00",
            "08:00-25:00",
            "08:60-21:00",
            "08:0-21:00",
            "008:00-21:00",
            "+8:00-21:00",
            "08:00-21:00-22:00",
            "morning",
        ] {
            let err = SendWindow::parse(text).expect_err(text);
            assert_eq!(err, ScheduleError::BadWindow(text.into()));
            assert!(!err.zh().is_empty());
        }
        assert_eq!(SendWindow::new(480, 480), Err(ScheduleError::BadWindow("08:00–08:00".into())));
        assert!(SendWindow::new(1440, 60).is_err());
        assert!(SendWindow::new(60, 1440).is_err());
        assert!(SendWindow::new(0, 1439).is_ok());
    }

    #[test]
    fn stored_as_camel_case_fields() {
        let json = serde_json::to_string(&SendWindow::DEFAULT).expect("json");
        assert_eq!(json, r#"{"start":480,"end":1260}"#);
        assert_eq!(serde_json::from_str::<SendWindow>(&json).expect("json"), SendWindow::DEFAULT);
    }

    #[test]
    fn open_from_start_up_to_end() {
        let w = SendWindow::DEFAULT;
        assert!(!w.is_open(ms("2026-06-01T07:59:59+08:00"), SHANGHAI));
        assert!(w.is_open(ms("2026-06-01T08:00:00+08:00"), SHANGHAI));
        assert!(w.is_open(ms("2026-06-01T20:59:59.999+08:00"), SHANGHAI));
        assert!(!w.is_open(ms("2026-06-01T21:00:00+08:00"), SHANGHAI));
        // The same instant is evening in New York (08:00 there is 20:00 in Shanghai).
        assert!(!w.is_open(ms("2026-06-01T07:00:00+08:00"), SHANGHAI));
        assert!(w.is_open(ms("2026-06-01T07:00:00+08:00"), NEW_YORK));
    }

    #[test]
    fn next_open_and_closes_at() {
        let w = SendWindow::DEFAULT;
        let morning = ms("2026-06-02T08:00:00+08:00");
        assert_eq!(w.next_open(ms("2026-06-01T22:00:00+08:00"), SHANGHAI), morning);
        assert_eq!(w.next_open(ms("2026-06-02T03:00:00+08:00"), SHANGHAI), morning);
        assert_eq!(w.next_open(ms("2026-06-01T21:00:00+08:00"), SHANGHAI), morning);
        let noon = ms("2026-06-02T12:00:00+08:00");
        assert_eq!(w.next_open(noon, SHANGHAI), noon);
        assert_eq!(w.closes_at(noon, SHANGHAI), Some(ms("2026-06-02T21:00:00+08:00")));
        assert_eq!(w.closes_at(morning, SHANGHAI), Some(ms("2026-06-02T21:00:00+08:00")));
        assert_eq!(w.closes_at(ms("2026-06-02T21:00:00+08:00"), SHANGHAI), None);
        // Month and year ends are only days.
        assert_eq!(w.next_open(ms("2026-12-31T23:00:00+08:00"), SHANGHAI), ms("2027-01-01T08:00:00+08:00"));
    }

    #[test]
    fn a_window_over_midnight() {
        let night = window("22:00-06:00");
        assert!(night.is_open(ms("2026-06-01T23:00:00+08:00"), SHANGHAI));
        assert!(night.is_open(ms("2026-06-02T02:00:00+08:00"), SHANGHAI));
        assert!(night.is_open(ms("2026-06-02T00:00:00+08:00"), SHANGHAI));
        assert!(!night.is_open(ms("2026-06-02T06:00:00+08:00"), SHANGHAI));
        assert!(!night.is_open(ms("2026-06-02T12:00:00+08:00"), SHANGHAI));
        let six = Some(ms("2026-06-02T06:00:00+08:00"));
        assert_eq!(night.closes_at(ms("2026-06-01T23:00:00+08:00"), SHANGHAI), six);
        assert_eq!(night.closes_at(ms("2026-06-02T02:00:00+08:00"), SHANGHAI), six);
        assert_eq!(
            night.next_open(ms("2026-06-02T12:00:00+08:00"), SHANGHAI),
            ms("2026-06-02T22:00:00+08:00")
        );
        let evening = window("22:00-24:00");
        assert!(evening.is_open(ms("2026-06-01T23:59:00+08:00"), SHANGHAI));
        assert!(!evening.is_open(ms("2026-06-02T00:00:00+08:00"), SHANGHAI));
    }

    #[test]
    fn finishing_counts_the_closed_hours() {
        let w = SendWindow::DEFAULT;
        let eight_pm = ms("2026-06-01T20:00:00+08:00");
        // Inside one opening.
        assert_eq!(w.finish_after(eight_pm, SHANGHAI, HOUR / 2), eight_pm + HOUR / 2);
        assert_eq!(w.finish_after(eight_pm, SHANGHAI, HOUR), ms("2026-06-01T21:00:00+08:00"));
        // One closed night: 1 hour tonight, 1 tomorrow morning.
        assert_eq!(w.finish_after(eight_pm, SHANGHAI, 2 * HOUR), ms("2026-06-02T09:00:00+08:00"));
        // Two closed nights: 1 hour, the whole 13-hour day, 1 hour.
        assert_eq!(w.finish_after(eight_pm, SHANGHAI, 15 * HOUR), ms("2026-06-03T09:00:00+08:00"));
        // Starting while closed waits for the window.
        assert_eq!(
            w.finish_after(ms("2026-06-01T23:00:00+08:00"), SHANGHAI, HOUR),
            ms("2026-06-02T09:00:00+08:00")
        );
        assert_eq!(
            w.finish_after(ms("2026-06-01T23:00:00+08:00"), SHANGHAI, 0),
            ms("2026-06-02T08:00:00+08:00")
        );
        // Over midnight: 22:00-06:00 is 8 hours a night.
        let night = window("22:00-06:00");
        assert_eq!(
            night.finish_after(ms("2026-06-01T12:00:00+08:00"), SHANGHAI, 9 * HOUR),
            ms("2026-06-02T23:00:00+08:00")
        );
        // Far too much work still ends.
        assert!(w.finish_after(eight_pm, SHANGHAI, i64::MAX) > eight_pm);
    }

    #[test]
    fn new_york_daylight_saving_days() {
        // 2026-03-08 02:00 EST becomes 03:00 EDT: the night of the 7th is an hour shorter.
        let night = window("22:00-06:00");
        let start = ms("2026-03-07T22:00:00-05:00");
        assert_eq!(night.closes_at(start, NEW_YORK), Some(ms("2026-03-08T06:00:00-04:00")));
        assert_eq!(night.finish_after(start, NEW_YORK, 8 * HOUR), ms("2026-03-08T23:00:00-04:00"));
        // A window that opens inside the skipped hour opens when it ends.
        let late = window("02:30-08:00");
        assert!(!late.is_open(ms("2026-03-08T01:59:00-05:00"), NEW_YORK));
        assert_eq!(
            late.next_open(ms("2026-03-08T01:00:00-05:00"), NEW_YORK),
            ms("2026-03-08T03:00:00-04:00")
        );
        // One entirely inside it does not open that day.
        let lost = window("02:10-02:50");
        assert_eq!(
            lost.next_open(ms("2026-03-08T00:00:00-05:00"), NEW_YORK),
            ms("2026-03-09T02:10:00-04:00")
        );
        // 2026-11-01 02:00 EDT becomes 01:00 EST: boundaries in the repeated hour are the first.
        let early = window("01:30-09:00");
        assert_eq!(
            early.next_open(ms("2026-11-01T00:00:00-04:00"), NEW_YORK),
            ms("2026-11-01T01:30:00-04:00")
        );
        assert!(early.is_open(ms("2026-11-01T01:10:00-05:00"), NEW_YORK), "opened an hour ago");
        assert_eq!(
            early.finish_after(ms("2026-11-01T01:30:00-04:00"), NEW_YORK, 8 * HOUR),
            ms("2026-11-01T08:30:00-05:00")
        );
        let till = window("22:00-01:30");
        assert_eq!(
            till.closes_at(ms("2026-10-31T23:00:00-04:00"), NEW_YORK),
            Some(ms("2026-11-01T01:30:00-04:00"))
        );
        assert!(!till.is_open(ms("2026-11-01T01:10:00-05:00"), NEW_YORK), "closed at the first 01:30");
        // The ordinary window is untouched: these changes happen at night.
        assert!(SendWindow::DEFAULT.is_open(ms("2026-03-08T08:00:00-04:00"), NEW_YORK));
        assert!(!SendWindow::DEFAULT.is_open(ms("2026-03-08T07:59:00-04:00"), NEW_YORK));
    }
}
