//! What the app holds while it runs.

use std::path::PathBuf;
use std::sync::Arc;

use pushdesk_core::connections::Connections;
use pushdesk_core::desk::Desk;
use pushdesk_core::store::Store;
use pushdesk_core::Result;

use crate::error::{AppError, CmdResult};

/// Shared state behind every command.
pub struct AppState {
    /// The data directory (SQLite file, logs).
    pub data_dir: PathBuf,
    /// Campaigns that were sending when the app last stopped.
    pub interrupted: Vec<i64>,
    desk: std::result::Result<Arc<Desk>, AppError>,
}

impl AppState {
    /// Wraps the desk, or the reason it could not be opened (reported by every command).
    pub fn new(data_dir: PathBuf, desk: Result<Desk>, interrupted: Vec<i64>) -> Self {
        AppState { data_dir, interrupted, desk: desk.map(Arc::new).map_err(AppError::from) }
    }

    /// The use cases.
    pub fn desk(&self) -> CmdResult<Arc<Desk>> {
        self.desk.clone()
    }

    /// Runs `f` with the store and the connections on a blocking thread.
    pub async fn with_store<T, F>(&self, f: F) -> CmdResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &Connections) -> Result<T> + Send + 'static,
    {
        Ok(self.desk()?.with_store(f).await?)
    }
}
