//! The log filter. The store turns it into one WHERE condition for the page, offset, totals and
//! export queries alike (`store/sendlog/sql.rs`), so an export has exactly the rows the user saw.

use serde::{Deserialize, Serialize};

use crate::model::{AttemptStatus, MessageChannel};
use crate::{Bilingual, CoreError, Result};

/// What the send log shows. Every field narrows the rows; `None` means "any".
///
/// Time bounds are a half-open range on `started_at` (when the attempt left):
/// `from_ms <= started_at < to_ms`, so "a day" is `[midnight, next midnight)` with no overlap.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct LogFilter {
    /// Only this account.
    pub account_id: Option<i64>,
    /// Only this campaign (single and test sends are campaigns too).
    pub campaign_id: Option<i64>,
    /// Only this private template id.
    pub template_id: Option<String>,
    /// Only these statuses. An empty list means "any status" (a cleared multi-select).
    pub status: Option<Vec<AttemptStatus>>,
    /// Only this errcode (`-2` is the engine's code for transport failures).
    pub errcode: Option<i64>,
    /// Only this openid, or openids starting with it when `openid_prefix` is set.
    pub openid: Option<String>,
    /// Treat `openid` as a prefix.
    pub openid_prefix: bool,
    /// Attempts that started at or after this time (unix ms, inclusive).
    pub from_ms: Option<i64>,
    /// Attempts that started before this time (unix ms, exclusive).
    pub to_ms: Option<i64>,
    /// Only attempts whose delivery receipt says this.
    pub delivery: Option<DeliveryFilter>,
    /// Only subscribe messages, or only template messages.
    pub channel: Option<MessageChannel>,
}

/// The send log's delivery filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryFilter {
    /// A receipt said delivered.
    Delivered,
    /// A receipt said it failed after WeChat accepted it.
    DeliveryFailed,
    /// Sent, and no receipt taken in yet.
    NoReceipt,
}

impl LogFilter {
    /// Checks the filter: `from_ms <= to_ms`, a given openid is not blank.
    pub fn validate(&self) -> Result<()> {
        if let (Some(from), Some(to)) = (self.from_ms, self.to_ms) {
            if from > to {
                return Err(CoreError::InvalidInput(Bilingual::new(
                    format!("the start of the time range ({from}) is after its end ({to})"),
                    format!("时间范围的开始（{from}）晚于结束（{to}）"),
                )));
            }
        }
        if let Some(openid) = &self.openid {
            if openid.trim().is_empty() {
                return Err(CoreError::InvalidInput(Bilingual::new(
                    "the openid filter is empty",
                    "openid 筛选条件是空的",
                )));
            }
        }
        if let Some(template) = &self.template_id {
            if template.trim().is_empty() {
                return Err(CoreError::InvalidInput(Bilingual::new(
                    "the template filter is empty",
                    "模板筛选条件是空的",
                )));
            }
        }
        Ok(())
    }

    /// The statuses to match, `None` when any status matches.
    pub(crate) fn statuses(&self) -> Option<&[AttemptStatus]> {
        self.status.as_deref().filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversed_range_and_blank_openid_are_refused() {
        let f = LogFilter { from_ms: Some(10), to_ms: Some(9), ..Default::default() };
        assert!(f.validate().is_err());
        let f = LogFilter { openid: Some("  ".into()), ..Default::default() };
        assert!(f.validate().is_err());
        let f = LogFilter { from_ms: Some(10), to_ms: Some(10), ..Default::default() };
        assert!(f.validate().is_ok());
    }

    #[test]
    fn deserialises_camel_case_with_defaults() {
        let f: LogFilter = serde_json::from_str(
            r#"{"accountId":3,"status":["failed","not_subscribed"],"openidPrefix":true}"#,
        )
        .unwrap();
        assert_eq!(f.account_id, Some(3));
        assert_eq!(f.status, Some(vec![AttemptStatus::Failed, AttemptStatus::NotSubscribed]));
        assert!(f.openid_prefix);
    }
}
