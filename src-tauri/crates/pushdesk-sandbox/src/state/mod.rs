//! Shared state of one running sandbox. Each concern has its own small lock (or a set of shards)
//! so 64 concurrent sends never queue behind one another, and no lock is held across an await.

pub mod apps;
pub mod audience;
pub mod client_msg_ids;
pub mod clock;
pub mod inflight;
pub mod intercepted;
pub mod ledger;
pub mod limits;
pub mod official;

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use rand::Rng;
use tokio::sync::watch;

use crate::config::SandboxConfig;
use crate::demo::{demo_openids, DemoUser};
use crate::faults::FaultPlan;
use crate::gate::Gate;
use crate::pushes::PushJournal;
use crate::stats::{RecentDeliveries, Stats};
use crate::token_faults::TokenFaultPlan;
use crate::tokens::TokenStore;
use crate::{DEMO_APPID, DEMO_OA_APPID, DEMO_OA_SECRET, DEMO_SECRET};

use apps::App;
use clock::Clock;
use inflight::InFlight;
use ledger::Ledger;
use official::OfficialAccount;

/// Number of shards for per-openid maps: enough that 64 workers rarely meet on one lock.
pub const SHARDS: usize = 32;

/// Everything the handlers share.
#[derive(Debug)]
pub struct SandboxState {
    pub clock: Clock,
    pub apps: HashMap<String, App>,
    /// The Official Account's templates, users and messages (its credentials are in `apps`).
    pub official: OfficialAccount,
    pub tokens: TokenStore,
    pub ledger: Ledger,
    pub in_flight: InFlight,
    pub faults: FaultPlan,
    pub token_faults: TokenFaultPlan,
    pub stats: Stats,
    /// The last messages delivered, with their pages.
    pub recent: RecentDeliveries,
    /// The event pushes WeChat would have sent to the company's server.
    pub pushes: PushJournal,
    /// Opens and closes the listening socket (`SandboxControl::refuse_connections`).
    pub gate: Gate,
    /// Openids that belong to some other AppID (40003).
    pub other_app: RwLock<HashSet<String>>,
    latency_ms: AtomicU64,
    /// While `true`, accepted sends wait before answering (deterministic 43108 tests).
    pub hold: watch::Sender<bool>,
    next_msgid: AtomicU64,
}

impl SandboxState {
    pub fn new(config: &SandboxConfig, gate: Gate) -> Self {
        let users = demo_openids();
        let mut apps = HashMap::new();
        apps.insert(DEMO_APPID.to_owned(), App::demo(DEMO_APPID, DEMO_SECRET, config));
        for (appid, secret) in &config.apps {
            apps.entry(appid.clone()).or_insert_with(|| App::demo(appid, secret, config));
        }
        apps.insert(DEMO_OA_APPID.to_owned(), App::official(DEMO_OA_APPID, DEMO_OA_SECRET, config));
        let other_app = users.iter().filter(|u| u.other_app).map(|u| u.openid.clone()).collect();
        // Start msgids well above 2^53 (9_007_199_254_740_992) and below i64::MAX, 19 digits
        // like WeChat's, so a client that parses them as f64 visibly loses digits.
        let first_msgid = rand::rng().random_range(2_000_000_000_000_000_000..3_000_000_000_000_000_000);
        Self {
            clock: Clock::new(),
            apps,
            official: OfficialAccount::demo(config),
            tokens: TokenStore::new(config.token_ttl),
            ledger: Ledger::new(config.default_subscriptions, demo_ledger(&users)),
            in_flight: InFlight::default(),
            faults: FaultPlan::new(
                config.fault_rate,
                config.after_delivery_fault_rate,
                config.async_failure_rate,
            ),
            token_faults: TokenFaultPlan::default(),
            stats: Stats::new(),
            recent: RecentDeliveries::default(),
            pushes: PushJournal::default(),
            gate,
            other_app: RwLock::new(other_app),
            latency_ms: AtomicU64::new(duration_ms(config.latency)),
            hold: watch::Sender::new(false),
            next_msgid: AtomicU64::new(first_msgid),
        }
    }

    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.latency_ms.load(Ordering::Relaxed))
    }

    pub fn set_latency(&self, latency: Duration) {
        self.latency_ms.store(duration_ms(latency), Ordering::Relaxed);
    }

    /// A unique msgid; random gaps so ids do not look sequential.
    pub fn new_msgid(&self) -> u64 {
        let step = rand::rng().random_range(1..=997);
        self.next_msgid.fetch_add(step, Ordering::Relaxed) + step
    }

    pub fn is_other_app(&self, openid: &str) -> bool {
        read(&self.other_app).contains(openid)
    }
}

fn duration_ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The demo users' authorisations, keyed like the ledger: (demo appid, openid, template).
fn demo_ledger(users: &[DemoUser]) -> Vec<(u64, u32)> {
    let mut entries = Vec::new();
    for u in users.iter().filter(|u| !u.other_app) {
        entries.push((ledger::user_marker(DEMO_APPID, &u.openid), 0));
        for (template, count) in &u.subscriptions {
            entries.push((ledger::key(DEMO_APPID, &u.openid, template), *count));
        }
    }
    entries
}

/// Locks a mutex; a panic elsewhere must not take the whole simulator down with it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

pub fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|p| p.into_inner())
}

pub fn write<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(|p| p.into_inner())
}

/// Which shard a key lives in.
pub fn shard_of<K: Hash + ?Sized>(key: &K) -> usize {
    let mut h = DefaultHasher::new();
    key.hash(&mut h);
    // SHARDS is tiny, so the truncating cast cannot lose anything that matters.
    (h.finish() % SHARDS as u64) as usize
}
