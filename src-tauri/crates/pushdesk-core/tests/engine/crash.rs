//! A process killed with SIGKILL mid-campaign, then resumed: zero duplicates, every row
//! accounted for.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use pushdesk_core::campaign::model::{CampaignStatus, ReasonKind};
use pushdesk_core::campaign::{run_campaign, CampaignControl, RunRequest};
use pushdesk_core::secrets::Sensitive;
use pushdesk_core::wechat::{ClientConfig, TokenSource, WechatClient};
use pushdesk_sandbox::{SandboxConfig, DEMO_APPID, DEMO_SECRET};

use crate::world::World;

const DB: &str = "PUSHDESK_CRASH_DB";
const URL: &str = "PUSHDESK_CRASH_URL";
const ID: &str = "PUSHDESK_CRASH_CAMPAIGN";

/// Runs in the child process only: sends the campaign until it is killed.
#[tokio::test]
#[ignore = "the child process of a_killed_run_resumes_without_duplicates"]
async fn child_sends_until_killed() {
    let (Ok(db), Ok(url), Ok(id)) = (std::env::var(DB), std::env::var(URL), std::env::var(ID)) else {
        panic!("run by a_killed_run_resumes_without_duplicates only");
    };
    let mut config = ClientConfig::new(
        DEMO_APPID,
        TokenSource::Stable { secret: Sensitive::new(DEMO_SECRET.to_string()) },
    );
    config.api_base = url;
    run_campaign(RunRequest {
        db_path: db.into(),
        campaign_id: id.parse().unwrap(),
        client: Arc::new(WechatClient::new(config).unwrap()),
        control: CampaignControl::default(),
        progress: None,
        settings: Default::default(),
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn a_killed_run_resumes_without_duplicates() {
    let w =
        World::new(SandboxConfig { latency: Duration::from_millis(40), ..SandboxConfig::default() }).await;
    let total = 400;
    let id = w.campaign(total, 200, 8);

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash::child_sends_until_killed", "--ignored", "--nocapture"])
        .env(DB, &w.db)
        .env(URL, w.sandbox.url())
        .env(ID, id.to_string())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while w.sandbox.stats().accepted < 100 {
        assert!(Instant::now() < deadline, "the child never got going");
        assert!(child.try_wait().unwrap().is_none(), "the child ended before it was killed");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();

    let interrupted =
        w.store().recover_interrupted(|id| pushdesk_core::campaign::RunLock::is_held(&w.db, id)).unwrap();
    assert_eq!(interrupted, vec![id]);
    let after_crash = w.store().campaign(id).unwrap();
    assert_eq!(after_crash.status, CampaignStatus::Paused);
    assert_eq!(after_crash.status_reason.as_ref().unwrap().kind, ReasonKind::Interrupted);
    assert_eq!(after_crash.counts.sending, 0, "nothing is left in flight after recovery");

    let done = w.run(id, CampaignControl::default()).await;
    assert_eq!(done.status, CampaignStatus::Finished);
    let c = done.counts;
    assert_eq!(c.sent + c.unknown + c.failed + c.not_subscribed, total as u32, "{c:?}");
    assert_eq!(c.remaining(), 0);
    let stats = w.sandbox.stats();
    assert_eq!(stats.duplicates, 0, "nobody got the message twice");
    assert!(stats.accepted >= u64::from(c.sent), "every row marked sent was delivered");
    assert!(stats.accepted <= u64::from(c.sent + c.unknown), "deliveries beyond sent are the unknown rows");
}
