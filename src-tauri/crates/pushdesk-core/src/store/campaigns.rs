//! Campaigns and their audience snapshots: creation (one transaction, whatever the audience's
//! size) and reads. Moves of a campaign's life are in `runs.rs`.

use super::approval::{approval_state, Viewer};
use super::db::{Begin, ColumnIndex, DbRow, Tx};
use super::Store;
use crate::account::AccountKind;
use crate::db_args;
use crate::model::lifecycle::{allowed_actions, can_archive, ApprovalState, Standing};
use crate::model::{
    now_ms, Campaign, CampaignKind, CampaignStatus, Counts, ErrcodeCount, MessageChannel, NewCampaign,
    NewRecipient, RecipientRow, RecipientState,
};
use crate::schedule::SendWindow;
use crate::{Bilingual, CoreError, Missing, Result};

const COLUMNS: &str =
    "id, account_id, kind, channel, name, template_id, template_title, message, status, status_reason,
     rate, concurrency, parent_id, created_by, created_at, started_at, finished_at, archived_at,
     scheduled_at, window_start, window_end, timezone, grace_minutes, resume_at, series_id,
     approved_by, approved_at,
     (SELECT next_run_at FROM series s WHERE s.id = campaigns.series_id AND s.stopped_at IS NULL) AS next_run_at";

fn json_err(e: serde_json::Error) -> CoreError {
    CoreError::Internal(format!("stored JSON is unreadable: {e}"))
}

/// A stored value this version cannot read: the error SQLite's own conversion gives, whichever
/// engine holds the row.
fn unreadable(col: &str) -> CoreError {
    CoreError::from(rusqlite::Error::InvalidColumnType(0, col.into(), rusqlite::types::Type::Text))
}

/// An integer column read as the narrower type the model keeps it in: both engines store every
/// integer as 64 bits (PostgreSQL's BIGINT reads only into an `i64`).
fn narrow<T: TryFrom<i64>>(row: &DbRow<'_>, col: impl ColumnIndex) -> Result<T> {
    let wide: i64 = row.get(col)?;
    T::try_from(wide).map_err(|_| CoreError::from(rusqlite::Error::IntegralValueOutOfRange(0, wide)))
}

/// [`narrow`] for a column that may be NULL.
fn narrow_opt<T: TryFrom<i64>>(row: &DbRow<'_>, col: impl ColumnIndex) -> Result<Option<T>> {
    let wide: Option<i64> = row.get(col)?;
    wide.map(|w| T::try_from(w).map_err(|_| CoreError::from(rusqlite::Error::IntegralValueOutOfRange(0, w))))
        .transpose()
}

fn from_row(row: &DbRow<'_>) -> Result<Campaign> {
    let text = |i: &str| -> Result<String> { row.get(i) };
    let message: String = text("message")?;
    let reason: Option<String> = row.get("status_reason")?;
    Ok(Campaign {
        id: row.get("id")?,
        account_id: row.get("account_id")?,
        kind: CampaignKind::parse(&text("kind")?).ok_or_else(|| unreadable("kind"))?,
        channel: MessageChannel::parse(&text("channel")?).ok_or_else(|| unreadable("channel"))?,
        name: text("name")?,
        template_id: text("template_id")?,
        template_title: text("template_title")?,
        message: serde_json::from_str(&message).map_err(|_| unreadable("message"))?,
        status: CampaignStatus::parse(&text("status")?).ok_or_else(|| unreadable("status"))?,
        status_reason: reason.and_then(|r| serde_json::from_str(&r).ok()),
        rate: narrow(row, "rate")?,
        concurrency: narrow(row, "concurrency")?,
        counts: Counts::default(),
        actions: Vec::new(),
        parent_id: row.get("parent_id")?,
        created_by: text("created_by")?,
        created_at: row.get("created_at")?,
        started_at: row.get("started_at")?,
        finished_at: row.get("finished_at")?,
        archived_at: row.get("archived_at")?,
        scheduled_at: row.get("scheduled_at")?,
        window: match (narrow_opt::<u16>(row, "window_start")?, narrow_opt::<u16>(row, "window_end")?) {
            (Some(start), Some(end)) => Some(SendWindow { start, end }),
            _ => None,
        },
        timezone: row.get("timezone")?,
        grace_minutes: narrow(row, "grace_minutes")?,
        resume_at: row.get("resume_at")?,
        series_id: row.get("series_id")?,
        next_run_at: row.get("next_run_at")?,
        approval: ApprovalState::NotNeeded,
        approved_by: row.get("approved_by")?,
        approved_at: row.get("approved_at")?,
    })
}

/// Inserts a campaign and its audience, inside `tx`: `scheduled` when it has a time, else
/// `ready`. Returns its id.
pub(super) fn insert_campaign(
    tx: &Tx<'_>,
    spec: &NewCampaign,
    recipients: &mut dyn Iterator<Item = Result<NewRecipient>>,
) -> Result<i64> {
    let message = serde_json::to_string(&spec.message).map_err(json_err)?;
    let now = now_ms();
    let timing = &spec.timing;
    let status =
        if timing.scheduled_at.is_some() { CampaignStatus::Scheduled } else { CampaignStatus::Ready };
    // No such account is the error it always was (SQLite's "no rows"), on either engine.
    let account_kind: String = tx
        .query_opt("SELECT kind FROM accounts WHERE id = ?1", db_args![spec.account_id], |r| r.get(0))?
        .ok_or_else(|| CoreError::from(rusqlite::Error::QueryReturnedNoRows))?;
    let channel = AccountKind::parse(&account_kind).unwrap_or_default().channel();
    let id = tx.query_one(
        "INSERT INTO campaigns (account_id, kind, name, template_id, template_title, message, status,
                                rate, concurrency, total, parent_id, created_by, created_at,
                                scheduled_at, window_start, window_end, timezone, grace_minutes, series_id,
                                channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?12, ?7, ?8, 0, ?9, ?10, ?11, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
         RETURNING id",
        db_args![
            spec.account_id,
            spec.kind.as_str(),
            spec.name,
            spec.template_id,
            spec.template_title,
            message,
            i64::from(spec.rate),
            i64::from(spec.concurrency),
            spec.parent_id,
            spec.created_by,
            now,
            status.as_str(),
            timing.scheduled_at,
            timing.window.map(|w| i64::from(w.start)),
            timing.window.map(|w| i64::from(w.end)),
            timing.timezone,
            i64::from(timing.grace_minutes),
            spec.series_id,
            channel.as_str(),
        ],
        |r| r.get::<i64>(0),
    )?;
    let mut total: i64 = 0;
    for r in recipients {
        let r = r?;
        let data = serde_json::to_string(&r.data).map_err(json_err)?;
        // One statement, prepared once and run per row (both engines cache it by its text).
        tx.execute(
            "INSERT INTO recipients (campaign_id, row_no, openid, data, state, reason, origin_id, updated_at, page)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            db_args![id, i64::from(r.row_no), r.openid, data, r.state.as_str(), r.reason, r.origin_id, now, r.page],
        )?;
        total += 1;
    }
    tx.execute("UPDATE campaigns SET total = ?2 WHERE id = ?1", db_args![id, total])?;
    Ok(id)
}

impl Store {
    /// Creates a campaign with its audience snapshot in one transaction: a process killed
    /// half-way leaves no campaign at all, never a partial audience that could be sent.
    pub fn create_campaign(
        &mut self,
        spec: &NewCampaign,
        recipients: &mut dyn Iterator<Item = Result<NewRecipient>>,
    ) -> Result<i64> {
        self.db().transaction(Begin::Deferred, |tx| insert_campaign(tx, spec, recipients))
    }

    /// One campaign with its counts and the actions allowed now.
    pub fn campaign(&self, id: i64) -> Result<Campaign> {
        let campaign = self
            .db()
            .query_opt(&format!("SELECT {COLUMNS} FROM campaigns WHERE id = ?1"), db_args![id], from_row)?
            .ok_or_else(|| CoreError::NotFound { what: Missing::Campaign, name: id.to_string() })?;
        self.with_counts(campaign, &self.viewer()?)
    }

    fn with_counts(&self, mut campaign: Campaign, viewer: &Viewer) -> Result<Campaign> {
        campaign.counts = self.counts(campaign.id)?;
        campaign.approval = approval_state(
            viewer.threshold,
            campaign.kind,
            campaign.status,
            campaign.counts.total,
            campaign.approved_by.as_deref(),
        );
        campaign.actions = allowed_actions(Standing {
            status: campaign.status,
            counts: &campaign.counts,
            approval: campaign.approval,
        });
        viewer.restrict(&mut campaign);
        Ok(campaign)
    }

    /// Campaigns, newest first, of one account or all; `kinds` limits the kinds listed.
    pub fn campaigns(&self, account_id: Option<i64>, kinds: &[CampaignKind]) -> Result<Vec<Campaign>> {
        // The CAST gives PostgreSQL the type of a parameter tested for NULL.
        let rows = self.db().query(
            &format!(
                "SELECT {COLUMNS} FROM campaigns WHERE (CAST(?1 AS BIGINT) IS NULL OR account_id = ?1)
                 ORDER BY id DESC"
            ),
            db_args![account_id],
            from_row,
        )?;
        let viewer = self.viewer()?;
        rows.into_iter()
            .filter(|c| kinds.is_empty() || kinds.contains(&c.kind))
            .map(|c| self.with_counts(c, &viewer))
            .collect()
    }

    /// Archives a campaign that will send nothing more, or brings it back (`archived` false).
    pub fn set_archived(&mut self, id: i64, archived: bool) -> Result<Campaign> {
        self.db().transaction(Begin::Deferred, |tx| {
            let status: String = tx
                .query_opt("SELECT status FROM campaigns WHERE id = ?1", db_args![id], |r| r.get(0))?
                .ok_or_else(|| CoreError::NotFound { what: Missing::Campaign, name: id.to_string() })?;
            let status = CampaignStatus::parse(&status).unwrap_or(CampaignStatus::Ready);
            if archived && !can_archive(status) {
                return Err(CoreError::Conflict(Bilingual::new(
                    format!(
                        "campaign {id} is {}: only a finished or cancelled campaign can be archived",
                        status.as_str()
                    ),
                    format!("任务 {id} 还没有结束：只有已完成或已取消的任务可以归档"),
                )));
            }
            tx.execute(
                "UPDATE campaigns SET archived_at = CASE WHEN ?2 THEN COALESCE(archived_at, ?3) END WHERE id = ?1",
                db_args![id, archived, now_ms()],
            )?;
            Ok(())
        })?;
        self.campaign(id)
    }

    /// A campaign's attempts that WeChat (or the network) refused, by errcode: what a run's
    /// progress starts from, so a resumed campaign still shows the reasons of earlier runs.
    pub fn errcode_counts(&self, campaign_id: i64) -> Result<Vec<ErrcodeCount>> {
        self.db().query(
            "SELECT errcode, COUNT(*) FROM attempts
             WHERE campaign_id = ?1 AND errcode IS NOT NULL AND errcode != 0 GROUP BY errcode",
            db_args![campaign_id],
            |r| Ok(ErrcodeCount { errcode: r.get(0)?, count: narrow(r, 1)? }),
        )
    }

    /// Row counts by state.
    pub fn counts(&self, campaign_id: i64) -> Result<Counts> {
        let mut counts = Counts::default();
        let rows = self.db().query(
            "SELECT state, COUNT(*) FROM recipients WHERE campaign_id = ?1 GROUP BY state",
            db_args![campaign_id],
            |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)),
        )?;
        for (state, n) in rows {
            if let Some(state) = RecipientState::parse(&state) {
                counts.add(state, n as u32);
            }
        }
        let rows = self.db().query(
            "SELECT delivery, COUNT(*) FROM recipients
             WHERE campaign_id = ?1 AND delivery IS NOT NULL GROUP BY delivery",
            db_args![campaign_id],
            |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)),
        )?;
        for row in rows {
            match row {
                (d, n) if d == "delivered" => counts.delivered = n as u32,
                (_, n) => counts.delivery_failed = n as u32,
            }
        }
        Ok(counts)
    }

    /// Up to `limit` pending rows after `after_id`, in row order: the engine streams the
    /// audience in batches so memory does not grow with it.
    pub fn pending_batch(&self, campaign_id: i64, after_id: i64, limit: u32) -> Result<Vec<RecipientRow>> {
        self.db().query(
            "SELECT id, openid, data, attempts, page FROM recipients
             WHERE campaign_id = ?1 AND state = 'pending' AND id > ?2 ORDER BY id LIMIT ?3",
            db_args![campaign_id, after_id, i64::from(limit)],
            |r| {
                let data: String = r.get(2)?;
                Ok(RecipientRow {
                    id: r.get(0)?,
                    openid: r.get(1)?,
                    data: serde_json::from_str(&data).unwrap_or_default(),
                    attempts: narrow(r, 3)?,
                    page: r.get(4)?,
                })
            },
        )
    }

    /// Each recipient's final state, for the result of a small (direct) send: openid, state,
    /// msgid, errcode, reason.
    #[allow(clippy::type_complexity)]
    pub fn recipient_results(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<(String, RecipientState, Option<String>, Option<i64>, Option<String>)>> {
        self.db().query(
            "SELECT openid, state, msgid, errcode, reason FROM recipients WHERE campaign_id = ?1 ORDER BY id",
            db_args![campaign_id],
            |r| {
                let state: String = r.get(1)?;
                Ok((
                    r.get(0)?,
                    RecipientState::parse(&state).unwrap_or(RecipientState::Unknown),
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                ))
            },
        )
    }
}
