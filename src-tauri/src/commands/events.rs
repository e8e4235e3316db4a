//! WeChat's event pushes in the app: importing files of them, the account's push keys, and
//! the subscription ledger they build.

use std::path::PathBuf;

use pushdesk_core::desk::PushKeysStatus;
use pushdesk_core::events::IntakeSummary;
use pushdesk_core::ledger::{LedgerEntry, TemplateLedger};
use pushdesk_core::secrets::Sensitive;
use tauri::{AppHandle, State};

use crate::error::CmdResult;
use crate::state::AppState;

/// Asks for files of pushes in a native dialog.
#[tauri::command]
#[specta::specta]
pub async fn pick_event_files(app: AppHandle) -> CmdResult<Option<Vec<String>>> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().add_filter("XML / JSON / log", &["xml", "json", "jsonl", "txt", "log"]).pick_files(
        move |files| {
            let paths = files.map(|fs| {
                fs.into_iter().filter_map(|f| f.into_path().ok()).map(|p| p.display().to_string()).collect()
            });
            let _ = tx.send(paths);
        },
    );
    Ok(rx.await.unwrap_or(None))
}

/// Reads files of pushes into the account's log and ledger.
#[tauri::command]
#[specta::specta]
pub async fn import_events(
    state: State<'_, AppState>,
    account_id: i64,
    files: Vec<String>,
) -> CmdResult<IntakeSummary> {
    Ok(state.desk()?.import_events(account_id, files.into_iter().map(PathBuf::from).collect()).await?)
}

/// Reads the pushes the built-in sandbox made for the sandbox account.
#[tauri::command]
#[specta::specta]
pub async fn import_sandbox_events(state: State<'_, AppState>, account_id: i64) -> CmdResult<IntakeSummary> {
    Ok(state.desk()?.import_sandbox_events(account_id).await?)
}

/// Which of the account's push keys are set.
#[tauri::command]
#[specta::specta]
pub async fn push_keys_status(state: State<'_, AppState>, account_id: i64) -> CmdResult<PushKeysStatus> {
    Ok(state.desk()?.push_keys_status(account_id).await?)
}

/// Stores the account's push Token and EncodingAESKey in the keyring; no token removes them.
#[tauri::command]
#[specta::specta]
pub async fn set_push_keys(
    state: State<'_, AppState>,
    account_id: i64,
    token: Option<String>,
    aes_key: Option<String>,
) -> CmdResult<PushKeysStatus> {
    let aes_key = aes_key.filter(|k| !k.trim().is_empty()).map(Sensitive::new);
    Ok(state.desk()?.set_push_keys(account_id, token.map(Sensitive::new), aes_key).await?)
}

/// Every template the ledger knows, with totals and 43101 answers over time.
#[tauri::command]
#[specta::specta]
pub async fn ledger_templates(state: State<'_, AppState>, account_id: i64) -> CmdResult<Vec<TemplateLedger>> {
    Ok(state.desk()?.ledger_templates(account_id).await?)
}

/// The ledger's users of a template (or one user), at most `limit`.
#[tauri::command]
#[specta::specta]
pub async fn ledger_entries(
    state: State<'_, AppState>,
    account_id: i64,
    template_id: Option<String>,
    openid: Option<String>,
    limit: u32,
) -> CmdResult<Vec<LedgerEntry>> {
    Ok(state.desk()?.ledger_entries(account_id, template_id, openid, limit as usize).await?)
}

/// Sets balances from a CSV file (openid,template_id,count).
#[tauri::command]
#[specta::specta]
pub async fn import_ledger(state: State<'_, AppState>, account_id: i64, path: String) -> CmdResult<u32> {
    Ok(state.desk()?.import_ledger(account_id, PathBuf::from(path)).await? as u32)
}

/// Asks WeChat which of the Official Account's recent template messages it intercepted, and
/// marks those sends as not delivered.
#[tauri::command]
#[specta::specta]
pub async fn check_intercepted(
    state: State<'_, AppState>,
    account_id: i64,
) -> CmdResult<pushdesk_core::desk::InterceptedSummary> {
    Ok(state.desk()?.check_intercepted(account_id).await?)
}
