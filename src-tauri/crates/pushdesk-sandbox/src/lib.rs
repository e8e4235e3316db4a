//! Pushdesk sandbox: a local stand-in for WeChat's server API (`api.weixin.qq.com`).
//!
//! It follows shared/wechat-api.md closely — tokens, subscribe send with WeChat's checks and
//! errcodes, a per-user subscription ledger, 43108 on concurrent sends, quotas, template
//! management — and adds what WeChat cannot: latency, fault injection, a movable clock and
//! statistics, driven through [`SandboxControl`] or the `/__sandbox/` HTTP endpoints.
//!
//! Beside the demo mini program ([`DEMO_APPID`]) it serves a demo Official Account (服务号,
//! [`DEMO_OA_APPID`], [`demo_official`]): `template/send` with `client_msg_id`, WeChat's 2023
//! display rules and interception of promotional messages, `get_all_private_template`,
//! `queryblocktmplmsg`, followers (`user/get`) and tags (`tags/get`, `user/tag/get`). Each kind
//! of account answers 48001 on the other kind's APIs.
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
//! | [`SandboxControl::recent_deliveries`] | `GET recent` → [`Delivery`] list (both kinds of account) |
//! | [`SandboxControl::oa_follow`], [`SandboxControl::oa_unfollow`] | `POST oa/follow`, `POST oa/unfollow {openid}` |
//! | [`SandboxControl::oa_block`], [`SandboxControl::oa_unblock`] | `POST oa/block {openid, blocked=true}` |
//! | [`SandboxControl::set_oa_follower_count`] | `POST oa/followers {count}` |
//! | [`SandboxControl::oa_follower_total`], [`SandboxControl::oa_demo_users`] | `GET oa/users` → `{followers, users}` |
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
//! granted or popup answered, and a `subscribe_msg_change_event` (`reject`) per revoke. The
//! Official Account's deliveries push `TEMPLATESENDJOBFINISH` ([`TemplateJobStatus`]; the same
//! share reports `failed: system failed`). Refused sends, faults before delivery, repeats of a
//! `client_msg_id` and intercepted messages push nothing.
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
pub mod demo_official;
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
mod validate_template;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::SandboxConfig;
pub use control::SandboxControl;
pub use demo::{demo_openids, DemoUser};
pub use demo_official::{
    oa_demo_users, oa_follower_index, oa_follower_openid, OaDemoUser, OA_TPL_ACTIVITY_START,
    OA_TPL_LEGACY_PAYMENT, OA_TPL_ORDER_SHIPPED, OA_TPL_POINTS_CHANGED,
};
pub use error::ApiError;
pub use faults::{Fault, FaultSpec};
pub use pushes::{
    PopupItem, Push, PushEvent, PushQuery, SubscribeStatus, TemplateJobStatus, ASYNC_FAILURE_ERRCODE,
};
pub use state::intercepted::InterceptedMessage;
pub use stats::{Delivery, DeliveryChannel, OpenidCounts, SandboxStats, ShownKeyword};
pub use token_faults::TokenFault;
pub use validate::is_openid_shaped;

/// AppID of the always-available sandbox account.
pub const DEMO_APPID: &str = "wxdemo0000sandbox1";
/// AppSecret of the sandbox account.
pub const DEMO_SECRET: &str = "sandbox-app-secret-0000000000000";
/// AppID of the always-available sandbox Official Account (服务号): template messages, followers
/// and tags ([`demo_official`]).
pub const DEMO_OA_APPID: &str = "wxdemo0000official";
/// AppSecret of the sandbox Official Account.
pub const DEMO_OA_SECRET: &str = "sandbox-oa-secret-00000000000000";

/// The accounts the sandbox serves, as the app and the CLI offer them ready to use: the demo
/// mini program, and the demo Official Account with the mini program bound to it.
pub fn sandbox_accounts() -> Vec<pushdesk_core::connections::SandboxAccount> {
    use pushdesk_core::account::AccountKind;
    use pushdesk_core::connections::SandboxAccount;
    use pushdesk_core::secrets::Sensitive;
    vec![
        SandboxAccount {
            kind: AccountKind::MiniProgram,
            name: "沙箱 Sandbox".into(),
            appid: DEMO_APPID.into(),
            secret: Sensitive::new(DEMO_SECRET.into()),
            mini_programs: Vec::new(),
        },
        SandboxAccount {
            kind: AccountKind::OfficialAccount,
            name: "沙箱服务号 Sandbox OA".into(),
            appid: DEMO_OA_APPID.into(),
            secret: Sensitive::new(DEMO_OA_SECRET.into()),
            mini_programs: demo_official::OA_BOUND_MINI_PROGRAMS.iter().map(|a| (*a).to_owned()).collect(),
        },
    ]
}

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
    println!("  Official Account (服务号):");
    println!("    AppID:     {DEMO_OA_APPID}");
    println!("    AppSecret: {DEMO_OA_SECRET}");
    println!("  Stats:     {}/__sandbox/stats", sandbox.url());
    tokio::signal::ctrl_c().await?;
    sandbox.shutdown().await;
    Ok(())
}
