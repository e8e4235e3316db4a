//! A notice when a campaign ends, pauses, stops on an error, waits for its window, is missed or
//! cannot start: to the app's desktop notifications (a sink the app adds) and, when one is set
//! up, to the team's group robot (WeCom, Feishu, DingTalk). The robot's webhook address carries
//! its key, so it lives in the OS keyring; a robot that fails is retried and reported in the
//! settings, and never touches the campaign.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use super::Desk;
use crate::connections::Connections;
use crate::model::{now_ms, Campaign, CampaignKind, CampaignStatus, ReasonKind, StatusReason};
use crate::notify::{
    check_robot_url, post_notice, Notice, NoticeCounts, NoticeEvent, NoticeLang, RetryPolicy, RobotKind,
};
use crate::preferences::Language;
use crate::schedule::{format_local, zone_or_local};
use crate::secrets::Sensitive;
use crate::store::Store;
use crate::{Bilingual, CoreError, Result};

/// The keyring entry holding the group robot's webhook address (it carries the robot's key).
pub const ROBOT_WEBHOOK_KEY: &str = "robot-webhook";
const DESKTOP_SETTING: &str = "notice.desktop";
const ROBOT_SETTING: &str = "notice.robot";
const LAST_ROBOT_SETTING: &str = "notice.robot.last";

/// Receives every notice: the app shows it as a desktop notification.
pub type NoticeSink = Arc<dyn Fn(&Notice) + Send + Sync>;

/// How the last notice to the robot went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RobotDelivery {
    /// When (unix ms).
    pub at: i64,
    /// Whether the robot took it.
    pub ok: bool,
    /// Requests it took, when the robot took it.
    pub attempts: Option<u32>,
    /// Why not, in English.
    pub error_en: Option<String>,
    /// Why not, in Chinese.
    pub error_zh: Option<String>,
}

/// The notice settings as the settings page shows them (the webhook address never leaves the
/// keyring: only whether one is saved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoticeSettings {
    /// Desktop notifications on.
    pub desktop: bool,
    /// The group robot notices go to, if any.
    pub robot: Option<RobotKind>,
    /// Whether a webhook address is saved in the keyring.
    pub robot_saved: bool,
    /// How the last notice to the robot went.
    pub last_robot: Option<RobotDelivery>,
}

/// What the settings page saves.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoticeSettingsInput {
    /// Desktop notifications on.
    pub desktop: bool,
    /// The group robot, or none to stop robot notices (the saved address is deleted).
    pub robot: Option<RobotKind>,
    /// A new webhook address; none keeps the saved one.
    pub webhook: Option<String>,
}

#[derive(Clone)]
pub(super) struct Notices {
    store: Arc<Mutex<Store>>,
    connections: Arc<Connections>,
    sinks: Arc<Mutex<Vec<NoticeSink>>>,
    http: reqwest::Client,
    /// Notices on their way, which a command line waits for before it exits.
    sending: Arc<Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Notices {
    pub(super) fn new(store: Arc<Mutex<Store>>, connections: Arc<Connections>) -> Self {
        // A short connect timeout: a robot that cannot be reached is retried (nothing was
        // posted), rather than waiting out the whole request timeout and being left in doubt.
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(3))
            .build()
            .unwrap_or_default();
        Notices { store, connections, sinks: Arc::default(), http, sending: Arc::default() }
    }

    pub(super) fn add_sink(&self, sink: NoticeSink) {
        self.sinks.lock().unwrap_or_else(|p| p.into_inner()).push(sink);
    }

    /// Tells the sinks and the robot about `campaign`, when its state is worth a notice.
    /// Returns at once; the robot is posted to in the background.
    pub(super) fn campaign_changed(&self, campaign: Campaign) {
        let Some(event) = event_of(&campaign) else { return };
        let this = self.clone();
        let task = tokio::spawn(async move {
            let read = {
                let this = this.clone();
                tokio::task::spawn_blocking(move || this.read_context(&campaign, event)).await
            };
            let (notice, robot, desktop) = match read {
                Ok(Ok(found)) => found,
                Ok(Err(e)) => return warn!("no notice: {e}"),
                Err(e) => return warn!("no notice: {e}"),
            };
            if desktop {
                for sink in this.sinks.lock().unwrap_or_else(|p| p.into_inner()).iter() {
                    sink(&notice);
                }
            }
            if let Some((kind, url)) = robot {
                let delivery = this.post(kind, &url, &notice).await;
                let store = Arc::clone(&this.store);
                let _ = tokio::task::spawn_blocking(move || {
                    record(&store.lock().unwrap_or_else(|p| p.into_inner()), &delivery)
                })
                .await;
            }
        });
        let mut sending = self.sending.lock().unwrap_or_else(|p| p.into_inner());
        sending.retain(|t| !t.is_finished());
        sending.push(task);
    }

    /// Waits for the notices on their way.
    pub(super) async fn flush(&self) {
        let tasks: Vec<_> = std::mem::take(&mut *self.sending.lock().unwrap_or_else(|p| p.into_inner()));
        for task in tasks {
            let _ = task.await;
        }
    }

    #[allow(clippy::type_complexity)]
    fn read_context(
        &self,
        campaign: &Campaign,
        event: NoticeEvent,
    ) -> Result<(Notice, Option<(RobotKind, Sensitive<String>)>, bool)> {
        let store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let account = store.account(campaign.account_id)?.name;
        let lang = match store.preferences()?.language {
            Language::ZhCn => NoticeLang::Zh,
            Language::En => NoticeLang::En,
        };
        let settings = settings_in(&store, &self.connections)?;
        let robot = match settings.robot {
            Some(kind) if settings.robot_saved => {
                Some((kind, self.connections.secrets().get(ROBOT_WEBHOOK_KEY)?))
            }
            _ => None,
        };
        Ok((notice_of(campaign, event, account, lang), robot, settings.desktop))
    }

    async fn post(&self, kind: RobotKind, url: &Sensitive<String>, notice: &Notice) -> RobotDelivery {
        let result = post_notice(&self.http, kind, url, notice, RetryPolicy::default()).await;
        match result {
            Ok(attempts) => {
                info!(robot = kind.as_str(), attempts, "notice posted to the group robot");
                RobotDelivery {
                    at: now_ms(),
                    ok: true,
                    attempts: Some(attempts),
                    error_en: None,
                    error_zh: None,
                }
            }
            Err(e) => {
                warn!(robot = kind.as_str(), "the group robot did not take the notice: {e}");
                RobotDelivery {
                    at: now_ms(),
                    ok: false,
                    attempts: None,
                    error_en: Some(e.to_string()),
                    error_zh: Some(e.zh()),
                }
            }
        }
    }
}

fn record(store: &Store, delivery: &RobotDelivery) {
    if let Ok(json) = serde_json::to_string(delivery) {
        if let Err(e) = store.set_setting(LAST_ROBOT_SETTING, &json) {
            warn!("could not record how the robot notice went: {e}");
        }
    }
}

fn settings_in(store: &Store, connections: &Connections) -> Result<NoticeSettings> {
    let robot = store.setting(ROBOT_SETTING)?.as_deref().and_then(RobotKind::parse);
    Ok(NoticeSettings {
        desktop: store.setting(DESKTOP_SETTING)?.as_deref() != Some("off"),
        robot,
        robot_saved: robot.is_some() && connections.secrets().contains(ROBOT_WEBHOOK_KEY)?,
        last_robot: store.setting(LAST_ROBOT_SETTING)?.and_then(|j| serde_json::from_str(&j).ok()),
    })
}

/// Which notice a campaign in its present state is worth, if any. What a person did
/// themselves (pause, cancel, skip) is not announced back to them.
fn event_of(campaign: &Campaign) -> Option<NoticeEvent> {
    if campaign.kind != CampaignKind::Campaign {
        return None;
    }
    let by_user = campaign.status_reason.as_ref().is_some_and(|r| r.kind == ReasonKind::User);
    match campaign.status {
        CampaignStatus::Finished => Some(NoticeEvent::Finished),
        CampaignStatus::Paused if !by_user => Some(NoticeEvent::Paused),
        CampaignStatus::Stopped
            if campaign.status_reason.as_ref().is_some_and(|r| r.kind == ReasonKind::Audience) =>
        {
            Some(NoticeEvent::NotStarted)
        }
        CampaignStatus::Stopped => Some(NoticeEvent::Stopped),
        CampaignStatus::Cancelled if !by_user => Some(NoticeEvent::Cancelled),
        CampaignStatus::WaitingWindow => Some(NoticeEvent::WaitingWindow),
        CampaignStatus::Missed => Some(NoticeEvent::Missed),
        _ => None,
    }
}

fn notice_of(campaign: &Campaign, event: NoticeEvent, account_name: String, lang: NoticeLang) -> Notice {
    let c = &campaign.counts;
    Notice {
        campaign_id: campaign.id,
        campaign_name: campaign.name.clone(),
        account_name,
        event,
        counts: NoticeCounts {
            total: c.total,
            sent: c.sent,
            failed: c.failed,
            unknown: c.unknown,
            not_subscribed: c.not_subscribed,
            skipped: c.skipped,
            cancelled: c.cancelled,
            pending: c.pending + c.sending,
        },
        reason: campaign.status_reason.as_ref().map(|r| reason_line(campaign, r, lang)),
        lang,
    }
}

/// The one line that says why, in the notice's language.
fn reason_line(campaign: &Campaign, reason: &StatusReason, lang: NoticeLang) -> String {
    let code = reason.errcode.map(|c| format!("（{c}）")).unwrap_or_default();
    let resume = campaign.resume_at.map(|at| format_local(at, zone_or_local(campaign.timezone.as_deref())));
    if lang == NoticeLang::En {
        return match (reason.kind, resume) {
            (ReasonKind::Window, Some(at)) => format!("outside the send window; it goes on at {at}"),
            _ => reason.message.clone(),
        };
    }
    match reason.kind {
        ReasonKind::Window => format!("已到发送时段之外，将在 {} 继续发送", resume.unwrap_or_default()),
        ReasonKind::Missed => "定时已过且超过宽限时间（推送台当时没有运行），请决定现在发送还是跳过".into(),
        ReasonKind::Audience => format!("名单文件无法使用，本次没有发送：{}", reason.message),
        ReasonKind::Quota => format!("已达到微信当天的发送上限{code}"),
        ReasonKind::CampaignError => format!("出现了每一行都会失败的错误{code}：{}", reason.message),
        ReasonKind::FailureThreshold => "连续多行发送失败，已暂停以便检查原因".into(),
        ReasonKind::Token => format!("无法获取 access_token{code}"),
        ReasonKind::Unreachable => "连不上微信服务器，没有请求发出".into(),
        ReasonKind::Store => "本机数据库无法写入".into(),
        ReasonKind::Interrupted => "推送台在发送途中停止了".into(),
        ReasonKind::User => reason.message.clone(),
    }
}

impl Desk {
    /// Waits for the notices on their way (a command line calls it before it exits, so a
    /// campaign's last notice is not lost with the process).
    pub async fn flush_notices(&self) {
        self.notices.flush().await;
    }

    /// The notice settings (never the webhook address itself).
    pub async fn notice_settings(&self) -> Result<NoticeSettings> {
        self.with_store(|store, conns| settings_in(store, conns)).await
    }

    /// Saves the notice settings; a new webhook address goes to the keyring after it is checked.
    pub async fn save_notice_settings(&self, input: NoticeSettingsInput) -> Result<NoticeSettings> {
        let webhook =
            input.webhook.filter(|w| !w.trim().is_empty()).map(|w| Sensitive::new(w.trim().to_string()));
        if let (Some(kind), Some(url)) = (input.robot, &webhook) {
            check_robot_url(kind, url)
                .map_err(|e| CoreError::InvalidInput(Bilingual::field("webhook", &e, e.zh())))?;
        }
        self.with_store(move |store, conns| {
            // A saved address belongs to the robot it was saved for: another kind needs its own.
            let saved_for = store.setting(ROBOT_SETTING)?.as_deref().and_then(RobotKind::parse);
            if input.robot.is_some() && webhook.is_none() && input.robot != saved_for {
                return Err(CoreError::InvalidInput(Bilingual::field(
                    "webhook",
                    "paste the webhook address of the robot you chose",
                    "请粘贴所选群机器人的 Webhook 地址",
                )));
            }
            if input.robot.is_some() && webhook.is_none() && !conns.secrets().contains(ROBOT_WEBHOOK_KEY)? {
                return Err(CoreError::InvalidInput(Bilingual::field(
                    "webhook",
                    "paste the robot's webhook address",
                    "请粘贴群机器人的 Webhook 地址",
                )));
            }
            match (&input.robot, &webhook) {
                (None, _) => conns.secrets().delete(ROBOT_WEBHOOK_KEY)?,
                (Some(_), Some(url)) => conns.secrets().put(ROBOT_WEBHOOK_KEY, url)?,
                (Some(_), None) => {}
            }
            store.set_setting(DESKTOP_SETTING, if input.desktop { "on" } else { "off" })?;
            store.set_setting(ROBOT_SETTING, input.robot.map_or("", RobotKind::as_str))?;
            settings_in(store, conns)
        })
        .await
    }

    /// Posts a test notice to the saved robot and says how it went (also kept as the last
    /// delivery).
    pub async fn test_robot(&self) -> Result<RobotDelivery> {
        let (kind, url, lang) = self
            .with_store(|store, conns| {
                let settings = settings_in(store, conns)?;
                let kind = settings.robot.filter(|_| settings.robot_saved).ok_or_else(|| {
                    CoreError::InvalidInput(Bilingual::field(
                        "webhook",
                        "choose a group robot and save its webhook address first",
                        "请先选择群机器人并保存它的 Webhook 地址",
                    ))
                })?;
                let lang = match store.preferences()?.language {
                    Language::ZhCn => NoticeLang::Zh,
                    Language::En => NoticeLang::En,
                };
                Ok((kind, conns.secrets().get(ROBOT_WEBHOOK_KEY)?, lang))
            })
            .await?;
        let (name, account) = match lang {
            NoticeLang::Zh => ("测试通知", "推送台"),
            NoticeLang::En => ("Test notice", "Pushdesk"),
        };
        let notice = Notice {
            campaign_id: 0,
            campaign_name: name.into(),
            account_name: account.into(),
            event: NoticeEvent::Finished,
            counts: NoticeCounts::default(),
            reason: None,
            lang,
        };
        let delivery = self.notices.post(kind, &url, &notice).await;
        let recorded = delivery.clone();
        self.with_store(move |store, _| {
            record(store, &recorded);
            Ok(())
        })
        .await?;
        Ok(delivery)
    }
}
