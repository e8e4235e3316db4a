//! One run of a campaign, from the moment the lifecycle handed it to a run
//! ([`crate::store::Store::begin_run`]) until [`crate::store::Store::end_run`] gives it its
//! next state.
//!
//! A stager marks pending rows `sending` in durable groups, ahead of need (see `stager.rs`);
//! `concurrency` senders each take a staged row, claim its openid, and send it on a connection
//! of their own, the rate slot and the departure log written at the moment the request is
//! written (see `sender.rs`). A ticker reports progress, stamps the heartbeat and picks up a
//! pause or cancel asked by another process. Requests in flight always finish and are
//! recorded; staged rows a stopping run never sent go back to pending.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::{info, instrument, warn};

use super::control::CampaignControl;
use super::departures::{self, DepartureLog};
use super::gate::AccountGate;
use super::progress::{Progress, Tracker};
use super::writer::JournalWriter;
use crate::model::lifecycle::RunEnd;
use crate::model::{
    now_ms, AttemptStatus, Campaign, CampaignStatus, MessageChannel, MessageSpec, ReasonKind, StatusReason,
};
use crate::process::HEARTBEAT_EVERY;
use crate::schedule::{zone_or_local, Clock, SendWindow, Tz};
use crate::store::StoreAddress;
use crate::wechat::WechatClient;
use crate::{CoreError, Result};

/// Tunables of the engine; the defaults suit WeChat.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    /// Attempts per row for retryable refusals before the row fails.
    pub max_attempts: u32,
    /// Rows read from the store at a time (memory stays flat in the audience size).
    pub batch_size: u32,
    /// Consecutive failed rows that pause the campaign (something is wrong for everyone).
    pub failure_threshold: u32,
    /// Consecutive 47001 answers that stop the campaign: WeChat answers it to well-formed
    /// bodies now and then, but not over and over.
    pub malformed_threshold: u32,
    /// How often progress is reported and requests from other processes are read.
    pub progress_interval: Duration,
    /// How long to hold every request after 45011 (per-minute limit); `None` waits for the
    /// next wall-clock minute, when WeChat's counter resets.
    pub minute_limit_hold: Option<Duration>,
    /// How long WeChat (or the token service) may stay unreachable before the campaign pauses
    /// with its rows pending.
    pub unreachable_grace: Duration,
    /// How long after a template message first left its row may be resent with the same
    /// `client_msg_id` when the answer was lost. WeChat sends one message per openid and id
    /// within 10 minutes ("超过10分钟不保证效果"); a minute is kept back for the retry's own wait
    /// and trip. Past it, the row is `unknown` like any lost answer.
    pub deduplicated_for: Duration,
}

impl Default for EngineSettings {
    fn default() -> Self {
        EngineSettings {
            max_attempts: 5,
            batch_size: 500,
            failure_threshold: 50,
            malformed_threshold: 3,
            progress_interval: Duration::from_millis(250),
            minute_limit_hold: None,
            unreachable_grace: Duration::from_secs(20),
            deduplicated_for: Duration::from_secs(9 * 60),
        }
    }
}

/// Receives progress snapshots while a campaign runs.
pub type ProgressSink = Arc<dyn Fn(Progress) + Send + Sync>;

/// Everything a run needs. The campaign must already be running under `run_id`.
pub struct RunRequest {
    /// The store (the run opens its own connection).
    pub store: StoreAddress,
    /// The campaign.
    pub campaign_id: i64,
    /// The run the lifecycle handed the campaign to.
    pub run_id: String,
    /// The account's client.
    pub client: Arc<WechatClient>,
    /// What the account's campaigns share in this process.
    pub gate: Arc<AccountGate>,
    /// Pause and cancel.
    pub control: CampaignControl,
    /// Progress snapshots, if anyone listens.
    pub progress: Option<ProgressSink>,
    /// Tunables.
    pub settings: EngineSettings,
    /// Now: when the campaign's send window closes.
    pub clock: Arc<dyn Clock>,
}

/// The state a run's tasks share.
pub(super) struct Run {
    pub writer: JournalWriter,
    pub client: Arc<WechatClient>,
    pub gate: Arc<AccountGate>,
    pub control: CampaignControl,
    pub departures: DepartureLog,
    data_dir: PathBuf,
    tracker: Mutex<Tracker>,
    halt: Mutex<Option<(bool, StatusReason)>>,
    halted: watch::Sender<bool>,
    consecutive_failures: AtomicU32,
    consecutive_malformed: AtomicU32,
    unreachable_since: Mutex<Option<tokio::time::Instant>>,
    /// The campaign's send window and zone, with the clock that tells when it closes.
    window: Option<(SendWindow, Tz)>,
    clock: Arc<dyn Clock>,
    window_closed: Mutex<Option<i64>>,
    pub settings: EngineSettings,
    pub run_id: String,
    pub campaign_id: i64,
    pub account_id: i64,
    pub template_id: String,
    pub message: MessageSpec,
    /// Subscribe messages (mini program) or template messages (Official Account).
    pub channel: MessageChannel,
    /// What makes the campaign's `client_msg_id`s its own: its id and when it was made, so
    /// another desk's campaign with the same id never shares one.
    pub msg_key: String,
    pub rate: u32,
    pub concurrency: u32,
}

impl Run {
    /// Whether the run must stop taking rows: asked to, or halted.
    pub fn stopping(&self) -> bool {
        self.control.current().is_some() || *self.halted.borrow()
    }

    /// Resolves once the run must stop.
    pub async fn stopped(&self) {
        let mut halted = self.halted.subscribe();
        tokio::select! {
            _ = self.control.asked() => {}
            _ = halted.wait_for(|h| *h) => {}
        }
    }

    pub fn tracker(&self) -> std::sync::MutexGuard<'_, Tracker> {
        self.tracker.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stops the run. The first halt wins, except that a stop (every row would fail)
    /// outranks a pause.
    pub fn halt(&self, stop: bool, reason: StatusReason) {
        let mut halt = self.halt.lock().unwrap_or_else(|p| p.into_inner());
        if halt.as_ref().is_none_or(|(was_stop, _)| stop && !was_stop) {
            warn!(campaign = self.campaign_id, stop, reason = %reason.message, "campaign halting");
            *halt = Some((stop, reason));
        }
        self.halted.send_replace(true);
    }

    /// A store write failed: stop taking rows; what was not recorded is resolved at the end.
    pub fn halt_on_store(&self, err: &CoreError) {
        self.halt(
            false,
            reason(ReasonKind::Store, format!("the local database could not be written: {err}")),
        );
    }

    /// Counts an outcome: too many failed rows in a row pause the campaign, repeated 47001
    /// stops it.
    pub fn count_outcome(&self, status: AttemptStatus, errcode: Option<i64>) {
        if errcode == Some(47001) {
            let n = self.consecutive_malformed.fetch_add(1, Ordering::SeqCst) + 1;
            if n >= self.settings.malformed_threshold {
                let message = format!("WeChat answered 47001 (malformed request) {n} times in a row");
                self.halt(
                    true,
                    StatusReason { errcode: Some(47001), ..reason(ReasonKind::CampaignError, message) },
                );
            }
        } else {
            self.consecutive_malformed.store(0, Ordering::SeqCst);
        }
        match status {
            AttemptStatus::Failed => {}
            AttemptStatus::Sent | AttemptStatus::NotSubscribed => {
                self.consecutive_failures.store(0, Ordering::SeqCst);
                return;
            }
            _ => return,
        }
        let n = self.consecutive_failures.fetch_add(1, Ordering::SeqCst) + 1;
        if n >= self.settings.failure_threshold {
            self.halt(
                false,
                reason(
                    ReasonKind::FailureThreshold,
                    format!("{n} rows in a row failed; paused so you can check why"),
                ),
            );
        }
    }

    /// Stops taking rows once the campaign's send window has closed (the requests in flight
    /// finish): the campaign waits, its rows pending, for the window to open again.
    fn check_window(&self) {
        let Some((window, zone)) = self.window else { return };
        let now = self.clock.now_ms();
        if window.is_open(now, zone) {
            return;
        }
        let mut closed = self.window_closed.lock().unwrap_or_else(|p| p.into_inner());
        if closed.is_none() {
            info!(campaign = self.campaign_id, "send window closed");
            *closed = Some(window.next_open(now, zone));
            drop(closed);
            self.halted.send_replace(true);
        }
    }

    /// Something reached WeChat: the network is back.
    pub fn reachable(&self) {
        *self.unreachable_since.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Nothing could reach WeChat (or the token service) just now. Returns whether that has
    /// lasted longer than the grace period.
    pub fn unreachable_too_long(&self) -> bool {
        let mut since = self.unreachable_since.lock().unwrap_or_else(|p| p.into_inner());
        let first = *since.get_or_insert_with(tokio::time::Instant::now);
        first.elapsed() >= self.settings.unreachable_grace
    }
}

pub(super) fn reason(kind: ReasonKind, message: String) -> StatusReason {
    StatusReason { kind, errcode: None, failure: None, message }
}

/// Runs a campaign the lifecycle handed to run `req.run_id` until every row is final, or it
/// is paused, cancelled or halted, and returns the campaign as it ends.
#[instrument(skip_all, fields(campaign = req.campaign_id))]
pub async fn run_campaign(req: RunRequest) -> Result<Campaign> {
    let id = req.campaign_id;
    let writer = JournalWriter::start(&req.store, &req.run_id, id)?;
    let (campaign, errcodes) = writer.with(move |s| Ok((s.campaign(id)?, s.errcode_counts(id)?))).await?;
    if campaign.status != CampaignStatus::Running {
        return Err(CoreError::Internal(format!("campaign {id} was not handed to this run")));
    }
    let departures = match DepartureLog::create(req.store.data_dir(), &req.run_id) {
        Ok(log) => log,
        Err(e) => {
            // Without a departure log nothing may leave: end the run at once, rows untouched.
            let end = RunEnd::Halted { stop: false, reason: reason(ReasonKind::Store, e.to_string()) };
            let run_id = req.run_id.clone();
            return writer.with(move |s| s.end_run(id, &run_id, &end, Some(&Default::default()))).await;
        }
    };
    let (_gate_use, first_user) = req.gate.enter();
    if first_user {
        let account = campaign.account_id;
        let since = now_ms() - 2_000;
        let recent = writer.with(move |s| s.recent_departures(account, since)).await?;
        req.gate.limiter.seed(&recent).await;
    }
    info!(
        total = campaign.counts.total,
        pending = campaign.counts.pending,
        rate = campaign.rate,
        "campaign running"
    );

    let window = campaign.window.map(|w| (w, zone_or_local(campaign.timezone.as_deref())));
    let run = Arc::new(Run {
        writer,
        client: req.client,
        gate: req.gate,
        control: req.control,
        departures,
        data_dir: req.store.data_dir().to_path_buf(),
        tracker: Mutex::new(
            Tracker::new(id, campaign.counts, errcodes).with_window(window, Arc::clone(&req.clock)),
        ),
        halt: Mutex::new(None),
        halted: watch::Sender::new(false),
        consecutive_failures: AtomicU32::new(0),
        consecutive_malformed: AtomicU32::new(0),
        unreachable_since: Mutex::new(None),
        window,
        clock: req.clock,
        window_closed: Mutex::new(None),
        settings: req.settings,
        run_id: req.run_id,
        campaign_id: id,
        account_id: campaign.account_id,
        template_id: campaign.template_id.clone(),
        message: campaign.message.clone(),
        channel: campaign.channel,
        msg_key: format!("pd{id}t{}", campaign.created_at),
        rate: campaign.rate,
        concurrency: campaign.concurrency.max(1),
    });

    let ticker = tokio::spawn(tick(Arc::clone(&run), req.progress.clone()));
    let staged = super::stager::start(&run);
    let mut senders = JoinSet::new();
    for _ in 0..run.concurrency {
        senders.spawn(super::sender::serve(Arc::clone(&run), staged.clone()));
    }
    while let Some(done) = senders.join_next().await {
        if let Err(e) = done {
            run.halt(false, reason(ReasonKind::Store, format!("a sender failed: {e}")));
        }
    }
    ticker.abort();
    let finished = finish(&run).await?;
    if let Some(sink) = req.progress {
        sink(run.tracker().settled(&finished));
    }
    info!(status = finished.status.as_str(), "campaign run ended");
    Ok(finished)
}

/// Reports progress; reads a pause or cancel asked by another process; stamps the heartbeat.
async fn tick(run: Arc<Run>, sink: Option<ProgressSink>) {
    let mut tick = tokio::time::interval(run.settings.progress_interval);
    let beats_every =
        (HEARTBEAT_EVERY.as_millis() / run.settings.progress_interval.as_millis().max(1)).max(1);
    let mut n: u128 = 0;
    loop {
        tick.tick().await;
        n += 1;
        run.check_window();
        let (id, run_id) = (run.campaign_id, run.run_id.clone());
        let stamp = n % beats_every == 1 || beats_every == 1;
        let beat = run
            .writer
            .with(move |s| if stamp { s.heartbeat(id, &run_id) } else { s.requested(id, &run_id) })
            .await;
        match beat {
            Ok(beat) if !beat.owned => run.halt(
                false,
                reason(
                    ReasonKind::Interrupted,
                    "another Pushdesk took this campaign over; this one stopped sending".into(),
                ),
            ),
            Ok(beat) => {
                if let Some(request) = beat.requested {
                    run.control.ask(request);
                }
            }
            Err(e) => run.halt_on_store(&e),
        }
        if let Some(sink) = &sink {
            sink(run.tracker().snapshot(CampaignStatus::Running));
        }
    }
}

/// Writes what is left to write and ends the run.
async fn finish(run: &Arc<Run>) -> Result<Campaign> {
    let window_closed = *run.window_closed.lock().unwrap_or_else(|p| p.into_inner());
    let end = match (run.control.current(), run.halt.lock().unwrap_or_else(|p| p.into_inner()).clone()) {
        (Some(request), _) => RunEnd::Requested(request),
        (None, Some((stop, reason))) => RunEnd::Halted { stop, reason },
        (None, None) => match window_closed {
            Some(reopens_at) => RunEnd::WindowClosed { reopens_at },
            None => RunEnd::Drained,
        },
    };
    let unrecorded = std::mem::take(&mut run.writer.unrecorded().outcomes);
    if !unrecorded.is_empty() {
        let (run_id, id) = (run.run_id.clone(), run.campaign_id);
        // One more try; what still fails is resolved from the departure log below.
        let _ = run.writer.with(move |s| s.record_outcomes(&run_id, id, &unrecorded)).await;
    }
    // The run's own log is complete: every sender has ended. A log that cannot be read makes
    // every row still in flight `unknown`, never pending.
    let id = run.campaign_id;
    let in_flight = run.writer.with(move |s| s.attempts_in_flight(id)).await?;
    let log = departures::read(&run.data_dir, &run.run_id, &in_flight);
    let run_id = run.run_id.clone();
    let ended = run.writer.with(move |s| s.end_run(id, &run_id, &end, log.as_ref())).await?;
    run.departures.remove();
    Ok(ended)
}
