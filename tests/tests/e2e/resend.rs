//! Resending the unknown rows of a finished campaign, in the real app against a sandbox the
//! test owns: a few sends lose their connection before delivery (so their rows end `unknown`
//! and nobody got them); "resend unknown", confirmed, sends exactly those rows, once each.

use std::collections::HashMap;
use std::time::Duration;

use pushdesk_core::paths;
use pushdesk_core::secrets::SecretStore;
use pushdesk_sandbox::{Fault, OpenidCounts, Sandbox, SandboxConfig};
use pushdesk_tests::desktop::{screenshot_dir, Desktop};

use crate::steps::{
    add_account_on, counter, map_and_start, start_wizard_and_read, wait_for_counter, wait_for_status,
    FIRST_ADDED_ACCOUNT,
};

const APPID: &str = "wxe2eresend0000001";
const SECRET: &str = "e2e-resend-secret-4b8d2f6a1c9e0357";
const ROWS: usize = 12;
/// Sends whose connection the sandbox drops after reading the request, before delivering it.
const DROPPED: usize = 3;

fn openid(i: usize) -> String {
    format!("oE2eResend{i:018}")
}

/// A UTF-8 CSV whose columns are the template's keyword keys: the automatic mapping takes them all.
fn write_csv(path: &std::path::Path) -> anyhow::Result<()> {
    let mut text = String::from("openid,thing1,character_string2,phrase3,time4,amount5\n");
    for i in 0..ROWS {
        text.push_str(&format!(
            "{},拿铁咖啡豆 {i} 号,SF{i:010},已发货,2026-11-24 10:00,￥32.00\n",
            openid(i)
        ));
    }
    std::fs::write(path, text)?;
    Ok(())
}

fn delivered(per_openid: &HashMap<String, OpenidCounts>, openid: &str) -> u64 {
    per_openid.get(openid).map_or(0, |c| c.delivered)
}

#[test]
fn resend_unknown_rows_of_a_finished_campaign_sends_exactly_them() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let sandbox = runtime.block_on(Sandbox::start(SandboxConfig {
        apps: vec![(APPID.into(), SECRET.into())],
        ..SandboxConfig::default()
    }))?;
    let desktop = Desktop::start()?;
    let csv = desktop.home.path().join("重发名单.csv");
    write_csv(&csv)?;
    let app = desktop.launch()?;

    add_account_on(&app, FIRST_ADDED_ACCOUNT, "重发测试小程序", APPID, SECRET, &sandbox.url())?;

    // The first sends lose their connection before delivery: the app cannot know, so unknown.
    sandbox.control().queue_fault(Fault::DropConnection, DROPPED);
    start_wizard_and_read(&app, "重发结果未知", &csv)?;
    app.find("[data-testid=campaign-inspection]")?;
    map_and_start(&app)?;
    wait_for_status(&app, "finished", Duration::from_secs(60))?;
    wait_for_counter(&app, "unknown", DROPPED as u64, Duration::from_secs(15))?;
    assert_eq!(counter(&app, "sent")?, (ROWS - DROPPED) as u64, "the page shows:\n{}", app.page_text()?);
    assert_eq!(counter(&app, "remaining")?, 0);

    let before = sandbox.stats();
    assert_eq!(before.accepted, (ROWS - DROPPED) as u64, "the dropped sends delivered nothing: {before:?}");
    let per_openid = sandbox.control().per_openid();
    let unknown: Vec<String> = (0..ROWS).map(openid).filter(|o| delivered(&per_openid, o) == 0).collect();
    assert_eq!(unknown.len(), DROPPED, "the rows whose connection dropped: {unknown:?}");
    for o in &unknown {
        assert!(per_openid.get(o).is_some_and(|c| c.received == 1), "{o} was tried once");
    }
    app.screenshot(&screenshot_dir().join("campaign-unknown-zh.png"))?;

    // The list offers the same, and its row leads back to the campaign.
    app.click_css("[data-testid=nav-campaigns]")?;
    app.find("[data-testid=campaign-row-1-resend-unknown]")?;
    app.screenshot(&screenshot_dir().join("campaigns-list-actions-zh.png"))?;
    app.click_css("[data-testid=campaign-row-1] > td")?;
    app.find("[data-testid=campaign-detail]")?;

    // Only what the finished campaign allows: resending its unknown rows, after a warning.
    let offered = app.script(
        "return [...document.querySelectorAll('[data-action]')].map(e => e.dataset.action).join(',')",
        vec![],
    )?;
    assert_eq!(
        offered.as_str(),
        Some("resend_unknown"),
        "a finished campaign with unknown rows offers only that"
    );
    app.click_css("[data-testid=campaign-resend-unknown]")?;
    let dialog = app.text(&app.find("[data-testid=campaign-resend-unknown-confirm]")?)?;
    assert!(dialog.contains(&format!("重发给 {DROPPED} 个结果未知的人？")), "{dialog}");
    assert!(dialog.contains("可能已经收到这条消息"), "{dialog}");
    assert!(dialog.contains("不重发") && !dialog.contains("不取消"), "its own labels: {dialog}");
    app.screenshot(&screenshot_dir().join("campaign-resend-unknown-zh.png"))?;
    app.click_css("[data-testid=campaign-resend-unknown-ok]")?;

    // The page said "finished" before the click too: wait for every row to be sent first.
    wait_for_counter(&app, "sent", ROWS as u64, Duration::from_secs(60))?;
    wait_for_status(&app, "finished", Duration::from_secs(30))?;
    assert_eq!(counter(&app, "unknown")?, 0);

    // Exactly the unknown rows were sent, each once; nobody else got a second message.
    let after = sandbox.stats();
    assert_eq!(after.accepted - before.accepted, DROPPED as u64, "accepted rose by the unknown count");
    let per_openid = sandbox.control().per_openid();
    for i in 0..ROWS {
        assert_eq!(delivered(&per_openid, &openid(i)), 1, "{} got exactly one message", openid(i));
    }
    for o in &unknown {
        assert_eq!(per_openid.get(o).map(|c| c.received), Some(2), "{o}: the dropped send and the resend");
    }
    app.screenshot(&screenshot_dir().join("campaign-resent-zh.png"))?;
    app.close()?;

    SecretStore::new(paths::identifier()).delete(APPID)?;
    runtime.block_on(sandbox.shutdown());
    Ok(())
}
