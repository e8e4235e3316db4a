//! The app frame: every page opens, the language switches and is remembered across restarts.

use std::time::Duration;

use pushdesk_tests::desktop::{screenshot_dir, Desktop};
use pushdesk_tests::webdriver::Session;

const PAGES: [&str; 9] = [
    "dashboard",
    "accounts",
    "templates",
    "compose",
    "campaigns",
    "log",
    "ledger",
    "suppression",
    "settings",
];

fn visit_every_page(app: &Session, lang: &str) -> anyhow::Result<()> {
    for page in PAGES {
        app.click_css(&format!("[data-testid=nav-{page}]"))?;
        app.find(&format!("[data-testid=page-{page}]"))?;
        app.screenshot(&screenshot_dir().join(format!("{page}-{lang}.png")))?;
        // Issue 18: labels cut at 1280 px ("Show the sandbox accou", "Error co…").
        let cut = app.cut_labels()?;
        assert!(cut.is_empty(), "{page} ({lang}) cuts {cut:?}");
    }
    Ok(())
}

fn switch_language(app: &Session, lang: &str) -> anyhow::Result<()> {
    app.click_css("[data-testid=nav-settings]")?;
    app.click_css(&format!("[data-testid=settings-language-{lang}]"))?;
    Ok(())
}

#[test]
fn every_page_opens_and_the_language_is_remembered() -> anyhow::Result<()> {
    let desktop = Desktop::start()?;
    let app = desktop.launch()?;

    // A new user sees Chinese first, with the navigation in Chinese.
    app.wait_for_text("日志", Duration::from_secs(10))?;
    visit_every_page(&app, "zh")?;

    // Settings shows the data directory the backend really uses.
    app.click_css("[data-testid=nav-settings]")?;
    let data_dir = app.text(&app.find("[data-testid=about-data-dir]")?)?;
    assert_eq!(data_dir.trim(), desktop.data_dir().display().to_string());

    switch_language(&app, "en")?;
    app.wait_for_text("Send log", Duration::from_secs(10))?;
    visit_every_page(&app, "en")?;
    app.close()?;

    // After a restart the app is still in English.
    let app = desktop.launch()?;
    app.wait_for_text("Send log", Duration::from_secs(10))?;
    assert!(!app.page_text()?.contains("日志"), "the navigation should still be in English");

    // And back to Chinese, which also survives a restart.
    switch_language(&app, "zh")?;
    app.wait_for_text("日志", Duration::from_secs(10))?;
    app.close()?;
    let app = desktop.launch()?;
    app.wait_for_text("日志", Duration::from_secs(10))?;
    app.close()?;

    // The store is a real SQLite file in the isolated data directory.
    assert!(desktop.data_dir().join("pushdesk.sqlite3").exists());
    Ok(())
}
