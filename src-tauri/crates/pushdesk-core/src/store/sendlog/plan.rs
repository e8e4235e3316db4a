//! The engine's plan for each statement the log runs.

use super::sql::{args, errcode_totals_sql, log_sql, page_sql, status_totals_sql, where_of};
use crate::sendlog::{LogCursor, LogFilter, QueryShape};
use crate::store::db::{Engine, SqlValue};
use crate::store::Store;
use crate::Result;

impl Store {
    /// `EXPLAIN QUERY PLAN` of `shape` for `filter`, one line per step (indented by depth); on
    /// PostgreSQL the lines of `EXPLAIN`.
    pub fn log_query_plan(&self, filter: &LogFilter, shape: QueryShape) -> Result<Vec<String>> {
        let engine = self.db().engine();
        let (sql, params): (String, Vec<SqlValue>) = match shape {
            QueryShape::Page => {
                let mut one = filter.clone();
                if let Some(first) = filter.statuses().and_then(|s| s.first()) {
                    one.status = Some(vec![*first]);
                }
                page_sql(engine, &one, Some(LogCursor { started_at: i64::MAX, id: i64::MAX }), 50)
            }
            QueryShape::StatusTotals => status_totals_sql(filter),
            QueryShape::ErrcodeTotals => errcode_totals_sql(filter),
            QueryShape::Export => {
                let w = where_of(filter);
                (log_sql(engine, &w), w.params)
            }
        };
        if engine == Engine::Postgres {
            // Already one step a line, indented by the server.
            return self.db().query(&format!("EXPLAIN {sql}"), &args(&params), |r| r.get::<String>(0));
        }
        let rows = self.db().query(&format!("EXPLAIN QUERY PLAN {sql}"), &args(&params), |r| {
            Ok((r.get::<i64>(0)?, r.get::<i64>(1)?, r.get::<String>(3)?))
        })?;
        let mut depth: Vec<(i64, usize)> = Vec::new();
        let mut lines = Vec::new();
        for (id, parent, detail) in rows {
            // Indent under the parent step, as the sqlite3 shell does.
            let level = depth.iter().find(|(pid, _)| *pid == parent).map_or(0, |(_, l)| l + 1);
            depth.push((id, level));
            lines.push(format!("{}{detail}", "  ".repeat(level)));
        }
        Ok(lines)
    }
}
