//! Team commands (Settings → 团队, approval): adapters over the core's use cases.

use pushdesk_core::desk::TeamStatus;
use pushdesk_core::model::{Campaign, TeamRole};
use pushdesk_core::paths;
use pushdesk_core::secrets::{SecretStore, Sensitive};
use pushdesk_core::team_link::{self, TeamLink};
use tauri::{AppHandle, State};

use crate::error::CmdResult;
use crate::state::AppState;

/// Where this desk works and as whom.
#[tauri::command]
#[specta::specta]
pub async fn team_status(state: State<'_, AppState>) -> CmdResult<TeamStatus> {
    Ok(state.desk()?.team_status().await?)
}

/// The team's store this desk signs in to at start, if any (also when it could not).
#[tauri::command]
#[specta::specta]
pub fn team_link(state: State<'_, AppState>) -> CmdResult<Option<TeamLink>> {
    Ok(TeamLink::load(&state.data_dir)?)
}

/// Signs in to a team's shared store; when that works, keeps it for the next start (the
/// password in the keyring). Returns the person's role there.
#[tauri::command]
#[specta::specta]
pub async fn join_team(state: State<'_, AppState>, link: TeamLink, password: String) -> CmdResult<TeamRole> {
    let data_dir = state.data_dir.clone();
    let password = Sensitive::new(password);
    let secrets = SecretStore::new(paths::identifier());
    Ok(tokio::task::spawn_blocking(move || team_link::join_team(&data_dir, &secrets, &link, &password))
        .await??)
}

/// Goes back to this computer's own data at the next start.
#[tauri::command]
#[specta::specta]
pub async fn leave_team(state: State<'_, AppState>) -> CmdResult<()> {
    let data_dir = state.data_dir.clone();
    let secrets = SecretStore::new(paths::identifier());
    Ok(tokio::task::spawn_blocking(move || team_link::leave_team(&data_dir, &secrets)).await??)
}

/// Sets the recipient count above which a campaign needs another sender's approval.
#[tauri::command]
#[specta::specta]
pub async fn set_approval_threshold(state: State<'_, AppState>, recipients: u32) -> CmdResult<TeamStatus> {
    let desk = state.desk()?;
    desk.set_approval_threshold(recipients).await?;
    Ok(desk.team_status().await?)
}

/// Approves another sender's campaign so it may start.
#[tauri::command]
#[specta::specta]
pub async fn approve_campaign(state: State<'_, AppState>, id: i64) -> CmdResult<Campaign> {
    Ok(state.desk()?.approve(id).await?)
}

/// Starts Pushdesk again: a team joined or left is used from the next start.
#[tauri::command]
#[specta::specta]
pub fn restart_app(app: AppHandle) {
    app.restart();
}
