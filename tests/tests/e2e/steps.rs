//! Steps several end-to-end tests take the same way.

use std::time::{Duration, Instant};

use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::demo_openids;
use pushdesk_tests::webdriver::Session;

/// A demo user with a subscription to every template.
pub const TEST_OPENID: &str = "oPtYgjmUhBel31iEl2hpChYgCfrL";

/// Demo users the sandbox answers 43101 for.
pub fn unsubscribed_openids() -> Vec<String> {
    demo_openids()
        .into_iter()
        .filter(|u| u.subscriptions.is_empty() && !u.other_app)
        .map(|u| u.openid)
        .collect()
}

/// Syncs the selected account's templates (the sandbox account on a fresh start).
pub fn sync_templates(app: &Session) -> anyhow::Result<()> {
    app.click_css("[data-testid=nav-templates]")?;
    app.click_css("[data-testid=templates-sync-empty], [data-testid=templates-sync]")?;
    app.wait_for_text("订单发货通知", Duration::from_secs(15))
}

/// Adds an account whose API base is a sandbox the test owns, waits for its connection test
/// (it is account `id`), and syncs its templates. Adding it selects it.
/// The id the first account a person adds gets: the sandbox's mini program is 1, its Official
/// Account 2.
pub const FIRST_ADDED_ACCOUNT: i64 = 3;

pub fn add_account_on(
    app: &Session,
    id: i64,
    name: &str,
    appid: &str,
    secret: &str,
    api_base: &str,
) -> anyhow::Result<()> {
    app.click_css("[data-testid=nav-accounts]")?;
    app.click_css("[data-testid=account-add], [data-testid=accounts-add-first]")?;
    app.fill_css("[data-testid=account-form-name]", name)?;
    app.fill_css("[data-testid=account-form-appid]", appid)?;
    app.fill_css("[data-testid=account-form-secret]", secret)?;
    app.click_css(".pd-advanced .ant-collapse-header")?;
    app.fill_css("[data-testid=account-form-api-base]", api_base)?;
    app.click_css("[data-testid=account-form-submit]")?;
    app.wait_for_attribute(
        &format!("[data-testid=account-test-result-{id}]"),
        "data-status",
        "ok",
        Duration::from_secs(20),
    )?;
    app.click_css("[data-testid=nav-templates]")?;
    app.click_css("[data-testid=templates-sync-empty], [data-testid=templates-sync]")?;
    app.wait_for_text("订单发货通知", Duration::from_secs(10))
}

/// Puts one openid on the account's test list, in Settings.
pub fn add_test_recipient(app: &Session, openid: &str, note: &str) -> anyhow::Result<()> {
    app.click_css("[data-testid=nav-settings]")?;
    app.fill_css("[data-testid=test-recipients-openid]", openid)?;
    app.fill_css("[data-testid=test-recipients-note]", note)?;
    app.click_css("[data-testid=test-recipients-add]")?;
    app.click_css("[data-testid=test-recipients-save]")?;
    app.find("[data-testid=test-recipients-saved]")?;
    Ok(())
}

/// The wizard's first step for the selected account: a name, 订单发货通知, the file typed as a
/// path, then 读取 — which reads it into a draft, or asks for its encoding.
pub fn start_wizard_and_read(app: &Session, name: &str, file: &std::path::Path) -> anyhow::Result<()> {
    app.click_css("[data-testid=nav-campaigns]")?;
    app.click_css("[data-testid=campaigns-new]")?;
    app.fill_css("[data-testid=campaign-name]", name)?;
    app.choose(
        "[data-testid=campaign-template]",
        &format!("[data-testid=campaign-template-option-{TPL_ORDER_SHIPPED}]"),
    )?;
    app.fill_css("[data-testid=campaign-file-path]", &file.display().to_string())?;
    app.click_css("[data-testid=campaign-inspect]")
}

/// From a read draft to the mapping step, with the order-shipped values every row shares typed
/// (the file has openid, 商品名称 and 快递单号); not validated yet.
pub fn map_with_shared_values(app: &Session) -> anyhow::Result<()> {
    app.find("[data-testid=campaign-inspection]")?;
    app.click_css("[data-testid=campaign-next]")?;
    app.find("[data-testid=campaign-report]")?;
    app.fill_css("[data-testid=campaign-value-phrase3]", "顺丰速运")?;
    app.fill_css("[data-testid=campaign-value-time4]", "2026-12-05 10:00")?;
    app.fill_css("[data-testid=campaign-value-amount5]", "￥32.00")
}

/// From a read draft to a running campaign: the automatic mapping (validated on entering the
/// step), the send step, the confirmation. Returns on the campaign's page.
pub fn map_and_start(app: &Session) -> anyhow::Result<()> {
    app.click_css("[data-testid=campaign-next]")?;
    app.find("[data-testid=campaign-report]")?;
    app.click_css("[data-testid=campaign-next]")?;
    app.click_css("[data-testid=campaign-start]")?;
    confirm_start(app)
}

/// Confirms the start in the wizard's dialog and waits for the campaign's page. A click that
/// lands while the dialog is still opening (it grows with the schedule's rows) can miss its
/// button: then the button is still there, and is clicked again (a start in progress shows it
/// loading, which ignores clicks).
pub fn confirm_start(app: &Session) -> anyhow::Result<()> {
    let ok = "[data-testid=campaign-confirm-ok]";
    app.click_css(ok)?;
    if app.wait_for("[data-testid=campaign-detail]", Duration::from_secs(5)).is_ok() {
        return Ok(());
    }
    if app.wait_for(ok, Duration::from_millis(200)).is_ok() {
        app.click_css(ok)?;
    }
    app.find("[data-testid=campaign-detail]").map(|_| ())
}

/// A counter of the campaign page (`sent`, `unknown`, `remaining`, …).
pub fn counter(app: &Session, name: &str) -> anyhow::Result<u64> {
    let el = app.find(&format!("[data-testid=campaign-counter-{name}]"))?;
    Ok(app.attribute(&el, "data-value")?.unwrap_or_default().parse().unwrap_or(0))
}

/// Waits until the campaign page shows `status`.
pub fn wait_for_status(app: &Session, status: &str, timeout: Duration) -> anyhow::Result<()> {
    app.wait_for_attribute("[data-testid=campaign-status]", "data-status", status, timeout)
}

/// Waits until the counter shows `value` (the page refetches the campaign after a run ends).
pub fn wait_for_counter(app: &Session, name: &str, value: u64, timeout: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + timeout;
    loop {
        let now = counter(app, name)?;
        if now == value {
            return Ok(());
        }
        anyhow::ensure!(Instant::now() < deadline, "counter {name} shows {now}, never {value}");
        std::thread::sleep(Duration::from_millis(200));
    }
}
