//! The send journal: the `sending` mark committed before a request leaves, and the outcome
//! committed when it returns. Batched: one transaction carries many marks or outcomes.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::Store;
use crate::campaign::model::{now_ms, CampaignStatus, ReasonKind, StatusReason};
use crate::Result;

/// A request about to leave.
#[derive(Debug, Clone)]
pub struct SendingMark {
    /// The recipient row.
    pub recipient_id: i64,
    /// Its campaign.
    pub campaign_id: i64,
    /// The account sending.
    pub account_id: i64,
    /// The template.
    pub template_id: String,
    /// The recipient.
    pub openid: String,
    /// 1 for the first attempt.
    pub attempt_no: u32,
    /// The JSON body, without the token.
    pub request: String,
    /// When it was journaled (unix ms); the outcome replaces it with when the request left.
    pub staged_at: i64,
}

/// What an attempt ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AttemptStatus {
    /// In flight (or interrupted while in flight).
    Sending,
    /// Accepted by WeChat.
    Sent,
    /// 43101: no subscription left.
    NotSubscribed,
    /// Refused for this row.
    Failed,
    /// May or may not have been delivered.
    Unknown,
    /// Not delivered; the row goes back to pending for another attempt.
    Retry,
}

impl AttemptStatus {
    /// The value stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptStatus::Sending => "sending",
            AttemptStatus::Sent => "sent",
            AttemptStatus::NotSubscribed => "not_subscribed",
            AttemptStatus::Failed => "failed",
            AttemptStatus::Unknown => "unknown",
            AttemptStatus::Retry => "retry",
        }
    }

    /// The recipient row's state after an attempt with this status.
    fn row_state(self) -> &'static str {
        match self {
            AttemptStatus::Retry => "pending",
            other => other.as_str(),
        }
    }
}

/// The end of one attempt.
#[derive(Debug, Clone)]
pub struct AttemptOutcome {
    /// The attempt row written by [`Store::mark_sending`].
    pub attempt_id: i64,
    /// The recipient row.
    pub recipient_id: i64,
    /// When the request left (unix ms).
    pub started_at: i64,
    /// What happened.
    pub status: AttemptStatus,
    /// WeChat's errcode, if it answered.
    pub errcode: Option<i64>,
    /// WeChat's errmsg, or the transport failure.
    pub errmsg: Option<String>,
    /// WeChat's request id.
    pub rid: Option<String>,
    /// WeChat's msgid, exact digits.
    pub msgid: Option<String>,
    /// The response body, or the transport failure.
    pub response: Option<String>,
}

impl Store {
    /// Records that requests are about to leave: one attempt row each (status `sending`) and
    /// the recipient rows marked `sending`, in one transaction. Returns the attempt ids.
    pub fn mark_sending(&mut self, marks: &[SendingMark]) -> Result<Vec<i64>> {
        let tx = self.conn_mut().transaction()?;
        let mut ids = Vec::with_capacity(marks.len());
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO attempts (recipient_id, campaign_id, account_id, template_id, openid, attempt_no,
                                       status, request, started_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'sending', ?7, ?8)",
            )?;
            let mut update = tx.prepare_cached(
                "UPDATE recipients SET state = 'sending', attempts = ?2, updated_at = ?3 WHERE id = ?1",
            )?;
            for m in marks {
                insert.execute(params![
                    m.recipient_id,
                    m.campaign_id,
                    m.account_id,
                    m.template_id,
                    m.openid,
                    m.attempt_no,
                    m.request,
                    m.staged_at
                ])?;
                ids.push(tx.last_insert_rowid());
                update.execute(params![m.recipient_id, m.attempt_no, m.staged_at])?;
            }
        }
        tx.commit()?;
        Ok(ids)
    }

    /// Records the outcomes of attempts, in one transaction. A 43101 also remembers the
    /// openid as unsubscribed for the template.
    pub fn record_outcomes(&mut self, outcomes: &[AttemptOutcome]) -> Result<()> {
        let now = now_ms();
        let tx = self.conn_mut().transaction()?;
        {
            let mut attempt = tx.prepare_cached(
                "UPDATE attempts SET status = ?2, errcode = ?3, errmsg = ?4, rid = ?5, msgid = ?6, response = ?7,
                        finished_at = ?8, started_at = ?9
                 WHERE id = ?1",
            )?;
            let mut row = tx.prepare_cached(
                "UPDATE recipients SET state = ?2, errcode = ?3, reason = ?4, msgid = COALESCE(?5, msgid),
                        updated_at = ?6
                 WHERE id = ?1",
            )?;
            let mut unsubscribed = tx.prepare_cached(
                "INSERT OR REPLACE INTO unsubscribed (account_id, template_id, openid, seen_at)
                 SELECT account_id, template_id, openid, ?2 FROM attempts WHERE id = ?1",
            )?;
            for o in outcomes {
                attempt.execute(params![
                    o.attempt_id,
                    o.status.as_str(),
                    o.errcode,
                    o.errmsg,
                    o.rid,
                    o.msgid,
                    o.response,
                    now,
                    o.started_at
                ])?;
                row.execute(params![
                    o.recipient_id,
                    o.status.row_state(),
                    o.errcode,
                    o.errmsg,
                    o.msgid,
                    now
                ])?;
                if o.status == AttemptStatus::NotSubscribed {
                    unsubscribed.execute(params![o.attempt_id, now])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes back a `sending` mark whose request never left (the run stopped while it waited
    /// for a slot): the attempt is deleted and its row is pending again, as before the mark.
    pub fn withdraw_mark(&mut self, attempt_id: i64) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "UPDATE recipients SET state = 'pending', attempts = attempts - 1, updated_at = ?2
             WHERE id = (SELECT recipient_id FROM attempts WHERE id = ?1 AND status = 'sending')",
            params![attempt_id, now_ms()],
        )?;
        tx.execute("DELETE FROM attempts WHERE id = ?1 AND status = 'sending'", [attempt_id])?;
        tx.commit()?;
        Ok(())
    }

    /// After a crash: rows and attempts of a dead run left `sending` become `unknown` (never
    /// resent automatically), and the campaign becomes paused as interrupted. `alive` says
    /// whether another process is still sending a campaign; those are left alone. Returns the
    /// ids of the campaigns that were interrupted.
    pub fn recover_interrupted(&mut self, alive: impl Fn(i64) -> bool) -> Result<Vec<i64>> {
        let now = now_ms();
        let reason = serde_json::to_string(&StatusReason {
            kind: ReasonKind::Interrupted,
            errcode: None,
            message: "Pushdesk stopped while this campaign was sending".into(),
        })
        .map_err(|e| crate::CoreError::Internal(e.to_string()))?;
        let tx = self.conn_mut().transaction()?;
        let running: Vec<i64> = {
            let mut stmt = tx.prepare("SELECT id FROM campaigns WHERE status = 'running' ORDER BY id")?;
            let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            ids
        };
        let dead: Vec<i64> = running.into_iter().filter(|id| !alive(*id)).collect();
        for id in &dead {
            tx.execute(
                "UPDATE attempts SET status = 'unknown', finished_at = ?2,
                        errmsg = 'interrupted: the app stopped before WeChat answered'
                 WHERE campaign_id = ?1 AND status = 'sending'",
                params![id, now],
            )?;
            tx.execute(
                "UPDATE recipients SET state = 'unknown', reason = 'interrupted before WeChat answered',
                        updated_at = ?2
                 WHERE campaign_id = ?1 AND state = 'sending'",
                params![id, now],
            )?;
            tx.execute(
                "UPDATE campaigns SET status = ?2, status_reason = ?3 WHERE id = ?1",
                params![id, CampaignStatus::Paused.as_str(), reason],
            )?;
        }
        tx.commit()?;
        Ok(dead)
    }

    /// The openids that answered 43101 for a template before, to flag them on import.
    pub fn unsubscribed_openids(
        &self,
        account_id: i64,
        template_id: &str,
    ) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT openid FROM unsubscribed WHERE account_id = ?1 AND template_id = ?2")?;
        let rows = stmt.query_map(params![account_id, template_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When each attempt of a campaign left, ascending (unix ms): the rate-over-time chart
    /// and the proof that the rate held.
    pub fn attempt_start_times(&self, campaign_id: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT started_at FROM attempts WHERE campaign_id = ?1 ORDER BY started_at")?;
        let times = stmt.query_map([campaign_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(times)
    }

    /// Puts a campaign's rows in `states` (failed, unknown) back to pending for new attempts,
    /// which stay linked to the same recipient rows. Returns how many.
    pub fn requeue(&self, campaign_id: i64, states: &[&str]) -> Result<u32> {
        let mut n = 0;
        for state in states {
            n += self.conn().execute(
                "UPDATE recipients SET state = 'pending', updated_at = ?3 WHERE campaign_id = ?1 AND state = ?2",
                params![campaign_id, state, now_ms()],
            )?;
        }
        Ok(n as u32)
    }
}
