//! The SQL of the send log: one WHERE builder for every query, the columns of an entry, and the
//! statements of a page, the totals and an export.

use rusqlite::types::Type;

use crate::model::{CampaignKind, Delivery, MessageChannel};
use crate::sendlog::{
    explanation, parse_request, parse_status, DeliveryFilter, LogCursor, LogEntry, LogFilter,
};
use crate::store::db::{DbRow, Engine, SqlValue, Value};

/// A SQL condition and its parameters, for statements over `attempts a`.
#[derive(Debug, Clone, Default)]
pub(crate) struct SqlWhere {
    /// `a.x = ? AND ...`, or `TRUE` when there is nothing to filter.
    pub sql: String,
    /// Positional parameters, in order.
    pub params: Vec<SqlValue>,
}

impl SqlWhere {
    /// Adds `cond` (with `?` placeholders) and its parameters.
    pub(crate) fn and(&mut self, cond: &str, params: impl IntoIterator<Item = SqlValue>) {
        if !self.sql.is_empty() {
            self.sql.push_str(" AND ");
        }
        self.sql.push_str(cond);
        self.params.extend(params);
    }

    /// The parameters, as the arguments of a statement.
    pub(crate) fn args(&self) -> Vec<&dyn Value> {
        args(&self.params)
    }

    /// The condition text, never empty.
    pub(crate) fn text(&self) -> &str {
        if self.sql.is_empty() {
            // Not `1`: PostgreSQL wants a boolean.
            "TRUE"
        } else {
            &self.sql
        }
    }
}

/// Parameters as the arguments of a statement.
pub(crate) fn args(params: &[SqlValue]) -> Vec<&dyn Value> {
    params.iter().map(|v| v as &dyn Value).collect()
}

/// The WHERE condition of `filter` over `attempts a`. Every condition is on a column that leads
/// one of the `attempts_*` indexes, followed by `started_at`, so the planner can walk an index in
/// log order (see docs/sendlog-indexes.md).
pub(crate) fn where_of(filter: &LogFilter) -> SqlWhere {
    let mut w = SqlWhere::default();
    if let Some(id) = filter.account_id {
        w.and("a.account_id = ?", [SqlValue::Integer(id)]);
    }
    if let Some(id) = filter.campaign_id {
        w.and("a.campaign_id = ?", [SqlValue::Integer(id)]);
    }
    if let Some(t) = &filter.template_id {
        w.and("a.template_id = ?", [SqlValue::Text(t.clone())]);
    }
    if let Some(statuses) = filter.statuses() {
        let marks = vec!["?"; statuses.len()].join(", ");
        w.and(
            &format!("a.status IN ({marks})"),
            statuses.iter().map(|s| SqlValue::Text(s.as_str().to_owned())),
        );
    }
    if let Some(code) = filter.errcode {
        w.and("a.errcode = ?", [SqlValue::Integer(code)]);
    }
    if let Some(openid) = &filter.openid {
        if filter.openid_prefix {
            // A range rather than LIKE/GLOB: LIKE is case-insensitive (no index on a BINARY
            // column) and GLOB would need escaping. U+10FFFF sorts after any character an
            // openid can hold.
            let upper = format!("{openid}{}", char::MAX);
            w.and("a.openid >= ? AND a.openid < ?", [SqlValue::Text(openid.clone()), SqlValue::Text(upper)]);
        } else {
            w.and("a.openid = ?", [SqlValue::Text(openid.clone())]);
        }
    }
    if let Some(from) = filter.from_ms {
        w.and("a.started_at >= ?", [SqlValue::Integer(from)]);
    }
    if let Some(to) = filter.to_ms {
        w.and("a.started_at < ?", [SqlValue::Integer(to)]);
    }
    if let Some(channel) = filter.channel {
        // A subquery rather than the log's join: the totals read `attempts` alone.
        w.and(
            "a.campaign_id IN (SELECT id FROM campaigns WHERE channel = ?)",
            [SqlValue::Text(channel.as_str().into())],
        );
    }
    // A receipt's rows are in the partial `attempts_delivery` index; "no receipt" is most of
    // the sent rows, found through the status index.
    match filter.delivery {
        Some(DeliveryFilter::Delivered) => w.and("a.delivery = 'delivered'", []),
        Some(DeliveryFilter::DeliveryFailed) => w.and("a.delivery = 'delivery_failed'", []),
        Some(DeliveryFilter::NoReceipt) => w.and("a.status = 'sent' AND a.delivery IS NULL", []),
        None => {}
    }
    w
}

/// The newest-first order every log query uses; it matches the `(…, started_at DESC, id DESC)`
/// indexes so no query sorts.
pub(crate) const LOG_ORDER: &str = "a.started_at DESC, a.id DESC";

/// The columns [`entry_from_row`] reads, over [`log_from`].
pub(crate) const LOG_COLUMNS: &str =
    "a.id, a.started_at, a.finished_at, a.account_id, acc.name, a.campaign_id, \
     c.name, c.kind, a.template_id, c.template_title, a.openid, a.status, a.errcode, a.errmsg, a.rid, \
     a.msgid, a.attempt_no, a.request, a.delivery, a.delivery_code, a.delivery_status, a.delivery_at, \
     a.confirmed_by_receipt, c.channel";

/// The tables of a log query. On SQLite, CROSS JOIN keeps `attempts` as the outer loop, so the
/// planner walks an attempts index in log order and never starts from campaigns. PostgreSQL has
/// no `CROSS JOIN … ON` (and its planner picks the join order from statistics): a plain JOIN.
pub(crate) fn log_from(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => {
            "attempts a CROSS JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN accounts acc ON acc.id = a.account_id"
        }
        Engine::Postgres => {
            "attempts a JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN accounts acc ON acc.id = a.account_id"
        }
    }
}

/// How many columns [`LOG_COLUMNS`] has: a statement selecting more puts them after.
pub(crate) const LOG_COLUMN_COUNT: usize = 24;

/// Reads a row selected with [`LOG_COLUMNS`].
pub(crate) fn entry_from_row(row: &DbRow<'_>) -> crate::Result<LogEntry> {
    let kind: String = row.get(7)?;
    let status: String = row.get(11)?;
    let request: String = row.get(17)?;
    let campaign_kind = CampaignKind::parse(&kind).ok_or_else(|| bad_text(7, &kind))?;
    let channel: String = row.get(23)?;
    let channel = MessageChannel::parse(&channel).ok_or_else(|| bad_text(23, &channel))?;
    let status = parse_status(&status).ok_or_else(|| bad_text(11, &status))?;
    let errcode: Option<i64> = row.get(12)?;
    let errmsg: Option<String> = row.get(13)?;
    let sent = parse_request(&request);
    Ok(LogEntry {
        id: row.get(0)?,
        started_at: row.get(1)?,
        finished_at: row.get(2)?,
        account_id: row.get(3)?,
        account_name: row.get(4)?,
        campaign_id: row.get(5)?,
        campaign_name: row.get(6)?,
        campaign_kind,
        channel,
        template_id: row.get(8)?,
        template_title: row.get(9)?,
        openid: row.get(10)?,
        explanation: explanation(status, errcode, errmsg.as_deref()),
        status,
        errcode,
        errmsg,
        rid: row.get(14)?,
        msgid: row.get(15)?,
        attempt_no: row.get(16)?,
        page: sent.page,
        values: sent.values,
        miniprogram_state: sent.miniprogram_state,
        lang: sent.lang,
        delivery: row.get::<Option<String>>(18)?.as_deref().and_then(Delivery::parse),
        delivery_code: row.get(19)?,
        delivery_status: row.get(20)?,
        delivery_at: row.get(21)?,
        confirmed_by_receipt: row.get(22)?,
    })
}

/// The error SQLite's conversion gave before the store ran on both engines: a text no CHECK of
/// the schema admits (a newer build's row).
fn bad_text(col: usize, text: &str) -> crate::CoreError {
    rusqlite::Error::FromSqlConversionFailure(col, Type::Text, format!("unexpected value {text:?}").into())
        .into()
}

/// The log's rows matching `w`, newest first: the statement of pages, offsets and exports.
pub(crate) fn log_sql(engine: Engine, w: &SqlWhere) -> String {
    format!("SELECT {LOG_COLUMNS} FROM {} WHERE {} ORDER BY {LOG_ORDER}", log_from(engine), w.text())
}

/// One keyset page (`limit` rows after `cursor`) of `filter`, as run for a single status or
/// none.
pub(crate) fn page_sql(
    engine: Engine,
    filter: &LogFilter,
    cursor: Option<LogCursor>,
    limit: usize,
) -> (String, Vec<SqlValue>) {
    let mut w = where_of(filter);
    if let Some(c) = cursor {
        // A row value, so SQLite seeks the index to the cursor instead of scanning to it.
        w.and("(a.started_at, a.id) < (?, ?)", [SqlValue::Integer(c.started_at), SqlValue::Integer(c.id)]);
    }
    w.params.push(SqlValue::Integer(limit as i64));
    (format!("{} LIMIT ?", log_sql(engine, &w)), w.params)
}

/// Statuses other than `sent`, spelled out so the condition can use the status indexes
/// (`<>` cannot).
const NOT_SENT: &str = "a.status IN ('sending', 'not_subscribed', 'failed', 'unknown', 'retry')";

/// Counts by status of the rows `filter` matches.
pub(crate) fn status_totals_sql(filter: &LogFilter) -> (String, Vec<SqlValue>) {
    let w = where_of(filter);
    (format!("SELECT a.status, COUNT(*) FROM attempts a WHERE {} GROUP BY a.status", w.text()), w.params)
}

/// Counts by delivery of the rows `filter` matches that have a receipt (the partial index).
pub(crate) fn delivery_totals_sql(filter: &LogFilter) -> (String, Vec<SqlValue>) {
    let mut w = where_of(filter);
    w.and("a.delivery IS NOT NULL", []);
    (format!("SELECT a.delivery, COUNT(*) FROM attempts a WHERE {} GROUP BY a.delivery", w.text()), w.params)
}

/// Counts by errcode of the unsuccessful rows `filter` matches.
pub(crate) fn errcode_totals_sql(filter: &LogFilter) -> (String, Vec<SqlValue>) {
    let mut w = where_of(filter);
    w.and(NOT_SENT, std::iter::empty::<SqlValue>());
    (format!("SELECT a.errcode, COUNT(*) FROM attempts a WHERE {} GROUP BY a.errcode", w.text()), w.params)
}
