//! Event pushes taken in: stored once each, receipts matched to the sends they report, and an
//! `unknown` send a receipt proves WeChat accepted resolved to `sent`.

use super::db::{Begin, Tx};
use super::ledger::attempts_by_openid;
use super::Store;
use crate::db_args;
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
        self.db().transaction(Begin::Immediate, |tx| {
            let received_at = now_ms();
            for event in events {
                // The send is looked up first, so a matched event is stored with it and never
                // passes through the partial index of unmatched receipts.
                let found = if event.kind.is_receipt() { find_send(tx, account_id, event)? } else { None };
                let inserted: Option<i64> = tx.query_opt(
                    "INSERT INTO events (account_id, kind, openid, template_id, msgid, code, status, scene,
                                         created_at, received_at, digest, attempt_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                     ON CONFLICT (account_id, digest) DO NOTHING RETURNING id",
                    db_args![
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
                        event.digest().to_vec(),
                        found.as_ref().map(|f| f.attempt),
                    ],
                    |r| r.get(0),
                )?;
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
                        record_delivery(tx, &send, event)?;
                        summary.matched += 1;
                        summary.resolved += u64::from(matches!(send.how, Matched::Resolved));
                    }
                    None => summary.unmatched += 1,
                }
            }
            Ok(())
        })
    }

    /// Tries again the receipts of the last [`LATE_MATCH_MS`] that found no send.
    pub fn match_late_receipts(&mut self, account_id: i64, summary: &mut IntakeSummary) -> Result<()> {
        self.db().transaction(Begin::Immediate, |tx| {
            let waiting: Vec<(i64, PushEvent)> = tx.query(
                "SELECT id, kind, openid, template_id, msgid, code, status, created_at FROM events
                 WHERE account_id = ?1 AND attempt_id IS NULL AND kind IN ('sent', 'template_job')
                   AND created_at >= ?2",
                db_args![account_id, now_ms() - LATE_MATCH_MS],
                |r| {
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
                            created_at: r.get::<i64>(7)? / 1000,
                        },
                    ))
                },
            )?;
            for (id, event) in &waiting {
                if let Some(send) = find_send(tx, account_id, event)? {
                    record_delivery(tx, &send, event)?;
                    tx.execute(
                        "UPDATE events SET attempt_id = ?2 WHERE id = ?1",
                        db_args![*id, send.attempt],
                    )?;
                    summary.late_matches += 1;
                    summary.resolved += u64::from(matches!(send.how, Matched::Resolved));
                }
            }
            Ok(())
        })
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
fn find_send(tx: &Tx<'_>, account_id: i64, event: &PushEvent) -> Result<Option<Send>> {
    // A user has few attempts: attempts_openid finds them at once. Named, because the planner
    // would rather take (account_id, status, …), two equal columns, and walk every sent row
    // of the account (found by the events benchmark).
    let attempts = attempts_by_openid(tx);
    if let Some(msgid) = &event.msgid {
        let by_msgid = tx.query_opt(
            &format!(
                "SELECT id, recipient_id FROM {attempts}
                 WHERE openid = ?1 AND msgid = ?2 AND account_id = ?3 AND status = 'sent' LIMIT 1"
            ),
            db_args![event.openid, msgid, account_id],
            |r| Ok(Send { attempt: r.get(0)?, recipient: r.get(1)?, how: Matched::Send }),
        )?;
        if by_msgid.is_some() {
            return Ok(by_msgid);
        }
    }
    let at = event.created_at.saturating_mul(1000);
    // The casts give PostgreSQL the types of an argument that may be NULL and of arguments only
    // added to each other.
    tx.query_opt(
        &format!(
            "SELECT id, recipient_id FROM {attempts}
             WHERE openid = ?1 AND account_id = ?2 AND (CAST(?3 AS TEXT) IS NULL OR template_id = ?3)
               AND status = 'unknown'
               AND started_at BETWEEN CAST(?4 AS BIGINT) - CAST(?5 AS BIGINT) AND CAST(?4 AS BIGINT) + CAST(?6 AS BIGINT)
             ORDER BY started_at DESC LIMIT 1"
        ),
        db_args![event.openid, account_id, event.template_id, at, RESOLVE_WINDOW_MS, CLOCK_SKEW_MS],
        |r| Ok(Send { attempt: r.get(0)?, recipient: r.get(1)?, how: Matched::Resolved }),
    )
}

/// Writes what the receipt says beside the send; an `unknown` send becomes `sent`.
fn record_delivery(tx: &Tx<'_>, send: &Send, event: &PushEvent) -> Result<()> {
    let delivery = if event.delivered() { "delivered" } else { "delivery_failed" };
    let at = event.created_at.saturating_mul(1000);
    tx.execute(
        "UPDATE attempts SET delivery = ?2, delivery_code = ?3, delivery_status = ?4, delivery_at = ?5
         WHERE id = ?1",
        db_args![send.attempt, delivery, event.code, event.status, at],
    )?;
    match send.how {
        Matched::Send => {
            // The row's delivery is its latest send's: a resend's receipt replaces an earlier one.
            tx.execute(
                "UPDATE recipients SET delivery = ?2 WHERE id = ?1 AND msgid = ?3",
                db_args![send.recipient, delivery, event.msgid],
            )?;
        }
        Matched::Resolved => {
            tx.execute(
                "UPDATE attempts SET status = 'sent', msgid = ?2, confirmed_by_receipt = TRUE WHERE id = ?1",
                db_args![send.attempt, event.msgid],
            )?;
            // The row follows only if this was its latest attempt (no resend since).
            tx.execute(
                "UPDATE recipients SET state = 'sent', msgid = ?2, delivery = ?3, updated_at = ?4
                 WHERE id = ?1 AND state = 'unknown'
                   AND NOT EXISTS (SELECT 1 FROM attempts l WHERE l.recipient_id = ?1
                                     AND l.attempt_no > (SELECT attempt_no FROM attempts WHERE id = ?5))",
                db_args![send.recipient, event.msgid, delivery, now_ms(), send.attempt],
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{on_both_engines, test_account};
    use crate::Result;

    fn receipt(openid: &str, msgid: &str, created_at: i64) -> PushEvent {
        PushEvent {
            kind: PushKind::Sent,
            to_user: "gh_1".into(),
            openid: openid.into(),
            created_at,
            template_id: Some("T1".into()),
            msgid: Some(msgid.into()),
            code: Some(0),
            status: Some("success".into()),
            scene: None,
        }
    }

    /// A one-row campaign to `openid` and its one attempt, `status` with `msgid`, started at
    /// `started_at` (ms): the recipient's and the attempt's ids.
    fn send(
        store: &Store,
        account_id: i64,
        openid: &str,
        status: &str,
        msgid: Option<&str>,
        started_at: i64,
    ) -> Result<(i64, i64)> {
        let db = store.db();
        let campaign: i64 = db.query_one(
            "INSERT INTO campaigns (account_id, kind, name, template_id, template_title, message, status, rate,
                                    concurrency, created_by, created_at)
             VALUES (?1, 'campaign', 'c', 'T1', 't', '{}', 'finished', 10, 1, 'me', 0) RETURNING id",
            db_args![account_id],
            |r| r.get(0),
        )?;
        let recipient: i64 = db.query_one(
            "INSERT INTO recipients (campaign_id, row_no, openid, data, state, msgid, updated_at)
             VALUES (?1, 2, ?2, '{}', ?3, ?4, 0) RETURNING id",
            db_args![campaign, openid, status, msgid],
            |r| r.get(0),
        )?;
        let attempt: i64 = db.query_one(
            "INSERT INTO attempts (recipient_id, campaign_id, account_id, template_id, openid, attempt_no, status,
                                   msgid, request, started_at)
             VALUES (?1, ?2, ?3, 'T1', ?4, 1, ?5, ?6, '{}', ?7) RETURNING id",
            db_args![recipient, campaign, account_id, openid, status, msgid, started_at],
            |r| r.get(0),
        )?;
        Ok((recipient, attempt))
    }

    #[test]
    fn receipts_are_stored_once_matched_to_their_sends_and_resolve_unknown_ones() {
        on_both_engines(|mut store| {
            let account = test_account(&store);
            let now = now_ms() / 1000;
            let (sent_row, _) = send(&store, account, "u1", "sent", Some("m1"), now * 1000).unwrap();
            let (unknown_row, unknown) = send(&store, account, "u2", "unknown", None, now * 1000).unwrap();
            let mut popup = receipt("u3", "", now);
            (popup.kind, popup.msgid, popup.code) = (PushKind::PopupAccept, None, None);
            let events =
                [receipt("u1", "m1", now), receipt("u2", "m2", now + 1), popup, receipt("u4", "m4", now)];

            let mut summary = IntakeSummary::default();
            store.take_in_events(account, &events, &mut summary).unwrap();
            assert_eq!(
                (
                    summary.new,
                    summary.matched,
                    summary.resolved,
                    summary.unmatched,
                    summary.subscription_events
                ),
                (4, 2, 1, 1, 1)
            );
            let mut again = IntakeSummary::default();
            store.take_in_events(account, &events, &mut again).unwrap();
            assert_eq!((again.new, again.duplicates), (0, 4));

            let delivery: Vec<(String, Option<String>)> = store
                .db()
                .query(
                    "SELECT state, delivery FROM recipients WHERE id IN (?1, ?2) ORDER BY id",
                    db_args![sent_row, unknown_row],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(
                delivery,
                [("sent".into(), Some("delivered".into())), ("sent".into(), Some("delivered".into()))]
            );
            let resolved: (String, bool, Option<String>) = store
                .db()
                .query_one(
                    "SELECT status, confirmed_by_receipt, msgid FROM attempts WHERE id = ?1",
                    db_args![unknown],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap();
            assert_eq!(resolved, ("sent".into(), true, Some("m2".into())));

            // u4's send commits after its receipt came in: the next intake matches it.
            let (late_row, _) = send(&store, account, "u4", "sent", Some("m4"), now * 1000).unwrap();
            let mut late = IntakeSummary::default();
            store.match_late_receipts(account, &mut late).unwrap();
            assert_eq!(late.late_matches, 1);
            let delivery: Option<String> = store
                .db()
                .query_one("SELECT delivery FROM recipients WHERE id = ?1", db_args![late_row], |r| r.get(0))
                .unwrap();
            assert_eq!(delivery.as_deref(), Some("delivered"));
            let mut none = IntakeSummary::default();
            store.match_late_receipts(account, &mut none).unwrap();
            assert_eq!(none.late_matches, 0, "a matched receipt is not tried again");
        });
    }
}
