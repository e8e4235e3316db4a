//! A campaign from a GBK-encoded CSV: the file read once into a draft, mapping, the invalid-row
//! report, a test send of the draft, run, pause, resume, finish — then the send log: filter,
//! detail, export.

use std::time::Duration;

use pushdesk_tests::desktop::{screenshot_dir, Desktop};

use crate::steps::{
    add_test_recipient, confirm_start, counter, start_wizard_and_read, sync_templates, unsubscribed_openids,
    TEST_OPENID,
};
const ROWS: usize = 120;

/// 120 good rows, two users without a subscription, and one row whose 商品名称 is too long.
fn write_gbk_csv(path: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let unsubscribed = unsubscribed_openids();
    let mut text = String::from("openid,商品名称,快递单号\r\n");
    for i in 0..ROWS {
        text.push_str(&format!("oE2eCampaign{i:016},拿铁咖啡豆 {i} 号,SF{i:010}\r\n"));
    }
    for openid in &unsubscribed {
        text.push_str(&format!("{openid},摩卡咖啡豆,SF0000000001\r\n"));
    }
    text.push_str("oE2eCampaignTooLong00000001,这个商品名称实在太长了超过了二十个字的限制,SF1\r\n");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    std::fs::write(path, &gbk)?;
    Ok(unsubscribed)
}

#[test]
fn import_gbk_run_pause_resume_finish_then_review_the_log() -> anyhow::Result<()> {
    let desktop = Desktop::start()?;
    let csv = desktop.home.path().join("会员名单.csv");
    let unsubscribed = write_gbk_csv(&csv)?;
    let app = desktop.launch()?;

    sync_templates(&app)?;
    add_test_recipient(&app, TEST_OPENID, "运营手机")?;

    // Step 1: the file is read once into a draft; GBK is detected without a question.
    start_wizard_and_read(&app, "双十一发货提醒", &csv)?;
    let encoding = app.find("[data-testid=campaign-inspection-encoding]")?;
    assert_eq!(app.attribute(&encoding, "data-encoding")?.as_deref(), Some("gbk"));
    assert!(app.text(&encoding)?.contains("GBK"), "encoding shown: {}", app.text(&encoding)?);
    let rows = app.find("[data-testid=campaign-inspection-rows]")?;
    let read = ROWS + unsubscribed.len() + 1;
    assert_eq!(app.attribute(&rows, "data-value")?, Some(read.to_string()), "every data row is in the draft");
    app.wait_for_text("拿铁咖啡豆 0 号", Duration::from_secs(5))?;
    app.screenshot(&screenshot_dir().join("campaign-import-zh.png"))?;

    // Step 2: columns map by label; the rest are typed once for everyone.
    app.click_css("[data-testid=campaign-next]")?;
    app.find("[data-testid=campaign-report]")?;
    app.fill_css("[data-testid=campaign-value-phrase3]", "顺丰速运")?;
    app.fill_css("[data-testid=campaign-value-time4]", "2026-11-24 10:00")?;
    app.fill_css("[data-testid=campaign-value-amount5]", "￥89.00")?;
    app.fill_css("[data-testid=campaign-page]", "pages/order/detail")?;
    app.click_css("[data-testid=campaign-validate]")?;
    app.wait_for_attribute(
        "[data-testid=campaign-report-invalid]",
        "data-value",
        "1",
        Duration::from_secs(15),
    )?;
    let valid = app.find("[data-testid=campaign-report-valid]")?;
    assert_eq!(app.attribute(&valid, "data-value")?, Some((ROWS + unsubscribed.len()).to_string()));
    let problems = app.text(&app.find("[data-testid=campaign-problems]")?)?;
    // Rows as the spreadsheet numbers them: the header is row 1.
    assert!(problems.contains(&format!("{}", ROWS + unsubscribed.len() + 2)), "row number shown: {problems}");
    assert!(problems.contains("商品名称"), "column shown: {problems}");
    app.screenshot(&screenshot_dir().join("campaign-report-zh.png"))?;

    // Step 3: test send of the draft's first valid row, then the confirm step, then run.
    app.click_css("[data-testid=campaign-next]")?;
    app.fill_css("[data-testid=campaign-rate]", "30")?;
    app.click_css("[data-testid=campaign-test-send]")?;
    app.find("[data-testid=compose-result]")?;
    app.click_css("[data-testid=campaign-start]")?;
    let confirm = app.text(&app.find("[data-testid=campaign-confirm-count]")?)?;
    assert!(confirm.contains(&format!("{}", ROWS + unsubscribed.len())), "recipients in confirm: {confirm}");
    app.screenshot(&screenshot_dir().join("campaign-confirm-zh.png"))?;
    confirm_start(&app)?;

    // Pause mid-run, then resume to the end.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while counter(&app, "sent")? < 20 {
        anyhow::ensure!(std::time::Instant::now() < deadline, "the campaign never got going");
        std::thread::sleep(Duration::from_millis(200));
    }
    app.screenshot(&screenshot_dir().join("campaign-progress-zh.png"))?;
    app.click_css("[data-testid=campaign-pause]")?;
    app.wait_for_attribute(
        "[data-testid=campaign-status]",
        "data-status",
        "paused",
        Duration::from_secs(15),
    )?;
    let paused_at = counter(&app, "sent")?;
    assert!(paused_at < ROWS as u64, "paused before the end");
    app.click_css("[data-testid=campaign-resume]")?;
    app.wait_for_attribute(
        "[data-testid=campaign-status]",
        "data-status",
        "finished",
        Duration::from_secs(60),
    )?;
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(counter(&app, "sent")?, ROWS as u64);
    assert_eq!(counter(&app, "not-subscribed")?, unsubscribed.len() as u64);
    assert_eq!(counter(&app, "skipped")?, 1);
    assert_eq!(counter(&app, "remaining")?, 0);
    app.screenshot(&screenshot_dir().join("campaign-finished-zh.png"))?;
    app.click_css("[data-testid=nav-campaigns]")?;
    app.find("[data-testid=campaigns-table]")?;
    app.screenshot(&screenshot_dir().join("campaigns-list-zh.png"))?;

    super::sendlog::review(&app, &desktop, &unsubscribed)?;
    app.close()?;
    Ok(())
}
