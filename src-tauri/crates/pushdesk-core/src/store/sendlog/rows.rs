//! The rows of an export, streamed from the statement, and what the value columns of an export
//! must hold.

use std::ops::ControlFlow;

use rusqlite::params_from_iter;

use super::sql::{entry_from_row, log_sql, where_of};
use crate::sendlog::{LogEntry, LogFilter};
use crate::store::Store;
use crate::Result;

impl Store {
    /// Hands every row `filter` matches to `visit`, newest first, row by row from the
    /// statement: memory does not grow with the log. `visit` may stop early.
    pub fn visit_log(
        &self,
        filter: &LogFilter,
        visit: &mut dyn FnMut(LogEntry) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let w = where_of(filter);
        let mut stmt = self.conn().prepare(&log_sql(&w))?;
        let mut rows = stmt.query(params_from_iter(w.params.iter()))?;
        while let Some(row) = rows.next()? {
            if visit(entry_from_row(row)?)?.is_break() {
                break;
            }
        }
        Ok(())
    }

    /// Whether the rows `filter` matches come from more than one template.
    pub fn log_spans_templates(&self, filter: &LogFilter) -> Result<bool> {
        let w = where_of(filter);
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT DISTINCT a.template_id FROM attempts a WHERE {} LIMIT 2)",
            w.text()
        );
        let templates: i64 = self.conn().query_row(&sql, params_from_iter(w.params.iter()), |r| r.get(0))?;
        Ok(templates > 1)
    }

    /// Every keyword key sent in the rows `filter` matches.
    pub fn log_value_keys(&self, filter: &LogFilter) -> Result<Vec<String>> {
        let w = where_of(filter);
        let sql = format!(
            "SELECT DISTINCT j.key FROM attempts a, json_each(a.request, '$.data') j
             WHERE {} AND json_valid(a.request)",
            w.text()
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let keys = stmt
            .query_map(params_from_iter(w.params.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(keys)
    }

    /// The labels of the keywords of the templates the rows `filter` matches, by key, as the
    /// local copy of the templates has them (none for a template no longer synced).
    pub fn log_keyword_labels(
        &self,
        filter: &LogFilter,
    ) -> Result<std::collections::HashMap<String, String>> {
        let w = where_of(filter);
        let sql = format!(
            "SELECT json_extract(k.value, '$.key'), json_extract(k.value, '$.label')
               FROM templates t, json_each(t.keywords) k
              WHERE json_valid(t.keywords)
                AND t.template_id IN (SELECT DISTINCT a.template_id FROM attempts a WHERE {})",
            w.text()
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(w.params.iter()), |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        let mut labels = std::collections::HashMap::new();
        for row in rows {
            if let (Some(key), Some(label)) = row? {
                labels.entry(key).or_insert(label);
            }
        }
        Ok(labels)
    }
}
