//! Totals of a filtered log: by status, and by errcode with what each one means.

use serde::Serialize;

use crate::model::AttemptStatus;
use crate::wechat::catalogue::Explanation;

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
    /// What the receipts say of the sent attempts.
    pub delivery: DeliveryTotals,
}

/// The sent attempts of a filter by what their delivery receipt said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryTotals {
    /// A receipt said delivered.
    pub delivered: u64,
    /// A receipt said the delivery failed.
    pub delivery_failed: u64,
    /// Sent, no receipt yet.
    pub no_receipt: u64,
}
