//! Campaign lifecycle commands. Progress arrives as `campaign-progress` events.

use pushdesk_core::campaign::model::{Campaign, CampaignKind};
use pushdesk_core::campaign::ControlCommand;
use serde::Deserialize;
use tauri::{AppHandle, State};

use crate::error::CmdResult;
use crate::runner::Runner;
use crate::state::AppState;

/// Which rows a resume sends again besides the pending ones.
#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResendOptions {
    /// Rows whose outcome is unknown (they may have been delivered).
    pub unknown: bool,
    /// Rows that failed.
    pub failed: bool,
}

/// Campaigns of an account (or all), newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_campaigns(state: State<'_, AppState>, account_id: Option<i64>) -> CmdResult<Vec<Campaign>> {
    state.with_store(move |store, _| store.campaigns(account_id, &[CampaignKind::Campaign])).await
}

/// One campaign with its counts.
#[tauri::command]
#[specta::specta]
pub async fn get_campaign(state: State<'_, AppState>, id: i64) -> CmdResult<Campaign> {
    state.with_store(move |store, _| store.campaign(id)).await
}

/// Campaigns that were running when the app last stopped: offered for resume.
#[tauri::command]
#[specta::specta]
pub async fn interrupted_campaigns(state: State<'_, AppState>) -> CmdResult<Vec<Campaign>> {
    let ids = state.interrupted.clone();
    state.with_store(move |store, _| ids.iter().map(|id| store.campaign(*id)).collect()).await
}

/// Starts (or resumes) a campaign in the background.
#[tauri::command]
#[specta::specta]
pub async fn start_campaign(
    app: AppHandle,
    state: State<'_, AppState>,
    runner: State<'_, Runner>,
    id: i64,
    resend: Option<ResendOptions>,
) -> CmdResult<Campaign> {
    let campaign = state
        .with_store(move |store, _| {
            let states: Vec<&str> = resend
                .map(|r| {
                    [("unknown", r.unknown), ("failed", r.failed)]
                        .into_iter()
                        .filter(|(_, on)| *on)
                        .map(|(s, _)| s)
                        .collect()
                })
                .unwrap_or_default();
            store.requeue(id, &states)?;
            store.campaign(id)
        })
        .await?;
    let (_, client) = state.client(campaign.account_id).await?;
    runner.spawn(app, state.database_file(), id, client);
    Ok(campaign)
}

/// Pauses a running campaign (requests in flight finish first).
#[tauri::command]
#[specta::specta]
pub async fn pause_campaign(state: State<'_, AppState>, runner: State<'_, Runner>, id: i64) -> CmdResult<()> {
    control(&state, &runner, id, ControlCommand::Pause).await
}

/// Cancels a campaign: pending rows are never sent.
#[tauri::command]
#[specta::specta]
pub async fn cancel_campaign(
    state: State<'_, AppState>,
    runner: State<'_, Runner>,
    id: i64,
) -> CmdResult<()> {
    control(&state, &runner, id, ControlCommand::Cancel).await
}

async fn control(state: &AppState, runner: &Runner, id: i64, command: ControlCommand) -> CmdResult<()> {
    match (runner.control(id), command) {
        (Some(c), ControlCommand::Pause) => c.pause(),
        (Some(c), ControlCommand::Cancel) => c.cancel(),
        // Not running here: the CLI may run it, or nobody does.
        _ => {
            state.with_store(move |store, _| store.request_control(id, command)).await?;
        }
    }
    Ok(())
}
