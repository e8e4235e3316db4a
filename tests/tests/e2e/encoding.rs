//! A Big5 CSV (Excel on Traditional Chinese Windows): read as GBK it would be garbage, and
//! nothing tells the two apart for sure, so the wizard shows the first rows read each way and
//! the user chooses. Chosen as Big5, the draft holds the right text and the campaign sends it.

use std::time::Duration;

use pushdesk_tests::desktop::{screenshot_dir, Desktop};

use crate::steps::{confirm_start, counter, start_wizard_and_read, sync_templates};

const ROWS: usize = 4;

/// Values in Traditional Chinese that Big5 encodes; the columns are the keyword keys.
fn write_big5_csv(path: &std::path::Path) -> anyhow::Result<()> {
    let goods = ["拿鐵咖啡", "美式咖啡", "焦糖瑪奇朵", "抹茶拿鐵"];
    let mut text = String::from("openid,thing1,character_string2,phrase3,time4,amount5\r\n");
    for (i, name) in goods.iter().enumerate() {
        text.push_str(&format!("oE2eBig5Row{i:017},{name},TW{i:08},已出貨,2026-11-24 10:00,32.00元\r\n"));
    }
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(&text);
    assert!(!unmappable, "every character has a Big5 code");
    std::fs::write(path, &big5)?;
    Ok(())
}

#[test]
fn a_big5_file_asks_for_its_encoding_and_reads_as_chosen() -> anyhow::Result<()> {
    let desktop = Desktop::start()?;
    let csv = desktop.home.path().join("台北門市會員.csv");
    write_big5_csv(&csv)?;
    let app = desktop.launch()?;
    sync_templates(&app)?;

    start_wizard_and_read(&app, "台北門市新品通知", &csv)?;
    let choice = app.find("[data-testid=campaign-encoding-choice]")?;
    let text = app.text(&choice)?;
    assert!(text.contains("台北門市會員.csv"), "names the file: {text}");
    // Each candidate with its label and its rows decoded that way; Big5 reads right.
    app.find("[data-testid=campaign-encoding-sample-big5]")?;
    let big5 = app
        .script(
            "return document.querySelector('[data-testid=campaign-encoding-sample-big5]').innerText",
            vec![],
        )?
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(big5.contains("拿鐵咖啡"), "Big5 sample: {big5}");
    assert!(big5.contains("thing1"), "the header is the sample's first row: {big5}");
    let samples = app.script(
        "return [...document.querySelectorAll('.pd-encoding-option')].map(e => [e.dataset.testid, e.innerText])",
        vec![],
    )?;
    let samples: Vec<(String, String)> = serde_json::from_value(samples)?;
    assert!(samples.len() >= 2, "more than one way to read it: {samples:?}");
    assert_eq!(samples[0].0, "campaign-encoding-big5", "Big5 is the most plausible");
    assert!(
        samples[1..].iter().all(|(_, text)| !text.contains("拿鐵咖啡")),
        "others read it wrong: {samples:?}"
    );

    // Nothing is read before the user chooses.
    let confirm = app.find("[data-testid=campaign-encoding-confirm]")?;
    assert!(app.attribute(&confirm, "disabled")?.is_some(), "confirming needs a choice");
    assert!(
        app.script("return document.querySelector('[data-testid=campaign-inspection]') === null", vec![])?
            .as_bool()
            == Some(true)
    );
    app.screenshot(&screenshot_dir().join("campaign-encoding-choice-zh.png"))?;

    app.click_css("[data-testid=campaign-encoding-big5]")?;
    app.wait_for_text("按 Big5 读取", Duration::from_secs(5))?;
    app.click_css("[data-testid=campaign-encoding-confirm]")?;
    let encoding = app.find("[data-testid=campaign-inspection-encoding]")?;
    assert_eq!(app.attribute(&encoding, "data-encoding")?.as_deref(), Some("big5"));
    app.wait_for_text("焦糖瑪奇朵", Duration::from_secs(5))?;
    let rows = app.find("[data-testid=campaign-inspection-rows]")?;
    assert_eq!(app.attribute(&rows, "data-value")?, Some(ROWS.to_string()));
    app.screenshot(&screenshot_dir().join("campaign-encoding-read-zh.png"))?;

    // And on: the preview shows the text as read, and the campaign sends every row.
    app.click_css("[data-testid=campaign-next]")?;
    let card = app.text(&app.find("[data-testid=wx-card-row-thing1]")?)?;
    assert!(card.contains("拿鐵咖啡"), "preview: {card}");
    app.wait_for_attribute(
        "[data-testid=campaign-report-valid]",
        "data-value",
        &ROWS.to_string(),
        Duration::from_secs(10),
    )?;
    app.click_css("[data-testid=campaign-next]")?;
    app.click_css("[data-testid=campaign-start]")?;
    confirm_start(&app)?;
    app.wait_for_attribute(
        "[data-testid=campaign-status]",
        "data-status",
        "finished",
        Duration::from_secs(60),
    )?;
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(counter(&app, "sent")?, ROWS as u64);
    app.close()?;
    Ok(())
}
