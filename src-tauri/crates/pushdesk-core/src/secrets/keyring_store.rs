//! AppSecrets in the OS keyring (Secret Service on Linux), one entry per AppID.

use tracing::instrument;

use super::Sensitive;
use crate::{Bilingual, CoreError, Result};

/// Access to the keyring under one service name (the app identifier).
#[derive(Debug, Clone)]
pub struct SecretStore {
    service: String,
}

impl SecretStore {
    /// A store whose entries live under `service` (use [`crate::paths::identifier`]).
    pub fn new(service: impl Into<String>) -> Self {
        SecretStore { service: service.into() }
    }

    /// The keyring service name.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, appid: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, appid).map_err(|e| map_keyring_error(e, appid))
    }

    /// Stores (or replaces) the AppSecret of `appid`.
    #[instrument(skip(self, secret))]
    pub fn put(&self, appid: &str, secret: &Sensitive<String>) -> Result<()> {
        self.entry(appid)?.set_password(secret.expose()).map_err(|e| map_keyring_error(e, appid))
    }

    /// Reads the AppSecret of `appid`.
    #[instrument(skip(self))]
    pub fn get(&self, appid: &str) -> Result<Sensitive<String>> {
        self.entry(appid)?.get_password().map(Sensitive::new).map_err(|e| map_keyring_error(e, appid))
    }

    /// Whether a secret is stored for `appid`.
    pub fn contains(&self, appid: &str) -> Result<bool> {
        match self.get(appid) {
            Ok(_) => Ok(true),
            Err(CoreError::SecretMissing { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Deletes the AppSecret of `appid`; deleting a missing one is not an error.
    #[instrument(skip(self))]
    pub fn delete(&self, appid: &str) -> Result<()> {
        match self.entry(appid)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring_error(e, appid)),
        }
    }
}

/// Turns keyring failures into errors a person can act on. Never falls back to plaintext.
fn map_keyring_error(err: keyring::Error, appid: &str) -> CoreError {
    match err {
        keyring::Error::NoEntry => CoreError::SecretMissing { appid: appid.to_string() },
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => {
            CoreError::KeyringUnavailable(Bilingual::new(
                format!(
                    "the system keyring is not available ({e}). Pushdesk keeps AppSecrets only in the \
                     keyring: start a Secret Service provider (gnome-keyring or KeePassXC) in your \
                     desktop session and unlock it, then try again"
                ),
                format!(
                    "系统钥匙串不可用（{e}）。推送台只把 AppSecret 保存在系统钥匙串中：请在桌面会话中\
                     启动密钥服务（GNOME 钥匙串或 KeePassXC）并解锁，然后再试一次"
                ),
            ))
        }
        other => CoreError::KeyringUnavailable(Bilingual::new(
            format!("the system keyring refused the request: {other}"),
            format!("系统钥匙串拒绝了这次请求（{other}）"),
        )),
    }
}
