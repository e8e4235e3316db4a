//! Programmatic control of a running sandbox: fault injection, limits, subscriptions, clock.
//! The HTTP endpoints under `/__sandbox/` call exactly these methods.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::faults::Fault;
use crate::state::{write, SandboxState};
use crate::stats::SandboxStats;
use crate::DEMO_APPID;

/// Handle to change a running sandbox's behaviour; cheap to clone.
#[derive(Debug, Clone)]
pub struct SandboxControl {
    state: Arc<SandboxState>,
}

impl SandboxControl {
    pub(crate) fn new(state: Arc<SandboxState>) -> Self {
        Self { state }
    }

    /// Expires every token issued so far: the next API call with one answers 42001.
    pub fn expire_tokens(&self) {
        self.state.tokens.expire_all(&self.state.clock);
    }

    /// Moves the sandbox clock forward (token expiry, overlaps, quota windows) without waiting.
    pub fn advance_clock(&self, by: Duration) {
        self.state.clock.advance(by);
    }

    /// Answers the next `count` sends with `fault` (after any faults already queued).
    pub fn queue_fault(&self, fault: Fault, count: usize) {
        self.state.faults.queue(fault, count);
    }

    /// Forgets queued faults.
    pub fn clear_faults(&self) {
        self.state.faults.clear();
    }

    /// Faults still queued.
    pub fn queued_faults(&self) -> usize {
        self.state.faults.queued_len()
    }

    /// Share (0..=1) of sends answered with a random fault.
    pub fn set_fault_rate(&self, rate: f64) {
        self.state.faults.set_rate(rate);
    }

    /// Delay added to every send answer.
    pub fn set_latency(&self, latency: Duration) {
        self.state.set_latency(latency);
    }

    /// Sets (or with `None` clears) the per-minute (45011) and daily (45009) send limits of
    /// every app.
    pub fn set_limits(&self, per_minute: Option<u32>, daily: Option<u64>) {
        for app in self.state.apps.values() {
            app.limits.set(per_minute, daily);
        }
    }

    /// While `true`, accepted sends are not answered (and keep their openid busy) until set
    /// back to `false`: makes 43108 and in-flight behaviour testable without timing.
    pub fn hold_sends(&self, hold: bool) {
        self.state.hold.send_replace(hold);
    }

    /// Adds `count` one-time authorisations of `template_id` for `openid` in the demo app.
    pub fn grant(&self, openid: &str, template_id: &str, count: u32) {
        self.grant_in(DEMO_APPID, openid, template_id, count);
    }

    /// [`Self::grant`] for any app.
    pub fn grant_in(&self, appid: &str, openid: &str, template_id: &str, count: u32) {
        self.state.ledger.grant(appid, openid, template_id, count);
    }

    /// Removes every authorisation of `template_id` for `openid` in the demo app (→ 43101).
    pub fn revoke(&self, openid: &str, template_id: &str) {
        self.set_subscriptions_in(DEMO_APPID, openid, template_id, 0);
    }

    /// Sets the authorisations left for (`openid`, `template_id`) in `appid`.
    pub fn set_subscriptions_in(&self, appid: &str, openid: &str, template_id: &str, count: u32) {
        self.state.ledger.set(appid, openid, template_id, count);
    }

    /// Authorisations left for (`openid`, `template_id`) in the demo app.
    pub fn subscriptions_left(&self, openid: &str, template_id: &str) -> u32 {
        self.subscriptions_left_in(DEMO_APPID, openid, template_id)
    }

    /// Authorisations left in any app.
    pub fn subscriptions_left_in(&self, appid: &str, openid: &str, template_id: &str) -> u32 {
        self.state.ledger.remaining(appid, openid, template_id)
    }

    /// Authorisations every unknown openid starts with, per template.
    pub fn set_default_subscriptions(&self, count: u32) {
        self.state.ledger.set_default(count);
    }

    /// Marks `openid` as a user of another AppID (→ 40003), or unmarks it.
    pub fn set_other_app(&self, openid: &str, other: bool) {
        let mut set = write(&self.state.other_app);
        if other {
            set.insert(openid.to_owned());
        } else {
            set.remove(openid);
        }
    }

    /// Zeroes the statistics (not the ledger, tokens or limits).
    pub fn reset_stats(&self) {
        self.state.stats.reset();
    }

    /// Current statistics.
    pub fn stats(&self) -> SandboxStats {
        self.state.stats.snapshot()
    }

    /// Messages accepted for `openid` since the last reset.
    pub fn accepted_for(&self, openid: &str) -> u64 {
        self.state.stats.accepted_for(openid)
    }

    /// Messages accepted per openid since the last reset (one entry per openid ever accepted:
    /// large after a load test).
    pub fn accepted_per_openid(&self) -> HashMap<String, u64> {
        self.state.stats.accepted_per_openid()
    }
}
