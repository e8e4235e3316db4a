//! The send log after a campaign: filter, export exactly the filter, open a detail and the
//! campaign's report.

use std::time::Duration;

use pushdesk_tests::desktop::{screenshot_dir, Desktop};
use pushdesk_tests::webdriver::Session;

fn wait_for_value(app: &Session, css: &str, ending: &str) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let value = app.script(&format!("return document.querySelector('{css}').value"), vec![])?;
        if value.as_str().is_some_and(|v| v.ends_with(ending)) {
            return Ok(());
        }
        anyhow::ensure!(std::time::Instant::now() < deadline, "{css} never got a value ending in {ending}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Called by the campaign test, which leaves a known log behind.
pub fn review(app: &Session, desktop: &Desktop, unsubscribed: &[String]) -> anyhow::Result<()> {
    app.click_css("[data-testid=nav-log]")?;
    app.find("[data-testid=log-table]")?;
    app.screenshot(&screenshot_dir().join("log-zh.png"))?;

    // Only the users without a subscription.
    app.click_css("[data-testid=log-status]")?;
    app.click_css("[data-testid=log-status-option-not_subscribed]")?;
    app.script("document.activeElement && document.activeElement.blur()", vec![])?;
    app.wait_for_text(&unsubscribed[0], Duration::from_secs(10))?;
    let totals = app.text(&app.find("[data-testid=log-totals]")?)?;
    assert!(totals.contains(&unsubscribed.len().to_string()), "{totals}");
    assert!(totals.contains("43101"), "{totals}");
    app.screenshot(&screenshot_dir().join("log-filtered-zh.png"))?;

    // Export exactly this filter.
    let out = desktop.home.path().join("not-subscribed.csv");
    app.click_css("[data-testid=log-export]")?;
    // The suggested path arrives from the backend; type ours once it has. A click while the
    // dialog is still opening can miss the CSV choice (a clean run once saw only .xlsx): once more.
    let csv = "label:has([data-testid=log-export-format-csv])";
    app.click_css(csv)?;
    if wait_for_value(app, "[data-testid=log-export-path]", ".csv").is_err() {
        app.click_css(csv)?;
        wait_for_value(app, "[data-testid=log-export-path]", ".csv")?;
    }
    app.fill_css("[data-testid=log-export-path]", &out.display().to_string())?;
    app.click_css("[data-testid=log-export-start]")?;
    app.find("[data-testid=log-export-done]")?;
    app.screenshot(&screenshot_dir().join("log-export-zh.png"))?;
    let text = std::fs::read_to_string(&out)?;
    assert!(text.starts_with('\u{feff}'));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + unsubscribed.len(), "header + the filtered rows:\n{text}");
    for openid in unsubscribed {
        assert!(text.contains(openid.as_str()));
    }

    // The same path again: the file exists, so the app asks before replacing it.
    app.click_css("[data-testid=log-export-start]")?;
    let question = app.text(&app.find("[data-testid=log-export-exists]")?)?;
    assert!(question.contains("已经存在，要替换它吗？"), "{question}");
    app.screenshot(&screenshot_dir().join("log-export-replace-zh.png"))?;
    std::fs::write(&out, "an older export")?;
    app.click_css("[data-testid=log-export-replace]")?;
    app.find("[data-testid=log-export-done]")?;
    let replaced = std::fs::read_to_string(&out)?;
    assert_eq!(replaced.lines().count(), 1 + unsubscribed.len(), "replaced by the export:\n{replaced}");
    app.click_css(".ant-modal-close")?;
    std::thread::sleep(Duration::from_millis(600));

    // A detail: the request as sent, without any token.
    app.click_css("tr[data-testid^=\"log-row-\"] > td")?;
    let detail = app.text(&app.find("[data-testid=log-detail]")?)?;
    assert!(detail.contains("43101"), "{detail}");
    let request = app.text(&app.find("[data-testid=log-detail-request]")?)?;
    assert!(request.contains("\"touser\""), "the request as sent: {request}");
    assert!(!request.contains("access_token"), "the token never reaches the webview: {request}");
    app.screenshot(&screenshot_dir().join("log-detail-zh.png"))?;

    // From the entry to its campaign's report.
    app.click_css("[data-testid=log-campaign-report]")?;
    app.find("[data-testid=campaign-report]")?;
    app.wait_for_text("双十一发货提醒", Duration::from_secs(10))?;
    app.screenshot(&screenshot_dir().join("campaign-report-page-zh.png"))?;
    Ok(())
}
