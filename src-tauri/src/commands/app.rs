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

/// Opens the folder holding a file the user just saved (an export, a problems file) in the
/// system's file manager. Only the folder is handed to the opener, never the file itself: a
/// path from the webview must not be able to run anything.
#[tauri::command]
#[specta::specta]
pub fn show_in_folder(path: String) -> CmdResult<()> {
    let path = std::path::Path::new(&path);
    let folder = if path.is_dir() { path } else { path.parent().unwrap_or(path) };
    if !folder.is_dir() {
        return Err(pushdesk_core::CoreError::NotFound {
            what: pushdesk_core::Missing::Folder,
            name: folder.display().to_string(),
        }
        .into());
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener).arg(folder).spawn().map(drop).map_err(|source| {
        pushdesk_core::CoreError::Io {
            context: pushdesk_core::Bilingual::new(
                format!("could not open the folder {}", folder.display()),
                format!("无法打开文件夹 {}", folder.display()),
            ),
            source,
        }
        .into()
    })
}
