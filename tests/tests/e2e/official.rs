//! An Official Account in the app (issue 16): the sandbox's 服务号 ready on a fresh start, its
//! templates synced, a template message composed with the card preview and sent to one follower,
//! then a campaign to the followers with two tags, fetched from WeChat in the wizard; the
//! campaign and the log say it was a template message, and the audit trail (issue 17) who did it.

use std::time::Duration;

use pushdesk_sandbox::demo_official::{
    oa_follower_has_tag, oa_follower_openid, OA_DEFAULT_FOLLOWERS, OA_TAG_BEIJING, OA_TAG_VIP,
    OA_TPL_ORDER_SHIPPED,
};
use pushdesk_sandbox::DEMO_APPID;
use pushdesk_tests::desktop::{screenshot_dir, Desktop};
use pushdesk_tests::webdriver::Session;

use crate::steps::{confirm_start, counter, wait_for_status};

const ESCAPE: &str = "\u{E00C}";

/// The sandbox's Official Account: the second account on a fresh start.
const OFFICIAL_ACCOUNT: i64 = 2;

fn shots(name: &str) -> std::path::PathBuf {
    screenshot_dir().join(name)
}

/// Followers with both VIP and 北京.
fn vip_in_beijing() -> u64 {
    let has = |i: u32, tag: u32| oa_follower_has_tag(tag, i, OA_DEFAULT_FOLLOWERS);
    (0..OA_DEFAULT_FOLLOWERS).filter(|i| has(*i, OA_TAG_VIP) && has(*i, OA_TAG_BEIJING)).count() as u64
}

fn fill_shipped_values(app: &Session, prefix: &str) -> anyhow::Result<()> {
    app.fill_css(&format!("[data-testid={prefix}-thing1]"), "拿铁咖啡豆 250g")?;
    app.fill_css(&format!("[data-testid={prefix}-thing2]"), "顺丰速运")?;
    app.fill_css(&format!("[data-testid={prefix}-character_string3]"), "SF1402938475612")?;
    app.fill_css(&format!("[data-testid={prefix}-time4]"), "2026-12-05 10:00")
}

#[test]
fn a_template_message_to_followers_with_two_tags() -> anyhow::Result<()> {
    let desktop = Desktop::start()?;
    let app = desktop.launch()?;

    // The 服务号 is there from the start, connected; its templates sync like a mini program's.
    app.click_css("[data-testid=nav-accounts]")?;
    app.click_css(&format!("[data-testid=account-test-{OFFICIAL_ACCOUNT}]"))?;
    app.wait_for_attribute(
        &format!("[data-testid=account-test-result-{OFFICIAL_ACCOUNT}]"),
        "data-status",
        "ok",
        Duration::from_secs(20),
    )?;
    app.choose(
        "[data-testid=account-switcher]",
        &format!("[data-testid=account-option-{OFFICIAL_ACCOUNT}]"),
    )?;
    app.click_css("[data-testid=nav-templates]")?;
    app.click_css("[data-testid=templates-sync-empty], [data-testid=templates-sync]")?;
    app.wait_for_text("订单发货提醒", Duration::from_secs(10))?;
    app.wait_for_text("支付成功通知", Duration::from_secs(5))?;
    app.screenshot(&shots("official-templates-zh.png"))?;

    // Compose: the card opens a page of the bound mini program.
    app.click_css("[data-testid=nav-compose]")?;
    app.choose(
        "[data-testid=compose-template]",
        &format!("[data-testid=compose-template-option-{OA_TPL_ORDER_SHIPPED}]"),
    )?;
    fill_shipped_values(&app, "compose-field")?;
    app.click_css("[data-testid=compose-jump-mini_program]")?;
    app.choose(
        "[data-testid=compose-mp-appid]",
        &format!("[data-testid=compose-mp-appid-option-{DEMO_APPID}]"),
    )?;
    app.fill_css("[data-testid=compose-page]", "pages/order/detail?id=7")?;
    let card = app.text(&app.find("[data-testid=wx-chat][data-channel=template_message]")?)?;
    assert!(card.contains("订单发货提醒") && card.contains("进入小程序查看"), "{card}");
    app.click_css("[data-testid=compose-target-single]")?;
    let follower = oa_follower_openid(1);
    app.fill_css("[data-testid=compose-openid]", &follower)?;
    std::thread::sleep(Duration::from_millis(400));
    app.click_css("[data-testid=compose-send]")?;
    app.wait_for_attribute(
        &format!("[data-testid=compose-result-{follower}]"),
        "data-state",
        "sent",
        Duration::from_secs(20),
    )?;
    app.screenshot(&shots("official-compose-zh.png"))?;

    // A campaign to the followers with both tags, fetched in the wizard.
    app.click_css("[data-testid=nav-campaigns]")?;
    app.click_css("[data-testid=campaigns-new]")?;
    app.fill_css("[data-testid=campaign-name]", "北京 VIP 发货提醒")?;
    app.choose(
        "[data-testid=campaign-template]",
        &format!("[data-testid=campaign-template-option-{OA_TPL_ORDER_SHIPPED}]"),
    )?;
    app.click_css("[data-testid=audience-followers]")?;
    app.click_css("label:has([data-testid=followers-by-tags])")?;
    app.click_css("[data-testid=followers-tags]")?;
    app.click_css("[data-testid=followers-tag-option-100]")?;
    app.click_css("[data-testid=followers-tag-option-101]")?;
    // Escape closes the tag list, as a person would.
    let select = app.find("#followers-tags-select")?;
    app.type_text(&select, ESCAPE)?;
    app.click_css("label:has([data-testid=followers-match-all])")?;
    app.screenshot(&shots("official-followers-zh.png"))?;
    app.click_css("[data-testid=followers-fetch]")?;
    app.find("[data-testid=campaign-inspection]")?;
    let expected = vip_in_beijing();
    app.wait_for_text(&expected.to_string(), Duration::from_secs(10))?;
    app.click_css("[data-testid=campaign-next]")?;
    app.find("[data-testid=campaign-report]")?;
    fill_shipped_values(&app, "campaign-value")?;
    app.click_css("[data-testid=campaign-validate]")?;
    app.wait_for_attribute(
        "[data-testid=campaign-report-valid]",
        "data-value",
        &expected.to_string(),
        Duration::from_secs(15),
    )?;
    app.click_css("[data-testid=campaign-next]")?;
    app.fill_css("[data-testid=campaign-rate]", "200")?;
    app.click_css("[data-testid=campaign-start]")?;
    confirm_start(&app)?;
    wait_for_status(&app, "finished", Duration::from_secs(90))?;
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(counter(&app, "sent")?, expected);
    app.screenshot(&shots("official-campaign-zh.png"))?;

    // The log tells template messages apart.
    app.click_css("[data-testid=nav-log]")?;
    app.find("[data-testid=log-table]")?;
    app.choose("[data-testid=log-channel]", "[data-testid=log-channel-option-template_message]")?;
    app.script("document.activeElement && document.activeElement.blur()", vec![])?;
    app.wait_for_text("模板消息", Duration::from_secs(10))?;
    app.screenshot(&shots("official-log-zh.png"))?;

    // The audit trail: the sync, the campaign made and started, by this desk's user.
    app.click_css("[data-testid=nav-audit]")?;
    app.find("[data-testid=audit-table]")?;
    app.wait_for_text("开始发送", Duration::from_secs(10))?;
    app.wait_for_text("同步模板", Duration::from_secs(10))?;
    app.screenshot(&shots("audit-zh.png"))?;

    // English: the compose card and the log.
    app.click_css("[data-testid=nav-settings]")?;
    app.click_css("[data-testid=settings-language-en]")?;
    app.click_css("[data-testid=nav-compose]")?;
    app.find("[data-testid=wx-chat][data-channel=template_message]")?;
    app.screenshot(&shots("official-compose-en.png"))?;
    app.click_css("[data-testid=nav-log]")?;
    app.wait_for_text("Template message", Duration::from_secs(10))?;
    app.screenshot(&shots("official-log-en.png"))?;
    app.click_css("[data-testid=nav-audit]")?;
    app.wait_for_text("Campaign started", Duration::from_secs(10))?;
    app.screenshot(&shots("audit-en.png"))?;
    app.click_css("[data-testid=nav-settings]")?;
    app.click_css("[data-testid=settings-language-zh]")?;
    app.close()
}
