//! Campaign commands: adapters over the core's lifecycle use cases. Progress arrives as
//! `campaign-progress` events.

use std::sync::Arc;

use pushdesk_core::campaign::{Progress, ProgressSink};
use pushdesk_core::model::{Campaign, ResendKind};
use tauri::{AppHandle, Emitter, State};

use crate::error::CmdResult;
use crate::state::AppState;

/// The event carrying a [`Progress`] snapshot.
pub const PROGRESS_EVENT: &str = "campaign-progress";

/// Progress of a run, pushed to the webview.
pub fn progress_to(app: &AppHandle) -> Option<ProgressSink> {
    let app = app.clone();
    Some(Arc::new(move |p: Progress| {
        let _ = app.emit(PROGRESS_EVENT, p);
    }))
}

/// Campaigns of an account (or all), newest first, each with the actions allowed now.
#[tauri::command]
#[specta::specta]
pub async fn list_campaigns(state: State<'_, AppState>, account_id: Option<i64>) -> CmdResult<Vec<Campaign>> {
    Ok(state.desk()?.campaigns(account_id).await?)
}

/// One campaign with its counts and the actions allowed now.
#[tauri::command]
#[specta::specta]
pub async fn get_campaign(state: State<'_, AppState>, id: i64) -> CmdResult<Campaign> {
    Ok(state.desk()?.campaign(id).await?)
}

/// Campaigns that were sending when the app last stopped.
#[tauri::command]
#[specta::specta]
pub async fn interrupted_campaigns(state: State<'_, AppState>) -> CmdResult<Vec<Campaign>> {
    let desk = state.desk()?;
    let mut campaigns = Vec::new();
    for id in &state.interrupted {
        campaigns.push(desk.campaign(*id).await?);
    }
    Ok(campaigns)
}

/// Starts a campaign that was never started.
#[tauri::command]
#[specta::specta]
pub async fn start_campaign(app: AppHandle, state: State<'_, AppState>, id: i64) -> CmdResult<Campaign> {
    Ok(state.desk()?.start(id, progress_to(&app)).await?.campaign)
}

/// Goes on with the pending rows of a paused or stopped campaign.
#[tauri::command]
#[specta::specta]
pub async fn resume_campaign(app: AppHandle, state: State<'_, AppState>, id: i64) -> CmdResult<Campaign> {
    Ok(state.desk()?.resume(id, progress_to(&app)).await?.campaign)
}

/// Sends again the unknown (or failed) rows of a campaign.
#[tauri::command]
#[specta::specta]
pub async fn resend_campaign(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    kind: ResendKind,
) -> CmdResult<Campaign> {
    Ok(state.desk()?.resend(id, kind, progress_to(&app)).await?.campaign)
}

/// Pauses a running campaign after the requests in flight.
#[tauri::command]
#[specta::specta]
pub async fn pause_campaign(state: State<'_, AppState>, id: i64) -> CmdResult<Campaign> {
    Ok(state.desk()?.pause(id).await?)
}

/// Cancels a campaign: pending rows are never sent.
#[tauri::command]
#[specta::specta]
pub async fn cancel_campaign(state: State<'_, AppState>, id: i64) -> CmdResult<Campaign> {
    Ok(state.desk()?.cancel(id).await?)
}

/// Archives a finished or cancelled campaign, or brings it back.
#[tauri::command]
#[specta::specta]
pub async fn archive_campaign(state: State<'_, AppState>, id: i64, archived: bool) -> CmdResult<Campaign> {
    Ok(state.desk()?.archive_campaign(id, archived).await?)
}
