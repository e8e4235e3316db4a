//! An account's contact rules: the suppression list's rows, the "add refusals" setting and the
//! frequency cap.

use std::collections::HashSet;

use super::db::{Begin, Db, Engine, Tx};
use super::Store;
use crate::db_args;
use crate::model::{
    now_ms, FrequencyCap, SuppressedEntry, SuppressionAdded, SuppressionList, SuppressionSource, DAY_MS,
};
use crate::Result;

impl Store {
    /// Every openid on an account's suppression list: what a new campaign skips.
    pub fn suppressed_openids(&self, account_id: i64) -> Result<HashSet<String>> {
        let mut openids = HashSet::new();
        self.db().each("SELECT openid FROM suppressed WHERE account_id = ?1", db_args![account_id], |r| {
            openids.insert(r.get(0)?);
            Ok(true)
        })?;
        Ok(openids)
    }

    /// Whether one openid is on the list.
    pub fn is_suppressed(&self, account_id: i64, openid: &str) -> Result<bool> {
        self.db().query_one(
            "SELECT EXISTS (SELECT 1 FROM suppressed WHERE account_id = ?1 AND openid = ?2)",
            db_args![account_id, openid],
            |r| r.get(0),
        )
    }

    /// The newest `limit` entries whose openid or note contains `search` (all when empty).
    pub fn suppression_list(&self, account_id: i64, search: &str, limit: u32) -> Result<SuppressionList> {
        let db = self.db();
        // LIKE with the user's text escaped: % and _ in a note are letters, not wildcards.
        let pattern = format!("%{}%", search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE does the same under
        // the "C" collation of every text column, so a search finds the same entries. The cast
        // gives PostgreSQL the type of an argument compared with a literal only.
        let matches = match db.engine() {
            Engine::Sqlite => {
                "account_id = ?1 AND (CAST(?2 AS TEXT) = '%%' OR openid LIKE ?2 ESCAPE '\\' OR note LIKE ?2 ESCAPE '\\')"
            }
            Engine::Postgres => {
                "account_id = ?1 AND (CAST(?2 AS TEXT) = '%%' OR openid ILIKE ?2 ESCAPE '\\' OR note ILIKE ?2 ESCAPE '\\')"
            }
        };
        let total: i64 = db.query_one(
            "SELECT COUNT(*) FROM suppressed WHERE account_id = ?1",
            db_args![account_id],
            |r| r.get(0),
        )?;
        let matching: i64 = db.query_one(
            &format!("SELECT COUNT(*) FROM suppressed WHERE {matches}"),
            db_args![account_id, pattern],
            |r| r.get(0),
        )?;
        let entries = db.query(
            &format!(
                "SELECT openid, source, note, added_by, added_at FROM suppressed WHERE {matches}
                 ORDER BY added_at DESC, openid LIMIT ?3"
            ),
            db_args![account_id, pattern, i64::from(limit)],
            |r| {
                Ok(SuppressedEntry {
                    openid: r.get(0)?,
                    source: SuppressionSource::parse(&r.get::<String>(1)?),
                    note: r.get(2)?,
                    added_by: r.get(3)?,
                    added_at: r.get(4)?,
                })
            },
        )?;
        let suppress_refusals = db.query_one(
            "SELECT suppress_refusals FROM accounts WHERE id = ?1",
            db_args![account_id],
            |r| r.get(0),
        )?;
        Ok(SuppressionList { total: total as u32, entries, matching: matching as u32, suppress_refusals })
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
        self.db().transaction(Begin::Deferred, |tx| {
            let mut added = SuppressionAdded::default();
            let now = now_ms();
            for openid in openids {
                let inserted = tx.execute(
                    "INSERT INTO suppressed (account_id, openid, source, note, added_by, added_at)
                     VALUES (?1, ?2, 'manual', ?3, ?4, ?5)
                     ON CONFLICT DO NOTHING",
                    db_args![account_id, openid, note, added_by, now],
                )?;
                if inserted == 1 {
                    added.added += 1;
                } else {
                    added.already += 1;
                }
            }
            Ok(added)
        })
    }

    /// Takes openids off the list. Returns how many were on it.
    pub fn remove_suppressed(&mut self, account_id: i64, openids: &[String]) -> Result<u32> {
        self.db().transaction(Begin::Deferred, |tx| {
            let mut removed = 0;
            for openid in openids {
                removed += tx.execute(
                    "DELETE FROM suppressed WHERE account_id = ?1 AND openid = ?2",
                    db_args![account_id, openid],
                )? as u32;
            }
            Ok(removed)
        })
    }

    /// Whether a 43101 answer puts the person on the list from now on.
    pub fn set_suppress_refusals(&self, account_id: i64, on: bool) -> Result<()> {
        self.db()
            .execute("UPDATE accounts SET suppress_refusals = ?2 WHERE id = ?1", db_args![account_id, on])?;
        Ok(())
    }

    /// The account's frequency cap, if it has one.
    pub fn frequency_cap(&self, account_id: i64) -> Result<Option<FrequencyCap>> {
        cap_of(self.db(), account_id)
    }

    /// Sets (or, with `None`, removes) the account's frequency cap. `cap` must have been checked.
    pub fn set_frequency_cap(&self, account_id: i64, cap: Option<FrequencyCap>) -> Result<()> {
        self.db().execute(
            "UPDATE accounts SET cap_max = ?2, cap_days = ?3 WHERE id = ?1",
            db_args![account_id, cap.map(|c| i64::from(c.max_messages)), cap.map(|c| i64::from(c.per_days))],
        )?;
        Ok(())
    }

    /// The openids that already got `cap.max_messages` messages (sent, or maybe sent:
    /// `unknown`) from the account within the cap's window ending `now`, test sends aside.
    pub fn capped_openids(&self, account_id: i64, cap: FrequencyCap, now: i64) -> Result<HashSet<String>> {
        let since = now - i64::from(cap.per_days) * DAY_MS;
        let mut openids = HashSet::new();
        self.db().each(
            "SELECT a.openid FROM attempts a JOIN campaigns c ON c.id = a.campaign_id
              WHERE a.account_id = ?1 AND a.started_at >= ?2 AND a.status IN ('sent', 'unknown')
                AND c.kind != 'test'
              GROUP BY a.openid HAVING COUNT(*) >= ?3",
            db_args![account_id, since, i64::from(cap.max_messages)],
            |r| {
                openids.insert(r.get(0)?);
                Ok(true)
            },
        )?;
        Ok(openids)
    }
}

fn cap_of(db: &Db, account_id: i64) -> Result<Option<FrequencyCap>> {
    // Written by `set_frequency_cap` from u32s.
    let (max, days): (Option<i64>, Option<i64>) =
        db.query_one("SELECT cap_max, cap_days FROM accounts WHERE id = ?1", db_args![account_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(max.zip(days).map(|(max, days)| FrequencyCap { max_messages: max as u32, per_days: days as u32 }))
}

/// Skips the pending rows of a campaign that the account's contact rules forbid, as the campaign
/// is handed to a run: people on the suppression list, and people the frequency cap says have
/// heard enough (counting every other row's messages, so a resend of a row's own unknown attempt
/// is not held against it). Test sends go to staff and follow neither rule. Returns the rows
/// skipped.
pub(super) fn skip_forbidden_rows(tx: &Tx<'_>, campaign_id: i64, account_id: i64) -> Result<usize> {
    let kind: String =
        tx.query_one("SELECT kind FROM campaigns WHERE id = ?1", db_args![campaign_id], |r| r.get(0))?;
    if kind == "test" {
        return Ok(0);
    }
    let now = now_ms();
    let mut skipped = tx.execute(
        "UPDATE recipients SET state = 'skipped', reason = ?3, updated_at = ?4
          WHERE campaign_id = ?1 AND state = 'pending'
            AND openid IN (SELECT openid FROM suppressed WHERE account_id = ?2)",
        db_args![campaign_id, account_id, crate::model::suppressed_reason(), now],
    )?;
    if let Some(cap) = cap_of(tx, account_id)? {
        skipped += tx.execute(
            "UPDATE recipients SET state = 'skipped', reason = ?3, updated_at = ?4
              WHERE campaign_id = ?1 AND state = 'pending'
                AND (SELECT COUNT(*) FROM attempts a JOIN campaigns c ON c.id = a.campaign_id
                      WHERE a.openid = recipients.openid AND a.account_id = ?2 AND a.recipient_id != recipients.id
                        AND a.status IN ('sent', 'unknown') AND a.started_at >= ?5 AND c.kind != 'test') >= ?6",
            db_args![
                campaign_id,
                account_id,
                cap.reason(),
                now,
                now - i64::from(cap.per_days) * DAY_MS,
                i64::from(cap.max_messages)
            ],
        )?;
    }
    Ok(skipped as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::store::testing::{on_both_engines, test_account};

    /// A campaign of `kind` to `openids`, each row `state`, each with one attempt `status`
    /// (when given) started now: its id.
    fn campaign(
        store: &Store,
        account_id: i64,
        kind: &str,
        openids: &[&str],
        state: &str,
        status: Option<&str>,
    ) -> i64 {
        let db = store.db();
        let campaign: i64 = db
            .query_one(
                "INSERT INTO campaigns (account_id, kind, name, template_id, template_title, message, status, rate,
                                        concurrency, created_by, created_at)
                 VALUES (?1, ?2, 'c', 'T1', 't', '{}', 'ready', 10, 1, 'me', 0) RETURNING id",
                db_args![account_id, kind],
                |r| r.get(0),
            )
            .unwrap();
        for (row, openid) in openids.iter().enumerate() {
            let recipient: i64 = db
                .query_one(
                    "INSERT INTO recipients (campaign_id, row_no, openid, data, state, updated_at)
                     VALUES (?1, ?2, ?3, '{}', ?4, 0) RETURNING id",
                    db_args![campaign, row as i64 + 2, *openid, state],
                    |r| r.get(0),
                )
                .unwrap();
            if let Some(status) = status {
                db.execute(
                    "INSERT INTO attempts (recipient_id, campaign_id, account_id, template_id, openid, attempt_no,
                                           status, request, started_at)
                     VALUES (?1, ?2, ?3, 'T1', ?4, 1, ?5, '{}', ?6)",
                    db_args![recipient, campaign, account_id, *openid, status, now_ms()],
                )
                .unwrap();
            }
        }
        campaign
    }

    fn openids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_suppression_list_is_added_to_searched_and_taken_from() {
        on_both_engines(|mut store| {
            let account = test_account(&store);
            let added = store.add_suppressed(account, &openids(&["oAbc1", "oAbc2"]), "VIP_1", "me").unwrap();
            assert_eq!((added.added, added.already), (2, 0));
            let added = store.add_suppressed(account, &openids(&["oAbc2", "oXyz3"]), "other", "me").unwrap();
            assert_eq!((added.added, added.already), (1, 1));
            assert_eq!(store.suppressed_openids(account).unwrap().len(), 3);
            assert!(store.is_suppressed(account, "oAbc1").unwrap());
            assert!(!store.is_suppressed(account, "oNope").unwrap());

            let all = store.suppression_list(account, "", 10).unwrap();
            assert_eq!((all.total, all.matching, all.entries.len(), all.suppress_refusals), (3, 3, 3, false));
            let vip = store.suppression_list(account, "vip_1", 10).unwrap();
            assert_eq!((vip.total, vip.matching), (3, 2), "a search ignores ASCII case");
            assert_eq!(store.suppression_list(account, "_", 10).unwrap().matching, 2, "_ is a letter");
            assert_eq!(store.suppression_list(account, "%", 10).unwrap().matching, 0, "% is a letter");
            let one = store.suppression_list(account, "XYZ", 1).unwrap();
            assert_eq!(one.entries.iter().map(|e| e.openid.as_str()).collect::<Vec<_>>(), ["oXyz3"]);
            assert_eq!(store.suppression_list(account, "", 1).unwrap().entries.len(), 1);

            store.set_suppress_refusals(account, true).unwrap();
            assert!(store.suppression_list(account, "", 10).unwrap().suppress_refusals);
            assert_eq!(store.remove_suppressed(account, &openids(&["oAbc1", "oNope"])).unwrap(), 1);
            assert_eq!(store.suppression_list(account, "", 10).unwrap().total, 2);
        });
    }

    #[test]
    fn a_run_skips_suppressed_and_capped_rows_and_a_test_send_skips_none() {
        on_both_engines(|mut store| {
            let account = test_account(&store);
            assert_eq!(store.frequency_cap(account).unwrap(), None);
            let cap = FrequencyCap { max_messages: 2, per_days: 7 };
            store.set_frequency_cap(account, Some(cap)).unwrap();
            assert_eq!(store.frequency_cap(account).unwrap(), Some(cap));

            // oHeard got two messages, oOnce one (and one from a test send, which does not count).
            campaign(&store, account, "campaign", &["oHeard", "oHeard", "oOnce"], "sent", Some("sent"));
            campaign(&store, account, "test", &["oOnce"], "sent", Some("sent"));
            assert_eq!(
                store.capped_openids(account, cap, now_ms()).unwrap(),
                HashSet::from(["oHeard".to_string()])
            );
            store.add_suppressed(account, &openids(&["oQuiet"]), "", "me").unwrap();

            let run = campaign(
                &store,
                account,
                "campaign",
                &["oHeard", "oOnce", "oQuiet", "oNew"],
                "pending",
                None,
            );
            let test = campaign(&store, account, "test", &["oHeard", "oQuiet"], "pending", None);
            let skipped = |campaign: i64| {
                store
                    .db()
                    .transaction(Begin::Deferred, |tx| skip_forbidden_rows(tx, campaign, account))
                    .unwrap()
            };
            assert_eq!(skipped(run), 2);
            assert_eq!(skipped(test), 0);
            let states: Vec<(String, String)> = store
                .db()
                .query(
                    "SELECT openid, state FROM recipients WHERE campaign_id = ?1 ORDER BY id",
                    db_args![run],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(
                states.iter().map(|(o, s)| (o.as_str(), s.as_str())).collect::<Vec<_>>(),
                [("oHeard", "skipped"), ("oOnce", "pending"), ("oQuiet", "skipped"), ("oNew", "pending")]
            );

            store.set_frequency_cap(account, None).unwrap();
            assert_eq!(store.frequency_cap(account).unwrap(), None);
        });
    }
}
