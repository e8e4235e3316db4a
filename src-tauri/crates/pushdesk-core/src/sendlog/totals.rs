//! Totals of a filtered log: by status, and by errcode with what each one means.

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::Serialize;

use super::entry::{errcode_explanation, parse_status};
use super::filter::LogFilter;
use crate::model::AttemptStatus;
use crate::store::Store;
use crate::wechat::catalogue::Explanation;
use crate::Result;

/// How many attempts have one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    /// The status.
    pub status: AttemptStatus,
    /// Attempts with it.
    pub count: u64,
}

/// How many unsuccessful attempts ended with one errcode, and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ErrcodeTotal {
    /// WeChat's errcode (`-2`: transport failure); none for attempts still in flight or
    /// interrupted before any answer.
    pub errcode: Option<i64>,
    /// Attempts with it.
    pub count: u64,
    /// What it means and what to do; none for the `errcode: none` group.
    pub explanation: Option<Explanation>,
}

/// Totals of the rows a filter matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LogTotals {
    /// All matching attempts.
    pub total: u64,
    /// By status, most frequent first.
    pub by_status: Vec<StatusCount>,
    /// Attempts that were not sent, by errcode, most frequent first. Adds up to
    /// `total` minus the `sent` count.
    pub by_errcode: Vec<ErrcodeTotal>,
}

/// Statuses other than `sent`, spelled out so the condition can use the status indexes
/// (`<>` cannot).
const NOT_SENT: &str = "a.status IN ('sending', 'not_subscribed', 'failed', 'unknown', 'retry')";

impl Store {
    /// Totals of the rows `filter` matches. Two grouped counts: statuses are counted from the
    /// index alone; errcodes only over unsuccessful attempts, usually a small part of the log.
    pub fn log_totals(&self, filter: &LogFilter) -> Result<LogTotals> {
        filter.validate()?;
        let (sql, params) = status_totals_sql(filter);
        let mut by_status = Vec::new();
        {
            let mut stmt = self.conn().prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(params.iter()))?;
            while let Some(row) = rows.next()? {
                let text: String = row.get(0)?;
                let count: i64 = row.get(1)?;
                if let Some(status) = parse_status(&text) {
                    by_status.push(StatusCount { status, count: count as u64 });
                }
            }
        }
        by_status
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.status.as_str().cmp(b.status.as_str())));
        let total = by_status.iter().map(|s| s.count).sum();

        let (sql, params) = errcode_totals_sql(filter);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params.iter()), |row| {
            Ok((row.get::<_, Option<i64>>(0)?, row.get::<_, i64>(1)?))
        })?;
        let mut by_errcode = Vec::new();
        for row in rows {
            let (errcode, count) = row?;
            by_errcode.push(ErrcodeTotal {
                errcode,
                count: count as u64,
                explanation: errcode.map(errcode_explanation),
            });
        }
        by_errcode.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.errcode.cmp(&b.errcode)));
        Ok(LogTotals { total, by_status, by_errcode })
    }
}

/// Counts by status of the rows `filter` matches.
pub(crate) fn status_totals_sql(filter: &LogFilter) -> (String, Vec<Value>) {
    let w = filter.to_sql();
    (format!("SELECT a.status, COUNT(*) FROM attempts a WHERE {} GROUP BY a.status", w.text()), w.params)
}

/// Counts by errcode of the unsuccessful rows `filter` matches.
pub(crate) fn errcode_totals_sql(filter: &LogFilter) -> (String, Vec<Value>) {
    let mut w = filter.to_sql();
    w.and(NOT_SENT, std::iter::empty::<Value>());
    (format!("SELECT a.errcode, COUNT(*) FROM attempts a WHERE {} GROUP BY a.errcode", w.text()), w.params)
}
