//! Staging: pending rows are marked `sending` ahead of need, in groups that commit (durably)
//! together, so a sender that finishes a request finds its next row ready instead of waiting
//! for a commit. At most `concurrency` rows wait staged; a row leaves staging when a sender
//! takes it. A staged row that never leaves goes back to pending — at once when the run stops,
//! or through the departure log if the process dies.

use std::collections::VecDeque;
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::engine::Run;
use crate::model::{now_ms, MessageChannel, RecipientRow, RecipientState, SendingMark};
use crate::wechat::{MiniprogramJump, Outgoing, SubscribeMessage, TemplateMessage};

/// How long the stager waits to mark several rows in one commit while enough rows are staged.
const GATHER: std::time::Duration = std::time::Duration::from_millis(3);

/// A row marked `sending`, waiting for a sender.
pub(super) struct Staged {
    pub row: RecipientRow,
    pub attempt_id: i64,
    pub attempt_no: u32,
    pub message: Outgoing,
    pub request: String,
    /// Its place in staging, given back when a sender takes the row.
    pub place: OwnedSemaphorePermit,
}

/// The staged rows, shared by the senders. Closed when the stager ends.
pub(super) type StagedRows = async_channel::Receiver<Staged>;

/// Starts the stager; it ends when no pending row is left or the run stops.
pub(super) fn start(run: &Arc<Run>) -> StagedRows {
    let (tx, rx) = async_channel::unbounded();
    let run = Arc::clone(run);
    tokio::spawn(async move {
        if let Err(e) = stage(&run, &tx).await {
            run.halt_on_store(&e);
        }
        tx.close();
    });
    rx
}

/// The message a row sends.
pub(super) fn message_for(run: &Run, row: &RecipientRow) -> Outgoing {
    let row_page = row.page.clone().filter(|p| !p.is_empty());
    match run.channel {
        MessageChannel::SubscribeMessage => Outgoing::Subscribe(SubscribeMessage {
            touser: row.openid.clone(),
            template_id: run.template_id.clone(),
            page: row_page.or_else(|| run.message.page.clone()).filter(|p| !p.is_empty()),
            data: row.data.clone(),
            miniprogram_state: run.message.miniprogram_state,
            lang: run.message.lang,
        }),
        MessageChannel::TemplateMessage => Outgoing::Template(TemplateMessage {
            touser: row.openid.clone(),
            template_id: run.template_id.clone(),
            url: run.message.url.clone().filter(|u| !u.is_empty()),
            miniprogram: run.message.miniprogram_appid.clone().map(|appid| MiniprogramJump {
                appid,
                pagepath: row_page.or_else(|| run.message.page.clone()).unwrap_or_default(),
            }),
            data: row.data.clone(),
            // The same for every attempt of the row: WeChat sends it once in 10 minutes.
            client_msg_id: format!("{}r{}", run.msg_key, row.id),
        }),
    }
}

/// The journal entry of a row's next attempt.
pub(super) fn mark_for(run: &Run, row: &RecipientRow, attempt_no: u32, request: &str) -> SendingMark {
    SendingMark {
        recipient_id: row.id,
        campaign_id: run.campaign_id,
        account_id: run.account_id,
        template_id: run.template_id.clone(),
        openid: row.openid.clone(),
        attempt_no,
        request: request.to_string(),
        staged_at: now_ms(),
    }
}

async fn stage(run: &Arc<Run>, out: &async_channel::Sender<Staged>) -> crate::Result<()> {
    let places = Arc::new(Semaphore::new(run.concurrency as usize));
    let mut buffered: VecDeque<RecipientRow> = VecDeque::new();
    let mut cursor = 0;
    let mut drained = false;
    loop {
        if run.stopping() {
            return Ok(());
        }
        let first = tokio::select! {
            place = Arc::clone(&places).acquire_owned() => place.map_err(|e| crate::CoreError::Internal(e.to_string()))?,
            _ = run.stopped() => return Ok(()),
        };
        // With half the staged rows still waiting, gather a few more places first: fewer,
        // larger durable commits (each one an fsync that outcome commits queue behind).
        let staged = run.concurrency as usize - places.available_permits() - 1;
        if staged * 2 >= run.concurrency as usize {
            tokio::time::sleep(GATHER).await;
        }
        let mut granted = vec![first];
        while let Ok(place) = Arc::clone(&places).try_acquire_owned() {
            granted.push(place);
        }
        while !drained && buffered.len() < granted.len() {
            let batch = run.writer.pending_batch(cursor, run.settings.batch_size).await?;
            match batch.last() {
                Some(last) => cursor = last.id,
                None => drained = true,
            }
            buffered.extend(batch);
        }
        if buffered.is_empty() {
            return Ok(());
        }
        granted.truncate(buffered.len());
        let rows: Vec<RecipientRow> = buffered.drain(..granted.len()).collect();
        let mut prepared = Vec::with_capacity(rows.len());
        let mut marks = Vec::with_capacity(rows.len());
        for row in rows {
            let message = message_for(run, &row);
            let request = message.to_json().map_err(|e| crate::CoreError::Internal(e.to_string()))?;
            marks.push(mark_for(run, &row, row.attempts + 1, &request));
            prepared.push((row, message, request));
        }
        let ids = run.writer.mark(marks).await?;
        for (((row, message, request), place), id) in prepared.into_iter().zip(granted).zip(ids) {
            // A row that is no longer pending (or a campaign this run lost) is not sent.
            let Some(attempt_id) = id else { continue };
            run.tracker().moved(RecipientState::Pending, RecipientState::Sending);
            let attempt_no = row.attempts + 1;
            let staged = Staged { row, attempt_id, attempt_no, message, request, place };
            if out.send(staged).await.is_err() {
                return Ok(());
            }
        }
    }
}
