//! A notice when a campaign ends: posted to the team's group robot (a local server standing in
//! for WeCom), with the webhook address kept in the keyring; a robot that fails is reported and
//! leaves the campaign alone.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use pushdesk_core::desk::NoticeSettingsInput;
use pushdesk_core::model::CampaignStatus;
use pushdesk_core::notify::RobotKind;
use pushdesk_sandbox::SandboxConfig;

use super::world::World;

type Bodies = Arc<Mutex<Vec<serde_json::Value>>>;

/// A robot on loopback answering `status` with WeCom's answer; returns its webhook address.
async fn robot(status: StatusCode, bodies: Bodies) -> String {
    async fn take(
        State((status, bodies)): State<(StatusCode, Bodies)>,
        body: String,
    ) -> (StatusCode, String) {
        bodies.lock().unwrap().push(serde_json::from_str(&body).unwrap_or_default());
        (status, r#"{"errcode":0,"errmsg":"ok"}"#.into())
    }
    let app = Router::new().route("/cgi-bin/webhook/send", post(take)).with_state((status, bodies));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/cgi-bin/webhook/send?key=secret-robot-key-0001")
}

#[tokio::test]
async fn a_finished_campaign_is_announced_to_the_robot_and_a_failing_robot_changes_nothing() {
    let w = World::new(SandboxConfig::default()).await;
    let bodies: Bodies = Arc::default();
    let url = robot(StatusCode::OK, Arc::clone(&bodies)).await;
    let saved = w
        .desk
        .save_notice_settings(NoticeSettingsInput {
            desktop: true,
            robot: Some(RobotKind::Wecom),
            webhook: Some(url),
        })
        .await
        .unwrap();
    assert!(saved.robot_saved);
    // The address (and its key) never leaves the keyring: not in SQLite.
    if !w.address.is_shared() {
        let db = std::fs::read(&w.db).unwrap();
        assert!(!String::from_utf8_lossy(&db).contains("secret-robot-key"));
    }

    let shown = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&shown);
    w.desk.on_notice(Arc::new(move |n| sink.lock().unwrap().push(n.title())));
    let id = w.campaign(12, 100, 2);
    let c = w.run(id).await;
    assert_eq!(c.status, CampaignStatus::Finished);
    w.desk.flush_notices().await;
    let posted = bodies.lock().unwrap().clone();
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0]["msgtype"], "markdown");
    let text = posted[0]["markdown"]["content"].as_str().unwrap();
    assert!(text.contains("12 recipients") && text.contains("12"), "{text}");
    assert_eq!(shown.lock().unwrap().len(), 1, "the desktop sink saw it too");
    assert!(w.desk.notice_settings().await.unwrap().last_robot.unwrap().ok);

    // A robot that fails: reported in the settings, the campaign untouched.
    let failing = robot(StatusCode::INTERNAL_SERVER_ERROR, Arc::default()).await;
    w.desk
        .save_notice_settings(NoticeSettingsInput {
            desktop: false,
            robot: Some(RobotKind::Wecom),
            webhook: Some(failing),
        })
        .await
        .unwrap();
    let id = w.campaign(3, 100, 2);
    assert_eq!(w.run(id).await.status, CampaignStatus::Finished);
    w.desk.flush_notices().await;
    let last = w.desk.notice_settings().await.unwrap().last_robot.unwrap();
    assert!(!last.ok);
    assert!(!last.error_en.unwrap().contains("secret-robot-key"));
    assert_eq!(shown.lock().unwrap().len(), 1, "desktop notices off: the sink saw nothing more");

    // Another robot needs its own address: a WeCom key is never posted to as Feishu.
    let err = w
        .desk
        .save_notice_settings(NoticeSettingsInput {
            desktop: true,
            robot: Some(RobotKind::Feishu),
            webhook: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), pushdesk_core::ErrorCode::InvalidInput);
    assert!(err.to_string().starts_with("webhook: "), "{err}");

    // Robot notices off: the address is deleted from the keyring.
    let off = w
        .desk
        .save_notice_settings(NoticeSettingsInput { desktop: true, robot: None, webhook: None })
        .await
        .unwrap();
    assert!(!off.robot_saved && off.robot.is_none());
}
