//! The Official Account's APIs against the sandbox: templates, followers page by page, tags,
//! and the template message with its answers.

use crate::wechat_support;

use std::collections::{BTreeMap, HashSet};

use pushdesk_core::secrets::Sensitive;
use pushdesk_core::template_sync::official_keywords;
use pushdesk_core::wechat::{
    ClientConfig, MiniprogramJump, TemplateMessage, TokenSource, WechatClient, FOLLOWERS_PAGE,
};
use pushdesk_sandbox::demo_official::{oa_follower_openid, OA_TPL_LEGACY_PAYMENT, OA_TPL_ORDER_SHIPPED};
use pushdesk_sandbox::{Sandbox, SandboxConfig, DEMO_APPID, DEMO_OA_APPID, DEMO_OA_SECRET};

fn official(sandbox: &Sandbox) -> WechatClient {
    let mut config = ClientConfig::new(
        DEMO_OA_APPID,
        TokenSource::Stable { secret: Sensitive::new(DEMO_OA_SECRET.to_owned()) },
    );
    config.api_base = sandbox.url();
    WechatClient::new(config).unwrap()
}

fn shipped(touser: &str, client_msg_id: &str) -> TemplateMessage {
    TemplateMessage {
        touser: touser.into(),
        template_id: OA_TPL_ORDER_SHIPPED.into(),
        url: None,
        miniprogram: None,
        data: BTreeMap::from([
            ("thing1".into(), "拿铁咖啡豆".into()),
            ("thing2".into(), "顺丰速运".into()),
            ("character_string3".into(), "SF1234567890".into()),
            ("time4".into(), "2026-12-05 10:00".into()),
        ]),
        client_msg_id: client_msg_id.into(),
    }
}

#[tokio::test]
async fn templates_keep_the_keywords_wechat_still_shows() {
    let sb = wechat_support::sandbox().await;
    let templates = official(&sb).get_official_templates().await.unwrap();
    let legacy = templates.iter().find(|t| t.template_id == OA_TPL_LEGACY_PAYMENT).unwrap();
    assert!(legacy.content.contains("{{first.DATA}}"));
    let keys: Vec<String> =
        official_keywords(&legacy.content, &legacy.example).into_iter().map(|k| k.key).collect();
    assert!(!keys.is_empty() && !keys.iter().any(|k| k == "first" || k == "remark"), "{keys:?}");
    let shipped = templates.iter().find(|t| t.template_id == OA_TPL_ORDER_SHIPPED).unwrap();
    assert!(!shipped.primary_industry.is_empty());
}

#[tokio::test]
async fn followers_come_page_by_page_each_once() {
    let total = FOLLOWERS_PAGE as u32 + 2_500;
    let sb = Sandbox::start(SandboxConfig { oa_followers: total, ..SandboxConfig::default() }).await.unwrap();
    let client = official(&sb);
    let first = client.get_followers(None).await.unwrap();
    assert_eq!(first.total, Some(u64::from(total)));
    assert_eq!(first.openids.len(), FOLLOWERS_PAGE);
    let next = first.next_openid.clone().expect("a full page names where the next one starts");
    let second = client.get_followers(Some(&next)).await.unwrap();
    assert_eq!(second.openids.len(), 2_500);
    assert_eq!(second.next_openid, None, "a short page is the last");
    let all: HashSet<String> = first.openids.into_iter().chain(second.openids).collect();
    assert_eq!(all.len(), total as usize, "nobody twice");
    assert!(all.contains(&oa_follower_openid(0)) && all.contains(&oa_follower_openid(total - 1)));
}

#[tokio::test]
async fn a_tag_lists_its_followers() {
    let sb = wechat_support::sandbox().await;
    let client = official(&sb);
    let tags = client.get_follower_tags().await.unwrap();
    let vip = tags.iter().find(|t| t.name == "VIP").expect("the demo account has a VIP tag");
    let page = client.get_tag_followers(&vip.id, None).await.unwrap();
    assert_eq!(page.openids.len() as u64, vip.count);
    assert!(page.openids.len() < 12_500);
    assert_eq!(page.next_openid, None);
}

#[tokio::test]
async fn a_template_message_opens_a_bound_mini_program_and_is_sent_once_per_client_msg_id() {
    let sb = wechat_support::sandbox().await;
    let client = official(&sb);
    let to = oa_follower_openid(1);
    let mut message = shipped(&to, "pd1t1r1");
    message.miniprogram =
        Some(MiniprogramJump { appid: DEMO_APPID.into(), pagepath: "pages/order/detail?id=7".into() });
    let receipt = client.send_template(&message).await.unwrap();
    assert!(receipt.msgid.is_some());
    let body: serde_json::Value = serde_json::from_str(&receipt.request_json_without_token).unwrap();
    assert_eq!(body["miniprogram"]["appid"], DEMO_APPID);
    assert_eq!(body["client_msg_id"], "pd1t1r1");
    assert_eq!(body["data"]["thing1"]["value"], "拿铁咖啡豆");

    client.send_template(&message).await.unwrap();
    assert_eq!(sb.accepted_per_openid().get(&to), Some(&1), "the repeat within 10 minutes was not sent");

    let mut unbound = shipped(&to, "pd1t1r2");
    unbound.miniprogram =
        Some(MiniprogramJump { appid: "wx9999999999999999".into(), pagepath: "pages/a".into() });
    assert_eq!(client.send_template(&unbound).await.unwrap_err().errcode(), Some(40165));
}
