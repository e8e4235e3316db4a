//! Compose against the built-in sandbox: an invalid value is blocked with its reason, the fixed
//! message goes to a test openid, and a user without a subscription shows "not subscribed".

use std::time::Duration;

use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_tests::desktop::{screenshot_dir, Desktop};

use crate::steps::{add_test_recipient, sync_templates, unsubscribed_openids, TEST_OPENID};

#[test]
fn compose_block_fix_send_and_not_subscribed() -> anyhow::Result<()> {
    let unsubscribed = unsubscribed_openids().remove(0);
    let desktop = Desktop::start()?;
    let app = desktop.launch()?;

    sync_templates(&app)?;
    add_test_recipient(&app, TEST_OPENID, "小王的手机")?;

    app.click_css("[data-testid=nav-compose]")?;
    app.choose(
        "[data-testid=compose-template]",
        &format!("[data-testid=compose-template-option-{TPL_ORDER_SHIPPED}]"),
    )?;
    app.fill_css("[data-testid=compose-field-thing1]", "星巴克拿铁咖啡豆两百五十克装限时特惠装超值")?;
    app.fill_css("[data-testid=compose-field-character_string2]", "SF1402938475612")?;
    app.fill_css("[data-testid=compose-field-phrase3]", "顺丰速运")?;
    app.fill_css("[data-testid=compose-field-time4]", "2026-11-24 10:00")?;
    app.fill_css("[data-testid=compose-field-amount5]", "￥89.00")?;
    app.fill_css("[data-testid=compose-page]", "pages/order/detail?id=7")?;

    // 21 characters: the rule is named under the field and sending is impossible.
    let problem = app.find("[data-testid=compose-field-thing1-problem]")?;
    assert!(app.text(&problem)?.contains("20"), "{}", app.text(&problem)?);
    app.click_css("[data-testid=compose-target-test]")?;
    let send = app.find("[data-testid=compose-send]")?;
    assert!(app.attribute(&send, "disabled")?.is_some(), "send must be disabled while a value is invalid");
    app.screenshot(&screenshot_dir().join("compose-invalid-zh.png"))?;

    app.fill_css("[data-testid=compose-field-thing1]", "星巴克拿铁咖啡豆 250g")?;
    app.wait_for_attribute("[data-testid=compose-send]", "disabled", "", Duration::from_secs(1)).ok();
    std::thread::sleep(Duration::from_millis(500));
    app.click_css("[data-testid=compose-send]")?;
    app.wait_for_attribute(
        &format!("[data-testid=compose-result-{TEST_OPENID}]"),
        "data-state",
        "sent",
        Duration::from_secs(20),
    )?;
    let msgid = app.text(&app.find(&format!("[data-testid=compose-result-msgid-{TEST_OPENID}]"))?)?;
    assert!(msgid.trim().len() >= 19 && msgid.trim().chars().all(|c| c.is_ascii_digit()), "msgid {msgid:?}");
    app.script("document.querySelector('[data-testid=compose-result]').scrollIntoView()", vec![])?;
    app.screenshot(&screenshot_dir().join("compose-sent-zh.png"))?;

    // One user has no subscription left: not a failure, and the reason is explained.
    app.click_css("[data-testid=compose-target-single]")?;
    app.fill_css("[data-testid=compose-openid]", &unsubscribed)?;
    std::thread::sleep(Duration::from_millis(400));
    app.click_css("[data-testid=compose-send]")?;
    app.wait_for_attribute(
        &format!("[data-testid=compose-result-{unsubscribed}]"),
        "data-state",
        "not_subscribed",
        Duration::from_secs(20),
    )?;
    app.wait_for_text("订阅", Duration::from_secs(5))?;
    app.script("document.querySelector('[data-testid=compose-result]').scrollIntoView()", vec![])?;
    app.screenshot(&screenshot_dir().join("compose-not-subscribed-zh.png"))?;

    // English.
    app.click_css("[data-testid=nav-settings]")?;
    app.click_css("[data-testid=settings-language-en]")?;
    app.click_css("[data-testid=nav-compose]")?;
    app.find("[data-testid=compose-preview]")?;
    app.screenshot(&screenshot_dir().join("compose-en.png"))?;
    app.click_css("[data-testid=nav-settings]")?;
    app.click_css("[data-testid=settings-language-zh]")?;
    app.close()?;

    // The draft survives a restart.
    let app = desktop.launch()?;
    app.click_css("[data-testid=nav-compose]")?;
    app.wait_for_attribute(
        "[data-testid=compose-field-phrase3]",
        "value",
        "顺丰速运",
        Duration::from_secs(10),
    )?;
    app.close()?;
    Ok(())
}
