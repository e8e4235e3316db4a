//! The statements of the send log, by shape: `Store::log_query_plan` shows SQLite's plan for
//! each, so tests and the benchmark can prove that every filter walks an index
//! (docs/sendlog-indexes.md).

use serde::Serialize;

/// A statement of the send log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum QueryShape {
    /// A keyset page after a cursor (one status at a time, as `Store::log_page` runs it).
    Page,
    /// Counts by status.
    StatusTotals,
    /// Counts by errcode of unsuccessful attempts.
    ErrcodeTotals,
    /// Every matching row, newest first (exports and offset pages).
    Export,
}
