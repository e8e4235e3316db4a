//! Template commands: sync from WeChat, list from the local cache.

use pushdesk_core::store::{SyncSummary, SyncedTemplate};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Pulls the account's templates from WeChat and replaces the local cache.
#[tauri::command]
#[specta::specta]
pub async fn sync_templates(state: State<'_, AppState>, account_id: i64) -> CmdResult<SyncSummary> {
    Ok(state.desk()?.sync_templates(account_id).await?)
}

/// The account's cached templates, optionally filtered by title.
#[tauri::command]
#[specta::specta]
pub async fn list_templates(
    state: State<'_, AppState>,
    account_id: i64,
    search: Option<String>,
) -> CmdResult<Vec<SyncedTemplate>> {
    state.with_store(move |store, _| store.templates(account_id, search.as_deref())).await
}
