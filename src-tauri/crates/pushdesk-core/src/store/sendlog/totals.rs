//! Totals of a filtered log: by status, and by errcode with what each one means.

use super::sql::{args, delivery_totals_sql, errcode_totals_sql, status_totals_sql};
use crate::model::AttemptStatus;
use crate::sendlog::{
    errcode_explanation, parse_status, DeliveryTotals, ErrcodeTotal, LogFilter, LogTotals, StatusCount,
};
use crate::store::Store;
use crate::Result;

impl Store {
    /// Totals of the rows `filter` matches. Two grouped counts: statuses are counted from the
    /// index alone; errcodes only over unsuccessful attempts, usually a small part of the log.
    pub fn log_totals(&self, filter: &LogFilter) -> Result<LogTotals> {
        filter.validate()?;
        let (sql, params) = status_totals_sql(filter);
        let mut by_status = Vec::new();
        for (text, count) in
            self.db().query(&sql, &args(&params), |row| Ok((row.get::<String>(0)?, row.get::<i64>(1)?)))?
        {
            if let Some(status) = parse_status(&text) {
                by_status.push(StatusCount { status, count: count as u64 });
            }
        }
        by_status
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.status.as_str().cmp(b.status.as_str())));
        let total = by_status.iter().map(|s| s.count).sum();

        let (sql, params) = errcode_totals_sql(filter);
        let rows = self
            .db()
            .query(&sql, &args(&params), |row| Ok((row.get::<Option<i64>>(0)?, row.get::<i64>(1)?)))?;
        let mut by_errcode = Vec::new();
        for (errcode, count) in rows {
            by_errcode.push(ErrcodeTotal {
                errcode,
                count: count as u64,
                explanation: errcode.map(errcode_explanation),
            });
        }
        by_errcode.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.errcode.cmp(&b.errcode)));

        let (sql, params) = delivery_totals_sql(filter);
        let rows =
            self.db().query(&sql, &args(&params), |row| Ok((row.get::<String>(0)?, row.get::<i64>(1)?)))?;
        let mut delivery = DeliveryTotals::default();
        for row in rows {
            match row {
                (d, n) if d == "delivered" => delivery.delivered = n as u64,
                (_, n) => delivery.delivery_failed = n as u64,
            }
        }
        // Every attempt with a receipt is a sent one.
        let sent = by_status.iter().find(|s| s.status == AttemptStatus::Sent).map_or(0, |s| s.count);
        delivery.no_receipt = sent.saturating_sub(delivery.delivered + delivery.delivery_failed);
        Ok(LogTotals { total, by_status, by_errcode, delivery })
    }
}
