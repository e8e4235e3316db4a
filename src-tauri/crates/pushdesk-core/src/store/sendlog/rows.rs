//! The rows of an export, streamed from the statement, and what the value columns of an export
//! must hold.

use std::ops::ControlFlow;

use super::sql::{entry_from_row, log_sql, where_of};
use crate::sendlog::{LogEntry, LogFilter};
use crate::store::db::Engine;
use crate::store::Store;
use crate::Result;

impl Store {
    /// Hands every row `filter` matches to `visit`, newest first, row by row from the
    /// statement: memory does not grow with the log. `visit` may stop early. On PostgreSQL
    /// `visit` must not use the store while the rows are read (the export's only writes a file).
    pub fn visit_log(
        &self,
        filter: &LogFilter,
        visit: &mut dyn FnMut(LogEntry) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let w = where_of(filter);
        self.db().each(&log_sql(self.db().engine(), &w), &w.args(), |row| {
            Ok(visit(entry_from_row(row)?)?.is_continue())
        })
    }

    /// Whether the rows `filter` matches come from more than one template.
    pub fn log_spans_templates(&self, filter: &LogFilter) -> Result<bool> {
        let w = where_of(filter);
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT DISTINCT a.template_id FROM attempts a WHERE {} LIMIT 2) AS t",
            w.text()
        );
        let templates = self.db().query_one(&sql, &w.args(), |r| r.get::<i64>(0))?;
        Ok(templates > 1)
    }

    /// Every keyword key sent in the rows `filter` matches.
    pub fn log_value_keys(&self, filter: &LogFilter) -> Result<Vec<String>> {
        let w = where_of(filter);
        let sql = match self.db().engine() {
            Engine::Sqlite => format!(
                "SELECT DISTINCT j.key FROM attempts a, json_each(a.request, '$.data') j
                 WHERE {} AND json_valid(a.request)",
                w.text()
            ),
            // PostgreSQL has no json_valid (`IS JSON` is 16+) and a cast of invalid JSON fails
            // the statement: only a request that starts as an object is cast. The store only
            // ever writes requests serialized from JSON values, so that is every real one; a
            // hand-damaged body (`not json`) is skipped as json_valid skips it. The nested CASEs
            // fix the order: the cast only after the test, `jsonb_object_keys` only on an object
            // (json_each yields no key for a missing `data`).
            Engine::Postgres => format!(
                "SELECT DISTINCT j.key
                   FROM attempts a,
                        jsonb_object_keys(
                          CASE WHEN a.request LIKE '{{%'
                               THEN CASE WHEN jsonb_typeof(a.request::jsonb -> 'data') = 'object'
                                         THEN a.request::jsonb -> 'data' END END) AS j(key)
                  WHERE {}",
                w.text()
            ),
        };
        self.db().query(&sql, &w.args(), |r| r.get::<String>(0))
    }

    /// The labels of the keywords of the templates the rows `filter` matches, by key, as the
    /// local copy of the templates has them (none for a template no longer synced).
    pub fn log_keyword_labels(
        &self,
        filter: &LogFilter,
    ) -> Result<std::collections::HashMap<String, String>> {
        let w = where_of(filter);
        let sql = match self.db().engine() {
            Engine::Sqlite => format!(
                "SELECT json_extract(k.value, '$.key'), json_extract(k.value, '$.label')
                   FROM templates t, json_each(t.keywords) k
                  WHERE json_valid(t.keywords)
                    AND t.template_id IN (SELECT DISTINCT a.template_id FROM attempts a WHERE {})",
                w.text()
            ),
            // As in `log_value_keys`: the keywords the store writes are a serialized JSON array,
            // so only a text that starts as one is cast, and only an array is walked. `->>` of
            // an element that is not an object (the store writes none) is NULL: skipped below.
            Engine::Postgres => format!(
                "SELECT k.value ->> 'key', k.value ->> 'label'
                   FROM templates t,
                        jsonb_array_elements(
                          CASE WHEN t.keywords LIKE '[%'
                               THEN CASE WHEN jsonb_typeof(t.keywords::jsonb) = 'array'
                                         THEN t.keywords::jsonb END END) AS k(value)
                  WHERE t.template_id IN (SELECT DISTINCT a.template_id FROM attempts a WHERE {})",
                w.text()
            ),
        };
        let rows = self
            .db()
            .query(&sql, &w.args(), |r| Ok((r.get::<Option<String>>(0)?, r.get::<Option<String>>(1)?)))?;
        let mut labels = std::collections::HashMap::new();
        for row in rows {
            if let (Some(key), Some(label)) = row {
                labels.entry(key).or_insert(label);
            }
        }
        Ok(labels)
    }
}
