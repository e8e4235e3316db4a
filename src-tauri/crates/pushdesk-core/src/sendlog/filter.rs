//! The log filter and the one function that turns it into SQL. The page, offset, totals and
//! export queries all call [`LogFilter::to_sql`], so an export has exactly the rows the user saw.

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::model::AttemptStatus;
use crate::{CoreError, Result};

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
}

/// A SQL condition and its parameters, for statements over `attempts a`.
#[derive(Debug, Clone, Default)]
pub(crate) struct SqlWhere {
    /// `a.x = ? AND ...`, or `1` when there is nothing to filter.
    pub sql: String,
    /// Positional parameters, in order.
    pub params: Vec<Value>,
}

impl SqlWhere {
    /// Adds `cond` (with `?` placeholders) and its parameters.
    pub(crate) fn and(&mut self, cond: &str, params: impl IntoIterator<Item = Value>) {
        if !self.sql.is_empty() {
            self.sql.push_str(" AND ");
        }
        self.sql.push_str(cond);
        self.params.extend(params);
    }

    /// The condition text, never empty.
    pub(crate) fn text(&self) -> &str {
        if self.sql.is_empty() {
            "1"
        } else {
            &self.sql
        }
    }
}

impl LogFilter {
    /// Checks the filter: `from_ms <= to_ms`, a given openid is not blank.
    pub fn validate(&self) -> Result<()> {
        if let (Some(from), Some(to)) = (self.from_ms, self.to_ms) {
            if from > to {
                return Err(CoreError::InvalidInput(format!(
                    "the start of the time range ({from}) is after its end ({to})"
                )));
            }
        }
        if let Some(openid) = &self.openid {
            if openid.trim().is_empty() {
                return Err(CoreError::InvalidInput("the openid filter is empty".into()));
            }
        }
        if let Some(template) = &self.template_id {
            if template.trim().is_empty() {
                return Err(CoreError::InvalidInput("the template filter is empty".into()));
            }
        }
        Ok(())
    }

    /// The statuses to match, `None` when any status matches.
    pub(crate) fn statuses(&self) -> Option<&[AttemptStatus]> {
        self.status.as_deref().filter(|s| !s.is_empty())
    }

    /// The WHERE condition over `attempts a`. Every condition is on a column that leads one of
    /// the `attempts_*` indexes, followed by `started_at`, so the planner can walk an index in
    /// log order (see docs/sendlog-indexes.md).
    pub(crate) fn to_sql(&self) -> SqlWhere {
        let mut w = SqlWhere::default();
        if let Some(id) = self.account_id {
            w.and("a.account_id = ?", [Value::Integer(id)]);
        }
        if let Some(id) = self.campaign_id {
            w.and("a.campaign_id = ?", [Value::Integer(id)]);
        }
        if let Some(t) = &self.template_id {
            w.and("a.template_id = ?", [Value::Text(t.clone())]);
        }
        if let Some(statuses) = self.statuses() {
            let marks = vec!["?"; statuses.len()].join(", ");
            w.and(
                &format!("a.status IN ({marks})"),
                statuses.iter().map(|s| Value::Text(s.as_str().to_owned())),
            );
        }
        if let Some(code) = self.errcode {
            w.and("a.errcode = ?", [Value::Integer(code)]);
        }
        if let Some(openid) = &self.openid {
            if self.openid_prefix {
                // A range rather than LIKE/GLOB: LIKE is case-insensitive (no index on a BINARY
                // column) and GLOB would need escaping. U+10FFFF sorts after any character an
                // openid can hold.
                let upper = format!("{openid}{}", char::MAX);
                w.and("a.openid >= ? AND a.openid < ?", [Value::Text(openid.clone()), Value::Text(upper)]);
            } else {
                w.and("a.openid = ?", [Value::Text(openid.clone())]);
            }
        }
        if let Some(from) = self.from_ms {
            w.and("a.started_at >= ?", [Value::Integer(from)]);
        }
        if let Some(to) = self.to_ms {
            w.and("a.started_at < ?", [Value::Integer(to)]);
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_filter_matches_everything() {
        let w = LogFilter::default().to_sql();
        assert_eq!(w.text(), "1");
        assert!(w.params.is_empty());
    }

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
