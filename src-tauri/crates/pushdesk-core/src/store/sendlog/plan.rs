//! SQLite's plan for each statement the log runs.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::sql::{errcode_totals_sql, log_sql, page_sql, status_totals_sql, where_of};
use crate::sendlog::{LogCursor, LogFilter, QueryShape};
use crate::store::Store;
use crate::Result;

impl Store {
    /// `EXPLAIN QUERY PLAN` of `shape` for `filter`, one line per step (indented by depth).
    pub fn log_query_plan(&self, filter: &LogFilter, shape: QueryShape) -> Result<Vec<String>> {
        let (sql, params): (String, Vec<Value>) = match shape {
            QueryShape::Page => {
                let mut one = filter.clone();
                if let Some(first) = filter.statuses().and_then(|s| s.first()) {
                    one.status = Some(vec![*first]);
                }
                page_sql(&one, Some(LogCursor { started_at: i64::MAX, id: i64::MAX }), 50)
            }
            QueryShape::StatusTotals => status_totals_sql(filter),
            QueryShape::ErrcodeTotals => errcode_totals_sql(filter),
            QueryShape::Export => {
                let w = where_of(filter);
                (log_sql(&w), w.params)
            }
        };
        let mut stmt = self.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(3)?))
        })?;
        let mut depth: Vec<(i64, usize)> = Vec::new();
        let mut lines = Vec::new();
        for row in rows {
            let (id, parent, detail) = row?;
            // Indent under the parent step, as the sqlite3 shell does.
            let level = depth.iter().find(|(pid, _)| *pid == parent).map_or(0, |(_, l)| l + 1);
            depth.push((id, level));
            lines.push(format!("{}{detail}", "  ".repeat(level)));
        }
        Ok(lines)
    }
}
