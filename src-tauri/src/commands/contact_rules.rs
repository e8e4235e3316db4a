//! An account's contact rules: the suppression list and the frequency cap.

use pushdesk_core::model::{FrequencyCap, SuppressionAdded, SuppressionList};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// The newest entries of the account's list whose openid or note contains `search`.
#[tauri::command]
#[specta::specta]
pub async fn suppression_list(
    state: State<'_, AppState>,
    account_id: i64,
    search: String,
) -> CmdResult<SuppressionList> {
    Ok(state.desk()?.suppression_list(account_id, search).await?)
}

/// Puts the openids pasted in `text` on the list.
#[tauri::command]
#[specta::specta]
pub async fn suppress(
    state: State<'_, AppState>,
    account_id: i64,
    text: String,
    note: String,
) -> CmdResult<SuppressionAdded> {
    Ok(state.desk()?.suppress(account_id, text, note).await?)
}

/// Takes openids off the list; returns how many were on it.
#[tauri::command]
#[specta::specta]
pub async fn unsuppress(state: State<'_, AppState>, account_id: i64, openids: Vec<String>) -> CmdResult<u32> {
    Ok(state.desk()?.unsuppress(account_id, openids).await?)
}

/// Whether WeChat's 43101 answers put people on the list from now on.
#[tauri::command]
#[specta::specta]
pub async fn set_suppress_refusals(state: State<'_, AppState>, account_id: i64, on: bool) -> CmdResult<()> {
    Ok(state.desk()?.set_suppress_refusals(account_id, on).await?)
}

/// The account's frequency cap, if it has one.
#[tauri::command]
#[specta::specta]
pub async fn frequency_cap(state: State<'_, AppState>, account_id: i64) -> CmdResult<Option<FrequencyCap>> {
    Ok(state.desk()?.frequency_cap(account_id).await?)
}

/// Sets the account's frequency cap; none removes it.
#[tauri::command]
#[specta::specta]
pub async fn set_frequency_cap(
    state: State<'_, AppState>,
    account_id: i64,
    cap: Option<FrequencyCap>,
) -> CmdResult<()> {
    Ok(state.desk()?.set_frequency_cap(account_id, cap).await?)
}
