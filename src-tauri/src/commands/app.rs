//! App-wide commands: version, paths, preferences.

use pushdesk_core::paths;
use pushdesk_core::preferences::Preferences;
use serde::Serialize;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Facts about this installation, shown in Settings.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// The data directory.
    pub data_dir: String,
    /// The SQLite file.
    pub database_file: String,
    /// Where log files roll.
    pub log_dir: String,
}

/// Version and paths.
#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir.display().to_string(),
        database_file: paths::database_file(&state.data_dir).display().to_string(),
        log_dir: paths::log_dir(&state.data_dir).display().to_string(),
    })
}

/// The saved preferences.
#[tauri::command]
#[specta::specta]
pub async fn get_preferences(state: State<'_, AppState>) -> CmdResult<Preferences> {
    state.with_store(|store, _| store.preferences()).await
}

/// Saves the preferences.
#[tauri::command]
#[specta::specta]
pub async fn set_preferences(state: State<'_, AppState>, prefs: Preferences) -> CmdResult<()> {
    state.with_store(move |store, _| store.set_preferences(&prefs)).await
}

/// Every known WeChat error and transport failure: what it means and what to do, in both
/// languages. The UI's explanations all come from here.
#[tauri::command]
#[specta::specta]
pub fn error_catalogue() -> Vec<pushdesk_core::wechat::CatalogueRow> {
    pushdesk_core::wechat::catalogue()
}
