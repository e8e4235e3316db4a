//! What reading the send log gives: keyset pages for the UI, offset pages for the CLI, one
//! attempt with its recipient's history (the queries are in `store/sendlog`).

use serde::{Deserialize, Serialize};

use super::entry::LogEntry;

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
    pub(crate) fn after(entry: &LogEntry) -> LogCursor {
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
