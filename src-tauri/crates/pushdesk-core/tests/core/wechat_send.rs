//! Subscribe send against the sandbox over loopback HTTP: receipts, and every errcode of
//! shared/wechat-api.md §7 classified as the catalogue says.

use crate::wechat_support;

use pushdesk_core::wechat::{classify, Failure, OutcomeClass, RetryDelay, WechatError};
use pushdesk_sandbox::Fault;
use wechat_support::*;

#[tokio::test]
async fn accepted_send_returns_exact_msgid_rid_and_bodies() {
    let sb = sandbox().await;
    let client = client(&sb);
    let receipt = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();

    let msgid = receipt.msgid.clone().expect("msgid");
    let n: u64 = msgid.parse().unwrap();
    assert!(n > (1u64 << 53), "sandbox msgids are above 2^53: {msgid}");
    // The digits match the response body exactly: nothing went through f64.
    assert!(receipt.response_json.contains(&format!("\"msgid\":{msgid}")), "{}", receipt.response_json);

    let sent: serde_json::Value = serde_json::from_str(&receipt.request_json_without_token).unwrap();
    assert_eq!(sent["miniprogram_state"], "formal");
    assert_eq!(sent["lang"], "zh_CN");
    assert_eq!(sent["data"]["thing1"]["value"], "拿铁咖啡豆 250g");
    assert!(!receipt.request_json_without_token.contains("access_token"));
    assert_eq!(sb.stats().accepted, 1);
}

async fn send_with_fault(fault: Fault) -> WechatError {
    let sb = sandbox().await;
    let client = client(&sb);
    client.ensure_token().await.unwrap();
    sb.control().queue_fault(fault, 1);
    client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err()
}

fn assert_api(err: &WechatError, code: i64, class: OutcomeClass) {
    match err {
        WechatError::Api { errcode, rid, .. } => {
            assert_eq!(*errcode, code, "{err}");
            let rid = rid.as_deref().expect("rid parsed");
            assert_eq!(rid.split('-').count(), 3, "{rid}");
        }
        other => panic!("expected errcode {code}, got {other:?}"),
    }
    assert_eq!(err.failure(), Failure::Errcode(code));
    assert_eq!(err.class(), class, "{code}");
    assert!(!err.is_transport());
}

#[tokio::test]
async fn natural_errcodes_from_the_sandbox() {
    let sb = sandbox().await;
    let client = client(&sb);

    let err = client.send_subscribe(&message(FOREIGN)).await.unwrap_err();
    assert_api(&err, 40003, OutcomeClass::RowFailed);

    let err = client.send_subscribe(&message(NEVER_SUBSCRIBED)).await.unwrap_err();
    assert_api(&err, 43101, OutcomeClass::NotSubscribed);

    let mut bad_template = message(SUBSCRIBED);
    bad_template.template_id = "no-such-template".into();
    let err = client.send_subscribe(&bad_template).await.unwrap_err();
    assert_api(&err, 40037, OutcomeClass::StopCampaign);

    let mut bad_page = message(SUBSCRIBED);
    bad_page.page = Some("pages/nowhere/index".into());
    let err = client.send_subscribe(&bad_page).await.unwrap_err();
    assert_api(&err, 41030, OutcomeClass::StopCampaign);

    let mut empty = message(SUBSCRIBED);
    empty.data.insert("thing1".into(), String::new());
    let err = client.send_subscribe(&empty).await.unwrap_err();
    assert_api(&err, 47003, OutcomeClass::RowFailed);
    assert_eq!(err.catalogue_entry().detail.as_deref(), Some("thing1"), "{err}");

    // None of the refused sends consumed a subscription or was accepted.
    assert_eq!(sb.stats().accepted, 0);
}

#[tokio::test]
async fn injected_errcodes_are_classified_per_the_table() {
    let cases: [(i64, OutcomeClass); 12] = [
        (-1, OutcomeClass::Retry),
        (40164, OutcomeClass::StopCampaign),
        (61004, OutcomeClass::StopCampaign),
        (43107, OutcomeClass::StopCampaign),
        (43108, OutcomeClass::Retry),
        (45009, OutcomeClass::PauseCampaign),
        (45011, OutcomeClass::Retry),
        (45168, OutcomeClass::RowFailed),
        (47001, OutcomeClass::RowFailed),
        (48001, OutcomeClass::StopCampaign),
        (45109, OutcomeClass::StopCampaign),
        (99999, OutcomeClass::RowFailed),
    ];
    let sb = sandbox().await;
    let client = client(&sb);
    client.ensure_token().await.unwrap();
    for (code, class) in cases {
        sb.control().queue_fault(Fault::Errcode(code), 1);
        let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
        assert_api(&err, code, class);
    }
    assert_eq!(classify(&Failure::Errcode(45011)).retry, Some(RetryDelay::NextMinute));
    // Unknown codes keep WeChat's words.
    assert!(classify(&Failure::Errcode(99999)).explanation.title_en.contains("99999"));
    assert_eq!(sb.stats().accepted, 0);
}

#[tokio::test]
async fn system_busy_is_retryable() {
    let err = send_with_fault(Fault::SystemBusy).await;
    assert_api(&err, -1, OutcomeClass::Retry);
}

#[tokio::test]
async fn whitelist_error_explains_the_fix() {
    let err = send_with_fault(Fault::Errcode(40164)).await;
    let entry = err.catalogue_entry();
    assert_eq!(entry.class, OutcomeClass::StopCampaign);
    assert!(entry.explanation.action_zh.contains("IP白名单"));
    assert!(entry.explanation.action_en.contains("external token source"));
}

#[tokio::test]
async fn quota_limits_from_the_sandbox() {
    let sb = sandbox().await;
    let c = client(&sb);
    sb.control().set_limits(Some(1), None);
    c.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    let err = c.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert_api(&err, 45011, OutcomeClass::Retry);

    let sb = sandbox().await;
    let c = client(&sb);
    sb.control().set_limits(None, Some(1));
    c.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    let err = c.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert_api(&err, 45009, OutcomeClass::PauseCampaign);
}

#[tokio::test]
async fn concurrent_sends_to_one_openid_get_43108() {
    let sb = sandbox().await;
    sb.control().set_latency(std::time::Duration::from_millis(300));
    let client = client(&sb);
    client.ensure_token().await.unwrap();
    let msg = message(SUBSCRIBED);
    let (a, b) = tokio::join!(client.send_subscribe(&msg), client.send_subscribe(&msg));
    let errs: Vec<_> = [a, b].into_iter().filter_map(Result::err).collect();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_api(&errs[0], 43108, OutcomeClass::Retry);
}
