//! Account commands. The AppSecret comes in once, write-only, and goes straight to the
//! keyring; nothing here ever returns it.

use pushdesk_core::account::{AccountSummary, NewAccount};
use pushdesk_core::connection_check::ConnectionReport;
use pushdesk_core::secrets::Sensitive;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Every account, without secrets.
#[tauri::command]
#[specta::specta]
pub async fn list_accounts(state: State<'_, AppState>) -> CmdResult<Vec<AccountSummary>> {
    state.with_store(|store, _| store.accounts()).await
}

/// Adds an account; `secret` is the AppSecret (or the token, in manual mode).
#[tauri::command]
#[specta::specta]
pub async fn add_account(
    state: State<'_, AppState>,
    input: NewAccount,
    secret: Option<String>,
) -> CmdResult<AccountSummary> {
    let secret = secret.map(Sensitive::new);
    Ok(state.desk()?.add_account(input, secret).await?)
}

/// Edits an account; a `secret` replaces the stored one, none keeps it.
#[tauri::command]
#[specta::specta]
pub async fn update_account(
    state: State<'_, AppState>,
    id: i64,
    input: NewAccount,
    secret: Option<String>,
) -> CmdResult<AccountSummary> {
    let secret = secret.map(Sensitive::new);
    Ok(state.desk()?.update_account(id, input, secret).await?)
}

/// Removes an account, its templates and its keyring entries.
#[tauri::command]
#[specta::specta]
pub async fn remove_account(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    Ok(state.desk()?.remove_account(id).await?)
}

/// Fetches a token and the template list, and says what is wrong if anything is.
#[tauri::command]
#[specta::specta]
pub async fn test_connection(state: State<'_, AppState>, id: i64) -> CmdResult<ConnectionReport> {
    Ok(state.desk()?.test_connection(id).await?)
}
