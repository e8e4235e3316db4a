//! Recurring campaigns: a series is a rule (daily, weekly, cron) and where each run's audience
//! comes from; each run is a campaign of its own, linked to it.

use serde::{Deserialize, Serialize};

use super::campaign::Campaign;

/// Where a series' run finds its recipients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SeriesAudience {
    /// The same file read again before each run, and validated again: a run whose file is
    /// missing or invalid does not start, and says why.
    Reread,
    /// The first run's recipients, every time.
    Reuse,
}

impl SeriesAudience {
    /// The value stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            SeriesAudience::Reread => "reread",
            SeriesAudience::Reuse => "reuse",
        }
    }

    /// Parses the stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "reread" => Some(SeriesAudience::Reread),
            "reuse" => Some(SeriesAudience::Reuse),
            _ => None,
        }
    }
}

/// A recurring campaign.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    /// Row id.
    pub id: i64,
    /// The account it sends from.
    pub account_id: i64,
    /// The name its runs carry.
    pub name: String,
    /// The rule as stored: "daily 10:00", "weekly MON,THU 10:00", "cron 0 10 * * 1".
    pub repeat: String,
    /// The rule in words, English.
    pub repeat_en: String,
    /// The rule in words, Chinese.
    pub repeat_zh: String,
    /// The IANA zone the rule is read in.
    pub timezone: String,
    /// Where each run's recipients come from.
    pub audience: SeriesAudience,
    /// The file read before each run (reread).
    pub source_file: Option<String>,
    /// The first run.
    pub first_campaign_id: Option<i64>,
    /// The next run (unix ms); none once stopped.
    pub next_run_at: Option<i64>,
    /// When a person stopped it (unix ms).
    pub stopped_at: Option<i64>,
    /// Who made it.
    pub created_by: String,
    /// Unix milliseconds.
    pub created_at: i64,
}

/// A series with its runs: what the series page shows.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SeriesView {
    /// The series.
    pub series: Series,
    /// Its runs so far, newest first.
    pub runs: Vec<Campaign>,
    /// Its next runs (unix ms), soonest first.
    pub upcoming: Vec<i64>,
}
