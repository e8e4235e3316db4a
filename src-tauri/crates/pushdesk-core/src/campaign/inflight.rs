//! Never two requests in flight to the same openid: WeChat answers 43108 to the second.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

/// The openids with a request in flight.
#[derive(Debug, Default, Clone)]
pub(crate) struct InFlight {
    inner: Arc<(Mutex<HashSet<String>>, Notify)>,
}

/// Held while a request to its openid may be in flight.
pub(crate) struct OpenidGuard {
    inflight: InFlight,
    openid: String,
}

impl InFlight {
    /// Waits until no request to `openid` is in flight, and claims it.
    pub(crate) async fn claim(&self, openid: &str) -> OpenidGuard {
        let (set, notify) = &*self.inner;
        loop {
            // Register interest before checking, so a release between the check and the wait
            // is not missed.
            let released = notify.notified();
            if set.lock().unwrap_or_else(|p| p.into_inner()).insert(openid.to_string()) {
                return OpenidGuard { inflight: self.clone(), openid: openid.to_string() };
            }
            released.await;
        }
    }
}

impl Drop for OpenidGuard {
    fn drop(&mut self) {
        let (set, notify) = &*self.inflight.inner;
        set.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.openid);
        notify.notify_waiters();
    }
}
