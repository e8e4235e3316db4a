//! Compose commands: live checks, direct sends, test openids, the draft.

use std::collections::BTreeMap;

use pushdesk_core::campaign::model::MessageSpec;
use pushdesk_core::compose::{
    self, ComposeDraft, MessageCheck, SendNowRequest, SendNowResult, TestRecipient,
};
use tauri::State;

use crate::error::CmdResult;
use crate::runner::Runner;
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
pub async fn send_now(
    state: State<'_, AppState>,
    runner: State<'_, Runner>,
    request: SendNowRequest,
) -> CmdResult<SendNowResult> {
    let (_, client) = state.client(request.account_id).await?;
    let id = state
        .with_store(move |store, _| {
            let (spec, recipients) =
                compose::plan_direct_send(store, &request, &pushdesk_core::paths::os_user())?;
            store.create_campaign(&spec, &recipients)
        })
        .await?;
    runner.run_to_end(state.database_file(), id, client).await?;
    state.with_store(move |store, _| compose::direct_results(store, id)).await
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
pub async fn get_draft(state: State<'_, AppState>) -> CmdResult<Option<ComposeDraft>> {
    state.with_store(|store, _| store.draft()).await
}

/// Saves the Compose draft.
#[tauri::command]
#[specta::specta]
pub async fn save_draft(state: State<'_, AppState>, draft: ComposeDraft) -> CmdResult<()> {
    state.with_store(move |store, _| store.save_draft(&draft)).await
}
