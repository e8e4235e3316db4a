//! An account's contact rules: the suppression list's rows, the "add refusals" setting and the
//! frequency cap.

use std::collections::HashSet;

use rusqlite::params;

use super::Store;
use crate::model::{
    now_ms, FrequencyCap, SuppressedEntry, SuppressionAdded, SuppressionList, SuppressionSource, DAY_MS,
};
use crate::Result;

impl Store {
    /// Every openid on an account's suppression list: what a new campaign skips.
    pub fn suppressed_openids(&self, account_id: i64) -> Result<HashSet<String>> {
        let mut stmt = self.conn().prepare("SELECT openid FROM suppressed WHERE account_id = ?1")?;
        let rows = stmt.query_map([account_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether one openid is on the list.
    pub fn is_suppressed(&self, account_id: i64, openid: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM suppressed WHERE account_id = ?1 AND openid = ?2)",
            params![account_id, openid],
            |r| r.get(0),
        )?)
    }

    /// The newest `limit` entries whose openid or note contains `search` (all when empty).
    pub fn suppression_list(&self, account_id: i64, search: &str, limit: u32) -> Result<SuppressionList> {
        let conn = self.conn();
        // LIKE with the user's text escaped: % and _ in a note are letters, not wildcards.
        let pattern = format!("%{}%", search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let matches =
            "account_id = ?1 AND (?2 = '%%' OR openid LIKE ?2 ESCAPE '\\' OR note LIKE ?2 ESCAPE '\\')";
        let total =
            conn.query_row("SELECT COUNT(*) FROM suppressed WHERE account_id = ?1", [account_id], |r| {
                r.get(0)
            })?;
        let matching = conn.query_row(
            &format!("SELECT COUNT(*) FROM suppressed WHERE {matches}"),
            params![account_id, pattern],
            |r| r.get(0),
        )?;
        let mut stmt = conn.prepare(&format!(
            "SELECT openid, source, note, added_by, added_at FROM suppressed WHERE {matches}
             ORDER BY added_at DESC, openid LIMIT ?3"
        ))?;
        let entries = stmt
            .query_map(params![account_id, pattern, limit], |r| {
                Ok(SuppressedEntry {
                    openid: r.get(0)?,
                    source: SuppressionSource::parse(&r.get::<_, String>(1)?),
                    note: r.get(2)?,
                    added_by: r.get(3)?,
                    added_at: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let suppress_refusals =
            conn.query_row("SELECT suppress_refusals FROM accounts WHERE id = ?1", [account_id], |r| {
                r.get(0)
            })?;
        Ok(SuppressionList { total, entries, matching, suppress_refusals })
    }

    /// Puts openids on the list by hand, in one transaction; those already on it keep their
    /// entry. `openids` must have been checked.
    pub fn add_suppressed(
        &mut self,
        account_id: i64,
        openids: &[String],
        note: &str,
        added_by: &str,
    ) -> Result<SuppressionAdded> {
        let tx = self.conn_mut().transaction()?;
        let mut added = SuppressionAdded::default();
        {
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO suppressed (account_id, openid, source, note, added_by, added_at)
                 VALUES (?1, ?2, 'manual', ?3, ?4, ?5)",
            )?;
            let now = now_ms();
            for openid in openids {
                if insert.execute(params![account_id, openid, note, added_by, now])? == 1 {
                    added.added += 1;
                } else {
                    added.already += 1;
                }
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Takes openids off the list. Returns how many were on it.
    pub fn remove_suppressed(&mut self, account_id: i64, openids: &[String]) -> Result<u32> {
        let tx = self.conn_mut().transaction()?;
        let mut removed = 0;
        {
            let mut delete = tx.prepare("DELETE FROM suppressed WHERE account_id = ?1 AND openid = ?2")?;
            for openid in openids {
                removed += delete.execute(params![account_id, openid])? as u32;
            }
        }
        tx.commit()?;
        Ok(removed)
    }

    /// Whether a 43101 answer puts the person on the list from now on.
    pub fn set_suppress_refusals(&self, account_id: i64, on: bool) -> Result<()> {
        self.conn()
            .execute("UPDATE accounts SET suppress_refusals = ?2 WHERE id = ?1", params![account_id, on])?;
        Ok(())
    }

    /// The account's frequency cap, if it has one.
    pub fn frequency_cap(&self, account_id: i64) -> Result<Option<FrequencyCap>> {
        cap_of(self.conn(), account_id)
    }

    /// Sets (or, with `None`, removes) the account's frequency cap. `cap` must have been checked.
    pub fn set_frequency_cap(&self, account_id: i64, cap: Option<FrequencyCap>) -> Result<()> {
        self.conn().execute(
            "UPDATE accounts SET cap_max = ?2, cap_days = ?3 WHERE id = ?1",
            params![account_id, cap.map(|c| c.max_messages), cap.map(|c| c.per_days)],
        )?;
        Ok(())
    }

    /// The openids that already got `cap.max_messages` messages (sent, or maybe sent:
    /// `unknown`) from the account within the cap's window ending `now`, test sends aside.
    pub fn capped_openids(&self, account_id: i64, cap: FrequencyCap, now: i64) -> Result<HashSet<String>> {
        let mut stmt = self.conn().prepare(
            "SELECT a.openid FROM attempts a JOIN campaigns c ON c.id = a.campaign_id
              WHERE a.account_id = ?1 AND a.started_at >= ?2 AND a.status IN ('sent', 'unknown')
                AND c.kind != 'test'
              GROUP BY a.openid HAVING COUNT(*) >= ?3",
        )?;
        let since = now - i64::from(cap.per_days) * DAY_MS;
        let rows = stmt.query_map(params![account_id, since, cap.max_messages], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn cap_of(conn: &rusqlite::Connection, account_id: i64) -> Result<Option<FrequencyCap>> {
    let (max, days): (Option<u32>, Option<u32>) =
        conn.query_row("SELECT cap_max, cap_days FROM accounts WHERE id = ?1", [account_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(max.zip(days).map(|(max_messages, per_days)| FrequencyCap { max_messages, per_days }))
}

/// Skips the pending rows of a campaign that the account's contact rules forbid, as the campaign
/// is handed to a run: people on the suppression list, and people the frequency cap says have
/// heard enough (counting every other row's messages, so a resend of a row's own unknown attempt
/// is not held against it). Test sends go to staff and follow neither rule. Returns the rows
/// skipped.
pub(super) fn skip_forbidden_rows(
    tx: &rusqlite::Transaction<'_>,
    campaign_id: i64,
    account_id: i64,
) -> Result<usize> {
    let kind: String =
        tx.query_row("SELECT kind FROM campaigns WHERE id = ?1", [campaign_id], |r| r.get(0))?;
    if kind == "test" {
        return Ok(0);
    }
    let now = now_ms();
    let mut skipped = tx.execute(
        "UPDATE recipients SET state = 'skipped', reason = ?3, updated_at = ?4
          WHERE campaign_id = ?1 AND state = 'pending'
            AND openid IN (SELECT openid FROM suppressed WHERE account_id = ?2)",
        params![campaign_id, account_id, crate::model::suppressed_reason(), now],
    )?;
    if let Some(cap) = cap_of(tx, account_id)? {
        skipped += tx.execute(
            "UPDATE recipients SET state = 'skipped', reason = ?3, updated_at = ?4
              WHERE campaign_id = ?1 AND state = 'pending'
                AND (SELECT COUNT(*) FROM attempts a JOIN campaigns c ON c.id = a.campaign_id
                      WHERE a.openid = recipients.openid AND a.account_id = ?2 AND a.recipient_id != recipients.id
                        AND a.status IN ('sent', 'unknown') AND a.started_at >= ?5 AND c.kind != 'test') >= ?6",
            params![
                campaign_id,
                account_id,
                cap.reason(),
                now,
                now - i64::from(cap.per_days) * DAY_MS,
                cap.max_messages
            ],
        )?;
    }
    Ok(skipped)
}
