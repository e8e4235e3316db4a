//! Official Account template messages through the same engine: a lost answer is resent with
//! the row's own `client_msg_id` while WeChat de-duplicates it, so every row ends sent and
//! nobody gets the message twice; past that window it is `unknown` like any lost answer.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pushdesk_core::audience::{AudienceOptions, ProblemKind, SourceFormat};
use pushdesk_core::campaign::EngineSettings;
use pushdesk_core::desk::{
    AudienceSource, Draft, DraftCreation, DraftInput, DraftSettings, FollowerProgress, FollowerProgressSink,
};
use pushdesk_core::model::{
    AttemptStatus, CampaignStatus, Delivery, MessageChannel, MessageSpec, NewRecipient, RecipientState,
};
use pushdesk_core::sendlog::LogFilter;
use pushdesk_core::store::INTERCEPTED_STATUS;
use pushdesk_sandbox::demo_official::{
    oa_follower_has_tag, oa_follower_index, oa_follower_openid, OA_BLACKLISTED_FOLLOWERS,
    OA_DEFAULT_FOLLOWERS, OA_TAG_BEIJING, OA_TAG_VIP, OA_TPL_ORDER_SHIPPED, OA_USER_UNFOLLOWED,
};
use pushdesk_sandbox::{Fault, SandboxConfig, DEMO_APPID};

use crate::world::{test_settings, World};

fn shipped(i: u32) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("thing1".into(), format!("拿铁咖啡豆 {i} 号")),
        ("thing2".into(), "顺丰速运".into()),
        ("character_string3".into(), format!("SF{i:010}")),
        ("time4".into(), "2026-12-05 10:00".into()),
    ])
}

fn followers(range: std::ops::Range<u32>) -> Vec<NewRecipient> {
    range
        .enumerate()
        .map(|(row, i)| NewRecipient {
            row_no: row as u32 + 2,
            openid: oa_follower_openid(i),
            data: shipped(i),
            state: RecipientState::Pending,
            reason: None,
            page: None,
            origin_id: None,
        })
        .collect()
}

/// An attempt as the log keeps it, with the body it sent.
struct Sent {
    openid: String,
    errcode: Option<i64>,
    attempt_no: i64,
    status: AttemptStatus,
    request: String,
}

/// Every attempt of a campaign, oldest first.
fn attempts(w: &World, campaign_id: i64) -> Vec<Sent> {
    let store = w.store();
    let filter = LogFilter { campaign_id: Some(campaign_id), ..Default::default() };
    let mut entries = store.log_offset(&filter, 0, 1000).unwrap();
    entries.reverse();
    entries
        .into_iter()
        .map(|e| Sent {
            request: store.log_entry(e.id).unwrap().request,
            openid: e.openid,
            errcode: e.errcode,
            attempt_no: e.attempt_no,
            status: e.status,
        })
        .collect()
}

/// Opens the order page of the demo mini program bound to the Official Account.
fn to_order_page() -> MessageSpec {
    MessageSpec {
        values: BTreeMap::new(),
        page: Some("pages/order/detail?id=7".into()),
        miniprogram_state: Default::default(),
        lang: Default::default(),
        url: Some("https://shop.example.com/orders/7".into()),
        miniprogram_appid: Some(DEMO_APPID.into()),
    }
}

#[tokio::test]
async fn answers_lost_after_delivery_are_resent_with_the_same_client_msg_id_and_delivered_once() {
    let w = World::official(SandboxConfig::default()).await;
    let control = w.sandbox.control();
    control.queue_fault(Fault::Http502AfterDelivery, 3);
    control.queue_fault(Fault::DropAfterDelivery, 3);
    control.queue_fault(Fault::Http504AfterDelivery, 2);
    let id = w.campaign_of(OA_TPL_ORDER_SHIPPED, to_order_page(), followers(0..60), 500, 8);
    let c = w.run(id).await;

    assert_eq!(c.status, CampaignStatus::Finished);
    assert_eq!((c.counts.sent, c.counts.unknown), (60, 0), "every lost answer was settled by a resend");
    let delivered = w.sandbox.accepted_per_openid();
    assert_eq!(delivered.len(), 60);
    assert!(delivered.values().all(|n| *n == 1), "nobody got the message twice: {delivered:?}");
    assert_eq!(w.sandbox.stats().duplicates, 0);

    // Each resend is an attempt of its own in the log, carrying the same request (and so the
    // same client_msg_id) as the attempt whose answer was lost.
    let attempts = attempts(&w, id);
    let resent: Vec<_> = attempts.iter().filter(|a| a.status == AttemptStatus::Retry).collect();
    assert_eq!(resent.len(), 8);
    for lost in resent {
        let next = attempts
            .iter()
            .find(|a| a.openid == lost.openid && a.attempt_no == lost.attempt_no + 1)
            .expect("a lost answer is followed by a resend");
        assert_eq!(next.status, AttemptStatus::Sent);
        assert_eq!(next.request, lost.request, "the resend is the same request");
        assert!(lost.request.contains("\"client_msg_id\""), "{}", lost.request);
    }
    w.assert_truthful(id);
}

#[tokio::test]
async fn past_the_de_duplication_window_a_lost_answer_is_unknown_and_not_resent() {
    let w = World::official(SandboxConfig::default()).await;
    w.desk.set_engine_settings(EngineSettings { deduplicated_for: Duration::ZERO, ..test_settings() });
    w.sandbox.control().queue_fault(Fault::Http502AfterDelivery, 2);
    let id = w.campaign_of(OA_TPL_ORDER_SHIPPED, to_order_page(), followers(0..10), 500, 1);
    let c = w.run(id).await;
    assert_eq!((c.counts.sent, c.counts.unknown), (8, 2));
    assert_eq!(w.sandbox.accepted_per_openid().len(), 10, "the two unknown rows were delivered");
    w.assert_truthful(id);
}

#[tokio::test]
async fn the_card_opens_the_bound_mini_program_page_each_row_names() {
    let w = World::official(SandboxConfig::default()).await;
    let mut rows = followers(0..2);
    rows[1].page = Some("pages/order/detail?id=42".into());
    let id = w.campaign_of(OA_TPL_ORDER_SHIPPED, to_order_page(), rows, 50, 1);
    assert_eq!(w.run(id).await.counts.sent, 2);
    let attempts = attempts(&w, id);
    let body = |i: usize| serde_json::from_str::<serde_json::Value>(&attempts[i].request).unwrap();
    let first = body(0);
    assert_eq!(first["miniprogram"]["appid"], DEMO_APPID);
    assert_eq!(first["miniprogram"]["pagepath"], "pages/order/detail?id=7");
    assert_eq!(first["url"], "https://shop.example.com/orders/7");
    assert_eq!(body(1)["miniprogram"]["pagepath"], "pages/order/detail?id=42");
    assert_ne!(first["client_msg_id"], body(1)["client_msg_id"], "each row has its own id");
}

#[tokio::test]
async fn not_following_and_blocking_are_answers_about_a_person_not_failures() {
    let w = World::official(SandboxConfig::default()).await;
    w.desk.set_suppress_refusals(w.account_id, true).await.unwrap();
    let mut rows = followers(0..3);
    rows[1].openid = OA_USER_UNFOLLOWED.into();
    rows[2].openid = oa_follower_openid(OA_BLACKLISTED_FOLLOWERS[0]);
    let id = w.campaign_of(OA_TPL_ORDER_SHIPPED, to_order_page(), rows, 50, 1);
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Finished, "two people's answers do not stop a campaign");
    assert_eq!((c.counts.sent, c.counts.not_subscribed, c.counts.failed), (1, 2, 0));
    let codes: Vec<Option<i64>> = attempts(&w, id).iter().map(|a| a.errcode).collect();
    assert_eq!(codes, [Some(0), Some(43004), Some(43019)]);
    // With the account's "add refusals" on, both go on its do-not-contact list, as 43101 does.
    let listed: Vec<String> = w
        .desk
        .suppression_list(w.account_id, String::new())
        .await
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.openid)
        .collect();
    assert!(listed.contains(&OA_USER_UNFOLLOWED.to_string()), "{listed:?}");
    assert!(listed.contains(&oa_follower_openid(OA_BLACKLISTED_FOLLOWERS[0])), "{listed:?}");
}

/// Regression (issue 16 review): the next campaign's check flagged a person who had not
/// followed the account as having "no subscription left (43101)".
#[tokio::test]
async fn the_next_campaign_flags_who_was_not_following_in_the_account_s_words() {
    let w = World::official(SandboxConfig::default()).await;
    let mut rows = followers(0..2);
    rows[1].openid = OA_USER_UNFOLLOWED.into();
    let id = w.campaign_of(OA_TPL_ORDER_SHIPPED, to_order_page(), rows, 50, 1);
    assert_eq!(w.run(id).await.counts.not_subscribed, 1);
    let mut settings = followers_draft_settings();
    settings.options.skip_unsubscribed = true;
    let text = format!("{}\n{OA_USER_UNFOLLOWED}\n", oa_follower_openid(1));
    let input = DraftInput {
        account_id: w.account_id,
        source: AudienceSource::Paste { text },
        encoding: None,
        settings,
    };
    let DraftCreation::Created { draft } = w.desk.create_draft(input).await.unwrap() else {
        panic!("not created")
    };
    let report = w.desk.plan_draft(draft.id).await.unwrap().report;
    assert_eq!((report.valid, report.unsubscribed_flagged), (1, 1));
    let flag = report.problems.iter().find(|p| p.kind == ProblemKind::Unsubscribed).expect("flagged");
    assert_eq!(flag.reason_zh, "该用户此前未关注或已拉黑公众号（43004 / 43019）（已跳过）");
    assert!(flag.reason_en.contains("not following"), "{}", flag.reason_en);
}

#[tokio::test]
async fn template_send_job_finish_pushes_show_each_rows_delivery() {
    let w = World::official(SandboxConfig::default()).await;
    let id = w.campaign_of(OA_TPL_ORDER_SHIPPED, to_order_page(), followers(0..6), 100, 2);
    assert_eq!(w.run(id).await.counts.sent, 6);
    let pushes = w.dir.path().join("template-jobs.jsonl");
    std::fs::write(&pushes, w.sandbox.control().pushes_json(0)).unwrap();
    let summary = w.desk.import_events(w.account_id, vec![pushes]).await.unwrap();
    assert_eq!((summary.new, summary.matched, summary.unmatched), (6, 6, 0));
    let c = w.desk.campaign(id).await.unwrap();
    assert_eq!(c.counts.delivered, 6, "TEMPLATESENDJOBFINISH success is a delivery");
}

/// The order-shipped message with every value typed once (a follower list has no columns).
fn followers_draft_settings() -> DraftSettings {
    let mut message = to_order_page();
    message.values = shipped(7);
    DraftSettings {
        name: "followers".into(),
        template_id: Some(OA_TPL_ORDER_SHIPPED.into()),
        message,
        mapping: None,
        options: AudienceOptions::default(),
        rate: 500,
        concurrency: 8,
    }
}

/// A draft to the followers `source` names, and the progress it reported.
async fn followers_draft(w: &World, source: AudienceSource) -> (Draft, Vec<FollowerProgress>) {
    let input =
        DraftInput { account_id: w.account_id, source, encoding: None, settings: followers_draft_settings() };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let progress: FollowerProgressSink = Arc::new(move |p| sink.lock().unwrap().push(p));
    let draft = match w.desk.create_draft_watched(input, Some(progress)).await.unwrap() {
        DraftCreation::Created { draft } => *draft,
        other => panic!("not created: {other:?}"),
    };
    let seen = seen.lock().unwrap().clone();
    (draft, seen)
}

#[tokio::test]
async fn every_follower_is_fetched_page_by_page_into_the_audience() {
    let w = World::official(SandboxConfig::default()).await;
    let (draft, progress) =
        followers_draft(&w, AudienceSource::Followers { tag_ids: vec![], match_all: false }).await;
    assert_eq!(draft.row_count, OA_DEFAULT_FOLLOWERS);
    let pages: Vec<(u64, Option<u64>)> = progress.iter().map(|p| (p.fetched, p.total)).collect();
    let total = Some(u64::from(OA_DEFAULT_FOLLOWERS));
    assert_eq!(pages, [(10_000, total), (u64::from(OA_DEFAULT_FOLLOWERS), total)], "one report a page");
    assert_eq!(draft.source.format, SourceFormat::Followers);
}

#[tokio::test]
async fn followers_with_any_or_all_of_some_tags_are_sent_once_each() {
    let w = World::official(SandboxConfig::default()).await;
    let tags = w.desk.follower_tags(w.account_id).await.unwrap();
    let id_of = |id: u32| tags.iter().find(|t| t.id == id.to_string()).unwrap().id.clone();
    let chosen = vec![id_of(OA_TAG_VIP), id_of(OA_TAG_BEIJING)];
    let with = |i: u32, tag: u32| oa_follower_has_tag(tag, i, OA_DEFAULT_FOLLOWERS);
    let expect = |all: bool| -> u32 {
        let has = |i: u32| {
            if all {
                with(i, OA_TAG_VIP) && with(i, OA_TAG_BEIJING)
            } else {
                with(i, OA_TAG_VIP) || with(i, OA_TAG_BEIJING)
            }
        };
        (0..OA_DEFAULT_FOLLOWERS).filter(|i| has(*i)).count() as u32
    };

    let (any, _) =
        followers_draft(&w, AudienceSource::Followers { tag_ids: chosen.clone(), match_all: false }).await;
    assert_eq!(any.row_count, expect(false));
    let (every, _) =
        followers_draft(&w, AudienceSource::Followers { tag_ids: chosen, match_all: true }).await;
    assert_eq!(every.row_count, expect(true));
    assert!(every.row_count < any.row_count);
    let selection = every.source.followers.clone().unwrap();
    assert!(selection.match_all && selection.tags.iter().any(|t| t.name == "VIP"));

    let plan = w.desk.plan_draft(every.id).await.unwrap();
    assert_eq!(plan.report.valid, every.row_count, "{:?}", plan.report);
    let id = w.desk.campaign_from_draft(every.id, Default::default()).await.unwrap();
    let c = w.run(id).await;
    assert_eq!((c.status, c.counts.sent), (CampaignStatus::Finished, every.row_count));
    let delivered = w.sandbox.accepted_per_openid();
    assert!(delivered.keys().all(|o| {
        let i = oa_follower_index(o).unwrap();
        with(i, OA_TAG_VIP) && with(i, OA_TAG_BEIJING)
    }));
    w.assert_truthful(id);
}

#[tokio::test]
async fn a_tag_the_account_no_longer_has_is_refused() {
    let w = World::official(SandboxConfig::default()).await;
    let input = AudienceSource::Followers { tag_ids: vec!["999".into()], match_all: false };
    let err = w
        .desk
        .create_draft(DraftInput {
            account_id: w.account_id,
            source: input,
            encoding: None,
            settings: followers_draft_settings(),
        })
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("tags:"), "{err}");
}

#[tokio::test]
async fn the_log_tells_template_messages_from_subscribe_messages() {
    let w = World::official(SandboxConfig::default()).await;
    let id = w.campaign_of(OA_TPL_ORDER_SHIPPED, to_order_page(), followers(0..3), 100, 1);
    w.run(id).await;
    let store = w.store();
    let of = |channel| {
        let filter = LogFilter { channel: Some(channel), ..Default::default() };
        store.log_offset(&filter, 0, 100).unwrap()
    };
    let template = of(MessageChannel::TemplateMessage);
    assert_eq!(template.len(), 3);
    assert!(template.iter().all(|e| e.channel == MessageChannel::TemplateMessage));
    assert!(of(MessageChannel::SubscribeMessage).is_empty());
    let filter = LogFilter { channel: Some(MessageChannel::TemplateMessage), ..Default::default() };
    assert_eq!(store.log_totals(&filter).unwrap().total, 3);
    assert_eq!(w.desk.campaign(id).await.unwrap().channel, MessageChannel::TemplateMessage);
}

#[tokio::test]
async fn messages_wechat_intercepted_are_found_and_marked_not_delivered() {
    let w = World::official(SandboxConfig::default()).await;
    let mut rows = followers(0..4);
    rows[2].data.insert("thing1".into(), "限时抢购 咖啡豆".into());
    let id = w.campaign_of(OA_TPL_ORDER_SHIPPED, to_order_page(), rows, 100, 1);
    let c = w.run(id).await;
    assert_eq!(c.counts.sent, 4, "WeChat accepts an intercepted message like any other");
    assert_eq!(w.sandbox.accepted_per_openid().len(), 3, "but nobody gets it");

    let summary = w.desk.check_intercepted(w.account_id).await.unwrap();
    assert_eq!((summary.templates, summary.found, summary.marked), (1, 1, 1));
    let entry = attempts(&w, id).into_iter().find(|a| a.openid == oa_follower_openid(2)).unwrap();
    let log =
        w.store().log_offset(&LogFilter { openid: Some(entry.openid), ..Default::default() }, 0, 1).unwrap();
    assert_eq!(log[0].delivery, Some(Delivery::DeliveryFailed));
    assert_eq!(log[0].delivery_status.as_deref(), Some(INTERCEPTED_STATUS));
    assert_eq!(w.desk.campaign(id).await.unwrap().counts.delivery_failed, 1);

    let again = w.desk.check_intercepted(w.account_id).await.unwrap();
    assert_eq!((again.found, again.marked), (1, 0), "a send is marked once");
}

#[tokio::test]
async fn the_quota_shown_is_the_template_message_apis() {
    let w = World::official(SandboxConfig::default()).await;
    let id = w.campaign_of(OA_TPL_ORDER_SHIPPED, to_order_page(), followers(0..2), 100, 1);
    w.run(id).await;
    let quota = w.desk.send_quota(w.account_id).await.unwrap();
    assert_eq!(quota.used, 2, "{quota:?}");
}
