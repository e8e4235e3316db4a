//! Attempts: one request to WeChat for one recipient row, journaled before it leaves and
//! completed when it returns. The attempts table is the send log.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// What an attempt ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AttemptStatus {
    /// Journaled before leaving; in flight, or interrupted while in flight.
    Sending,
    /// Accepted by WeChat.
    Sent,
    /// 43101: no subscription left.
    NotSubscribed,
    /// Refused for this row.
    Failed,
    /// May or may not have been delivered.
    Unknown,
    /// Not delivered; the row goes back to pending for another attempt.
    Retry,
}

impl AttemptStatus {
    /// The value stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptStatus::Sending => "sending",
            AttemptStatus::Sent => "sent",
            AttemptStatus::NotSubscribed => "not_subscribed",
            AttemptStatus::Failed => "failed",
            AttemptStatus::Unknown => "unknown",
            AttemptStatus::Retry => "retry",
        }
    }

    /// The recipient row's state after an attempt with this status.
    pub fn row_state(self) -> super::RecipientState {
        use super::RecipientState as R;
        match self {
            AttemptStatus::Sending => R::Sending,
            AttemptStatus::Sent => R::Sent,
            AttemptStatus::NotSubscribed => R::NotSubscribed,
            AttemptStatus::Failed => R::Failed,
            AttemptStatus::Unknown => R::Unknown,
            AttemptStatus::Retry => R::Pending,
        }
    }
}

/// What a delivery receipt (WeChat's event push) said of a message WeChat accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// `ErrorCode` 0: the user got it.
    Delivered,
    /// An asynchronous failure after WeChat accepted it.
    DeliveryFailed,
}

impl Delivery {
    /// Parses the stored value.
    pub fn parse(text: &str) -> Option<Delivery> {
        match text {
            "delivered" => Some(Delivery::Delivered),
            "delivery_failed" => Some(Delivery::DeliveryFailed),
            _ => None,
        }
    }
}

/// A request about to leave: what the journal records before the row may be sent.
#[derive(Debug, Clone)]
pub struct SendingMark {
    /// The recipient row.
    pub recipient_id: i64,
    /// Its campaign.
    pub campaign_id: i64,
    /// The account sending.
    pub account_id: i64,
    /// The template.
    pub template_id: String,
    /// The recipient.
    pub openid: String,
    /// 1 for the first attempt.
    pub attempt_no: u32,
    /// The JSON body, without the token.
    pub request: String,
    /// When it was journaled (unix ms); the outcome replaces it with when the request left.
    pub staged_at: i64,
}

/// The end of one attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptOutcome {
    /// The attempt row written with its mark.
    pub attempt_id: i64,
    /// The recipient row.
    pub recipient_id: i64,
    /// When the request was written to the connection (unix ms).
    pub started_at: i64,
    /// What happened.
    pub status: AttemptStatus,
    /// WeChat's errcode, if it answered.
    pub errcode: Option<i64>,
    /// WeChat's errmsg, or the transport failure.
    pub errmsg: Option<String>,
    /// WeChat's request id.
    pub rid: Option<String>,
    /// WeChat's msgid, exact digits.
    pub msgid: Option<String>,
    /// The response body, or the transport failure.
    pub response: Option<String>,
}

/// How many attempts ended with one errcode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ErrcodeCount {
    /// WeChat's errcode (transport failures are counted under -2).
    pub errcode: i64,
    /// Attempts that ended with it.
    pub count: u32,
}

/// What a run's departure log says (see `campaign/departures.rs`): which attempts left, and
/// the outcomes that came back, whether or not the journal committed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Departures {
    /// Attempt id → when its request was written to the wire (unix ms).
    pub left: HashMap<i64, i64>,
    /// Attempt id → its outcome.
    pub outcomes: HashMap<i64, AttemptOutcome>,
}
