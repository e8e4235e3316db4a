//! Accounts in the store. Secrets are never here: they live in the OS keyring.

use super::db::{is_constraint_violation, DbRow};
use super::Store;
use crate::account::{AccountKind, AccountSummary, NewAccount, TokenMode, SANDBOX_API_BASE};
use crate::connections::SandboxAccount;
use crate::db_args;
use crate::model::TeamRole;
use crate::{Bilingual, CoreError, Missing, Result};

const COLUMNS: &str =
    "id, name, kind, appid, mini_programs, token_mode, api_base, token_url, proxy, is_sandbox,
     templates_synced_at";

fn from_row(row: &DbRow<'_>) -> Result<AccountSummary> {
    let mode: String = row.get("token_mode")?;
    let kind: String = row.get("kind")?;
    let mini_programs: String = row.get("mini_programs")?;
    Ok(AccountSummary {
        id: row.get("id")?,
        name: row.get("name")?,
        // The CHECK constraint only admits known kinds.
        kind: AccountKind::parse(&kind).unwrap_or_default(),
        appid: row.get("appid")?,
        // Written by this module from a Vec<String>.
        mini_programs: serde_json::from_str(&mini_programs).unwrap_or_default(),
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

fn mini_programs_json(account: &NewAccount) -> Result<String> {
    serde_json::to_string(&account.mini_programs).map_err(|e| CoreError::Internal(e.to_string()))
}

impl Store {
    /// Every account, the sandbox first, then by name.
    pub fn accounts(&self) -> Result<Vec<AccountSummary>> {
        self.db().query(
            &format!("SELECT {COLUMNS} FROM accounts ORDER BY is_sandbox DESC, name"),
            db_args![],
            from_row,
        )
    }

    /// One account by id.
    pub fn account(&self, id: i64) -> Result<AccountSummary> {
        self.db()
            .query_opt(&format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1"), db_args![id], from_row)?
            .ok_or_else(|| CoreError::NotFound { what: Missing::Account, name: id.to_string() })
    }

    /// One account by its display name.
    pub fn account_by_name(&self, name: &str) -> Result<AccountSummary> {
        self.db()
            .query_opt(&format!("SELECT {COLUMNS} FROM accounts WHERE name = ?1"), db_args![name], from_row)?
            .ok_or_else(|| CoreError::NotFound { what: Missing::Account, name: name.to_string() })
    }

    /// Adds an account (already validated). A taken name is a [`CoreError::Conflict`].
    pub fn insert_account(&self, account: &NewAccount) -> Result<AccountSummary> {
        let inserted = self.db().query_one(
            "INSERT INTO accounts (name, appid, token_mode, api_base, token_url, proxy, is_sandbox, created_at,
                                   kind, mini_programs)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, FALSE, ?7, ?8, ?9)
             RETURNING id",
            db_args![
                account.name,
                account.appid,
                account.token_mode.as_str(),
                account.api_base,
                account.token_url,
                account.proxy,
                chrono::Utc::now().to_rfc3339(),
                account.kind.as_str(),
                mini_programs_json(account)?
            ],
            |row| row.get::<i64>(0),
        );
        match inserted {
            Err(e) if is_constraint_violation(&e) => Err(name_taken(&account.name)),
            other => self.account(other?),
        }
    }

    /// Changes an account's settings (not its secret, which lives in the keyring).
    pub fn update_account(&self, id: i64, account: &NewAccount) -> Result<AccountSummary> {
        let changed = self.db().execute(
            "UPDATE accounts SET name = ?2, appid = ?3, token_mode = ?4, api_base = ?5, token_url = ?6,
                    proxy = ?7, kind = ?8, mini_programs = ?9
             WHERE id = ?1 AND is_sandbox = FALSE",
            db_args![
                id,
                account.name,
                account.appid,
                account.token_mode.as_str(),
                account.api_base,
                account.token_url,
                account.proxy,
                account.kind.as_str(),
                mini_programs_json(account)?
            ],
        );
        match changed {
            Err(e) if is_constraint_violation(&e) => Err(name_taken(&account.name)),
            Ok(0) => Err(CoreError::NotFound { what: Missing::EditableAccount, name: id.to_string() }),
            other => {
                other?;
                self.account(id)
            }
        }
    }

    /// Removes an account and its cached templates.
    pub fn delete_account(&self, id: i64) -> Result<()> {
        match self.db().execute("DELETE FROM accounts WHERE id = ?1 AND is_sandbox = FALSE", db_args![id])? {
            0 => Err(CoreError::NotFound { what: Missing::RemovableAccount, name: id.to_string() }),
            _ => Ok(()),
        }
    }

    /// Makes sure the sandbox's accounts exist, so a new user can try everything at once. One
    /// whose name another account took meanwhile is left out. On a shared store only an admin
    /// adds accounts: anyone else's login may not, and finds them there.
    pub fn ensure_sandbox_accounts(&self, served: &[SandboxAccount]) -> Result<()> {
        if self.seat()?.role.is_some_and(|r| r != TeamRole::Admin) {
            return Ok(());
        }
        for a in served {
            let bound =
                serde_json::to_string(&a.mini_programs).map_err(|e| CoreError::Internal(e.to_string()))?;
            self.db().execute(
                "INSERT INTO accounts
                     (name, kind, appid, mini_programs, token_mode, api_base, is_sandbox, created_at)
                 SELECT ?1, ?2, ?3, ?4, 'stable', ?5, TRUE, ?6
                 WHERE NOT EXISTS (SELECT 1 FROM accounts WHERE is_sandbox = TRUE AND appid = ?3)
                 ON CONFLICT DO NOTHING",
                db_args![
                    a.name,
                    a.kind.as_str(),
                    a.appid,
                    bound,
                    SANDBOX_API_BASE,
                    chrono::Utc::now().to_rfc3339()
                ],
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::store::testing::on_both_engines;

    fn new_account(name: &str) -> NewAccount {
        NewAccount {
            name: name.into(),
            kind: AccountKind::MiniProgram,
            appid: "wx0123456789abcdef".into(),
            mini_programs: Vec::new(),
            token_mode: TokenMode::Stable,
            api_base: "https://api.weixin.qq.com".into(),
            token_url: None,
            proxy: None,
        }
    }

    fn served(kind: AccountKind, name: &str, appid: &str) -> SandboxAccount {
        SandboxAccount {
            kind,
            name: name.into(),
            appid: appid.into(),
            secret: crate::secrets::Sensitive::new("s".into()),
            mini_programs: Vec::new(),
        }
    }

    #[test]
    fn the_sandbox_accounts_are_created_once_and_cannot_be_removed() {
        on_both_engines(|store| {
            let mut oa = served(AccountKind::OfficialAccount, "沙箱服务号", "wxdemo0000official");
            oa.mini_programs = vec!["wxdemo0000sandbox1".into()];
            let both = [served(AccountKind::MiniProgram, "沙箱", "wxdemo0000sandbox1"), oa];
            store.ensure_sandbox_accounts(&both[..1]).unwrap();
            store.ensure_sandbox_accounts(&both).unwrap();
            store.ensure_sandbox_accounts(&both).unwrap();
            let accounts = store.accounts().unwrap();
            assert_eq!(accounts.len(), 2, "an existing data folder gets the account added later");
            assert!(accounts.iter().all(|a| a.is_sandbox && a.api_base == SANDBOX_API_BASE));
            let official = store.account_by_name("沙箱服务号").unwrap();
            assert_eq!((official.kind, official.mini_programs.len()), (AccountKind::OfficialAccount, 1));
            assert!(matches!(store.delete_account(official.id), Err(CoreError::NotFound { .. })));
        });
    }

    #[test]
    fn accounts_are_added_updated_and_removed_and_names_are_unique() {
        on_both_engines(|store| {
            let shop = store.insert_account(&new_account("商城")).unwrap();
            assert_eq!(store.account_by_name("商城").unwrap(), shop);
            let err = store.insert_account(&new_account("商城")).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::Conflict);

            let mut changed = new_account("商城 正式");
            changed.kind = AccountKind::OfficialAccount;
            changed.mini_programs = vec!["wx1111111111111111".into()];
            changed.token_mode = TokenMode::External;
            changed.token_url = Some("https://token.example.com/wx".into());
            let updated = store.update_account(shop.id, &changed).unwrap();
            assert_eq!(updated.token_mode, TokenMode::External);
            assert_eq!(updated.name, "商城 正式");
            assert_eq!(updated.kind, AccountKind::OfficialAccount);
            assert_eq!(updated.mini_programs, vec!["wx1111111111111111".to_string()]);

            store.delete_account(shop.id).unwrap();
            assert!(store.accounts().unwrap().is_empty());
        });
    }
}
