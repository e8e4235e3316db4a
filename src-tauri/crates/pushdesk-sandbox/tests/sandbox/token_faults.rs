//! Token-endpoint faults on demand: errcodes with WeChat's texts, gateway errors, dropped
//! connections, for the next N calls of either token endpoint.

use crate::common;

use common::{assert_rid, errcode, Env};
use pushdesk_sandbox::{TokenFault, DEMO_APPID, DEMO_SECRET};
use serde_json::{json, Value};

fn classic_path() -> String {
    format!("/cgi-bin/token?grant_type=client_credential&appid={DEMO_APPID}&secret={DEMO_SECRET}")
}

fn stable_body() -> Value {
    json!({"grant_type": "client_credential", "appid": DEMO_APPID, "secret": DEMO_SECRET})
}

/// The errmsg without its rid.
fn errmsg(v: &Value) -> &str {
    let msg = v["errmsg"].as_str().unwrap_or_else(|| panic!("no errmsg: {v}"));
    msg.rsplit_once(" rid: ").map_or(msg, |(text, _)| text)
}

#[tokio::test]
async fn queued_errcodes_answer_both_token_endpoints_with_wechats_texts() {
    let env = Env::default().await;
    let cases: &[(i64, &str)] = &[
        (89503, "此次调用需要管理员确认，请耐心等候"),
        (89501, "此IP正在等待管理员确认,请联系管理员"),
        (89506, "该IP调用求请求已被公众号管理员拒绝，请24小时后再试，建议调用前与管理员沟通确认"),
        (89507, "该IP调用求请求已被公众号管理员拒绝，请1小时后再试，建议调用前与管理员沟通确认"),
        // WeChat names the IP it saw: here the loopback address the test connects from.
        (40164, "invalid ip 127.0.0.1 ipv6 ::ffff:127.0.0.1, not in whitelist"),
        (61004, "access clientip is not registered requestIP: 127.0.0.1"),
        (40243, "AppSecret is frozen"),
        (40013, "invalid appid"),
        (40125, "invalid appsecret"),
        (41002, "appid missing"),
        (41004, "appsecret missing"),
        (45009, "reach max api daily quota limit"),
        (-1, "system error"),
    ];
    for (i, (code, text)) in cases.iter().enumerate() {
        env.ctl("token_faults", json!({"fault": "errcode", "errcode": code})).await;
        // Alternate endpoints: one queue serves both.
        let v = if i % 2 == 0 {
            env.get_json(&classic_path()).await
        } else {
            env.post_json("/cgi-bin/stable_token", &stable_body()).await
        };
        assert_eq!(errcode(&v), *code, "{v}");
        assert_eq!(errmsg(&v), *text, "{v}");
        assert_rid(&v);
        assert!(v.get("access_token").is_none());
    }
    // Queue drained: tokens again. Every call was counted as before.
    assert!(env.get_json(&classic_path()).await["access_token"].is_string());
    assert!(env.post_json("/cgi-bin/stable_token", &stable_body()).await["access_token"].is_string());
    let stats = env.http_stats().await;
    assert_eq!(stats.token_requests, 8);
    assert_eq!(stats.stable_token_requests, 7);
    assert_eq!(stats.token_faults, 13);
}

#[tokio::test]
async fn a_count_answers_that_many_calls() {
    let env = Env::default().await;
    let control = env.sandbox.control();
    control.queue_token_fault(TokenFault::Errcode(89503), 3);
    assert_eq!(control.queued_token_faults(), 3);
    for _ in 0..3 {
        assert_eq!(errcode(&env.post_json("/cgi-bin/stable_token", &stable_body()).await), 89503);
    }
    assert!(env.post_json("/cgi-bin/stable_token", &stable_body()).await["access_token"].is_string());

    control.queue_token_fault(TokenFault::Errcode(40164), 5);
    env.ctl("token_faults/clear", json!({})).await;
    assert_eq!(control.queued_token_faults(), 0);
    // Send faults are a different queue.
    env.ctl("faults", json!({"fault": "system_busy"})).await;
    assert!(env.get_json(&classic_path()).await["access_token"].is_string());
    assert_eq!(control.queued_faults(), 1);
}

#[tokio::test]
async fn gateway_errors_and_dropped_connections_on_token_calls() {
    let env = Env::default().await;
    for (spec, status) in [
        (json!({"fault": "http500"}), 500),
        (json!({"fault": "http502"}), 502),
        (json!({"fault": "http503"}), 503),
        (json!({"fault": "http504"}), 504),
        (json!({"fault": "http", "status": 599}), 599),
    ] {
        env.ctl("token_faults", spec).await;
        let (got, body) = env.get(&classic_path()).await;
        assert_eq!(got, status, "{body}");
        assert!(body.starts_with("<html>"), "{body}");
    }
    env.ctl("token_faults", json!({"fault": "drop_connection"})).await;
    let err = env
        .http
        .post(format!("{}/cgi-bin/stable_token", env.base))
        .json(&stable_body())
        .send()
        .await
        .expect_err("closed without an answer");
    assert!(!err.is_connect() && !err.is_timeout(), "{err}");
    assert!(env.post_json("/cgi-bin/stable_token", &stable_body()).await["access_token"].is_string());
    assert_eq!(env.sandbox.stats().token_faults, 6);
}

#[tokio::test]
async fn bad_token_fault_requests_are_refused() {
    let env = Env::default().await;
    for body in [
        json!({"fault": "meteor"}),
        json!({"fault": "errcode"}),
        json!({"fault": "http", "status": 404}),
        json!({"fault": "http"}),
    ] {
        let (status, text) = env.post("/__sandbox/token_faults", &body).await;
        assert_eq!(status, 400, "{body}: {text}");
    }
    assert_eq!(env.sandbox.control().queued_token_faults(), 0);
}
