//! What happened per openid: sends received, messages delivered, deliveries whose answer a
//! fault took away. A test compares each row's final state with these: delivered ⇔ `sent` or
//! `unknown`, and a delivery without an answer ⇒ `unknown`, never `failed`.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::state::{lock, shard_of, SHARDS};

/// Counters of one openid (all apps together) since the last stats reset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenidCounts {
    /// Send requests naming this openid that reached the send handler, whatever their answer
    /// (token errors, faults before delivery, 43101 … included).
    pub received: u64,
    /// Messages delivered to this openid (the user got them), including deliveries answered by
    /// a fault after delivery.
    pub delivered: u64,
    /// Deliveries to this openid answered by a fault after delivery (HTTP 502/504 or a dropped
    /// connection): the client cannot know they arrived.
    pub delivered_unanswered: u64,
}

/// Sharded map openid → counts; one entry per openid ever named in a send.
#[derive(Debug)]
pub struct PerOpenid {
    shards: [Mutex<HashMap<Box<str>, OpenidCounts>>; SHARDS],
}

impl Default for PerOpenid {
    fn default() -> Self {
        Self { shards: std::array::from_fn(|_| Mutex::new(HashMap::new())) }
    }
}

impl PerOpenid {
    /// Changes the counts of `openid` with `f`.
    pub fn update(&self, openid: &str, f: impl FnOnce(&mut OpenidCounts)) {
        let mut shard = lock(&self.shards[shard_of(openid)]);
        match shard.get_mut(openid) {
            Some(counts) => f(counts),
            None => {
                let mut counts = OpenidCounts::default();
                f(&mut counts);
                shard.insert(openid.into(), counts);
            }
        }
    }

    pub fn get(&self, openid: &str) -> OpenidCounts {
        lock(&self.shards[shard_of(openid)]).get(openid).copied().unwrap_or_default()
    }

    /// The openids whose counts pass `keep`, with one number picked from each by `pick`.
    pub fn collect<T>(
        &self,
        keep: impl Fn(&OpenidCounts) -> bool,
        pick: impl Fn(&OpenidCounts) -> T,
    ) -> HashMap<String, T> {
        let mut out = HashMap::new();
        for shard in &self.shards {
            for (openid, counts) in lock(shard).iter().filter(|(_, c)| keep(c)) {
                out.insert(openid.to_string(), pick(counts));
            }
        }
        out
    }

    pub fn clear(&self) {
        for shard in &self.shards {
            lock(shard).clear();
        }
    }
}
