//! What commands share: the desk (the use cases over the store), a store connection
//! for reads and account edits, a runtime and, for the sandbox account, an in-process
//! simulator.

use std::io::{IsTerminal, Read};

use pushdesk_core::account::AccountSummary;
use pushdesk_core::connections::{Connections, SandboxEndpoint};
use pushdesk_core::desk::Desk;
use pushdesk_core::paths;
use pushdesk_core::secrets::{SecretStore, Sensitive};
use pushdesk_core::store::{Store, StoreAddress};

use crate::error::CliError;

/// The environment variable that supplies a secret for one run, never stored.
pub const SECRET_ENV: &str = "PUSHDESK_APP_SECRET";

/// An open data directory.
pub struct Context {
    /// The use cases.
    pub desk: std::sync::Arc<Desk>,
    /// A connection for reads and account edits.
    pub store: Store,
    /// The runtime for network calls and runs.
    pub runtime: tokio::runtime::Runtime,
    // Kept alive while the command runs, when the sandbox account is used.
    _sandbox: Option<pushdesk_sandbox::Sandbox>,
}

/// The secret from `PUSHDESK_APP_SECRET`, if set.
pub fn secret_from_env() -> Option<Sensitive<String>> {
    std::env::var(SECRET_ENV).ok().filter(|s| !s.is_empty()).map(Sensitive::new)
}

/// Reads a secret: typed without echo on a terminal, else the whole of stdin (one line).
pub fn read_secret(prompt: &str) -> Result<Sensitive<String>, CliError> {
    let text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt)?
    } else {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        text
    };
    let text = text.trim_end_matches(['\r', '\n']).to_string();
    if text.is_empty() {
        return Err(CliError::Usage(format!(
            "nothing given for \"{}\": type it, or pipe it on stdin",
            prompt.trim_end_matches([':', ' '])
        )));
    }
    Ok(Sensitive::new(text))
}

impl Context {
    /// Opens the data directory: campaigns a killed send left behind are recovered (their
    /// rows in flight resolved, never resent). The sandbox starts only if `with_sandbox`.
    pub fn open(at: &StoreAddress, with_sandbox: bool) -> Result<Context, CliError> {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let sandbox = if with_sandbox {
            Some(
                runtime
                    .block_on(pushdesk_sandbox::Sandbox::start(pushdesk_sandbox::SandboxConfig::demo()))?,
            )
        } else {
            None
        };
        let endpoint = sandbox
            .as_ref()
            .map(|s| SandboxEndpoint { url: s.url(), accounts: pushdesk_sandbox::sandbox_accounts() });
        let connections = Connections::new(SecretStore::new(paths::identifier()), endpoint)
            .with_secret_override(secret_from_env());
        let opened = Desk::open_at(at.clone(), connections, &pushdesk_sandbox::sandbox_accounts())?;
        for id in opened.interrupted {
            eprintln!("campaign {id} was interrupted; its rows in flight were resolved — see `pushdesk campaign show {id}`");
        }
        let store = at.open()?;
        Ok(Context { desk: std::sync::Arc::new(opened.desk), store, runtime, _sandbox: sandbox })
    }

    /// Opens the data directory and finds the account `name`, starting the sandbox if it is
    /// the sandbox account.
    pub fn for_account(at: &StoreAddress, name: &str) -> Result<(Context, AccountSummary), CliError> {
        let probe = at.open()?;
        probe.ensure_sandbox_accounts(&pushdesk_sandbox::sandbox_accounts())?;
        let account = probe.account_by_name(name)?;
        drop(probe);
        Ok((Context::open(at, account.is_sandbox)?, account))
    }

    /// Like [`Context::for_account`]; without a name, the only account there is besides the
    /// sandbox (or the sandbox when there is no other).
    pub fn for_account_or_only(
        at: &StoreAddress,
        name: Option<&str>,
    ) -> Result<(Context, AccountSummary), CliError> {
        if let Some(name) = name {
            return Context::for_account(at, name);
        }
        let probe = at.open()?;
        probe.ensure_sandbox_accounts(&pushdesk_sandbox::sandbox_accounts())?;
        let accounts = probe.accounts()?;
        let (sandbox, others): (Vec<_>, Vec<_>) = accounts.into_iter().partition(|a| a.is_sandbox);
        let account = match (others.len(), sandbox.into_iter().next()) {
            (1, _) => others.into_iter().next(),
            (0, sandbox) => sandbox,
            _ => None,
        }
        .ok_or_else(|| {
            CliError::Usage("there are several accounts: say which one with --account NAME".into())
        })?;
        drop(probe);
        Ok((Context::open(at, account.is_sandbox)?, account))
    }

    /// Opens the data directory for campaign `id`, starting the sandbox if its account is the
    /// sandbox account.
    pub fn for_campaign(at: &StoreAddress, id: i64) -> Result<Context, CliError> {
        let probe = at.open()?;
        let account = probe.account(probe.campaign(id)?.account_id)?;
        drop(probe);
        Context::open(at, account.is_sandbox)
    }
}
