//! Which openids have a send in flight, to answer 43108 like WeChat does when a client sends to
//! one user concurrently.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

use super::{lock, SHARDS};

/// Sharded set of (appid, openid) hashes currently being sent to.
#[derive(Debug)]
pub struct InFlight {
    shards: [Mutex<HashSet<u64>>; SHARDS],
}

impl Default for InFlight {
    fn default() -> Self {
        Self { shards: std::array::from_fn(|_| Mutex::new(HashSet::new())) }
    }
}

impl InFlight {
    /// Claims the openid for one send; `None` if another send to it is in flight.
    pub fn try_enter(&self, appid: &str, openid: &str) -> Option<InFlightGuard<'_>> {
        let mut h = DefaultHasher::new();
        (appid, openid).hash(&mut h);
        let k = h.finish();
        let shard = &self.shards[(k % SHARDS as u64) as usize];
        // Not `then_some(guard)`: that would build (and drop, i.e. unlock-and-remove) a guard
        // even when the insert failed, while the shard is still locked.
        let inserted = lock(shard).insert(k);
        if inserted {
            Some(InFlightGuard { shard, key: k })
        } else {
            None
        }
    }
}

/// Releases the openid when the send is answered (or its connection is dropped).
pub struct InFlightGuard<'a> {
    shard: &'a Mutex<HashSet<u64>>,
    key: u64,
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        lock(self.shard).remove(&self.key);
    }
}
