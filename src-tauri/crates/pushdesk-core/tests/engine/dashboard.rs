//! The home page's numbers: the log's totals since midnight and Monday, the campaigns that
//! need an eye, and WeChat's own count of today's sends.

use pushdesk_core::model::{AttemptStatus, CampaignStatus};
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::SandboxConfig;

use crate::world::{openid, World};

#[tokio::test]
async fn the_dashboard_counts_today_by_outcome_and_shows_wechats_quota() {
    let w = World::new(SandboxConfig { daily_limit: Some(1000), ..SandboxConfig::default() }).await;
    w.sandbox.control().revoke(&openid(4), TPL_ORDER_SHIPPED);
    let done = w.campaign(5, 200, 2);
    assert_eq!(w.run(done).await.status, CampaignStatus::Finished);
    let waiting = w.campaign(3, 200, 2);

    let d = w.desk.dashboard(w.account_id).await.unwrap();
    let count = |status| d.today.by_status.iter().find(|s| s.status == status).map_or(0, |s| s.count);
    assert_eq!((d.today.total, count(AttemptStatus::Sent), count(AttemptStatus::NotSubscribed)), (5, 4, 1));
    assert_eq!(d.week.total, 5, "today is part of this week");
    assert!(d.week_from_ms <= d.today_from_ms && d.today_from_ms <= pushdesk_core::model::now_ms());
    assert_eq!(d.active.iter().map(|c| c.id).collect::<Vec<_>>(), [waiting]);
    assert_eq!(d.recent.iter().map(|c| c.id).collect::<Vec<_>>(), [done]);

    let quota = w.desk.send_quota(w.account_id).await.unwrap();
    assert_eq!((quota.daily_limit, quota.used, quota.remain), (1000, 5, 995));
}
