//! Pushdesk sandbox: a local stand-in for WeChat's server API (`api.weixin.qq.com`).
//!
//! It follows shared/wechat-api.md closely — tokens, subscribe send with WeChat's checks and
//! errcodes, a per-user subscription ledger, 43108 on concurrent sends, quotas, template
//! management — and adds what WeChat cannot: latency, fault injection, a movable clock and
//! statistics, driven through [`SandboxControl`] or the `/__sandbox/` HTTP endpoints.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use pushdesk_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?;
//! let api_base = sandbox.url(); // use as the account's API base
//! # let _ = api_base;
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # Controls
//!
//! Every control is a [`SandboxControl`] method and an HTTP endpoint under `/__sandbox/`. POSTs
//! take a JSON body and answer `{"ok":true}` or 400 `{"ok":false,"error"}`.
//!
//! | method | endpoint |
//! |---|---|
//! | [`SandboxControl::stats`] | `GET stats` → [`SandboxStats`] |
//! | [`SandboxControl::reset_stats`] | `POST reset_stats` |
//! | [`SandboxControl::openid_counts`], [`SandboxControl::accepted_for`] | `GET accepted?openid=` → `{openid, accepted, received, delivered_unanswered}` |
//! | [`SandboxControl::per_openid`] (also `received_per_openid`, `accepted_per_openid`) | `GET per_openid` → `{openid: {received, delivered, delivered_unanswered}}` |
//! | [`SandboxControl::delivered_unanswered_per_openid`] | `GET delivered_unanswered` → `{openid: n}` |
//! | [`SandboxControl::queue_fault`] | `POST faults {fault, count, ms?, errcode?}` ([`FaultSpec`]) |
//! | [`SandboxControl::clear_faults`] | `POST faults/clear` |
//! | [`SandboxControl::set_fault_rate`] | `POST fault_rate {rate}` (before delivery) |
//! | [`SandboxControl::set_after_delivery_fault_rate`] | `POST after_delivery_fault_rate {rate}` |
//! | [`SandboxControl::set_async_failure_rate`] | `POST async_failure_rate {rate}` |
//! | [`SandboxControl::queue_token_fault`] | `POST token_faults {fault, count, errcode?, status?}` |
//! | [`SandboxControl::clear_token_faults`] | `POST token_faults/clear` |
//! | [`SandboxControl::refuse_connections`] | — (the endpoints are unreachable while refusing) |
//! | [`SandboxControl::refuse_connections_for`] | `POST refuse_connections {ms}` (≤ 600 000) |
//! | [`SandboxControl::set_latency`] | `POST latency {ms}` |
//! | [`SandboxControl::set_limits`] | `POST limits {per_minute, daily}` |
//! | [`SandboxControl::hold_sends`] | `POST hold {hold}` |
//! | [`SandboxControl::expire_tokens`] | `POST expire_tokens` |
//! | [`SandboxControl::advance_clock`] | `POST advance_clock {seconds}` |
//! | [`SandboxControl::grant_in`], [`SandboxControl::revoke_in`] | `POST grant`, `POST revoke {openid, template_id, count?, appid?}` |
//! | [`SandboxControl::set_subscriptions_in`] | — (test set-up; records no push) |
//! | [`SandboxControl::popup_in`] | `POST popup {openid, list: [{template_id, status, popup_scene?}], appid?}` |
//! | [`SandboxControl::pushes_matching`] (also `pushes`, `pushes_xml`, `pushes_json`) | `GET pushes?format=xml\|json&after=&appid=&limit=` (header `x-sandbox-last-seq`) |
//! | [`SandboxControl::clear_pushes`] | `POST pushes/clear` |
//! | [`SandboxControl::subscriptions_left_in`] | `GET subscriptions?openid=&template_id=[&appid=]` |
//! | [`SandboxControl::set_other_app`] | `POST other_app {openids, other_app}` |
//!
//! # Faults on both sides of delivery
//!
//! A [`Fault`] before delivery (`SystemBusy`, `Http500`, `Http502`, `DropConnection`,
//! `Errcode`) means the user never got the message. A fault after delivery
//! (`Http502AfterDelivery`, `Http504AfterDelivery`, `DropAfterDelivery`) processes the send
//! normally — validated, the one-time subscription consumed, counted in `accepted` with a msgid
//! — and then loses the answer, as a gateway or company relay does when it answers 502/504
//! after WeChat delivered. Such deliveries are counted in `delivered_unanswered`, per openid too:
//! every one of them must end `unknown` in the engine, never `failed`, never resent.
//! Token calls have their own queue ([`TokenFault`]): errcodes with WeChat's errmsg texts
//! (89503 "此次调用需要管理员确认，请耐心等候", 40164 naming the caller's IP, …), gateway errors,
//! dropped connections.
//!
//! # Event pushes
//!
//! The sandbox records the pushes (消息推送) WeChat would send to the company's server, in a
//! journal of the last 1 000 000, and exports them in WeChat's XML or JSON shape ([`Push`]):
//! `subscribe_msg_sent_event` for every delivery — faulted after delivery too, and with
//! `ErrorCode` [`ASYNC_FAILURE_ERRCODE`] for the share set by
//! [`SandboxControl::set_async_failure_rate`] — a `subscribe_msg_popup_event` per authorisation
//! granted or popup answered, and a `subscribe_msg_change_event` (`reject`) per revoke. Refused
//! sends and faults before delivery push nothing.
//!
//! # Value rules
//!
//! Sends are judged by the sandbox's own table of WeChat's value rules ([`rules`]), written from
//! WeChat's documentation independently of pushdesk-core's, so the two can be checked against
//! each other.

#![warn(missing_docs)]

mod config;
mod control;
pub mod demo;
mod error;
mod faults;
mod gate;
mod pushes;
mod routes;
pub mod rules;
mod server;
mod state;
mod stats;
mod token_faults;
mod tokens;
mod validate;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::SandboxConfig;
pub use control::SandboxControl;
pub use demo::{demo_openids, DemoUser};
pub use error::ApiError;
pub use faults::{Fault, FaultSpec};
pub use pushes::{PopupItem, Push, PushEvent, PushQuery, SubscribeStatus, ASYNC_FAILURE_ERRCODE};
pub use stats::{Delivery, OpenidCounts, SandboxStats};
pub use token_faults::TokenFault;
pub use validate::is_openid_shaped;

/// AppID of the always-available sandbox account.
pub const DEMO_APPID: &str = "wxdemo0000sandbox1";
/// AppSecret of the sandbox account.
pub const DEMO_SECRET: &str = "sandbox-app-secret-0000000000000";

/// A running sandbox server. Dropping it stops the server too; [`Sandbox::shutdown`] also
/// waits for the listener to close.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    control: SandboxControl,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Sandbox {
    /// Starts a sandbox on a free loopback port.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Starts a sandbox on `addr`.
    pub async fn start_on(addr: SocketAddr, config: SandboxConfig) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (gate, gate_commands) = gate::Gate::new();
        let state = Arc::new(state::SandboxState::new(&config, gate));
        let control = SandboxControl::new(state.clone());
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(server::run(listener, routes::router(state), stopped, gate_commands));
        tracing::info!(%addr, "sandbox started");
        Ok(Sandbox { addr, control, stop, task })
    }

    /// Base URL of the API, e.g. `http://127.0.0.1:41234`: use it as an account's API base.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the sandbox listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The same statistics as `GET /__sandbox/stats`.
    pub fn stats(&self) -> SandboxStats {
        self.control.stats()
    }

    /// Messages delivered per openid since the last stats reset.
    pub fn accepted_per_openid(&self) -> HashMap<String, u64> {
        self.control.accepted_per_openid()
    }

    /// Fault injection, limits, subscriptions, clock: the same as the `/__sandbox/` endpoints.
    pub fn control(&self) -> &SandboxControl {
        &self.control
    }

    /// Stops accepting, closes open connections and waits for the server task to end.
    pub async fn shutdown(self) {
        self.stop.send_replace(true);
        let _ = self.task.await;
    }
}

/// Runs a sandbox on `127.0.0.1:port` until Ctrl-C (`pushdesk sandbox serve`).
pub async fn serve(port: u16, config: SandboxConfig) -> std::io::Result<()> {
    let sandbox = Sandbox::start_on(SocketAddr::from(([127, 0, 0, 1], port)), config).await?;
    println!("Pushdesk sandbox listening on {}", sandbox.url());
    println!("  AppID:     {DEMO_APPID}");
    println!("  AppSecret: {DEMO_SECRET}");
    println!("  Stats:     {}/__sandbox/stats", sandbox.url());
    tokio::signal::ctrl_c().await?;
    sandbox.shutdown().await;
    Ok(())
}
