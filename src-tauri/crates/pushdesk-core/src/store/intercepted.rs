//! Template messages WeChat intercepted as purely promotional: found later through
//! `queryblocktmplmsg`, written beside the send they were.

use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::Result;

/// How far from the send's departure WeChat's `send_timestamp` may be: seconds on its side,
/// milliseconds and a clock that may be a little off on ours.
const MATCH_WINDOW_MS: i64 = 2 * 60 * 1000;

/// What an intercepted message's send says in place of a receipt's status.
pub const INTERCEPTED_STATUS: &str = "intercepted";

impl Store {
    /// The templates the account's template-message campaigns used since `since` (unix ms).
    pub fn template_message_templates(&self, account_id: i64, since: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT template_id FROM campaigns
              WHERE account_id = ?1 AND channel = 'template_message' AND created_at >= ?2
              ORDER BY template_id",
        )?;
        let ids =
            stmt.query_map(params![account_id, since], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Marks the sent message of `template_id` to `openid` that left closest to `sent_at` (unix
    /// ms) as intercepted: not delivered. Returns whether a send was marked now (one marked
    /// before is left as it is).
    pub fn mark_intercepted(
        &mut self,
        account_id: i64,
        template_id: &str,
        openid: &str,
        sent_at: i64,
    ) -> Result<bool> {
        let tx = self.conn_mut().transaction()?;
        let found: Option<(i64, i64)> = tx
            .query_row(
                "SELECT id, recipient_id FROM attempts INDEXED BY attempts_openid
                  WHERE openid = ?1 AND account_id = ?2 AND template_id = ?3 AND status = 'sent'
                    AND started_at BETWEEN ?4 - ?5 AND ?4 + ?5
                    AND delivery_status IS NOT ?6
                  ORDER BY abs(started_at - ?4) LIMIT 1",
                params![openid, account_id, template_id, sent_at, MATCH_WINDOW_MS, INTERCEPTED_STATUS],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((attempt, recipient)) = found else { return Ok(false) };
        tx.execute(
            "UPDATE attempts SET delivery = 'delivery_failed', delivery_status = ?2, delivery_at = ?3
              WHERE id = ?1",
            params![attempt, INTERCEPTED_STATUS, sent_at],
        )?;
        tx.execute(
            "UPDATE recipients SET delivery = 'delivery_failed'
              WHERE id = ?1 AND msgid = (SELECT msgid FROM attempts WHERE id = ?2)",
            params![recipient, attempt],
        )?;
        tx.commit()?;
        Ok(true)
    }
}
