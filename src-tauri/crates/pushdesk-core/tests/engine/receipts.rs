//! Delivery receipts and the subscription ledger (issue 14) against the sandbox: its popup
//! pushes fill the ledger, a campaign sends only to granted rows, its sent pushes show what
//! was really delivered, and receipts resolve `unknown` sends that were delivered.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::ops::ControlFlow;

use pushdesk_core::audience::AudienceOptions;
use pushdesk_core::connections::{Connections, SandboxEndpoint};
use pushdesk_core::desk::Desk;
use pushdesk_core::ledger::{GrantCounts, GrantState};
use pushdesk_core::model::{AttemptStatus, CampaignStatus, Delivery, RecipientState};
use pushdesk_core::secrets::SecretStore;
use pushdesk_core::sendlog::{LogEntry, LogFilter};
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::{sandbox_accounts, Fault, PushEvent as SandboxPush, SandboxConfig};

use crate::world::{openid, World};

/// Writes `text` to a file in the world's folder.
fn file(w: &World, name: &str, text: &str) -> std::path::PathBuf {
    let path = w.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn audience(w: &World, name: &str, openids: &[String]) -> std::path::PathBuf {
    let path = w.dir.path().join(name);
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(f, "openid,thing1,character_string2,phrase3,time4,amount5").unwrap();
    for (i, o) in openids.iter().enumerate() {
        writeln!(f, "{o},拿铁 {i},SF{i:010},顺丰速运,2026-11-24 10:00,￥89.00").unwrap();
    }
    path
}

fn log_of(w: &World, campaign_id: i64) -> Vec<LogEntry> {
    let mut out = Vec::new();
    let filter = LogFilter { campaign_id: Some(campaign_id), ..Default::default() };
    w.store()
        .visit_log(&filter, &mut |e| {
            out.push(e);
            Ok(ControlFlow::Continue(()))
        })
        .unwrap();
    out
}

/// The sandbox's sent pushes: openid → ErrorCode.
fn receipt_codes(w: &World) -> HashMap<String, i64> {
    w.sandbox
        .control()
        .pushes(0)
        .into_iter()
        .filter_map(|p| match p.event {
            SandboxPush::Sent { error_code, .. } => Some((p.openid, error_code)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn only_granted_rows_are_sent_and_every_sent_row_shows_its_delivery() {
    let w = World::new(SandboxConfig {
        default_subscriptions: 0,
        async_failure_rate: 0.3,
        ..SandboxConfig::default()
    })
    .await;
    w.desk.sync_templates(w.account_id).await.unwrap();
    let everyone: Vec<String> = (0..20).map(openid).collect();
    // Twelve users accepted the popup once; two of them twice, a few seconds later (the same
    // push in the same second is WeChat retrying it, stored once).
    for o in &everyone[..12] {
        w.sandbox.control().grant(o, TPL_ORDER_SHIPPED, 1);
    }
    w.sandbox.control().advance_clock(std::time::Duration::from_secs(3));
    for o in &everyone[..2] {
        w.sandbox.control().grant(o, TPL_ORDER_SHIPPED, 1);
    }
    let popups = file(&w, "popups.xml", &w.sandbox.control().pushes_xml(0));
    let summary = w.desk.import_events(w.account_id, vec![popups.clone()]).await.unwrap();
    assert_eq!((summary.read, summary.new, summary.subscription_events, summary.malformed), (14, 14, 14, 0));

    let granted_only = AudienceOptions { only_granted: true, ..AudienceOptions::default() };
    let draft = w.draft(&audience(&w, "list.csv", &everyone), BTreeMap::new(), granted_only).await;
    let plan = w.desk.plan_draft(draft.id).await.unwrap();
    assert_eq!(plan.report.grants, Some(GrantCounts { granted: 12, no_grant: 0, no_data: 8 }));
    assert_eq!((plan.report.valid, plan.report.no_grant), (12, 8));
    let seq = w.sandbox.control().pushes(0).last().map_or(0, |p| p.seq);
    let id = w.desk.campaign_from_draft(plan.draft_id, Default::default()).await.unwrap();
    let c = w.run(id).await;
    assert_eq!((c.status, c.counts.sent, c.counts.skipped), (CampaignStatus::Finished, 12, 8));
    let stats = w.sandbox.stats();
    assert_eq!(stats.sends_received, 12, "no request for a row without a grant, so no 43101");
    w.assert_truthful(id);

    // The sent pushes as JSON lines: every sent row gets its delivery, the asynchronous
    // failures with their code.
    let receipts = file(&w, "sent.jsonl", &w.sandbox.control().pushes_json(seq));
    let summary = w.desk.import_events(w.account_id, vec![receipts.clone()]).await.unwrap();
    assert_eq!((summary.new, summary.matched, summary.unmatched, summary.resolved), (12, 12, 0, 0));
    let codes = receipt_codes(&w);
    let failed = codes.values().filter(|&&c| c != 0).count() as u32;
    for e in log_of(&w, id) {
        let code = codes[&e.openid];
        let expected = if code == 0 { Delivery::Delivered } else { Delivery::DeliveryFailed };
        assert_eq!(
            (e.status, e.delivery, e.delivery_code),
            (AttemptStatus::Sent, Some(expected), Some(code))
        );
        assert!(e.delivery_at.is_some());
    }
    let c = w.desk.campaign(id).await.unwrap();
    assert_eq!((c.counts.delivered, c.counts.delivery_failed), (12 - failed, failed));
    let totals = w.store().log_totals(&LogFilter { campaign_id: Some(id), ..Default::default() }).unwrap();
    assert_eq!(
        (totals.delivery.delivered, totals.delivery.delivery_failed, totals.delivery.no_receipt),
        (u64::from(12 - failed), u64::from(failed), 0)
    );

    // Importing the same files again changes nothing.
    let again = w.desk.import_events(w.account_id, vec![popups, receipts]).await.unwrap();
    assert_eq!((again.read, again.new, again.duplicates, again.matched), (26, 0, 26, 0));

    // The sends used the grants: the two who accepted twice have one left, nobody else.
    let book = w.store().grant_book(w.account_id, TPL_ORDER_SHIPPED).unwrap().unwrap();
    let mut granted: Vec<_> = book.granted.iter().cloned().collect();
    granted.sort();
    assert_eq!(granted, vec![openid(0), openid(1)]);
    for o in &everyone[..2] {
        assert_eq!(
            w.sandbox.control().subscriptions_left(o, TPL_ORDER_SHIPPED),
            1,
            "the ledger agrees with WeChat"
        );
    }
    let entry = w.desk.ledger_entries(w.account_id, None, Some(openid(5)), 10).await.unwrap();
    assert_eq!(
        (entry[0].grants, entry[0].state, entry[0].accepted, entry[0].consumed),
        (0, GrantState::NoGrant, 1, 1)
    );
}

#[tokio::test]
async fn receipts_resolve_exactly_the_unknown_sends_that_were_delivered() {
    let w = World::new(SandboxConfig::default()).await;
    let control = w.sandbox.control();
    // Three sends delivered and then answered with a gateway error or nothing; two refused by
    // a failing front end before delivery. All five are unknown to the engine.
    control.queue_fault(Fault::Http504AfterDelivery, 2);
    control.queue_fault(Fault::DropAfterDelivery, 1);
    control.queue_fault(Fault::Http500, 2);
    let id = w.campaign(30, 1000, 1);
    let c = w.run(id).await;
    assert_eq!((c.counts.sent, c.counts.unknown), (25, 5));
    let delivered_unanswered = control.delivered_unanswered_per_openid();
    assert_eq!(delivered_unanswered.len(), 3);

    let pushes = file(&w, "pushes.xml", &control.pushes_xml(0));
    let summary = w.desk.import_events(w.account_id, vec![pushes]).await.unwrap();
    assert_eq!((summary.new, summary.matched, summary.resolved, summary.unmatched), (28, 28, 3, 0));

    let c = w.desk.campaign(id).await.unwrap();
    assert_eq!((c.counts.sent, c.counts.unknown), (28, 2), "resend unknown offers only the two");
    for (openid, state, ..) in w.store().recipient_results(id).unwrap() {
        let expected = if delivered_unanswered.contains_key(&openid) || state == RecipientState::Sent {
            RecipientState::Sent
        } else {
            RecipientState::Unknown
        };
        assert_eq!(state, expected, "{openid}");
    }
    for e in log_of(&w, id) {
        let was_unknown = delivered_unanswered.contains_key(&e.openid);
        assert_eq!(e.confirmed_by_receipt, was_unknown, "{}", e.openid);
        if was_unknown {
            assert_eq!((e.status, e.delivery), (AttemptStatus::Sent, Some(Delivery::Delivered)));
            assert!(e.msgid.is_some(), "the receipt's msgid is recorded");
            // The detail the drawer shows reads the same columns.
            let detail = w.store().log_entry(e.id).unwrap();
            assert_eq!(
                (detail.entry.delivery, detail.entry.confirmed_by_receipt),
                (Some(Delivery::Delivered), true)
            );
        }
    }
    w.assert_truthful(id);
}

/// On a fresh machine the sandbox account's pushes come from the built-in sandbox itself.
#[tokio::test]
async fn the_sandbox_account_takes_in_the_sandbox_pushes() {
    let w = World::new(SandboxConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let endpoint = SandboxEndpoint { url: w.sandbox.url(), accounts: sandbox_accounts() };
    let desk = Desk::open(
        dir.path(),
        Connections::new(SecretStore::new("pushdesk-engine-tests"), Some(endpoint)),
        &sandbox_accounts(),
    )
    .unwrap()
    .desk;
    let sandbox_account = desk.with_store(|store, _| Ok(store.accounts()?[0].clone())).await.unwrap();
    assert!(sandbox_account.is_sandbox);
    for i in 0..4 {
        w.sandbox.control().grant(&openid(i), TPL_ORDER_SHIPPED, 1);
    }
    let summary = desk.import_sandbox_events(sandbox_account.id).await.unwrap();
    assert_eq!((summary.new, summary.subscription_events), (4, 4));
    let again = desk.import_sandbox_events(sandbox_account.id).await.unwrap();
    assert_eq!(again.duplicates, 4);
    // Another account has no sandbox to ask.
    assert!(w.desk.import_sandbox_events(w.account_id).await.is_err());
}
