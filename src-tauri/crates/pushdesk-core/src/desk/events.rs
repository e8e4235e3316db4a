//! Taking in WeChat's event pushes: files a company's server logged, and what the receiver
//! (`events::receiver`) is handed; the account's push keys.

use std::path::PathBuf;

use serde::Serialize;

use super::Desk;
use crate::connections::Connections;
use crate::events::read::{read_file, read_pushes, Opener};
use crate::events::{IntakeSummary, PushEvent, PushKeys};
use crate::secrets::Sensitive;
use crate::store::Store;
use crate::{Bilingual, CoreError, Result};

/// Which of an account's push keys are set (never the keys: they stay in the keyring).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PushKeysStatus {
    /// The Token that signs pushes.
    pub token_set: bool,
    /// The EncodingAESKey of compatible and safe mode.
    pub aes_key_set: bool,
}

impl Desk {
    /// Reads the pushes in `files` into the account's log and ledger: every receipt matched to
    /// its send, the same push twice stored once, a broken one reported where it is.
    pub async fn import_events(&self, account_id: i64, files: Vec<PathBuf>) -> Result<IntakeSummary> {
        self.with_store(move |store, conns| bulk_intake(store, conns, account_id, Pushes::Files(files))).await
    }

    /// Takes in the pushes the built-in sandbox made for the sandbox account (its deliveries,
    /// popups and changes), as the company's server would have logged them: the feature works
    /// on a fresh machine without WeChat.
    pub async fn import_sandbox_events(&self, account_id: i64) -> Result<IntakeSummary> {
        let (appid, url) = self
            .with_store(move |store, conns| {
                let account = store.account(account_id)?;
                match conns.sandbox_url() {
                    Some(url) if account.is_sandbox => Ok((account.appid, url.to_owned())),
                    _ => Err(CoreError::InvalidInput(Bilingual::new(
                        "only the sandbox account has the sandbox's pushes",
                        "只有沙箱账号能读取沙箱的事件推送",
                    ))),
                }
            })
            .await?;
        let failed =
            |e: reqwest::Error| CoreError::Internal(format!("the sandbox did not give its pushes: {e}"));
        let pushes = reqwest::get(format!("{url}/__sandbox/pushes?format=xml&appid={appid}"))
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(failed)?
            .bytes()
            .await
            .map_err(failed)?;
        self.with_store(move |store, conns| bulk_intake(store, conns, account_id, Pushes::Sandbox(pushes)))
            .await
    }

    /// Stores events the receiver took in for the account.
    pub async fn take_in_events(&self, account_id: i64, events: Vec<PushEvent>) -> Result<IntakeSummary> {
        self.with_store(move |store, _| {
            let mut summary = IntakeSummary { read: events.len() as u64, ..Default::default() };
            store.take_in_events(account_id, &events, &mut summary)?;
            Ok(summary)
        })
        .await
    }

    /// Matches receipts that arrived before their send's outcome was committed.
    pub async fn match_late_receipts(&self, account_id: i64) -> Result<IntakeSummary> {
        self.with_store(move |store, _| {
            let mut summary = IntakeSummary::default();
            store.match_late_receipts(account_id, &mut summary)?;
            Ok(summary)
        })
        .await
    }

    /// The account's push keys, for the receiver.
    pub async fn push_keys(&self, account_id: i64) -> Result<Option<PushKeys>> {
        self.with_store(move |store, conns| conns.push_keys(&store.account(account_id)?.appid)).await
    }

    /// Which push keys the account has.
    pub async fn push_keys_status(&self, account_id: i64) -> Result<PushKeysStatus> {
        let keys = self.push_keys(account_id).await?;
        Ok(PushKeysStatus {
            token_set: keys.is_some(),
            aes_key_set: keys.is_some_and(|k| k.aes_key.is_some()),
        })
    }

    /// Sets the account's push Token and EncodingAESKey (in the keyring), or removes them when
    /// `token` is `None`.
    pub async fn set_push_keys(
        &self,
        account_id: i64,
        token: Option<Sensitive<String>>,
        aes_key: Option<Sensitive<String>>,
    ) -> Result<PushKeysStatus> {
        self.with_store(move |store, conns| {
            let appid = store.account(account_id)?.appid;
            let keys = token.map(|token| PushKeys { token, aes_key });
            conns.save_push_keys(&appid, keys.as_ref())
        })
        .await?;
        self.push_keys_status(account_id).await
    }
}

/// Where an intake reads pushes from.
enum Pushes {
    /// Files a company's server logged.
    Files(Vec<PathBuf>),
    /// What the built-in sandbox answered.
    Sandbox(bytes::Bytes),
}

/// One intake of many pushes: read, stored in batches, receipts of earlier intakes tried again.
fn bulk_intake(
    store: &mut Store,
    conns: &Connections,
    account_id: i64,
    pushes: Pushes,
) -> Result<IntakeSummary> {
    let appid = store.account(account_id)?.appid;
    let opener = Opener::new(appid.clone(), || conns.push_keys(&appid).ok().flatten());
    let mut summary = IntakeSummary::default();
    store.with_bulk_writes(|store| {
        {
            let mut take = |events: &[PushEvent], summary: &mut IntakeSummary| {
                store.take_in_events(account_id, events, summary)
            };
            match &pushes {
                Pushes::Files(files) => {
                    for file in files {
                        read_file(file, &opener, &mut summary, &mut take)?;
                    }
                }
                Pushes::Sandbox(bytes) => {
                    read_pushes(bytes.as_ref(), "sandbox", &opener, &mut summary, &mut take)?
                }
            }
        }
        store.match_late_receipts(account_id, &mut summary)
    })?;
    Ok(summary)
}
