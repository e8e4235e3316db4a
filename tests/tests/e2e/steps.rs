//! Steps several end-to-end tests take the same way.

use std::time::Duration;

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
