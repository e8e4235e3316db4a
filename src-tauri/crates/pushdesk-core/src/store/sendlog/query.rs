//! Reading the send log: keyset pages for the UI, offset pages for the CLI, one attempt with
//! its recipient's history.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::sql::{entry_from_row, log_sql, page_sql, where_of, LOG_COLUMNS, LOG_COLUMN_COUNT, LOG_FROM};
use crate::sendlog::{LogCursor, LogDetail, LogEntry, LogFilter, LogPage, MAX_PAGE};
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
        let (sql, params) = page_sql(filter, cursor, limit);
        self.select_entries(&sql, &params)
    }

    /// `count` entries after skipping `offset`, newest first: the paging shape of WeChat's own
    /// tools, for the CLI's `--offset/--count`. Deep offsets cost a scan; the UI uses
    /// [`Store::log_page`].
    pub fn log_offset(&self, filter: &LogFilter, offset: u64, count: u32) -> Result<Vec<LogEntry>> {
        filter.validate()?;
        let count = check_limit(count)?;
        let mut w = where_of(filter);
        w.params.push(Value::Integer(count as i64));
        w.params.push(Value::Integer(i64::try_from(offset).unwrap_or(i64::MAX)));
        let sql = format!("{} LIMIT ? OFFSET ?", log_sql(&w));
        self.select_entries(&sql, &w.params)
    }

    /// One attempt with its request and response bodies and every attempt of its recipient.
    pub fn log_entry(&self, id: i64) -> Result<LogDetail> {
        let sql = format!("SELECT {LOG_COLUMNS}, a.response, a.recipient_id FROM {LOG_FROM} WHERE a.id = ?1");
        let found = self.conn().query_row(&sql, [id], |row| {
            Ok((
                entry_from_row(row)?,
                row.get::<_, String>(17)?,
                row.get::<_, Option<String>>(LOG_COLUMN_COUNT)?,
                row.get(LOG_COLUMN_COUNT + 1)?,
            ))
        });
        let (entry, request, response, recipient_id): (LogEntry, String, Option<String>, i64) = match found {
            Ok(found) => found,
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                return Err(CoreError::NotFound { what: Missing::SendLogEntry, name: id.to_string() })
            }
            Err(e) => return Err(e.into()),
        };
        let sql = format!(
            "SELECT {LOG_COLUMNS} FROM {LOG_FROM} WHERE a.recipient_id = ?1 ORDER BY a.attempt_no, a.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let history = stmt.query_map([recipient_id], entry_from_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(LogDetail { entry, request, response, history })
    }

    fn select_entries(&self, sql: &str, params: &[Value]) -> Result<Vec<LogEntry>> {
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map(params_from_iter(params.iter()), entry_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
