//! Live counters of a running campaign: what the UI's progress view and the CLI's progress
//! bar show.

use std::collections::BTreeMap;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::model::{Campaign, CampaignStatus, Counts, ErrcodeCount, RecipientState, StatusReason};
use crate::schedule::{Clock, SendWindow, Tz};

/// A snapshot of a campaign's progress.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The campaign.
    pub campaign_id: i64,
    /// Where it is in its life.
    pub status: CampaignStatus,
    /// Rows by state.
    pub counts: Counts,
    /// Messages accepted per second over the last few seconds.
    pub rate_per_sec: f64,
    /// Seconds until the remaining rows are sent at the current rate.
    pub eta_seconds: Option<u32>,
    /// Failed attempts by errcode, most frequent first.
    pub errcodes: Vec<ErrcodeCount>,
    /// Milliseconds since this run started.
    pub elapsed_ms: u64,
    /// Why the run ended as it did, in the last snapshot of a run.
    pub status_reason: Option<StatusReason>,
}

/// Keeps the counters while the engine runs.
#[derive(Debug)]
pub(crate) struct Tracker {
    campaign_id: i64,
    started: Instant,
    counts: Counts,
    errcodes: BTreeMap<i64, u32>,
    recent_sends: VecDeque<Instant>,
    /// The send window the ETA counts the closed hours of.
    window: Option<(SendWindow, Tz, Arc<dyn Clock>)>,
}

const RATE_WINDOW: Duration = Duration::from_secs(5);

impl Tracker {
    /// Starts from the campaign's counts and the errcodes of its earlier runs.
    pub(crate) fn new(campaign_id: i64, counts: Counts, errcodes: Vec<ErrcodeCount>) -> Self {
        Tracker {
            campaign_id,
            started: Instant::now(),
            counts,
            errcodes: errcodes.into_iter().map(|e| (e.errcode, e.count)).collect(),
            recent_sends: VecDeque::new(),
            window: None,
        }
    }

    /// Counts the hours `window` is closed in the ETA.
    pub(crate) fn with_window(mut self, window: Option<(SendWindow, Tz)>, clock: Arc<dyn Clock>) -> Self {
        self.window = window.map(|(w, z)| (w, z, clock));
        self
    }

    /// A row left `from` for `to`.
    pub(crate) fn moved(&mut self, from: RecipientState, to: RecipientState) {
        let from_slot = self.counts.slot(from);
        *from_slot = from_slot.saturating_sub(1);
        *self.counts.slot(to) += 1;
        if to == RecipientState::Sent {
            let now = Instant::now();
            self.recent_sends.push_back(now);
            while self.recent_sends.front().is_some_and(|t| now - *t > RATE_WINDOW) {
                self.recent_sends.pop_front();
            }
        }
    }

    /// An attempt ended with an errcode.
    pub(crate) fn error(&mut self, errcode: i64) {
        *self.errcodes.entry(errcode).or_default() += 1;
    }

    /// The last snapshot of a run: the campaign as the store says it ended.
    pub(crate) fn settled(&mut self, campaign: &Campaign) -> Progress {
        self.counts = campaign.counts;
        let mut progress = self.snapshot(campaign.status);
        progress.status_reason = campaign.status_reason.clone();
        progress
    }

    pub(crate) fn snapshot(&self, status: CampaignStatus) -> Progress {
        let elapsed = self.started.elapsed();
        let window = elapsed.min(RATE_WINDOW).as_secs_f64().max(0.001);
        let rate = self.recent_sends.len() as f64 / window;
        let remaining = self.counts.remaining();
        let eta_seconds = (rate > 0.0).then(|| {
            let sending_ms = (remaining as f64 / rate * 1000.0).ceil() as i64;
            let total_ms = match &self.window {
                // The gaps the window is closed in are part of the wait.
                Some((window, zone, clock)) => {
                    let now = clock.now_ms();
                    window.finish_after(now, *zone, sending_ms) - now
                }
                None => sending_ms,
            };
            (total_ms.max(0) as f64 / 1000.0).ceil() as u32
        });
        let mut errcodes: Vec<ErrcodeCount> =
            self.errcodes.iter().map(|(&errcode, &count)| ErrcodeCount { errcode, count }).collect();
        errcodes.sort_by(|a, b| b.count.cmp(&a.count).then(a.errcode.cmp(&b.errcode)));
        Progress {
            campaign_id: self.campaign_id,
            status,
            counts: self.counts,
            rate_per_sec: (rate * 10.0).round() / 10.0,
            eta_seconds,
            errcodes,
            elapsed_ms: elapsed.as_millis() as u64,
            status_reason: None,
        }
    }
}
