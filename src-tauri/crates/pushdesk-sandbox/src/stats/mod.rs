//! Counters about what the sandbox received and answered. Cheap at millions of sends: atomics
//! and small maps, plus one hash per accepted message to detect duplicates and one entry per
//! openid.

mod per_openid;
mod recent;
mod window;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::state::{lock, shard_of, SHARDS};

pub use per_openid::OpenidCounts;
use per_openid::PerOpenid;
pub use recent::{Delivery, DeliveryChannel, RecentDeliveries, ShownKeyword};
use window::BusiestSecond;

/// A snapshot of the counters, as returned by `GET /__sandbox/stats`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SandboxStats {
    /// Calls to `GET /cgi-bin/token`.
    pub token_requests: u64,
    /// Calls to `POST /cgi-bin/stable_token`.
    pub stable_token_requests: u64,
    /// Stable-token calls with `force_refresh:true` that issued a new token.
    pub stable_force_refreshes: u64,
    /// Token calls (either kind) answered by an injected token fault instead of a token.
    pub token_faults: u64,
    /// Calls to `subscribe/send` and the Official Account's `template/send`, whatever their
    /// outcome.
    pub sends_received: u64,
    /// Messages delivered: sends answered with `errcode 0` (including ones answered late by
    /// `SlowResponse`) plus deliveries answered by a fault after delivery. Template sends
    /// answered `errcode 0` without a delivery — a `client_msg_id` repeat, an intercepted
    /// message — are not counted.
    pub accepted: u64,
    /// Deliveries (counted in `accepted`) answered by a fault after delivery — HTTP 502/504 or
    /// a dropped connection — so the client cannot know they arrived. Per openid:
    /// `SandboxControl::delivered_unanswered_per_openid`.
    pub delivered_unanswered: u64,
    /// Accepted sends whose (appid, touser, template_id, data, page) had been accepted before:
    /// a user received the same message twice.
    pub duplicates: u64,
    /// Sends answered with a non-zero errcode, by errcode (injected ones included).
    pub rejected_by_errcode: BTreeMap<i64, u64>,
    /// Sends answered `43108` because another send to the same openid was in flight.
    pub concurrent_rejections: u64,
    /// Sends answered with an HTTP error status by an injected fault, by status, whichever
    /// side of delivery the fault was on (after-delivery ones are also in
    /// `delivered_unanswered`).
    pub http_errors: BTreeMap<u16, u64>,
    /// Sends whose connection was closed without an answer, on either side of delivery.
    pub dropped_connections: u64,
    /// Sends being processed right now.
    pub in_flight: u64,
    /// Highest number of sends processed at the same time since the last reset.
    pub max_in_flight: u64,
    /// Sends currently waiting at the hold gate (see `SandboxControl::hold_sends`).
    pub held: u64,
    /// Accepted sends per second since start (or the last reset): index 0 is the first second.
    pub accepted_per_second: Vec<u64>,
    /// The most send requests that arrived within any one second (a sliding window over arrival
    /// instants, not wall-clock buckets), whatever their answer.
    pub busiest_second_received: u64,
    /// The most messages delivered within any one second (sliding window, as above): what a
    /// campaign's rate promise is checked against.
    pub busiest_second_delivered: u64,
}

/// Live counters behind [`SandboxStats`].
#[derive(Debug)]
pub struct Stats {
    pub token_requests: AtomicU64,
    pub stable_token_requests: AtomicU64,
    pub stable_force_refreshes: AtomicU64,
    pub token_faults: AtomicU64,
    sends_received: AtomicU64,
    accepted: AtomicU64,
    delivered_unanswered: AtomicU64,
    duplicates: AtomicU64,
    concurrent_rejections: AtomicU64,
    dropped_connections: AtomicU64,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
    pub held: AtomicU64,
    rejected: Mutex<BTreeMap<i64, u64>>,
    http_errors: Mutex<BTreeMap<u16, u64>>,
    per_second: Mutex<(Instant, Vec<u64>)>,
    seen: [Mutex<HashSet<u128>>; SHARDS],
    per_openid: PerOpenid,
    busiest_received: BusiestSecond,
    busiest_delivered: BusiestSecond,
}

impl Stats {
    pub fn new() -> Self {
        Self {
            token_requests: AtomicU64::new(0),
            stable_token_requests: AtomicU64::new(0),
            stable_force_refreshes: AtomicU64::new(0),
            token_faults: AtomicU64::new(0),
            sends_received: AtomicU64::new(0),
            accepted: AtomicU64::new(0),
            delivered_unanswered: AtomicU64::new(0),
            duplicates: AtomicU64::new(0),
            concurrent_rejections: AtomicU64::new(0),
            dropped_connections: AtomicU64::new(0),
            in_flight: AtomicU64::new(0),
            max_in_flight: AtomicU64::new(0),
            held: AtomicU64::new(0),
            rejected: Mutex::new(BTreeMap::new()),
            http_errors: Mutex::new(BTreeMap::new()),
            per_second: Mutex::new((Instant::now(), Vec::new())),
            seen: std::array::from_fn(|_| Mutex::new(HashSet::new())),
            per_openid: PerOpenid::default(),
            busiest_received: BusiestSecond::default(),
            busiest_delivered: BusiestSecond::default(),
        }
    }

    /// Records a send request reaching the handler; `touser` when the body names one.
    pub fn record_received(&self, touser: Option<&str>) {
        self.sends_received.fetch_add(1, Ordering::Relaxed);
        self.busiest_received.record();
        if let Some(openid) = touser {
            self.per_openid.update(openid, |c| c.received += 1);
        }
    }

    /// Marks a send as in flight until the guard is dropped.
    pub fn enter_flight(&self) -> FlightGuard<'_> {
        let now = self.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        self.max_in_flight.fetch_max(now, Ordering::Relaxed);
        FlightGuard(self)
    }

    /// Records a delivered message; `fingerprint` identifies its content (see [`fingerprint`]).
    pub fn record_delivered(&self, openid: &str, fingerprint: u128) {
        self.accepted.fetch_add(1, Ordering::Relaxed);
        self.busiest_delivered.record();
        if !lock(&self.seen[shard_of(&fingerprint)]).insert(fingerprint) {
            self.duplicates.fetch_add(1, Ordering::Relaxed);
        }
        self.per_openid.update(openid, |c| c.delivered += 1);
        let mut per_second = lock(&self.per_second);
        let second = usize::try_from(per_second.0.elapsed().as_secs()).unwrap_or(usize::MAX);
        if per_second.1.len() <= second {
            per_second.1.resize(second + 1, 0);
        }
        per_second.1[second] += 1;
    }

    /// Records that a delivery to `openid` is answered by a fault after delivery.
    pub fn record_unanswered(&self, openid: &str) {
        self.delivered_unanswered.fetch_add(1, Ordering::Relaxed);
        self.per_openid.update(openid, |c| c.delivered_unanswered += 1);
    }

    pub fn record_errcode(&self, errcode: i64) {
        if errcode == 43108 {
            self.concurrent_rejections.fetch_add(1, Ordering::Relaxed);
        }
        *lock(&self.rejected).entry(errcode).or_insert(0) += 1;
    }

    pub fn record_http_error(&self, status: u16) {
        *lock(&self.http_errors).entry(status).or_insert(0) += 1;
    }

    pub fn record_dropped(&self) {
        self.dropped_connections.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts of one openid (all apps) since the last reset.
    pub fn openid(&self, openid: &str) -> OpenidCounts {
        self.per_openid.get(openid)
    }

    /// Counts of every openid named in a send since the last reset.
    pub fn per_openid(&self) -> HashMap<String, OpenidCounts> {
        self.per_openid.collect(|_| true, |c| *c)
    }

    /// Messages delivered per openid since the last reset (openids with at least one).
    pub fn accepted_per_openid(&self) -> HashMap<String, u64> {
        self.per_openid.collect(|c| c.delivered > 0, |c| c.delivered)
    }

    /// Deliveries answered by a fault after delivery, per openid (openids with at least one).
    pub fn delivered_unanswered_per_openid(&self) -> HashMap<String, u64> {
        self.per_openid.collect(|c| c.delivered_unanswered > 0, |c| c.delivered_unanswered)
    }

    pub fn snapshot(&self) -> SandboxStats {
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        SandboxStats {
            token_requests: load(&self.token_requests),
            stable_token_requests: load(&self.stable_token_requests),
            stable_force_refreshes: load(&self.stable_force_refreshes),
            token_faults: load(&self.token_faults),
            sends_received: load(&self.sends_received),
            accepted: load(&self.accepted),
            delivered_unanswered: load(&self.delivered_unanswered),
            duplicates: load(&self.duplicates),
            rejected_by_errcode: lock(&self.rejected).clone(),
            concurrent_rejections: load(&self.concurrent_rejections),
            http_errors: lock(&self.http_errors).clone(),
            dropped_connections: load(&self.dropped_connections),
            in_flight: load(&self.in_flight),
            max_in_flight: load(&self.max_in_flight),
            held: load(&self.held),
            accepted_per_second: lock(&self.per_second).1.clone(),
            busiest_second_received: self.busiest_received.busiest(),
            busiest_second_delivered: self.busiest_delivered.busiest(),
        }
    }

    /// Zeroes every counter (sends in flight stay counted as in flight).
    pub fn reset(&self) {
        for a in [
            &self.token_requests,
            &self.stable_token_requests,
            &self.stable_force_refreshes,
            &self.token_faults,
            &self.sends_received,
            &self.accepted,
            &self.delivered_unanswered,
            &self.duplicates,
            &self.concurrent_rejections,
            &self.dropped_connections,
        ] {
            a.store(0, Ordering::Relaxed);
        }
        self.max_in_flight.store(self.in_flight.load(Ordering::Relaxed), Ordering::Relaxed);
        lock(&self.rejected).clear();
        lock(&self.http_errors).clear();
        *lock(&self.per_second) = (Instant::now(), Vec::new());
        for shard in &self.seen {
            lock(shard).clear();
        }
        self.per_openid.clear();
        self.busiest_received.reset();
        self.busiest_delivered.reset();
    }
}

/// Keeps a send counted in `in_flight` while alive.
pub struct FlightGuard<'a>(&'a Stats);

impl Drop for FlightGuard<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A 128-bit fingerprint of a message's identity; 128 bits so that a million messages never
/// collide into a false "duplicate".
pub fn fingerprint(parts: &[&str]) -> u128 {
    let mut a = DefaultHasher::new();
    let mut b = DefaultHasher::new();
    0xA5u8.hash(&mut b);
    for p in parts {
        p.hash(&mut a);
        p.hash(&mut b);
    }
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}
