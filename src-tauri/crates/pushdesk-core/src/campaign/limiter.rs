//! The rate limit: at most `rate` requests leave in any one-second window, and a pause for
//! everyone when WeChat says to slow down (45011).

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::{sleep_until, Instant};

/// Shared by every worker of a campaign.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    rate: usize,
    interval: Duration,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// When the last `rate` requests left: the window the limit is checked against.
    recent: VecDeque<Instant>,
    /// Pacing: the earliest the next request may leave, so sends spread over the second
    /// instead of bursting at its start.
    next_slot: Instant,
    /// Nothing leaves before this (set by 45011).
    hold_until: Option<Instant>,
}

impl RateLimiter {
    /// A limiter of `rate` messages per second (at least 1).
    pub(crate) fn new(rate: u32) -> Self {
        let rate = rate.max(1) as usize;
        RateLimiter {
            rate,
            interval: Duration::from_secs(1) / rate as u32,
            state: Mutex::new(State {
                recent: VecDeque::with_capacity(rate),
                next_slot: Instant::now(),
                hold_until: None,
            }),
        }
    }

    /// Waits for a slot and returns the wall-clock time (unix ms) the request may leave at.
    /// Holding the lock while waiting queues the workers fairly.
    pub(crate) async fn acquire(&self) -> i64 {
        let mut s = self.state.lock().await;
        loop {
            let now = Instant::now();
            let mut ready_at = s.next_slot.max(now);
            if let Some(hold) = s.hold_until {
                ready_at = ready_at.max(hold);
            }
            if s.recent.len() == self.rate {
                if let Some(oldest) = s.recent.front() {
                    ready_at = ready_at.max(*oldest + Duration::from_secs(1));
                }
            }
            if ready_at <= now {
                break;
            }
            sleep_until(ready_at).await;
        }
        let now = Instant::now();
        if s.recent.len() == self.rate {
            s.recent.pop_front();
        }
        s.recent.push_back(now);
        s.next_slot = s.next_slot.max(now - self.interval) + self.interval;
        crate::campaign::model::now_ms()
    }

    /// Holds every request until `until` (WeChat's per-minute limit).
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
        let limiter = RateLimiter::new(20);
        let mut times = Vec::new();
        for _ in 0..45 {
            limiter.acquire().await;
            times.push(Instant::now());
        }
        for (i, t) in times.iter().enumerate().skip(20) {
            assert!(*t - times[i - 20] >= Duration::from_secs(1), "window broken at {i}");
        }
    }

    #[tokio::test]
    async fn hold_delays_everyone() {
        let limiter = RateLimiter::new(100);
        let start = Instant::now();
        limiter.hold(start + Duration::from_millis(300)).await;
        limiter.acquire().await;
        assert!(Instant::now() - start >= Duration::from_millis(300));
    }
}
