//! The rate limit of one account (AppID), shared by every campaign this process sends for it.
//!
//! A campaign of rate `r` may let a request go only when fewer than `r` of the account's
//! requests left in the last second (plus a small margin), so no one-second window ever holds
//! more than the rate of the fastest campaign running — however many campaigns share the
//! account. Requests are paced over the second rather than let go in a burst at its start. The
//! moment a slot is granted is the moment the request is written (see `wechat::SendLine`), and
//! every request takes a slot: first attempts, retries, and re-sends after a new token.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::{sleep_until, Instant};

use crate::model::now_ms;

/// Slack on top of the one-second window: the time between granting a slot and the request's
/// first byte reaching the server varies by a few milliseconds (scheduling, the socket), and
/// the server's window must still never hold more than the rate.
const WINDOW_MARGIN: Duration = Duration::from_millis(15);

const WINDOW: Duration = Duration::from_secs(1);

#[derive(Debug)]
struct Window {
    /// When the account's recent requests left, oldest first.
    recent: VecDeque<Instant>,
    /// Pacing: the earliest the next request may leave.
    next_slot: Instant,
    /// Nothing leaves before this (set by 45011).
    hold_until: Option<Instant>,
}

/// The account's limiter.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    state: Mutex<Window>,
}

impl Default for RateLimiter {
    fn default() -> Self {
        RateLimiter {
            state: Mutex::new(Window {
                recent: VecDeque::new(),
                next_slot: Instant::now(),
                hold_until: None,
            }),
        }
    }
}

impl RateLimiter {
    /// Counts requests that already left (unix ms), e.g. those a run killed a moment ago made
    /// in its last second, as read from the journal.
    pub(crate) async fn seed(&self, departed: &[i64]) {
        let now_instant = Instant::now();
        let now = now_ms();
        let mut s = self.state.lock().await;
        for at in departed {
            let ago = Duration::from_millis(now.saturating_sub(*at).max(0) as u64);
            if ago < WINDOW + WINDOW_MARGIN {
                s.recent.push_back(now_instant.checked_sub(ago).unwrap_or(now_instant));
            }
        }
        s.recent.make_contiguous().sort();
    }

    /// Waits for a slot at `rate` messages per second and returns the wall-clock time it was
    /// granted (unix ms). Holding the lock while waiting queues the callers fairly.
    pub(crate) async fn acquire(&self, rate: u32) -> i64 {
        let rate = rate.max(1) as usize;
        let interval = WINDOW / rate as u32;
        let mut s = self.state.lock().await;
        loop {
            let now = Instant::now();
            while s.recent.front().is_some_and(|t| now.duration_since(*t) >= WINDOW + WINDOW_MARGIN) {
                s.recent.pop_front();
            }
            let mut ready_at = s.next_slot.max(now);
            if let Some(hold) = s.hold_until {
                ready_at = ready_at.max(hold);
            }
            if s.recent.len() >= rate {
                let rth_latest = s.recent[s.recent.len() - rate];
                ready_at = ready_at.max(rth_latest + WINDOW + WINDOW_MARGIN);
            }
            if ready_at <= now {
                break;
            }
            sleep_until(ready_at).await;
        }
        let now = Instant::now();
        s.recent.push_back(now);
        // Pacing does not bank idle time: after a pause the next slot is at most one interval
        // behind now, so a backlog does not leave in a burst.
        s.next_slot = s.next_slot.max(now.checked_sub(interval).unwrap_or(now)) + interval;
        now_ms()
    }

    /// Holds every request of the account until `until` (WeChat's per-minute limit).
    pub(crate) async fn hold(&self, until: Instant) {
        let mut s = self.state.lock().await;
        s.hold_until = Some(s.hold_until.map_or(until, |h| h.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn never_more_than_rate_in_any_one_second_window() {
        let limiter = RateLimiter::default();
        let mut times = Vec::new();
        for _ in 0..45 {
            limiter.acquire(20).await;
            times.push(Instant::now());
        }
        for (i, t) in times.iter().enumerate().skip(20) {
            assert!(*t - times[i - 20] >= WINDOW, "window broken at {i}");
        }
    }

    #[tokio::test]
    async fn requests_made_before_a_restart_count() {
        let limiter = RateLimiter::default();
        let now = now_ms();
        let before: Vec<i64> = (0..10).map(|i| now - 100 + i).collect();
        limiter.seed(&before).await;
        let start = Instant::now();
        limiter.acquire(10).await;
        assert!(start.elapsed() >= Duration::from_millis(850), "the seeded second still counts");
    }

    #[tokio::test]
    async fn hold_delays_everyone() {
        let limiter = RateLimiter::default();
        let start = Instant::now();
        limiter.hold(start + Duration::from_millis(300)).await;
        limiter.acquire(100).await;
        assert!(Instant::now() - start >= Duration::from_millis(300));
    }
}
