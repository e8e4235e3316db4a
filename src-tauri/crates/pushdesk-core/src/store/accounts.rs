//! Accounts in the store. Secrets are never here: they live in the OS keyring.

use rusqlite::{params, OptionalExtension, Row};

use super::Store;
use crate::account::{AccountSummary, NewAccount, TokenMode, SANDBOX_API_BASE};
use crate::{Bilingual, CoreError, Missing, Result};

/// The sandbox account's display name.
pub const SANDBOX_ACCOUNT_NAME: &str = "沙箱 Sandbox";

const COLUMNS: &str =
    "id, name, appid, token_mode, api_base, token_url, proxy, is_sandbox, templates_synced_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<AccountSummary> {
    let mode: String = row.get("token_mode")?;
    Ok(AccountSummary {
        id: row.get("id")?,
        name: row.get("name")?,
        appid: row.get("appid")?,
        // The CHECK constraint only admits known modes.
        token_mode: TokenMode::parse(&mode).unwrap_or(TokenMode::Stable),
        api_base: row.get("api_base")?,
        token_url: row.get("token_url")?,
        proxy: row.get("proxy")?,
        is_sandbox: row.get("is_sandbox")?,
        templates_synced_at: row.get("templates_synced_at")?,
    })
}

/// The UNIQUE name refused an insert or an update.
fn name_taken(name: &str) -> CoreError {
    CoreError::Conflict(Bilingual::new(
        format!("an account named \"{name}\" already exists"),
        format!("已有名为「{name}」的账号"),
    ))
}

impl Store {
    /// Every account, the sandbox first, then by name.
    pub fn accounts(&self) -> Result<Vec<AccountSummary>> {
        let mut stmt =
            self.conn().prepare(&format!("SELECT {COLUMNS} FROM accounts ORDER BY is_sandbox DESC, name"))?;
        let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One account by id.
    pub fn account(&self, id: i64) -> Result<AccountSummary> {
        self.conn()
            .query_row(&format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1"), [id], from_row)
            .optional()?
            .ok_or_else(|| CoreError::NotFound { what: Missing::Account, name: id.to_string() })
    }

    /// One account by its display name.
    pub fn account_by_name(&self, name: &str) -> Result<AccountSummary> {
        self.conn()
            .query_row(&format!("SELECT {COLUMNS} FROM accounts WHERE name = ?1"), [name], from_row)
            .optional()?
            .ok_or_else(|| CoreError::NotFound { what: Missing::Account, name: name.to_string() })
    }

    /// Adds an account (already validated). A taken name is a [`CoreError::Conflict`].
    pub fn insert_account(&self, account: &NewAccount) -> Result<AccountSummary> {
        let inserted = self.conn().execute(
            "INSERT INTO accounts (name, appid, token_mode, api_base, token_url, proxy, is_sandbox, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
            params![
                account.name,
                account.appid,
                account.token_mode.as_str(),
                account.api_base,
                account.token_url,
                account.proxy,
                chrono::Utc::now().to_rfc3339()
            ],
        );
        match inserted {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Err(name_taken(&account.name))
            }
            other => {
                other?;
                self.account(self.conn().last_insert_rowid())
            }
        }
    }

    /// Changes an account's settings (not its secret, which lives in the keyring).
    pub fn update_account(&self, id: i64, account: &NewAccount) -> Result<AccountSummary> {
        let changed = self.conn().execute(
            "UPDATE accounts SET name = ?2, appid = ?3, token_mode = ?4, api_base = ?5, token_url = ?6,
                    proxy = ?7
             WHERE id = ?1 AND is_sandbox = 0",
            params![
                id,
                account.name,
                account.appid,
                account.token_mode.as_str(),
                account.api_base,
                account.token_url,
                account.proxy
            ],
        );
        match changed {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Err(name_taken(&account.name))
            }
            Ok(0) => Err(CoreError::NotFound { what: Missing::EditableAccount, name: id.to_string() }),
            other => {
                other?;
                self.account(id)
            }
        }
    }

    /// Removes an account and its cached templates.
    pub fn delete_account(&self, id: i64) -> Result<()> {
        match self.conn().execute("DELETE FROM accounts WHERE id = ?1 AND is_sandbox = 0", [id])? {
            0 => Err(CoreError::NotFound { what: Missing::RemovableAccount, name: id.to_string() }),
            _ => Ok(()),
        }
    }

    /// Makes sure the sandbox account exists, so a new user can try everything at once.
    pub fn ensure_sandbox_account(&self, appid: &str) -> Result<AccountSummary> {
        self.conn().execute(
            "INSERT INTO accounts (name, appid, token_mode, api_base, is_sandbox, created_at)
             SELECT ?1, ?2, 'stable', ?3, 1, ?4
             WHERE NOT EXISTS (SELECT 1 FROM accounts WHERE is_sandbox = 1)",
            params![SANDBOX_ACCOUNT_NAME, appid, SANDBOX_API_BASE, chrono::Utc::now().to_rfc3339()],
        )?;
        self.accounts()?
            .into_iter()
            .find(|a| a.is_sandbox)
            .ok_or_else(|| CoreError::Internal("sandbox account missing after insert".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
        (dir, store)
    }

    fn new_account(name: &str) -> NewAccount {
        NewAccount {
            name: name.into(),
            appid: "wx0123456789abcdef".into(),
            token_mode: TokenMode::Stable,
            api_base: "https://api.weixin.qq.com".into(),
            token_url: None,
            proxy: None,
        }
    }

    #[test]
    fn the_sandbox_account_is_created_once_and_cannot_be_removed() {
        let (_dir, store) = store();
        let first = store.ensure_sandbox_account("wxdemo0000sandbox1").unwrap();
        let second = store.ensure_sandbox_account("wxdemo0000sandbox1").unwrap();
        assert_eq!(first, second);
        assert_eq!(store.accounts().unwrap().len(), 1);
        assert!(first.is_sandbox);
        assert_eq!(first.api_base, SANDBOX_API_BASE);
        assert!(matches!(store.delete_account(first.id), Err(CoreError::NotFound { .. })));
    }

    #[test]
    fn accounts_are_added_updated_and_removed_and_names_are_unique() {
        let (_dir, store) = store();
        let shop = store.insert_account(&new_account("商城")).unwrap();
        assert_eq!(store.account_by_name("商城").unwrap(), shop);
        let err = store.insert_account(&new_account("商城")).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Conflict);

        let mut changed = new_account("商城 正式");
        changed.token_mode = TokenMode::External;
        changed.token_url = Some("https://token.example.com/wx".into());
        let updated = store.update_account(shop.id, &changed).unwrap();
        assert_eq!(updated.token_mode, TokenMode::External);
        assert_eq!(updated.name, "商城 正式");

        store.delete_account(shop.id).unwrap();
        assert!(store.accounts().unwrap().is_empty());
    }
}
