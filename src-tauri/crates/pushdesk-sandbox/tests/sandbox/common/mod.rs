//! Helpers shared by the integration tests: a sandbox on loopback and a reqwest client.

use std::time::Duration;

use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::{Sandbox, SandboxConfig, SandboxStats, DEMO_APPID, DEMO_SECRET};
use serde_json::{json, Value};

/// Demo user with 5 authorisations of every template.
pub const RICH_USER: &str = "oPtYgjmUhBel31iEl2hpChYgCfrL";
/// Demo user with 1 authorisation of every template.
pub const SINGLE_USER: &str = "olUcR64cXQLioDnkHIfxIq2HZt-P";
/// Demo user with no authorisations.
pub const NONE_USER: &str = "oktXP-tKsf2rcDkdfrUnW5gcF_Ha";
/// Demo user of another app.
pub const FOREIGN_USER: &str = "oh_ImB_LK777pzNk8cL6j5IXAAjl";

pub struct Env {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
    pub base: String,
}

impl Env {
    pub async fn new(config: SandboxConfig) -> Env {
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        let base = sandbox.url();
        let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("client");
        Env { sandbox, http, base }
    }

    pub async fn default() -> Env {
        Env::new(SandboxConfig::default()).await
    }

    /// GET; returns (status, body text).
    pub async fn get(&self, path: &str) -> (u16, String) {
        let r = self.http.get(format!("{}{path}", self.base)).send().await.expect("GET");
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }

    /// POST a raw body; returns (status, body text).
    pub async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> (u16, String) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("POST");
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }

    pub async fn post(&self, path: &str, body: &Value) -> (u16, String) {
        self.post_raw(path, body.to_string()).await
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let (_, text) = self.get(path).await;
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Value {
        let (_, text) = self.post(path, body).await;
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    pub async fn classic_token(&self) -> String {
        let v = self
            .get_json(&format!(
                "/cgi-bin/token?grant_type=client_credential&appid={DEMO_APPID}&secret={DEMO_SECRET}"
            ))
            .await;
        v["access_token"].as_str().expect("token").to_owned()
    }

    pub async fn stable(&self, force_refresh: bool) -> Value {
        self.post_json(
            "/cgi-bin/stable_token",
            &json!({"grant_type":"client_credential","appid":DEMO_APPID,"secret":DEMO_SECRET,"force_refresh":force_refresh}),
        )
        .await
    }

    pub async fn token(&self) -> String {
        self.stable(false).await["access_token"].as_str().expect("token").to_owned()
    }

    /// A subscribe send; returns (status, text).
    pub async fn send_raw(&self, token: &str, body: &Value) -> (u16, String) {
        self.post(&format!("/cgi-bin/message/subscribe/send?access_token={token}"), body).await
    }

    pub async fn send(&self, token: &str, body: &Value) -> Value {
        let (_, text) = self.send_raw(token, body).await;
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    /// POST to a control endpoint and insist it worked.
    pub async fn ctl(&self, path: &str, body: Value) {
        let (status, text) = self.post(&format!("/__sandbox/{path}"), &body).await;
        assert_eq!(status, 200, "{path}: {text}");
    }

    pub async fn http_stats(&self) -> SandboxStats {
        let (_, text) = self.get("/__sandbox/stats").await;
        serde_json::from_str(&text).expect("stats JSON")
    }

    /// Polls (no timing assertion) until `cond` holds for the stats.
    pub async fn wait_stats(&self, cond: impl Fn(&SandboxStats) -> bool) {
        for _ in 0..2000 {
            if cond(&self.sandbox.stats()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        panic!("condition never met: {:?}", self.sandbox.stats());
    }
}

/// A valid 订单发货通知 send to `openid`.
pub fn order_body(openid: &str) -> Value {
    json!({
        "touser": openid,
        "template_id": TPL_ORDER_SHIPPED,
        "page": "pages/order/detail?id=7",
        "miniprogram_state": "formal",
        "lang": "zh_CN",
        "data": {
            "thing1": {"value": "拿铁咖啡豆 250g"},
            "character_string2": {"value": "SF1402938475612"},
            "phrase3": {"value": "顺丰速运"},
            "time4": {"value": "2026-11-24 10:00"},
            "amount5": {"value": "￥89.00"}
        }
    })
}

/// A valid-shaped openid not in the demo list.
pub fn gen_openid(i: usize) -> String {
    format!("oGEN{i:0>24}")
}

pub fn errcode(v: &Value) -> i64 {
    v["errcode"].as_i64().unwrap_or_else(|| panic!("no errcode: {v}"))
}

/// Asserts WeChat's errmsg shape: `<message> rid: xxxxxxxx-xxxxxxxx-xxxxxxxx`.
pub fn assert_rid(v: &Value) {
    let msg = v["errmsg"].as_str().expect("errmsg");
    let (_, rid) = msg.rsplit_once(" rid: ").unwrap_or_else(|| panic!("no rid: {msg}"));
    let groups: Vec<&str> = rid.split('-').collect();
    assert_eq!(groups.len(), 3, "{msg}");
    for g in groups {
        assert_eq!(g.len(), 8, "{msg}");
        assert!(g.bytes().all(|b| b.is_ascii_hexdigit()), "{msg}");
    }
}
