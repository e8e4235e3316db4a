//! Scheduling, series and notice commands: adapters over the core's use cases.

use pushdesk_core::desk::{NoticeSettings, NoticeSettingsInput, RobotDelivery};
use pushdesk_core::model::{Campaign, Series, SeriesView};
use tauri::State;

use crate::background::{self, BackgroundSettings};
use crate::error::CmdResult;
use crate::state::AppState;

/// Gives a campaign that has not started a new time (unix ms).
#[tauri::command]
#[specta::specta]
pub async fn reschedule_campaign(state: State<'_, AppState>, id: i64, at: i64) -> CmdResult<Campaign> {
    Ok(state.desk()?.reschedule(id, at).await?)
}

/// Takes a scheduled campaign off the schedule.
#[tauri::command]
#[specta::specta]
pub async fn unschedule_campaign(state: State<'_, AppState>, id: i64) -> CmdResult<Campaign> {
    Ok(state.desk()?.unschedule(id).await?)
}

/// Does not send a missed run.
#[tauri::command]
#[specta::specta]
pub async fn skip_campaign(state: State<'_, AppState>, id: i64) -> CmdResult<Campaign> {
    Ok(state.desk()?.skip(id).await?)
}

/// The recurring campaigns of an account (or all).
#[tauri::command]
#[specta::specta]
pub async fn list_series(state: State<'_, AppState>, account_id: Option<i64>) -> CmdResult<Vec<Series>> {
    Ok(state.desk()?.series_list(account_id).await?)
}

/// A series with its past and next runs.
#[tauri::command]
#[specta::specta]
pub async fn get_series(state: State<'_, AppState>, id: i64) -> CmdResult<SeriesView> {
    Ok(state.desk()?.series(id).await?)
}

/// Stops a series: no more runs are made.
#[tauri::command]
#[specta::specta]
pub async fn stop_series(state: State<'_, AppState>, id: i64) -> CmdResult<SeriesView> {
    Ok(state.desk()?.stop_series(id).await?)
}

/// The notice settings (never the webhook address).
#[tauri::command]
#[specta::specta]
pub async fn notice_settings(state: State<'_, AppState>) -> CmdResult<NoticeSettings> {
    Ok(state.desk()?.notice_settings().await?)
}

/// Saves the notice settings; a new webhook address goes to the keyring.
#[tauri::command]
#[specta::specta]
pub async fn save_notice_settings(
    state: State<'_, AppState>,
    input: NoticeSettingsInput,
) -> CmdResult<NoticeSettings> {
    Ok(state.desk()?.save_notice_settings(input).await?)
}

/// Posts a test notice to the saved group robot.
#[tauri::command]
#[specta::specta]
pub async fn test_robot(state: State<'_, AppState>) -> CmdResult<RobotDelivery> {
    Ok(state.desk()?.test_robot().await?)
}

/// Whether the app starts at login, and whether anything is scheduled or sending.
#[tauri::command]
#[specta::specta]
pub async fn background_settings(state: State<'_, AppState>) -> CmdResult<BackgroundSettings> {
    let desk = state.desk()?;
    background::settings(&desk).await
}

/// Starts the app at login (in the tray), or stops doing so.
#[tauri::command]
#[specta::specta]
pub async fn set_start_at_login(state: State<'_, AppState>, enabled: bool) -> CmdResult<BackgroundSettings> {
    background::set_start_at_login(enabled)?;
    let desk = state.desk()?;
    background::settings(&desk).await
}
