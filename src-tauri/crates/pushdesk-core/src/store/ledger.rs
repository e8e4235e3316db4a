//! The subscription ledger's reads: the steps of one user and template folded into a balance
//! (`crate::ledger`), for an audience, a list or a template's page; and imported counts.

use std::collections::{BTreeMap, HashMap};

use super::db::{Begin, Db, Engine};
use super::Store;
use crate::audience::GrantBook;
use crate::db_args;
use crate::ledger::{
    fold, Balance, GrantState, LedgerEntry, RefusalDay, Step, TemplateLedger, LONG_TERM_KIND,
};
use crate::model::now_ms;
use crate::Result;

/// The 43101 chart of a template's page covers this many days.
const REFUSAL_DAYS: i64 = 30;

/// `attempts` read through its index on openid: SQLite's planner is told to (it would rather
/// walk (account_id, status, …), see `events::find_send`); PostgreSQL has no such hint and
/// chooses well by itself.
pub(super) fn attempts_by_openid(db: &Db) -> &'static str {
    match db.engine() {
        Engine::Sqlite => "attempts INDEXED BY attempts_openid",
        Engine::Postgres => "attempts",
    }
}

impl Store {
    /// Whether `template_id` is a long-term subscription (its grants are not consumed). A
    /// template no longer synced counts as one-time, the common kind.
    pub fn template_is_long_term(&self, account_id: i64, template_id: &str) -> Result<bool> {
        let kind: Option<i64> = self.db().query_opt(
            "SELECT kind FROM templates WHERE account_id = ?1 AND template_id = ?2",
            db_args![account_id, template_id],
            |r| r.get(0),
        )?;
        Ok(kind == Some(LONG_TERM_KIND))
    }

    /// The balance of one user and template.
    pub fn ledger_balance(
        &self,
        account_id: i64,
        template_id: &str,
        openid: &str,
        long_term: bool,
    ) -> Result<Balance> {
        let db = self.db();
        let mut steps = Vec::new();
        for (at, kind) in db.query(
            "SELECT created_at, kind FROM events
             WHERE account_id = ?1 AND template_id = ?2 AND openid = ?3
               AND kind IN ('popup_accept', 'popup_reject', 'change_reject')",
            db_args![account_id, template_id, openid],
            |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)),
        )? {
            steps.push((at, if kind == "popup_accept" { Step::Accept } else { Step::Reject }));
        }
        let set: Option<(i64, i64)> = db.query_opt(
            "SELECT set_at, count FROM ledger_counts WHERE account_id = ?1 AND template_id = ?2 AND openid = ?3",
            db_args![account_id, template_id, openid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if let Some((at, count)) = set {
            steps.push((at, Step::Set(u32::try_from(count).unwrap_or(u32::MAX))));
        }
        let sends = db.query(
            &format!(
                "SELECT started_at, status FROM {}
                 WHERE openid = ?1 AND account_id = ?2 AND template_id = ?3 AND status IN ('sent', 'not_subscribed')",
                attempts_by_openid(db)
            ),
            db_args![openid, account_id, template_id],
            |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)),
        )?;
        for (at, status) in sends {
            steps.push((at, if status == "sent" { Step::Sent } else { Step::Refused }));
        }
        Ok(fold(&mut steps, long_term))
    }

    /// The users and templates the ledger knows (an event or an imported count), narrowed to a
    /// template and/or a user, at most `limit`, by template then openid.
    pub fn ledger_entries(
        &self,
        account_id: i64,
        template_id: Option<&str>,
        openid: Option<&str>,
        limit: usize,
    ) -> Result<Vec<LedgerEntry>> {
        // The casts give PostgreSQL the type of an argument that may be NULL.
        let keys: Vec<(String, String)> = self.db().query(
            "SELECT template_id, openid FROM events
             WHERE account_id = ?1 AND kind IN ('popup_accept', 'popup_reject', 'change_reject')
               AND (CAST(?2 AS TEXT) IS NULL OR template_id = ?2) AND (CAST(?3 AS TEXT) IS NULL OR openid = ?3)
             UNION
             SELECT template_id, openid FROM ledger_counts
             WHERE account_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR template_id = ?2)
               AND (CAST(?3 AS TEXT) IS NULL OR openid = ?3)
             ORDER BY 1, 2 LIMIT ?4",
            db_args![account_id, template_id, openid, limit as i64],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut long_term = HashMap::new();
        let mut entries = Vec::with_capacity(keys.len());
        for (template_id, openid) in keys {
            let lt = match long_term.get(&template_id) {
                Some(&lt) => lt,
                None => {
                    let lt = self.template_is_long_term(account_id, &template_id)?;
                    long_term.insert(template_id.clone(), lt);
                    lt
                }
            };
            let b = self.ledger_balance(account_id, &template_id, &openid, lt)?;
            entries.push(LedgerEntry {
                openid,
                template_id,
                grants: b.grants,
                state: b.state(),
                accepted: b.accepted,
                consumed: b.consumed,
                updated_at: b.updated_at,
            });
        }
        Ok(entries)
    }

    /// What the ledger knows of every user of `template_id`; none when it knows nobody.
    pub fn grant_book(&self, account_id: i64, template_id: &str) -> Result<Option<GrantBook>> {
        let entries = self.ledger_entries(account_id, Some(template_id), None, usize::MAX >> 1)?;
        if entries.is_empty() {
            return Ok(None);
        }
        let mut book = GrantBook::default();
        for e in entries {
            match e.state {
                GrantState::Granted => book.granted.insert(e.openid),
                GrantState::NoGrant => book.no_grant.insert(e.openid),
                GrantState::NoData => false,
            };
        }
        Ok(Some(book))
    }

    /// Every template the ledger knows, with its totals and its last 30 days of 43101 answers.
    pub fn ledger_templates(&self, account_id: i64) -> Result<Vec<TemplateLedger>> {
        let mut by_template: BTreeMap<String, TemplateLedger> = BTreeMap::new();
        for e in self.ledger_entries(account_id, None, None, usize::MAX >> 1)? {
            let t = by_template.entry(e.template_id.clone()).or_insert_with(|| TemplateLedger {
                template_id: e.template_id.clone(),
                title: None,
                long_term: false,
                users_with_grants: 0,
                grants_outstanding: 0,
                users_known: 0,
                accepted: 0,
                consumed: 0,
                refusals: Vec::new(),
            });
            t.users_known += 1;
            t.users_with_grants += u32::from(e.grants > 0);
            t.grants_outstanding += u64::from(e.grants);
            t.accepted += u64::from(e.accepted);
            t.consumed += u64::from(e.consumed);
        }
        for t in by_template.values_mut() {
            let synced: Option<(String, i64)> = self.db().query_opt(
                "SELECT title, kind FROM templates WHERE account_id = ?1 AND template_id = ?2",
                db_args![account_id, t.template_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            t.long_term = synced.as_ref().is_some_and(|(_, kind)| *kind == LONG_TERM_KIND);
            t.title = synced.map(|(title, _)| title);
            t.refusals = self.refusal_days(account_id, &t.template_id)?;
        }
        Ok(by_template.into_values().collect())
    }

    fn refusal_days(&self, account_id: i64, template_id: &str) -> Result<Vec<RefusalDay>> {
        let since = now_ms() - REFUSAL_DAYS * crate::model::DAY_MS;
        // CROSS JOIN keeps SQLite's planner on attempts first (by account and time); PostgreSQL
        // has no CROSS JOIN … ON and plans the join by itself.
        let sql = match self.db().engine() {
            Engine::Sqlite => {
                "SELECT a.started_at, a.status = 'not_subscribed' FROM attempts a
                   CROSS JOIN campaigns c ON c.id = a.campaign_id
                 WHERE a.account_id = ?1 AND a.started_at >= ?2 AND a.template_id = ?3 AND c.kind != 'test'
                   AND a.status NOT IN ('sending', 'retry')"
            }
            Engine::Postgres => {
                "SELECT a.started_at, a.status = 'not_subscribed' FROM attempts a
                   JOIN campaigns c ON c.id = a.campaign_id
                 WHERE a.account_id = ?1 AND a.started_at >= ?2 AND a.template_id = ?3 AND c.kind != 'test'
                   AND a.status NOT IN ('sending', 'retry')"
            }
        };
        let rows = self.db().query(sql, db_args![account_id, since, template_id], |r| {
            Ok((r.get::<i64>(0)?, r.get::<bool>(1)?))
        })?;
        let mut days: BTreeMap<i64, RefusalDay> = BTreeMap::new();
        for (at, refused) in rows {
            let day = crate::sendlog::local_midnight(at);
            let d = days.entry(day).or_insert(RefusalDay { day, attempts: 0, refused: 0 });
            d.attempts += 1;
            d.refused += u32::from(refused);
        }
        Ok(days.into_values().collect())
    }

    /// Sets imported balances (openid, template, count) from now on. Returns how many.
    pub fn import_ledger_counts(&mut self, account_id: i64, rows: &[(String, String, u32)]) -> Result<u64> {
        let now = now_ms();
        self.db().transaction(Begin::Deferred, |tx| {
            for (openid, template_id, count) in rows {
                tx.execute(
                    "INSERT INTO ledger_counts (account_id, openid, template_id, count, set_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (account_id, template_id, openid) DO UPDATE SET count = excluded.count, set_at = excluded.set_at",
                    db_args![account_id, openid, template_id, i64::from(*count), now],
                )?;
            }
            Ok(())
        })?;
        Ok(rows.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{IntakeSummary, PushEvent, PushKind};
    use crate::store::testing::{on_both_engines, test_account};
    use crate::store::SyncedTemplate;

    fn popup(kind: PushKind, openid: &str, created_at: i64) -> PushEvent {
        PushEvent {
            kind,
            to_user: "gh_1".into(),
            openid: openid.into(),
            created_at,
            template_id: Some("T1".into()),
            msgid: None,
            code: None,
            status: None,
            scene: Some(2),
        }
    }

    /// A one-row campaign to `openid` whose attempt of template T1 ended `status` now.
    fn attempt(store: &Store, account_id: i64, openid: &str, status: &str) {
        let db = store.db();
        let campaign: i64 = db
            .query_one(
                "INSERT INTO campaigns (account_id, kind, name, template_id, template_title, message, status, rate,
                                        concurrency, created_by, created_at)
                 VALUES (?1, 'campaign', 'c', 'T1', 't', '{}', 'finished', 10, 1, 'me', 0) RETURNING id",
                db_args![account_id],
                |r| r.get(0),
            )
            .unwrap();
        let recipient: i64 = db
            .query_one(
                "INSERT INTO recipients (campaign_id, row_no, openid, data, state, updated_at)
                 VALUES (?1, 2, ?2, '{}', ?3, 0) RETURNING id",
                db_args![campaign, openid, status],
                |r| r.get(0),
            )
            .unwrap();
        db.execute(
            "INSERT INTO attempts (recipient_id, campaign_id, account_id, template_id, openid, attempt_no, status,
                                   request, started_at)
             VALUES (?1, ?2, ?3, 'T1', ?4, 1, ?5, '{}', ?6)",
            db_args![recipient, campaign, account_id, openid, status, now_ms()],
        )
        .unwrap();
    }

    #[test]
    fn events_imported_counts_and_sends_fold_into_balances_books_and_template_totals() {
        on_both_engines(|mut store| {
            let account = test_account(&store);
            let hour_ago = now_ms() / 1000 - 3600;
            let events = [
                popup(PushKind::PopupAccept, "u1", hour_ago),
                popup(PushKind::PopupAccept, "u1", hour_ago + 1),
                popup(PushKind::PopupReject, "u2", hour_ago),
            ];
            store.take_in_events(account, &events, &mut IntakeSummary::default()).unwrap();
            assert_eq!(store.import_ledger_counts(account, &[("u3".into(), "T1".into(), 5)]).unwrap(), 1);
            attempt(&store, account, "u1", "sent");
            attempt(&store, account, "u2", "not_subscribed");

            let entries = store.ledger_entries(account, None, None, 100).unwrap();
            assert_eq!(
                entries
                    .iter()
                    .map(|e| (e.openid.as_str(), e.grants, e.accepted, e.consumed))
                    .collect::<Vec<_>>(),
                [("u1", 1, 2, 1), ("u2", 0, 0, 0), ("u3", 5, 0, 0)]
            );
            let one = store.ledger_entries(account, Some("T1"), Some("u3"), 10).unwrap();
            assert_eq!(one.iter().map(|e| e.openid.as_str()).collect::<Vec<_>>(), ["u3"]);
            assert!(store.ledger_entries(account, Some("T2"), None, 10).unwrap().is_empty());

            let book = store.grant_book(account, "T1").unwrap().unwrap();
            assert_eq!((book.granted.len(), book.no_grant.len()), (2, 1));
            assert!(book.no_grant.contains("u2"));
            assert!(store.grant_book(account, "T2").unwrap().is_none());

            let templates = store.ledger_templates(account).unwrap();
            assert_eq!(templates.len(), 1);
            let t = &templates[0];
            assert_eq!(
                (t.title.as_deref(), t.long_term, t.users_known, t.users_with_grants, t.grants_outstanding),
                (None, false, 3, 2, 6)
            );
            assert_eq!(
                t.refusals.iter().map(|d| (d.attempts, d.refused)).collect::<Vec<_>>(),
                [(2, 1)],
                "today's two sends, one refused"
            );

            let synced = SyncedTemplate {
                template_id: "T1".into(),
                title: "长期通知".into(),
                content: String::new(),
                example: String::new(),
                kind: LONG_TERM_KIND,
                keywords: Vec::new(),
                synced_at: "2026-11-24T00:00:00Z".into(),
            };
            store.replace_templates(account, &[synced]).unwrap();
            assert!(store.template_is_long_term(account, "T1").unwrap());
            assert!(!store.template_is_long_term(account, "T2").unwrap());
            let t = &store.ledger_templates(account).unwrap()[0];
            assert_eq!((t.title.as_deref(), t.long_term), (Some("长期通知"), true));
        });
    }
}
