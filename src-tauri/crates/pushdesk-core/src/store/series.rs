//! Series (recurring campaigns) and what the scheduler asks of the store: the campaigns that
//! are due, the series whose next run is due, and each run created exactly once — a run is
//! claimed by moving the series' `next_run_at` on in the same transaction that creates it, so
//! two schedulers (the app and `pushdesk scheduler run`) never make the same run twice.

use rusqlite::{params, OptionalExtension, Row};

use super::campaigns::insert_campaign;
use super::drafts::insert_from_draft;
use super::{DraftRow, Store};
use crate::model::{
    now_ms, Campaign, CampaignKind, CampaignStatus, NewCampaign, NewRecipient, Series, SeriesAudience,
    StatusReason,
};
use crate::schedule::{Repeat, SendWindow};
use crate::{CoreError, Missing, Result};

const COLUMNS: &str = "id, account_id, name, repeat, timezone, audience, source, first_campaign_id,
     next_run_at, stopped_at, created_by, created_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Series> {
    let repeat: String = row.get("repeat")?;
    let (repeat_en, repeat_zh) = match Repeat::from_text(&repeat) {
        Ok(rule) => (rule.describe_en(), rule.describe_zh()),
        Err(_) => (repeat.clone(), repeat.clone()),
    };
    let source: Option<String> = row.get("source")?;
    let audience: String = row.get("audience")?;
    Ok(Series {
        id: row.get("id")?,
        account_id: row.get("account_id")?,
        name: row.get("name")?,
        repeat,
        repeat_en,
        repeat_zh,
        timezone: row.get("timezone")?,
        audience: SeriesAudience::parse(&audience).unwrap_or(SeriesAudience::Reuse),
        source_file: source
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .and_then(|v| v.pointer("/source/path").and_then(|p| p.as_str().map(String::from))),
        first_campaign_id: row.get("first_campaign_id")?,
        next_run_at: row.get("next_run_at")?,
        stopped_at: row.get("stopped_at")?,
        created_by: row.get("created_by")?,
        created_at: row.get("created_at")?,
    })
}

/// A new series.
#[derive(Debug, Clone)]
pub struct NewSeries {
    /// The account.
    pub account_id: i64,
    /// The name its runs carry.
    pub name: String,
    /// The rule.
    pub repeat: Repeat,
    /// The IANA zone the rule is read in.
    pub timezone: String,
    /// Where each run's recipients come from.
    pub audience: SeriesAudience,
    /// JSON: the file, how it was read, the draft's choices (for `reread`).
    pub source: Option<String>,
    /// The run after the first.
    pub next_run_at: Option<i64>,
    /// Who made it.
    pub created_by: String,
}

/// A campaign the scheduler has to look at: due to start, or due to go on after its window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueCampaign {
    /// The campaign.
    pub id: i64,
    /// `scheduled` or `waiting_window`.
    pub status: CampaignStatus,
    /// When it was due to start.
    pub scheduled_at: Option<i64>,
    /// When its window opens again.
    pub resume_at: Option<i64>,
    /// Its send window.
    pub window: Option<SendWindow>,
    /// Its zone.
    pub timezone: Option<String>,
    /// How late it may still start by itself.
    pub grace_minutes: u32,
}

/// Where a series' new run gets its recipients.
pub enum RunAudience<'a> {
    /// The rows of this earlier run, sent again.
    CopyOf(i64),
    /// This draft (the file read again), each row validated by `recipient`.
    Draft {
        /// The draft.
        id: i64,
        /// Makes each row a recipient.
        recipient: &'a mut dyn FnMut(DraftRow) -> Result<NewRecipient>,
    },
    /// None: the run does not start, for this reason.
    Refused(StatusReason),
}

impl Store {
    /// Creates a series; its first run is made separately (with [`Store::set_series_first_run`]).
    pub fn insert_series(&mut self, new: &NewSeries) -> Result<i64> {
        self.conn().execute(
            "INSERT INTO series (account_id, name, repeat, timezone, audience, source, next_run_at,
                                 created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                new.account_id,
                new.name,
                new.repeat.to_text(),
                new.timezone,
                new.audience.as_str(),
                new.source,
                new.next_run_at,
                new.created_by,
                now_ms()
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Records the series' first run — its message and settings (and, for `reuse`, its rows)
    /// are what every later run sends — and when the next run is due: from now on the series
    /// makes runs.
    pub fn set_series_first_run(
        &self,
        series_id: i64,
        campaign_id: i64,
        next_run_at: Option<i64>,
    ) -> Result<()> {
        self.conn().execute(
            "UPDATE series SET first_campaign_id = ?2, next_run_at = ?3 WHERE id = ?1",
            params![series_id, campaign_id, next_run_at],
        )?;
        Ok(())
    }

    /// Deletes a series that never made a run (its first run could not be made).
    pub fn delete_series(&self, series_id: i64) -> Result<()> {
        self.conn().execute(
            "DELETE FROM series WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM campaigns WHERE series_id = ?1)",
            [series_id],
        )?;
        Ok(())
    }

    /// One series.
    pub fn series(&self, id: i64) -> Result<Series> {
        self.conn()
            .query_row(&format!("SELECT {COLUMNS} FROM series WHERE id = ?1"), [id], from_row)
            .optional()?
            .ok_or_else(|| CoreError::NotFound { what: Missing::Series, name: id.to_string() })
    }

    /// What a `reread` series reads before each run (JSON), as stored.
    pub fn series_source(&self, id: i64) -> Result<Option<String>> {
        Ok(self.conn().query_row("SELECT source FROM series WHERE id = ?1", [id], |r| r.get(0))?)
    }

    /// The series of an account (or all), newest first.
    pub fn series_list(&self, account_id: Option<i64>) -> Result<Vec<Series>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM series WHERE (?1 IS NULL OR account_id = ?1) ORDER BY id DESC"
        ))?;
        let rows = stmt.query_map([account_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A series' runs, newest first.
    pub fn series_runs(&self, series_id: i64) -> Result<Vec<Campaign>> {
        let ids: Vec<i64> = {
            let mut stmt =
                self.conn().prepare("SELECT id FROM campaigns WHERE series_id = ?1 ORDER BY id DESC")?;
            let rows = stmt.query_map([series_id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        ids.into_iter().map(|id| self.campaign(id)).collect()
    }

    /// Stops a series: no run is made after this (runs already made keep their state).
    pub fn stop_series(&mut self, id: i64) -> Result<Series> {
        self.series(id)?;
        self.conn().execute(
            "UPDATE series SET stopped_at = COALESCE(stopped_at, ?2), next_run_at = NULL WHERE id = ?1",
            params![id, now_ms()],
        )?;
        self.series(id)
    }

    /// Series whose next run is due at `now`.
    pub fn due_series(&self, now: i64) -> Result<Vec<Series>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM series WHERE stopped_at IS NULL AND next_run_at <= ?1 ORDER BY next_run_at"
        ))?;
        let rows = stmt.query_map([now], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Campaigns due at `now`: scheduled ones whose time came, and waiting ones whose window
    /// opened.
    pub fn due_campaigns(&self, now: i64) -> Result<Vec<DueCampaign>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, status, scheduled_at, resume_at, window_start, window_end, timezone, grace_minutes
             FROM campaigns
             WHERE (status = 'scheduled' AND scheduled_at <= ?1) OR (status = 'waiting_window' AND resume_at <= ?1)
             ORDER BY COALESCE(resume_at, scheduled_at), id",
        )?;
        let rows = stmt.query_map([now], |r| {
            let status: String = r.get(1)?;
            let window = match (r.get::<_, Option<u16>>(4)?, r.get::<_, Option<u16>>(5)?) {
                (Some(start), Some(end)) => Some(SendWindow { start, end }),
                _ => None,
            };
            Ok(DueCampaign {
                id: r.get(0)?,
                status: CampaignStatus::parse(&status).unwrap_or(CampaignStatus::Scheduled),
                scheduled_at: r.get(2)?,
                resume_at: r.get(3)?,
                window,
                timezone: r.get(6)?,
                grace_minutes: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The soonest moment something scheduled is due (unix ms): when the scheduler must look
    /// again.
    pub fn next_wake(&self) -> Result<Option<i64>> {
        Ok(self.conn().query_row(
            "SELECT MIN(t) FROM (
                SELECT MIN(scheduled_at) AS t FROM campaigns WHERE status = 'scheduled'
                UNION ALL SELECT MIN(resume_at) FROM campaigns WHERE status = 'waiting_window'
                UNION ALL SELECT MIN(next_run_at) FROM series WHERE stopped_at IS NULL)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Whether anything is scheduled, waiting for its window, sending, or due to recur: what
    /// keeps the app in the tray when its window closes, and makes quitting ask.
    pub fn pending_work(&self) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM campaigns WHERE status IN ('scheduled', 'waiting_window', 'running'))
                 OR EXISTS (SELECT 1 FROM series WHERE stopped_at IS NULL AND next_run_at IS NOT NULL)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Makes the run of series `series_id` due at `due`, if no other scheduler made it first:
    /// in one transaction, the series' next run moves from `due` to `next` and the run is
    /// created with its audience (a refused run is created `stopped`, with why). Returns the
    /// run, or `None` when another scheduler claimed it.
    pub fn create_series_run(
        &mut self,
        series_id: i64,
        due: i64,
        next: Option<i64>,
        spec: &NewCampaign,
        audience: RunAudience<'_>,
    ) -> Result<Option<i64>> {
        let tx = self.conn_mut().transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let claimed = tx.execute(
            "UPDATE series SET next_run_at = ?3 WHERE id = ?1 AND next_run_at = ?2 AND stopped_at IS NULL",
            params![series_id, due, next],
        )?;
        if claimed == 0 {
            return Ok(None);
        }
        let id = match audience {
            RunAudience::Draft { id, recipient } => insert_from_draft(&tx, id, spec, recipient)?,
            RunAudience::CopyOf(first) => {
                let id = insert_campaign(&tx, spec, &mut std::iter::empty())?;
                // The same people with the same values; rows skipped then are skipped again
                // (with their reason), and the contact rules are applied again at the start.
                let total = tx.execute(
                    "INSERT INTO recipients (campaign_id, row_no, openid, data, state, reason, updated_at, page)
                     SELECT ?1, row_no, openid, data,
                            CASE WHEN state = 'skipped' THEN 'skipped' ELSE 'pending' END,
                            CASE WHEN state = 'skipped' THEN reason END, ?3, page
                     FROM recipients WHERE campaign_id = ?2 ORDER BY id",
                    params![id, first, now_ms()],
                )?;
                tx.execute("UPDATE campaigns SET total = ?2 WHERE id = ?1", params![id, total as i64])?;
                id
            }
            RunAudience::Refused(reason) => {
                let id = insert_campaign(&tx, spec, &mut std::iter::empty())?;
                let reason =
                    serde_json::to_string(&reason).map_err(|e| CoreError::Internal(e.to_string()))?;
                tx.execute(
                    "UPDATE campaigns SET status = 'stopped', status_reason = ?2, finished_at = ?3 WHERE id = ?1",
                    params![id, reason, now_ms()],
                )?;
                id
            }
        };
        tx.commit()?;
        debug_assert_eq!(spec.kind, CampaignKind::Campaign);
        Ok(Some(id))
    }
}
