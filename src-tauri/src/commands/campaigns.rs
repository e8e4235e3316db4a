//! Campaign lifecycle commands. Progress arrives as `campaign-progress` events.

use pushdesk_core::campaign::model::{Campaign, CampaignKind};
use pushdesk_core::campaign::{
    self, AudienceInspection, AudienceSource, CampaignDraft, CampaignPlan, ControlCommand,
};
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

/// Asks for a recipient file in a native dialog; the path stays on the Rust side's terms
/// (the webview has no file-system access of its own).
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

/// Reads a recipient file's shape: format, encoding, delimiter, headers, first rows.
#[tauri::command]
#[specta::specta]
pub async fn inspect_audience(source: AudienceSource) -> CmdResult<AudienceInspection> {
    Ok(tokio::task::spawn_blocking(move || campaign::inspect_audience(&source)).await??)
}

/// Validates every row of a draft (the dry run): counts, problems by row and column, preview.
#[tauri::command]
#[specta::specta]
pub async fn plan_campaign(state: State<'_, AppState>, draft: CampaignDraft) -> CmdResult<CampaignPlan> {
    state.with_store(move |store, _| campaign::plan_campaign(store, &draft)).await
}

/// Stores the campaign with its audience snapshot, ready to start.
#[tauri::command]
#[specta::specta]
pub async fn create_campaign(state: State<'_, AppState>, draft: CampaignDraft) -> CmdResult<Campaign> {
    state
        .with_store(move |store, _| {
            Ok(campaign::create_campaign(store, &draft, &pushdesk_core::paths::os_user())?.0)
        })
        .await
}

/// Writes the invalid-row report of a draft to a file the user picks; returns its path.
#[tauri::command]
#[specta::specta]
pub async fn save_problems_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    draft: CampaignDraft,
) -> CmdResult<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let plan = state.with_store(move |store, _| campaign::plan_campaign(store, &draft)).await?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().set_file_name("invalid-rows.csv").save_file(move |file| {
        let _ = tx.send(file.and_then(|f| f.into_path().ok()));
    });
    let Some(path) = rx.await.unwrap_or(None) else { return Ok(None) };
    let csv = pushdesk_core::audience::problems_csv(&plan.report.problems);
    std::fs::write(&path, csv)
        .map_err(|e| pushdesk_core::CoreError::io(format!("writing {}", path.display()), e))?;
    Ok(Some(path.display().to_string()))
}
