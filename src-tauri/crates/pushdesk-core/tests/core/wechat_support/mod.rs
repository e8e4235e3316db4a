//! Shared helpers for the `wechat_*` integration tests: sandbox clients, valid messages, and a
//! tiny HTTP server standing in for a company's token service.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pushdesk_core::secrets::Sensitive;
use pushdesk_core::wechat::{
    ClientConfig, Lang, MiniprogramState, SubscribeMessage, TokenSource, WechatClient,
};
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::{Sandbox, SandboxConfig, DEMO_APPID, DEMO_SECRET};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A demo user holding 5 subscriptions of every template.
pub const SUBSCRIBED: &str = "oPtYgjmUhBel31iEl2hpChYgCfrL";
/// A demo user that never subscribed (43101).
pub const NEVER_SUBSCRIBED: &str = "oktXP-tKsf2rcDkdfrUnW5gcF_Ha";
/// A demo user of another AppID (40003).
pub const FOREIGN: &str = "oh_ImB_LK777pzNk8cL6j5IXAAjl";

pub async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::default()).await.expect("sandbox starts")
}

pub fn config(api_base: &str, source: TokenSource) -> ClientConfig {
    let mut c = ClientConfig::new(DEMO_APPID, source);
    c.api_base = api_base.to_owned();
    c.request_timeout = Duration::from_secs(10);
    c.connect_timeout = Duration::from_secs(2);
    c
}

pub fn stable() -> TokenSource {
    TokenSource::Stable { secret: Sensitive::new(DEMO_SECRET.to_owned()) }
}

pub fn client(sandbox: &Sandbox) -> WechatClient {
    WechatClient::new(config(&sandbox.url(), stable())).expect("client builds")
}

/// A valid 订单发货通知 for `touser`.
pub fn message(touser: &str) -> SubscribeMessage {
    SubscribeMessage {
        touser: touser.to_owned(),
        template_id: TPL_ORDER_SHIPPED.to_owned(),
        page: Some("pages/order/detail?id=7".to_owned()),
        data: BTreeMap::from([
            ("thing1".to_owned(), "拿铁咖啡豆 250g".to_owned()),
            ("character_string2".to_owned(), "SF1402938475612".to_owned()),
            ("phrase3".to_owned(), "顺丰速运".to_owned()),
            ("time4".to_owned(), "2026-11-24 10:00".to_owned()),
            ("amount5".to_owned(), "￥89.00".to_owned()),
        ]),
        miniprogram_state: MiniprogramState::Formal,
        lang: Lang::ZhCn,
    }
}

/// A valid-shaped openid outside the demo list (the sandbox grants it default subscriptions).
pub fn generated_openid(i: usize) -> String {
    format!("oGen{i:024}")
}

/// Gets a real token from the sandbox directly, as a company token service would.
pub async fn sandbox_token(sandbox: &Sandbox) -> String {
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/cgi-bin/stable_token", sandbox.url()))
        .json(&serde_json::json!({
            "grant_type": "client_credential", "appid": DEMO_APPID, "secret": DEMO_SECRET, "force_refresh": false
        }))
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token json");
    answer["access_token"].as_str().expect("access_token").to_owned()
}

/// A port nothing listens on.
pub async fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

/// One canned answer of the fake token service.
#[derive(Clone)]
pub struct Canned {
    pub status: u16,
    pub body: String,
}

/// A minimal HTTP/1.1 server answering every request with the current canned answer, counting
/// requests and keeping the last request head (to check headers).
pub struct TokenService {
    pub url: String,
    pub requests: Arc<AtomicUsize>,
    pub answer: Arc<Mutex<Canned>>,
    pub last_head: Arc<Mutex<String>>,
}

impl TokenService {
    pub async fn start(answer: Canned) -> TokenService {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/token?key=query-secret-123", listener.local_addr().expect("addr"));
        let requests = Arc::new(AtomicUsize::new(0));
        let answer = Arc::new(Mutex::new(answer));
        let last_head = Arc::new(Mutex::new(String::new()));
        let (r, a, h) = (requests.clone(), answer.clone(), last_head.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (r, a, h) = (r.clone(), a.clone(), h.clone());
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 1024];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    r.fetch_add(1, Ordering::SeqCst);
                    *h.lock().unwrap() = String::from_utf8_lossy(&buf).into_owned();
                    let canned = a.lock().unwrap().clone();
                    let response = format!(
                        "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
                        canned.status,
                        canned.body.len(),
                        canned.body
                    );
                    let _ = stream.write_all(response.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        TokenService { url, requests, answer, last_head }
    }

    pub fn set(&self, status: u16, body: &str) {
        *self.answer.lock().unwrap() = Canned { status, body: body.to_owned() };
    }

    pub fn count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}
