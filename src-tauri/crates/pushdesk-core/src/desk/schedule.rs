//! Scheduling: a campaign made from a draft to start at a time, or a series that makes a run
//! by a rule; moving a campaign's time, taking it off the schedule, skipping a missed run; the
//! series and their runs.

use serde::{Deserialize, Serialize};

use super::drafts::{with_draft_audience, MadeFrom};
use super::{AudienceSource, Desk, DraftSettings, DraftSource};
use crate::model::lifecycle::ApprovalState;
use crate::model::{
    AuditAction, AuditDetail, AuditRecord, Campaign, CampaignAction, SeriesAudience, SeriesView, TeamRole,
    Timing, DEFAULT_GRACE_MINUTES,
};
use crate::schedule::{local_zone, time_of_day, zone_or_local, Repeat, ScheduleError, SendWindow};
use crate::store::NewSeries;
use crate::{Bilingual, CoreError, Result};

/// A time in the past that is still accepted as "now-ish" (a form filled in slowly).
const PAST_SLACK_MS: i64 = 60_000;
/// Runs of a series the series page lists ahead.
const UPCOMING_RUNS: usize = 5;
/// The longest grace period: a day late is no longer the message that was planned.
pub const MAX_GRACE_MINUTES: u32 = 24 * 60;

/// When and how a campaign made from a draft sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleRequest {
    /// Start at this time (unix ms). None: now — or, for a series, the rule's first time.
    pub at: Option<i64>,
    /// Repeat by a rule, as the CLI's `--repeat` takes it: `daily`, `weekly:MON,THU`,
    /// `cron 0 10 * * 1`. Daily and weekly runs are at `at`'s time of day.
    pub repeat: Option<String>,
    /// Send only in these hours (local time); none sends at any hour.
    pub window: Option<SendWindow>,
    /// How late a run may still start by itself, in minutes (default 60).
    pub grace_minutes: Option<u32>,
    /// Where a series' runs find their recipients; default: the same file read again.
    pub audience: Option<SeriesAudience>,
}

/// What a `reread` series keeps: the file, how it was read, and the draft's choices.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct SeriesSource {
    pub source: DraftSource,
    pub settings: DraftSettings,
}

fn invalid(field: &str, err: &ScheduleError) -> CoreError {
    CoreError::InvalidInput(Bilingual::field(field, err, err.zh()))
}

impl ScheduleRequest {
    /// The window as asked, checked: one that never opens (or never closes) is refused.
    fn checked_window(&self) -> Result<Option<SendWindow>> {
        self.window.map(|w| SendWindow::new(w.start, w.end).map_err(|e| invalid("window", &e))).transpose()
    }

    fn grace(&self) -> Result<u32> {
        let grace = self.grace_minutes.unwrap_or(DEFAULT_GRACE_MINUTES);
        if grace > MAX_GRACE_MINUTES {
            return Err(CoreError::InvalidInput(Bilingual::field(
                "grace",
                format_args!("a run may start at most {MAX_GRACE_MINUTES} minutes late"),
                format_args!("最多允许晚 {MAX_GRACE_MINUTES} 分钟自动开始"),
            )));
        }
        Ok(grace)
    }
}

fn check_future(at: i64, now: i64) -> Result<()> {
    if at < now - PAST_SLACK_MS {
        return Err(CoreError::InvalidInput(Bilingual::field(
            "at",
            "this time has already passed; choose a later one",
            "这个时间已经过去了，请选择以后的时间",
        )));
    }
    Ok(())
}

impl Desk {
    /// Makes the campaign from a draft to send as `request` says: at a time (`scheduled`), by
    /// a rule (a series and its first run), or now; in a send window or at any hour. A
    /// campaign for now is returned `ready` (the caller starts it).
    pub async fn schedule_draft(&self, draft_id: i64, request: ScheduleRequest) -> Result<Campaign> {
        let now = self.clock.now_ms();
        let zone = local_zone();
        let grace_minutes = request.grace()?;
        let window = request.checked_window()?;
        let mut timing =
            Timing { scheduled_at: request.at, window, timezone: Some(zone.name().into()), grace_minutes };
        let Some(repeat) = request.repeat.as_deref() else {
            if let Some(at) = request.at {
                check_future(at, now)?;
            }
            let id = self.campaign_from_draft(draft_id, timing).await?;
            return self.campaign(id).await;
        };
        let rule = Repeat::parse(repeat, request.at.map(|at| time_of_day(at, zone)))
            .map_err(|e| invalid("repeat", &e))?;
        let from = request.at.unwrap_or(now);
        check_future(from, now)?;
        let never = || invalid("repeat", &ScheduleError::NeverRuns(rule.to_text()));
        let first = rule.first_at_or_after(from, zone).ok_or_else(never)?;
        let next = rule.next_after(first, zone);
        timing.scheduled_at = Some(first);
        let draft = self.draft(draft_id).await?;
        let audience = request.audience.unwrap_or(SeriesAudience::Reread);
        let source = match (audience, &draft.source.path) {
            (SeriesAudience::Reread, None) if draft.source.followers.is_none() => {
                return Err(CoreError::InvalidInput(Bilingual::field(
                    "audience",
                    "a pasted list cannot be read again before each run: send the same people each time, \
                     or import a file",
                    "粘贴的名单无法在每次发送前重新读取：请选择每次发给同样的人，或导入文件",
                )))
            }
            (SeriesAudience::Reread, _) => Some(
                serde_json::to_string(&SeriesSource {
                    source: draft.source.clone(),
                    settings: draft.settings.clone(),
                })
                .map_err(|e| CoreError::Internal(e.to_string()))?,
            ),
            (SeriesAudience::Reuse, _) => None,
        };
        let new = NewSeries {
            account_id: draft.account_id,
            name: draft.settings.name.trim().to_string(),
            repeat: rule,
            timezone: zone.name().into(),
            audience,
            source,
            next_run_at: None,
            created_by: self.user.clone(),
        };
        let user = self.user.clone();
        let id = self
            .with_store(move |store, _| {
                // The series makes no run until its first run exists: a draft that turns out
                // to have no sendable row leaves nothing behind.
                let series_id = store.insert_series(&new)?;
                let made = MadeFrom { draft_id, timing, series_id: Some(series_id), user };
                let made = with_draft_audience(store, &made, |store, spec, recipient| {
                    store.campaign_from_draft(draft_id, spec, recipient)
                });
                match made {
                    Ok(id) => {
                        store.set_series_first_run(series_id, id, next)?;
                        Ok(id)
                    }
                    Err(e) => {
                        store.delete_series(series_id)?;
                        Err(e)
                    }
                }
            })
            .await?;
        self.audit_created(id).await;
        self.campaign(id).await
    }

    /// The wizard's confirm: makes the campaign from the draft and either schedules it (a time
    /// or a rule) or starts it now — when its window is closed now, it waits for the window;
    /// when it needs a sender's approval (or the person is not a sender), it waits, ready.
    pub async fn send_draft(
        &self,
        draft_id: i64,
        request: ScheduleRequest,
        progress: Option<crate::campaign::ProgressSink>,
    ) -> Result<Campaign> {
        if request.at.is_some() || request.repeat.is_some() {
            return self.schedule_draft(draft_id, request).await;
        }
        let timing = Timing {
            window: request.checked_window()?,
            timezone: Some(local_zone().name().into()),
            grace_minutes: request.grace()?,
            scheduled_at: None,
        };
        let id = self.campaign_from_draft(draft_id, timing).await?;
        // On a shared store a campaign someone may not start yet waits, ready, for a sender's
        // approval or for a sender to start it.
        let campaign = self.campaign(id).await?;
        if campaign.approval == ApprovalState::Waiting || self.role.is_some_and(|r| r < TeamRole::Sender) {
            return Ok(campaign);
        }
        Ok(self.start(id, progress).await?.campaign)
    }

    /// Gives a campaign that has not started (ready, scheduled, missed) a new time.
    pub async fn reschedule(&self, id: i64, at: i64) -> Result<Campaign> {
        check_future(at, self.clock.now_ms())?;
        let oracle = self.oracle();
        let (campaign, recovered) =
            self.with_store(move |store, _| store.reschedule(id, at, &oracle)).await?;
        self.oracle().settle(recovered);
        self.audit_campaign(CampaignAction::Reschedule, &campaign).await;
        Ok(campaign)
    }

    /// Takes a scheduled campaign off the schedule: it waits, ready, for a person to start it.
    pub async fn unschedule(&self, id: i64) -> Result<Campaign> {
        self.steer(id, CampaignAction::Unschedule).await
    }

    /// Does not send a missed run: its rows are cancelled.
    pub async fn skip(&self, id: i64) -> Result<Campaign> {
        self.steer(id, CampaignAction::Skip).await
    }

    /// A series with its runs so far and its next runs.
    pub async fn series(&self, id: i64) -> Result<SeriesView> {
        self.with_store(move |store, _| {
            let series = store.series(id)?;
            let runs = store.series_runs(id)?;
            // Runs already made and waiting for their time come first (a new series' first run).
            let mut upcoming: Vec<i64> = runs
                .iter()
                .filter(|r| r.status == crate::model::CampaignStatus::Scheduled)
                .filter_map(|r| r.scheduled_at)
                .collect();
            upcoming.sort_unstable();
            upcoming.truncate(UPCOMING_RUNS);
            if let (Some(mut at), Ok(rule)) = (series.next_run_at, Repeat::from_text(&series.repeat)) {
                let zone = zone_or_local(Some(&series.timezone));
                while upcoming.len() < UPCOMING_RUNS {
                    upcoming.push(at);
                    match rule.next_after(at, zone) {
                        Some(next) => at = next,
                        None => break,
                    }
                }
            }
            Ok(SeriesView { series, runs, upcoming })
        })
        .await
    }

    /// The series of an account (or all), newest first.
    pub async fn series_list(&self, account_id: Option<i64>) -> Result<Vec<crate::model::Series>> {
        self.with_store(move |store, _| store.series_list(account_id)).await
    }

    /// Stops a series: it makes no more runs (runs already made keep their state).
    pub async fn stop_series(&self, id: i64) -> Result<SeriesView> {
        self.with_store(move |store, _| store.stop_series(id)).await?;
        let view = self.series(id).await?;
        let series = &view.series;
        self.audit(AuditRecord {
            action: AuditAction::SeriesStopped,
            account_id: Some(series.account_id),
            campaign_id: None,
            subject: series.name.clone(),
            detail: AuditDetail::default(),
        })
        .await;
        Ok(view)
    }

    /// Reads a `reread` series' file again (or fetches its followers again) into a draft, with
    /// the choices of its first run.
    pub(super) async fn reread_series_source(&self, source: &SeriesSource, account_id: i64) -> Result<i64> {
        let audience = match &source.source.followers {
            Some(f) => AudienceSource::Followers {
                tag_ids: f.tags.iter().map(|t| t.id.clone()).collect(),
                match_all: f.match_all,
            },
            None => AudienceSource::File { path: source.source.path.clone().unwrap_or_default() },
        };
        let input = super::DraftInput {
            account_id,
            source: audience,
            encoding: source.source.encoding,
            settings: source.settings.clone(),
        };
        match self.create_draft(input).await? {
            super::DraftCreation::Created { draft } => Ok(draft.id),
            // Not reached: the encoding chosen for the first run is given.
            other => Err(CoreError::Internal(format!("the file was not read: {other:?}"))),
        }
    }
}
