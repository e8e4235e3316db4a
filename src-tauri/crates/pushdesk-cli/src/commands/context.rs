//! What account-bound commands share: the store, the keyring, a runtime and, for the sandbox
//! account, an in-process simulator.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::Arc;

use pushdesk_core::account::AccountSummary;
use pushdesk_core::connections::{Connections, SandboxEndpoint};
use pushdesk_core::paths;
use pushdesk_core::secrets::{SecretStore, Sensitive};
use pushdesk_core::store::Store;
use pushdesk_core::wechat::WechatClient;

use crate::error::CliError;

/// The environment variable that supplies a secret for one run, never stored.
pub const SECRET_ENV: &str = "PUSHDESK_APP_SECRET";

/// An open store with connections.
pub struct Context {
    /// The shared store.
    pub store: Store,
    /// Keyring and clients.
    pub connections: Connections,
    /// The runtime for network calls.
    pub runtime: tokio::runtime::Runtime,
    data_dir: std::path::PathBuf,
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
        return Err(CliError::Usage(format!("no secret given: pipe it on stdin or set {SECRET_ENV}")));
    }
    Ok(Sensitive::new(text))
}

impl Context {
    /// Opens the store in `data_dir`. The sandbox starts only if `with_sandbox`.
    pub fn open(data_dir: &Path, with_sandbox: bool) -> Result<Context, CliError> {
        let db = paths::database_file(data_dir);
        let mut store = Store::open(&db)?;
        store.ensure_sandbox_account(pushdesk_sandbox::DEMO_APPID)?;
        // A send killed in any way left rows in flight: they become "unknown", never resent.
        let interrupted =
            store.recover_interrupted(|id| pushdesk_core::campaign::RunLock::is_held(&db, id))?;
        for id in interrupted {
            eprintln!("campaign {id} was interrupted; finish it with `pushdesk campaign resume {id}`");
        }
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let sandbox = if with_sandbox {
            Some(
                runtime
                    .block_on(pushdesk_sandbox::Sandbox::start(pushdesk_sandbox::SandboxConfig::demo()))?,
            )
        } else {
            None
        };
        let endpoint = sandbox.as_ref().map(|s| SandboxEndpoint {
            url: s.url(),
            secret: Sensitive::new(pushdesk_sandbox::DEMO_SECRET.to_string()),
        });
        let connections = Connections::new(SecretStore::new(paths::identifier()), endpoint)
            .with_secret_override(secret_from_env());
        Ok(Context { store, connections, runtime, data_dir: data_dir.to_path_buf(), _sandbox: sandbox })
    }

    /// Opens the store and finds the account `name`, starting the sandbox if it is the
    /// sandbox account.
    pub fn for_account(data_dir: &Path, name: &str) -> Result<(Context, AccountSummary), CliError> {
        let probe = Store::open(&paths::database_file(data_dir))?;
        probe.ensure_sandbox_account(pushdesk_sandbox::DEMO_APPID)?;
        let account = probe.account_by_name(name)?;
        drop(probe);
        Ok((Context::open(data_dir, account.is_sandbox)?, account))
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The WeChat client of `account`.
    pub fn client(&self, account: &AccountSummary) -> Result<Arc<WechatClient>, CliError> {
        Ok(self.connections.client(account)?)
    }
}
