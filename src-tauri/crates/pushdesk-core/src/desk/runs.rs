//! The campaign actions: start, resume, resend, pause, cancel. Each asks the store to apply
//! one move of the lifecycle in one transaction; the moves that send hand the campaign to a new
//! run of this process and start it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::task::JoinHandle;
use tracing::{error, info};

use super::Desk;
use crate::campaign::{run_campaign, CampaignControl, ProgressSink, RunRequest};
use crate::model::{Campaign, CampaignAction, CampaignStatus, ResendKind};
use crate::process::new_run_id;
use crate::store::RunTicket;
use crate::Result;

/// The runs this process is sending, by run id.
#[derive(Debug, Default)]
pub(super) struct RunRegistry {
    runs: Mutex<HashMap<String, (i64, CampaignControl)>>,
}

impl RunRegistry {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (i64, CampaignControl)>> {
        self.runs.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn is_active(&self, run_id: &str) -> bool {
        self.lock().contains_key(run_id)
    }

    fn control_of(&self, campaign_id: i64) -> Option<CampaignControl> {
        self.lock().values().find(|(id, _)| *id == campaign_id).map(|(_, c)| c.clone())
    }
}

/// A run started by an action: the campaign as it started, and the run's end. A campaign whose
/// send window was closed did not start: it is `waiting_window`, and `done` returns it as is.
#[derive(Debug)]
pub struct RunHandle {
    /// The campaign, now running.
    pub campaign: Campaign,
    /// Pause and cancel for this run, without a round trip through the store.
    pub control: CampaignControl,
    /// Resolves with the campaign as the run leaves it.
    pub done: JoinHandle<Result<Campaign>>,
}

impl RunHandle {
    fn waiting(campaign: Campaign, control: CampaignControl) -> Self {
        let returned = campaign.clone();
        RunHandle { campaign, control, done: tokio::spawn(async move { Ok(returned) }) }
    }
}

impl Desk {
    /// Sends a campaign that was never started.
    pub async fn start(&self, id: i64, progress: Option<ProgressSink>) -> Result<RunHandle> {
        self.begin(id, CampaignAction::Start, progress).await
    }

    /// Goes on with the pending rows of a paused or stopped campaign. A campaign that was
    /// created but never started (a `send` killed between the two, a scheduled or a missed
    /// one) is started now.
    pub async fn resume(&self, id: i64, progress: Option<ProgressSink>) -> Result<RunHandle> {
        let status = self.campaign(id).await?.status;
        let action = match status {
            CampaignStatus::Ready | CampaignStatus::Scheduled | CampaignStatus::Missed => {
                CampaignAction::Start
            }
            _ => CampaignAction::Resume,
        };
        self.begin(id, action, progress).await
    }

    /// Sends again the rows of a campaign whose outcome is unknown (or that failed), then any
    /// rows still pending. Refused, with the reason, when there is no such row.
    pub async fn resend(
        &self,
        id: i64,
        kind: ResendKind,
        progress: Option<ProgressSink>,
    ) -> Result<RunHandle> {
        self.begin(id, kind.action(), progress).await
    }

    /// Pauses a running campaign after the requests in flight (wherever it is being sent).
    pub async fn pause(&self, id: i64) -> Result<Campaign> {
        self.steer(id, CampaignAction::Pause).await
    }

    /// Cancels a campaign: its pending rows are never sent.
    pub async fn cancel(&self, id: i64) -> Result<Campaign> {
        self.steer(id, CampaignAction::Cancel).await
    }

    pub(super) async fn steer(&self, id: i64, action: CampaignAction) -> Result<Campaign> {
        let oracle = self.oracle();
        let (campaign, recovered) =
            self.with_store(move |store, _| store.control(id, action, &oracle)).await?;
        self.oracle().settle(recovered);
        self.audit_campaign(action, &campaign).await;
        // Sent here: tell the run at once (the store's request reaches it on the next tick).
        if let Some(control) = self.runs.control_of(id) {
            match action {
                CampaignAction::Pause => control.pause(),
                CampaignAction::Cancel => control.cancel(),
                _ => {}
            }
        }
        Ok(campaign)
    }

    /// Hands the campaign to a new run of this process (one transaction) and starts it.
    pub(super) async fn begin(
        &self,
        id: i64,
        action: CampaignAction,
        progress: Option<ProgressSink>,
    ) -> Result<RunHandle> {
        let run_id = new_run_id();
        let control = CampaignControl::default();
        // Registered before the store hands the campaign over, so this desk's own recovery
        // never mistakes the new run for a dead one.
        self.runs.lock().insert(run_id.clone(), (id, control.clone()));
        let oracle = self.oracle();
        let (me, ticket_run, now) = (self.me.clone(), run_id.clone(), self.clock.now_ms());
        let begun = self
            .with_store(move |store, conns| {
                let ticket = RunTicket { run_id: &ticket_run, process: &me, now };
                let (campaign, recovered) = store.begin_run(id, action, ticket, &oracle)?;
                let client = conns.client(&store.account(campaign.account_id)?);
                Ok((campaign, recovered, client))
            })
            .await;
        let (campaign, recovered, client) = match begun {
            Ok(begun) => begun,
            Err(e) => {
                self.runs.lock().remove(&run_id);
                return Err(e);
            }
        };
        self.oracle().settle(recovered);
        self.audit_campaign(action, &campaign).await;
        if campaign.status != CampaignStatus::Running {
            // Its send window is closed: it waits, and the scheduler goes on when it opens.
            self.runs.lock().remove(&run_id);
            info!(campaign = id, "waiting for the send window");
            return Ok(RunHandle::waiting(campaign, control));
        }
        let request = match client {
            Ok(client) => {
                // A fresh start: an error the token endpoint gave an earlier run is asked again.
                client.tokens_forget_failure();
                RunRequest {
                    store: self.address.clone(),
                    campaign_id: id,
                    run_id: run_id.clone(),
                    client,
                    gate: self.gates.gate(campaign.account_id),
                    control: control.clone(),
                    progress,
                    settings: self.engine_settings(),
                    clock: Arc::clone(&self.clock),
                }
            }
            Err(e) => {
                // The campaign was handed over but cannot be sent (no secret in the keyring):
                // end the run at once so it does not stay "running".
                self.abandon(id, &run_id, &e).await;
                return Err(e);
            }
        };
        info!(campaign = id, action = action.as_str(), "run starting");
        let runs = Arc::clone(&self.runs);
        let oracle = self.oracle();
        let store = Arc::clone(&self.store);
        let notices = self.notices.clone();
        let done = tokio::spawn(async move {
            let result = run_campaign(request).await;
            runs.lock().remove(&run_id);
            if let Ok(ended) = &result {
                notices.campaign_changed(ended.clone());
            }
            if let Err(e) = &result {
                error!(campaign = id, "the run ended with an error: {e}");
                // The run is over: recover what it left (its departure log is complete).
                let recovered = tokio::task::spawn_blocking(move || {
                    let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
                    store.recover(&oracle).map(|r| oracle.settle(r))
                })
                .await;
                if let Ok(Err(e)) = recovered {
                    error!(campaign = id, "recovering after the run failed too: {e}");
                }
            }
            result
        });
        Ok(RunHandle { campaign, control, done })
    }

    async fn abandon(&self, id: i64, run_id: &str, why: &crate::CoreError) {
        use crate::model::lifecycle::RunEnd;
        let end = RunEnd::Halted {
            stop: true,
            reason: crate::model::StatusReason {
                kind: crate::model::ReasonKind::CampaignError,
                errcode: None,
                failure: None,
                message: why.to_string(),
            },
        };
        let run = run_id.to_string();
        let ended =
            self.with_store(move |store, _| store.end_run(id, &run, &end, Some(&Default::default()))).await;
        self.runs.lock().remove(run_id);
        if let Err(e) = ended {
            error!(campaign = id, "could not end an abandoned run: {e}");
        }
    }
}
