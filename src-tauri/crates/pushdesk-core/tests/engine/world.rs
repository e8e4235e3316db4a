//! A sandbox, a store with one account, and helpers to make and run campaigns.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use pushdesk_core::account::{NewAccount, TokenMode};
use pushdesk_core::campaign::model::{
    Campaign, CampaignKind, MessageSpec, NewCampaign, NewRecipient, RecipientState,
};
use pushdesk_core::campaign::{
    run_campaign, CampaignControl, EngineSettings, Progress, ProgressSink, RunRequest,
};
use pushdesk_core::secrets::Sensitive;
use pushdesk_core::store::Store;
use pushdesk_core::wechat::{ClientConfig, Lang, MiniprogramState, TokenSource, WechatClient};
use pushdesk_sandbox::{demo::TPL_ORDER_SHIPPED, Sandbox, SandboxConfig, DEMO_APPID, DEMO_SECRET};

pub struct World {
    pub sandbox: Sandbox,
    pub _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub account_id: i64,
    pub client: Arc<WechatClient>,
}

pub fn openid(i: usize) -> String {
    format!("oEngineTest{i:017}")
}

pub fn order_values(i: usize) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("thing1".into(), format!("拿铁咖啡豆 {i} 号")),
        ("character_string2".into(), format!("SF{i:010}")),
        ("phrase3".into(), "顺丰速运".into()),
        ("time4".into(), "2026-11-24 10:00".into()),
        ("amount5".into(), "￥89.00".into()),
    ])
}

impl World {
    pub async fn new(config: SandboxConfig) -> World {
        let sandbox = Sandbox::start(config).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db.sqlite3");
        let store = Store::open(&db).unwrap();
        let account = store
            .insert_account(&NewAccount {
                name: "engine".into(),
                appid: DEMO_APPID.into(),
                token_mode: TokenMode::Stable,
                api_base: sandbox.url(),
                token_url: None,
                proxy: None,
            })
            .unwrap();
        let mut config = ClientConfig::new(
            DEMO_APPID,
            TokenSource::Stable { secret: Sensitive::new(DEMO_SECRET.to_string()) },
        );
        config.api_base = sandbox.url();
        config.request_timeout = Duration::from_secs(2);
        let client = Arc::new(WechatClient::new(config).unwrap());
        World { sandbox, _dir: dir, db, account_id: account.id, client }
    }

    pub fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }

    /// A campaign to `n` generated openids of the order-shipped template.
    pub fn campaign(&self, n: usize, rate: u32, concurrency: u32) -> i64 {
        let recipients: Vec<NewRecipient> = (0..n)
            .map(|i| NewRecipient {
                row_no: i as u32 + 1,
                openid: openid(i),
                data: order_values(i),
                state: RecipientState::Pending,
                reason: None,
                origin_id: None,
            })
            .collect();
        let spec = NewCampaign {
            account_id: self.account_id,
            kind: CampaignKind::Campaign,
            name: format!("{n} recipients"),
            template_id: TPL_ORDER_SHIPPED.into(),
            template_title: "订单发货通知".into(),
            message: MessageSpec {
                values: BTreeMap::new(),
                page: Some("pages/order/detail?id=7".into()),
                miniprogram_state: MiniprogramState::Formal,
                lang: Lang::ZhCn,
            },
            rate,
            concurrency,
            parent_id: None,
            created_by: "test".into(),
        };
        self.store().create_campaign(&spec, &recipients).unwrap()
    }

    pub async fn run(&self, id: i64, control: CampaignControl) -> Campaign {
        self.run_reporting(id, control, None).await
    }

    /// Runs a campaign and returns it with the last progress it reported.
    pub async fn run_watched(&self, id: i64) -> (Campaign, Progress) {
        let last = Arc::new(std::sync::Mutex::new(None));
        let sink = Arc::clone(&last);
        let progress: ProgressSink = Arc::new(move |p| *sink.lock().unwrap() = Some(p));
        let c = self.run_reporting(id, CampaignControl::default(), Some(progress)).await;
        let progress = last.lock().unwrap().take().expect("a run reports its progress at the end");
        (c, progress)
    }

    async fn run_reporting(
        &self,
        id: i64,
        control: CampaignControl,
        progress: Option<ProgressSink>,
    ) -> Campaign {
        let settings =
            EngineSettings { progress_interval: Duration::from_millis(50), ..EngineSettings::default() };
        run_campaign(RunRequest {
            db_path: self.db.clone(),
            campaign_id: id,
            client: Arc::clone(&self.client),
            control,
            progress,
            settings,
        })
        .await
        .unwrap()
    }

    /// Sends accepted by the sandbox must equal rows marked sent, with no duplicate.
    pub fn assert_exactly_once(&self, c: &Campaign) {
        let stats = self.sandbox.stats();
        assert_eq!(stats.duplicates, 0, "someone got the same message twice");
        assert_eq!(stats.concurrent_rejections, 0, "two requests to one openid were in flight (43108)");
        assert_eq!(
            stats.accepted,
            u64::from(c.counts.sent + c.counts.unknown) - self.unknown_not_delivered(c)
        );
    }

    /// Unknown rows whose request the sandbox dropped were not delivered.
    fn unknown_not_delivered(&self, c: &Campaign) -> u64 {
        u64::from(c.counts.unknown).min(self.sandbox.stats().dropped_connections)
    }
}
