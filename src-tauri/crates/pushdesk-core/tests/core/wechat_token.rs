//! Access tokens against the sandbox: caching, a refused token forgotten so the next attempt
//! fetches a new one (the send itself is never repeated behind the caller's back: the engine
//! journals the re-send as an attempt of its own), single flight, and the four token sources.

use crate::wechat_support;

use std::time::{Duration, SystemTime};

use futures::future::join_all;
use pushdesk_core::secrets::Sensitive;
use pushdesk_core::wechat::{
    Failure, LocalKind, OutcomeClass, Phase, TokenSource, TransportKind, WechatClient, WechatError,
};
use pushdesk_sandbox::{Fault, DEMO_SECRET};
use wechat_support::*;

#[tokio::test]
async fn token_is_fetched_once_and_cached() {
    let sb = sandbox().await;
    let client = client(&sb);
    for _ in 0..5 {
        client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    }
    let stats = sb.stats();
    assert_eq!(stats.stable_token_requests, 1);
    assert_eq!(stats.token_requests, 0, "stable mode never calls /cgi-bin/token");
    assert_eq!(stats.stable_force_refreshes, 0);
}

#[tokio::test]
async fn an_expired_token_42001_is_forgotten_and_the_next_send_fetches_a_new_one() {
    let sb = sandbox().await;
    let client = client(&sb);
    client.ensure_token().await.unwrap();
    sb.control().expire_tokens();
    let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert_eq!((err.errcode(), err.class()), (Some(42001), OutcomeClass::RefreshToken));
    assert_eq!(sb.stats().sends_received, 1, "the send is not repeated behind the caller's back");
    let receipt = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    assert!(receipt.msgid.is_some());
    let stats = sb.stats();
    assert_eq!(stats.stable_token_requests, 2);
    assert_eq!(stats.stable_force_refreshes, 0, "never force_refresh on a 42001");
    assert_eq!(stats.rejected_by_errcode.get(&42001), Some(&1));
    assert_eq!(stats.accepted, 1);
}

#[tokio::test]
async fn invalid_token_40001_is_forgotten_once_per_token() {
    let sb = sandbox().await;
    let client = client(&sb);
    client.ensure_token().await.unwrap();
    sb.control().queue_fault(Fault::Errcode(40001), 1);
    let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert_eq!(err.errcode(), Some(40001));
    client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    let stats = sb.stats();
    assert_eq!(stats.sends_received, 2);
    assert_eq!(stats.stable_token_requests, 2);
}

#[tokio::test]
async fn hundred_concurrent_sends_on_an_expired_token_make_one_token_request() {
    let sb = sandbox().await;
    let client = client(&sb);
    client.ensure_token().await.unwrap();
    sb.control().expire_tokens();
    let before = sb.stats().stable_token_requests;

    let messages: Vec<_> = (0..100).map(|i| message(&generated_openid(i))).collect();
    let refused = join_all(messages.iter().map(|m| client.send_subscribe(m))).await;
    assert!(refused.iter().all(|r| r.as_ref().err().and_then(WechatError::errcode) == Some(42001)));
    // Every sender forgets the same token; the next attempts share one fetch.
    let results = join_all(messages.iter().map(|m| client.send_subscribe(m))).await;
    let failures: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(failures.is_empty(), "{failures:?}");
    let stats = sb.stats();
    assert_eq!(stats.stable_token_requests - before, 1, "exactly one token request");
    assert_eq!(stats.accepted, 100);
    assert_eq!(stats.duplicates, 0);
}

#[tokio::test]
async fn hundred_concurrent_sends_without_a_token_make_one_token_request() {
    let sb = sandbox().await;
    let client = client(&sb);
    let messages: Vec<_> = (0..100).map(|i| message(&generated_openid(i))).collect();
    let results = join_all(messages.iter().map(|m| client.send_subscribe(m))).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(sb.stats().stable_token_requests, 1);
}

#[tokio::test]
async fn classic_source_uses_cgi_bin_token() {
    let sb = sandbox().await;
    let source = TokenSource::Classic { secret: Sensitive::new(DEMO_SECRET.to_owned()) };
    let client = WechatClient::new(config(&sb.url(), source)).unwrap();
    client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    let stats = sb.stats();
    assert_eq!((stats.token_requests, stats.stable_token_requests), (1, 0));
}

#[tokio::test]
async fn force_refresh_sets_force_refresh_true() {
    let sb = sandbox().await;
    let client = client(&sb);
    client.ensure_token().await.unwrap();
    client.force_refresh_token().await.unwrap();
    assert_eq!(sb.stats().stable_force_refreshes, 1);
    client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
}

#[tokio::test]
async fn wrong_secret_and_appid_are_explained() {
    let sb = sandbox().await;
    let source = TokenSource::Stable { secret: Sensitive::new("wrong-secret-value-1234".into()) };
    let err = WechatClient::new(config(&sb.url(), source)).unwrap().ensure_token().await.unwrap_err();
    assert_eq!(err.errcode(), Some(40125));
    assert_eq!(err.class(), OutcomeClass::StopCampaign);
    assert!(!format!("{err} {err:?}").contains("wrong-secret-value-1234"));

    let mut cfg = config(&sb.url(), stable());
    cfg.appid = "wx0000000000000000".into();
    let err = WechatClient::new(cfg).unwrap().ensure_token().await.unwrap_err();
    assert_eq!(err.errcode(), Some(40013));
    assert!(!format!("{err} {err:?}").contains(DEMO_SECRET));
}

#[tokio::test]
async fn token_errors_are_shared_by_queued_callers() {
    // 20 callers queue behind one failing fetch: they share its error instead of each
    // hammering the token endpoint.
    let svc = TokenService::start(Canned { status: 503, body: "down".into() }).await;
    let sb = sandbox().await;
    let source = TokenSource::External { url: svc.url.clone(), header: None };
    let client = WechatClient::new(config(&sb.url(), source)).unwrap();
    let results = join_all((0..20).map(|_| client.ensure_token())).await;
    assert!(results.iter().all(Result::is_err));
    assert!(svc.count() < 20, "token service called {} times", svc.count());
}

#[tokio::test]
async fn external_token_url_with_header() {
    let sb = sandbox().await;
    let token = sandbox_token(&sb).await;
    let svc = TokenService::start(Canned {
        status: 200,
        body: format!(r#"{{"access_token":"{token}","expires_in":7200}}"#),
    })
    .await;
    let source = TokenSource::External {
        url: svc.url.clone(),
        header: Some(("X-Api-Key".into(), Sensitive::new("header-secret-456".into()))),
    };
    let client = WechatClient::new(config(&sb.url(), source)).unwrap();
    client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    assert_eq!(svc.count(), 1, "cached");
    assert!(svc.last_head.lock().unwrap().to_ascii_lowercase().contains("x-api-key: header-secret-456"));

    // After a 42001 the service is asked again (it may have renewed the token).
    sb.control().expire_tokens();
    let fresh = sandbox_token(&sb).await;
    svc.set(200, &format!(r#"{{"access_token":"{fresh}","expires_in":"7200"}}"#));
    assert_eq!(client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err().errcode(), Some(42001));
    client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    assert_eq!(svc.count(), 2);
    assert_eq!(sb.stats().stable_token_requests, 2, "only the test's own direct fetches");
}

async fn external_error(status: u16, body: &str) -> WechatError {
    let svc = TokenService::start(Canned { status, body: body.into() }).await;
    let sb = sandbox().await;
    let source = TokenSource::External {
        url: svc.url.clone(),
        header: Some(("Authorization".into(), Sensitive::new("Bearer hdr-secret-789".into()))),
    };
    let client = WechatClient::new(config(&sb.url(), source)).unwrap();
    let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert_eq!(sb.stats().sends_received, 0, "no send without a token");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("query-secret-123"), "{text}");
    assert!(!text.contains("hdr-secret-789"), "{text}");
    err
}

#[tokio::test]
async fn external_token_url_failures_are_explained() {
    let err = external_error(503, "maintenance").await;
    assert!(err.to_string().contains("token URL"), "{err}");
    assert!(err.to_string().contains("answered HTTP 503"), "{err}");
    assert_eq!(err.failure(), Failure::TokenFetch(TransportKind::Http5xx));
    assert_eq!(err.class(), OutcomeClass::Retry);

    let err = external_error(200, "<html>login</html>").await;
    assert!(err.to_string().contains("not JSON"), "{err}");
    assert!(matches!(
        err,
        WechatError::Transport { kind: TransportKind::InvalidBody, phase: Phase::Token, .. }
    ));
    assert_eq!(err.class(), OutcomeClass::StopCampaign);

    let err = external_error(200, r#"{"expires_in":7200}"#).await;
    assert!(err.to_string().contains("without an access_token"), "{err}");

    let err = external_error(404, "").await;
    assert!(err.to_string().contains("answered HTTP 404"), "{err}");
    assert_eq!(err.failure(), Failure::TokenFetch(TransportKind::HttpStatus));

    let err = external_error(200, r#"{"errcode":40164,"errmsg":"invalid ip 1.2.3.4 rid: a-b-c"}"#).await;
    assert_eq!(err.errcode(), Some(40164));
    assert_eq!(err.catalogue_entry().detail.as_deref(), Some("1.2.3.4"));
}

#[tokio::test]
async fn external_token_url_unreachable_is_a_retryable_token_fetch_failure() {
    let sb = sandbox().await;
    let source = TokenSource::External { url: format!("{}/t", closed_port_url().await), header: None };
    let err = WechatClient::new(config(&sb.url(), source)).unwrap().ensure_token().await.unwrap_err();
    assert_eq!(err.failure(), Failure::TokenFetch(TransportKind::ConnectFailed));
    assert_eq!(err.class(), OutcomeClass::Unreachable, "nothing left: wait, then pause");
}

#[tokio::test]
async fn manual_token_is_used_as_pasted() {
    let sb = sandbox().await;
    let token = sandbox_token(&sb).await;
    let source = TokenSource::Manual {
        token: Sensitive::new(token.clone()),
        expires_at: Some(SystemTime::now() + Duration::from_secs(3600)),
    };
    let client = WechatClient::new(config(&sb.url(), source)).unwrap();
    client.send_subscribe(&message(SUBSCRIBED)).await.unwrap();
    assert_eq!(sb.stats().stable_token_requests, 1, "only the test's own fetch");

    // WeChat refuses it later: no retry, then a clear instruction, and it stays refused.
    sb.control().expire_tokens();
    let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert_eq!(err.errcode(), Some(42001));
    assert!(!format!("{err:?}").contains(&token));
    let received = sb.stats().sends_received;
    let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert_eq!(err.failure(), Failure::Local(LocalKind::ManualToken));
    assert!(err.to_string().contains("paste a new token"), "{err}");
    let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert!(matches!(err, WechatError::ManualToken(_)));
    assert_eq!(sb.stats().sends_received, received, "not sent with a refused token");
}

#[tokio::test]
async fn expired_manual_token_is_refused_locally() {
    let sb = sandbox().await;
    let source = TokenSource::Manual {
        token: Sensitive::new("pasted-token-abcdef".into()),
        expires_at: Some(SystemTime::now() - Duration::from_secs(1)),
    };
    let client = WechatClient::new(config(&sb.url(), source)).unwrap();
    let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert!(err.to_string().contains("expired"), "{err}");
    assert!(err.to_string().contains("paste a new token"), "{err}");
    assert_eq!(err.class(), OutcomeClass::StopCampaign);
    assert_eq!(sb.stats().sends_received, 0);
}
