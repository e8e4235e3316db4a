//! Template messages WeChat intercepted as purely promotional: found later through
//! `queryblocktmplmsg`, written beside the send they were.

use super::db::{Begin, Engine};
use super::Store;
use crate::db_args;
use crate::Result;

/// How far from the send's departure WeChat's `send_timestamp` may be: seconds on its side,
/// milliseconds and a clock that may be a little off on ours.
const MATCH_WINDOW_MS: i64 = 2 * 60 * 1000;

/// What an intercepted message's send says in place of a receipt's status.
pub const INTERCEPTED_STATUS: &str = "intercepted";

impl Store {
    /// The templates the account's template-message campaigns used since `since` (unix ms).
    pub fn template_message_templates(&self, account_id: i64, since: i64) -> Result<Vec<String>> {
        self.db().query(
            "SELECT DISTINCT template_id FROM campaigns
              WHERE account_id = ?1 AND channel = 'template_message' AND created_at >= ?2
              ORDER BY template_id",
            db_args![account_id, since],
            |r| r.get::<String>(0),
        )
    }

    /// Marks the sent message of `template_id` to `openid` that left closest to `sent_at` (unix
    /// ms) as intercepted: not delivered. Returns whether a send was marked now: when the closest
    /// one was marked before, nothing is (a second look must not mark the next closest send).
    pub fn mark_intercepted(
        &mut self,
        account_id: i64,
        template_id: &str,
        openid: &str,
        sent_at: i64,
    ) -> Result<bool> {
        // INDEXED BY is SQLite's (its planner would otherwise pick a worse index); PostgreSQL has
        // no such hint. The CASTs type the placeholders PostgreSQL cannot infer from `?4 - ?5`.
        let indexed = match self.db().engine() {
            Engine::Sqlite => " INDEXED BY attempts_openid",
            Engine::Postgres => "",
        };
        let sql = format!(
            "SELECT id, recipient_id, delivery_status FROM attempts{indexed}
              WHERE openid = ?1 AND account_id = ?2 AND template_id = ?3 AND status = 'sent'
                AND started_at BETWEEN CAST(?4 AS BIGINT) - CAST(?5 AS BIGINT)
                                   AND CAST(?4 AS BIGINT) + CAST(?5 AS BIGINT)
              ORDER BY abs(started_at - CAST(?4 AS BIGINT)), id LIMIT 1"
        );
        self.db().transaction(Begin::Deferred, |tx| {
            let found = tx.query_opt(
                &sql,
                db_args![openid, account_id, template_id, sent_at, MATCH_WINDOW_MS],
                |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)?, r.get::<Option<String>>(2)?)),
            )?;
            let Some((attempt, recipient, status)) = found else { return Ok(false) };
            if status.as_deref() == Some(INTERCEPTED_STATUS) {
                return Ok(false);
            }
            tx.execute(
                "UPDATE attempts SET delivery = 'delivery_failed', delivery_status = ?2, delivery_at = ?3
                  WHERE id = ?1",
                db_args![attempt, INTERCEPTED_STATUS, sent_at],
            )?;
            tx.execute(
                "UPDATE recipients SET delivery = 'delivery_failed'
                  WHERE id = ?1 AND msgid = (SELECT msgid FROM attempts WHERE id = ?2)",
                db_args![recipient, attempt],
            )?;
            Ok(true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{AccountKind, NewAccount};
    use crate::store::testing::on_both_engines;

    /// Regression (found in review): a second check skipped the send it had marked and marked
    /// the next closest one — another send of the template to the same person a minute later.
    #[test]
    fn a_second_look_marks_nothing_even_with_another_send_close_by() {
        on_both_engines(|mut store| {
            let new = NewAccount::new(
                AccountKind::OfficialAccount,
                "服务号",
                "wx0123456789abcdef",
                "https://a.example",
            );
            let account = store.insert_account(&new).unwrap().id;
            // The campaign and its two rows written directly: what is tested is the marking, on
            // either engine, whichever other parts of the store run on it.
            let campaign = store
                .db()
                .query_one(
                    "INSERT INTO campaigns (account_id, kind, name, template_id, template_title, message, status,
                                            rate, concurrency, created_by, created_at, channel)
                     VALUES (?1, 'campaign', 'c', 'T', 't', '{}', 'ready', 10, 1, 'test', 0, 'template_message')
                     RETURNING id",
                    db_args![account],
                    |r| r.get::<i64>(0),
                )
                .unwrap();
            for row_no in [2i64, 3] {
                store
                    .db()
                    .execute(
                        "INSERT INTO recipients (campaign_id, row_no, openid, data, state, updated_at)
                         VALUES (?1, ?2, 'oSameOpenid', '{}', 'pending', 0)",
                        db_args![campaign, row_no],
                    )
                    .unwrap();
            }
            let t0 = 1_800_000_000_000;
            // `CAST(id AS TEXT)`: PostgreSQL does not store an integer in the TEXT column
            // (SQLite converts it to the same text).
            store
                .db()
                .execute(
                    "INSERT INTO attempts (recipient_id, campaign_id, account_id, template_id, openid, attempt_no,
                                           status, msgid, request, started_at)
                     SELECT id, campaign_id, CAST(?2 AS BIGINT), 'T', openid, 1, 'sent', CAST(id AS TEXT), '{}',
                            CAST(?3 AS BIGINT) + (row_no - 2) * 60000
                       FROM recipients WHERE campaign_id = ?1",
                    db_args![campaign, account, t0],
                )
                .unwrap();
            assert!(store.mark_intercepted(account, "T", "oSameOpenid", t0).unwrap());
            assert!(!store.mark_intercepted(account, "T", "oSameOpenid", t0).unwrap(), "marked once");
            let marked = store
                .db()
                .query_one(
                    "SELECT COUNT(*) FROM attempts WHERE delivery_status = ?1",
                    db_args![INTERCEPTED_STATUS],
                    |r| r.get::<i64>(0),
                )
                .unwrap();
            assert_eq!(marked, 1, "the send a minute later is left alone");
        });
    }
}
