//! Adding, editing, testing and removing accounts. The row goes to SQLite, the credential to
//! the keyring, and a failure in either leaves neither half behind.

use tracing::instrument;

use super::Desk;
use crate::account::{AccountSummary, NewAccount, TokenMode};
use crate::connection_check::{self, ConnectionReport};
use crate::connections::Connections;
use crate::model::{AuditAction, AuditDetail};
use crate::secrets::Sensitive;
use crate::store::Store;
use crate::{Bilingual, CoreError, Result};

fn needs_credential(mode: TokenMode) -> bool {
    mode != TokenMode::External
}

fn check_appid_free(store: &Store, appid: &str, except: Option<i64>) -> Result<()> {
    // The sandbox's built-in accounts do not count: their AppIDs are made up and their secrets
    // are not in the keyring, so an account pointed at a sandbox of one's own under the same
    // AppID (as tests and demos are) takes nothing from them.
    let taken =
        store.accounts()?.into_iter().any(|a| a.appid == appid && Some(a.id) != except && !a.is_sandbox);
    if taken {
        return Err(CoreError::Conflict(Bilingual::field(
            "appid",
            format_args!("an account for {appid} already exists"),
            format_args!("AppID {appid} 已经添加过账号了"),
        )));
    }
    Ok(())
}

/// Adds an account. `credential` is the AppSecret (stable, classic) or the access token
/// (manual); the external mode needs none.
#[instrument(skip(store, connections, credential), fields(name = %input.name, appid = %input.appid))]
fn add_account(
    store: &Store,
    connections: &Connections,
    input: NewAccount,
    credential: Option<Sensitive<String>>,
) -> Result<AccountSummary> {
    let input = input.validate()?;
    check_appid_free(store, &input.appid, None)?;
    if store.account_by_name(&input.name).is_ok() {
        return Err(CoreError::Conflict(Bilingual::field(
            "name",
            format_args!("an account named \"{}\" already exists", input.name),
            format_args!("已有名为「{}」的账号", input.name),
        )));
    }
    let overridden = credential.is_none() && connections.credentials_overridden();
    if needs_credential(input.token_mode) && !overridden {
        // save_credential refuses an empty one with a message naming the field.
        let secret = credential.unwrap_or_else(|| Sensitive::new(String::new()));
        connections.save_credential(&input, &secret)?;
    }
    store.insert_account(&input).inspect_err(|_| {
        // The row did not land: do not leave an orphaned secret behind.
        let _ = connections.delete_credentials(&input.appid);
    })
}

/// Changes an account's settings; a `credential` replaces the stored one, `None` keeps it.
#[instrument(skip(store, connections, credential), fields(id, appid = %input.appid))]
fn update_account(
    store: &Store,
    connections: &Connections,
    id: i64,
    input: NewAccount,
    credential: Option<Sensitive<String>>,
) -> Result<AccountSummary> {
    let input = input.validate()?;
    let before = store.account(id)?;
    check_appid_free(store, &input.appid, Some(id))?;
    let key_moved = before.appid != input.appid
        || (before.token_mode == TokenMode::Manual) != (input.token_mode == TokenMode::Manual);
    match credential {
        Some(secret) => connections.save_credential(&input, &secret)?,
        None if key_moved && needs_credential(input.token_mode) => {
            return Err(CoreError::InvalidInput(Bilingual::field(
                "secret",
                "the AppID or token mode changed, so enter the credential again",
                "AppID 或连接方式改变了，请重新填写",
            )))
        }
        None => {}
    }
    let updated = store.update_account(id, &input)?;
    if before.appid != updated.appid {
        connections.delete_credentials(&before.appid)?;
    }
    connections.forget(id);
    Ok(updated)
}

/// Removes an account, its cached templates and its credentials.
#[instrument(skip(store, connections))]
fn remove_account(store: &Store, connections: &Connections, id: i64) -> Result<()> {
    let account = store.account(id)?;
    store.delete_account(id)?;
    connections.forget(id);
    connections.delete_credentials(&account.appid)
}

impl Desk {
    /// Adds an account; `credential` is the AppSecret (or, in manual mode, the access token),
    /// stored in the keyring.
    pub async fn add_account(
        &self,
        input: NewAccount,
        credential: Option<Sensitive<String>>,
    ) -> Result<AccountSummary> {
        let added = self.with_store(move |store, conns| add_account(store, conns, input, credential)).await?;
        self.audit_account(AuditAction::AccountAdded, added.id, added.name.clone(), AuditDetail::default())
            .await;
        Ok(added)
    }

    /// Changes an account's settings; a `credential` replaces the stored one, `None` keeps it.
    pub async fn update_account(
        &self,
        id: i64,
        input: NewAccount,
        credential: Option<Sensitive<String>>,
    ) -> Result<AccountSummary> {
        let changed =
            self.with_store(move |store, conns| update_account(store, conns, id, input, credential)).await?;
        self.audit_account(AuditAction::AccountChanged, id, changed.name.clone(), AuditDetail::default())
            .await;
        Ok(changed)
    }

    /// Removes an account, its cached templates and its credentials.
    pub async fn remove_account(&self, id: i64) -> Result<()> {
        let name = self
            .with_store(move |store, conns| {
                let name = store.account(id)?.name;
                remove_account(store, conns, id)?;
                Ok(name)
            })
            .await?;
        self.audit_account(AuditAction::AccountRemoved, id, name, AuditDetail::default()).await;
        Ok(())
    }

    /// Fetches a token and the template list, and says what is wrong if anything is.
    pub async fn test_connection(&self, id: i64) -> Result<ConnectionReport> {
        let (client, kind) = self.client_of(id).await?;
        Ok(connection_check::test_connection(&client, kind).await)
    }
}
