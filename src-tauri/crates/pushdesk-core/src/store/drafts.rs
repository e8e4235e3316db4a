//! Drafts: a recipient file read once into the database, with the wizard's choices. What the
//! user validated and previewed is what becomes the campaign, even if the file changes on disk
//! afterwards. The draft's source and settings are stored as JSON documents the draft use
//! cases own.

use super::campaigns::insert_campaign;
use super::db::{Begin, Db, DbRow, Tx};
use super::Store;
use crate::db_args;
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

fn draft_row(r: &DbRow<'_>) -> Result<DraftRow> {
    let cells: String = r.get(1)?;
    let numbers: Option<String> = r.get(2)?;
    Ok(DraftRow {
        // Written by `insert_draft` from a u32.
        row_no: r.get::<i64>(0)? as u32,
        cells: serde_json::from_str(&cells).unwrap_or_default(),
        number_columns: numbers.and_then(|n| serde_json::from_str(&n).ok()).unwrap_or_default(),
    })
}

fn from_row(r: &DbRow<'_>) -> Result<StoredDraft> {
    let headers: String = r.get("headers")?;
    Ok(StoredDraft {
        id: r.get("id")?,
        account_id: r.get("account_id")?,
        source: r.get("source")?,
        headers: serde_json::from_str(&headers).unwrap_or_default(),
        // Counted by `insert_draft`, at most one per u32 row number.
        row_count: r.get::<i64>("row_count")? as u32,
        settings: r.get("settings")?,
        created_by: r.get("created_by")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// How many rows of a draft are read at a time. A draft may hold a million rows, and on
/// PostgreSQL a query is read to its end before the connection runs anything else (the
/// campaign's inserts, or what a visitor does with the store): pages keep both in bounds.
const DRAFT_PAGE: i64 = 1000;

/// The next at most `limit` rows of a draft after row number `after`, in file order.
fn draft_rows_after(db: &Db, draft_id: i64, after: i64, limit: i64) -> Result<Vec<DraftRow>> {
    db.query(
        "SELECT row_no, cells, number_columns FROM draft_rows WHERE draft_id = ?1 AND row_no > ?2
         ORDER BY row_no LIMIT ?3",
        db_args![draft_id, after, limit],
        draft_row,
    )
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
        self.db().transaction(Begin::Deferred, |tx| {
            let id: i64 = tx.query_one(
                "INSERT INTO drafts (account_id, source, headers, row_count, settings, created_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?6)
                 RETURNING id",
                db_args![draft.account_id, draft.source, headers, draft.settings, draft.created_by, now],
                |r| r.get(0),
            )?;
            let mut count: i64 = 0;
            for row in rows {
                let row = row?;
                let numbers = (!row.number_columns.is_empty())
                    .then(|| serde_json::to_string(&row.number_columns))
                    .transpose()
                    .map_err(|e| CoreError::Internal(e.to_string()))?;
                tx.execute(
                    "INSERT INTO draft_rows (draft_id, row_no, cells, number_columns) VALUES (?1, ?2, ?3, ?4)",
                    db_args![id, i64::from(row.row_no), cells_json(&row.cells)?, numbers],
                )?;
                count += 1;
            }
            tx.execute("UPDATE drafts SET row_count = ?2 WHERE id = ?1", db_args![id, count])?;
            Ok(id)
        })
    }

    /// One draft.
    pub fn campaign_draft(&self, id: i64) -> Result<StoredDraft> {
        self.db()
            .query_opt(&format!("SELECT {COLUMNS} FROM drafts WHERE id = ?1"), db_args![id], from_row)?
            .ok_or_else(|| CoreError::NotFound { what: Missing::Draft, name: id.to_string() })
    }

    /// Replaces a draft's settings.
    pub fn update_draft_settings(&self, id: i64, settings: &str) -> Result<()> {
        let changed = self.db().execute(
            "UPDATE drafts SET settings = ?2, updated_at = ?3 WHERE id = ?1",
            db_args![id, settings, now_ms()],
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
        let mut left = i64::from(limit);
        // Before every row number (a u32).
        let mut after = -1;
        while left > 0 {
            let page = draft_rows_after(self.db(), id, after, left.min(DRAFT_PAGE))?;
            let read = page.len() as i64;
            for row in page {
                after = i64::from(row.row_no);
                visit(row)?;
            }
            if read < left.min(DRAFT_PAGE) {
                break;
            }
            left -= read;
        }
        Ok(())
    }

    /// Deletes a draft and its rows.
    pub fn delete_draft(&self, id: i64) -> Result<()> {
        self.db().execute("DELETE FROM drafts WHERE id = ?1", db_args![id])?;
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
        self.db().transaction(Begin::Deferred, |tx| insert_from_draft(tx, draft_id, spec, recipient))
    }
}

/// Inserts the campaign `spec` with the draft's rows as its audience and deletes the draft,
/// inside `tx`.
pub(super) fn insert_from_draft(
    tx: &Tx<'_>,
    draft_id: i64,
    spec: &NewCampaign,
    recipient: &mut dyn FnMut(DraftRow) -> Result<NewRecipient>,
) -> Result<i64> {
    let mut page = Vec::new().into_iter();
    // Before every row number (a u32).
    let mut after = -1;
    let mut last_page = false;
    let mut next = || -> Option<Result<NewRecipient>> {
        loop {
            if let Some(row) = page.next() {
                return Some(recipient(row));
            }
            if last_page {
                return None;
            }
            let rows = match draft_rows_after(tx, draft_id, after, DRAFT_PAGE) {
                Ok(rows) => rows,
                Err(e) => return Some(Err(e)),
            };
            last_page = (rows.len() as i64) < DRAFT_PAGE;
            if let Some(row) = rows.last() {
                after = i64::from(row.row_no);
            }
            page = rows.into_iter();
        }
    };
    let id = insert_campaign(tx, spec, &mut std::iter::from_fn(&mut next))?;
    tx.execute("DELETE FROM drafts WHERE id = ?1", db_args![draft_id])?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RecipientState;
    use crate::store::testing::{on_both_engines, test_account, test_campaign, test_draft};

    /// More rows than a page, so reading them crosses pages.
    const ROWS: u32 = 2 * DRAFT_PAGE as u32 + 5;

    fn rows() -> impl Iterator<Item = Result<DraftRow>> {
        (2..ROWS + 2).map(|row_no| {
            Ok(DraftRow {
                row_no,
                cells: vec![format!("o{row_no}")],
                number_columns: if row_no == 2 { vec![0] } else { Vec::new() },
            })
        })
    }

    fn spec(account_id: i64) -> NewCampaign {
        test_campaign(account_id)
    }

    fn recipient(row: DraftRow) -> Result<NewRecipient> {
        Ok(NewRecipient {
            row_no: row.row_no,
            openid: row.cells[0].clone(),
            data: Default::default(),
            page: None,
            state: RecipientState::Pending,
            reason: None,
            origin_id: None,
        })
    }

    #[test]
    fn a_draft_keeps_its_rows_in_file_order_and_becomes_a_campaign_once() {
        on_both_engines(|mut store| {
            let account = test_account(&store);
            let id = store.insert_draft(&test_draft(account), &mut rows()).unwrap();
            let stored = store.campaign_draft(id).unwrap();
            assert_eq!((stored.row_count, stored.headers.clone()), (ROWS, vec!["openid".to_string()]));

            let mut head = Vec::new();
            store
                .visit_draft_rows_head(id, 3, &mut |row| {
                    head.push(row);
                    Ok(())
                })
                .unwrap();
            assert_eq!(head.iter().map(|r| r.row_no).collect::<Vec<_>>(), [2, 3, 4]);
            assert_eq!(
                (head[0].number_columns.clone(), head[1].cells.clone()),
                (vec![0], vec!["o3".to_string()])
            );
            for limit in [DRAFT_PAGE as u32, DRAFT_PAGE as u32 + 1, ROWS + 10] {
                let mut count = 0;
                store
                    .visit_draft_rows_head(id, limit, &mut |_| {
                        count += 1;
                        Ok(())
                    })
                    .unwrap();
                assert_eq!(count, limit.min(ROWS));
            }
            let mut all = Vec::new();
            store
                .visit_draft_rows(id, &mut |row| {
                    all.push(row.row_no);
                    Ok(())
                })
                .unwrap();
            assert_eq!(all, (2..ROWS + 2).collect::<Vec<_>>());

            store.update_draft_settings(id, "{\"rate\":5}").unwrap();
            assert_eq!(store.campaign_draft(id).unwrap().settings, "{\"rate\":5}");
            assert!(matches!(store.update_draft_settings(id + 1, "{}"), Err(CoreError::NotFound { .. })));

            // A row refused half-way leaves the draft as it was and no campaign.
            let refused = store.campaign_from_draft(id, &spec(account), &mut |row| {
                if row.row_no == DRAFT_PAGE as u32 + 7 {
                    return Err(CoreError::Internal("refused".into()));
                }
                recipient(row)
            });
            assert!(refused.is_err());
            assert_eq!(store.campaign_draft(id).unwrap().row_count, ROWS);
            let campaigns: i64 =
                store.db().query_one("SELECT COUNT(*) FROM campaigns", db_args![], |r| r.get(0)).unwrap();
            assert_eq!(campaigns, 0);

            let campaign = store.campaign_from_draft(id, &spec(account), &mut recipient).unwrap();
            let (total, stored_rows, last): (i64, i64, String) = store
                .db()
                .query_one(
                    "SELECT total, (SELECT COUNT(*) FROM recipients WHERE campaign_id = ?1),
                            (SELECT openid FROM recipients WHERE campaign_id = ?1 ORDER BY id DESC LIMIT 1)
                     FROM campaigns WHERE id = ?1",
                    db_args![campaign],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap();
            assert_eq!(
                (total, stored_rows, last),
                (i64::from(ROWS), i64::from(ROWS), format!("o{}", ROWS + 1))
            );
            assert!(matches!(store.campaign_draft(id), Err(CoreError::NotFound { .. })), "the draft is gone");

            let other = store.insert_draft(&test_draft(account), &mut rows()).unwrap();
            store.delete_draft(other).unwrap();
            assert!(matches!(store.campaign_draft(other), Err(CoreError::NotFound { .. })));
        });
    }
}
