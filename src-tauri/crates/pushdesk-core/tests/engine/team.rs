//! Team roles on a shared store (PostgreSQL): each role's desk does what it may, and the
//! database itself refuses the rest, to Pushdesk and to any other client of the login.

use pushdesk_core::model::{CampaignStatus, TeamRole};
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
    let name = format!("{}_{}", w.schema, role.as_str());
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
