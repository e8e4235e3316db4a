//! The scheduler: what the app runs while it is open and `pushdesk scheduler run` runs in the
//! foreground. Each tick makes the series' runs that are due, starts the campaigns whose time
//! came (or marks them missed past their grace period), and goes on with the campaigns whose
//! window opened. Every move is one of the store's transactions that re-checks the campaign's
//! state, so two schedulers on one data directory never start the same run twice.

use std::time::Duration;

use tracing::{debug, info, warn};

use super::drafts::{with_draft_audience, MadeFrom};
use super::runs::RunHandle;
use super::schedule::SeriesSource;
use super::Desk;
use crate::campaign::ProgressSink;
use crate::model::lifecycle::ApprovalState;
use crate::model::{
    CampaignAction, CampaignStatus, NewCampaign, ReasonKind, Series, SeriesAudience, StatusReason, Timing,
};
use crate::schedule::{zone_or_local, Repeat};
use crate::store::{DueCampaign, RunAudience};
use crate::{CoreError, Result};

/// The longest a scheduler loop sleeps: a campaign another process (the app, the CLI) schedules
/// is seen within this.
const SCHEDULER_MAX_SLEEP: Duration = Duration::from_secs(5);

/// Occurrences of a series passed over in one go, at most (a rule firing every minute while
/// the machine was off for a year).
const MAX_CATCH_UP: usize = 1_000_000;

/// What one tick of the scheduler did.
#[derive(Debug, Default)]
pub struct SchedulerTick {
    /// Runs started (a campaign whose window turned out closed is among them, waiting).
    pub started: Vec<RunHandle>,
    /// Campaigns marked missed.
    pub missed: Vec<i64>,
    /// Runs of series made.
    pub made: Vec<i64>,
    /// Runs of series that did not start: their file is missing or invalid.
    pub refused: Vec<i64>,
}

impl SchedulerTick {
    /// Whether the tick did nothing.
    pub fn is_idle(&self) -> bool {
        self.started.is_empty() && self.missed.is_empty() && self.made.is_empty() && self.refused.is_empty()
    }
}

impl Desk {
    /// One look at the schedule, at the desk's clock's now.
    pub async fn scheduler_tick(&self, progress: Option<ProgressSink>) -> Result<SchedulerTick> {
        let now = self.clock.now_ms();
        let mut tick = SchedulerTick::default();
        for series in self.with_store(move |store, _| store.due_series(now)).await? {
            match self.make_series_run(&series, now).await {
                Ok(Some((id, refused))) => {
                    if refused {
                        tick.refused.push(id);
                        self.notices.campaign_changed(self.campaign(id).await?);
                    } else {
                        tick.made.push(id);
                    }
                }
                Ok(None) => debug!(series = series.id, "another scheduler made this run"),
                Err(e) => warn!(series = series.id, "could not make the series' run: {e}"),
            }
        }
        for due in self.with_store(move |store, _| store.due_campaigns(now)).await? {
            self.handle_due(due, now, progress.clone(), &mut tick).await;
        }
        Ok(tick)
    }

    async fn handle_due(
        &self,
        due: DueCampaign,
        now: i64,
        progress: Option<ProgressSink>,
        tick: &mut SchedulerTick,
    ) {
        let id = due.id;
        let action = match due.status {
            CampaignStatus::Scheduled => {
                let at = due.scheduled_at.unwrap_or(now);
                let zone = zone_or_local(due.timezone.as_deref());
                // A campaign due while its window is closed is due when the window opens:
                // the grace period counts from then.
                let due_at = due.window.map_or(at, |w| w.next_open(at, zone));
                if now > due_at + i64::from(due.grace_minutes) * 60_000 {
                    let unapproved =
                        self.campaign(id).await.is_ok_and(|c| c.approval == ApprovalState::Waiting);
                    match self.with_store(move |store, _| store.mark_missed(id, at, unapproved)).await {
                        Ok(true) => {
                            info!(campaign = id, "missed its time");
                            tick.missed.push(id);
                            if let Ok(campaign) = self.campaign(id).await {
                                self.notices.campaign_changed(campaign);
                            }
                        }
                        Ok(false) => {}
                        Err(e) => warn!(campaign = id, "could not mark a missed run: {e}"),
                    }
                    return;
                }
                CampaignAction::Start
            }
            _ => CampaignAction::Resume,
        };
        match self.begin(id, action, progress).await {
            Ok(handle) => tick.started.push(handle),
            // Another scheduler (or a person) moved it first, or another process sends the
            // account: the next tick looks again.
            Err(CoreError::Busy(_) | CoreError::Refused(_)) => debug!(campaign = id, "not started now"),
            Err(e) => warn!(campaign = id, "the scheduler could not start it: {e}"),
        }
    }

    /// Makes the run of `series` that is due: the latest of its times up to `now` (earlier ones
    /// passed while nothing ran are not made: the latest stands for them, missed if it is too
    /// late). Returns the run and whether it was refused, or `None` when another scheduler
    /// made it.
    async fn make_series_run(&self, series: &Series, now: i64) -> Result<Option<(i64, bool)>> {
        let Some(claimed) = series.next_run_at else { return Ok(None) };
        let rule = Repeat::from_text(&series.repeat).map_err(|e| CoreError::Internal(e.to_string()))?;
        let zone = zone_or_local(Some(&series.timezone));
        let mut due = claimed;
        for _ in 0..MAX_CATCH_UP {
            match rule.next_after(due, zone) {
                Some(next) if next <= now => due = next,
                _ => break,
            }
        }
        if due != claimed {
            warn!(series = series.id, "runs were due while nothing ran; the latest stands for them");
        }
        let next = rule.next_after(due, zone);
        let first_id = series
            .first_campaign_id
            .ok_or_else(|| CoreError::Internal(format!("series {} has no first run", series.id)))?;
        let first = self.campaign(first_id).await?;
        let spec = NewCampaign {
            account_id: series.account_id,
            kind: first.kind,
            name: series.name.clone(),
            template_id: first.template_id.clone(),
            template_title: first.template_title.clone(),
            message: first.message.clone(),
            rate: first.rate,
            concurrency: first.concurrency,
            parent_id: None,
            created_by: series.created_by.clone(),
            timing: Timing {
                scheduled_at: Some(due),
                window: first.window,
                timezone: Some(series.timezone.clone()),
                grace_minutes: first.grace_minutes,
            },
            series_id: Some(series.id),
        };
        let series_id = series.id;
        match series.audience {
            SeriesAudience::Reuse => {
                let made = self
                    .with_store(move |store, _| {
                        store.create_series_run(
                            series_id,
                            claimed,
                            next,
                            &spec,
                            RunAudience::CopyOf(first_id),
                        )
                    })
                    .await?;
                Ok(made.map(|id| (id, false)))
            }
            SeriesAudience::Reread => {
                let draft = match self.series_draft(series_id, series.account_id).await {
                    Ok(draft) => draft,
                    Err(e) => return self.refuse_series_run(series_id, claimed, next, spec, &e).await,
                };
                let user = series.created_by.clone();
                let (timing, spec_for_refusal) = (spec.timing.clone(), spec.clone());
                let made = self
                    .with_store(move |store, _| {
                        let made = MadeFrom { draft_id: draft, timing, series_id: Some(series_id), user };
                        let result = with_draft_audience(store, &made, |store, spec, recipient| {
                            store.create_series_run(
                                series_id,
                                claimed,
                                next,
                                spec,
                                RunAudience::Draft { id: draft, recipient },
                            )
                        });
                        if !matches!(result, Ok(Some(_))) {
                            store.delete_draft(draft)?;
                        }
                        result
                    })
                    .await;
                match made {
                    Ok(made) => Ok(made.map(|id| (id, false))),
                    Err(e) => self.refuse_series_run(series_id, claimed, next, spec_for_refusal, &e).await,
                }
            }
        }
    }

    async fn series_draft(&self, series_id: i64, account_id: i64) -> Result<i64> {
        let source = self.with_store(move |store, _| store.series_source(series_id)).await?;
        let source: SeriesSource = serde_json::from_str(source.as_deref().unwrap_or_default())
            .map_err(|e| CoreError::Internal(format!("the series' file is not recorded: {e}")))?;
        self.reread_series_source(&source, account_id).await
    }

    /// Makes the run, `stopped` with why its file could not be used: it shows in the series and
    /// the campaigns, and a notice says so.
    async fn refuse_series_run(
        &self,
        series_id: i64,
        claimed: i64,
        next: Option<i64>,
        spec: NewCampaign,
        why: &CoreError,
    ) -> Result<Option<(i64, bool)>> {
        warn!(series = series_id, "the run did not start: {why}");
        let reason = StatusReason {
            kind: ReasonKind::Audience,
            errcode: None,
            failure: None,
            message: format!("the recipient file could not be used: {why}"),
        };
        let made = self
            .with_store(move |store, _| {
                store.create_series_run(series_id, claimed, next, &spec, RunAudience::Refused(reason))
            })
            .await?;
        Ok(made.map(|id| (id, true)))
    }

    /// The soonest moment something scheduled is due (unix ms), if anything is.
    pub async fn next_wake(&self) -> Result<Option<i64>> {
        self.with_store(|store, _| store.next_wake()).await
    }

    /// How long a scheduler loop sleeps before its next tick: until the next due moment, but at
    /// least 0.2 s (a tick is a few queries) and at most [`SCHEDULER_MAX_SLEEP`], so a campaign
    /// another process scheduled is seen within that.
    pub async fn scheduler_sleep(&self) -> Duration {
        let ms = match self.next_wake().await {
            Ok(Some(at)) => (at - self.now_ms()).clamp(200, SCHEDULER_MAX_SLEEP.as_millis() as i64),
            _ => return SCHEDULER_MAX_SLEEP,
        };
        Duration::from_millis(ms as u64)
    }

    /// Whether anything is scheduled, waiting for its window, sending or due to recur.
    pub async fn pending_work(&self) -> Result<bool> {
        self.with_store(|store, _| store.pending_work()).await
    }
}
