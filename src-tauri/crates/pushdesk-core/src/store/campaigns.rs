//! Campaigns and their audience snapshots: creation (one transaction, whatever the audience's
//! size) and reads. Moves of a campaign's life are in `runs.rs`.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::Store;
use crate::account::AccountKind;
use crate::model::lifecycle::{allowed_actions, can_archive};
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
     (SELECT next_run_at FROM series s WHERE s.id = campaigns.series_id AND s.stopped_at IS NULL) AS next_run_at";

fn json_err(e: serde_json::Error) -> CoreError {
    CoreError::Internal(format!("stored JSON is unreadable: {e}"))
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Campaign> {
    let text = |i: &str| -> rusqlite::Result<String> { row.get(i) };
    let bad = |col: &str| rusqlite::Error::InvalidColumnType(0, col.into(), rusqlite::types::Type::Text);
    let message: String = text("message")?;
    let reason: Option<String> = row.get("status_reason")?;
    Ok(Campaign {
        id: row.get("id")?,
        account_id: row.get("account_id")?,
        kind: CampaignKind::parse(&text("kind")?).ok_or_else(|| bad("kind"))?,
        channel: MessageChannel::parse(&text("channel")?).ok_or_else(|| bad("channel"))?,
        name: text("name")?,
        template_id: text("template_id")?,
        template_title: text("template_title")?,
        message: serde_json::from_str(&message).map_err(|_| bad("message"))?,
        status: CampaignStatus::parse(&text("status")?).ok_or_else(|| bad("status"))?,
        status_reason: reason.and_then(|r| serde_json::from_str(&r).ok()),
        rate: row.get("rate")?,
        concurrency: row.get("concurrency")?,
        counts: Counts::default(),
        actions: Vec::new(),
        parent_id: row.get("parent_id")?,
        created_by: text("created_by")?,
        created_at: row.get("created_at")?,
        started_at: row.get("started_at")?,
        finished_at: row.get("finished_at")?,
        archived_at: row.get("archived_at")?,
        scheduled_at: row.get("scheduled_at")?,
        window: match (row.get::<_, Option<u16>>("window_start")?, row.get::<_, Option<u16>>("window_end")?) {
            (Some(start), Some(end)) => Some(SendWindow { start, end }),
            _ => None,
        },
        timezone: row.get("timezone")?,
        grace_minutes: row.get("grace_minutes")?,
        resume_at: row.get("resume_at")?,
        series_id: row.get("series_id")?,
        next_run_at: row.get("next_run_at")?,
    })
}

/// Inserts a campaign and its audience, inside `tx`: `scheduled` when it has a time, else
/// `ready`. Returns its id.
pub(super) fn insert_campaign(
    tx: &Transaction<'_>,
    spec: &NewCampaign,
    recipients: &mut dyn Iterator<Item = Result<NewRecipient>>,
) -> Result<i64> {
    let message = serde_json::to_string(&spec.message).map_err(json_err)?;
    let now = now_ms();
    let timing = &spec.timing;
    let status =
        if timing.scheduled_at.is_some() { CampaignStatus::Scheduled } else { CampaignStatus::Ready };
    let account_kind: String =
        tx.query_row("SELECT kind FROM accounts WHERE id = ?1", [spec.account_id], |r| r.get(0))?;
    let channel = AccountKind::parse(&account_kind).unwrap_or_default().channel();
    tx.execute(
        "INSERT INTO campaigns (account_id, kind, name, template_id, template_title, message, status,
                                rate, concurrency, total, parent_id, created_by, created_at,
                                scheduled_at, window_start, window_end, timezone, grace_minutes, series_id,
                                channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?12, ?7, ?8, 0, ?9, ?10, ?11, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            spec.account_id,
            spec.kind.as_str(),
            spec.name,
            spec.template_id,
            spec.template_title,
            message,
            spec.rate,
            spec.concurrency,
            spec.parent_id,
            spec.created_by,
            now,
            status.as_str(),
            timing.scheduled_at,
            timing.window.map(|w| w.start),
            timing.window.map(|w| w.end),
            timing.timezone,
            timing.grace_minutes,
            spec.series_id,
            channel.as_str(),
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO recipients (campaign_id, row_no, openid, data, state, reason, origin_id, updated_at, page)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut total: i64 = 0;
    for r in recipients {
        let r = r?;
        let data = serde_json::to_string(&r.data).map_err(json_err)?;
        insert.execute(params![
            id,
            r.row_no,
            r.openid,
            data,
            r.state.as_str(),
            r.reason,
            r.origin_id,
            now,
            r.page
        ])?;
        total += 1;
    }
    tx.execute("UPDATE campaigns SET total = ?2 WHERE id = ?1", params![id, total])?;
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
        let tx = self.conn_mut().transaction()?;
        let id = insert_campaign(&tx, spec, recipients)?;
        tx.commit()?;
        Ok(id)
    }

    /// One campaign with its counts and the actions allowed now.
    pub fn campaign(&self, id: i64) -> Result<Campaign> {
        let campaign = self
            .conn()
            .query_row(&format!("SELECT {COLUMNS} FROM campaigns WHERE id = ?1"), [id], from_row)
            .optional()?
            .ok_or_else(|| CoreError::NotFound { what: Missing::Campaign, name: id.to_string() })?;
        self.with_counts(campaign)
    }

    fn with_counts(&self, mut campaign: Campaign) -> Result<Campaign> {
        campaign.counts = self.counts(campaign.id)?;
        campaign.actions = allowed_actions(campaign.status, &campaign.counts);
        Ok(campaign)
    }

    /// Campaigns, newest first, of one account or all; `kinds` limits the kinds listed.
    pub fn campaigns(&self, account_id: Option<i64>, kinds: &[CampaignKind]) -> Result<Vec<Campaign>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM campaigns WHERE (?1 IS NULL OR account_id = ?1) ORDER BY id DESC"
        ))?;
        let rows = stmt.query_map([account_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .filter(|c| kinds.is_empty() || kinds.contains(&c.kind))
            .map(|c| self.with_counts(c))
            .collect()
    }

    /// Archives a campaign that will send nothing more, or brings it back (`archived` false).
    pub fn set_archived(&mut self, id: i64, archived: bool) -> Result<Campaign> {
        let tx = self.conn_mut().transaction()?;
        let status: String = tx
            .query_row("SELECT status FROM campaigns WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
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
            params![id, archived, now_ms()],
        )?;
        tx.commit()?;
        self.campaign(id)
    }

    /// A campaign's attempts that WeChat (or the network) refused, by errcode: what a run's
    /// progress starts from, so a resumed campaign still shows the reasons of earlier runs.
    pub fn errcode_counts(&self, campaign_id: i64) -> Result<Vec<ErrcodeCount>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT errcode, COUNT(*) FROM attempts
             WHERE campaign_id = ?1 AND errcode IS NOT NULL AND errcode != 0 GROUP BY errcode",
        )?;
        let rows =
            stmt.query_map([campaign_id], |r| Ok(ErrcodeCount { errcode: r.get(0)?, count: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Row counts by state.
    pub fn counts(&self, campaign_id: i64) -> Result<Counts> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT state, COUNT(*) FROM recipients WHERE campaign_id = ?1 GROUP BY state")?;
        let mut counts = Counts::default();
        let rows = stmt.query_map([campaign_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (state, n) = row?;
            if let Some(state) = RecipientState::parse(&state) {
                counts.add(state, n as u32);
            }
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT delivery, COUNT(*) FROM recipients
             WHERE campaign_id = ?1 AND delivery IS NOT NULL GROUP BY delivery",
        )?;
        let rows = stmt.query_map([campaign_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            match row? {
                (d, n) if d == "delivered" => counts.delivered = n as u32,
                (_, n) => counts.delivery_failed = n as u32,
            }
        }
        Ok(counts)
    }

    /// Up to `limit` pending rows after `after_id`, in row order: the engine streams the
    /// audience in batches so memory does not grow with it.
    pub fn pending_batch(&self, campaign_id: i64, after_id: i64, limit: u32) -> Result<Vec<RecipientRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, openid, data, attempts, page FROM recipients
             WHERE campaign_id = ?1 AND state = 'pending' AND id > ?2 ORDER BY id LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![campaign_id, after_id, limit], |r| {
            let data: String = r.get(2)?;
            Ok(RecipientRow {
                id: r.get(0)?,
                openid: r.get(1)?,
                data: serde_json::from_str(&data).unwrap_or_default(),
                attempts: r.get(3)?,
                page: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each recipient's final state, for the result of a small (direct) send: openid, state,
    /// msgid, errcode, reason.
    #[allow(clippy::type_complexity)]
    pub fn recipient_results(
        &self,
        campaign_id: i64,
    ) -> Result<Vec<(String, RecipientState, Option<String>, Option<i64>, Option<String>)>> {
        let mut stmt = self.conn().prepare(
            "SELECT openid, state, msgid, errcode, reason FROM recipients WHERE campaign_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([campaign_id], |r| {
            let state: String = r.get(1)?;
            Ok((
                r.get(0)?,
                RecipientState::parse(&state).unwrap_or(RecipientState::Unknown),
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
