//! Reading the send log: keyset pages for the UI, offset pages for the CLI, one attempt with
//! its recipient's history.

use super::sql::{
    args, entry_from_row, log_from, log_sql, page_sql, where_of, LOG_COLUMNS, LOG_COLUMN_COUNT,
};
use crate::db_args;
use crate::sendlog::{LogCursor, LogDetail, LogEntry, LogFilter, LogPage, MAX_PAGE};
use crate::store::db::SqlValue;
use crate::store::Store;
use crate::{Bilingual, CoreError, Missing, Result};

fn check_limit(limit: u32) -> Result<usize> {
    if limit == 0 || limit > MAX_PAGE {
        return Err(CoreError::InvalidInput(Bilingual::new(
            format!("a page holds 1 to {MAX_PAGE} entries, not {limit}"),
            format!("每页可以显示 1 到 {MAX_PAGE} 条记录，不能是 {limit} 条"),
        )));
    }
    Ok(limit as usize)
}

impl Store {
    /// A page of the log, newest first, after `cursor` (none: the first page).
    ///
    /// Keyset pagination: a page costs the same wherever it is, and rows written while the
    /// user pages (a campaign running) never shift or repeat entries.
    pub fn log_page(&self, filter: &LogFilter, cursor: Option<LogCursor>, limit: u32) -> Result<LogPage> {
        filter.validate()?;
        let limit = check_limit(limit)?;
        // One status at a time: each walks the (status, started_at, id) indexes in order and
        // stops after `limit + 1`; an IN list over several statuses would make SQLite sort
        // every matching row first. The lists are merged here.
        let mut entries = match filter.statuses() {
            Some(statuses) if statuses.len() > 1 => {
                let mut merged = Vec::new();
                for status in statuses {
                    let one = LogFilter { status: Some(vec![*status]), ..filter.clone() };
                    merged.extend(self.keyset_rows(&one, cursor, limit + 1)?);
                }
                merged.sort_by_key(|e| std::cmp::Reverse((e.started_at, e.id)));
                merged
            }
            _ => self.keyset_rows(filter, cursor, limit + 1)?,
        };
        let next_cursor = if entries.len() > limit {
            entries.truncate(limit);
            entries.last().map(LogCursor::after)
        } else {
            None
        };
        Ok(LogPage { entries, next_cursor })
    }

    fn keyset_rows(
        &self,
        filter: &LogFilter,
        cursor: Option<LogCursor>,
        limit: usize,
    ) -> Result<Vec<LogEntry>> {
        let (sql, params) = page_sql(self.db().engine(), filter, cursor, limit);
        self.select_entries(&sql, &params)
    }

    /// `count` entries after skipping `offset`, newest first: the paging shape of WeChat's own
    /// tools, for the CLI's `--offset/--count`. Deep offsets cost a scan; the UI uses
    /// [`Store::log_page`].
    pub fn log_offset(&self, filter: &LogFilter, offset: u64, count: u32) -> Result<Vec<LogEntry>> {
        filter.validate()?;
        let count = check_limit(count)?;
        let mut w = where_of(filter);
        w.params.push(SqlValue::Integer(count as i64));
        w.params.push(SqlValue::Integer(i64::try_from(offset).unwrap_or(i64::MAX)));
        let sql = format!("{} LIMIT ? OFFSET ?", log_sql(self.db().engine(), &w));
        self.select_entries(&sql, &w.params)
    }

    /// One attempt with its request and response bodies and every attempt of its recipient.
    pub fn log_entry(&self, id: i64) -> Result<LogDetail> {
        let from = log_from(self.db().engine());
        let sql = format!("SELECT {LOG_COLUMNS}, a.response, a.recipient_id FROM {from} WHERE a.id = ?1");
        let found = self.db().query_opt(&sql, db_args![id], |row| {
            Ok((
                entry_from_row(row)?,
                row.get::<String>(17)?,
                row.get::<Option<String>>(LOG_COLUMN_COUNT)?,
                row.get::<i64>(LOG_COLUMN_COUNT + 1)?,
            ))
        })?;
        let Some((entry, request, response, recipient_id)) = found else {
            return Err(CoreError::NotFound { what: Missing::SendLogEntry, name: id.to_string() });
        };
        let sql =
            format!("SELECT {LOG_COLUMNS} FROM {from} WHERE a.recipient_id = ?1 ORDER BY a.attempt_no, a.id");
        let history = self.db().query(&sql, db_args![recipient_id], entry_from_row)?;
        Ok(LogDetail { entry, request, response, history })
    }

    fn select_entries(&self, sql: &str, params: &[SqlValue]) -> Result<Vec<LogEntry>> {
        self.db().query(sql, &args(params), entry_from_row)
    }
}
