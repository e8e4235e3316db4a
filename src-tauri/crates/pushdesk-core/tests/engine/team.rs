//! Team roles on a shared store (PostgreSQL): each role's desk does what it may, and the
//! database itself refuses the rest, to Pushdesk and to any other client of the login.

use pushdesk_core::model::lifecycle::ApprovalState;
use pushdesk_core::model::{AuditAction, AuditFilter, CampaignAction, CampaignStatus, TeamRole};
use pushdesk_core::secrets::Sensitive;
use pushdesk_core::sendlog::LogFilter;
use pushdesk_core::store::db::Engine;
use pushdesk_core::store::testing::plain_client;
use pushdesk_core::store::StoreAddress;
use pushdesk_core::ErrorCode;
use pushdesk_sandbox::SandboxConfig;

use crate::world::{desk_on, World};

const PASSWORD: &str = "not-a-real-password";

/// The world's store as a new login of `role`.
fn login(w: &World, role: TeamRole) -> StoreAddress {
    person(w, role.as_str(), role)
}

/// The world's store as the new login `<schema>_<who>`, of `role`.
fn person(w: &World, who: &str, role: TeamRole) -> StoreAddress {
    let name = format!("{}_{who}", w.schema);
    let password = Sensitive::new(PASSWORD.to_string());
    w.store().add_to_team(&name, role, Some(&password)).unwrap();
    w.address.with_login(&name, &password)
}

/// SQLSTATE 42501 (insufficient privilege) for `sql` run by `at`'s login on a plain connection.
async fn refused(at: &StoreAddress, sql: &str) {
    let err = plain_client(at).await.batch_execute(sql).await.expect_err(sql);
    assert_eq!(err.code(), Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE), "{sql}: {err:?}");
}

#[tokio::test]
async fn each_role_does_what_it_may_and_the_database_refuses_the_rest() {
    let w = World::new_on(Engine::Postgres, SandboxConfig::default()).await;
    w.store().init_team().unwrap();
    let (viewer, author, sender) =
        (login(&w, TeamRole::Viewer), login(&w, TeamRole::Author), login(&w, TeamRole::Sender));
    let id = w.campaign(20, 200, 4);
    let url = w.sandbox.url();

    // A viewer reads the campaigns and the log, and exports (an audited action).
    let desk = desk_on(&viewer, w.account_id, &url);
    assert_eq!(desk.team_role(), Some(TeamRole::Viewer));
    assert_eq!(desk.campaign(id).await.unwrap().status, CampaignStatus::Ready);
    let log = viewer.open().unwrap().log_page(&LogFilter::default(), None, 50).unwrap();
    assert!(log.entries.is_empty());
    let err = desk.start(id, None).await.map(|_| ()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotPermitted, "{err}");
    assert!(err.message_zh().contains("角色"), "{}", err.message_zh());
    refused(&viewer, &format!("UPDATE campaigns SET status = 'running' WHERE id = {id}")).await;
    refused(&viewer, "DELETE FROM audit").await;
    refused(&viewer, "UPDATE accounts SET name = 'mine'").await;

    // An author makes campaigns but cannot send one, nor write an outcome.
    let desk = desk_on(&author, w.account_id, &url);
    assert_eq!(desk.team_role(), Some(TeamRole::Author));
    let err = desk.start(id, None).await.map(|_| ()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotPermitted, "{err}");
    refused(&author, &format!("UPDATE campaigns SET status = 'running' WHERE id = {id}")).await;
    refused(
        &author,
        &format!(
            "INSERT INTO attempts (recipient_id, campaign_id, account_id, template_id, openid, attempt_no,
                                   status, request, started_at)
             SELECT id, campaign_id, {}, 't', openid, 1, 'sent', '{{}}', 0 FROM recipients
              WHERE campaign_id = {id} LIMIT 1",
            w.account_id
        ),
    )
    .await;
    refused(&author, "DELETE FROM audit").await;
    assert_eq!(w.sandbox.stats().sends_received, 0, "nothing left while the others tried");

    // A sender sends it; even an admin cannot remove an audit entry.
    let desk = desk_on(&sender, w.account_id, &url);
    let done = desk.start(id, None).await.unwrap().done.await.unwrap().unwrap();
    assert_eq!((done.status, done.counts.sent), (CampaignStatus::Finished, 20));
    refused(&sender, "UPDATE accounts SET name = 'mine'").await;
    let admin = login(&w, TeamRole::Admin);
    refused(&admin, "DELETE FROM audit").await;
    // Roles are the server's (every database on it shares them): this test's logins only.
    let members = w.store().team().unwrap();
    let roles: Vec<TeamRole> =
        members.iter().filter(|m| m.login.starts_with(&format!("{}_", w.schema))).map(|m| m.role).collect();
    assert_eq!(roles, vec![TeamRole::Admin, TeamRole::Author, TeamRole::Sender, TeamRole::Viewer]);
}

#[tokio::test]
async fn a_campaign_above_the_threshold_starts_only_once_another_sender_approved_it_as_it_is() {
    let w = World::new_on(Engine::Postgres, SandboxConfig::default()).await;
    w.store().init_team().unwrap();
    let owner = desk_on(&w.address, w.account_id, &w.sandbox.url());
    assert_eq!(owner.approval_threshold().await.unwrap(), Some(1000), "team init sets the default");
    owner.set_approval_threshold(10).await.unwrap();
    let (li, wang, author) = (
        person(&w, "li", TeamRole::Sender),
        person(&w, "wang", TeamRole::Sender),
        login(&w, TeamRole::Author),
    );
    let (li_login, wang_login) = (format!("{}_li", w.schema), format!("{}_wang", w.schema));
    let id = w.campaign(20, 200, 4);
    let made_by_li = format!("UPDATE campaigns SET created_by = '{li_login}' WHERE id = {id}");
    plain_client(&w.address).await.batch_execute(&made_by_li).await.unwrap();
    let url = w.sandbox.url();

    // Li made it: she may not start it, nor approve it herself; the database says the same to
    // any client of hers.
    let li_desk = desk_on(&li, w.account_id, &url);
    let campaign = li_desk.campaign(id).await.unwrap();
    assert_eq!(campaign.approval, ApprovalState::Waiting);
    assert_eq!(campaign.actions, [CampaignAction::Reschedule, CampaignAction::Cancel]);
    let err = li_desk.start(id, None).await.map(|_| ()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ActionNotAllowed, "{err}");
    assert!(err.message_zh().contains("批准"), "{}", err.message_zh());
    let err = li_desk.approve(id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotPermitted, "{err}");
    refused(&li, &format!("UPDATE campaigns SET status = 'running' WHERE id = {id}")).await;
    refused(&li, &format!("UPDATE campaigns SET approved_by = '{li_login}' WHERE id = {id}")).await;
    refused(&li, &format!("UPDATE campaigns SET approved_by = '{wang_login}' WHERE id = {id}")).await;

    // An author is offered nothing and refused by the database.
    let author_desk = desk_on(&author, w.account_id, &url);
    assert!(author_desk.campaign(id).await.unwrap().actions.is_empty());
    assert_eq!(author_desk.approve(id).await.unwrap_err().code(), ErrorCode::NotPermitted);

    // Wang approves it; a change of its time takes the approval away, in the store and in the
    // database.
    let wang_desk = desk_on(&wang, w.account_id, &url);
    assert!(wang_desk.campaign(id).await.unwrap().actions.contains(&CampaignAction::Approve));
    let approved = wang_desk.approve(id).await.unwrap();
    assert_eq!(
        (approved.approval, approved.approved_by.as_deref()),
        (ApprovalState::Approved, Some(&*wang_login))
    );
    refused(&li, &format!("UPDATE campaigns SET scheduled_at = 1 WHERE id = {id}")).await;
    let at = owner.now_ms() + 3_600_000;
    let moved = li_desk.reschedule(id, at).await.unwrap();
    assert_eq!((moved.approval, moved.approved_by), (ApprovalState::Waiting, None));
    // Due now, unapproved: the scheduler leaves it.
    li_desk.reschedule(id, owner.now_ms()).await.unwrap();
    assert!(li_desk.scheduler_tick(None).await.unwrap().started.is_empty());
    assert_eq!(li_desk.campaign(id).await.unwrap().status, CampaignStatus::Scheduled);
    assert_eq!(w.sandbox.stats().sends_received, 0);

    wang_desk.approve(id).await.unwrap();
    let done = li_desk.start(id, None).await.unwrap().done.await.unwrap().unwrap();
    assert_eq!((done.status, done.counts.sent), (CampaignStatus::Finished, 20));
    assert_eq!(done.approved_by.as_deref(), Some(&*wang_login), "kept as history");

    // The trail names each person.
    let trail = owner.audit_trail(AuditFilter::default(), None).await.unwrap();
    let said: Vec<(AuditAction, &str)> =
        trail.entries.iter().rev().map(|e| (e.action, e.actor.as_str())).collect();
    assert!(
        said.ends_with(&[
            (AuditAction::CampaignApproved, &*wang_login),
            (AuditAction::CampaignRescheduled, &*li_login),
            (AuditAction::CampaignRescheduled, &*li_login),
            (AuditAction::CampaignApproved, &*wang_login),
            (AuditAction::CampaignStarted, &*li_login),
        ]),
        "{said:?}"
    );
    assert_eq!(
        trail.entries.last().map(|e| (e.action, e.detail.threshold)),
        Some((AuditAction::ApprovalThresholdSet, Some(10)))
    );
}
