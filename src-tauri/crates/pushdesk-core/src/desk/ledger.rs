//! The subscription ledger's use cases: look it up, and import grants a company counts itself.

use std::path::PathBuf;

use super::Desk;
use crate::ledger::{LedgerEntry, TemplateLedger};
use crate::{Bilingual, CoreError, Result};

/// `ledger import` files: one row per user and template.
pub const LEDGER_COLUMNS: [&str; 3] = ["openid", "template_id", "count"];

impl Desk {
    /// The ledger's users and templates, narrowed to a template and/or a user.
    pub async fn ledger_entries(
        &self,
        account_id: i64,
        template_id: Option<String>,
        openid: Option<String>,
        limit: usize,
    ) -> Result<Vec<LedgerEntry>> {
        self.with_store(move |store, _| {
            store.ledger_entries(account_id, template_id.as_deref(), openid.as_deref(), limit)
        })
        .await
    }

    /// Every template the ledger knows, with totals and 43101 answers over time.
    pub async fn ledger_templates(&self, account_id: i64) -> Result<Vec<TemplateLedger>> {
        self.with_store(move |store, _| store.ledger_templates(account_id)).await
    }

    /// Sets balances from a CSV file with the columns `openid,template_id,count` (a header row
    /// first). The whole file is checked before anything is stored. Returns the rows set.
    pub async fn import_ledger(&self, account_id: i64, path: PathBuf) -> Result<u64> {
        let rows = read_ledger_csv(&path)?;
        self.with_store(move |store, _| {
            store.account(account_id)?;
            store.import_ledger_counts(account_id, &rows)
        })
        .await
    }
}

fn invalid(line: u64, en: impl std::fmt::Display, zh: impl std::fmt::Display) -> CoreError {
    CoreError::InvalidInput(Bilingual::new(format!("line {line}: {en}"), format!("第 {line} 行：{zh}")))
}

fn read_ledger_csv(path: &std::path::Path) -> Result<Vec<(String, String, u32)>> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|e| CoreError::io(Bilingual::new(format!("opening {shown}"), format!("打开 {shown}")), e))?;
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(file);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| invalid(1, e, "不是 CSV 文件"))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    if headers != LEDGER_COLUMNS {
        return Err(invalid(
            1,
            format!("the columns must be {}", LEDGER_COLUMNS.join(",")),
            format!("列必须是 {}", LEDGER_COLUMNS.join(",")),
        ));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| invalid(e.position().map_or(i as u64 + 2, |p| p.line()), &e, "无法读取"))?;
        // The file's own line, also after a cell that spans lines.
        let line = record.position().map_or(i as u64 + 2, |p| p.line());
        let cell = |n: usize| record.get(n).map(str::trim).unwrap_or("");
        let (openid, template_id, count) = (cell(0), cell(1), cell(2));
        if openid.is_empty() && template_id.is_empty() && count.is_empty() {
            continue;
        }
        if !crate::audience::looks_like_openid(openid) {
            return Err(invalid(
                line,
                format!("{openid:?} is not an openid"),
                format!("“{openid}”不是 openid"),
            ));
        }
        if template_id.is_empty() {
            return Err(invalid(line, "the template_id is empty", "template_id 是空的"));
        }
        let count: u32 = count.parse().map_err(|_| {
            invalid(
                line,
                format!("the count {count:?} is not a whole number ≥ 0"),
                format!("次数“{count}”不是大于等于 0 的整数"),
            )
        })?;
        rows.push((openid.to_owned(), template_id.to_owned(), count));
    }
    Ok(rows)
}
