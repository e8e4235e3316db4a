//! `events serve` over real loopback HTTP (issue 14): WeChat's URL check, plaintext and safe
//! mode pushes signed as WeChat signs them, forwarded byte for byte to the company's own push
//! URL, whose answer goes back to WeChat.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::routing::any;
use axum::Router;
use pushdesk_core::events::crypto::{encrypt, sign};
use pushdesk_core::events::receiver::{self, ReceiverSettings};
use pushdesk_core::events::PushKeys;
use pushdesk_core::secrets::Sensitive;
use pushdesk_sandbox::{SandboxConfig, DEMO_APPID};

use crate::world::{desk_on, World};

const TOKEN: &str = "pushdeskToken42";
const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

/// What the company's server received: (query, body).
type Received = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A stand-in for the company's push URL: keeps each request, answers like a server that
/// checked the URL (echostr) or took the push ("success from production").
async fn production() -> (String, Received) {
    let received: Received = Arc::default();
    let kept = Arc::clone(&received);
    let app = Router::new().route(
        "/wechat/push",
        any(move |RawQuery(q): RawQuery, body: Bytes| {
            let kept = Arc::clone(&kept);
            async move {
                let q = q.unwrap_or_default();
                kept.lock().unwrap().push((q.clone(), body.to_vec()));
                match q.split('&').find_map(|p| p.strip_prefix("echostr=")) {
                    Some(echo) => echo.to_owned(),
                    None => "success from production".to_owned(),
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/wechat/push", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

fn sent_push(openid: &str, msgid: &str, now: i64) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_31819fdd45f7]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName><CreateTime>{now}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe_msg_sent_event]]></Event><SubscribeMsgSentEvent><List><TemplateId><![CDATA[T]]></TemplateId><MsgID>{msgid}</MsgID><ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus></List></SubscribeMsgSentEvent></xml>"
    )
}

#[tokio::test]
async fn the_receiver_checks_signatures_opens_safe_mode_stores_and_forwards_the_original_bytes() {
    let w = World::new(SandboxConfig::default()).await;
    let desk = Arc::new(desk_on(&w.address, w.account_id, &w.sandbox.url()));
    let (forward, received) = production().await;
    let settings = ReceiverSettings {
        account_id: w.account_id,
        appid: DEMO_APPID.into(),
        keys: PushKeys { token: Sensitive::new(TOKEN.into()), aes_key: Some(Sensitive::new(AES_KEY.into())) },
        forward: Some(forward),
    };
    let running = receiver::start(desk, settings, "127.0.0.1:0".parse().unwrap(), |_| {}).await.unwrap();
    let base = format!("http://{}/", running.addr);
    let http = reqwest::Client::new();
    let signed = |ts: &str, nonce: &str| {
        format!("timestamp={ts}&nonce={nonce}&signature={}", sign(&[TOKEN, ts, nonce]))
    };

    // The URL check: answered with production's answer (its echostr).
    let q = format!("{}&echostr=4711", signed("1700000000", "n1"));
    let r = http.get(format!("{base}?{q}")).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (200, "4711".to_owned()));
    // A request WeChat did not sign is refused and never reaches production.
    let r = http.get(format!("{base}?timestamp=1&nonce=2&signature=00&echostr=1")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403);

    // Plaintext: stored, and production gets the very same bytes and query.
    let now = chrono::Utc::now().timestamp();
    let body = sent_push("oPlain0000000000000000000001", "1864323726461255680", now);
    let q = format!("{}&openid=oPlain0000000000000000000001", signed("1700000001", "n2"));
    let r = http
        .post(format!("{base}?{q}"))
        .header("content-type", "text/xml")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (200, "success from production".to_owned()));

    // Safe mode: an Encrypt envelope signed with msg_signature.
    let inner = sent_push("oSafe00000000000000000000001", "1864323726461255681", now);
    let sealed = encrypt(&Sensitive::new(AES_KEY.into()), inner.as_bytes(), DEMO_APPID).unwrap();
    let envelope = format!("<xml><ToUserName><![CDATA[gh_31819fdd45f7]]></ToUserName><Encrypt><![CDATA[{sealed}]]></Encrypt></xml>");
    let (ts, nonce) = ("1700000002", "n3");
    let q = format!(
        "{}&encrypt_type=aes&msg_signature={}",
        signed(ts, nonce),
        sign(&[TOKEN, ts, nonce, &sealed])
    );
    let r = http.post(format!("{base}?{q}")).body(envelope.clone()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // A forged msg_signature: not stored (still the company's to judge, so forwarded).
    let forged =
        format!("{}&encrypt_type=aes&msg_signature={}", signed(ts, nonce), sign(&["x", ts, nonce, &sealed]));
    let r = http.post(format!("{base}?{forged}")).body(envelope.clone()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // WeChat retrying the plaintext push: stored once.
    let q = format!("{}&openid=oPlain0000000000000000000001", signed("1700000001", "n2"));
    http.post(format!("{base}?{q}")).body(body.clone()).send().await.unwrap();

    let totals = running.totals();
    assert_eq!((totals.read, totals.new, totals.duplicates, totals.unmatched), (3, 2, 1, 2));
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 5, "the URL check and every signed push, not the unsigned request");
    assert_eq!(got[1].1, body.as_bytes(), "the original bytes");
    assert!(got[1].0.contains("openid=oPlain0000000000000000000001"), "the original query: {}", got[1].0);
    assert_eq!(got[2].1, envelope.as_bytes());
    running.stop().await;
}

#[tokio::test]
async fn without_a_forward_url_the_receiver_answers_success_and_echostr_itself() {
    let w = World::new(SandboxConfig::default()).await;
    let desk = Arc::new(desk_on(&w.address, w.account_id, &w.sandbox.url()));
    let settings = ReceiverSettings {
        account_id: w.account_id,
        appid: DEMO_APPID.into(),
        keys: PushKeys { token: Sensitive::new(TOKEN.into()), aes_key: None },
        forward: None,
    };
    let running = receiver::start(desk, settings, "127.0.0.1:0".parse().unwrap(), |_| {}).await.unwrap();
    let base = format!("http://{}/", running.addr);
    let sig = sign(&[TOKEN, "5", "6"]);
    let r = reqwest::get(format!("{base}?timestamp=5&nonce=6&signature={sig}&echostr=abc")).await.unwrap();
    assert_eq!(r.text().await.unwrap(), "abc");
    let body = sent_push("oPlain0000000000000000000002", "1", chrono::Utc::now().timestamp());
    let r = reqwest::Client::new()
        .post(format!("{base}?timestamp=5&nonce=6&signature={sig}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.text().await.unwrap(), "success");
    assert_eq!(running.totals().new, 1);
    running.stop().await;
}
