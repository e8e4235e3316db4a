//! Event pushes taken in: stored once each, receipts matched to the sends they report, and an
//! `unknown` send a receipt proves WeChat accepted resolved to `sent`.

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

use super::Store;
use crate::events::{IntakeSummary, PushEvent, PushKind};
use crate::model::now_ms;
use crate::Result;

/// How long after an `unknown` attempt left a receipt without a msgid match may be its receipt.
/// WeChat pushes within seconds; a longer window would risk taking another system's send of
/// the same template to the same user for ours.
pub const RESOLVE_WINDOW_MS: i64 = 10 * 60 * 1000;

/// `CreateTime` is WeChat's clock, in whole seconds: a receipt may read up to this much before
/// our record of when its request left.
const CLOCK_SKEW_MS: i64 = 60 * 1000;

/// Receipts younger than this that found no send are tried again at the next intake: the run
/// may not have committed the msgid yet when its receipt arrived.
pub const LATE_MATCH_MS: i64 = 60 * 60 * 1000;

/// What a receipt was matched to.
enum Matched {
    /// A send with its msgid.
    Send,
    /// An `unknown` send, now resolved.
    Resolved,
}

impl Store {
    /// Stores `events` of `account_id` (one transaction), matching each new receipt to its send.
    pub fn take_in_events(
        &mut self,
        account_id: i64,
        events: &[PushEvent],
        summary: &mut IntakeSummary,
    ) -> Result<()> {
        let tx = self.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        let received_at = now_ms();
        for event in events {
            // The send is looked up first, so a matched event is stored with it and never
            // passes through the partial index of unmatched receipts.
            let found = if event.kind.is_receipt() { find_send(&tx, account_id, event)? } else { None };
            let inserted: Option<i64> = tx
                .prepare_cached(
                    "INSERT INTO events (account_id, kind, openid, template_id, msgid, code, status, scene,
                                         created_at, received_at, digest, attempt_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                     ON CONFLICT (account_id, digest) DO NOTHING RETURNING id",
                )?
                .query_row(
                    params![
                        account_id,
                        event.kind.as_str(),
                        event.openid,
                        event.template_id,
                        event.msgid,
                        event.code,
                        event.status,
                        event.scene,
                        event.created_at.saturating_mul(1000),
                        received_at,
                        &event.digest()[..],
                        found.as_ref().map(|f| f.attempt),
                    ],
                    |r| r.get(0),
                )
                .optional()?;
            if inserted.is_none() {
                summary.duplicates += 1;
                continue;
            }
            summary.new += 1;
            if !event.kind.is_receipt() {
                summary.subscription_events += 1;
                continue;
            }
            match found {
                Some(send) => {
                    record_delivery(&tx, &send, event)?;
                    summary.matched += 1;
                    summary.resolved += u64::from(matches!(send.how, Matched::Resolved));
                }
                None => summary.unmatched += 1,
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Tries again the receipts of the last [`LATE_MATCH_MS`] that found no send.
    pub fn match_late_receipts(&mut self, account_id: i64, summary: &mut IntakeSummary) -> Result<()> {
        let tx = self.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        let waiting: Vec<(i64, PushEvent)> = {
            let mut stmt = tx.prepare_cached(
                "SELECT id, kind, openid, template_id, msgid, code, status, created_at FROM events
                 WHERE account_id = ?1 AND attempt_id IS NULL AND kind IN ('sent', 'template_job')
                   AND created_at >= ?2",
            )?;
            let rows = stmt.query_map(params![account_id, now_ms() - LATE_MATCH_MS], |r| {
                let kind: String = r.get(1)?;
                Ok((
                    r.get(0)?,
                    PushEvent {
                        kind: if kind == "sent" { PushKind::Sent } else { PushKind::TemplateJob },
                        to_user: String::new(),
                        openid: r.get(2)?,
                        template_id: r.get(3)?,
                        msgid: r.get(4)?,
                        code: r.get(5)?,
                        status: r.get(6)?,
                        scene: None,
                        created_at: r.get::<_, i64>(7)? / 1000,
                    },
                ))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (id, event) in &waiting {
            if let Some(send) = find_send(&tx, account_id, event)? {
                record_delivery(&tx, &send, event)?;
                tx.prepare_cached("UPDATE events SET attempt_id = ?2 WHERE id = ?1")?
                    .execute(params![id, send.attempt])?;
                summary.late_matches += 1;
                summary.resolved += u64::from(matches!(send.how, Matched::Resolved));
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// The send a receipt reports.
struct Send {
    attempt: i64,
    recipient: i64,
    how: Matched,
}

/// Finds the send a receipt reports: by msgid, or an `unknown` attempt to the same user and
/// template that left shortly before.
fn find_send(tx: &Transaction<'_>, account_id: i64, event: &PushEvent) -> Result<Option<Send>> {
    // A user has few attempts: attempts_openid finds them at once. Named, because the planner
    // would rather take (account_id, status, …), two equal columns, and walk every sent row
    // of the account (found by the events benchmark).
    if let Some(msgid) = &event.msgid {
        let by_msgid = tx
            .prepare_cached(
                "SELECT id, recipient_id FROM attempts INDEXED BY attempts_openid
                 WHERE openid = ?1 AND msgid = ?2 AND account_id = ?3 AND status = 'sent' LIMIT 1",
            )?
            .query_row(params![event.openid, msgid, account_id], |r| {
                Ok(Send { attempt: r.get(0)?, recipient: r.get(1)?, how: Matched::Send })
            })
            .optional()?;
        if by_msgid.is_some() {
            return Ok(by_msgid);
        }
    }
    let at = event.created_at.saturating_mul(1000);
    Ok(tx
        .prepare_cached(
            "SELECT id, recipient_id FROM attempts INDEXED BY attempts_openid
             WHERE openid = ?1 AND account_id = ?2 AND (?3 IS NULL OR template_id = ?3)
               AND status = 'unknown' AND started_at BETWEEN ?4 - ?5 AND ?4 + ?6
             ORDER BY started_at DESC LIMIT 1",
        )?
        .query_row(
            params![event.openid, account_id, event.template_id, at, RESOLVE_WINDOW_MS, CLOCK_SKEW_MS],
            |r| Ok(Send { attempt: r.get(0)?, recipient: r.get(1)?, how: Matched::Resolved }),
        )
        .optional()?)
}

/// Writes what the receipt says beside the send; an `unknown` send becomes `sent`.
fn record_delivery(tx: &Transaction<'_>, send: &Send, event: &PushEvent) -> Result<()> {
    let delivery = if event.delivered() { "delivered" } else { "delivery_failed" };
    let at = event.created_at.saturating_mul(1000);
    tx.prepare_cached(
        "UPDATE attempts SET delivery = ?2, delivery_code = ?3, delivery_status = ?4, delivery_at = ?5
         WHERE id = ?1",
    )?
    .execute(params![send.attempt, delivery, event.code, event.status, at])?;
    match send.how {
        Matched::Send => {
            // The row's delivery is its latest send's: a resend's receipt replaces an earlier one.
            tx.prepare_cached("UPDATE recipients SET delivery = ?2 WHERE id = ?1 AND msgid = ?3")?
                .execute(params![send.recipient, delivery, event.msgid])?;
        }
        Matched::Resolved => {
            tx.prepare_cached(
                "UPDATE attempts SET status = 'sent', msgid = ?2, confirmed_by_receipt = 1 WHERE id = ?1",
            )?
            .execute(params![send.attempt, event.msgid])?;
            // The row follows only if this was its latest attempt (no resend since).
            tx.prepare_cached(
                "UPDATE recipients SET state = 'sent', msgid = ?2, delivery = ?3, updated_at = ?4
                 WHERE id = ?1 AND state = 'unknown'
                   AND NOT EXISTS (SELECT 1 FROM attempts l WHERE l.recipient_id = ?1
                                     AND l.attempt_no > (SELECT attempt_no FROM attempts WHERE id = ?5))",
            )?
            .execute(params![send.recipient, event.msgid, delivery, now_ms(), send.attempt])?;
        }
    }
    Ok(())
}
