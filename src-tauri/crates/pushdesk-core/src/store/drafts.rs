//! Drafts: a recipient file read once into the database, with the wizard's choices. What the
//! user validated and previewed is what becomes the campaign, even if the file changes on disk
//! afterwards. The draft's source and settings are stored as JSON documents the draft use
//! cases own.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::campaigns::insert_campaign;
use super::Store;
use crate::model::{now_ms, NewCampaign, NewRecipient};
use crate::{CoreError, Missing, Result};

/// A draft as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDraft {
    /// Row id.
    pub id: i64,
    /// The account it sends from.
    pub account_id: i64,
    /// JSON: where the rows came from and how they were read.
    pub source: String,
    /// Column names.
    pub headers: Vec<String>,
    /// Data rows stored.
    pub row_count: u32,
    /// JSON: the wizard's choices.
    pub settings: String,
    /// Who made it.
    pub created_by: String,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds.
    pub updated_at: i64,
}

/// One row of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRow {
    /// The row number the user sees in the file.
    pub row_no: u32,
    /// Its cells, as text.
    pub cells: Vec<String>,
    /// The cells a workbook stored as numbers (an openid stored as a number has lost digits).
    pub number_columns: Vec<usize>,
}

fn draft_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DraftRow> {
    let cells: String = r.get(1)?;
    let numbers: Option<String> = r.get(2)?;
    Ok(DraftRow {
        row_no: r.get(0)?,
        cells: serde_json::from_str(&cells).unwrap_or_default(),
        number_columns: numbers.and_then(|n| serde_json::from_str(&n).ok()).unwrap_or_default(),
    })
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<StoredDraft> {
    let headers: String = r.get("headers")?;
    Ok(StoredDraft {
        id: r.get("id")?,
        account_id: r.get("account_id")?,
        source: r.get("source")?,
        headers: serde_json::from_str(&headers).unwrap_or_default(),
        row_count: r.get("row_count")?,
        settings: r.get("settings")?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

const COLUMNS: &str =
    "id, account_id, source, headers, row_count, settings, created_by, created_at, updated_at";

fn cells_json(cells: &[String]) -> Result<String> {
    serde_json::to_string(cells).map_err(|e| CoreError::Internal(e.to_string()))
}

impl Store {
    /// Stores a draft and all its rows in one transaction: a reader that fails (or a process
    /// killed) half-way leaves no draft. Returns its id.
    pub fn insert_draft(
        &mut self,
        draft: &StoredDraft,
        rows: &mut dyn Iterator<Item = Result<DraftRow>>,
    ) -> Result<i64> {
        let headers =
            serde_json::to_string(&draft.headers).map_err(|e| CoreError::Internal(e.to_string()))?;
        let now = now_ms();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO drafts (account_id, source, headers, row_count, settings, created_by, created_at, updated_at)
             VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?6)",
            params![draft.account_id, draft.source, headers, draft.settings, draft.created_by, now],
        )?;
        let id = tx.last_insert_rowid();
        let mut count: i64 = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO draft_rows (draft_id, row_no, cells, number_columns) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for row in rows {
                let row = row?;
                let numbers = (!row.number_columns.is_empty())
                    .then(|| serde_json::to_string(&row.number_columns))
                    .transpose()
                    .map_err(|e| CoreError::Internal(e.to_string()))?;
                insert.execute(params![id, row.row_no, cells_json(&row.cells)?, numbers])?;
                count += 1;
            }
        }
        tx.execute("UPDATE drafts SET row_count = ?2 WHERE id = ?1", params![id, count])?;
        tx.commit()?;
        Ok(id)
    }

    /// One draft.
    pub fn campaign_draft(&self, id: i64) -> Result<StoredDraft> {
        self.conn()
            .query_row(&format!("SELECT {COLUMNS} FROM drafts WHERE id = ?1"), [id], from_row)
            .optional()?
            .ok_or_else(|| CoreError::NotFound { what: Missing::Draft, name: id.to_string() })
    }

    /// Replaces a draft's settings.
    pub fn update_draft_settings(&self, id: i64, settings: &str) -> Result<()> {
        let changed = self.conn().execute(
            "UPDATE drafts SET settings = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, settings, now_ms()],
        )?;
        if changed == 0 {
            return Err(CoreError::NotFound { what: Missing::Draft, name: id.to_string() });
        }
        Ok(())
    }

    /// Hands every row of a draft to `visit`, in file order, without holding them all.
    pub fn visit_draft_rows(&self, id: i64, visit: &mut dyn FnMut(DraftRow) -> Result<()>) -> Result<()> {
        self.visit_draft_rows_head(id, u32::MAX, visit)
    }

    /// Hands the first `limit` rows of a draft to `visit`, in file order.
    pub fn visit_draft_rows_head(
        &self,
        id: i64,
        limit: u32,
        visit: &mut dyn FnMut(DraftRow) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT row_no, cells, number_columns FROM draft_rows WHERE draft_id = ?1 ORDER BY row_no LIMIT ?2",
        )?;
        let mut rows = stmt.query(params![id, limit])?;
        while let Some(r) = rows.next()? {
            visit(draft_row(r)?)?;
        }
        Ok(())
    }

    /// Deletes a draft and its rows.
    pub fn delete_draft(&self, id: i64) -> Result<()> {
        self.conn().execute("DELETE FROM drafts WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Turns a draft into a campaign in one transaction: every row goes through `recipient`
    /// (validation and rendering), the campaign is stored in state `ready` with its whole
    /// audience, and the draft is deleted. A process killed half-way leaves the draft as it was
    /// and no campaign.
    pub fn campaign_from_draft(
        &mut self,
        draft_id: i64,
        spec: &NewCampaign,
        recipient: &mut dyn FnMut(DraftRow) -> Result<NewRecipient>,
    ) -> Result<i64> {
        let tx = self.conn_mut().transaction()?;
        let id = insert_from_draft(&tx, draft_id, spec, recipient)?;
        tx.commit()?;
        Ok(id)
    }
}

/// Inserts the campaign `spec` with the draft's rows as its audience and deletes the draft,
/// inside `tx`.
pub(super) fn insert_from_draft(
    tx: &Transaction<'_>,
    draft_id: i64,
    spec: &NewCampaign,
    recipient: &mut dyn FnMut(DraftRow) -> Result<NewRecipient>,
) -> Result<i64> {
    let id = {
        let mut stmt = tx.prepare_cached(
            "SELECT row_no, cells, number_columns FROM draft_rows WHERE draft_id = ?1 ORDER BY row_no",
        )?;
        let mut rows = stmt.query([draft_id])?;
        let mut next = || -> Option<Result<NewRecipient>> {
            let row = match rows.next() {
                Ok(Some(row)) => row,
                Ok(None) => return None,
                Err(e) => return Some(Err(e.into())),
            };
            Some(draft_row(row).map_err(Into::into).and_then(&mut *recipient))
        };
        insert_campaign(tx, spec, &mut std::iter::from_fn(&mut next))?
    };
    tx.execute("DELETE FROM drafts WHERE id = ?1", [draft_id])?;
    Ok(id)
}
