//! Per-minute (45011) and daily (45009) call limits of `subscribe/send` (and of an Official
//! Account's `template/send`), per app, on the sandbox clock.

use std::sync::Mutex;

use crate::error::ApiError;

use super::clock::Clock;
use super::lock;

/// WeChat's documented daily cap for subscribe/send, used when no daily limit is configured.
pub const WECHAT_DAILY_LIMIT: u64 = 10_000_000;

#[derive(Debug, Default)]
struct Window {
    minute: u64,
    minute_calls: u64,
    day: u64,
    day_calls: u64,
}

/// WeChat's documented daily cap for an Official Account's template messages ("日调用上限为10万次";
/// WeChat raises it for accounts with more than 100 000 followers).
pub const WECHAT_TEMPLATE_DAILY_LIMIT: u64 = 100_000;

/// The limits and the calls counted against them.
#[derive(Debug)]
pub struct Limits {
    per_minute: Mutex<Option<u32>>,
    daily: Mutex<Option<u64>>,
    /// WeChat's own daily cap for the API, used while no daily limit is set.
    wechat_daily: u64,
    window: Mutex<Window>,
}

impl Limits {
    pub fn new(per_minute: Option<u32>, daily: Option<u64>) -> Self {
        Self::with_wechat_daily(per_minute, daily, WECHAT_DAILY_LIMIT)
    }

    /// Limits of an API whose own daily cap is `wechat_daily`.
    pub fn with_wechat_daily(per_minute: Option<u32>, daily: Option<u64>, wechat_daily: u64) -> Self {
        Self {
            per_minute: Mutex::new(per_minute),
            daily: Mutex::new(daily),
            wechat_daily,
            window: Mutex::new(Window::default()),
        }
    }

    pub fn set(&self, per_minute: Option<u32>, daily: Option<u64>) {
        *lock(&self.per_minute) = per_minute;
        *lock(&self.daily) = daily;
    }

    /// Counts one call, or refuses it without counting when a limit is reached.
    pub fn admit(&self, clock: &Clock) -> Result<(), ApiError> {
        let per_minute = *lock(&self.per_minute);
        let daily = self.daily_limit();
        let mut w = lock(&self.window);
        roll(&mut w, clock);
        if w.day_calls >= daily {
            return Err(ApiError::DailyQuota);
        }
        if per_minute.is_some_and(|limit| w.minute_calls >= u64::from(limit)) {
            return Err(ApiError::MinuteQuota);
        }
        w.minute_calls += 1;
        w.day_calls += 1;
        Ok(())
    }

    /// `(daily_limit, used today)` for `quota/get`.
    pub fn daily_usage(&self, clock: &Clock) -> (u64, u64) {
        let daily = self.daily_limit();
        let mut w = lock(&self.window);
        roll(&mut w, clock);
        (daily, w.day_calls)
    }

    fn daily_limit(&self) -> u64 {
        lock(&self.daily).unwrap_or(self.wechat_daily)
    }
}

fn roll(w: &mut Window, clock: &Clock) {
    let (minute, day) = (clock.minute(), clock.day());
    if w.minute != minute {
        w.minute = minute;
        w.minute_calls = 0;
    }
    if w.day != day {
        w.day = day;
        w.day_calls = 0;
    }
}
