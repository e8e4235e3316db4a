//! The audit trail (issue 17, first part): each user action of the desk leaves one entry with
//! the person, the machine and what it concerned; nobody can change or remove an entry.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use pushdesk_core::account::{AccountKind, NewAccount};
use pushdesk_core::audience::AudienceOptions;
use pushdesk_core::desk::DraftSettings;
use pushdesk_core::export::ExportTarget;
use pushdesk_core::model::{AuditAction, AuditFilter};
use pushdesk_core::paths;
use pushdesk_core::preferences::Language;
use pushdesk_core::secrets::Sensitive;
use pushdesk_core::sendlog::LogFilter;
use pushdesk_sandbox::SandboxConfig;

use crate::world::{openid, World};

/// The trail's actions, oldest first.
async fn actions(w: &World, filter: AuditFilter) -> Vec<AuditAction> {
    let page = w.desk.audit_trail(filter, None).await.unwrap();
    page.entries.iter().rev().map(|e| e.action).collect()
}

/// The trail as (action, campaign), oldest first: what other tests check of it.
pub async fn audited(w: &World) -> Vec<(AuditAction, Option<i64>)> {
    let page = w.desk.audit_trail(AuditFilter::default(), None).await.unwrap();
    page.entries.iter().rev().map(|e| (e.action, e.campaign_id)).collect()
}

#[tokio::test]
async fn every_user_action_leaves_one_entry_with_who_where_and_what() {
    let w = World::new(SandboxConfig { latency: Duration::from_millis(5), ..SandboxConfig::default() }).await;
    w.desk.sync_templates(w.account_id).await.unwrap();
    let path = w.dir.path().join("list.csv");
    let mut text = String::from("openid,thing1,character_string2,phrase3,time4,amount5\n");
    for i in 0..40 {
        text.push_str(&format!("{},拿铁 {i},SF{i:010},顺丰速运,2026-11-24 10:00,￥89.00\n", openid(i)));
    }
    std::fs::write(&path, text).unwrap();
    let draft = w.draft(&path, Default::default(), AudienceOptions::default()).await;
    // Slow enough to be paused and cancelled before it ends.
    w.desk.update_draft(draft.id, DraftSettings { rate: 2, ..draft.settings.clone() }).await.unwrap();
    let id = w.desk.campaign_from_draft(draft.id, Default::default()).await.unwrap();
    let started = w.desk.start(id, None).await.unwrap();
    w.desk.pause(id).await.unwrap();
    started.done.await.unwrap().unwrap();
    let resumed = w.desk.resume(id, None).await.unwrap();
    w.desk.cancel(id).await.unwrap();
    resumed.done.await.unwrap().unwrap();
    let out = w.dir.path().join("campaign.csv");
    let filter = LogFilter { campaign_id: Some(id), ..LogFilter::default() };
    let cancel = Arc::new(AtomicBool::new(false));
    let report = w
        .desk
        .export_log(filter.clone(), ExportTarget::new(&out), Language::ZhCn, |_| {}, cancel)
        .await
        .unwrap();

    assert_eq!(
        actions(&w, AuditFilter::default()).await,
        [
            AuditAction::TemplatesSynced,
            AuditAction::CampaignCreated,
            AuditAction::CampaignStarted,
            AuditAction::CampaignPaused,
            AuditAction::CampaignResumed,
            AuditAction::CampaignCancelled,
            AuditAction::LogExported,
        ]
    );
    let page = w.desk.audit_trail(AuditFilter::default(), None).await.unwrap();
    let (user, machine) = (pushdesk_core::store::testing::person_under_test(), paths::machine_name());
    assert!(page.entries.iter().all(|e| e.actor == user && e.machine == machine), "{:?}", page.entries);
    let by = |action| page.entries.iter().find(|e| e.action == action).unwrap();
    let synced = by(AuditAction::TemplatesSynced);
    assert_eq!((synced.subject.as_str(), synced.account_id), ("engine", Some(w.account_id)));
    assert!(synced.detail.templates.unwrap() > 0);
    let created = by(AuditAction::CampaignCreated);
    assert_eq!(
        (created.campaign_id, created.subject.as_str(), created.detail.rows),
        (Some(id), "draft", Some(40))
    );
    let exported = by(AuditAction::LogExported);
    assert_eq!(exported.detail.rows, Some(report.rows));
    assert_eq!(exported.detail.filter.as_ref(), Some(&filter));
    assert_eq!(exported.detail.file.as_deref(), Some(out.display().to_string().as_str()));
    assert_eq!(exported.campaign_id, Some(id));

    // Filters: by action, by person, by time.
    let paused = AuditFilter { actions: vec![AuditAction::CampaignPaused], ..AuditFilter::default() };
    assert_eq!(actions(&w, paused).await, [AuditAction::CampaignPaused]);
    let somebody_else = AuditFilter { actor: Some(format!("{user}-not")), ..AuditFilter::default() };
    assert!(actions(&w, somebody_else).await.is_empty());
    let later = AuditFilter { from_ms: Some(exported.at + 1), ..AuditFilter::default() };
    assert!(actions(&w, later).await.is_empty());
}

#[tokio::test]
async fn account_changes_are_audited_under_the_name_they_had() {
    let w = World::new(SandboxConfig::default()).await;
    let appid = "wx00000000audit017";
    let input = NewAccount::new(AccountKind::MiniProgram, "审计小程序", appid, &w.sandbox.url());
    let secret = || Some(Sensitive::new("audit-secret-0123456789abcdef".to_string()));
    let added = w.desk.add_account(input.clone(), secret()).await.unwrap();
    let renamed = NewAccount { name: "审计小程序（新）".into(), ..input };
    w.desk.update_account(added.id, renamed, None).await.unwrap();
    w.desk.remove_account(added.id).await.unwrap();
    let page = w.desk.audit_trail(AuditFilter::default(), None).await.unwrap();
    let trail: Vec<(AuditAction, &str, Option<i64>)> =
        page.entries.iter().rev().map(|e| (e.action, e.subject.as_str(), e.account_id)).collect();
    assert_eq!(
        trail,
        [
            (AuditAction::AccountAdded, "审计小程序", Some(added.id)),
            (AuditAction::AccountChanged, "审计小程序（新）", Some(added.id)),
            (AuditAction::AccountRemoved, "审计小程序（新）", Some(added.id)),
        ]
    );
}

#[tokio::test]
async fn the_do_not_contact_list_s_changes_are_audited_with_how_many() {
    let w = World::new(SandboxConfig::default()).await;
    let text = format!("{}\n{}\nnot-an-openid", openid(1), openid(2));
    w.desk.suppress(w.account_id, text, "电话要求不再发送".into()).await.unwrap();
    w.desk.unsuppress(w.account_id, vec![openid(1)]).await.unwrap();
    let page = w.desk.audit_trail(AuditFilter::default(), None).await.unwrap();
    let trail: Vec<(AuditAction, Option<u64>, &str)> =
        page.entries.iter().rev().map(|e| (e.action, e.detail.rows, e.subject.as_str())).collect();
    assert_eq!(
        trail,
        [
            (AuditAction::SuppressionAdded, Some(2), "engine"),
            (AuditAction::SuppressionRemoved, Some(1), "engine")
        ]
    );
}

#[tokio::test]
async fn nobody_can_change_or_remove_an_entry() {
    let w = World::new(SandboxConfig::default()).await;
    w.desk.sync_templates(w.account_id).await.unwrap();
    if w.address.is_shared() {
        // PostgreSQL's triggers: store::migrations' the_shared_audit_trail_refuses_every_change.
        return;
    }
    let conn = rusqlite::Connection::open(&w.db).unwrap();
    let update = conn.execute("UPDATE audit SET actor = 'someone else'", []).unwrap_err();
    assert!(update.to_string().contains("append-only"), "{update}");
    let delete = conn.execute("DELETE FROM audit", []).unwrap_err();
    assert!(delete.to_string().contains("append-only"), "{delete}");
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn the_trail_pages_and_exports_every_entry() {
    let w = World::new(SandboxConfig::default()).await;
    for _ in 0..(pushdesk_core::desk::AUDIT_PAGE_SIZE + 5) {
        w.desk.sync_templates(w.account_id).await.unwrap();
    }
    let first = w.desk.audit_trail(AuditFilter::default(), None).await.unwrap();
    assert_eq!(first.entries.len(), pushdesk_core::desk::AUDIT_PAGE_SIZE as usize);
    let second = w.desk.audit_trail(AuditFilter::default(), first.next).await.unwrap();
    assert_eq!((second.entries.len(), second.next), (5, None));
    assert!(first.entries.last().unwrap().id > second.entries[0].id, "newest first, no overlap");

    let out = w.dir.path().join("audit.csv");
    let rows = w.desk.export_audit(AuditFilter::default(), out.clone(), false, Language::ZhCn).await.unwrap();
    assert_eq!(rows, u64::from(pushdesk_core::desk::AUDIT_PAGE_SIZE + 5));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("\u{feff}时间,操作人,电脑,操作,对象,账号 ID,任务 ID,详情 (JSON)\r\n"),
        "{text:.80}"
    );
    assert_eq!(text.lines().count(), rows as usize + 1);
    assert!(text.contains(",同步模板,engine,"), "{text:.300}");
    let again = w.desk.export_audit(AuditFilter::default(), out, false, Language::En).await.unwrap_err();
    assert_eq!(again.code(), pushdesk_core::ErrorCode::FileExists);
    let profile = w.dir.path().join(".profile");
    std::fs::write(&profile, "export PATH").unwrap();
    let elsewhere = w.desk.export_audit(AuditFilter::default(), profile.clone(), true, Language::En).await;
    assert_eq!(elsewhere.unwrap_err().code(), pushdesk_core::ErrorCode::InvalidInput);
    assert_eq!(std::fs::read_to_string(&profile).unwrap(), "export PATH", "only a .csv is ever written");
}
