//! Private templates cached per account, so the Templates page and Compose work offline.

use std::collections::HashMap;

use serde::Serialize;

use super::db::{Begin, DbRow, Engine};
use super::Store;
use crate::db_args;
use crate::template::Keyword;
use crate::{CoreError, Result};

/// A private template as synced from WeChat, with its keywords parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncedTemplate {
    /// WeChat's `priTmplId`.
    pub template_id: String,
    /// Title, e.g. 订单发货通知.
    pub title: String,
    /// Raw `content` (may be empty for some new-style templates).
    pub content: String,
    /// WeChat's example text.
    pub example: String,
    /// 2 = one-time subscription, 3 = long-term.
    pub kind: i64,
    /// Keywords in template order.
    pub keywords: Vec<Keyword>,
    /// When it was last synced (RFC 3339, UTC).
    pub synced_at: String,
}

/// What a sync changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncSummary {
    /// Templates new on WeChat.
    pub added: u32,
    /// Templates whose title, content or keywords changed.
    pub updated: u32,
    /// Templates deleted on WeChat, so removed here.
    pub removed: u32,
    /// Templates that did not change.
    pub unchanged: u32,
}

fn from_row(row: &DbRow<'_>) -> Result<SyncedTemplate> {
    let keywords: String = row.get("keywords")?;
    // Written by this module from the same type; an unreadable value shows no keywords rather
    // than hiding the template.
    let mut keywords: Vec<Keyword> = serde_json::from_str(&keywords).unwrap_or_default();
    let example: String = row.get("example")?;
    // Templates synced before keywords carried their example get it here.
    crate::template::attach_examples(&mut keywords, &example);
    Ok(SyncedTemplate {
        template_id: row.get("template_id")?,
        title: row.get("title")?,
        content: row.get("content")?,
        example,
        kind: row.get("kind")?,
        keywords,
        synced_at: row.get("synced_at")?,
    })
}

impl Store {
    /// An account's cached templates ordered by title, optionally filtered by a title search.
    pub fn templates(&self, account_id: i64, search: Option<&str>) -> Result<Vec<SyncedTemplate>> {
        let pattern = format!("%{}%", search.unwrap_or("").trim().replace('%', "\\%").replace('_', "\\_"));
        // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE does the same
        // under the "C" collation of every text column, so a search finds the same templates.
        let sql = match self.db().engine() {
            Engine::Sqlite => {
                "SELECT template_id, title, content, example, kind, keywords, synced_at FROM templates
                 WHERE account_id = ?1 AND title LIKE ?2 ESCAPE '\\' ORDER BY title, template_id"
            }
            Engine::Postgres => {
                "SELECT template_id, title, content, example, kind, keywords, synced_at FROM templates
                 WHERE account_id = ?1 AND title ILIKE ?2 ESCAPE '\\' ORDER BY title, template_id"
            }
        };
        self.db().query(sql, db_args![account_id, pattern], from_row)
    }

    /// Replaces an account's cache with what WeChat has now, in one transaction.
    pub fn replace_templates(&mut self, account_id: i64, fresh: &[SyncedTemplate]) -> Result<SyncSummary> {
        let old: HashMap<String, SyncedTemplate> =
            self.templates(account_id, None)?.into_iter().map(|t| (t.template_id.clone(), t)).collect();
        let mut summary = SyncSummary::default();
        self.db().transaction(Begin::Deferred, |tx| {
            tx.execute("DELETE FROM templates WHERE account_id = ?1", db_args![account_id])?;
            for t in fresh {
                let keywords =
                    serde_json::to_string(&t.keywords).map_err(|e| CoreError::Internal(e.to_string()))?;
                // The old rows are gone: only a template listed twice meets itself here, and
                // the later one wins, as SQLite's INSERT OR REPLACE made it.
                tx.execute(
                    "INSERT INTO templates
                         (account_id, template_id, title, content, example, kind, keywords, synced_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT (account_id, template_id) DO UPDATE SET
                         title = excluded.title, content = excluded.content, example = excluded.example,
                         kind = excluded.kind, keywords = excluded.keywords, synced_at = excluded.synced_at",
                    db_args![
                        account_id,
                        t.template_id,
                        t.title,
                        t.content,
                        t.example,
                        t.kind,
                        keywords,
                        t.synced_at
                    ],
                )?;
                match old.get(&t.template_id) {
                    None => summary.added += 1,
                    Some(o) if o.title != t.title || o.content != t.content || o.keywords != t.keywords => {
                        summary.updated += 1
                    }
                    Some(_) => summary.unchanged += 1,
                }
            }
            let fresh_ids: std::collections::HashSet<&str> =
                fresh.iter().map(|t| t.template_id.as_str()).collect();
            summary.removed = old.keys().filter(|id| !fresh_ids.contains(id.as_str())).count() as u32;
            tx.execute(
                "UPDATE accounts SET templates_synced_at = ?2 WHERE id = ?1",
                db_args![account_id, chrono::Utc::now().to_rfc3339()],
            )?;
            Ok(())
        })?;
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::{AccountKind, NewAccount};
    use crate::store::testing::{on_both_engines, TestDatabase};
    use crate::template::parse_content;

    fn template(id: &str, title: &str, content: &str) -> SyncedTemplate {
        SyncedTemplate {
            template_id: id.into(),
            title: title.into(),
            content: content.into(),
            example: String::new(),
            kind: 2,
            keywords: parse_content(content, &[]),
            synced_at: "2026-11-24T00:00:00Z".into(),
        }
    }

    fn account(store: &Store, name: &str) -> crate::account::AccountSummary {
        store
            .insert_account(&NewAccount::new(
                AccountKind::MiniProgram,
                name,
                "wx0123456789abcdef",
                "https://api.weixin.qq.com",
            ))
            .unwrap()
    }

    #[test]
    fn sync_adds_updates_removes_and_searches() {
        on_both_engines(|mut store| {
            let account = account(&store, "a");
            let first = [
                template("A", "订单发货通知", "商品名称:{{thing1.DATA}}\n"),
                template("B", "退款成功通知", "退款金额:{{amount1.DATA}}\n"),
            ];
            let s = store.replace_templates(account.id, &first).unwrap();
            assert_eq!(s, SyncSummary { added: 2, ..Default::default() });

            let second = [
                template("A", "订单发货通知", "商品名称:{{thing1.DATA}}\n快递公司:{{thing2.DATA}}\n"),
                template("C", "活动开始提醒", "活动名称:{{thing1.DATA}}\n"),
            ];
            let s = store.replace_templates(account.id, &second).unwrap();
            assert_eq!(s, SyncSummary { added: 1, updated: 1, removed: 1, unchanged: 0 });

            let all = store.templates(account.id, None).unwrap();
            assert_eq!(all.iter().map(|t| t.template_id.as_str()).collect::<Vec<_>>(), ["C", "A"]);
            assert_eq!(all[1].keywords.len(), 2);
            assert_eq!(all[1].keywords[1].label, "快递公司");
            let found = store.templates(account.id, Some("发货")).unwrap();
            assert_eq!(found.len(), 1);
            assert!(store.templates(account.id, Some("%")).unwrap().is_empty(), "% is literal");

            store.delete_account(account.id).unwrap();
            assert!(store.templates(account.id, None).unwrap().is_empty(), "templates go with the account");
        });
    }

    #[test]
    fn a_search_ignores_the_case_of_ascii_letters_and_a_listed_twice_template_is_stored_once() {
        on_both_engines(|mut store| {
            let account = account(&store, "a");
            let fresh = [
                template("A", "Order Shipped", "商品名称:{{thing1.DATA}}\n"),
                template("A", "Order shipped", "商品名称:{{thing1.DATA}}\n"),
            ];
            store.replace_templates(account.id, &fresh).unwrap();
            let all = store.templates(account.id, None).unwrap();
            assert_eq!(all.len(), 1);
            assert_eq!(all[0].title, "Order shipped", "the later one wins");
            assert_eq!(store.templates(account.id, Some("ORDER")).unwrap().len(), 1);
        });
    }

    #[test]
    fn a_sync_that_finds_no_template_is_still_a_sync() {
        for engine in [Engine::Sqlite, Engine::Postgres] {
            let database = TestDatabase::new(engine);
            let mut store = database.open();
            let account = account(&store, "empty");
            assert_eq!(account.templates_synced_at, None);
            store.replace_templates(account.id, &[]).unwrap();
            drop(store);
            let reopened = database.open();
            assert!(reopened.account(account.id).unwrap().templates_synced_at.is_some(), "on {engine:?}");
        }
    }
}
