//! The home page: what an account sent today and this week, the campaigns that need an eye,
//! and how much of WeChat's daily send quota is left.

use chrono::{Datelike, Duration, Local, NaiveDate};

use crate::sendlog::midnight_ms;
use serde::Serialize;

use super::Desk;
use crate::model::lifecycle::can_archive;
use crate::model::{now_ms, Campaign, CampaignKind};
use crate::sendlog::{LogFilter, LogTotals};
use crate::Result;

/// Ended campaigns shown under the active ones.
const RECENT_ENDED: usize = 5;

/// An account's sends and campaigns at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// Local midnight today (unix ms): where "today" starts, for links into the log.
    pub today_from_ms: i64,
    /// Local midnight of this week's Monday (unix ms).
    pub week_from_ms: i64,
    /// Every attempt since `today_from_ms`, by status and errcode.
    pub today: LogTotals,
    /// Every attempt since `week_from_ms`.
    pub week: LogTotals,
    /// Campaigns sending, paused, stopped on an error or not started, newest first.
    pub active: Vec<Campaign>,
    /// The last few campaigns that finished or were cancelled (archived ones aside).
    pub recent: Vec<Campaign>,
}

/// Today's quota of the send API, as WeChat counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SendQuota {
    /// Messages allowed per day.
    pub daily_limit: i64,
    /// Sent today.
    pub used: i64,
    /// Left today.
    pub remain: i64,
    /// When WeChat was asked (unix ms).
    pub checked_at: i64,
}

/// Where today and this week (from Monday, as calendars in China and ISO 8601 count) start.
fn day_and_week_start(today: NaiveDate) -> (i64, i64) {
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    (midnight_ms(today), midnight_ms(monday))
}

impl Desk {
    /// The account's dashboard. Reads only the local store: it never waits for WeChat.
    pub async fn dashboard(&self, account_id: i64) -> Result<Dashboard> {
        let (today_from_ms, week_from_ms) = day_and_week_start(Local::now().date_naive());
        let campaigns = self.campaigns(Some(account_id)).await?;
        self.with_store(move |store, _| {
            store.account(account_id)?;
            let since = |from_ms| LogFilter {
                account_id: Some(account_id),
                from_ms: Some(from_ms),
                ..Default::default()
            };
            let (active, ended): (Vec<_>, Vec<_>) = campaigns
                .into_iter()
                .filter(|c| c.kind == CampaignKind::Campaign && c.archived_at.is_none())
                // Active: anything that may still send (what may not is what may be archived).
                .partition(|c| !can_archive(c.status));
            Ok(Dashboard {
                today_from_ms,
                week_from_ms,
                today: store.log_totals(&since(today_from_ms))?,
                week: store.log_totals(&since(week_from_ms))?,
                active,
                recent: ended.into_iter().take(RECENT_ENDED).collect(),
            })
        })
        .await
    }

    /// Asks WeChat how much of today's send quota the account has left.
    pub async fn send_quota(&self, account_id: i64) -> Result<SendQuota> {
        let (client, kind) = self.client_of(account_id).await?;
        // The quota of the API the account sends with.
        let quota = client.get_quota(kind.send_path()).await?;
        Ok(SendQuota {
            daily_limit: quota.daily_limit,
            used: quota.used,
            remain: quota.remain,
            checked_at: now_ms(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_starts_on_monday_even_across_a_month_end() {
        // Sunday 2027-01-03: its week began on Monday 2026-12-28 (no zone changes its clocks
        // that week).
        let sunday = NaiveDate::from_ymd_opt(2027, 1, 3).unwrap();
        let (day, week) = day_and_week_start(sunday);
        assert_eq!(day - week, 6 * 24 * 3600 * 1000);
        let monday = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        let (day, week) = day_and_week_start(monday);
        assert_eq!(day, week, "on a Monday the week starts today");
    }
}
