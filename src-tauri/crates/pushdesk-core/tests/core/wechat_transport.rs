//! Transport failures over real loopback HTTP: "never sent" versus "may have been delivered",
//! and no secret in any error text.

use crate::wechat_support;

use std::time::Duration;

use pushdesk_core::secrets::Sensitive;
use pushdesk_core::wechat::{
    Failure, OutcomeClass, Phase, TokenSource, TransportKind, WechatClient, WechatError,
};
use pushdesk_sandbox::{Fault, DEMO_SECRET};
use wechat_support::*;

fn assert_no_secret(err: &WechatError, secrets: &[&str]) {
    let text = format!("{err} | {err:?} | {:?}", err.catalogue_entry());
    for secret in secrets {
        assert!(!text.contains(secret), "secret leaked into {text}");
    }
}

/// A client whose token comes from the sandbox by hand, so the test knows the token's value.
async fn manual_client(api_base: &str, token: &str, timeout: Duration) -> WechatClient {
    let source = TokenSource::Manual { token: Sensitive::new(token.to_owned()), expires_at: None };
    let mut cfg = config(api_base, source);
    cfg.request_timeout = timeout;
    cfg.connect_timeout = Duration::from_millis(500).min(timeout);
    WechatClient::new(cfg).unwrap()
}

#[tokio::test]
async fn connect_refused_is_never_sent() {
    let url = closed_port_url().await;
    let client = manual_client(&url, "tok-connect-refused-0001", Duration::from_secs(5)).await;
    let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert!(matches!(
        err,
        WechatError::Transport { kind: TransportKind::ConnectFailed, phase: Phase::Send, .. }
    ));
    assert!(err.is_transport());
    assert_eq!(err.class(), OutcomeClass::Unreachable);
    assert!(err.to_string().contains("could not connect"), "{err}");
    assert_no_secret(&err, &["tok-connect-refused-0001"]);
}

#[tokio::test]
async fn timeout_after_send_is_unknown_and_the_message_was_delivered() {
    let sb = sandbox().await;
    let token = sandbox_token(&sb).await;
    let client = manual_client(&sb.url(), &token, Duration::from_millis(700)).await;
    sb.control().queue_fault(Fault::SlowResponse(Duration::from_secs(3)), 1);
    let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert!(
        matches!(
            err,
            WechatError::Transport { kind: TransportKind::TimeoutAfterSend, phase: Phase::Send, .. }
        ),
        "{err:?}"
    );
    assert_eq!(err.class(), OutcomeClass::Unknown);
    assert_eq!(err.failure(), Failure::Transport(TransportKind::TimeoutAfterSend));
    assert_no_secret(&err, &[&token]);
    // The sandbox did deliver it: exactly why the engine must never resend automatically.
    assert_eq!(sb.stats().accepted, 1);
}

#[tokio::test]
async fn dropped_connection_after_send_is_unknown() {
    let sb = sandbox().await;
    let token = sandbox_token(&sb).await;
    let client = manual_client(&sb.url(), &token, Duration::from_secs(5)).await;
    sb.control().queue_fault(Fault::DropConnection, 1);
    let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
    assert!(matches!(err, WechatError::Transport { kind: TransportKind::ConnectionLost, .. }), "{err:?}");
    assert_eq!(err.class(), OutcomeClass::Unknown);
    assert_no_secret(&err, &[&token]);
}

/// A gateway or relay can answer 5xx after WeChat delivered: the outcome is unknown.
#[tokio::test]
async fn http_5xx_is_unknown() {
    let sb = sandbox().await;
    let client = client(&sb);
    client.ensure_token().await.unwrap();
    for (fault, status) in [(Fault::Http500, 500), (Fault::Http502, 502)] {
        sb.control().queue_fault(fault, 1);
        let err = client.send_subscribe(&message(SUBSCRIBED)).await.unwrap_err();
        match &err {
            WechatError::Transport { kind: TransportKind::Http5xx, status: Some(s), .. } => {
                assert_eq!(*s, status)
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(err.class(), OutcomeClass::Unknown);
        assert!(err.to_string().contains(&format!("HTTP {status}")), "{err}");
    }
}

#[tokio::test]
async fn unknown_path_is_an_http_status_error() {
    let sb = sandbox().await;
    let mut cfg = config(&format!("{}/not-wechat", sb.url()), stable());
    cfg.connect_timeout = Duration::from_secs(1);
    let err = WechatClient::new(cfg).unwrap().ensure_token().await.unwrap_err();
    assert!(
        matches!(err, WechatError::Transport { kind: TransportKind::HttpStatus, phase: Phase::Token, .. }),
        "{err:?}"
    );
    assert_no_secret(&err, &[DEMO_SECRET]);
}

#[tokio::test]
async fn classic_secret_in_query_never_leaks_from_transport_errors() {
    let url = closed_port_url().await;
    let source = TokenSource::Classic { secret: Sensitive::new(DEMO_SECRET.to_owned()) };
    let err = WechatClient::new(config(&url, source)).unwrap().ensure_token().await.unwrap_err();
    assert_eq!(err.failure(), Failure::TokenFetch(TransportKind::ConnectFailed));
    assert_no_secret(&err, &[DEMO_SECRET]);
}

#[tokio::test]
async fn connect_timeout_is_never_sent() {
    // A listener that never accepts, with its accept queue filled: Linux drops further SYNs,
    // so the client's connect hangs until the connect timeout.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        match tokio::time::timeout(Duration::from_millis(200), tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => fillers.push(stream),
            _ => break,
        }
    }
    let mut cfg = config(&format!("http://{addr}"), stable());
    cfg.connect_timeout = Duration::from_millis(300);
    cfg.request_timeout = Duration::from_secs(5);
    let err = WechatClient::new(cfg).unwrap().ensure_token().await.unwrap_err();
    match &err {
        WechatError::Transport { kind, .. } => {
            assert_eq!(*kind, TransportKind::ConnectTimeout, "{err}");
            assert!(kind.never_sent());
        }
        other => panic!("{other:?}"),
    }
    drop((listener, fillers));
}

#[tokio::test]
async fn proxy_refusing_connections_is_a_proxy_failure() {
    let sb = sandbox().await;
    let mut cfg = config(&sb.url(), stable());
    cfg.proxy = Some(closed_port_url().await);
    let err = WechatClient::new(cfg).unwrap().ensure_token().await.unwrap_err();
    match &err {
        WechatError::Transport { kind, .. } => assert_eq!(*kind, TransportKind::ProxyFailed, "{err}"),
        other => panic!("{other:?}"),
    }
    assert_no_secret(&err, &[DEMO_SECRET]);
}
