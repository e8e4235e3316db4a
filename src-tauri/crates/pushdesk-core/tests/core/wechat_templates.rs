//! Template management and quota APIs against the sandbox.

use crate::wechat_support;

use pushdesk_core::wechat::{WechatError, MAX_TITLES_PAGE};
use pushdesk_sandbox::demo::{TPL_BOOKING_CONFIRMED, TPL_STORE_NOTICE};
use wechat_support::*;

#[tokio::test]
async fn private_templates_with_enum_values() {
    let sb = sandbox().await;
    let templates = client(&sb).get_templates().await.unwrap();
    assert!(templates.len() >= 8, "{}", templates.len());
    let booking = templates.iter().find(|t| t.pri_tmpl_id == TPL_BOOKING_CONFIRMED).unwrap();
    assert!(!booking.keyword_enum_value_list.is_empty());
    assert!(booking.keyword_enum_value_list[0].keyword_code.starts_with("enum_string"));
    assert!(!booking.keyword_enum_value_list[0].enum_value_list.is_empty());
    assert_eq!(booking.kind, 2);
    let store = templates.iter().find(|t| t.pri_tmpl_id == TPL_STORE_NOTICE).unwrap();
    assert!(store.content.is_empty(), "new-style template without content");
    assert!(templates.iter().any(|t| t.is_long_term()));
}

#[tokio::test]
async fn public_library_add_and_delete() {
    let sb = sandbox().await;
    let client = client(&sb);
    let categories = client.get_categories().await.unwrap();
    assert!(!categories.is_empty());
    let ids: Vec<String> = categories.iter().map(|c| c.id.clone()).collect();

    let page = client.get_pub_template_titles(&ids, 0, MAX_TITLES_PAGE).await.unwrap();
    assert!(page.count > 0 && !page.data.is_empty());
    let tid = page.data[0].tid.clone();

    let keywords = client.get_pub_template_keywords(&tid).await.unwrap();
    assert!(keywords.len() >= 2);
    assert!(!keywords[0].rule.is_empty());

    let kids: Vec<i64> = keywords.iter().take(2).map(|k| k.kid).collect();
    let new_id = client.add_template(&tid, &kids, "测试场景").await.unwrap();
    assert!(!new_id.is_empty());
    assert!(client.get_templates().await.unwrap().iter().any(|t| t.pri_tmpl_id == new_id));
    client.delete_template(&new_id).await.unwrap();
    assert!(!client.get_templates().await.unwrap().iter().any(|t| t.pri_tmpl_id == new_id));
}

#[tokio::test]
async fn arguments_are_checked_locally() {
    let sb = sandbox().await;
    let client = client(&sb);
    let err = client.get_pub_template_titles(&["1".into()], 0, 31).await.unwrap_err();
    assert!(matches!(err, WechatError::InvalidArgument(_)));
    let err = client.add_template("1", &[1], "x").await.unwrap_err();
    assert!(matches!(err, WechatError::InvalidArgument(_)));
    let err = client.add_template("1", &[1, 2], "这是一个超过十五个字符的场景描述文字").await.unwrap_err();
    assert!(matches!(err, WechatError::InvalidArgument(_)));
    assert_eq!(sb.stats().stable_token_requests, 0, "nothing was sent");
}

#[tokio::test]
async fn quota_of_subscribe_send() {
    let sb = sandbox().await;
    let client = client(&sb);
    client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    let quota = client.get_quota("/cgi-bin/message/subscribe/send").await.unwrap();
    assert!(quota.daily_limit > 0);
    assert_eq!(quota.used, 1);
    assert_eq!(quota.remain, quota.daily_limit - 1);
}
