//! The subscription ledger's reads: the steps of one user and template folded into a balance
//! (`crate::ledger`), for an audience, a list or a template's page; and imported counts.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, OptionalExtension};

use super::Store;
use crate::audience::GrantBook;
use crate::ledger::{
    fold, Balance, GrantState, LedgerEntry, RefusalDay, Step, TemplateLedger, LONG_TERM_KIND,
};
use crate::model::now_ms;
use crate::Result;

/// The 43101 chart of a template's page covers this many days.
const REFUSAL_DAYS: i64 = 30;

impl Store {
    /// Whether `template_id` is a long-term subscription (its grants are not consumed). A
    /// template no longer synced counts as one-time, the common kind.
    pub fn template_is_long_term(&self, account_id: i64, template_id: &str) -> Result<bool> {
        let kind: Option<i64> = self
            .conn()
            .query_row(
                "SELECT kind FROM templates WHERE account_id = ?1 AND template_id = ?2",
                params![account_id, template_id],
                |r| r.get(0),
            )
            .optional()?;
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
        let conn = self.conn();
        let mut steps = Vec::new();
        let mut events = conn.prepare_cached(
            "SELECT created_at, kind FROM events
             WHERE account_id = ?1 AND template_id = ?2 AND openid = ?3
               AND kind IN ('popup_accept', 'popup_reject', 'change_reject')",
        )?;
        let rows = events.query_map(params![account_id, template_id, openid], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (at, kind) = row?;
            steps.push((at, if kind == "popup_accept" { Step::Accept } else { Step::Reject }));
        }
        let set: Option<(i64, i64)> = conn
            .prepare_cached(
                "SELECT set_at, count FROM ledger_counts WHERE account_id = ?1 AND template_id = ?2 AND openid = ?3",
            )?
            .query_row(params![account_id, template_id, openid], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((at, count)) = set {
            steps.push((at, Step::Set(u32::try_from(count).unwrap_or(u32::MAX))));
        }
        let mut sends = conn.prepare_cached(
            "SELECT started_at, status FROM attempts INDEXED BY attempts_openid
             WHERE openid = ?1 AND account_id = ?2 AND template_id = ?3 AND status IN ('sent', 'not_subscribed')",
        )?;
        let rows = sends.query_map(params![openid, account_id, template_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (at, status) = row?;
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
        let keys: Vec<(String, String)> = {
            let mut stmt = self.conn().prepare(
                "SELECT template_id, openid FROM events
                 WHERE account_id = ?1 AND kind IN ('popup_accept', 'popup_reject', 'change_reject')
                   AND (?2 IS NULL OR template_id = ?2) AND (?3 IS NULL OR openid = ?3)
                 UNION
                 SELECT template_id, openid FROM ledger_counts
                 WHERE account_id = ?1 AND (?2 IS NULL OR template_id = ?2) AND (?3 IS NULL OR openid = ?3)
                 ORDER BY 1, 2 LIMIT ?4",
            )?;
            let rows = stmt.query_map(params![account_id, template_id, openid, limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
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
            let synced: Option<(String, i64)> = self
                .conn()
                .query_row(
                    "SELECT title, kind FROM templates WHERE account_id = ?1 AND template_id = ?2",
                    params![account_id, t.template_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            t.long_term = synced.as_ref().is_some_and(|(_, kind)| *kind == LONG_TERM_KIND);
            t.title = synced.map(|(title, _)| title);
            t.refusals = self.refusal_days(account_id, &t.template_id)?;
        }
        Ok(by_template.into_values().collect())
    }

    fn refusal_days(&self, account_id: i64, template_id: &str) -> Result<Vec<RefusalDay>> {
        let since = now_ms() - REFUSAL_DAYS * crate::model::DAY_MS;
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.started_at, a.status = 'not_subscribed' FROM attempts a
               CROSS JOIN campaigns c ON c.id = a.campaign_id
             WHERE a.account_id = ?1 AND a.started_at >= ?2 AND a.template_id = ?3 AND c.kind != 'test'
               AND a.status NOT IN ('sending', 'retry')",
        )?;
        let rows = stmt.query_map(params![account_id, since, template_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?))
        })?;
        let mut days: BTreeMap<i64, RefusalDay> = BTreeMap::new();
        for row in rows {
            let (at, refused) = row?;
            let day = crate::sendlog::local_midnight(at);
            let d = days.entry(day).or_insert(RefusalDay { day, attempts: 0, refused: 0 });
            d.attempts += 1;
            d.refused += u32::from(refused);
        }
        Ok(days.into_values().collect())
    }

    /// Sets imported balances (openid, template, count) from now on. Returns how many.
    pub fn import_ledger_counts(&mut self, account_id: i64, rows: &[(String, String, u32)]) -> Result<u64> {
        let tx = self.conn_mut().transaction()?;
        let now = now_ms();
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO ledger_counts (account_id, openid, template_id, count, set_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (account_id, template_id, openid) DO UPDATE SET count = excluded.count, set_at = excluded.set_at",
            )?;
            for (openid, template_id, count) in rows {
                stmt.execute(params![account_id, openid, template_id, count, now])?;
            }
        }
        tx.commit()?;
        Ok(rows.len() as u64)
    }
}
