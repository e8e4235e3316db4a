//! The campaign lifecycle in the database. Every move of [`crate::model::lifecycle`] is one
//! `BEGIN IMMEDIATE` transaction that reads the campaign, asks the lifecycle table, and writes
//! the result — so two processes asking at once are served one after the other, each seeing
//! what the other did. A run takes a campaign by writing its run id ([`Store::begin_run`]);
//! nothing but that run can then journal a row of it, until the run ends ([`Store::end_run`])
//! or its process is found dead ([`Store::recover`]).

use std::collections::HashSet;

use super::approval::{approval_state, threshold_in};
use super::db::{Begin, Db, Tx};
use super::journal::{apply_outcomes, withdraw};
use super::Store;
use crate::db_args;
use crate::model::lifecycle::{self, after_interruption, end_of_run, user_reason, Effect, RunEnd, Standing};
use crate::model::{
    now_ms, Campaign, CampaignAction, CampaignKind, CampaignStatus, ControlRequest, Counts, Departures,
    RecipientState, StatusReason,
};
use crate::process::{Liveness, ProcessIdentity};
use crate::sendlog::INTERRUPTED_ERRCODE;
use crate::{Bilingual, CoreError, Missing, Result};

/// What the store needs to know about processes and files to recover a dead run.
pub trait SenderOracle {
    /// Whether the process that owns run `run_id` can still send.
    fn liveness(
        &self,
        run_id: &str,
        process: Option<&ProcessIdentity>,
        heartbeat_at: Option<i64>,
    ) -> Liveness;
    /// What a dead run's departure log says of the attempts `in_flight`, when it can be
    /// trusted.
    fn departures(&self, run_id: &str, in_flight: &HashSet<i64>) -> Option<Departures>;
}

/// The run that asks to take a campaign.
#[derive(Debug, Clone, Copy)]
pub struct RunTicket<'a> {
    /// The run's id: its fencing token.
    pub run_id: &'a str,
    /// The process it runs in.
    pub process: &'a ProcessIdentity,
    /// Now, as the desk's clock says (unix ms): a campaign whose send window is closed now
    /// waits instead of running.
    pub now: i64,
}

/// What a heartbeat learns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beat {
    /// Whether the run still owns the campaign.
    pub owned: bool,
    /// A pause or cancel asked by someone else since.
    pub requested: Option<ControlRequest>,
}

/// Runs recovered by a call of [`Store::recover`], whose departure logs may now be deleted.
pub type Recovered = Vec<(i64, Option<String>)>;

pub(super) struct Owner {
    pub status: CampaignStatus,
    account_id: i64,
    run_id: Option<String>,
    process: Option<ProcessIdentity>,
    heartbeat_at: Option<i64>,
    kind: CampaignKind,
    pub created_by: String,
    approved_by: Option<String>,
}

impl Owner {
    /// Where the campaign stands, for the lifecycle to decide on.
    pub fn standing<'a>(&self, tx: &Tx<'_>, counts: &'a Counts) -> Result<Standing<'a>> {
        let threshold = threshold_in(tx)?;
        let approval =
            approval_state(threshold, self.kind, self.status, counts.total, self.approved_by.as_deref());
        Ok(Standing { status: self.status, counts, approval })
    }
}

fn owner(tx: &Tx<'_>, id: i64) -> Result<Owner> {
    tx.query_opt(
        "SELECT status, account_id, run_id, run_process, run_heartbeat_at, kind, created_by, approved_by
           FROM campaigns WHERE id = ?1",
        db_args![id],
        |r| {
            let status: String = r.get(0)?;
            let process: Option<String> = r.get(3)?;
            let kind: String = r.get(5)?;
            Ok(Owner {
                status: CampaignStatus::parse(&status).unwrap_or(CampaignStatus::Stopped),
                account_id: r.get(1)?,
                run_id: r.get(2)?,
                process: process.and_then(|p| serde_json::from_str(&p).ok()),
                heartbeat_at: r.get(4)?,
                kind: CampaignKind::parse(&kind).unwrap_or(CampaignKind::Campaign),
                created_by: r.get(6)?,
                approved_by: r.get(7)?,
            })
        },
    )?
    .ok_or_else(|| CoreError::NotFound { what: Missing::Campaign, name: id.to_string() })
}

fn counts_in(tx: &Tx<'_>, id: i64) -> Result<Counts> {
    let mut counts = Counts::default();
    let rows = tx.query(
        "SELECT state, COUNT(*) FROM recipients WHERE campaign_id = ?1 GROUP BY state",
        db_args![id],
        |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)),
    )?;
    for (state, n) in rows {
        if let Some(state) = RecipientState::parse(&state) {
            counts.add(state, n as u32);
        }
    }
    Ok(counts)
}

fn json(reason: Option<&StatusReason>) -> Result<Option<String>> {
    reason.map(serde_json::to_string).transpose().map_err(|e| CoreError::Internal(e.to_string()))
}

fn cancel_pending(tx: &Tx<'_>, id: i64) -> Result<()> {
    tx.execute(
        "UPDATE recipients SET state = 'cancelled', updated_at = ?2 WHERE campaign_id = ?1 AND state = 'pending'",
        db_args![id, now_ms()],
    )?;
    Ok(())
}

/// Writes a campaign's new status and lets go of its run (a run's end, a cancel, a recovery).
fn settle(tx: &Tx<'_>, id: i64, status: CampaignStatus, reason: Option<&StatusReason>) -> Result<()> {
    let finished =
        matches!(status, CampaignStatus::Finished | CampaignStatus::Cancelled | CampaignStatus::Stopped)
            .then_some(now_ms());
    tx.execute(
        "UPDATE campaigns SET status = ?2, status_reason = ?3, finished_at = ?4, requested = NULL,
                run_id = NULL, run_process = NULL, run_heartbeat_at = NULL, resume_at = NULL
         WHERE id = ?1",
        db_args![id, status.as_str(), json(reason)?, finished],
    )?;
    Ok(())
}

/// The attempts of a campaign whose rows are `sending`: marked, and maybe on their way.
fn attempts_in_flight(db: &Db, id: i64) -> Result<HashSet<i64>> {
    let ids = db.query(
        "SELECT a.id FROM recipients r JOIN attempts a ON a.recipient_id = r.id AND a.status = 'sending'
         WHERE r.campaign_id = ?1 AND r.state = 'sending'",
        db_args![id],
        |r| r.get::<i64>(0),
    )?;
    Ok(ids.into_iter().collect())
}

/// Resolves a campaign's rows left `sending` (`in_flight`, their attempts). With a trusted
/// departure log, a row whose outcome the log holds gets it, a row whose request left without
/// an answer becomes `unknown` (stamped with when it left), and one that never left is pending
/// again. Without one, every such row becomes `unknown` (it may have left).
fn resolve_in_flight(
    tx: &Tx<'_>,
    id: i64,
    in_flight: &HashSet<i64>,
    departures: Option<&Departures>,
) -> Result<()> {
    let now = now_ms();
    for &attempt in in_flight {
        let left_at = match departures {
            Some(log) => {
                if let Some(outcome) = log.outcomes.get(&attempt) {
                    apply_outcomes(tx, None, id, std::slice::from_ref(outcome))?;
                    continue;
                }
                match log.left.get(&attempt) {
                    Some(at) => Some(*at),
                    None => {
                        withdraw(tx, None, attempt)?;
                        continue;
                    }
                }
            }
            None => None,
        };
        // No answer was read: no errmsg and no time of answer (issue 18, bug 5: the restart
        // time used to show as the time WeChat answered). The time is the attempt's, from the
        // departure log when it has one.
        tx.execute(
            "UPDATE attempts SET status = 'unknown', errcode = ?2, errmsg = NULL, finished_at = NULL,
                started_at = COALESCE(CAST(?3 AS BIGINT), started_at)
             WHERE id = ?1",
            db_args![attempt, INTERRUPTED_ERRCODE, left_at],
        )?;
        tx.execute(
            "UPDATE recipients SET state = 'unknown', errcode = ?2, reason = NULL, updated_at = ?3
             WHERE id = (SELECT recipient_id FROM attempts WHERE id = ?1) AND state = 'sending'",
            db_args![attempt, INTERRUPTED_ERRCODE, now],
        )?;
    }
    Ok(())
}

/// Campaigns (of one account, or all) that are running or have rows in flight.
fn candidates(tx: &Tx<'_>, account: Option<i64>) -> Result<Vec<i64>> {
    // The CAST gives PostgreSQL the type of a parameter tested for NULL.
    tx.query(
        "SELECT id FROM campaigns WHERE (CAST(?1 AS BIGINT) IS NULL OR account_id = ?1)
           AND (status = 'running' OR id IN (SELECT campaign_id FROM recipients WHERE state = 'sending'))
         ORDER BY id",
        db_args![account],
        |r| r.get::<i64>(0),
    )
}

fn recover_in(tx: &Tx<'_>, account: Option<i64>, oracle: &dyn SenderOracle) -> Result<Recovered> {
    let mut recovered = Vec::new();
    for id in candidates(tx, account)? {
        let o = owner(tx, id)?;
        let liveness = match &o.run_id {
            Some(run) => oracle.liveness(run, o.process.as_ref(), o.heartbeat_at),
            None => Liveness::Dead { exact: false },
        };
        let Liveness::Dead { exact } = liveness else { continue };
        let in_flight = attempts_in_flight(tx, id)?;
        let departures = match (&o.run_id, exact) {
            (Some(run), true) => oracle.departures(run, &in_flight),
            _ => None,
        };
        resolve_in_flight(tx, id, &in_flight, departures.as_ref())?;
        let counts = counts_in(tx, id)?;
        if o.status == CampaignStatus::Running {
            let (status, reason) = after_interruption(&counts);
            settle(tx, id, status, Some(&reason))?;
        } else if o.status == CampaignStatus::Finished && counts.remaining() > 0 {
            // Rows a failed journal write left behind went back to pending: not finished.
            let (status, reason) = after_interruption(&counts);
            settle(tx, id, status, Some(&reason))?;
        }
        tracing::warn!(campaign = id, exact, "recovered a campaign whose sender stopped");
        recovered.push((id, o.run_id));
    }
    Ok(recovered)
}

/// Campaign `id` as it is now, once the campaigns of its account whose sender died are
/// recovered: every user action decides on this.
pub(super) fn current(tx: &Tx<'_>, id: i64, oracle: &dyn SenderOracle) -> Result<(Owner, Counts, Recovered)> {
    let account_id = owner(tx, id)?.account_id;
    let recovered = recover_in(tx, Some(account_id), oracle)?;
    Ok((owner(tx, id)?, counts_in(tx, id)?, recovered))
}

impl Store {
    /// Recovers every campaign whose sender died: rows in flight are resolved (see the
    /// departure log), a running campaign becomes paused as interrupted (or finished when no
    /// row is left). Returns the campaigns recovered with their dead runs' ids.
    pub fn recover(&mut self, oracle: &dyn SenderOracle) -> Result<Recovered> {
        // A look first, without the write lock: most of the time every sender is alive.
        let orphans = self.db().transaction(Begin::Deferred, |tx| {
            for id in candidates(tx, None)? {
                let o = owner(tx, id)?;
                let run = o.run_id.as_deref().unwrap_or("");
                if o.run_id.is_none()
                    || oracle.liveness(run, o.process.as_ref(), o.heartbeat_at) != Liveness::Alive
                {
                    return Ok(true);
                }
            }
            Ok(false)
        })?;
        if !orphans {
            return Ok(Vec::new());
        }
        self.db().transaction(Begin::Immediate, |tx| recover_in(tx, None, oracle))
    }

    /// A user action that sends: `Start`, `Resume` or a resend. In one transaction: recovers
    /// the account's campaigns whose sender died, refuses when another process sends for the
    /// same account (one rate, one set of openids in flight per AppID), asks the lifecycle
    /// table, puts the rows to resend back to pending, and hands the campaign to `ticket`'s
    /// run — or, when its send window is closed now, leaves it `waiting_window` until the
    /// window opens (the returned campaign is then not running). Returns the campaign, and the
    /// runs recovered on the way.
    pub fn begin_run(
        &mut self,
        id: i64,
        action: CampaignAction,
        ticket: RunTicket<'_>,
        oracle: &dyn SenderOracle,
    ) -> Result<(Campaign, Recovered)> {
        let recovered = self.db().transaction(Begin::Immediate, |tx| {
            let (o, counts, recovered) = current(tx, id, oracle)?;
            if o.status == CampaignStatus::Running {
                let who = describe(o.process.as_ref(), ticket.process);
                return Err(CoreError::Busy(Bilingual::new(
                    format!("campaign {id} is being sent by {}", who.en),
                    format!("任务 {id} 正在由{}发送", who.zh),
                )));
            }
            let busy: Option<(i64, Option<String>)> = tx.query_opt(
                "SELECT id, run_process FROM campaigns WHERE account_id = ?1 AND status = 'running' AND id != ?2
                 ORDER BY id LIMIT 1",
                db_args![o.account_id, id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if let Some((other, process)) = busy {
                let process: Option<ProcessIdentity> = process.and_then(|p| serde_json::from_str(&p).ok());
                if process.as_ref() != Some(ticket.process) {
                    let who = describe(process.as_ref(), ticket.process);
                    return Err(CoreError::Busy(Bilingual::new(
                        format!(
                            "campaign {other} of the same account is being sent by {}; one account is sent \
                             by one Pushdesk at a time, so its rate holds and nobody gets two messages at once",
                            who.en
                        ),
                        format!(
                            "同一账号的任务 {other} 正在由{}发送。一个账号同一时间只由一个推送台发送，\
                             这样发送速率不会超限，也不会有人同时收到两条消息",
                            who.zh
                        ),
                    )));
                }
            }
            match lifecycle::decide(id, o.standing(tx, &counts)?, action)? {
                Effect::Run => {}
                Effect::RequeueThenRun(state) => {
                    tx.execute(
                        "UPDATE recipients SET state = 'pending', updated_at = ?3 WHERE campaign_id = ?1 AND state = ?2",
                        db_args![id, state.as_str(), now_ms()],
                    )?;
                }
                Effect::Request(_)
                | Effect::CancelNow
                | Effect::PauseNow
                | Effect::Schedule
                | Effect::Unschedule
                | Effect::SkipNow
                | Effect::Approve => {
                    return Err(CoreError::Internal(format!("{} does not start a run", action.as_str())))
                }
            }
            // The contact rules hold for every campaign at every start: also for one made before
            // someone was added to the list, and after days of pause.
            super::contact_rules::skip_forbidden_rows(tx, id, o.account_id)?;
            if let Some(reopens_at) = window_closed(tx, id, ticket.now)? {
                wait_for_window(tx, id, reopens_at)?;
                return Ok(recovered);
            }
            let process =
                serde_json::to_string(ticket.process).map_err(|e| CoreError::Internal(e.to_string()))?;
            let now = now_ms();
            tx.execute(
                "UPDATE campaigns SET status = 'running', status_reason = NULL, requested = NULL, finished_at = NULL,
                        archived_at = NULL, resume_at = NULL,
                        run_id = ?2, run_process = ?3, run_heartbeat_at = ?4, started_at = COALESCE(started_at, ?4)
                 WHERE id = ?1",
                db_args![id, ticket.run_id, process, now],
            )?;
            Ok(recovered)
        })?;
        Ok((self.campaign(id)?, recovered))
    }

    /// Pause or cancel. A running campaign is asked (its run stops after the requests in
    /// flight, and the transition that ends the run consumes the request); a campaign nobody
    /// sends is cancelled at once. A campaign whose sender died is recovered first.
    pub fn control(
        &mut self,
        id: i64,
        action: CampaignAction,
        oracle: &dyn SenderOracle,
    ) -> Result<(Campaign, Recovered)> {
        let recovered = self.db().transaction(Begin::Immediate, |tx| {
            let (o, counts, recovered) = current(tx, id, oracle)?;
            match lifecycle::decide(id, o.standing(tx, &counts)?, action)? {
                Effect::Request(request) => {
                    tx.execute(
                        "UPDATE campaigns SET requested = ?2 WHERE id = ?1 AND status = 'running'",
                        db_args![id, request.as_str()],
                    )?;
                }
                Effect::CancelNow => {
                    cancel_pending(tx, id)?;
                    settle(tx, id, CampaignStatus::Cancelled, Some(&user_reason("cancelled by the user")))?;
                }
                Effect::PauseNow => {
                    settle(tx, id, CampaignStatus::Paused, Some(&user_reason("paused by the user")))?;
                }
                Effect::SkipNow => {
                    cancel_pending(tx, id)?;
                    settle(tx, id, CampaignStatus::Cancelled, Some(&user_reason("skipped by the user")))?;
                }
                // Approval was given to a campaign at its time: another time needs another.
                Effect::Unschedule => {
                    tx.execute(
                        "UPDATE campaigns SET status = 'ready', status_reason = NULL, scheduled_at = NULL,
                                approved_by = NULL, approved_at = NULL
                         WHERE id = ?1",
                        db_args![id],
                    )?;
                }
                Effect::Run | Effect::RequeueThenRun(_) | Effect::Schedule | Effect::Approve => {
                    return Err(CoreError::Internal(format!(
                        "{} is not a pause or a cancel",
                        action.as_str()
                    )))
                }
            }
            Ok(recovered)
        })?;
        Ok((self.campaign(id)?, recovered))
    }

    /// Gives a campaign that has not started (ready, scheduled or missed) the time `at` (unix
    /// ms) to start; it waits, `scheduled`, for the scheduler.
    pub fn reschedule(
        &mut self,
        id: i64,
        at: i64,
        oracle: &dyn SenderOracle,
    ) -> Result<(Campaign, Recovered)> {
        let recovered = self.db().transaction(Begin::Immediate, |tx| {
            let (o, counts, recovered) = current(tx, id, oracle)?;
            match lifecycle::decide(id, o.standing(tx, &counts)?, CampaignAction::Reschedule)? {
                Effect::Schedule => {
                    tx.execute(
                        "UPDATE campaigns SET status = 'scheduled', status_reason = NULL, scheduled_at = ?2,
                                finished_at = NULL, approved_by = NULL, approved_at = NULL
                         WHERE id = ?1",
                        db_args![id, at],
                    )?;
                }
                other => return Err(CoreError::Internal(format!("reschedule has effect {other:?}"))),
            }
            Ok(recovered)
        })?;
        Ok((self.campaign(id)?, recovered))
    }

    /// The scheduler found campaign `id` still `scheduled` past its time and its grace period:
    /// it becomes `missed`, for a person to start or skip. Returns whether it did (another
    /// scheduler, or a person, may have moved it first).
    /// `unapproved`: it was waiting for the team's approval (else nothing ran to start it).
    pub fn mark_missed(&mut self, id: i64, due_at: i64, unapproved: bool) -> Result<bool> {
        let due = crate::schedule::utc_label(due_at);
        let message = if unapproved {
            format!("its time passed before another sender approved it (due {due})")
        } else {
            format!("its time passed while Pushdesk was not running (due {due})")
        };
        let reason =
            StatusReason { kind: crate::model::ReasonKind::Missed, errcode: None, failure: None, message };
        let changed = self.db().transaction(Begin::Immediate, |tx| {
            tx.execute(
                "UPDATE campaigns SET status = 'missed', status_reason = ?2 WHERE id = ?1 AND status = 'scheduled'",
                db_args![id, json(Some(&reason))?],
            )
        })?;
        Ok(changed == 1)
    }

    /// The run's sign of life: stamps the heartbeat and reads a pause or cancel asked by
    /// another process. `owned` is false once the run lost the campaign.
    pub fn heartbeat(&self, id: i64, run_id: &str) -> Result<Beat> {
        let changed = self.db().execute(
            "UPDATE campaigns SET run_heartbeat_at = ?3 WHERE id = ?1 AND run_id = ?2 AND status = 'running'",
            db_args![id, run_id, now_ms()],
        )?;
        let requested: Option<String> = self
            .db()
            .query_opt("SELECT requested FROM campaigns WHERE id = ?1", db_args![id], |r| r.get(0))?
            .flatten();
        Ok(Beat { owned: changed == 1, requested: requested.as_deref().and_then(ControlRequest::parse) })
    }

    /// What [`Store::heartbeat`] reads, without stamping anything.
    pub fn requested(&self, id: i64, run_id: &str) -> Result<Beat> {
        let (owner, requested): (Option<String>, Option<String>) = self
            .db()
            .query_opt("SELECT run_id, requested FROM campaigns WHERE id = ?1", db_args![id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .unwrap_or((None, None));
        Ok(Beat {
            owned: owner.as_deref() == Some(run_id),
            requested: requested.as_deref().and_then(ControlRequest::parse),
        })
    }

    /// The attempts of campaign `id` still in flight, which the end of a run resolves.
    pub fn attempts_in_flight(&self, id: i64) -> Result<HashSet<i64>> {
        attempts_in_flight(self.db(), id)
    }

    /// Ends run `run_id` of a campaign: rows still `sending` are resolved with the run's own
    /// departure log, a pause or cancel that arrived late is consumed, and the campaign gets
    /// the state [`end_of_run`] gives — finished only when no row is pending or sending.
    pub fn end_run(
        &mut self,
        id: i64,
        run_id: &str,
        end: &RunEnd,
        departures: Option<&Departures>,
    ) -> Result<Campaign> {
        self.db().transaction(Begin::Immediate, |tx| {
            let o = owner(tx, id)?;
            if o.run_id.as_deref() != Some(run_id) {
                return Err(CoreError::Busy(Bilingual::new(
                    format!("campaign {id} was taken over while this run was ending"),
                    format!("任务 {id} 在这次发送收尾时被另一个推送台接手了"),
                )));
            }
            let in_flight = attempts_in_flight(tx, id)?;
            resolve_in_flight(tx, id, &in_flight, departures)?;
            let requested: Option<String> =
                tx.query_one("SELECT requested FROM campaigns WHERE id = ?1", db_args![id], |r| r.get(0))?;
            let counts = counts_in(tx, id)?;
            let (status, reason) =
                end_of_run(end, requested.as_deref().and_then(ControlRequest::parse), &counts);
            if status == CampaignStatus::Cancelled {
                cancel_pending(tx, id)?;
            }
            settle(tx, id, status, reason.as_ref())?;
            if let (CampaignStatus::WaitingWindow, RunEnd::WindowClosed { reopens_at }) = (status, end) {
                wait_for_window(tx, id, *reopens_at)?;
            }
            Ok(())
        })?;
        self.campaign(id)
    }
}

/// When campaign `id`'s send window is closed at `now`: the instant it opens again.
fn window_closed(tx: &Tx<'_>, id: i64, now: i64) -> Result<Option<i64>> {
    let (start, end, zone): (Option<i64>, Option<i64>, Option<String>) = tx.query_one(
        "SELECT window_start, window_end, timezone FROM campaigns WHERE id = ?1",
        db_args![id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    // Minutes of the day, written from a SendWindow's u16s; both engines store 64 bits.
    let minutes = |m: i64| {
        u16::try_from(m).map_err(|_| CoreError::from(rusqlite::Error::IntegralValueOutOfRange(0, m)))
    };
    let (start, end) = (start.map(minutes).transpose()?, end.map(minutes).transpose()?);
    let (Some(start), Some(end)) = (start, end) else { return Ok(None) };
    let window = crate::schedule::SendWindow { start, end };
    let zone = crate::schedule::zone_or_local(zone.as_deref());
    Ok((!window.is_open(now, zone)).then(|| window.next_open(now, zone)))
}

/// Leaves campaign `id` waiting for its window, which opens at `reopens_at`.
fn wait_for_window(tx: &Tx<'_>, id: i64, reopens_at: i64) -> Result<()> {
    tx.execute(
        "UPDATE campaigns SET status = 'waiting_window', status_reason = ?2, resume_at = ?3, finished_at = NULL,
                requested = NULL, run_id = NULL, run_process = NULL, run_heartbeat_at = NULL
         WHERE id = ?1",
        db_args![id, json(Some(&lifecycle::window_reason()))?, reopens_at],
    )?;
    Ok(())
}

/// Who a sending process is, for a message.
fn describe(process: Option<&ProcessIdentity>, me: &ProcessIdentity) -> Bilingual {
    match process {
        Some(p) if p == me => Bilingual::new("this Pushdesk window", "这个推送台窗口"),
        Some(p) if p.host == me.host => Bilingual::new(
            format!("another Pushdesk window or command (process {})", p.pid),
            format!("另一个推送台窗口或命令（进程 {}）", p.pid),
        ),
        Some(p) => Bilingual::new(
            format!("Pushdesk on {} (process {})", p.host, p.pid),
            format!("{} 上的推送台（进程 {}）", p.host, p.pid),
        ),
        None => Bilingual::new("another Pushdesk window or command", "另一个推送台窗口或命令"),
    }
}
