//! What an account sent before shapes a new campaign: the repeat-send check and the
//! suppression list (issue 18), end to end through drafts and the sandbox.

use std::collections::BTreeMap;
use std::io::Write;

use pushdesk_core::audience::AudienceOptions;
use pushdesk_core::compose::{SendNowRequest, SendTarget, TestRecipient};
use pushdesk_core::desk::CampaignPlan;
use pushdesk_core::model::{
    suppressed_reason, CampaignStatus, FrequencyCap, MessageSpec, RecipientState, ResendKind,
};
use pushdesk_core::{CoreError, ErrorCode};
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::SandboxConfig;

use crate::world::{openid, World};

/// A file of `openids`, valid for the order-shipped template.
fn file_of(w: &World, name: &str, openids: &[String]) -> String {
    let path = w.dir.path().join(name);
    let mut file = std::fs::File::create(&path).unwrap();
    writeln!(file, "openid,thing1,character_string2,phrase3,time4,amount5").unwrap();
    for (i, o) in openids.iter().enumerate() {
        writeln!(file, "{o},拿铁 {i},SF{i:010},顺丰速运,2026-11-24 10:00,￥89.00").unwrap();
    }
    path.display().to_string()
}

/// Reads a file into a draft with `options` and validates it.
async fn plan(w: &World, path: String, options: AudienceOptions) -> CampaignPlan {
    let draft = w.draft(std::path::Path::new(&path), BTreeMap::new(), options).await;
    w.desk.plan_draft(draft.id).await.unwrap()
}

/// Makes the draft's campaign and sends it to the end.
async fn send(w: &World, plan: &CampaignPlan) -> i64 {
    let id = w.desk.campaign_from_draft(plan.draft_id, Default::default()).await.unwrap();
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Finished);
    id
}

/// Issue 18: "a second campaign to the same 992 people went out with no word". The second
/// campaign of a template says how many got it lately and, by default, skips them.
#[tokio::test]
async fn a_second_campaign_to_the_same_list_skips_who_got_the_template_lately() {
    let w = World::new(SandboxConfig::default()).await;
    w.desk.sync_templates(w.account_id).await.unwrap();
    let first: Vec<String> = (0..10).map(openid).collect();
    let p = plan(&w, file_of(&w, "first.csv", &first), AudienceOptions::default()).await;
    assert_eq!((p.report.valid, p.report.recently_sent), (10, 0));
    let first_id = send(&w, &p).await;
    w.assert_truthful(first_id);

    let both: Vec<String> = (0..15).map(openid).collect();
    let path = file_of(&w, "again.csv", &both);
    let p = plan(&w, path.clone(), AudienceOptions::default()).await;
    assert_eq!((p.report.total_rows, p.report.valid, p.report.recently_sent), (15, 5, 10));
    let flagged =
        p.report.problems.iter().filter(|p| p.reason_zh.contains("最近 7 天内已给该用户发过")).count();
    assert_eq!(flagged, 10, "each earlier recipient is named with its row");
    let second_id = send(&w, &p).await;
    assert_eq!(w.desk.campaign(second_id).await.unwrap().counts.sent, 5);
    let delivered = w.sandbox.accepted_per_openid();
    assert!(both.iter().all(|o| delivered.get(o) == Some(&1)), "everyone got exactly one: {delivered:?}");

    // The user may choose to send again, or look back no days at all.
    let again = AudienceOptions { skip_recent: false, ..AudienceOptions::default() };
    let p = plan(&w, path.clone(), again).await;
    assert_eq!((p.report.valid, p.report.recently_sent), (15, 15), "flagged, sent anyway");
    let off = AudienceOptions { recent_days: 0, ..AudienceOptions::default() };
    let p = plan(&w, path, off).await;
    assert_eq!((p.report.valid, p.report.recently_sent), (15, 0));
}

#[tokio::test]
async fn test_sends_do_not_count_as_having_received_the_template() {
    let w = World::new(SandboxConfig::default()).await;
    w.desk.sync_templates(w.account_id).await.unwrap();
    let me = TestRecipient { openid: openid(0), note: "me".into() };
    w.store().set_test_recipients(w.account_id, &[me]).unwrap();
    let p = plan(&w, file_of(&w, "list.csv", &[openid(0), openid(1)]), AudienceOptions::default()).await;
    let sent = w.desk.test_send_draft(p.draft_id).await.unwrap();
    assert!(sent.results.iter().all(|r| r.msgid.is_some()), "{sent:?}");
    let p = w.desk.plan_draft(p.draft_id).await.unwrap();
    assert_eq!((p.report.valid, p.report.recently_sent), (2, 0));
}

/// The list holds for every campaign at every start: also for one made before the person was
/// added, and for a single send from Compose.
#[tokio::test]
async fn people_on_the_suppression_list_are_never_sent_to() {
    let w = World::new(SandboxConfig::default()).await;
    w.desk.sync_templates(w.account_id).await.unwrap();
    let made_before = w.campaign(6, 200, 2);
    let added = w
        .desk
        .suppress(w.account_id, format!("{}\n{}, 张三", openid(1), openid(2)), "asked by phone".into())
        .await
        .unwrap();
    assert_eq!((added.added, added.already, added.not_openids), (2, 0, vec!["张三".to_string()]));

    let c = w.run(made_before).await;
    assert_eq!((c.status, c.counts.sent, c.counts.skipped), (CampaignStatus::Finished, 4, 2));
    let results = w.store().recipient_results(made_before).unwrap();
    for (openid_, state, _, _, reason) in results {
        if openid_ == openid(1) || openid_ == openid(2) {
            assert_eq!((state, reason), (RecipientState::Skipped, Some(suppressed_reason())));
        }
    }
    w.assert_truthful(made_before);

    let p = plan(
        &w,
        file_of(&w, "list.csv", &(10..13).map(openid).chain([openid(1)]).collect::<Vec<_>>()),
        AudienceOptions::default(),
    )
    .await;
    assert_eq!((p.report.valid, p.report.suppressed), (3, 1));

    let single = SendNowRequest {
        account_id: w.account_id,
        template_id: TPL_ORDER_SHIPPED.into(),
        message: MessageSpec {
            values: BTreeMap::from([
                ("thing1".into(), "拿铁".into()),
                ("character_string2".into(), "SF1".into()),
                ("phrase3".into(), "顺丰速运".into()),
                ("time4".into(), "2026-11-24 10:00".into()),
                ("amount5".into(), "￥89.00".into()),
            ]),
            page: None,
            miniprogram_state: Default::default(),
            lang: Default::default(),
            url: None,
            miniprogram_appid: None,
        },
        target: SendTarget::Single { openid: openid(2) },
        placeholders: Default::default(),
    };
    let refused = w.desk.send_now(single).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput, "{refused}");
    assert!(refused.message_zh().contains("免打扰名单"), "{}", refused.message_zh());
    assert_eq!(w.sandbox.accepted_per_openid().get(&openid(2)), None);

    // Taken off the list, they can be sent to again.
    assert_eq!(w.desk.unsuppress(w.account_id, vec![openid(2), openid(40)]).await.unwrap(), 1);
    let list = w.desk.suppression_list(w.account_id, String::new()).await.unwrap();
    assert_eq!((list.total, list.entries[0].openid.as_str()), (1, openid(1).as_str()));
    assert!(matches!(
        w.desk.suppress(w.account_id, "no openid here".into(), String::new()).await,
        Err(CoreError::InvalidOpenid(_))
    ));
}

/// 43101 answers feed the list only when the account asks for it.
#[tokio::test]
async fn refusals_join_the_list_only_when_the_account_says_so() {
    let w = World::new(SandboxConfig::default()).await;
    w.sandbox.control().revoke(&openid(0), TPL_ORDER_SHIPPED);
    w.sandbox.control().revoke(&openid(1), TPL_ORDER_SHIPPED);
    let id = w.campaign_to(crate::world::recipients([openid(0)]), 50, 1);
    assert_eq!(w.run(id).await.counts.not_subscribed, 1);
    assert_eq!(w.desk.suppression_list(w.account_id, String::new()).await.unwrap().total, 0);

    w.desk.set_suppress_refusals(w.account_id, true).await.unwrap();
    let id = w.campaign_to(crate::world::recipients([openid(1), openid(2)]), 50, 1);
    assert_eq!(w.run(id).await.counts.not_subscribed, 1);
    let list = w.desk.suppression_list(w.account_id, String::new()).await.unwrap();
    assert!(list.suppress_refusals);
    assert_eq!(list.entries.len(), 1);
    let entry = &list.entries[0];
    assert_eq!((entry.openid.as_str(), entry.note.as_str()), (openid(1).as_str(), TPL_ORDER_SHIPPED));
    assert_eq!(entry.source, pushdesk_core::model::SuppressionSource::Refused);
}

/// The frequency cap counts every campaign's messages to a person (test sends aside): a person
/// who heard enough is skipped by the next campaign, at validation and again at its start, and
/// a resend of a row's own unknown attempt is not held against it.
#[tokio::test]
async fn the_frequency_cap_skips_people_who_heard_enough() {
    let w = World::new(SandboxConfig::default()).await;
    w.desk.sync_templates(w.account_id).await.unwrap();
    let made_before = w.campaign(3, 200, 2);
    let first = w.campaign_to(crate::world::recipients([openid(0), openid(1)]), 200, 2);
    assert_eq!(w.run(first).await.counts.sent, 2);

    let refused =
        w.desk.set_frequency_cap(w.account_id, Some(FrequencyCap { max_messages: 0, per_days: 1 })).await;
    assert!(matches!(refused, Err(CoreError::InvalidInput(_))), "{refused:?}");
    let cap = FrequencyCap { max_messages: 1, per_days: 1 };
    w.desk.set_frequency_cap(w.account_id, Some(cap)).await.unwrap();
    assert_eq!(w.desk.frequency_cap(w.account_id).await.unwrap(), Some(cap));

    // Validation says it, whatever the repeat-send choice.
    let again = AudienceOptions { skip_recent: false, ..AudienceOptions::default() };
    let p = plan(&w, file_of(&w, "list.csv", &(0..4).map(openid).collect::<Vec<_>>()), again).await;
    assert_eq!((p.report.valid, p.report.frequency_capped, p.report.invalid), (2, 2, 0), "capped is a flag");

    // A campaign made before the cap follows it when it starts.
    let c = w.run(made_before).await;
    assert_eq!((c.counts.sent, c.counts.skipped), (1, 2), "only openid 2 had heard nothing today");
    let results = w.store().recipient_results(made_before).unwrap();
    let skipped: Vec<_> =
        results.iter().filter(|r| r.1 == RecipientState::Skipped).map(|r| r.4.clone()).collect();
    assert!(skipped.iter().all(|reason| reason.as_deref() == Some(cap.reason().as_str())), "{skipped:?}");
    let delivered = w.sandbox.accepted_per_openid();
    assert_eq!(
        (0..3).map(|i| delivered.get(&openid(i)).copied().unwrap_or(0)).collect::<Vec<_>>(),
        [1, 1, 1]
    );

    w.desk.set_frequency_cap(w.account_id, None).await.unwrap();
    assert_eq!(w.desk.frequency_cap(w.account_id).await.unwrap(), None);
}

/// A row's own unknown attempt does not count against it when the user resends the unknown
/// rows: the resend is the user's choice about that very message.
#[tokio::test]
async fn a_resend_of_unknown_rows_is_not_capped_by_its_own_attempt() {
    let w = World::new(SandboxConfig::default()).await;
    w.sandbox.control().queue_fault(pushdesk_sandbox::Fault::DropConnection, 1);
    let id = w.campaign(2, 200, 1);
    assert_eq!(w.run(id).await.counts.unknown, 1);
    let cap = FrequencyCap { max_messages: 1, per_days: 7 };
    w.desk.set_frequency_cap(w.account_id, Some(cap)).await.unwrap();
    let handle = w.desk.resend(id, ResendKind::Unknown, None).await.unwrap();
    let done = handle.done.await.unwrap().unwrap();
    assert_eq!((done.counts.sent, done.counts.skipped, done.counts.unknown), (2, 0, 0));
}

/// The 992 case with the first campaign not finished yet: people another unfinished campaign
/// of the template is still to send to count as having it.
#[tokio::test]
async fn a_campaign_still_waiting_to_send_counts_for_the_repeat_check() {
    let w = World::new(SandboxConfig::default()).await;
    w.desk.sync_templates(w.account_id).await.unwrap();
    let waiting = w.campaign(4, 200, 2);
    let p = plan(
        &w,
        file_of(&w, "list.csv", &(2..6).map(openid).collect::<Vec<_>>()),
        AudienceOptions::default(),
    )
    .await;
    assert_eq!(
        (p.report.valid, p.report.recently_sent),
        (2, 2),
        "openids 2 and 3 wait in the first campaign"
    );
    assert_eq!(w.run(waiting).await.counts.sent, 4);
}
