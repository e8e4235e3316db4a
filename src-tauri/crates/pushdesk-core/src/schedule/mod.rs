//! Time for campaigns that do not start with a click: when a campaign is due, when a series
//! runs next, and the daily hours a campaign may send in. Wall-clock times are read in a named
//! zone (the machine's when the campaign was made), so 10:00 stays 10:00 across DST changes.
//!
//! Nothing here reads the system clock except [`SystemClock`]: the scheduler, the engine's
//! window check and the tests take a [`Clock`].

mod clock;
mod cron;
mod error;
mod repeat;
mod window;
mod zone;

pub use clock::{Clock, ManualClock, SystemClock};
pub use cron::CronSchedule;
pub use error::ScheduleError;
pub use repeat::Repeat;
pub use window::SendWindow;
pub use zone::{format_local, local_zone, parse_when, parse_zone, time_of_day, Tz};

/// The zone a campaign or series names, or this machine's when it names none (or one this
/// build does not know).
pub fn zone_or_local(name: Option<&str>) -> Tz {
    name.and_then(|n| parse_zone(n).ok()).unwrap_or_else(local_zone)
}

/// An instant for an English log line or message: "2026-12-12 02:00 UTC".
pub fn utc_label(ms: i64) -> String {
    format!("{} UTC", format_local(ms, Tz::UTC))
}
