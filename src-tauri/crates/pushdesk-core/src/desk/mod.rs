//! The use cases: one public function per thing a person does with Pushdesk. The desktop app's
//! commands and the CLI's subcommands are adapters of a few lines over a [`Desk`]; neither
//! decides anything about a campaign's life.
//!
//! A desk is one process's view of one data directory: the store, the accounts' WeChat
//! clients, the campaigns this process is sending and what their accounts share (rate,
//! openids in flight). Several desks (the app and a CLI command) may share the data
//! directory; the store's lifecycle transactions keep them from stepping on each other.

mod accounts;
mod approval;
mod audit;
mod contact_rules;
mod dashboard;
mod direct;
mod drafts;
mod events;
mod export;
mod followers;
mod intercepted;
mod ledger;
pub(crate) mod notices;
mod runs;
mod schedule;
mod scheduler;
mod team;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use audit::AUDIT_PAGE_SIZE;
pub use contact_rules::SUPPRESSION_PAGE;
pub use dashboard::{Dashboard, SendQuota};
pub use drafts::{
    AudienceSource, CampaignPlan, Draft, DraftCreation, DraftInput, DraftRowPreview, DraftRowView,
    DraftSettings, DraftSource, CONCURRENCY_LIMITS, RATE_LIMITS,
};
pub use events::PushKeysStatus;
pub use followers::{FollowerProgress, FollowerProgressSink, FollowerSelection};
pub use intercepted::InterceptedSummary;
pub use ledger::LEDGER_COLUMNS;
pub use notices::{NoticeSettings, NoticeSettingsInput, NoticeSink, RobotDelivery, ROBOT_WEBHOOK_KEY};
pub use runs::RunHandle;
pub use schedule::{ScheduleRequest, MAX_GRACE_MINUTES};
pub use scheduler::SchedulerTick;
pub use team::TeamStatus;

use crate::account::AccountKind;
use crate::campaign::{departures, AccountGates, EngineSettings};
use crate::connections::{Connections, SandboxAccount};
use crate::model::TeamRole;
use crate::model::{AuditAction, AuditDetail, Campaign, CampaignKind};
use crate::process::{Liveness, ProcessIdentity};
use crate::schedule::{Clock, SystemClock};
use crate::store::{Recovered, SenderOracle, Store, StoreAddress, SyncSummary};
use crate::wechat::WechatClient;
use crate::{paths, template_sync, CoreError, Result};

/// One process's use of a data directory.
pub struct Desk {
    address: StoreAddress,
    /// The person's role on a shared store; `None` on the desk's own file.
    role: Option<TeamRole>,
    store: Arc<Mutex<Store>>,
    connections: Arc<Connections>,
    gates: Arc<AccountGates>,
    runs: Arc<runs::RunRegistry>,
    me: ProcessIdentity,
    user: String,
    /// This computer's name, for the audit trail.
    machine: String,
    settings: Mutex<EngineSettings>,
    clock: Arc<dyn Clock>,
    notices: notices::Notices,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk").field("store", &self.address).finish_non_exhaustive()
    }
}

/// What [`Desk::open`] found.
#[derive(Debug)]
pub struct Opened {
    /// The desk.
    pub desk: Desk,
    /// Campaigns that were sending when Pushdesk last stopped, now paused (or finished) with
    /// their in-flight rows resolved: offered to the user at start-up.
    pub interrupted: Vec<i64>,
}

impl Desk {
    /// Opens the store in `data_dir` (creating it, migrating it), makes sure the sandbox's
    /// accounts exist, and recovers campaigns whose sender died.
    pub fn open(data_dir: &Path, connections: Connections, sandbox: &[SandboxAccount]) -> Result<Opened> {
        Desk::open_at(StoreAddress::local(data_dir), connections, sandbox)
    }

    /// Opens the store at `address` as [`Desk::open`] opens the one in a data directory.
    pub fn open_at(
        address: StoreAddress,
        connections: Connections,
        sandbox: &[SandboxAccount],
    ) -> Result<Opened> {
        let store = address.open()?;
        let role = store.team_role()?;
        store.ensure_sandbox_accounts(sandbox)?;
        // On a shared store the person is their login: the audit trail and approval name it.
        let store_login = store.login()?;
        let store = Arc::new(Mutex::new(store));
        let connections = Arc::new(connections);
        let desk = Desk {
            address,
            role,
            notices: notices::Notices::new(Arc::clone(&store), Arc::clone(&connections)),
            store,
            connections,
            gates: Arc::default(),
            runs: Arc::default(),
            me: ProcessIdentity::current(),
            user: store_login.unwrap_or_else(paths::os_user),
            machine: paths::machine_name(),
            settings: Mutex::new(EngineSettings::default()),
            clock: Arc::new(SystemClock),
        };
        // Only a sender settles a run another desk left behind: the others' logins may not.
        let interrupted =
            if role.is_none_or(|r| r >= TeamRole::Sender) { desk.recover_now()? } else { Vec::new() };
        Ok(Opened { desk, interrupted })
    }

    /// The person's role on a shared store (what the UI offers); `None` on the desk's own
    /// file, where they may do everything.
    pub fn team_role(&self) -> Option<TeamRole> {
        self.role
    }

    /// The accounts' clients and the keyring.
    pub fn connections(&self) -> &Connections {
        &self.connections
    }

    /// Tunes the engine for runs started from now on (tests, benchmarks).
    pub fn set_engine_settings(&self, settings: EngineSettings) {
        *self.settings.lock().unwrap_or_else(|p| p.into_inner()) = settings;
    }

    /// Reads the time from `clock` from now on: when scheduled campaigns are due, whether a
    /// send window is open (tests move it by hand).
    pub fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    /// Now, by the desk's clock (unix ms).
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Shows every notice (a campaign ended, paused, stopped, waits, was missed) to `sink` too:
    /// the app's desktop notifications.
    pub fn on_notice(&self, sink: notices::NoticeSink) {
        self.notices.add_sink(sink);
    }

    fn engine_settings(&self) -> EngineSettings {
        self.settings.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Runs `f` with the store on a blocking thread: rusqlite and the keyring (D-Bus) must
    /// never block the async runtime, and the connection is never held across an `.await`.
    pub async fn with_store<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &Connections) -> Result<T> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        let connections = Arc::clone(&self.connections);
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock leaves the connection itself intact.
            let mut guard = store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard, &connections)
        })
        .await
        .map_err(|e| CoreError::Internal(format!("a background task failed: {e}")))?
    }

    /// What the store asks about senders: this process's runs by its own registry, other
    /// processes by what can be checked of them.
    fn oracle(&self) -> Oracle {
        Oracle {
            data_dir: self.address.data_dir().to_path_buf(),
            me: self.me.clone(),
            runs: Arc::clone(&self.runs),
        }
    }

    /// Recovers campaigns whose sender died (here or in another process). Returns them.
    pub async fn recover(&self) -> Result<Vec<i64>> {
        let oracle = self.oracle();
        self.with_store(move |store, _| Ok(oracle.settle(store.recover(&oracle)?))).await
    }

    fn recover_now(&self) -> Result<Vec<i64>> {
        let oracle = self.oracle();
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        Ok(oracle.settle(store.recover(&oracle)?))
    }

    /// One campaign, with the actions allowed now.
    pub async fn campaign(&self, id: i64) -> Result<Campaign> {
        self.with_store(move |store, _| store.campaign(id)).await
    }

    /// The campaigns of an account (or all), newest first. Campaigns whose sender died are
    /// recovered first, so none shows as running when nobody sends it.
    pub async fn campaigns(&self, account_id: Option<i64>) -> Result<Vec<Campaign>> {
        let oracle = self.oracle();
        self.with_store(move |store, _| {
            oracle.settle(store.recover(&oracle)?);
            store.campaigns(account_id, &[CampaignKind::Campaign])
        })
        .await
    }

    /// Archives a finished or cancelled campaign (kept with its log and report, out of the way),
    /// or brings it back.
    pub async fn archive_campaign(&self, id: i64, archived: bool) -> Result<Campaign> {
        self.with_store(move |store, _| store.set_archived(id, archived)).await
    }

    /// The account's client, and what kind of account it is.
    pub(super) async fn client_of(&self, account_id: i64) -> Result<(Arc<WechatClient>, AccountKind)> {
        self.with_store(move |store, conns| {
            let account = store.account(account_id)?;
            Ok((conns.client(&account)?, account.kind))
        })
        .await
    }

    /// Pulls the account's private templates from WeChat into the local cache.
    pub async fn sync_templates(&self, account_id: i64) -> Result<SyncSummary> {
        let (client, kind) = self.client_of(account_id).await?;
        let fresh = template_sync::fetch_templates(&client, kind).await?;
        let templates = u32::try_from(fresh.len()).unwrap_or(u32::MAX);
        let (summary, subject) = self
            .with_store(move |store, _| {
                Ok((store.replace_templates(account_id, &fresh)?, store.account(account_id)?.name))
            })
            .await?;
        let detail = AuditDetail { templates: Some(templates), ..AuditDetail::default() };
        self.audit_account(AuditAction::TemplatesSynced, account_id, subject, detail).await;
        Ok(summary)
    }
}

/// The store's questions about senders, answered for one desk.
struct Oracle {
    data_dir: PathBuf,
    me: ProcessIdentity,
    runs: Arc<runs::RunRegistry>,
}

impl Oracle {
    /// Deletes the departure logs of recovered runs; returns the campaigns.
    fn settle(&self, recovered: Recovered) -> Vec<i64> {
        recovered
            .into_iter()
            .map(|(id, run)| {
                if let Some(run) = run {
                    departures::discard(&self.data_dir, &run);
                }
                id
            })
            .collect()
    }
}

impl SenderOracle for Oracle {
    fn liveness(
        &self,
        run_id: &str,
        process: Option<&ProcessIdentity>,
        heartbeat_at: Option<i64>,
    ) -> Liveness {
        match process {
            // This process: alive exactly while the run is registered (a run that ended
            // without settling its campaign is over, and its departure log is complete).
            Some(p) if *p == self.me => {
                if self.runs.is_active(run_id) {
                    Liveness::Alive
                } else {
                    Liveness::Dead { exact: true }
                }
            }
            Some(p) => p.liveness(&self.me, heartbeat_at, crate::model::now_ms()),
            None => Liveness::Dead { exact: false },
        }
    }

    fn departures(&self, run_id: &str, in_flight: &HashSet<i64>) -> Option<crate::model::Departures> {
        departures::read(&self.data_dir, run_id, in_flight)
    }
}
