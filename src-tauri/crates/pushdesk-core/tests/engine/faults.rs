//! Faults from WeChat and the network before delivery: every row ends in the state that is
//! true, nobody gets a message twice.

use std::time::Duration;

use pushdesk_core::campaign::EngineSettings;
use pushdesk_core::model::{CampaignStatus, ReasonKind};
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::{Fault, SandboxConfig, DEMO_APPID};

use crate::world::{openid, test_settings, World};

#[tokio::test]
async fn transient_faults_are_retried_and_dropped_connections_become_unknown() {
    let w = World::new(SandboxConfig::default()).await;
    let control = w.sandbox.control();
    control.queue_fault(Fault::SystemBusy, 5);
    control.queue_fault(Fault::DropConnection, 3);
    let id = w.campaign(120, 500, 8);
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Finished);
    assert_eq!(c.counts.unknown, 3, "a dropped connection may have delivered: unknown, not resent");
    assert_eq!(c.counts.sent, 117);
    assert_eq!(w.sandbox.stats().accepted, 117);
    w.assert_truthful(id);
}

#[tokio::test]
async fn an_expired_token_mid_run_is_refreshed_once_and_every_resend_is_journaled() {
    let w = World::new(SandboxConfig { latency: Duration::from_millis(5), ..SandboxConfig::default() }).await;
    let id = w.campaign(150, 1000, 16);
    let control = w.sandbox.control().clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(60)).await;
        control.expire_tokens();
    });
    let c = w.run(id).await;
    assert_eq!(c.counts.sent, 150);
    let stats = w.sandbox.stats();
    assert_eq!(stats.duplicates, 0);
    assert_eq!(stats.stable_token_requests, 2, "one token at start, one after expiry: single flight");
    // Every request the sandbox received is an attempt in the log (the re-sends after 42001
    // included): nothing goes out behind the journal's back.
    let attempts = w.store().attempt_start_times(id).unwrap().len() as u64;
    assert_eq!(stats.sends_received, attempts);
}

#[tokio::test]
async fn the_per_minute_limit_holds_everyone_then_continues() {
    let w = World::new(SandboxConfig::default()).await;
    w.sandbox.control().queue_fault(Fault::Errcode(45011), 2);
    w.desk.set_engine_settings(EngineSettings {
        minute_limit_hold: Some(Duration::from_millis(300)),
        ..test_settings()
    });
    let id = w.campaign(40, 1000, 4);
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Finished);
    assert_eq!(c.counts.sent, 40);
    assert_eq!(w.sandbox.stats().duplicates, 0);
}

#[tokio::test]
async fn the_daily_quota_pauses_and_resume_finishes() {
    let w = World::new(SandboxConfig { daily_limit: Some(30), ..SandboxConfig::default() }).await;
    let id = w.campaign(50, 1000, 4);
    let paused = w.run(id).await;
    assert_eq!(paused.status, CampaignStatus::Paused);
    assert_eq!(paused.status_reason.as_ref().unwrap().kind, ReasonKind::Quota);
    assert_eq!(paused.status_reason.as_ref().unwrap().errcode, Some(45009));
    assert_eq!(paused.counts.sent, 30);
    assert_eq!(paused.counts.pending, 20, "rows refused by the quota stay pending");

    w.sandbox.control().set_limits(None, None);
    let (done, progress) = w.run_watched(id).await;
    assert_eq!(done.status, CampaignStatus::Finished);
    assert_eq!(done.counts.sent, 50);
    assert_eq!(w.sandbox.stats().duplicates, 0);
    let quota = progress.errcodes.iter().find(|e| e.errcode == 45009);
    assert!(
        quota.is_some_and(|e| e.count >= 1),
        "the resumed run still shows why the first paused: {progress:?}"
    );
}

#[tokio::test]
async fn a_campaign_wide_error_stops_at_the_first_occurrence() {
    let w = World::new(SandboxConfig::default()).await;
    w.sandbox.control().queue_fault(Fault::Errcode(40037), 1000);
    let concurrency = 4;
    let id = w.campaign(500, 1000, concurrency);
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Stopped);
    let reason = c.status_reason.unwrap();
    assert_eq!(reason.kind, ReasonKind::CampaignError);
    assert_eq!(reason.errcode, Some(40037));
    let refused = w.sandbox.stats().rejected_by_errcode.get(&40037).copied().unwrap_or(0);
    assert!(refused <= u64::from(concurrency), "stopped after {refused} requests, not after thousands");
    assert_eq!(c.counts.pending, 500, "nothing was delivered; every row can be sent after the fix");
}

/// WeChat answers 47001 to well-formed bodies now and then: the row fails; only a repeat stops.
#[tokio::test]
async fn a_stray_47001_fails_its_row_and_a_repeated_one_stops() {
    let w = World::new(SandboxConfig::default()).await;
    w.sandbox.control().queue_fault(Fault::Errcode(47001), 1);
    let id = w.campaign(20, 1000, 1);
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Finished);
    assert_eq!((c.counts.failed, c.counts.sent), (1, 19));

    w.sandbox.control().queue_fault(Fault::Errcode(47001), 50);
    let id = w.campaign(20, 1000, 1);
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Stopped);
    assert_eq!(c.status_reason.unwrap().errcode, Some(47001));
    assert_eq!(c.counts.failed, 3);
}

#[tokio::test]
async fn unsubscribed_users_are_not_failures_and_are_remembered() {
    let w = World::new(SandboxConfig::default()).await;
    w.sandbox.control().set_subscriptions_in(DEMO_APPID, &openid(3), TPL_ORDER_SHIPPED, 0);
    let id = w.campaign(10, 1000, 4);
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Finished);
    assert_eq!(c.counts.not_subscribed, 1);
    assert_eq!(c.counts.sent, 9);
    let known = w.store().unsubscribed_openids(w.account_id, TPL_ORDER_SHIPPED).unwrap();
    assert!(known.contains(&openid(3)));
}

#[tokio::test]
async fn many_failures_in_a_row_pause_the_campaign() {
    let w = World::new(SandboxConfig::default()).await;
    w.sandbox.control().queue_fault(Fault::Errcode(40003), 80);
    let id = w.campaign(200, 1000, 1);
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Paused);
    assert_eq!(c.status_reason.unwrap().kind, ReasonKind::FailureThreshold);
    assert_eq!(c.counts.failed, 50);
}

/// Regression (issue 12, item 3): with the simulator down, 50 rows were marked failed before
/// the campaign paused, although nothing had left the machine.
#[tokio::test]
async fn an_unreachable_server_pauses_with_every_row_pending() {
    let w = World::new(SandboxConfig::default()).await;
    let id = w.campaign(30, 1000, 4);
    // A client of the same account pointed at a closed port: connection refused.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let desk = crate::world::desk_on(&w.address, w.account_id, &closed);
    let c = desk.resume(id, None).await.unwrap().done.await.unwrap().unwrap();
    assert_eq!(c.status, CampaignStatus::Paused);
    let reason = c.status_reason.unwrap();
    assert!(matches!(reason.kind, ReasonKind::Unreachable | ReasonKind::Token), "{reason:?}");
    assert_eq!((c.counts.pending, c.counts.failed, c.counts.unknown), (30, 0, 0));
    assert!(w.store().attempt_start_times(id).unwrap().is_empty(), "no attempt: nothing left");
    // Back on line, resume sends them all.
    let done = w.run(id).await;
    assert_eq!(done.counts.sent, 30);
}
