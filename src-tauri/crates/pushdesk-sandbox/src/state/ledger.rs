//! The subscription ledger: one-time authorisations left per (appid, openid, template).
//!
//! Keys are 64-bit hashes rather than strings so a million generated openids cost megabytes,
//! not hundreds of them.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use super::{lock, SHARDS};

/// Ledger key of one (appid, openid, template).
pub fn key(appid: &str, openid: &str, template_id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (appid, openid, template_id).hash(&mut h);
    h.finish()
}

/// Key recording that an openid is a known demo user: its unlisted templates have no
/// authorisations instead of the default.
pub fn user_marker(appid: &str, openid: &str) -> u64 {
    let mut h = DefaultHasher::new();
    ("demo-user", appid, openid).hash(&mut h);
    h.finish()
}

/// Authorisations left, created lazily: a (user, template) never seen starts with the default.
#[derive(Debug)]
pub struct Ledger {
    default: AtomicU32,
    shards: [Mutex<HashMap<u64, u32>>; SHARDS],
}

impl Ledger {
    pub fn new(default: u32, seed: Vec<(u64, u32)>) -> Self {
        let ledger = Self {
            default: AtomicU32::new(default),
            shards: std::array::from_fn(|_| Mutex::new(HashMap::new())),
        };
        for (k, v) in seed {
            lock(ledger.shard(k)).insert(k, v);
        }
        ledger
    }

    fn shard(&self, k: u64) -> &Mutex<HashMap<u64, u32>> {
        // The key is already a hash; its low bits spread evenly.
        &self.shards[(k % SHARDS as u64) as usize]
    }

    fn initial(&self, appid: &str, openid: &str) -> u32 {
        let marker = user_marker(appid, openid);
        if lock(self.shard(marker)).contains_key(&marker) {
            0
        } else {
            self.default.load(Ordering::Relaxed)
        }
    }

    /// Uses one authorisation; `false` when none is left (43101).
    pub fn consume(&self, appid: &str, openid: &str, template_id: &str) -> bool {
        let k = key(appid, openid, template_id);
        let initial = self.initial(appid, openid);
        let mut shard = lock(self.shard(k));
        let left = shard.entry(k).or_insert(initial);
        if *left == 0 {
            return false;
        }
        *left -= 1;
        true
    }

    /// Authorisations left.
    pub fn remaining(&self, appid: &str, openid: &str, template_id: &str) -> u32 {
        let k = key(appid, openid, template_id);
        let initial = self.initial(appid, openid);
        lock(self.shard(k)).get(&k).copied().unwrap_or(initial)
    }

    /// Adds `count` authorisations (the user tapped "accept" `count` more times).
    pub fn grant(&self, appid: &str, openid: &str, template_id: &str, count: u32) {
        let k = key(appid, openid, template_id);
        let initial = self.initial(appid, openid);
        let mut shard = lock(self.shard(k));
        let left = shard.entry(k).or_insert(initial);
        *left = left.saturating_add(count);
    }

    /// Sets the authorisations left; `0` revokes them all.
    pub fn set(&self, appid: &str, openid: &str, template_id: &str, count: u32) {
        let k = key(appid, openid, template_id);
        lock(self.shard(k)).insert(k, count);
    }

    pub fn set_default(&self, default: u32) {
        self.default.store(default, Ordering::Relaxed);
    }
}
