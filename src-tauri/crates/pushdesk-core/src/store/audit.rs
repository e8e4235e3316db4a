//! The audit trail's rows. Only ever inserted: the schema's triggers refuse UPDATE and DELETE.

use rusqlite::{params, params_from_iter, types::Value};

use super::sendlog::SqlWhere;
use super::Store;
use crate::model::{AuditAction, AuditEntry, AuditFilter, AuditPage, AuditRecord};
use crate::{CoreError, Result};

impl Store {
    /// Adds an entry: `actor` on `machine` did `record` at `at` (unix ms).
    pub fn append_audit(&self, at: i64, actor: &str, machine: &str, record: &AuditRecord) -> Result<i64> {
        let detail = serde_json::to_string(&record.detail).map_err(|e| CoreError::Internal(e.to_string()))?;
        self.conn().execute(
            "INSERT INTO audit (at, actor, machine, action, account_id, campaign_id, subject, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                at,
                actor,
                machine,
                record.action.as_str(),
                record.account_id,
                record.campaign_id,
                record.subject,
                detail
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Up to `limit` entries of `filter`, newest first, after the entry `before` (an id from a
    /// previous page's `next`).
    pub fn audit_page(&self, filter: &AuditFilter, before: Option<i64>, limit: u32) -> Result<AuditPage> {
        let mut w = SqlWhere::default();
        if let Some(id) = before {
            w.and("id < ?", [Value::Integer(id)]);
        }
        if let Some(from) = filter.from_ms {
            w.and("at >= ?", [Value::Integer(from)]);
        }
        if let Some(to) = filter.to_ms {
            w.and("at < ?", [Value::Integer(to)]);
        }
        if let Some(actor) = filter.actor.as_deref().filter(|a| !a.is_empty()) {
            w.and("actor = ?", [Value::Text(actor.to_string())]);
        }
        if !filter.actions.is_empty() {
            let marks = vec!["?"; filter.actions.len()].join(", ");
            w.and(
                &format!("action IN ({marks})"),
                filter.actions.iter().map(|a| Value::Text(a.as_str().to_string())),
            );
        }
        let sql = format!(
            "SELECT id, at, actor, machine, action, account_id, campaign_id, subject, detail FROM audit
             WHERE {} ORDER BY id DESC LIMIT {}",
            w.text(),
            u64::from(limit) + 1
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(w.params), |r| {
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
                r.get::<_, String>(4)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut entries = Vec::new();
        for row in rows {
            let (mut entry, action, detail) = row?;
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
