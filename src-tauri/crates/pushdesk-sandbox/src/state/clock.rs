//! The sandbox's notion of "now": real time plus an offset tests can advance, so token expiry,
//! overlaps and per-minute windows are testable without sleeping.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// Monotonic clock that can be pushed forward (never back).
#[derive(Debug)]
pub struct Clock {
    start: Instant,
    /// Wall time at `start`, so pushes carry a real-looking `CreateTime` that moves with
    /// [`Clock::advance`].
    unix_start: Duration,
    offset_ms: AtomicU64,
}

impl Clock {
    pub fn new() -> Self {
        let unix_start = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
        Self { start: Instant::now(), unix_start, offset_ms: AtomicU64::new(0) }
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

    /// "Now" in unix seconds: the wall time at start plus [`Clock::elapsed`].
    pub fn unix_seconds(&self) -> u64 {
        (self.unix_start + self.elapsed()).as_secs()
    }

    /// "Now" in unix milliseconds.
    pub fn unix_millis(&self) -> u64 {
        (self.unix_start + self.elapsed()).as_millis() as u64
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
