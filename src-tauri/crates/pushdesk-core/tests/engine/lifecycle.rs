//! Runs that go well, and the user's pause, resume and cancel.

use std::time::Duration;

use pushdesk_core::campaign::model::CampaignStatus;
use pushdesk_core::campaign::CampaignControl;
use pushdesk_sandbox::SandboxConfig;

use crate::world::World;

#[tokio::test]
async fn every_row_is_sent_once_and_journaled() {
    let w = World::new(SandboxConfig::default()).await;
    let id = w.campaign(300, 1000, 16);
    let c = w.run(id, CampaignControl::default()).await;
    assert_eq!(c.status, CampaignStatus::Finished);
    assert_eq!(c.counts.sent, 300);
    assert_eq!(c.counts.remaining(), 0);
    w.assert_exactly_once(&c);
    assert_eq!(w.sandbox.stats().accepted, 300);

    // Every attempt is in the log with its msgid, exactly as WeChat gave it (above 2^53).
    let store = w.store();
    let counts = store.counts(id).unwrap();
    assert_eq!(counts.sent, 300);
}

#[tokio::test]
async fn the_rate_is_never_exceeded_in_any_one_second_window() {
    let w = World::new(SandboxConfig::default()).await;
    let rate = 40;
    let id = w.campaign(130, rate, 16);
    let c = w.run(id, CampaignControl::default()).await;
    assert_eq!(c.counts.sent, 130);
    let started = w.store().attempt_start_times(id).unwrap();
    assert_eq!(started.len(), 130);
    for (i, t) in started.iter().enumerate().skip(rate as usize) {
        let earlier = started[i - rate as usize];
        assert!(t - earlier >= 1000, "{} sends within {} ms at index {i}", rate + 1, t - earlier);
    }
}

#[tokio::test]
async fn pause_then_resume_finishes_without_duplicates() {
    let w =
        World::new(SandboxConfig { latency: Duration::from_millis(20), ..SandboxConfig::default() }).await;
    let id = w.campaign(200, 100, 4);
    let control = CampaignControl::default();
    let pauser = control.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        pauser.pause();
    });
    let paused = w.run(id, control).await;
    assert_eq!(paused.status, CampaignStatus::Paused);
    assert!(paused.counts.sent > 0 && paused.counts.pending > 0, "{:?}", paused.counts);
    assert_eq!(paused.counts.sending, 0, "in-flight requests finish before pausing");
    let attempts = w.store().attempt_start_times(id).unwrap().len();
    assert_eq!(attempts, paused.counts.sent as usize, "rows staged but never sent leave no attempt behind");

    let done = w.run(id, CampaignControl::default()).await;
    assert_eq!(done.status, CampaignStatus::Finished);
    assert_eq!(done.counts.sent, 200);
    w.assert_exactly_once(&done);
}

#[tokio::test]
async fn cancel_leaves_pending_rows_cancelled() {
    let w =
        World::new(SandboxConfig { latency: Duration::from_millis(20), ..SandboxConfig::default() }).await;
    let id = w.campaign(200, 100, 4);
    let control = CampaignControl::default();
    let canceller = control.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        canceller.cancel();
    });
    let c = w.run(id, control).await;
    assert_eq!(c.status, CampaignStatus::Cancelled);
    assert_eq!(c.counts.sent + c.counts.cancelled, 200);
    assert!(c.counts.cancelled > 0);
    assert_eq!(w.sandbox.stats().accepted, u64::from(c.counts.sent));
    let again = pushdesk_core::campaign::run_campaign(pushdesk_core::campaign::RunRequest {
        db_path: w.db.clone(),
        campaign_id: id,
        client: w.client.clone(),
        control: CampaignControl::default(),
        progress: None,
        settings: Default::default(),
    })
    .await;
    assert!(again.is_err(), "a cancelled campaign cannot run again");
}
