//! The send log's read side: every attempt ever made, filtered, paged newest first, totalled
//! and explained. The write side is the send journal (`store::journal`).
//!
//! The queries are the store's (`store/sendlog`); they share one WHERE builder over
//! [`LogFilter`], so the page the user sees, its totals and its export always agree. Which
//! index serves which filter is in docs/sendlog-indexes.md.

mod entry;
mod filter;
mod plan;
mod query;
mod table;
mod time;
mod totals;

pub(crate) use entry::{errcode_explanation, parse_request};
pub use entry::{
    explanation, keyword_order, parse_status, LogEntry, LogValue, INTERRUPTED_ERRCODE, TRANSPORT_ERRCODE,
};
pub use filter::{DeliveryFilter, LogFilter};
pub use plan::QueryShape;
pub use query::{LogCursor, LogDetail, LogPage, MAX_PAGE};
pub use table::{aligned_table, display_width, format_table};
pub use time::{local_midnight, local_time_text, local_wall_ms, midnight_ms};
pub use totals::{DeliveryTotals, ErrcodeTotal, LogTotals, StatusCount};
