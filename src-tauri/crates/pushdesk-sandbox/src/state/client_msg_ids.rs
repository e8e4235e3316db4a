//! `client_msg_id` of an Official Account's template send, WeChat's 防重入id: "对于同一个openid +
//! client_msg_id，只发送一条消息，10分钟有效，超过10分钟不保证效果". The sandbox keeps the promise
//! exactly: within 10 minutes of the sandbox clock a repeat is never delivered; after that it is
//! a new message.
//!
//! A claim is taken only by a send that is delivered (or intercepted), at that moment and under
//! one lock, so two concurrent sends with the same id deliver once, and a send refused for
//! anything (43004, 47003, a fault before delivery …) leaves the id free for its retry.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use std::time::Duration;

use super::{lock, SHARDS};

/// How long WeChat keeps a `client_msg_id`.
pub const CLIENT_MSG_ID_WINDOW: Duration = Duration::from_secs(600);

/// Shards grow to this before a sweep of expired claims is worth its time.
const SWEEP_FROM: usize = 1024;

#[derive(Debug, Clone, Copy)]
struct Claim {
    msgid: u64,
    /// Sandbox-clock time of the delivery.
    at: Duration,
}

/// Claims of (appid, openid, client_msg_id), keyed by their hash.
#[derive(Debug)]
pub struct ClientMsgIds {
    shards: [Mutex<HashMap<u64, Claim>>; SHARDS],
}

impl Default for ClientMsgIds {
    fn default() -> Self {
        Self { shards: std::array::from_fn(|_| Mutex::new(HashMap::new())) }
    }
}

impl ClientMsgIds {
    /// Claims the id for a message delivered now (`now` on the sandbox clock) with `msgid`; a
    /// repeat within the window gets `Err` with the msgid of the message already sent.
    pub fn claim(&self, appid: &str, openid: &str, id: &str, msgid: u64, now: Duration) -> Result<(), u64> {
        let mut h = DefaultHasher::new();
        (appid, openid, id).hash(&mut h);
        let key = h.finish();
        let mut shard = lock(&self.shards[(key % SHARDS as u64) as usize]);
        if let Some(claim) = shard.get(&key) {
            if now.saturating_sub(claim.at) < CLIENT_MSG_ID_WINDOW {
                return Err(claim.msgid);
            }
        }
        // Sweeping at each power of two keeps the cost per claim constant.
        if shard.len() >= SWEEP_FROM && shard.len().is_power_of_two() {
            shard.retain(|_, c| now.saturating_sub(c.at) < CLIENT_MSG_ID_WINDOW);
        }
        shard.insert(key, Claim { msgid, at: now });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPENID: &str = "oRq7WsDlbDc5kPtXawAOjtzOPa02";

    #[test]
    fn a_repeat_within_ten_minutes_gets_the_first_msgid() {
        let ids = ClientMsgIds::default();
        let t = Duration::from_secs(1000);
        assert_eq!(ids.claim("wxA", OPENID, "MSG_1", 11, t), Ok(()));
        assert_eq!(ids.claim("wxA", OPENID, "MSG_1", 12, t + Duration::from_secs(599)), Err(11));
        // Another user, another id or another account: a different message.
        assert_eq!(ids.claim("wxA", "oRq7WsPM3_vTfHMhQqRpJNvtFbJP", "MSG_1", 13, t), Ok(()));
        assert_eq!(ids.claim("wxA", OPENID, "MSG_2", 14, t), Ok(()));
        assert_eq!(ids.claim("wxB", OPENID, "MSG_1", 15, t), Ok(()));
        // Ten minutes after the delivery: new again, and the new claim counts from now.
        let later = t + CLIENT_MSG_ID_WINDOW;
        assert_eq!(ids.claim("wxA", OPENID, "MSG_1", 16, later), Ok(()));
        assert_eq!(ids.claim("wxA", OPENID, "MSG_1", 17, later + Duration::from_secs(1)), Err(16));
    }

    #[test]
    fn expired_claims_are_swept() {
        let ids = ClientMsgIds::default();
        for i in 0..(SWEEP_FROM * SHARDS * 2) {
            let _ = ids.claim("wxA", OPENID, &i.to_string(), 1, Duration::ZERO);
        }
        let late = CLIENT_MSG_ID_WINDOW * 2;
        for i in 0..(SWEEP_FROM * SHARDS * 2) {
            let _ = ids.claim("wxA", OPENID, &format!("late{i}"), 1, late);
        }
        let kept: usize = ids.shards.iter().map(|s| lock(s).len()).sum();
        assert!(kept < SWEEP_FROM * SHARDS * 4, "{kept}");
    }
}
