//! Reading the send log: keyset pages for the UI, offset pages for the CLI, one attempt with
//! its recipient's history.

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use super::entry::{entry_from_row, LogEntry, LOG_COLUMNS, LOG_FROM};
use super::filter::{LogFilter, SqlWhere};
use crate::store::Store;
use crate::{CoreError, Result};

/// Most entries one page or one CLI call returns.
pub const MAX_PAGE: u32 = 1000;

/// Where the next page starts: the last entry of the previous page. Opaque to the UI, which
/// passes it back as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogCursor {
    /// `started_at` of the last entry shown.
    pub started_at: i64,
    /// `id` of the last entry shown.
    pub id: i64,
}

impl LogCursor {
    fn after(entry: &LogEntry) -> LogCursor {
        LogCursor { started_at: entry.started_at, id: entry.id }
    }
}

/// One page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogPage {
    /// The entries, by `started_at` then `id`, both descending.
    pub entries: Vec<LogEntry>,
    /// Where the next page starts; none on the last page.
    pub next_cursor: Option<LogCursor>,
}

/// One attempt in full, for the detail drawer.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogDetail {
    /// The attempt.
    pub entry: LogEntry,
    /// The JSON body as sent (without the access token).
    pub request: String,
    /// The response body, or the transport failure; none while in flight.
    pub response: Option<String>,
    /// Every attempt for the same recipient row, first attempt first (includes this one).
    pub history: Vec<LogEntry>,
}

/// The newest-first order every log query uses; it matches the `(…, started_at DESC, id DESC)`
/// indexes so no query sorts.
pub(crate) const LOG_ORDER: &str = "a.started_at DESC, a.id DESC";

fn check_limit(limit: u32) -> Result<usize> {
    if limit == 0 || limit > MAX_PAGE {
        return Err(CoreError::InvalidInput(format!("a page holds 1 to {MAX_PAGE} entries, not {limit}")));
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
        let mut w = filter.to_sql();
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
                row.get::<_, Option<String>>(18)?,
                row.get(19)?,
            ))
        });
        let (entry, request, response, recipient_id): (LogEntry, String, Option<String>, i64) = match found {
            Ok(found) => found,
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                return Err(CoreError::NotFound { what: "send log entry", name: id.to_string() })
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

/// The log's rows matching `w`, newest first: the statement of pages, offsets and exports.
pub(crate) fn log_sql(w: &SqlWhere) -> String {
    format!("SELECT {LOG_COLUMNS} FROM {LOG_FROM} WHERE {} ORDER BY {LOG_ORDER}", w.text())
}

/// One keyset page (`limit` rows after `cursor`) of `filter`, as run for a single status or
/// none.
pub(crate) fn page_sql(filter: &LogFilter, cursor: Option<LogCursor>, limit: usize) -> (String, Vec<Value>) {
    let mut w = filter.to_sql();
    if let Some(c) = cursor {
        // A row value, so SQLite seeks the index to the cursor instead of scanning to it.
        w.and("(a.started_at, a.id) < (?, ?)", [Value::Integer(c.started_at), Value::Integer(c.id)]);
    }
    w.params.push(Value::Integer(limit as i64));
    (format!("{} LIMIT ?", log_sql(&w)), w.params)
}
