//! The run loop. Rows stream from the store in batches; each row is claimed for its openid,
//! journaled as `sending`, given a request slot, paced by the rate limiter, sent, and
//! journaled again with its outcome. Pause, cancel, quota and campaign-wide errors stop the
//! intake; requests in flight always finish and are recorded.
//!
//! The `sending` mark is committed while the row waits for a request slot, not after it gets
//! one: up to `concurrency` rows are staged ahead, so a freed slot sends at once instead of
//! waiting for a commit. The price is paid only on a crash, when staged rows that never left
//! become `unknown` along with those in flight (at most twice the concurrency; nothing is
//! resent automatically, so nothing is sent twice).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tracing::{info, instrument, warn};

use super::control::{CampaignControl, ControlCommand};
use super::inflight::InFlight;
use super::limiter::RateLimiter;
use super::model::{
    now_ms, Campaign, CampaignStatus, MessageSpec, ReasonKind, RecipientRow, RecipientState, StatusReason,
};
use super::outcome::{judge, Then};
use super::progress::{Progress, Tracker};
use super::writer::JournalWriter;
use crate::store::{AttemptOutcome, AttemptStatus, SendingMark};
use crate::wechat::{SubscribeMessage, WechatClient};
use crate::{CoreError, Result};

/// Tunables of the engine; the defaults suit WeChat.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    /// Attempts per row for retryable failures before the row fails.
    pub max_attempts: u32,
    /// Rows read from the store at a time (memory stays flat in the audience size).
    pub batch_size: u32,
    /// Consecutive failed rows that pause the campaign (something is wrong for everyone).
    pub failure_threshold: u32,
    /// How often progress is reported.
    pub progress_interval: Duration,
    /// How long to hold every request after 45011 (per-minute limit); `None` waits for the
    /// next wall-clock minute, when WeChat's counter resets.
    pub minute_limit_hold: Option<Duration>,
}

impl Default for EngineSettings {
    fn default() -> Self {
        EngineSettings {
            max_attempts: 5,
            batch_size: 500,
            failure_threshold: 50,
            progress_interval: Duration::from_millis(250),
            minute_limit_hold: None,
        }
    }
}

/// Receives progress snapshots while a campaign runs.
pub type ProgressSink = Arc<dyn Fn(Progress) + Send + Sync>;

/// Everything a run needs.
pub struct RunRequest {
    /// The SQLite file (the engine opens its own connection).
    pub db_path: PathBuf,
    /// The campaign to run (ready, paused or stopped).
    pub campaign_id: i64,
    /// The account's client.
    pub client: Arc<WechatClient>,
    /// Pause and cancel.
    pub control: CampaignControl,
    /// Progress snapshots, if anyone listens.
    pub progress: Option<ProgressSink>,
    /// Tunables.
    pub settings: EngineSettings,
}

struct Run {
    writer: JournalWriter,
    client: Arc<WechatClient>,
    control: CampaignControl,
    limiter: RateLimiter,
    inflight: InFlight,
    /// Rows in hand: in flight plus staged (twice the concurrency).
    rows: Arc<Semaphore>,
    /// Requests in flight (the concurrency).
    requests: Arc<Semaphore>,
    tracker: Mutex<Tracker>,
    halt: Mutex<Option<(bool, StatusReason)>>,
    consecutive_failures: AtomicU32,
    settings: EngineSettings,
    campaign_id: i64,
    account_id: i64,
    template_id: String,
    message: MessageSpec,
}

impl Run {
    fn stopping(&self) -> bool {
        self.control.current() != ControlCommand::Run || self.lock_halt().is_some()
    }

    fn lock_halt(&self) -> std::sync::MutexGuard<'_, Option<(bool, StatusReason)>> {
        self.halt.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn tracker(&self) -> std::sync::MutexGuard<'_, Tracker> {
        self.tracker.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The first halt wins: a stop (every row would fail) outranks a pause.
    fn halt(&self, stop: bool, reason: StatusReason) {
        let mut halt = self.lock_halt();
        if halt.as_ref().is_none_or(|(was_stop, _)| stop && !was_stop) {
            warn!(campaign = self.campaign_id, stop, reason = %reason.message, "campaign halting");
            *halt = Some((stop, reason));
        }
    }
}

/// Runs a campaign until every row is final, or it is paused, cancelled or halted. Returns the
/// campaign as it ends.
#[instrument(skip_all, fields(campaign = req.campaign_id))]
pub async fn run_campaign(req: RunRequest) -> Result<Campaign> {
    let _lock = super::run_lock::RunLock::acquire(&req.db_path, req.campaign_id)?;
    let writer = JournalWriter::start(&req.db_path)?;
    let id = req.campaign_id;
    let (campaign, errcodes) = writer.with(move |s| Ok((s.campaign(id)?, s.errcode_counts(id)?))).await?;
    if matches!(
        campaign.status,
        CampaignStatus::Finished | CampaignStatus::Cancelled | CampaignStatus::Running
    ) {
        return Err(CoreError::Conflict(format!(
            "campaign {id} is {} and cannot be run",
            campaign.status.as_str()
        )));
    }
    writer.with(move |s| s.set_campaign_status(id, CampaignStatus::Running, None)).await?;
    info!(
        total = campaign.counts.total,
        pending = campaign.counts.pending,
        rate = campaign.rate,
        "campaign running"
    );

    let run = Arc::new(Run {
        writer,
        client: req.client,
        control: req.control,
        limiter: RateLimiter::new(campaign.rate),
        inflight: InFlight::default(),
        rows: Arc::new(Semaphore::new(2 * campaign.concurrency.max(1) as usize)),
        requests: Arc::new(Semaphore::new(campaign.concurrency.max(1) as usize)),
        tracker: Mutex::new(Tracker::new(id, campaign.counts, errcodes)),
        halt: Mutex::new(None),
        consecutive_failures: AtomicU32::new(0),
        settings: req.settings,
        campaign_id: id,
        account_id: campaign.account_id,
        template_id: campaign.template_id.clone(),
        message: campaign.message.clone(),
    });

    // Reports progress, and picks up pause/cancel asked by another process (the CLI).
    let ticker = {
        let run = Arc::clone(&run);
        let sink = req.progress.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(run.settings.progress_interval);
            loop {
                tick.tick().await;
                match run.writer.with(move |s| s.take_request(id)).await {
                    Ok(Some(ControlCommand::Pause)) => run.control.pause(),
                    Ok(Some(ControlCommand::Cancel)) => run.control.cancel(),
                    _ => {}
                }
                if let Some(sink) = &sink {
                    sink(run.tracker().snapshot(CampaignStatus::Running));
                }
            }
        })
    };

    let intake = feed(&run).await;
    if let Err(err) = &intake {
        run.halt(
            false,
            StatusReason { kind: ReasonKind::CampaignError, errcode: None, message: err.to_string() },
        );
    }
    ticker.abort();
    let finished = finish(&run).await?;
    if let Some(sink) = req.progress {
        sink(run.tracker().snapshot(finished.status));
    }
    info!(status = finished.status.as_str(), "campaign run ended");
    Ok(finished)
}

/// Streams pending rows to workers until none is left or the run must stop.
async fn feed(run: &Arc<Run>) -> Result<()> {
    let mut tasks = JoinSet::new();
    let mut cursor = 0;
    let mut outcome = Ok(());
    'intake: loop {
        let batch = run.writer.pending_batch(run.campaign_id, cursor, run.settings.batch_size).await?;
        if batch.is_empty() {
            break;
        }
        for row in batch {
            cursor = row.id;
            if run.stopping() {
                break 'intake;
            }
            let permit = tokio::select! {
                permit = acquire(&run.rows) => permit?,
                _ = run.control.stopped() => break 'intake,
            };
            tasks.spawn(send_row(Arc::clone(run), row, permit));
            while let Some(done) = tasks.try_join_next() {
                outcome = outcome.and(flatten(done));
            }
            if outcome.is_err() {
                break 'intake;
            }
        }
    }
    while let Some(done) = tasks.join_next().await {
        outcome = outcome.and(flatten(done));
    }
    outcome
}

fn flatten(done: std::result::Result<Result<()>, tokio::task::JoinError>) -> Result<()> {
    done.map_err(|e| CoreError::Internal(format!("a send task failed: {e}")))?
}

/// Sends one row, retrying what is safe to retry. The openid is claimed for the whole time,
/// so no two requests to it are ever in flight.
async fn send_row(run: Arc<Run>, row: RecipientRow, permit: OwnedSemaphorePermit) -> Result<()> {
    let _claim = run.inflight.claim(&row.openid).await;
    let mut in_hand = Some(permit);
    let message = SubscribeMessage {
        touser: row.openid.clone(),
        template_id: run.template_id.clone(),
        page: run.message.page.clone().filter(|p| !p.is_empty()),
        data: row.data,
        miniprogram_state: run.message.miniprogram_state,
        lang: run.message.lang,
    };
    let request = serde_json::to_string(&message).map_err(|e| CoreError::Internal(e.to_string()))?;
    let mut attempt = row.attempts;
    loop {
        if in_hand.is_none() {
            in_hand = Some(acquire(&run.rows).await?);
        }
        if run.stopping() {
            return Ok(());
        }
        attempt += 1;
        let attempt_id = run
            .writer
            .mark(SendingMark {
                recipient_id: row.id,
                campaign_id: run.campaign_id,
                account_id: run.account_id,
                template_id: run.template_id.clone(),
                openid: row.openid.clone(),
                attempt_no: attempt,
                request: request.clone(),
                staged_at: now_ms(),
            })
            .await?;
        run.tracker().moved(RecipientState::Pending, RecipientState::Sending);

        let slot = acquire(&run.requests).await?;
        let started_at = run.limiter.acquire().await;
        if run.stopping() {
            // Staged but never sent: the row goes back to pending, as if never taken.
            run.writer.with(move |s| s.withdraw_mark(attempt_id)).await?;
            run.tracker().moved(RecipientState::Sending, RecipientState::Pending);
            return Ok(());
        }
        let verdict = judge(run.client.send_subscribe(&message).await, attempt, run.settings.max_attempts);
        let next_state = verdict.row_state();
        let receipt = run.writer.record(AttemptOutcome {
            attempt_id,
            recipient_id: row.id,
            started_at,
            status: verdict.status,
            errcode: verdict.errcode,
            errmsg: verdict.errmsg.clone(),
            rid: verdict.rid.clone(),
            msgid: verdict.msgid.clone(),
            response: verdict.response.clone(),
        })?;
        // Decide about the whole run before the slot frees, so no staged row sends after a
        // halt.
        count_failures(&run, verdict.status);
        if let Then::Halt { stop, reason } = &verdict.then {
            run.halt(*stop, reason.clone());
        }
        drop(slot);
        // The request is back: another row may start while this outcome commits (a crash
        // before the commit leaves the row "sending", which recovery turns into "unknown").
        if verdict.then == Then::Done {
            in_hand = None;
        }
        receipt.committed().await?;
        {
            let mut tracker = run.tracker();
            tracker.moved(RecipientState::Sending, next_state);
            if let Some(code) = verdict.errcode.filter(|c| *c != 0) {
                tracker.error(code);
            }
        }
        match verdict.then {
            Then::Done | Then::Halt { .. } => return Ok(()),
            Then::RetryAfter(delay) => {
                // Waiting must not hold a place others could use.
                in_hand = None;
                wait_unless_stopped(&run, delay).await;
            }
            Then::SlowDown => {
                let hold = run.settings.minute_limit_hold.unwrap_or_else(until_next_minute);
                run.limiter.hold(tokio::time::Instant::now() + hold).await;
            }
        }
    }
}

async fn acquire(semaphore: &Arc<Semaphore>) -> Result<OwnedSemaphorePermit> {
    Arc::clone(semaphore).acquire_owned().await.map_err(|e| CoreError::Internal(e.to_string()))
}

fn count_failures(run: &Run, status: AttemptStatus) {
    match status {
        AttemptStatus::Failed => {
            let n = run.consecutive_failures.fetch_add(1, Ordering::SeqCst) + 1;
            if n >= run.settings.failure_threshold {
                run.halt(
                    false,
                    StatusReason {
                        kind: ReasonKind::FailureThreshold,
                        errcode: None,
                        message: format!("{n} rows in a row failed; paused so you can check why"),
                    },
                );
            }
        }
        AttemptStatus::Sent | AttemptStatus::NotSubscribed => {
            run.consecutive_failures.store(0, Ordering::SeqCst)
        }
        _ => {}
    }
}

async fn wait_unless_stopped(run: &Run, delay: Duration) {
    tokio::select! {
        _ = tokio::time::sleep(delay) => {}
        _ = run.control.stopped() => {}
    }
}

fn until_next_minute() -> Duration {
    let now = chrono::Utc::now();
    let secs = 60 - (now.timestamp() % 60) as u64;
    Duration::from_secs(secs)
}

/// Writes the campaign's final status for this run.
async fn finish(run: &Arc<Run>) -> Result<Campaign> {
    let id = run.campaign_id;
    let halt = run.lock_halt().clone();
    let command = run.control.current();
    let cancelled = run.writer.with(move |s| match command {
        ControlCommand::Cancel => s.cancel_pending(id),
        _ => Ok(0),
    });
    let n = cancelled.await?;
    run.tracker().cancelled(n);
    let (status, reason) = match (command, halt) {
        (ControlCommand::Cancel, _) => {
            (CampaignStatus::Cancelled, Some(user_reason("cancelled by the user")))
        }
        (_, Some((true, reason))) => (CampaignStatus::Stopped, Some(reason)),
        (_, Some((false, reason))) => (CampaignStatus::Paused, Some(reason)),
        (ControlCommand::Pause, None) => (CampaignStatus::Paused, Some(user_reason("paused by the user"))),
        (ControlCommand::Run, None) => (CampaignStatus::Finished, None),
    };
    run.writer
        .with(move |s| {
            s.set_campaign_status(id, status, reason.as_ref())?;
            s.campaign(id)
        })
        .await
}

fn user_reason(message: &str) -> StatusReason {
    StatusReason { kind: ReasonKind::User, errcode: None, message: message.into() }
}
