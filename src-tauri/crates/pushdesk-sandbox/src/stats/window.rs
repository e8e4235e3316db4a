//! The busiest one-second window of a stream of events.
//!
//! A sliding window over the events' instants, not wall-clock buckets: buckets split a burst
//! that straddles a second boundary in two and hide it, while a rate promise ("never more than
//! N in any second") is about every interval. The result is the largest number of events whose
//! instants all fall within one interval of length 1 s (half-open, so two events exactly 1 s
//! apart are never in the same window — the engine's own rule: the N-th previous departure must
//! be at least one second earlier).

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::state::lock;

const WINDOW: Duration = Duration::from_secs(1);

#[derive(Debug, Default)]
struct Inner {
    /// Instants of the events of the last second, oldest first.
    recent: VecDeque<Instant>,
    busiest: u64,
}

/// Tracks the busiest window. Memory is bounded by the busiest second's count.
#[derive(Debug, Default)]
pub struct BusiestSecond {
    inner: Mutex<Inner>,
}

impl BusiestSecond {
    /// Records one event happening now.
    pub fn record(&self) {
        let mut inner = lock(&self.inner);
        // Read the clock under the lock, so instants enter the queue in order even when many
        // tasks record at once.
        let now = Instant::now();
        push(&mut inner, now);
    }

    /// The largest number of events seen within one second since the last reset.
    pub fn busiest(&self) -> u64 {
        lock(&self.inner).busiest
    }

    pub fn reset(&self) {
        *lock(&self.inner) = Inner::default();
    }

    #[cfg(test)]
    fn record_at(&self, at: Instant) {
        push(&mut lock(&self.inner), at);
    }
}

fn push(inner: &mut Inner, now: Instant) {
    while inner.recent.front().is_some_and(|&first| now.duration_since(first) >= WINDOW) {
        inner.recent.pop_front();
    }
    inner.recent.push_back(now);
    inner.busiest = inner.busiest.max(inner.recent.len() as u64);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(start: Instant, ms: &[u64]) -> BusiestSecond {
        let w = BusiestSecond::default();
        for m in ms {
            w.record_at(start + Duration::from_millis(*m));
        }
        w
    }

    #[test]
    fn a_burst_across_a_second_boundary_counts_whole() {
        // Buckets would see 3 + 3; any interval of 1 s from 900 ms on holds all six.
        let w = at(Instant::now(), &[900, 950, 990, 1010, 1050, 1100]);
        assert_eq!(w.busiest(), 6);
    }

    #[test]
    fn events_exactly_one_second_apart_are_not_in_one_window() {
        let w = at(Instant::now(), &[0, 1000, 2000, 3000]);
        assert_eq!(w.busiest(), 1);
        let w = at(Instant::now(), &[0, 999, 1998]);
        assert_eq!(w.busiest(), 2);
    }

    #[test]
    fn a_steady_rate_gives_the_rate() {
        // 10 per second for 5 seconds.
        let ms: Vec<u64> = (0..50).map(|i| i * 100).collect();
        assert_eq!(at(Instant::now(), &ms).busiest(), 10);
    }

    #[test]
    fn reset_forgets() {
        let w = at(Instant::now(), &[0, 1, 2]);
        w.reset();
        assert_eq!(w.busiest(), 0);
        w.record();
        assert_eq!(w.busiest(), 1);
    }
}
