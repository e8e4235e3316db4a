//! An account's contact rules: the suppression list (who it never messages, kept by people
//! and, optionally, by WeChat's 43101 answers) and the frequency cap.

use super::Desk;
use crate::audience::looks_like_openid;
use crate::model::{AuditAction, AuditDetail, FrequencyCap, SuppressionAdded, SuppressionList};
use crate::{Bilingual, CoreError, Result};

/// Entries shown at most in one page of the list.
pub const SUPPRESSION_PAGE: u32 = 500;

/// The openids in a paste: separated by lines, spaces, commas or semicolons (a column copied
/// from a spreadsheet, or a line typed by hand), each once, in order; the pieces that are not
/// openids apart.
fn openids_in(text: &str) -> (Vec<String>, Vec<String>) {
    let mut openids: Vec<String> = Vec::new();
    let mut not_openids = Vec::new();
    let pieces = text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '，' | '；' | '、'));
    for piece in pieces.map(|p| p.trim_matches(|c| c == '"' || c == '\'')).filter(|p| !p.is_empty()) {
        if !looks_like_openid(piece) {
            not_openids.push(piece.to_string());
        } else if !openids.iter().any(|o| o == piece) {
            openids.push(piece.to_string());
        }
    }
    (openids, not_openids)
}

impl Desk {
    /// A page of an account's suppression list: the newest entries whose openid or note
    /// contains `search`.
    pub async fn suppression_list(&self, account_id: i64, search: String) -> Result<SuppressionList> {
        self.with_store(move |store, _| {
            store.account(account_id)?;
            store.suppression_list(account_id, search.trim(), SUPPRESSION_PAGE)
        })
        .await
    }

    /// Puts the openids found in `text` on the list, with the user's `note`. Refused when the
    /// text holds no openid at all; pieces that are not openids are returned, not added.
    pub async fn suppress(&self, account_id: i64, text: String, note: String) -> Result<SuppressionAdded> {
        let (openids, not_openids) = openids_in(&text);
        if openids.is_empty() {
            return Err(CoreError::InvalidOpenid(Bilingual::new(
                "no openid found: paste one openid per line (28 letters, digits, - or _)",
                "没有找到 openid：请每行粘贴一个 openid（由 28 位字母、数字、- 或 _ 组成）",
            )));
        }
        let user = self.user.clone();
        let (added, name) = self
            .with_store(move |store, _| {
                let name = store.account(account_id)?.name;
                let added = store.add_suppressed(account_id, &openids, note.trim(), &user)?;
                Ok((SuppressionAdded { not_openids, ..added }, name))
            })
            .await?;
        let detail = AuditDetail { rows: Some(u64::from(added.added)), ..AuditDetail::default() };
        self.audit_account(AuditAction::SuppressionAdded, account_id, name, detail).await;
        Ok(added)
    }

    /// Takes openids off the list. Returns how many were on it.
    pub async fn unsuppress(&self, account_id: i64, openids: Vec<String>) -> Result<u32> {
        let (removed, name) = self
            .with_store(move |store, _| {
                let name = store.account(account_id)?.name;
                Ok((store.remove_suppressed(account_id, &openids)?, name))
            })
            .await?;
        let detail = AuditDetail { rows: Some(u64::from(removed)), ..AuditDetail::default() };
        self.audit_account(AuditAction::SuppressionRemoved, account_id, name, detail).await;
        Ok(removed)
    }

    /// Whether WeChat's 43101 answers put people on the account's list from now on.
    pub async fn set_suppress_refusals(&self, account_id: i64, on: bool) -> Result<()> {
        self.with_store(move |store, _| {
            store.account(account_id)?;
            store.set_suppress_refusals(account_id, on)
        })
        .await
    }
}

fn check_cap(cap: FrequencyCap) -> Result<FrequencyCap> {
    let (max_n, max_d) = (FrequencyCap::MAX_MESSAGES, FrequencyCap::MAX_DAYS);
    if !(1..=max_n).contains(&cap.max_messages) || !(1..=max_d).contains(&cap.per_days) {
        return Err(CoreError::InvalidInput(Bilingual::field(
            "frequencyCap",
            format_args!("a frequency cap is 1–{max_n} messages within 1–{max_d} days"),
            format_args!("频次上限应为 1–{max_d} 天内最多 1–{max_n} 条"),
        )));
    }
    Ok(cap)
}

impl Desk {
    /// The account's frequency cap, if it has one.
    pub async fn frequency_cap(&self, account_id: i64) -> Result<Option<FrequencyCap>> {
        self.with_store(move |store, _| {
            store.account(account_id)?;
            store.frequency_cap(account_id)
        })
        .await
    }

    /// Sets the account's frequency cap (`None` removes it). Every campaign started from now on
    /// skips the people who reached it.
    pub async fn set_frequency_cap(&self, account_id: i64, cap: Option<FrequencyCap>) -> Result<()> {
        let cap = cap.map(check_cap).transpose()?;
        self.with_store(move |store, _| {
            store.account(account_id)?;
            store.set_frequency_cap(account_id, cap)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::openids_in;

    #[test]
    fn a_paste_is_split_on_lines_spaces_and_commas_and_kept_in_order_once() {
        let text = "oPtYgjmUhBel31iEl2hpChYgCfrL\r\n oAAAAAAAAAAAAAAAAAAAAAAAAAA1, \"oAAAAAAAAAAAAAAAAAAAAAAAAAA1\"；张三\n\n12";
        let (openids, not_openids) = openids_in(text);
        assert_eq!(openids, ["oPtYgjmUhBel31iEl2hpChYgCfrL", "oAAAAAAAAAAAAAAAAAAAAAAAAAA1"]);
        assert_eq!(not_openids, ["张三", "12"]);
    }
}
