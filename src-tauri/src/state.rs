//! What the app holds while it runs.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use pushdesk_core::account::AccountSummary;
use pushdesk_core::connections::Connections;
use pushdesk_core::store::Store;
use pushdesk_core::wechat::WechatClient;
use pushdesk_core::Result;

use crate::error::{AppError, CmdResult};

/// Shared state behind every command.
pub struct AppState {
    /// The data directory (SQLite file, logs).
    pub data_dir: PathBuf,
    /// Campaigns that were running when the app last stopped.
    pub interrupted: Vec<i64>,
    store: std::result::Result<Arc<Mutex<Store>>, AppError>,
    connections: Arc<Connections>,
}

impl AppState {
    /// Wraps the store, or the reason it could not be opened (reported by every command).
    pub fn new(
        data_dir: PathBuf,
        store: Result<Store>,
        connections: Connections,
        interrupted: Vec<i64>,
    ) -> Self {
        let store = store.map(|s| Arc::new(Mutex::new(s))).map_err(AppError::from);
        AppState { data_dir, interrupted, store, connections: Arc::new(connections) }
    }

    /// The SQLite file, for the engine's own connection.
    pub fn database_file(&self) -> PathBuf {
        pushdesk_core::paths::database_file(&self.data_dir)
    }

    /// Runs `f` with the store and the connections on a blocking thread: rusqlite and the
    /// keyring (D-Bus) must never block the async runtime, and the connection is never held
    /// across an `.await`.
    pub async fn with_store<T, F>(&self, f: F) -> CmdResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &Connections) -> Result<T> + Send + 'static,
    {
        let store = Arc::clone(self.store.as_ref().map_err(Clone::clone)?);
        let connections = Arc::clone(&self.connections);
        let result = tokio::task::spawn_blocking(move || {
            // A panic while holding the lock leaves the connection itself intact.
            let mut guard = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard, &connections)
        })
        .await?;
        result.map_err(AppError::from)
    }

    /// The account and its WeChat client.
    pub async fn client(&self, account_id: i64) -> CmdResult<(AccountSummary, Arc<WechatClient>)> {
        self.with_store(move |store, connections| {
            let account = store.account(account_id)?;
            let client = connections.client(&account)?;
            Ok((account, client))
        })
        .await
    }
}
