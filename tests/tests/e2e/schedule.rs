//! A marketer schedules a campaign in the app (issue 15): the confirm step's time, the campaign
//! waiting on the Campaigns page with its time, the app's own scheduler starting it at that
//! minute — never before — and the team's group robot told when it ended; then a daily series
//! with its next runs on the series page.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::post;
use axum::Router;
use chrono::{Local, Timelike};
use pushdesk_core::desk::ROBOT_WEBHOOK_KEY;
use pushdesk_core::paths;
use pushdesk_core::secrets::SecretStore;
use pushdesk_sandbox::{Sandbox, SandboxConfig};
use pushdesk_tests::desktop::{screenshot_dir, Desktop};
use pushdesk_tests::webdriver::Session;

use crate::steps::{
    add_account_on, confirm_start, map_with_shared_values, start_wizard_and_read, wait_for_status,
    FIRST_ADDED_ACCOUNT,
};

const APPID: &str = "wxe2eschedule00001";
const SECRET: &str = "e2e-schedule-secret-3b9d1f7a2c5e8046";
const ROWS: usize = 5;
const ENTER: &str = "\u{E007}";

fn openid(list: usize, i: usize) -> String {
    format!("oE2eSchedule{list}{i:015}")
}

fn write_csv(path: &std::path::Path, list: usize) -> anyhow::Result<()> {
    let mut text = String::from("openid,商品名称,快递单号\n");
    for i in 0..ROWS {
        text.push_str(&format!("{},会员周报 {i},SF{i:010}\n", openid(list, i)));
    }
    std::fs::write(path, text)?;
    Ok(())
}

/// A WeCom group robot on loopback; what it was sent.
fn robot(runtime: &tokio::runtime::Runtime) -> anyhow::Result<(String, Arc<Mutex<Vec<String>>>)> {
    let bodies: Arc<Mutex<Vec<String>>> = Arc::default();
    let kept = Arc::clone(&bodies);
    let app = Router::new().route(
        "/cgi-bin/webhook/send",
        post(move |body: String| async move {
            kept.lock().unwrap().push(body);
            r#"{"errcode":0,"errmsg":"ok"}"#
        }),
    );
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let url = format!("http://{}/cgi-bin/webhook/send?key=e2e-robot-key", listener.local_addr()?);
    runtime.spawn(async move { axum::serve(listener, app).await });
    Ok((url, bodies))
}

fn to_send_step(app: &Session, name: &str, file: &std::path::Path) -> anyhow::Result<()> {
    start_wizard_and_read(app, name, file)?;
    map_with_shared_values(app)?;
    app.click_css("[data-testid=campaign-validate]")?;
    app.click_css("[data-testid=campaign-next]")?;
    app.find("[data-testid=campaign-schedule-section]").map(|_| ())
}

/// Clicks the label of a radio or checkbox (antd hides the input itself), as a person does.
fn choose_option(app: &Session, testid: &str) -> anyhow::Result<()> {
    app.click_css(&format!("label:has([data-testid={testid}])"))
}

/// Types a date and time into the wizard's picker and commits it.
fn type_time(app: &Session, text: &str) -> anyhow::Result<()> {
    app.fill_css("[data-testid=campaign-at]", text)?;
    let el = app.find("[data-testid=campaign-at]")?;
    app.type_text(&el, ENTER)
}

#[test]
fn a_campaign_scheduled_in_the_app_starts_at_its_time_and_a_series_lists_its_next_runs() -> anyhow::Result<()>
{
    let runtime = tokio::runtime::Runtime::new()?;
    let sandbox = runtime.block_on(Sandbox::start(SandboxConfig {
        apps: vec![(APPID.into(), SECRET.into())],
        ..SandboxConfig::default()
    }))?;
    let (robot_url, robot_bodies) = robot(&runtime)?;
    let desktop = Desktop::start()?;
    let weekly = desktop.home.path().join("会员名单.csv");
    let members = desktop.home.path().join("周报名单.csv");
    write_csv(&weekly, 1)?;
    write_csv(&members, 2)?;
    let app = desktop.launch()?;
    add_account_on(&app, FIRST_ADDED_ACCOUNT, "会员周报小程序", APPID, SECRET, &sandbox.url())?;

    // The team's group robot, kept in the keyring.
    app.click_css("[data-testid=nav-settings]")?;
    app.choose("[data-testid=settings-robot-kind]", "[data-testid=settings-robot-kind-wecom]")?;
    app.fill_css("[data-testid=settings-robot-webhook]", &robot_url)?;
    app.click_css("[data-testid=settings-robot-save]")?;
    app.wait_for_text("已保存", Duration::from_secs(10))?;
    app.screenshot(&screenshot_dir().join("settings-notices-zh.png"))?;

    // A whole minute (the picker has minutes) 50–110 s away: time to fill in the wizard on a
    // busy machine, and still before it is due.
    let soon = Local::now() + chrono::Duration::seconds(110);
    let at = soon.with_second(0).and_then(|t| t.with_nanosecond(0)).expect("a whole minute");
    let at_text = at.format("%Y-%m-%d %H:%M").to_string();
    to_send_step(&app, "周五上新提醒", &weekly)?;
    choose_option(&app, "campaign-when-at")?;
    type_time(&app, &at_text)?;
    app.find("[data-testid=campaign-window-enabled]")?;
    app.screenshot(&screenshot_dir().join("campaign-schedule-zh.png"))?;
    // Any hour: the test runs at any time of day.
    app.click_css("[data-testid=campaign-window-enabled]")?;
    app.click_css("[data-testid=campaign-start]")?;
    confirm_start(&app)?;
    wait_for_status(&app, "scheduled", Duration::from_secs(10))?;
    let shown = app.text(&app.find("[data-testid=campaign-scheduled-at]")?)?;
    assert!(shown.contains(&at.format("%H:%M").to_string()), "the detail shows the time: {shown}");
    assert_eq!(sandbox.stats().sends_received, 0, "nothing is sent before its time");

    app.click_css("[data-testid=nav-campaigns]")?;
    let row = app.find("[data-testid^=campaign-scheduled-at-]")?;
    assert!(app.text(&row)?.contains(&at.format("%H:%M").to_string()));
    app.screenshot(&screenshot_dir().join("campaigns-scheduled-zh.png"))?;

    // The app's scheduler starts it at its minute; the page follows.
    app.click(&row)?;
    wait_for_status(&app, "finished", Duration::from_secs(150))?;
    let deliveries = sandbox.control().recent_deliveries();
    assert_eq!(deliveries.len(), ROWS);
    let first = deliveries.iter().map(|d| d.at_ms).min().unwrap_or_default() as i64;
    assert!(first >= at.timestamp_millis(), "sent {} ms early", at.timestamp_millis() - first);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while robot_bodies.lock().unwrap().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    let posted = robot_bodies.lock().unwrap().clone();
    assert_eq!(posted.len(), 1, "the robot was told once: {posted:?}");
    assert!(posted[0].contains("周五上新提醒") && posted[0].contains("已完成"), "{}", posted[0]);

    // A daily series, from tomorrow at 10:00: its page lists the next runs.
    to_send_step(&app, "会员周报", &members)?;
    choose_option(&app, "campaign-when-repeat")?;
    choose_option(&app, "campaign-repeat-kind-daily")?;
    let tomorrow = (Local::now() + chrono::Duration::days(1)).format("%Y-%m-%d 10:00").to_string();
    type_time(&app, &tomorrow)?;
    app.click_css("[data-testid=campaign-start]")?;
    confirm_start(&app)?;
    wait_for_status(&app, "scheduled", Duration::from_secs(10))?;
    app.click_css("[data-testid=campaign-series-link]")?;
    app.find("[data-testid=page-series]")?;
    let upcoming = app.text(&app.find("[data-testid=series-upcoming]")?)?;
    assert!(upcoming.contains("10:00"), "{upcoming}");
    app.find("[data-testid=series-runs]")?;
    app.screenshot(&screenshot_dir().join("series-zh.png"))?;
    app.close()?;

    let keyring = SecretStore::new(paths::identifier());
    keyring.delete(APPID)?;
    keyring.delete(ROBOT_WEBHOOK_KEY)?;
    runtime.block_on(sandbox.shutdown());
    Ok(())
}
