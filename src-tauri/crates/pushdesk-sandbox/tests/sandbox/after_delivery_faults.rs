//! Faults after delivery: the message is delivered (subscription consumed, counted, msgid
//! issued), then the answer is a gateway error or nothing at all.

use crate::common;

use common::{errcode, gen_openid, order_body, Env, NONE_USER, RICH_USER};
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::{Fault, OpenidCounts, SandboxConfig};
use serde_json::json;

/// A send whose transport error (if any) is returned instead of panicking.
async fn try_send(env: &Env, token: &str, openid: &str) -> Result<(u16, String), reqwest::Error> {
    let r = env
        .http
        .post(format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base))
        .json(&order_body(openid))
        .send()
        .await?;
    let status = r.status().as_u16();
    Ok((status, r.text().await?))
}

#[tokio::test]
async fn gateway_errors_after_delivery_deliver_and_consume_the_subscription() {
    let env = Env::default().await;
    let token = env.token().await;
    let control = env.sandbox.control();
    for (i, (name, status, title)) in [
        ("http502_after_delivery", 502, "502 Bad Gateway"),
        ("http504_after_delivery", 504, "504 Gateway Time-out"),
    ]
    .into_iter()
    .enumerate()
    {
        let openid = gen_openid(i);
        env.ctl("faults", json!({"fault": name})).await;
        let (got, body) = try_send(&env, &token, &openid).await.expect("an answer");
        assert_eq!(got, status, "{body}");
        assert!(body.contains(&format!("<title>{title}</title>")), "{body}");
        assert!(body.contains("<center>nginx</center>"), "{body}");
        // Delivered: one of the three default authorisations is gone.
        assert_eq!(control.subscriptions_left(&openid, TPL_ORDER_SHIPPED), 2);
        assert_eq!(
            control.openid_counts(&openid),
            OpenidCounts { received: 1, delivered: 1, delivered_unanswered: 1 }
        );
    }
    let stats = env.http_stats().await;
    assert_eq!(stats.accepted, 2);
    assert_eq!(stats.delivered_unanswered, 2);
    assert_eq!(stats.http_errors.get(&502), Some(&1));
    assert_eq!(stats.http_errors.get(&504), Some(&1));
    assert_eq!(stats.duplicates, 0);
}

#[tokio::test]
async fn dropped_connection_after_delivery_delivers() {
    let env = Env::default().await;
    let token = env.token().await;
    env.sandbox.control().queue_fault(Fault::DropAfterDelivery, 1);
    let openid = gen_openid(1);
    let err = try_send(&env, &token, &openid).await.expect_err("closed without an answer");
    // The request was written: this is not a connect error, and not a timeout either.
    assert!(!err.is_connect() && !err.is_timeout(), "{err}");
    assert_eq!(env.sandbox.control().subscriptions_left(&openid, TPL_ORDER_SHIPPED), 2);
    let stats = env.sandbox.stats();
    assert_eq!((stats.accepted, stats.delivered_unanswered, stats.dropped_connections), (1, 1, 1));
    assert_eq!(env.sandbox.control().delivered_unanswered_per_openid().get(&openid), Some(&1));

    // The server is healthy afterwards, and the next send is answered normally.
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(2))).await), 0);
}

#[tokio::test]
async fn before_delivery_faults_keep_their_names_and_deliver_nothing() {
    let env = Env::default().await;
    let token = env.token().await;
    for (i, name) in ["http502", "http502_before_delivery", "http500_before_delivery", "drop_before_delivery"]
        .iter()
        .enumerate()
    {
        env.ctl("faults", json!({"fault": name})).await;
        let _ = try_send(&env, &token, &gen_openid(i)).await;
        assert_eq!(env.sandbox.control().subscriptions_left(&gen_openid(i), TPL_ORDER_SHIPPED), 3, "{name}");
    }
    let stats = env.sandbox.stats();
    assert_eq!((stats.accepted, stats.delivered_unanswered), (0, 0));
    assert!(env.sandbox.control().delivered_unanswered_per_openid().is_empty());
}

#[tokio::test]
async fn an_after_delivery_fault_waits_for_a_delivered_send() {
    let env = Env::default().await;
    let token = env.token().await;
    env.ctl("faults", json!({"fault": "http502_after_delivery", "count": 2})).await;
    // Refused by WeChat (no subscription; invalid value): answered normally, fault kept.
    assert_eq!(errcode(&env.send(&token, &order_body(NONE_USER)).await), 43101);
    let mut invalid = order_body(RICH_USER);
    invalid["data"]["thing1"]["value"] = json!("");
    assert_eq!(errcode(&env.send(&token, &invalid).await), 47003);
    assert_eq!(env.sandbox.control().queued_faults(), 2);

    for i in 0..2 {
        let (status, _) = try_send(&env, &token, &gen_openid(i)).await.expect("answer");
        assert_eq!(status, 502);
    }
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(3))).await), 0);
    let stats = env.sandbox.stats();
    assert_eq!((stats.accepted, stats.delivered_unanswered), (3, 2));
    let counts = env.sandbox.control().openid_counts(NONE_USER);
    assert_eq!(counts, OpenidCounts { received: 1, delivered: 0, delivered_unanswered: 0 });
}

#[tokio::test]
async fn after_delivery_fault_rate_one_faults_every_delivered_send() {
    let env = Env::new(SandboxConfig { after_delivery_fault_rate: 1.0, ..Default::default() }).await;
    let token = env.token().await;
    for i in 0..30 {
        if let Ok((status, body)) = try_send(&env, &token, &gen_openid(i)).await {
            assert!(status == 502 || status == 504, "{status} {body}");
        }
    }
    // Not delivered, so not faulted: refusals are answered as usual.
    assert_eq!(errcode(&env.send(&token, &order_body(NONE_USER)).await), 43101);
    let stats = env.sandbox.stats();
    assert_eq!((stats.accepted, stats.delivered_unanswered), (30, 30));
    let faulted = stats.http_errors.values().sum::<u64>() + stats.dropped_connections;
    assert_eq!(faulted, 30);
    assert_eq!(env.sandbox.control().delivered_unanswered_per_openid().len(), 30);

    env.ctl("after_delivery_fault_rate", json!({"rate": 0.0})).await;
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(99))).await), 0);
    let (status, _) = env.post("/__sandbox/after_delivery_fault_rate", &json!({"rate": 1.5})).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn unanswered_deliveries_over_http_and_reset() {
    let env = Env::default().await;
    let token = env.token().await;
    env.ctl("faults", json!({"fault": "http504_after_delivery"})).await;
    let _ = try_send(&env, &token, RICH_USER).await;
    let v = env.get_json("/__sandbox/delivered_unanswered").await;
    assert_eq!(v, json!({ RICH_USER: 1 }));
    let v = env.get_json(&format!("/__sandbox/accepted?openid={RICH_USER}")).await;
    assert_eq!(v["accepted"], 1);
    assert_eq!(v["received"], 1);
    assert_eq!(v["delivered_unanswered"], 1);
    let v = env.get_json("/__sandbox/per_openid").await;
    assert_eq!(v[RICH_USER], json!({"received": 1, "delivered": 1, "delivered_unanswered": 1}));

    env.ctl("reset_stats", json!({})).await;
    assert_eq!(env.get_json("/__sandbox/delivered_unanswered").await, json!({}));
    assert_eq!(env.http_stats().await.delivered_unanswered, 0);
}
