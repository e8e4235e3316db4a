//! A marketer sends to a list, then to the same list with a few new people (issue 18): the
//! dashboard shows WeChat's send quota before and after; the first campaign's page
//! placeholder reaches the sandbox filled per row; the second campaign warns, before it
//! starts, about the people who got the template already, and skips them.

use std::time::Duration;

use pushdesk_core::paths;
use pushdesk_core::secrets::SecretStore;
use pushdesk_sandbox::{Sandbox, SandboxConfig};
use pushdesk_tests::desktop::{screenshot_dir, Desktop};
use pushdesk_tests::webdriver::Session;

use crate::steps::{
    add_account_on, confirm_start, map_with_shared_values, start_wizard_and_read, wait_for_status,
    FIRST_ADDED_ACCOUNT,
};

const APPID: &str = "wxe2erepeat0000001";
const SECRET: &str = "e2e-repeat-secret-7c1e9a3b5d2f8046";
const FIRST: usize = 6;
const NEW: usize = 3;
const DAILY_LIMIT: u64 = 5000;
const PAGE: &str = "pages/order/detail?id={{快递单号}}";

fn openid(i: usize) -> String {
    format!("oE2eRepeat{i:018}")
}

fn tracking_no(i: usize) -> String {
    format!("SF{i:010}")
}

fn write_csv(path: &std::path::Path, rows: usize) -> anyhow::Result<()> {
    let mut text = String::from("openid,商品名称,快递单号\n");
    for i in 0..rows {
        text.push_str(&format!("{},拿铁咖啡豆 {i} 号,{}\n", openid(i), tracking_no(i)));
    }
    std::fs::write(path, text)?;
    Ok(())
}

/// Reads the file, types the values every row shares and the page with its placeholder, and
/// validates: the mapping step with its report.
fn read_and_fill(app: &Session, name: &str, file: &std::path::Path) -> anyhow::Result<()> {
    start_wizard_and_read(app, name, file)?;
    map_with_shared_values(app)?;
    app.fill_css("[data-testid=campaign-page]", PAGE)?;
    app.click_css("[data-testid=campaign-validate]")
}

fn start_and_finish(app: &Session) -> anyhow::Result<()> {
    app.click_css("[data-testid=campaign-next]")?;
    app.click_css("[data-testid=campaign-start]")?;
    confirm_start(app)?;
    wait_for_status(app, "finished", Duration::from_secs(60))
}

fn wait_for_value(app: &Session, testid: &str, value: impl ToString) -> anyhow::Result<()> {
    let css = format!("[data-testid={testid}]");
    app.wait_for_attribute(&css, "data-value", &value.to_string(), Duration::from_secs(20))
}

#[test]
fn a_repeat_campaign_warns_and_skips_earlier_recipients_and_the_dashboard_shows_the_quota(
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let sandbox = runtime.block_on(Sandbox::start(SandboxConfig {
        apps: vec![(APPID.into(), SECRET.into())],
        daily_limit: Some(DAILY_LIMIT),
        ..SandboxConfig::default()
    }))?;
    let desktop = Desktop::start()?;
    let first = desktop.home.path().join("首批名单.csv");
    let again = desktop.home.path().join("补发名单.csv");
    write_csv(&first, FIRST)?;
    write_csv(&again, FIRST + NEW)?;
    let app = desktop.launch()?;
    add_account_on(&app, FIRST_ADDED_ACCOUNT, "复购提醒小程序", APPID, SECRET, &sandbox.url())?;

    // Before any send: the whole quota, as WeChat (the sandbox) counts it.
    app.click_css("[data-testid=nav-dashboard]")?;
    wait_for_value(&app, "dashboard-quota-remain", DAILY_LIMIT)?;

    // The first campaign: each card opens its own order, filled from the row.
    read_and_fill(&app, "首批发货提醒", &first)?;
    wait_for_value(&app, "campaign-report-valid", FIRST)?;
    start_and_finish(&app)?;
    let pages: std::collections::HashMap<String, String> =
        sandbox.control().recent_deliveries().into_iter().map(|d| (d.openid, d.page)).collect();
    for i in 0..FIRST {
        assert_eq!(
            pages.get(&openid(i)),
            Some(&format!("pages/order/detail?id={}", tracking_no(i))),
            "row {i}"
        );
    }

    // The same list with three new people: a warning with the count before anything starts,
    // and only the new people are sent to.
    read_and_fill(&app, "补发发货提醒", &again)?;
    wait_for_value(&app, "campaign-repeat-warning", FIRST)?;
    wait_for_value(&app, "campaign-report-valid", NEW)?;
    let warning = app.text(&app.find("[data-testid=campaign-repeat-warning]")?)?;
    assert!(
        warning.contains(&FIRST.to_string()) && warning.contains("7 天"),
        "the warning says it: {warning}"
    );
    app.screenshot(&screenshot_dir().join("campaign-repeat-warning-zh.png"))?;
    start_and_finish(&app)?;
    let delivered = sandbox.control().accepted_per_openid();
    for i in 0..FIRST + NEW {
        assert_eq!(delivered.get(&openid(i)), Some(&1), "{} got exactly one message", openid(i));
    }

    // The dashboard: today's sends from the log, and the quota WeChat has left.
    app.click_css("[data-testid=nav-dashboard]")?;
    wait_for_value(&app, "dashboard-today-sent", FIRST + NEW)?;
    app.click_css("[data-testid=dashboard-quota-refresh]")?;
    wait_for_value(&app, "dashboard-quota-remain", DAILY_LIMIT - (FIRST + NEW) as u64)?;
    app.screenshot(&screenshot_dir().join("dashboard-zh.png"))?;
    app.close()?;

    SecretStore::new(paths::identifier()).delete(APPID)?;
    runtime.block_on(sandbox.shutdown());
    Ok(())
}
