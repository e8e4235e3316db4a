//! The send journal: the `sending` mark committed before a request leaves, and the outcome
//! committed when it returns. Batched (one transaction carries many marks or outcomes) and
//! fenced: every write names the run that makes it and changes nothing unless that run still
//! owns the campaign, and a mark changes nothing unless the row is still pending. Two senders
//! can therefore never both send a row, whatever happens to lock files or processes.

use super::db::{Begin, Tx};
use super::Store;
use crate::db_args;
use crate::model::{now_ms, AttemptOutcome, AttemptStatus, SendingMark};
use crate::Result;

/// The condition every journal write of a run carries.
/// "The row is still `sending`", for statements that find a row or an attempt by its id.
/// Written as expressions so that no planner takes an index that leads with the state for
/// them (`recipients_sending`, `attempts_status_time`): PostgreSQL did — few rows are
/// `sending` at a time — and walked every dead entry the run had left under `sending`, each
/// outcome costlier than the last (57–69 % of the ideal at 100 000 rows, 64 at a time).
const STILL_SENDING: &str = "state || '' = 'sending'";
const ATTEMPT_STILL_SENDING: &str = "status || '' = 'sending'";

const OWNED: &str =
    "EXISTS (SELECT 1 FROM campaigns c WHERE c.id = ?2 AND c.run_id = ?1 AND c.status = 'running')";

impl Store {
    /// Records that requests are about to leave: for each mark whose row is still pending and
    /// whose campaign run `run_id` still owns, the row becomes `sending` and an attempt is
    /// written (status `sending`), all in one transaction. Returns each mark's attempt id, or
    /// `None` for a row that must not be sent.
    pub fn mark_sending(&mut self, run_id: &str, marks: &[SendingMark]) -> Result<Vec<Option<i64>>> {
        let take = format!(
            "UPDATE recipients SET state = 'sending', attempts = ?4, updated_at = ?5
             WHERE id = ?3 AND campaign_id = ?2 AND state = 'pending' AND {OWNED}"
        );
        self.db().transaction(Begin::Deferred, |tx| {
            let mut ids = Vec::with_capacity(marks.len());
            for m in marks {
                let attempt_no = i64::from(m.attempt_no);
                let taken =
                    tx.execute(&take, db_args![run_id, m.campaign_id, m.recipient_id, attempt_no, m.staged_at])?;
                if taken == 0 {
                    ids.push(None);
                    continue;
                }
                let id = tx.query_one(
                    "INSERT INTO attempts (recipient_id, campaign_id, account_id, template_id, openid, attempt_no,
                                           status, request, started_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'sending', ?7, ?8)
                     RETURNING id",
                    db_args![
                        m.recipient_id,
                        m.campaign_id,
                        m.account_id,
                        m.template_id,
                        m.openid,
                        attempt_no,
                        m.request,
                        m.staged_at
                    ],
                    |r| r.get::<i64>(0),
                )?;
                ids.push(Some(id));
            }
            Ok(ids)
        })
    }

    /// Records the outcomes of attempts of campaign `campaign_id`, in one transaction. An
    /// outcome changes nothing when its attempt is no longer `sending` or the run lost the
    /// campaign (recovery already resolved it). Returns how many outcomes were recorded.
    pub fn record_outcomes(
        &mut self,
        run_id: &str,
        campaign_id: i64,
        outcomes: &[AttemptOutcome],
    ) -> Result<usize> {
        self.db().transaction(Begin::Deferred, |tx| apply_outcomes(tx, Some(run_id), campaign_id, outcomes))
    }

    /// Takes back `sending` marks whose requests never left (the run stopped, or the network
    /// was unreachable, while they waited): the attempts are deleted and their rows are pending
    /// again, as before the marks.
    pub fn withdraw_marks(&mut self, run_id: &str, campaign_id: i64, attempt_ids: &[i64]) -> Result<()> {
        self.db().transaction(Begin::Deferred, |tx| {
            for id in attempt_ids {
                withdraw(tx, Some((run_id, campaign_id)), *id)?;
            }
            Ok(())
        })
    }

    /// The openids that answered 43101 for a template before, to flag them on import.
    pub fn unsubscribed_openids(
        &self,
        account_id: i64,
        template_id: &str,
    ) -> Result<std::collections::HashSet<String>> {
        let rows = self.db().query(
            "SELECT openid FROM unsubscribed WHERE account_id = ?1 AND template_id = ?2",
            db_args![account_id, template_id],
            |r| r.get::<String>(0),
        )?;
        Ok(rows.into_iter().collect())
    }

    /// The openids a template went to (or may have gone to: `unknown`) from an account since
    /// `since` (unix ms), test sends aside, and those another unfinished campaign of the
    /// template is still to send it to: the repeat-send check of a new campaign, which must
    /// also catch a second campaign made while the first one is still sending or paused. The
    /// runs of `exclude_series` do not count: a weekly digest is meant to reach the same people.
    pub fn recent_recipients(
        &self,
        account_id: i64,
        template_id: &str,
        since: i64,
        exclude_series: Option<i64>,
    ) -> Result<std::collections::HashSet<String>> {
        // attempts_account_time bounds the scan to the window; the template and kind are
        // filtered on the rows found. `IS DISTINCT FROM` is SQLite's `IS NOT` (NULL-safe) in the
        // words PostgreSQL also knows; the CAST gives PostgreSQL the type of a parameter tested
        // for NULL.
        let rows = self.db().query(
            "SELECT DISTINCT a.openid FROM attempts a JOIN campaigns c ON c.id = a.campaign_id
             WHERE a.account_id = ?1 AND a.started_at >= ?3 AND a.template_id = ?2
               AND a.status IN ('sent', 'unknown') AND c.kind != 'test'
               AND (CAST(?4 AS BIGINT) IS NULL OR c.series_id IS DISTINCT FROM ?4)
             UNION
             SELECT r.openid FROM recipients r JOIN campaigns c ON c.id = r.campaign_id
             WHERE c.account_id = ?1 AND c.template_id = ?2 AND c.kind = 'campaign'
               AND (CAST(?4 AS BIGINT) IS NULL OR c.series_id IS DISTINCT FROM ?4)
               AND c.status IN ('ready', 'scheduled', 'running', 'waiting_window', 'paused', 'stopped', 'missed')
               AND r.state IN ('pending', 'sending')",
            db_args![account_id, template_id, since, exclude_series],
            |r| r.get::<String>(0),
        )?;
        Ok(rows.into_iter().collect())
    }

    /// When each attempt of a campaign left, ascending (unix ms): the rate-over-time chart
    /// and the proof that the rate held.
    pub fn attempt_start_times(&self, campaign_id: i64) -> Result<Vec<i64>> {
        self.db().query(
            "SELECT started_at FROM attempts WHERE campaign_id = ?1 ORDER BY started_at",
            db_args![campaign_id],
            |r| r.get::<i64>(0),
        )
    }

    /// When the account's requests of the last `window_ms` left (unix ms), from every campaign:
    /// what a run's rate limiter starts from, so a resumed run counts the requests a run killed
    /// a moment ago made in its last second.
    pub fn recent_departures(&self, account_id: i64, since: i64) -> Result<Vec<i64>> {
        self.db().query(
            "SELECT started_at FROM attempts
             WHERE account_id = ?1 AND started_at >= ?2 AND status != 'sending' ORDER BY started_at",
            db_args![account_id, since],
            |r| r.get::<i64>(0),
        )
    }
}

/// Deletes a `sending` attempt that never left and puts its row back to pending. With `owner`,
/// only while that run owns the campaign.
pub(super) fn withdraw(tx: &Tx<'_>, owner: Option<(&str, i64)>, attempt_id: i64) -> Result<()> {
    let owned = match owner {
        Some((run_id, campaign_id)) => tx
            .query_one(
                "SELECT COUNT(*) FROM campaigns WHERE id = ?2 AND run_id = ?1",
                db_args![run_id, campaign_id],
                |r| r.get::<i64>(0),
            )?
            .eq(&1),
        None => true,
    };
    if !owned {
        return Ok(());
    }
    tx.execute(
        &format!(
            "UPDATE recipients SET state = 'pending', attempts = attempts - 1, updated_at = ?2
             WHERE id = (SELECT recipient_id FROM attempts WHERE id = ?1 AND {ATTEMPT_STILL_SENDING})
               AND {STILL_SENDING}"
        ),
        db_args![attempt_id, now_ms()],
    )?;
    tx.execute(
        &format!("DELETE FROM attempts WHERE id = ?1 AND {ATTEMPT_STILL_SENDING}"),
        db_args![attempt_id],
    )?;
    Ok(())
}

/// Writes outcomes of attempts still `sending`: the attempt and its row, and for a 43101 the
/// openid as unsubscribed for the template (and onto the suppression list when the account
/// asks for that). With `fence`, only while that run owns the
/// campaign; without, for the one resolving a dead run's rows. Returns how many were written.
pub(super) fn apply_outcomes(
    tx: &Tx<'_>,
    fence: Option<&str>,
    campaign_id: i64,
    outcomes: &[AttemptOutcome],
) -> Result<usize> {
    let now = now_ms();
    // The CAST gives PostgreSQL the type of a parameter tested for NULL.
    let attempt = format!(
        "UPDATE attempts SET status = ?4, errcode = ?5, errmsg = ?6, rid = ?7, msgid = ?8, response = ?9,
                finished_at = ?10, started_at = ?11
         WHERE id = ?3 AND campaign_id = ?2 AND {ATTEMPT_STILL_SENDING} AND (CAST(?1 AS TEXT) IS NULL OR {OWNED})"
    );
    let row = format!(
        "UPDATE recipients SET state = ?2, errcode = ?3, reason = ?4, msgid = COALESCE(?5, msgid),
                updated_at = ?6
         WHERE id = ?1 AND {STILL_SENDING}"
    );
    // Was INSERT OR REPLACE: the only constraint is the primary key, and every other column
    // is replaced, so an upsert of seen_at writes the same row.
    let unsubscribed = "INSERT INTO unsubscribed (account_id, template_id, openid, seen_at)
                        SELECT account_id, template_id, openid, ?2 FROM attempts WHERE id = ?1
                        ON CONFLICT (account_id, template_id, openid) DO UPDATE SET seen_at = excluded.seen_at";
    let suppressed = "INSERT INTO suppressed (account_id, openid, source, note, added_by, added_at)
                      SELECT a.account_id, a.openid, 'refused', a.template_id, '', ?2
                        FROM attempts a JOIN accounts ac ON ac.id = a.account_id JOIN campaigns c ON c.id = a.campaign_id
                       WHERE a.id = ?1 AND ac.suppress_refusals = TRUE AND c.kind != 'test'
                      ON CONFLICT DO NOTHING";
    let mut recorded = 0;
    for o in outcomes {
        let changed = tx.execute(
            &attempt,
            db_args![
                fence,
                campaign_id,
                o.attempt_id,
                o.status.as_str(),
                o.errcode,
                o.errmsg,
                o.rid,
                o.msgid,
                o.response,
                now,
                o.started_at
            ],
        )?;
        if changed == 0 {
            continue;
        }
        recorded += 1;
        tx.execute(
            &row,
            db_args![o.recipient_id, o.status.row_state().as_str(), o.errcode, o.errmsg, o.msgid, now],
        )?;
        if o.status == AttemptStatus::NotSubscribed {
            tx.execute(unsubscribed, db_args![o.attempt_id, now])?;
            tx.execute(suppressed, db_args![o.attempt_id, now])?;
        }
    }
    Ok(recorded)
}
