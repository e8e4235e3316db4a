//! Turning a stored account into a working WeChat client: its secret from the keyring, the
//! in-process sandbox's URL, one cached client per account so tokens are reused.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::account::{AccountKind, AccountSummary, NewAccount, TokenMode, SANDBOX_API_BASE};
use crate::events::PushKeys;
use crate::secrets::{SecretStore, Sensitive};
use crate::wechat::{ClientConfig, TokenSource, WechatClient};
use crate::{Bilingual, CoreError, Result};

/// An account the built-in simulator serves, offered to every user ready to use.
#[derive(Debug, Clone)]
pub struct SandboxAccount {
    /// Mini program or Official Account.
    pub kind: AccountKind,
    /// Its display name.
    pub name: String,
    /// Its AppID.
    pub appid: String,
    /// Its AppSecret: public knowledge, so it is not kept in the keyring.
    pub secret: Sensitive<String>,
    /// The mini programs bound to it (an Official Account).
    pub mini_programs: Vec<String>,
}

/// Where the built-in simulator runs in this process.
#[derive(Debug, Clone)]
pub struct SandboxEndpoint {
    /// Its base URL on loopback.
    pub url: String,
    /// The accounts it serves.
    pub accounts: Vec<SandboxAccount>,
}

/// The keyring entry holding an account's credential: the AppSecret, or for the manual token
/// mode the pasted access token.
pub fn credential_key(appid: &str, mode: TokenMode) -> String {
    match mode {
        TokenMode::Manual => format!("token:{appid}"),
        _ => appid.to_string(),
    }
}

/// The keyring entry holding an account's message-push Token and EncodingAESKey.
fn push_keys_key(appid: &str) -> String {
    format!("push:{appid}")
}

/// Clients for the accounts, built on demand.
#[derive(Debug)]
pub struct Connections {
    secrets: SecretStore,
    sandbox: Option<SandboxEndpoint>,
    secret_override: Option<Sensitive<String>>,
    clients: Mutex<HashMap<i64, Arc<WechatClient>>>,
}

impl Connections {
    /// Connections reading secrets from `secrets`; `sandbox` is where the sandbox account points.
    pub fn new(secrets: SecretStore, sandbox: Option<SandboxEndpoint>) -> Self {
        Connections { secrets, sandbox, secret_override: None, clients: Mutex::new(HashMap::new()) }
    }

    /// Uses `secret` instead of the keyring for every account's AppSecret (or manual token).
    /// For automation (`PUSHDESK_APP_SECRET`), where the secret must not be stored anywhere.
    pub fn with_secret_override(mut self, secret: Option<Sensitive<String>>) -> Self {
        self.secret_override = secret;
        self
    }

    /// Whether every credential comes from [`Connections::with_secret_override`]: an account
    /// added without one stores nothing in the keyring.
    pub fn credentials_overridden(&self) -> bool {
        self.secret_override.is_some()
    }

    fn credential(&self, key: &str) -> Result<Sensitive<String>> {
        match &self.secret_override {
            Some(secret) => Ok(secret.clone()),
            None => self.secrets.get(key),
        }
    }

    /// Where the in-process sandbox listens, when it runs.
    pub fn sandbox_url(&self) -> Option<&str> {
        self.sandbox.as_ref().map(|s| s.url.as_str())
    }

    /// The keyring.
    pub fn secrets(&self) -> &SecretStore {
        &self.secrets
    }

    /// The client for `account`, reusing the cached one (and so its token). Blocking: it may
    /// read the keyring over D-Bus.
    pub fn client(&self, account: &AccountSummary) -> Result<Arc<WechatClient>> {
        if let Some(client) = self.lock().get(&account.id) {
            return Ok(Arc::clone(client));
        }
        let client = Arc::new(WechatClient::new(self.config(account)?)?);
        self.lock().insert(account.id, Arc::clone(&client));
        Ok(client)
    }

    /// Uses `client` for the account instead of one built from its settings: for tests and
    /// benchmarks that need other timeouts.
    pub fn prime(&self, account_id: i64, client: Arc<WechatClient>) {
        self.lock().insert(account_id, client);
    }

    /// Drops the cached client after the account's settings or secret changed.
    pub fn forget(&self, account_id: i64) {
        self.lock().remove(&account_id);
    }

    /// Stores the credential of a new or edited account in the keyring.
    pub fn save_credential(&self, account: &NewAccount, credential: &Sensitive<String>) -> Result<()> {
        if credential.expose().trim().is_empty() {
            return Err(CoreError::InvalidInput(match account.token_mode {
                TokenMode::Manual => {
                    Bilingual::field("token", "paste the access token", "请粘贴 access token")
                }
                _ => Bilingual::field("secret", "enter the AppSecret", "请填写 AppSecret"),
            }));
        }
        self.secrets.put(&credential_key(&account.appid, account.token_mode), credential)
    }

    /// Removes every credential of an account from the keyring.
    pub fn delete_credentials(&self, appid: &str) -> Result<()> {
        self.secrets.delete(&credential_key(appid, TokenMode::Stable))?;
        self.secrets.delete(&credential_key(appid, TokenMode::Manual))?;
        self.secrets.delete(&push_keys_key(appid))
    }

    /// The account's message-push Token and EncodingAESKey, when set.
    pub fn push_keys(&self, appid: &str) -> Result<Option<PushKeys>> {
        let stored = match self.secrets.get(&push_keys_key(appid)) {
            Ok(stored) => stored,
            Err(CoreError::SecretMissing { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        // One entry, "Token\nEncodingAESKey", so the two are always replaced together.
        let (token, aes_key) = stored.expose().split_once('\n').unwrap_or((stored.expose(), ""));
        Ok(Some(PushKeys {
            token: Sensitive::new(token.to_owned()),
            aes_key: (!aes_key.is_empty()).then(|| Sensitive::new(aes_key.to_owned())),
        }))
    }

    /// Stores the account's message-push keys (checked first), or removes them (`None`).
    pub fn save_push_keys(&self, appid: &str, keys: Option<&PushKeys>) -> Result<()> {
        let Some(keys) = keys else {
            return self.secrets.delete(&push_keys_key(appid));
        };
        let token = keys.token.expose().trim();
        if token.len() < 3 || token.len() > 32 || !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(CoreError::InvalidInput(Bilingual::field(
                "pushToken",
                "the Token is 3 to 32 letters or digits, as set in WeChat's message-push settings",
                "Token 是 3 到 32 位字母或数字，与微信后台“消息推送”中填写的一致",
            )));
        }
        let aes_key = keys.aes_key.as_ref().map(|k| k.expose().trim()).unwrap_or("");
        if !aes_key.is_empty() && (aes_key.len() != 43 || !aes_key.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(CoreError::InvalidInput(Bilingual::field(
                "aesKey",
                "the EncodingAESKey is 43 letters or digits",
                "EncodingAESKey 是 43 位字母或数字",
            )));
        }
        self.secrets.put(&push_keys_key(appid), &Sensitive::new(format!("{token}\n{aes_key}")))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<WechatClient>>> {
        self.clients.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn config(&self, account: &AccountSummary) -> Result<ClientConfig> {
        if account.is_sandbox || account.api_base == SANDBOX_API_BASE {
            let sandbox = self.sandbox.as_ref().ok_or_else(|| {
                CoreError::InvalidInput(Bilingual::new(
                    "the built-in sandbox is not running in this process",
                    "内置的沙箱（微信模拟器）没有运行，无法使用沙箱账号",
                ))
            })?;
            let served = sandbox.accounts.iter().find(|a| a.appid == account.appid).ok_or_else(|| {
                CoreError::InvalidInput(Bilingual::new(
                    format!("the built-in sandbox has no account {}", account.appid),
                    format!("内置的沙箱没有 AppID 为 {} 的账号", account.appid),
                ))
            })?;
            let mut config =
                ClientConfig::new(&account.appid, TokenSource::Stable { secret: served.secret.clone() });
            config.api_base = sandbox.url.clone();
            return Ok(config);
        }
        let key = credential_key(&account.appid, account.token_mode);
        let source = match account.token_mode {
            TokenMode::Stable => TokenSource::Stable { secret: self.credential(&key)? },
            TokenMode::Classic => TokenSource::Classic { secret: self.credential(&key)? },
            TokenMode::Manual => TokenSource::Manual { token: self.credential(&key)?, expires_at: None },
            TokenMode::External => TokenSource::External {
                url: account.token_url.clone().ok_or_else(|| {
                    CoreError::InvalidInput(Bilingual::field(
                        "tokenUrl",
                        "the external token mode needs a URL",
                        "连接方式为「公司的凭证服务」时，请填写凭证服务地址",
                    ))
                })?,
                header: None,
            },
        };
        let mut config = ClientConfig::new(&account.appid, source);
        config.api_base = account.api_base.clone();
        config.proxy = account.proxy.clone();
        Ok(config)
    }
}
