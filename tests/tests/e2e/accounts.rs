//! Accounts and templates: connect a mini program (a sandbox the test starts), test it, sync
//! its templates; everything survives a restart and the AppSecret is only in the keyring.

use std::time::Duration;

use pushdesk_core::paths;
use pushdesk_core::secrets::SecretStore;
use pushdesk_sandbox::{Sandbox, SandboxConfig};
use pushdesk_tests::desktop::{screenshot_dir, Desktop};
use pushdesk_tests::files::assert_absent_from_files;

use crate::steps::FIRST_ADDED_ACCOUNT;

const APPID: &str = "wxe2eaccount000001";
const SECRET: &str = "e2e-secret-7f3a9c1d5b2e8f40a6c3";

#[test]
fn connect_test_sync_and_restart() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let sandbox = runtime.block_on(Sandbox::start(SandboxConfig {
        apps: vec![(APPID.into(), SECRET.into())],
        ..SandboxConfig::default()
    }))?;
    let desktop = Desktop::start()?;
    let app = desktop.launch()?;

    app.click_css("[data-testid=nav-accounts]")?;
    app.click_css("[data-testid=account-add], [data-testid=accounts-add-first]")?;
    app.fill_css("[data-testid=account-form-name]", "门店小程序")?;
    app.fill_css("[data-testid=account-form-appid]", APPID)?;
    app.fill_css("[data-testid=account-form-secret]", SECRET)?;
    app.click_css(".pd-advanced .ant-collapse-header")?;
    app.fill_css("[data-testid=account-form-api-base]", &sandbox.url())?;
    app.screenshot(&screenshot_dir().join("account-form-zh.png"))?;
    app.click_css("[data-testid=account-form-submit]")?;

    // Adding runs the connection test at once; the sandbox's accounts are 1 and 2.
    app.wait_for_attribute(
        &format!("[data-testid=account-test-result-{FIRST_ADDED_ACCOUNT}]"),
        "data-status",
        "ok",
        Duration::from_secs(20),
    )?;
    app.wait_for_text("连接成功", Duration::from_secs(5))?;
    app.screenshot(&screenshot_dir().join("accounts-connected-zh.png"))?;

    app.click_css("[data-testid=nav-templates]")?;
    app.click_css("[data-testid=templates-sync-empty], [data-testid=templates-sync]")?;
    app.find("[data-testid=templates-sync-summary]")?;
    app.wait_for_text("订单发货通知", Duration::from_secs(10))?;
    app.wait_for_text("预约成功通知", Duration::from_secs(5))?;
    app.screenshot(&screenshot_dir().join("templates-synced-zh.png"))?;
    app.close()?;

    // After a restart the account and its cached templates are still there.
    let app = desktop.launch()?;
    app.click_css("[data-testid=nav-accounts]")?;
    app.wait_for_text("门店小程序", Duration::from_secs(10))?;
    app.click_css("[data-testid=nav-templates]")?;
    app.wait_for_text("订单发货通知", Duration::from_secs(10))?;

    // English screenshots of both pages.
    app.click_css("[data-testid=nav-settings]")?;
    app.click_css("[data-testid=settings-language-en]")?;
    app.click_css("[data-testid=nav-accounts]")?;
    app.wait_for_text("Test connection", Duration::from_secs(10))?;
    app.screenshot(&screenshot_dir().join("accounts-connected-en.png"))?;
    app.click_css("[data-testid=nav-templates]")?;
    app.wait_for_text("订单发货通知", Duration::from_secs(10))?;
    app.screenshot(&screenshot_dir().join("templates-synced-en.png"))?;
    app.click_css("[data-testid=nav-settings]")?;
    app.click_css("[data-testid=settings-language-zh]")?;
    app.close()?;

    // The secret went to the keyring, and nowhere into the data directory or its logs.
    assert!(SecretStore::new(paths::identifier()).contains(APPID)?);
    assert_absent_from_files(&desktop.data_dir(), SECRET);
    SecretStore::new(paths::identifier()).delete(APPID)?;
    Ok(())
}
