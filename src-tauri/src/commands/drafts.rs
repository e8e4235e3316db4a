//! Draft commands: a recipient file (or a paste, or followers) read once into a draft, then mapped, validated, tested and
//! started by id. Adapters over the core's draft use cases.

use pushdesk_core::compose::SendNowResult;
use std::sync::Arc;

use pushdesk_core::desk::{
    CampaignPlan, Draft, DraftCreation, DraftInput, DraftRowPreview, DraftSettings, FollowerProgress,
    FollowerProgressSink, ScheduleRequest,
};
use pushdesk_core::model::Campaign;
use pushdesk_core::wechat::FollowerTag;
use tauri::{AppHandle, Emitter, State};

use super::campaigns::progress_to;
use crate::error::CmdResult;
use crate::state::AppState;

/// Asks for a recipient file in a native dialog run on the Rust side (the webview has no file
/// system access of its own).
#[tauri::command]
#[specta::specta]
pub async fn pick_audience_file(app: AppHandle) -> CmdResult<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().add_filter("CSV / Excel / TXT", &["csv", "xlsx", "txt"]).pick_file(move |file| {
        let _ = tx.send(file.and_then(|f| f.into_path().ok()).map(|p| p.display().to_string()));
    });
    Ok(rx.await.unwrap_or(None))
}

/// The event carrying a [`FollowerProgress`] while an Official Account's followers are fetched.
pub const FOLLOWERS_EVENT: &str = "followers-progress";

/// Reads a recipient file (or a paste, or an Official Account's followers) once into a draft.
#[tauri::command]
#[specta::specta]
pub async fn create_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    input: DraftInput,
) -> CmdResult<DraftCreation> {
    let progress: FollowerProgressSink = Arc::new(move |p: FollowerProgress| {
        let _ = app.emit(FOLLOWERS_EVENT, p);
    });
    Ok(state.desk()?.create_draft_watched(input, Some(progress)).await?)
}

/// An Official Account's follower tags, with how many followers each has.
#[tauri::command]
#[specta::specta]
pub async fn follower_tags(state: State<'_, AppState>, account_id: i64) -> CmdResult<Vec<FollowerTag>> {
    Ok(state.desk()?.follower_tags(account_id).await?)
}

/// A draft with its first rows.
#[tauri::command]
#[specta::specta]
pub async fn get_draft(state: State<'_, AppState>, id: i64) -> CmdResult<Draft> {
    Ok(state.desk()?.draft(id).await?)
}

/// One row of a draft rendered as it would be sent, with what is wrong with it.
#[tauri::command]
#[specta::specta]
pub async fn preview_draft_row(
    state: State<'_, AppState>,
    id: i64,
    row_no: u32,
) -> CmdResult<DraftRowPreview> {
    Ok(state.desk()?.preview_draft_row(id, row_no).await?)
}

/// Saves the wizard's choices and validates every row against them.
#[tauri::command]
#[specta::specta]
pub async fn update_draft(
    state: State<'_, AppState>,
    id: i64,
    settings: DraftSettings,
) -> CmdResult<CampaignPlan> {
    Ok(state.desk()?.update_draft(id, settings).await?)
}

/// Sends the draft's message to the account's test list.
#[tauri::command]
#[specta::specta]
pub async fn test_send_draft(state: State<'_, AppState>, id: i64) -> CmdResult<SendNowResult> {
    Ok(state.desk()?.test_send_draft(id).await?)
}

/// Makes the campaign from the draft and starts sending it, or schedules it.
#[tauri::command]
#[specta::specta]
pub async fn start_draft(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    schedule: ScheduleRequest,
) -> CmdResult<Campaign> {
    Ok(state.desk()?.send_draft(id, schedule, progress_to(&app)).await?)
}

/// Throws a draft away.
#[tauri::command]
#[specta::specta]
pub async fn discard_draft(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    Ok(state.desk()?.discard_draft(id).await?)
}

/// Writes the draft's problems to a CSV file the user picks; returns its path.
#[tauri::command]
#[specta::specta]
pub async fn save_draft_problems(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().set_file_name("invalid-rows.csv").save_file(move |file| {
        let _ = tx.send(file.and_then(|f| f.into_path().ok()));
    });
    let Some(path) = rx.await.unwrap_or(None) else { return Ok(None) };
    // The dialog asked before replacing a file.
    let written = state.desk()?.save_draft_problems(id, path, true).await?;
    Ok(Some(written.display().to_string()))
}
