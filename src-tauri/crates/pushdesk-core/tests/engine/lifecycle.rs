//! Runs that go well, and the user's pause, resume, cancel and resend, through the desk.

use std::time::Duration;

use pushdesk_core::model::{CampaignAction, CampaignStatus, ReasonKind, ResendKind};
use pushdesk_core::ErrorCode;
use pushdesk_sandbox::{Fault, SandboxConfig};

use crate::world::{assert_rate_held, openid, recipients, World};

#[tokio::test]
async fn every_row_is_sent_once_and_journaled() {
    let w = World::new(SandboxConfig::default()).await;
    let id = w.campaign(300, 1000, 16);
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Finished);
    assert_eq!(c.counts.sent, 300);
    assert_eq!(c.counts.remaining(), 0);
    assert!(c.actions.is_empty(), "nothing is left to do: {:?}", c.actions);
    w.assert_truthful(id);
    assert_eq!(w.sandbox.stats().accepted, 300);
}

#[tokio::test]
async fn the_rate_is_never_exceeded_in_any_one_second_window() {
    let w = World::new(SandboxConfig::default()).await;
    let rate = 40;
    let id = w.campaign(130, rate, 16);
    let c = w.run(id).await;
    assert_eq!(c.counts.sent, 130);
    assert_eq!(w.store().attempt_start_times(id).unwrap().len(), 130);
    assert_rate_held(&w, &[id], rate);
}

#[tokio::test]
async fn pause_then_resume_finishes_without_duplicates() {
    let w =
        World::new(SandboxConfig { latency: Duration::from_millis(20), ..SandboxConfig::default() }).await;
    let id = w.campaign(200, 100, 4);
    let handle = w.begin(id).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    w.desk.pause(id).await.unwrap();
    let paused = handle.done.await.unwrap().unwrap();
    assert_eq!(paused.status, CampaignStatus::Paused);
    assert_eq!(paused.actions, [CampaignAction::Resume, CampaignAction::Cancel]);
    assert!(paused.counts.sent > 0 && paused.counts.pending > 0, "{:?}", paused.counts);
    assert_eq!(paused.counts.sending, 0, "in-flight requests finish before pausing");
    let attempts = w.store().attempt_start_times(id).unwrap().len();
    assert_eq!(attempts, paused.counts.sent as usize, "rows staged but never sent leave no attempt behind");

    let done = w.run(id).await;
    assert_eq!(done.status, CampaignStatus::Finished);
    assert_eq!(done.counts.sent, 200);
    w.assert_truthful(id);
}

#[tokio::test]
async fn cancel_leaves_pending_rows_cancelled_and_the_campaign_cannot_run_again() {
    let w =
        World::new(SandboxConfig { latency: Duration::from_millis(20), ..SandboxConfig::default() }).await;
    let id = w.campaign(200, 100, 4);
    let handle = w.begin(id).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    w.desk.cancel(id).await.unwrap();
    let c = handle.done.await.unwrap().unwrap();
    assert_eq!(c.status, CampaignStatus::Cancelled);
    assert_eq!(c.counts.sent + c.counts.cancelled, 200);
    assert!(c.counts.cancelled > 0);
    assert_eq!(w.sandbox.stats().accepted, u64::from(c.counts.sent));
    let again = w.desk.resume(id, None).await.unwrap_err();
    assert_eq!(again.code(), ErrorCode::ActionNotAllowed, "{again}");
}

/// Regression (issue 11, item 1): "Resend unknown" on a finished campaign put 7 unknown rows
/// back to pending, then the engine refused the finished campaign and the runner only logged
/// it: "remaining 7 of 12", unknown 0, nothing sent, no message.
#[tokio::test]
async fn resend_on_a_finished_campaign_sends_exactly_the_unknown_rows() {
    let w = World::new(SandboxConfig::default()).await;
    // Dropped before delivery: unknown to the engine, never delivered.
    w.sandbox.control().queue_fault(Fault::DropConnection, 3);
    let id = w.campaign(12, 1000, 1);
    let first = w.run(id).await;
    assert_eq!(first.status, CampaignStatus::Finished);
    assert_eq!((first.counts.sent, first.counts.unknown), (9, 3));
    assert_eq!(first.actions, [CampaignAction::ResendUnknown]);
    w.sandbox.control().reset_stats();

    let handle = w.desk.resend(id, ResendKind::Unknown, None).await.unwrap();
    assert_eq!(handle.campaign.status, CampaignStatus::Running);
    let done = handle.done.await.unwrap().unwrap();
    assert_eq!(done.status, CampaignStatus::Finished);
    assert_eq!((done.counts.sent, done.counts.unknown, done.counts.pending), (12, 0, 0));
    assert_eq!(w.sandbox.stats().accepted, 3, "exactly the unknown rows were sent");

    let nothing = w.desk.resend(id, ResendKind::Unknown, None).await.unwrap_err();
    assert_eq!(nothing.code(), ErrorCode::NothingToDo);
    assert!(nothing.to_string().contains("no rows whose outcome is unknown"), "{nothing}");
    assert_eq!(w.desk.campaign(id).await.unwrap().counts.sent, 12, "a refused resend changes nothing");
}

/// Regression (issue 11, item 3): a cancel that landed after the engine's last check stayed in
/// `campaigns.requested`, and the next innocent resume obeyed it and cancelled every pending
/// row.
#[tokio::test]
async fn a_late_request_is_consumed_by_the_run_it_was_meant_for() {
    let w =
        World::new(SandboxConfig { latency: Duration::from_millis(20), ..SandboxConfig::default() }).await;
    let id = w.campaign(60, 1000, 2);
    let handle = w.begin(id).await;
    // Pause from "another process": the request goes through the store.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let asked = w.desk.pause(id).await.unwrap();
    assert_eq!(asked.status, CampaignStatus::Running);
    let paused = handle.done.await.unwrap().unwrap();
    assert_eq!(paused.status, CampaignStatus::Paused);
    assert_eq!(paused.status_reason.unwrap().kind, ReasonKind::User);
    // Nothing is left asked: the resume sends everything.
    let done = w.run(id).await;
    assert_eq!(done.status, CampaignStatus::Finished);
    assert_eq!(done.counts.sent, 60);
    assert_eq!(done.counts.cancelled, 0);
}

/// Regression (issue 12, item 7): with duplicates kept, rows waiting for a busy openid held
/// every row permit while the row holding the openid needed one to retry; pause could not
/// break it. Senders now keep their place for a row's whole life.
#[tokio::test]
async fn duplicates_of_one_openid_with_retries_do_not_deadlock() {
    let w = World::new(SandboxConfig::default()).await;
    w.sandbox.control().set_default_subscriptions(100);
    // The first row is answered "busy" three times: it retries while the others wait for its
    // openid.
    w.sandbox.control().queue_fault(Fault::SystemBusy, 3);
    let id = w.campaign_to(recipients(std::iter::repeat_n(openid(1), 12)), 1000, 2);
    let done =
        tokio::time::timeout(Duration::from_secs(30), w.run(id)).await.expect("the run does not deadlock");
    assert_eq!(done.status, CampaignStatus::Finished);
    assert_eq!(done.counts.sent, 12);
    assert_eq!(w.sandbox.stats().concurrent_rejections, 0);
}

/// Issue 12, item 8: a template whose content has no keyword could be sent with `data: {}`.
/// New-style one-time templates like it are not sent through `subscribeMessage.send`.
#[tokio::test]
async fn a_template_without_keywords_is_refused_before_anything_is_sent() {
    use pushdesk_core::compose::{SendNowRequest, SendTarget};
    use pushdesk_core::store::SyncedTemplate;
    let w = World::new(SandboxConfig::default()).await;
    let empty = SyncedTemplate {
        template_id: "tplNewStyleNoKeywords".into(),
        title: "新版一次性模板".into(),
        content: String::new(),
        example: String::new(),
        kind: 2,
        keywords: Vec::new(),
        synced_at: "2026-12-01T00:00:00Z".into(),
    };
    w.store().replace_templates(w.account_id, &[empty]).unwrap();
    let request = SendNowRequest {
        account_id: w.account_id,
        template_id: "tplNewStyleNoKeywords".into(),
        message: pushdesk_core::model::MessageSpec {
            values: Default::default(),
            page: None,
            miniprogram_state: Default::default(),
            lang: Default::default(),
            url: None,
            miniprogram_appid: None,
        },
        target: SendTarget::Single { openid: openid(1) },
        placeholders: Default::default(),
    };
    let err = w.desk.send_now(request).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("not sent through subscribeMessage.send"), "{err}");
    assert_eq!(w.sandbox.stats().sends_received, 0);
}

/// Regression (issue 11, item 7): the wizard decoded the file 3 + k times and `create` read it
/// again, so a file changed in between sent a different audience. The file is read once into a
/// draft; what is validated, previewed and started is that draft.
#[tokio::test]
async fn the_audience_confirmed_is_the_audience_sent_whatever_happens_to_the_file() {
    use pushdesk_core::audience::AudienceOptions;

    let w = World::new(SandboxConfig::default()).await;
    w.desk.sync_templates(w.account_id).await.unwrap();
    let path = w.dir.path().join("list.csv");
    let write = |first: usize| {
        let mut text = String::from("openid,thing1,character_string2,phrase3,time4,amount5\n");
        for i in first..first + 3 {
            text.push_str(&format!("{},拿铁 {i},SF{i:010},顺丰速运,2026-11-24 10:00,￥89.00\n", openid(i)));
        }
        std::fs::write(&path, text).unwrap();
    };
    write(0);
    let draft = w.draft(&path, Default::default(), AudienceOptions::default()).await;
    let plan = w.desk.plan_draft(draft.id).await.unwrap();
    assert_eq!(plan.report.valid, 3);
    // Someone saves another list under the same name after it was checked.
    write(100);
    let c =
        w.desk.start_draft(draft.id, Default::default(), None).await.unwrap().done.await.unwrap().unwrap();
    assert_eq!(c.counts.sent, 3);
    let sent: Vec<String> = w.store().recipient_results(c.id).unwrap().into_iter().map(|r| r.0).collect();
    assert_eq!(sent, vec![openid(0), openid(1), openid(2)]);
    assert!(w.desk.draft(draft.id).await.is_err(), "the draft became the campaign");
}

/// Issue 18: archiving keeps a campaign that will send nothing more out of the way; one that
/// still has rows to decide about cannot be archived.
#[tokio::test]
async fn only_a_campaign_that_will_send_nothing_more_is_archived() {
    let w = World::new(SandboxConfig::default()).await;
    let waiting = w.campaign(2, 100, 1);
    let refused = w.desk.archive_campaign(waiting, true).await.unwrap_err();
    assert_eq!(refused.code(), pushdesk_core::ErrorCode::Conflict, "{refused}");
    assert!(refused.message_zh().contains("只有已完成或已取消的任务可以归档"), "{}", refused.message_zh());

    let done = w.campaign(2, 100, 1);
    w.run(done).await;
    let archived = w.desk.archive_campaign(done, true).await.unwrap();
    assert!(archived.archived_at.is_some());
    let again = w.desk.archive_campaign(done, true).await.unwrap();
    assert_eq!(again.archived_at, archived.archived_at, "archiving twice keeps the first time");
    let dashboard = w.desk.dashboard(w.account_id).await.unwrap();
    assert!(dashboard.recent.iter().all(|c| c.id != done), "out of the dashboard");
    assert_eq!(w.desk.archive_campaign(done, false).await.unwrap().archived_at, None);

    // Sending again brings an archived campaign back into view.
    w.sandbox.control().queue_fault(Fault::DropConnection, 1);
    let unknown = w.campaign(2, 100, 1);
    assert_eq!(w.run(unknown).await.counts.unknown, 1);
    w.desk.archive_campaign(unknown, true).await.unwrap();
    let resent = w.desk.resend(unknown, ResendKind::Unknown, None).await.unwrap();
    assert_eq!(resent.campaign.archived_at, None, "a campaign that sends is not archived");
    resent.done.await.unwrap().unwrap();
}
