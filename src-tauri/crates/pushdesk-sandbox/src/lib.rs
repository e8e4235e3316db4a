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

#![warn(missing_docs)]

mod config;
mod control;
pub mod demo;
mod error;
mod faults;
mod gate;
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
pub use stats::{OpenidCounts, SandboxStats};
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
