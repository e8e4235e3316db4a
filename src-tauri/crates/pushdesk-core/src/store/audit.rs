//! The audit trail's rows. Only ever inserted: the schema's triggers refuse UPDATE and DELETE.

use super::db::SqlValue;
use super::sendlog::SqlWhere;
use super::Store;
use crate::db_args;
use crate::model::{AuditAction, AuditEntry, AuditFilter, AuditPage, AuditRecord};
use crate::{CoreError, Result};

impl Store {
    /// Adds an entry: `actor` on `machine` did `record` at `at` (unix ms).
    pub fn append_audit(&self, at: i64, actor: &str, machine: &str, record: &AuditRecord) -> Result<i64> {
        let detail = serde_json::to_string(&record.detail).map_err(|e| CoreError::Internal(e.to_string()))?;
        self.db().query_one(
            "INSERT INTO audit (at, actor, machine, action, account_id, campaign_id, subject, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             RETURNING id",
            db_args![
                at,
                actor,
                machine,
                record.action.as_str(),
                record.account_id,
                record.campaign_id,
                record.subject,
                detail
            ],
            |r| r.get::<i64>(0),
        )
    }

    /// Up to `limit` entries of `filter`, newest first, after the entry `before` (an id from a
    /// previous page's `next`).
    pub fn audit_page(&self, filter: &AuditFilter, before: Option<i64>, limit: u32) -> Result<AuditPage> {
        let mut w = SqlWhere::default();
        if let Some(id) = before {
            w.and("id < ?", [SqlValue::Integer(id)]);
        }
        if let Some(from) = filter.from_ms {
            w.and("at >= ?", [SqlValue::Integer(from)]);
        }
        if let Some(to) = filter.to_ms {
            w.and("at < ?", [SqlValue::Integer(to)]);
        }
        if let Some(actor) = filter.actor.as_deref().filter(|a| !a.is_empty()) {
            w.and("actor = ?", [SqlValue::Text(actor.to_string())]);
        }
        if !filter.actions.is_empty() {
            let marks = vec!["?"; filter.actions.len()].join(", ");
            w.and(
                &format!("action IN ({marks})"),
                filter.actions.iter().map(|a| SqlValue::Text(a.as_str().to_string())),
            );
        }
        let sql = format!(
            "SELECT id, at, actor, machine, action, account_id, campaign_id, subject, detail FROM audit
             WHERE {} ORDER BY id DESC LIMIT {}",
            w.text(),
            u64::from(limit) + 1
        );
        let rows = self.db().query(&sql, &w.args(), |r| {
            Ok((
                AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    machine: r.get(3)?,
                    action: AuditAction::AccountAdded,
                    account_id: r.get(5)?,
                    campaign_id: r.get(6)?,
                    subject: r.get(7)?,
                    detail: Default::default(),
                },
                r.get::<String>(4)?,
                r.get::<String>(8)?,
            ))
        })?;
        let mut entries = Vec::new();
        for (mut entry, action, detail) in rows {
            // The schema's CHECK admits only the actions a build knows; a newer build's schema
            // is refused before anything is read.
            entry.action = AuditAction::parse(&action)
                .ok_or_else(|| CoreError::Internal(format!("unknown audit action {action}")))?;
            entry.detail = serde_json::from_str(&detail).map_err(|e| CoreError::Internal(e.to_string()))?;
            entries.push(entry);
        }
        let next = if entries.len() > limit as usize {
            entries.truncate(limit as usize);
            entries.last().map(|e| e.id)
        } else {
            None
        };
        Ok(AuditPage { entries, next })
    }

    /// Hands `each` the entries of `filter`, newest first, a batch of `BATCH` read at a time,
    /// until there are no more or `each` returns false.
    pub fn audit_entries(
        &self,
        filter: &AuditFilter,
        each: &mut dyn FnMut(AuditEntry) -> Result<bool>,
    ) -> Result<()> {
        const BATCH: u32 = 1000;
        let mut before = None;
        loop {
            let page = self.audit_page(filter, before, BATCH)?;
            for entry in page.entries {
                if !each(entry)? {
                    return Ok(());
                }
            }
            match page.next {
                Some(next) => before = Some(next),
                None => return Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AuditDetail;
    use crate::store::testing::on_both_engines;

    fn record(action: AuditAction, subject: &str) -> AuditRecord {
        AuditRecord {
            action,
            account_id: Some(1),
            campaign_id: None,
            subject: subject.into(),
            detail: AuditDetail { rows: Some(3), ..AuditDetail::default() },
        }
    }

    /// The filter's conditions (none: every entry), pages newest first, and the paging loop.
    #[test]
    fn entries_are_filtered_and_paged_newest_first() {
        on_both_engines(|store| {
            let mut ids = Vec::new();
            for i in 0..5i64 {
                let action = if i % 2 == 0 { AuditAction::AccountAdded } else { AuditAction::LogExported };
                let actor = if i < 3 { "li" } else { "wang" };
                ids.push(
                    store.append_audit(1000 + i, actor, "desk-1", &record(action, &format!("s{i}"))).unwrap(),
                );
            }
            let all = store.audit_page(&AuditFilter::default(), None, 10).unwrap();
            let newest_first: Vec<i64> = ids.iter().rev().copied().collect();
            assert_eq!(all.entries.iter().map(|e| e.id).collect::<Vec<_>>(), newest_first);
            assert_eq!(all.next, None);
            assert_eq!(all.entries[0].detail.rows, Some(3));
            assert_eq!(
                (all.entries[4].actor.as_str(), all.entries[4].action),
                ("li", AuditAction::AccountAdded)
            );

            let page = store.audit_page(&AuditFilter::default(), None, 2).unwrap();
            assert_eq!(page.next, Some(ids[3]));
            let rest = store.audit_page(&AuditFilter::default(), page.next, 2).unwrap();
            assert_eq!(rest.entries.iter().map(|e| e.id).collect::<Vec<_>>(), [ids[2], ids[1]]);

            let filter = AuditFilter {
                from_ms: Some(1001),
                to_ms: Some(1004),
                actions: vec![AuditAction::LogExported, AuditAction::CampaignCreated],
                actor: Some("li".into()),
            };
            let found = store.audit_page(&filter, None, 10).unwrap();
            assert_eq!(found.entries.iter().map(|e| e.id).collect::<Vec<_>>(), [ids[1]]);

            let mut seen = Vec::new();
            store
                .audit_entries(&AuditFilter::default(), &mut |e| {
                    seen.push(e.id);
                    Ok(seen.len() < 3)
                })
                .unwrap();
            assert_eq!(seen, newest_first[..3]);
        });
    }
}
