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
    /// ms) as intercepted: not delivered. Returns whether a send was marked now: when the closest
    /// one was marked before, nothing is (a second look must not mark the next closest send).
    pub fn mark_intercepted(
        &mut self,
        account_id: i64,
        template_id: &str,
        openid: &str,
        sent_at: i64,
    ) -> Result<bool> {
        let tx = self.conn_mut().transaction()?;
        let found: Option<(i64, i64, Option<String>)> = tx
            .query_row(
                "SELECT id, recipient_id, delivery_status FROM attempts INDEXED BY attempts_openid
                  WHERE openid = ?1 AND account_id = ?2 AND template_id = ?3 AND status = 'sent'
                    AND started_at BETWEEN ?4 - ?5 AND ?4 + ?5
                  ORDER BY abs(started_at - ?4), id LIMIT 1",
                params![openid, account_id, template_id, sent_at, MATCH_WINDOW_MS],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((attempt, recipient, status)) = found else { return Ok(false) };
        if status.as_deref() == Some(INTERCEPTED_STATUS) {
            return Ok(false);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{AccountKind, NewAccount};
    use crate::model::{CampaignKind, MessageSpec, NewCampaign, NewRecipient, RecipientState};

    /// Regression (found in review): a second check skipped the send it had marked and marked
    /// the next closest one — another send of the template to the same person a minute later.
    #[test]
    fn a_second_look_marks_nothing_even_with_another_send_close_by() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
        let new = NewAccount::new(
            AccountKind::OfficialAccount,
            "服务号",
            "wx0123456789abcdef",
            "https://a.example",
        );
        let account = store.insert_account(&new).unwrap().id;
        let spec = NewCampaign {
            account_id: account,
            kind: CampaignKind::Campaign,
            name: "c".into(),
            template_id: "T".into(),
            template_title: "t".into(),
            message: MessageSpec {
                values: Default::default(),
                page: None,
                miniprogram_state: Default::default(),
                lang: Default::default(),
                url: None,
                miniprogram_appid: None,
            },
            rate: 10,
            concurrency: 1,
            parent_id: None,
            created_by: "test".into(),
            timing: Default::default(),
            series_id: None,
        };
        let row = |row_no| NewRecipient {
            row_no,
            openid: "oSameOpenid".into(),
            data: Default::default(),
            state: RecipientState::Pending,
            reason: None,
            page: None,
            origin_id: None,
        };
        let campaign = store.create_campaign(&spec, &mut [row(2), row(3)].into_iter().map(Ok)).unwrap();
        let t0 = 1_800_000_000_000;
        store
            .conn()
            .execute(
                "INSERT INTO attempts (recipient_id, campaign_id, account_id, template_id, openid, attempt_no,
                                       status, msgid, request, started_at)
                 SELECT id, campaign_id, ?2, 'T', openid, 1, 'sent', id, '{}', ?3 + (row_no - 2) * 60000
                   FROM recipients WHERE campaign_id = ?1",
                params![campaign, account, t0],
            )
            .unwrap();
        assert!(store.mark_intercepted(account, "T", "oSameOpenid", t0).unwrap());
        assert!(!store.mark_intercepted(account, "T", "oSameOpenid", t0).unwrap(), "marked once");
        let marked: i64 = store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM attempts WHERE delivery_status = ?1",
                [INTERCEPTED_STATUS],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(marked, 1, "the send a minute later is left alone");
    }
}
