//! Series (recurring campaigns) and what the scheduler asks of the store: the campaigns that
//! are due, the series whose next run is due, and each run created exactly once — a run is
//! claimed by moving the series' `next_run_at` on in the same transaction that creates it, so
//! two schedulers (the app and `pushdesk scheduler run`) never make the same run twice.

use super::campaigns::insert_campaign;
use super::db::{Begin, DbRow};
use super::drafts::insert_from_draft;
use super::{DraftRow, Store};
use crate::db_args;
use crate::model::{
    now_ms, Campaign, CampaignKind, CampaignStatus, NewCampaign, NewRecipient, Series, SeriesAudience,
    StatusReason,
};
use crate::schedule::{Repeat, SendWindow};
use crate::{CoreError, Missing, Result};

const COLUMNS: &str = "id, account_id, name, repeat, timezone, audience, source, first_campaign_id,
     next_run_at, stopped_at, created_by, created_at";

fn from_row(row: &DbRow<'_>) -> Result<Series> {
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
        self.db().query_one(
            "INSERT INTO series (account_id, name, repeat, timezone, audience, source, next_run_at,
                                 created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             RETURNING id",
            db_args![
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
            |r| r.get(0),
        )
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
        self.db().execute(
            "UPDATE series SET first_campaign_id = ?2, next_run_at = ?3 WHERE id = ?1",
            db_args![series_id, campaign_id, next_run_at],
        )?;
        Ok(())
    }

    /// Deletes a series that never made a run (its first run could not be made).
    pub fn delete_series(&self, series_id: i64) -> Result<()> {
        self.db().execute(
            "DELETE FROM series WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM campaigns WHERE series_id = ?1)",
            db_args![series_id],
        )?;
        Ok(())
    }

    /// One series.
    pub fn series(&self, id: i64) -> Result<Series> {
        self.db()
            .query_opt(&format!("SELECT {COLUMNS} FROM series WHERE id = ?1"), db_args![id], from_row)?
            .ok_or_else(|| CoreError::NotFound { what: Missing::Series, name: id.to_string() })
    }

    /// What a `reread` series reads before each run (JSON), as stored.
    pub fn series_source(&self, id: i64) -> Result<Option<String>> {
        self.db().query_one("SELECT source FROM series WHERE id = ?1", db_args![id], |r| r.get(0))
    }

    /// The series of an account (or all), newest first.
    pub fn series_list(&self, account_id: Option<i64>) -> Result<Vec<Series>> {
        // The cast gives PostgreSQL the type of an argument that may be NULL.
        self.db().query(
            &format!(
                "SELECT {COLUMNS} FROM series WHERE (CAST(?1 AS BIGINT) IS NULL OR account_id = ?1) ORDER BY id DESC"
            ),
            db_args![account_id],
            from_row,
        )
    }

    /// A series' runs, newest first.
    pub fn series_runs(&self, series_id: i64) -> Result<Vec<Campaign>> {
        let ids: Vec<i64> = self.db().query(
            "SELECT id FROM campaigns WHERE series_id = ?1 ORDER BY id DESC",
            db_args![series_id],
            |r| r.get(0),
        )?;
        ids.into_iter().map(|id| self.campaign(id)).collect()
    }

    /// Stops a series: no run is made after this (runs already made keep their state).
    pub fn stop_series(&mut self, id: i64) -> Result<Series> {
        self.series(id)?;
        self.db().execute(
            "UPDATE series SET stopped_at = COALESCE(stopped_at, ?2), next_run_at = NULL WHERE id = ?1",
            db_args![id, now_ms()],
        )?;
        self.series(id)
    }

    /// Series whose next run is due at `now`.
    pub fn due_series(&self, now: i64) -> Result<Vec<Series>> {
        self.db().query(
            &format!(
                "SELECT {COLUMNS} FROM series WHERE stopped_at IS NULL AND next_run_at <= ?1 ORDER BY next_run_at"
            ),
            db_args![now],
            from_row,
        )
    }

    /// Campaigns due at `now`: scheduled ones whose time came, and waiting ones whose window
    /// opened.
    pub fn due_campaigns(&self, now: i64) -> Result<Vec<DueCampaign>> {
        self.db().query(
            "SELECT id, status, scheduled_at, resume_at, window_start, window_end, timezone, grace_minutes
             FROM campaigns
             WHERE (status = 'scheduled' AND scheduled_at <= ?1) OR (status = 'waiting_window' AND resume_at <= ?1)
             ORDER BY COALESCE(resume_at, scheduled_at), id",
            db_args![now],
            |r| {
                let status: String = r.get(1)?;
                // Minutes of the day and a grace in minutes, written from a u16 and a u32.
                let window = match (r.get::<Option<i64>>(4)?, r.get::<Option<i64>>(5)?) {
                    (Some(start), Some(end)) => Some(SendWindow { start: start as u16, end: end as u16 }),
                    _ => None,
                };
                Ok(DueCampaign {
                    id: r.get(0)?,
                    status: CampaignStatus::parse(&status).unwrap_or(CampaignStatus::Scheduled),
                    scheduled_at: r.get(2)?,
                    resume_at: r.get(3)?,
                    window,
                    timezone: r.get(6)?,
                    grace_minutes: r.get::<i64>(7)? as u32,
                })
            },
        )
    }

    /// The soonest moment something scheduled is due (unix ms): when the scheduler must look
    /// again.
    pub fn next_wake(&self) -> Result<Option<i64>> {
        self.db().query_one(
            "SELECT MIN(t) FROM (
                SELECT MIN(scheduled_at) AS t FROM campaigns WHERE status = 'scheduled'
                UNION ALL SELECT MIN(resume_at) FROM campaigns WHERE status = 'waiting_window'
                UNION ALL SELECT MIN(next_run_at) FROM series WHERE stopped_at IS NULL) AS due",
            db_args![],
            |r| r.get(0),
        )
    }

    /// Whether anything is scheduled, waiting for its window, sending, or due to recur: what
    /// keeps the app in the tray when its window closes, and makes quitting ask.
    pub fn pending_work(&self) -> Result<bool> {
        self.db().query_one(
            "SELECT EXISTS (SELECT 1 FROM campaigns WHERE status IN ('scheduled', 'waiting_window', 'running'))
                 OR EXISTS (SELECT 1 FROM series WHERE stopped_at IS NULL AND next_run_at IS NOT NULL)",
            db_args![],
            |r| r.get(0),
        )
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
        // Immediate: the claim below reads and moves `next_run_at` under the write lock, so two
        // schedulers cannot both see it at `due`.
        let id = self.db().transaction(Begin::Immediate, |tx| {
            let claimed = tx.execute(
                "UPDATE series SET next_run_at = ?3 WHERE id = ?1 AND next_run_at = ?2 AND stopped_at IS NULL",
                db_args![series_id, due, next],
            )?;
            if claimed == 0 {
                return Ok(None);
            }
            let id = match audience {
                RunAudience::Draft { id, recipient } => insert_from_draft(tx, id, spec, recipient)?,
                RunAudience::CopyOf(first) => {
                    let id = insert_campaign(tx, spec, &mut std::iter::empty())?;
                    // The same people with the same values; rows skipped then are skipped again
                    // (with their reason), and the contact rules are applied again at the start.
                    // (The casts give PostgreSQL the types of arguments it only selects.)
                    let total = tx.execute(
                        "INSERT INTO recipients (campaign_id, row_no, openid, data, state, reason, updated_at, page)
                         SELECT CAST(?1 AS BIGINT), row_no, openid, data,
                                CASE WHEN state = 'skipped' THEN 'skipped' ELSE 'pending' END,
                                CASE WHEN state = 'skipped' THEN reason END, CAST(?3 AS BIGINT), page
                         FROM recipients WHERE campaign_id = ?2 ORDER BY id",
                        db_args![id, first, now_ms()],
                    )?;
                    tx.execute("UPDATE campaigns SET total = ?2 WHERE id = ?1", db_args![id, total as i64])?;
                    id
                }
                RunAudience::Refused(reason) => {
                    let id = insert_campaign(tx, spec, &mut std::iter::empty())?;
                    let reason =
                        serde_json::to_string(&reason).map_err(|e| CoreError::Internal(e.to_string()))?;
                    tx.execute(
                        "UPDATE campaigns SET status = 'stopped', status_reason = ?2, finished_at = ?3 WHERE id = ?1",
                        db_args![id, reason, now_ms()],
                    )?;
                    id
                }
            };
            Ok(Some(id))
        })?;
        if id.is_some() {
            debug_assert_eq!(spec.kind, CampaignKind::Campaign);
        }
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db_args;
    use crate::model::{ReasonKind, RecipientState, Timing};
    use crate::store::testing::{on_both_engines, test_account, test_campaign, test_draft};

    fn spec(account_id: i64, series_id: Option<i64>) -> NewCampaign {
        NewCampaign { name: "daily".into(), series_id, ..test_campaign(account_id) }
    }

    fn recipient(row_no: u32, state: RecipientState) -> Result<NewRecipient> {
        Ok(NewRecipient {
            row_no,
            openid: format!("o{row_no}"),
            data: Default::default(),
            page: None,
            state,
            reason: (state == RecipientState::Skipped).then(|| "bad row".into()),
            origin_id: None,
        })
    }

    fn new_series(account_id: i64) -> NewSeries {
        NewSeries {
            account_id,
            name: "daily".into(),
            repeat: Repeat::from_text("daily 10:00").unwrap(),
            timezone: "Asia/Shanghai".into(),
            audience: SeriesAudience::Reuse,
            source: Some(r#"{"source":{"path":"/data/x.csv"}}"#.into()),
            next_run_at: None,
            created_by: "me".into(),
        }
    }

    /// The state of each row of `campaign`, and its total.
    fn rows(store: &Store, campaign: i64) -> (Vec<String>, i64) {
        let states = store
            .db()
            .query(
                "SELECT state FROM recipients WHERE campaign_id = ?1 ORDER BY id",
                db_args![campaign],
                |r| r.get(0),
            )
            .unwrap();
        let total = store
            .db()
            .query_one("SELECT total FROM campaigns WHERE id = ?1", db_args![campaign], |r| r.get(0))
            .unwrap();
        (states, total)
    }

    #[test]
    fn a_series_makes_each_run_once_and_the_scheduler_finds_what_is_due() {
        on_both_engines(|mut store| {
            let account = test_account(&store);
            assert!(!store.pending_work().unwrap());
            assert_eq!(store.next_wake().unwrap(), None);

            let id = store.insert_series(&new_series(account)).unwrap();
            let series = store.series(id).unwrap();
            assert_eq!((series.source_file.as_deref(), series.next_run_at), (Some("/data/x.csv"), None));
            assert!(store.series_source(id).unwrap().is_some());
            assert!(matches!(store.series(id + 1), Err(CoreError::NotFound { .. })));
            let first = store
                .db()
                .transaction(Begin::Deferred, |tx| {
                    let mut audience = [
                        recipient(2, RecipientState::Pending),
                        recipient(3, RecipientState::Skipped),
                        recipient(4, RecipientState::Pending),
                    ]
                    .into_iter();
                    insert_campaign(tx, &spec(account, Some(id)), &mut audience)
                })
                .unwrap();
            store.set_series_first_run(id, first, Some(1_000)).unwrap();
            assert!(store.pending_work().unwrap());
            assert_eq!(store.next_wake().unwrap(), Some(1_000));
            assert!(store.due_series(999).unwrap().is_empty());
            assert_eq!(store.due_series(1_000).unwrap().iter().map(|s| s.id).collect::<Vec<_>>(), [id]);
            assert_eq!(store.series_list(None).unwrap().len(), 1);
            assert_eq!(store.series_list(Some(account)).unwrap()[0].first_campaign_id, Some(first));
            assert!(store.series_list(Some(account + 1)).unwrap().is_empty());

            // The run due at 1 000 is made once, whoever asks second.
            let copy = store
                .create_series_run(
                    id,
                    1_000,
                    Some(2_000),
                    &spec(account, Some(id)),
                    RunAudience::CopyOf(first),
                )
                .unwrap()
                .unwrap();
            assert_eq!(
                store
                    .create_series_run(
                        id,
                        1_000,
                        Some(2_000),
                        &spec(account, Some(id)),
                        RunAudience::CopyOf(first)
                    )
                    .unwrap(),
                None
            );
            assert_eq!(rows(&store, copy), (vec!["pending".into(), "skipped".into(), "pending".into()], 3));
            assert_eq!(store.series(id).unwrap().next_run_at, Some(2_000));

            let why = StatusReason {
                kind: ReasonKind::Interrupted,
                errcode: None,
                failure: None,
                message: "no file".into(),
            };
            let refused = store
                .create_series_run(
                    id,
                    2_000,
                    Some(3_000),
                    &spec(account, Some(id)),
                    RunAudience::Refused(why),
                )
                .unwrap()
                .unwrap();
            let status: String = store
                .db()
                .query_one("SELECT status FROM campaigns WHERE id = ?1", db_args![refused], |r| r.get(0))
                .unwrap();
            assert_eq!(status, "stopped");

            let draft = test_draft(account);
            let draft = store
                .insert_draft(
                    &draft,
                    &mut (2..4).map(|row_no| {
                        Ok(DraftRow { row_no, cells: vec![format!("o{row_no}")], number_columns: Vec::new() })
                    }),
                )
                .unwrap();
            let mut from_row = |row: DraftRow| recipient(row.row_no, RecipientState::Pending);
            let reread = store
                .create_series_run(
                    id,
                    3_000,
                    Some(4_000),
                    &spec(account, Some(id)),
                    RunAudience::Draft { id: draft, recipient: &mut from_row },
                )
                .unwrap()
                .unwrap();
            assert_eq!(rows(&store, reread), (vec!["pending".into(), "pending".into()], 2));
            assert!(store.campaign_draft(draft).is_err(), "the draft became the run");

            let mut scheduled = spec(account, None);
            scheduled.timing = Timing {
                scheduled_at: Some(500),
                window: Some(SendWindow { start: 540, end: 1_020 }),
                timezone: Some("Asia/Shanghai".into()),
                grace_minutes: 30,
            };
            let later = store
                .db()
                .transaction(Begin::Deferred, |tx| insert_campaign(tx, &scheduled, &mut std::iter::empty()))
                .unwrap();
            assert_eq!(store.next_wake().unwrap(), Some(500));
            assert!(store.due_campaigns(499).unwrap().is_empty());
            assert_eq!(
                store.due_campaigns(500).unwrap(),
                [DueCampaign {
                    id: later,
                    status: CampaignStatus::Scheduled,
                    scheduled_at: Some(500),
                    resume_at: None,
                    window: Some(SendWindow { start: 540, end: 1_020 }),
                    timezone: Some("Asia/Shanghai".into()),
                    grace_minutes: 30,
                }]
            );

            // A series that made runs is not deleted; one that made none is.
            store.delete_series(id).unwrap();
            let stopped = store.stop_series(id).unwrap();
            assert!(stopped.stopped_at.is_some() && stopped.next_run_at.is_none());
            assert_eq!(store.next_wake().unwrap(), Some(500));
            let unused = store.insert_series(&new_series(account)).unwrap();
            store.delete_series(unused).unwrap();
            assert!(store.series(unused).is_err());
            assert_eq!(store.series_list(None).unwrap().iter().map(|s| s.id).collect::<Vec<_>>(), [id]);
        });
    }
}
