//! The home page's commands.

use pushdesk_core::desk::{Dashboard, SendQuota};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Today's and this week's sends by outcome, and the campaigns that need an eye.
#[tauri::command]
#[specta::specta]
pub async fn dashboard(state: State<'_, AppState>, account_id: i64) -> CmdResult<Dashboard> {
    Ok(state.desk()?.dashboard(account_id).await?)
}

/// How much of today's send quota WeChat says the account has left.
#[tauri::command]
#[specta::specta]
pub async fn send_quota(state: State<'_, AppState>, account_id: i64) -> CmdResult<SendQuota> {
    Ok(state.desk()?.send_quota(account_id).await?)
}
