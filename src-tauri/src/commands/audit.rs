//! The audit trail: a page of it, and its export.

use pushdesk_core::model::{AuditFilter, AuditPage};
use pushdesk_core::preferences::Language;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// A page of the audit trail, newest first, after the entry `before` (the previous page's `next`).
#[tauri::command]
#[specta::specta]
pub async fn audit_trail(
    state: State<'_, AppState>,
    filter: AuditFilter,
    before: Option<i64>,
) -> CmdResult<AuditPage> {
    Ok(state.desk()?.audit_trail(filter, before).await?)
}

/// Where an audit export is suggested: the Downloads folder, named by the time.
#[tauri::command]
#[specta::specta]
pub fn default_audit_export_path() -> String {
    let name = format!("pushdesk-audit-{}.csv", chrono::Local::now().format("%Y%m%d-%H%M"));
    pushdesk_core::paths::downloads_dir().join(name).display().to_string()
}

/// Writes the entries of `filter` to the CSV file `path`; returns how many. An existing file
/// fails with `file_exists` unless `overwrite` (sent after the user answered "replace?").
#[tauri::command]
#[specta::specta]
pub async fn export_audit(
    state: State<'_, AppState>,
    filter: AuditFilter,
    path: String,
    lang: Language,
    overwrite: Option<bool>,
) -> CmdResult<u64> {
    let path = std::path::PathBuf::from(path);
    Ok(state.desk()?.export_audit(filter, path, overwrite.unwrap_or(false), lang).await?)
}
