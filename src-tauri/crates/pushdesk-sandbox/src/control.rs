//! Programmatic control of a running sandbox: fault injection, limits, subscriptions, clock,
//! connections. The HTTP endpoints under `/__sandbox/` call exactly these methods.

mod official;
mod pushes;

use std::collections::HashMap;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use tracing::warn;

use crate::faults::Fault;
use crate::pushes::{NewPush, PopupItem, SubscribeStatus};
use crate::state::{write, SandboxState};
use crate::stats::{OpenidCounts, SandboxStats};
use crate::token_faults::TokenFault;
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

    /// Answers the next `count` sends with `fault` (after any faults already queued). An
    /// after-delivery fault ([`Fault::is_after_delivery`]) applies to the next `count` sends that
    /// are delivered.
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

    /// Share (0..=1) of sends answered with a random fault before delivery (`-1`, HTTP 500 or a
    /// dropped connection; nothing delivered).
    pub fn set_fault_rate(&self, rate: f64) {
        self.state.faults.set_rate(rate);
    }

    /// Share (0..=1) of delivered sends answered with a random fault after delivery (HTTP 502,
    /// HTTP 504 or a dropped connection; the message is delivered).
    pub fn set_after_delivery_fault_rate(&self, rate: f64) {
        self.state.faults.set_after_delivery_rate(rate);
    }

    /// Share (0..=1) of delivered sends whose `subscribe_msg_sent_event` push reports an
    /// asynchronous failure ([`crate::ASYNC_FAILURE_ERRCODE`], "fail"). The send is answered as
    /// usual and counted as delivered; only the push tells.
    pub fn set_async_failure_rate(&self, rate: f64) {
        self.state.faults.set_async_failure_rate(rate);
    }

    /// Answers the next `count` calls of `/cgi-bin/token` or `/cgi-bin/stable_token` (either,
    /// in arrival order) with `fault` instead of a token. Separate from the send faults.
    pub fn queue_token_fault(&self, fault: TokenFault, count: usize) {
        self.state.token_faults.queue(fault, count);
    }

    /// Forgets queued token faults.
    pub fn clear_token_faults(&self) {
        self.state.token_faults.clear();
    }

    /// Token faults still queued.
    pub fn queued_token_faults(&self) -> usize {
        self.state.token_faults.queued_len()
    }

    /// While `true`, the sandbox refuses connections: the listening socket is closed, so a new
    /// connection gets ECONNREFUSED (a request that never left the client), and every open
    /// keep-alive connection is closed — an idle one at once, one carrying a request after its
    /// answer. `false` listens again on the same address (and URL). Returns once done; an error
    /// if the address cannot be bound again, or the sandbox is not running.
    ///
    /// A client notices a closed keep-alive connection when its runtime next polls it: give it
    /// a moment (a few milliseconds) before expecting its next request to fail at connect.
    ///
    /// While refusing, the `/__sandbox/` HTTP endpoints are unreachable too: only this method
    /// (or the timer of [`Self::refuse_connections_for`]) opens again.
    pub async fn refuse_connections(&self, refuse: bool) -> io::Result<()> {
        let gate = &self.state.gate;
        gate.next_generation();
        if refuse {
            gate.refuse().await
        } else {
            gate.open().await
        }
    }

    /// Refuses connections for `duration`, then listens again on the same address — the form
    /// the HTTP control can use, since it cannot reach a refusing sandbox to re-open it. A later
    /// [`Self::refuse_connections`] call overrides the timer.
    pub async fn refuse_connections_for(&self, duration: Duration) -> io::Result<()> {
        let generation = self.state.gate.next_generation();
        self.state.gate.refuse().await?;
        let state = self.state.clone();
        tokio::spawn(async move {
            tokio::time::sleep(duration).await;
            if state.gate.generation() == generation {
                if let Err(e) = state.gate.open().await {
                    warn!(error = %e, "sandbox could not stop refusing connections");
                }
            }
        });
        Ok(())
    }

    /// Whether connections are being refused.
    pub fn refusing_connections(&self) -> bool {
        self.state.gate.is_refusing()
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

    /// Adds `count` one-time authorisations of `template_id` for `openid` in the demo app, with
    /// one `subscribe_msg_popup_event` push (`accept`) per authorisation.
    pub fn grant(&self, openid: &str, template_id: &str, count: u32) {
        self.grant_in(DEMO_APPID, openid, template_id, count);
    }

    /// [`Self::grant`] for any app.
    pub fn grant_in(&self, appid: &str, openid: &str, template_id: &str, count: u32) {
        self.state.ledger.grant(appid, openid, template_id, count);
        // Each authorisation is one tap on "allow" in its own popup, so that a ledger built
        // from the pushes holds what the sandbox holds.
        let items = [PopupItem::accept(template_id)];
        let now = self.state.clock.unix_seconds();
        self.state.pushes.record_repeated(appid, openid, now, NewPush::Popup(&items), u64::from(count));
    }

    /// The user answered one subscription popup in `appid` (`wx.requestSubscribeMessage` with
    /// up to three templates): one `subscribe_msg_popup_event` push with an item per template,
    /// and one more authorisation of each accepted template. Nothing for no items.
    pub fn popup_in(&self, appid: &str, openid: &str, items: &[PopupItem]) {
        if items.is_empty() {
            return;
        }
        for item in items.iter().filter(|i| i.status == SubscribeStatus::Accept) {
            self.state.ledger.grant(appid, openid, &item.template_id, 1);
        }
        self.state.pushes.record(appid, openid, self.state.clock.unix_seconds(), NewPush::Popup(items));
    }

    /// Removes every authorisation of `template_id` for `openid` in the demo app (→ 43101), as
    /// 拒收 does: see [`Self::revoke_in`].
    pub fn revoke(&self, openid: &str, template_id: &str) {
        self.revoke_in(DEMO_APPID, openid, template_id);
    }

    /// The user set 拒收 for `template_id` in `appid`: no authorisation is left (→ 43101), and a
    /// `subscribe_msg_change_event` push (`reject`) is recorded.
    pub fn revoke_in(&self, appid: &str, openid: &str, template_id: &str) {
        self.state.ledger.set(appid, openid, template_id, 0);
        let now = self.state.clock.unix_seconds();
        self.state.pushes.record(appid, openid, now, NewPush::Change(template_id));
    }

    /// Sets the authorisations left for (`openid`, `template_id`) in `appid`: test set-up, no
    /// push is recorded (WeChat has no event for it).
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
        self.state.recent.clear();
    }

    /// The last 10 000 messages delivered since the last reset, oldest first.
    pub fn recent_deliveries(&self) -> Vec<crate::Delivery> {
        self.state.recent.snapshot()
    }

    /// Current statistics.
    pub fn stats(&self) -> SandboxStats {
        self.state.stats.snapshot()
    }

    /// Messages delivered to `openid` since the last reset.
    pub fn accepted_for(&self, openid: &str) -> u64 {
        self.state.stats.openid(openid).delivered
    }

    /// Sends received, messages delivered and deliveries left unanswered for `openid` since the
    /// last reset.
    pub fn openid_counts(&self, openid: &str) -> OpenidCounts {
        self.state.stats.openid(openid)
    }

    /// Messages delivered per openid since the last reset (one entry per openid delivered to:
    /// large after a load test).
    pub fn accepted_per_openid(&self) -> HashMap<String, u64> {
        self.state.stats.accepted_per_openid()
    }

    /// Send requests received per openid since the last reset, whatever their answer (one entry
    /// per openid named in a send).
    pub fn received_per_openid(&self) -> HashMap<String, u64> {
        self.state.stats.per_openid().into_iter().map(|(openid, c)| (openid, c.received)).collect()
    }

    /// Every counter of every openid named in a send since the last reset.
    pub fn per_openid(&self) -> HashMap<String, OpenidCounts> {
        self.state.stats.per_openid()
    }

    /// Per openid, how many deliveries were answered by a fault after delivery; only openids
    /// with at least one. Each of these rows must end `unknown` (never `failed`, never resent).
    pub fn delivered_unanswered_per_openid(&self) -> HashMap<String, u64> {
        self.state.stats.delivered_unanswered_per_openid()
    }
}
