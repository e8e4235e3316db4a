//! Injected faults, random faults, duplicates and the statistics endpoints.

use crate::common;

use std::time::Duration;

use common::{errcode, gen_openid, order_body, Env, RICH_USER};
use pushdesk_sandbox::{Fault, SandboxConfig, SandboxStats};
use serde_json::{json, Value};

#[tokio::test]
async fn each_queued_fault_kind() {
    let env = Env::default().await;
    let token = env.token().await;

    env.ctl("faults", json!({"fault": "system_busy", "count": 2})).await;
    for _ in 0..2 {
        let v = env.send(&token, &order_body(&gen_openid(1))).await;
        assert_eq!(errcode(&v), -1, "{v}");
        assert!(v["errmsg"].as_str().expect("msg").starts_with("system error rid: "));
    }
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(1))).await), 0, "queue drained");

    env.ctl("faults", json!({"fault": "http500"})).await;
    env.ctl("faults", json!({"fault": "http502"})).await;
    let (status, text) = env.send_raw(&token, &order_body(&gen_openid(2))).await;
    assert_eq!(status, 500);
    assert!(text.contains("500 Internal Server Error"), "{text}");
    let (status, _) = env.send_raw(&token, &order_body(&gen_openid(2))).await;
    assert_eq!(status, 502);

    env.ctl("faults", json!({"fault": "errcode", "errcode": 45168})).await;
    let v = env.send(&token, &order_body(&gen_openid(3))).await;
    assert_eq!(errcode(&v), 45168);

    env.ctl("faults", json!({"fault": "drop_connection"})).await;
    let err = env
        .http
        .post(format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base))
        .json(&order_body(&gen_openid(4)))
        .send()
        .await
        .expect_err("the connection is closed without an answer");
    assert!(!err.is_timeout(), "{err}");
    // The faulted message was not delivered, so the user still has all authorisations.
    assert_eq!(
        env.sandbox.control().subscriptions_left(&gen_openid(4), pushdesk_sandbox::demo::TPL_ORDER_SHIPPED),
        3
    );

    // SlowResponse delivers, then answers late.
    env.sandbox.control().queue_fault(Fault::SlowResponse(Duration::from_millis(50)), 1);
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(5))).await), 0);

    // The server is still healthy after a dropped connection.
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(6))).await), 0);

    let stats = env.http_stats().await;
    assert_eq!(stats.rejected_by_errcode.get(&-1), Some(&2));
    assert_eq!(stats.rejected_by_errcode.get(&45168), Some(&1));
    assert_eq!(stats.http_errors.get(&500), Some(&1));
    assert_eq!(stats.http_errors.get(&502), Some(&1));
    assert_eq!(stats.dropped_connections, 1);
    assert_eq!(stats.accepted, 3);
    assert_eq!(stats.sends_received, 9);
}

#[tokio::test]
async fn clear_faults_and_bad_control_requests() {
    let env = Env::default().await;
    let token = env.token().await;
    env.ctl("faults", json!({"fault": "system_busy", "count": 5})).await;
    assert_eq!(env.sandbox.control().queued_faults(), 5);
    env.ctl("faults/clear", json!({})).await;
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(1))).await), 0);
    let (status, text) = env.post("/__sandbox/faults", &json!({"fault": "meteor"})).await;
    assert_eq!(status, 400, "{text}");
    let (status, _) = env.post("/__sandbox/fault_rate", &json!({"rate": 2.0})).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn fault_rate_one_faults_every_send() {
    let env = Env::new(SandboxConfig { fault_rate: 1.0, ..Default::default() }).await;
    let token = env.token().await;
    for i in 0..30 {
        let result = env
            .http
            .post(format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base))
            .json(&order_body(&gen_openid(i)))
            .send()
            .await;
        if let Ok(r) = result {
            let status = r.status().as_u16();
            let text = r.text().await.expect("text");
            assert!(status == 500 || text.contains("\"errcode\":-1"), "{status} {text}");
        }
    }
    let stats = env.sandbox.stats();
    let faulted = stats.rejected_by_errcode.get(&-1).copied().unwrap_or(0)
        + stats.http_errors.get(&500).copied().unwrap_or(0)
        + stats.dropped_connections;
    assert_eq!(faulted, 30);
    assert_eq!(stats.accepted, 0);

    env.ctl("fault_rate", json!({"rate": 0.0})).await;
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(99))).await), 0);
}

#[tokio::test]
async fn duplicates_and_per_openid_counts() {
    let env = Env::default().await;
    let token = env.token().await;
    let body = order_body(RICH_USER);
    assert_eq!(errcode(&env.send(&token, &body).await), 0);
    assert_eq!(env.sandbox.stats().duplicates, 0);
    assert_eq!(errcode(&env.send(&token, &body).await), 0);
    assert_eq!(env.sandbox.stats().duplicates, 1);

    // Key order does not matter: the same message written with its keys reversed.
    let data = &body["data"];
    let reversed_data: Vec<String> = ["amount5", "time4", "phrase3", "character_string2", "thing1"]
        .iter()
        .map(|k| format!("\"{k}\":{}", data[*k]))
        .collect();
    let reordered = format!(
        "{{\"data\":{{{}}},\"lang\":\"zh_CN\",\"page\":{},\"template_id\":{},\"touser\":{}}}",
        reversed_data.join(","),
        body["page"],
        body["template_id"],
        body["touser"]
    );
    let (_, text) =
        env.post_raw(&format!("/cgi-bin/message/subscribe/send?access_token={token}"), reordered).await;
    assert!(text.contains("\"errcode\":0"), "{text}");
    assert_eq!(env.sandbox.stats().duplicates, 2);

    // A different value or page is a different message.
    let mut other_value = body.clone();
    other_value["data"]["thing1"]["value"] = json!("另一件商品");
    let mut other_page = body.clone();
    other_page["page"] = json!("pages/index/index");
    for b in [&other_value, &other_page] {
        assert_eq!(errcode(&env.send(&token, b).await), 0);
    }
    assert_eq!(env.sandbox.stats().duplicates, 2);
    assert_eq!(env.sandbox.control().accepted_for(RICH_USER), 5);
    let v = env.get_json(&format!("/__sandbox/accepted?openid={RICH_USER}")).await;
    assert_eq!(v["accepted"], 5);
    assert_eq!(env.sandbox.accepted_per_openid().get(RICH_USER), Some(&5));
}

#[tokio::test]
async fn stats_endpoint_matches_and_resets() {
    let env = Env::default().await;
    let token = env.token().await;
    let mut handles = Vec::new();
    for i in 0..64 {
        let http = env.http.clone();
        let url = format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base);
        handles.push(tokio::spawn(async move {
            let text = http
                .post(url)
                .json(&order_body(&gen_openid(i)))
                .send()
                .await
                .expect("send")
                .text()
                .await
                .expect("text");
            serde_json::from_str::<Value>(&text).expect("json")["msgid"].as_u64().expect("msgid")
        }));
    }
    let mut msgids = std::collections::HashSet::new();
    for h in handles {
        assert!(msgids.insert(h.await.expect("task")));
    }
    let over_http: SandboxStats = env.http_stats().await;
    assert_eq!(over_http, env.sandbox.stats());
    assert_eq!(over_http.sends_received, 64);
    assert_eq!(over_http.accepted, 64);
    assert_eq!(over_http.accepted_per_second.iter().sum::<u64>(), 64);
    assert!(over_http.max_in_flight >= 1);
    assert_eq!(over_http.stable_token_requests, 1);

    env.ctl("reset_stats", json!({})).await;
    let reset = env.http_stats().await;
    assert_eq!(reset.accepted, 0);
    assert_eq!(reset.sends_received, 0);
    assert!(reset.accepted_per_second.is_empty());
    assert!(env.sandbox.accepted_per_openid().is_empty());
}

#[tokio::test]
async fn latency_applies_without_blocking_other_sends() {
    let env = Env::new(SandboxConfig { latency: Duration::from_millis(30), ..Default::default() }).await;
    let token = env.token().await;
    let mut handles = Vec::new();
    for i in 0..32 {
        let http = env.http.clone();
        let url = format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base);
        handles.push(tokio::spawn(async move {
            http.post(url).json(&order_body(&gen_openid(i))).send().await.expect("send").status()
        }));
    }
    for h in handles {
        assert_eq!(h.await.expect("task"), 200);
    }
    assert_eq!(env.sandbox.stats().accepted, 32);
    env.ctl("latency", json!({"ms": 0})).await;
}
