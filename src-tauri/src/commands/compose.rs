//! Compose commands: live checks, direct sends, test openids, the draft.

use std::collections::BTreeMap;

use pushdesk_core::compose::{
    self, ComposeDraft, MessageCheck, SendNowRequest, SendNowResult, TestRecipient,
};
use pushdesk_core::model::MessageSpec;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Checks a message against the template's rules as the user types.
#[tauri::command]
#[specta::specta]
pub async fn check_message(
    state: State<'_, AppState>,
    account_id: i64,
    template_id: String,
    message: MessageSpec,
    placeholders: BTreeMap<String, String>,
) -> CmdResult<MessageCheck> {
    state
        .with_store(move |store, _| {
            let template = store.template(account_id, &template_id)?;
            Ok(compose::check_message(&template.keywords, &message, &placeholders))
        })
        .await
}

/// Sends to one openid or to the test list, and returns each recipient's result.
#[tauri::command]
#[specta::specta]
pub async fn send_now(state: State<'_, AppState>, request: SendNowRequest) -> CmdResult<SendNowResult> {
    Ok(state.desk()?.send_now(request).await?)
}

/// The account's test openids.
#[tauri::command]
#[specta::specta]
pub async fn list_test_recipients(
    state: State<'_, AppState>,
    account_id: i64,
) -> CmdResult<Vec<TestRecipient>> {
    state.with_store(move |store, _| store.test_recipients(account_id)).await
}

/// Replaces the account's test openids.
#[tauri::command]
#[specta::specta]
pub async fn set_test_recipients(
    state: State<'_, AppState>,
    account_id: i64,
    recipients: Vec<TestRecipient>,
) -> CmdResult<()> {
    state.with_store(move |store, _| store.set_test_recipients(account_id, &recipients)).await
}

/// The saved Compose draft.
#[tauri::command]
#[specta::specta]
pub async fn get_compose_draft(state: State<'_, AppState>) -> CmdResult<Option<ComposeDraft>> {
    state.with_store(|store, _| store.compose_draft()).await
}

/// Saves the Compose draft.
#[tauri::command]
#[specta::specta]
pub async fn save_compose_draft(state: State<'_, AppState>, draft: ComposeDraft) -> CmdResult<()> {
    state.with_store(move |store, _| store.save_compose_draft(&draft)).await
}
