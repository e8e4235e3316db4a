//! Receipts and the subscription ledger in the real app (issue 14): the company's logged popup
//! pushes are imported; the campaign wizard counts who has a grant left and sends only to them;
//! a send delivered and then answered with a gateway error is unknown until the logged receipts
//! are imported, which confirm it; the send log shows what each receipt said.

use std::time::Duration;

use pushdesk_core::paths;
use pushdesk_core::secrets::SecretStore;
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::{Fault, Sandbox, SandboxConfig};
use pushdesk_tests::desktop::{screenshot_dir, Desktop};
use pushdesk_tests::webdriver::Session;

use crate::steps::{
    add_account_on, confirm_start, counter, map_with_shared_values, start_wizard_and_read, wait_for_counter,
    wait_for_status, FIRST_ADDED_ACCOUNT,
};

const APPID: &str = "wxe2ereceipts00001";
const SECRET: &str = "e2e-receipts-secret-5a0f1c7e9b3d2468";
const LISTED: usize = 6;
const GRANTED: usize = 4;

fn openid(i: usize) -> String {
    format!("oE2eReceipt{i:017}")
}

/// Imports `file` on the 送达与订阅 page and waits for the new summary.
fn import(app: &Session, file: &std::path::Path) -> anyhow::Result<String> {
    app.click_css("[data-testid=nav-ledger]")?;
    app.find("[data-testid=page-ledger]")?;
    app.fill_css("[data-testid=events-import-path]", &file.display().to_string())?;
    app.click_css("[data-testid=events-import-submit]")?;
    let summary = app.find("[data-testid=events-summary]")?;
    app.text(&summary)
}

fn wait_for_value(app: &Session, testid: &str, value: impl ToString) -> anyhow::Result<()> {
    let css = format!("[data-testid={testid}]");
    app.wait_for_attribute(&css, "data-value", &value.to_string(), Duration::from_secs(20))
}

#[test]
fn imported_pushes_fill_the_ledger_confirm_unknown_sends_and_show_delivery() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let sandbox = runtime.block_on(Sandbox::start(SandboxConfig {
        apps: vec![(APPID.into(), SECRET.into())],
        default_subscriptions: 0,
        ..SandboxConfig::default()
    }))?;
    let control = sandbox.control();
    for i in 0..GRANTED {
        control.grant_in(APPID, &openid(i), TPL_ORDER_SHIPPED, 1);
    }
    let desktop = Desktop::start()?;
    let list = desktop.home.path().join("会员名单.csv");
    let mut text = String::from("openid,商品名称,快递单号\n");
    for i in 0..LISTED {
        text.push_str(&format!("{},拿铁咖啡豆 {i} 号,SF{i:010}\n", openid(i)));
    }
    std::fs::write(&list, text)?;
    let popups = desktop.home.path().join("pushes-popups.xml");
    std::fs::write(&popups, control.pushes_xml(0))?;
    let after_popups = control.pushes(0).last().map_or(0, |p| p.seq);

    let app = desktop.launch()?;
    add_account_on(&app, FIRST_ADDED_ACCOUNT, "送达回执小程序", APPID, SECRET, &sandbox.url())?;

    // The popups the company's server logged: four people accepted.
    let summary = import(&app, &popups)?;
    assert!(summary.contains("订阅变化 4 条"), "{summary}");

    // The wizard knows who has a grant left, and sends only to them when asked.
    start_wizard_and_read(&app, "会员日提醒", &list)?;
    map_with_shared_values(&app)?;
    app.click_css("[data-testid=campaign-validate]")?;
    app.wait_for_attribute(
        "[data-testid=wizard-grant-counts]",
        "data-granted",
        &GRANTED.to_string(),
        Duration::from_secs(20),
    )?;
    let counts = app.find("[data-testid=wizard-grant-counts]")?;
    assert_eq!(app.attribute(&counts, "data-no-data")?.as_deref(), Some("2"));
    app.click_css("[data-testid=wizard-only-granted]")?;
    wait_for_value(&app, "wizard-grant-skipped", LISTED - GRANTED)?;
    wait_for_value(&app, "campaign-report-valid", GRANTED)?;
    app.screenshot(&screenshot_dir().join("campaign-grants-zh.png"))?;

    // One send is delivered and then answered with a gateway error: unknown.
    control.queue_fault(Fault::Http504AfterDelivery, 1);
    app.click_css("[data-testid=campaign-next]")?;
    app.click_css("[data-testid=campaign-start]")?;
    confirm_start(&app)?;
    wait_for_status(&app, "finished", Duration::from_secs(60))?;
    assert_eq!((counter(&app, "sent")?, counter(&app, "unknown")?), (GRANTED as u64 - 1, 1));
    assert_eq!(
        sandbox.stats().sends_received,
        GRANTED as u64,
        "nobody without a grant was sent to: no 43101"
    );

    // The receipts the server logged since: every send delivered, the unknown one confirmed.
    let receipts = desktop.home.path().join("pushes-receipts.jsonl");
    std::fs::write(&receipts, control.pushes_json(after_popups))?;
    let summary = import(&app, &receipts)?;
    assert!(summary.contains("其中 1 条原本结果未知的已确认送出"), "{summary}");
    app.screenshot(&screenshot_dir().join("receipts-zh.png"))?;

    app.click_css("[data-testid=nav-log]")?;
    for id in 1..=GRANTED {
        app.wait_for_attribute(
            &format!("[data-testid=log-delivery-{id}]"),
            "data-delivery",
            "delivered",
            Duration::from_secs(20),
        )?;
    }
    app.screenshot(&screenshot_dir().join("sendlog-delivery-zh.png"))?;

    app.click_css("[data-testid=nav-campaigns]")?;
    app.click_css("[data-testid=campaign-row-1] > td")?;
    wait_for_counter(&app, "unknown", 0, Duration::from_secs(20))?;
    wait_for_value(&app, "campaign-delivery-delivered", GRANTED)?;
    app.close()?;

    SecretStore::new(paths::identifier()).delete(APPID)?;
    runtime.block_on(sandbox.shutdown());
    Ok(())
}
