//! Team mode (issue 17): two desks on one PostgreSQL store. Li, an author, joins the team in
//! Settings → 团队 and makes a campaign above the team's approval threshold: it waits. Wang, a
//! sender on another desk, sees the same confirm page, approves it and sends it; the audit page
//! names each of them.

use std::time::Duration;

use pushdesk_core::connections::Connections;
use pushdesk_core::desk::Desk;
use pushdesk_core::model::TeamRole;
use pushdesk_core::secrets::{SecretStore, Sensitive};
use pushdesk_core::store::testing::fresh_schema_url;
use pushdesk_core::store::StoreAddress;
use pushdesk_tests::desktop::{screenshot_dir, Desktop};
use pushdesk_tests::webdriver::Session;

use crate::steps::{map_with_shared_values, start_wizard_and_read, sync_templates, wait_for_status};

/// The test server trusts loopback: any password signs in, and none is checked here.
const PASSWORD: &str = "e2e-team-password";
const RECIPIENTS: usize = 3;
const THRESHOLD: u32 = 2;

/// A fresh schema on the test server set up as its owner would: the sandbox's accounts, the
/// team's roles, a threshold of two recipients, and the logins of li (author) and wang
/// (sender). Returns the server's address as a person types it (no login in it) and the logins.
fn team_store(owner_dir: &std::path::Path) -> anyhow::Result<(String, String, String)> {
    let url = fresh_schema_url();
    let address = StoreAddress::shared(owner_dir, &Sensitive::new(url.clone()))?;
    let connections = Connections::new(SecretStore::new("pushdesk-e2e-team-owner"), None);
    let owner = Desk::open_at(address, connections, &pushdesk_sandbox::sandbox_accounts())?.desk;
    // Logins are the server's, shared by every test run on it: names of this run's own.
    let (li, wang) = (format!("li_{}", std::process::id()), format!("wang_{}", std::process::id()));
    let password = || Some(Sensitive::new(PASSWORD.to_string()));
    tokio::runtime::Runtime::new()?.block_on(async {
        owner.init_team().await?;
        owner.set_approval_threshold(THRESHOLD).await?;
        owner.add_to_team(li.clone(), TeamRole::Author, password()).await?;
        owner.add_to_team(wang.clone(), TeamRole::Sender, password()).await
    })?;
    let server = url.replacen("postgres://pushdesk@", "postgres://", 1);
    Ok((server, li, wang))
}

/// Settings → 团队: the server, the login and the password; then the app starts again on the
/// team's store (a new session of the same desk).
fn join(desktop: &Desktop, app: Session, server: &str, login: &str, shot: &str) -> anyhow::Result<Session> {
    app.click_css("[data-testid=nav-settings]")?;
    app.fill_css("[data-testid=team-server]", server)?;
    app.fill_css("[data-testid=team-login]", login)?;
    app.fill_css("[data-testid=team-password]", PASSWORD)?;
    app.click_css("[data-testid=team-join]")?;
    app.wait_for("[data-testid=team-joined]", Duration::from_secs(20))?;
    app.script("document.querySelector('[data-testid=team-card]').scrollIntoView()", vec![])?;
    app.screenshot(&screenshot_dir().join(shot))?;
    app.close()?;
    let app = desktop.launch()?;
    app.click_css("[data-testid=nav-settings]")?;
    app.wait_for_text(login, Duration::from_secs(10))?;
    Ok(app)
}

#[test]
fn an_author_makes_a_campaign_above_the_threshold_another_sender_approves_and_sends_it() -> anyhow::Result<()>
{
    let owner_dir = tempfile::tempdir()?;
    let (server, li, wang) = team_store(owner_dir.path())?;
    let shots = |name: &str| screenshot_dir().join(name);

    // Li's desk: an author. She makes the campaign; it waits for another sender.
    let li_desk = Desktop::start()?;
    let csv = li_desk.home.path().join("双十一会员.csv");
    let mut text = String::from("openid,商品名称,快递单号\n");
    for i in 0..RECIPIENTS {
        text.push_str(&format!("oE2eTeam{i:020},拿铁咖啡豆 {i} 号,SF{i:010}\n"));
    }
    std::fs::write(&csv, text)?;
    let app = join(&li_desk, li_desk.launch()?, &server, &li, "team-settings-joined-zh.png")?;
    assert!(app.page_text()?.contains("作者"), "li's role is shown");
    sync_templates(&app)?;
    start_wizard_and_read(&app, "双十一会员通知", &csv)?;
    map_with_shared_values(&app)?;
    app.click_css("[data-testid=campaign-validate]")?;
    app.click_css("[data-testid=campaign-next]")?;
    app.click_css("[data-testid=campaign-start]")?;
    crate::steps::confirm_start(&app)?;
    app.find("[data-testid=approval-panel]")?;
    wait_for_status(&app, "ready", Duration::from_secs(10))?;
    let no_approve =
        app.script("return document.querySelector('[data-testid=approve-campaign]') === null", vec![])?;
    assert_eq!(no_approve, serde_json::Value::Bool(true), "nobody approves their own campaign");
    app.script("document.querySelector('[data-testid=campaign-detail]').scrollIntoView()", vec![])?;
    app.screenshot(&shots("team-approval-waiting-author-zh.png"))?;
    app.close()?;
    drop(li_desk);

    // Wang's desk: a sender. The same confirm page, his approval, the send.
    let wang_desk = Desktop::start()?;
    let app = join(&wang_desk, wang_desk.launch()?, &server, &wang, "team-settings-sender-zh.png")?;
    app.click_css("[data-testid=nav-campaigns]")?;
    app.find("[data-testid=approval-waiting-tag]")?;
    app.click_css("[data-testid=campaign-row-1] > td")?;
    app.find("[data-testid=approval-panel]")?;
    app.wait_for_text("双十一会员通知", Duration::from_secs(10))?;
    app.screenshot(&shots("team-approval-panel-sender-zh.png"))?;
    app.click_css("[data-testid=approve-campaign]")?;
    app.click_css("[data-testid=approve-campaign-ok]")?;
    app.wait_for_text(&format!("已由 {wang} 批准"), Duration::from_secs(10))?;
    app.click_css("[data-testid=campaign-start]")?;
    app.click_css("[data-testid=campaign-start-ok]")?;
    wait_for_status(&app, "finished", Duration::from_secs(60))?;
    app.screenshot(&shots("team-campaign-sent-zh.png"))?;

    // The audit page: who made, approved and started it, from which desk.
    app.click_css("[data-testid=nav-audit]")?;
    app.find("[data-testid=audit-table]")?;
    app.wait_for_text("批准任务", Duration::from_secs(10))?;
    let page = app.page_text()?;
    for said in ["创建任务", "批准任务", "开始发送", "设置成员角色", li.as_str(), wang.as_str()]
    {
        assert!(page.contains(said), "the audit page shows {said}: {page}");
    }
    app.screenshot(&shots("team-audit-zh.png"))?;
    app.close()
}
