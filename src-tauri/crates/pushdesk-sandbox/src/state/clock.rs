//! The sandbox's notion of "now": real time plus an offset tests can advance, so token expiry,
//! overlaps and per-minute windows are testable without sleeping.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Monotonic clock that can be pushed forward (never back).
#[derive(Debug)]
pub struct Clock {
    start: Instant,
    offset_ms: AtomicU64,
}

impl Clock {
    pub fn new() -> Self {
        Self { start: Instant::now(), offset_ms: AtomicU64::new(0) }
    }

    /// Time since the sandbox started, including any advance.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed() + Duration::from_millis(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }

    /// Index of the current minute since start (per-minute quota window).
    pub fn minute(&self) -> u64 {
        self.elapsed().as_secs() / 60
    }

    /// Index of the current day since start (daily quota window).
    pub fn day(&self) -> u64 {
        self.elapsed().as_secs() / 86_400
    }
}
