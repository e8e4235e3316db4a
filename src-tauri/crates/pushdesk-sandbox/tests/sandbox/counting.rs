//! What the sandbox counts per openid and per second: every request received, every message
//! delivered, and the busiest one-second windows of both.

use crate::common;

use std::time::Duration;

use common::{errcode, gen_openid, order_body, Env, NONE_USER, RICH_USER};
use pushdesk_sandbox::OpenidCounts;
use serde_json::json;

#[tokio::test]
async fn received_counts_every_request_naming_an_openid_whatever_its_answer() {
    let env = Env::default().await;
    let token = env.token().await;
    let body = order_body(RICH_USER);
    assert_eq!(errcode(&env.send("bogus-token", &body).await), 40001);
    env.ctl("faults", json!({"fault": "system_busy"})).await;
    assert_eq!(errcode(&env.send(&token, &body).await), -1);
    let mut invalid = body.clone();
    invalid["data"]["time4"]["value"] = json!("明天");
    assert_eq!(errcode(&env.send(&token, &invalid).await), 47003);
    assert_eq!(errcode(&env.send(&token, &body).await), 0);
    assert_eq!(errcode(&env.send(&token, &order_body(NONE_USER)).await), 43101);
    // A body that names nobody is counted in total only.
    let (_, text) = env.post_raw(&format!("/cgi-bin/message/subscribe/send?access_token={token}"), "{").await;
    assert!(text.contains("47001"), "{text}");

    let control = env.sandbox.control();
    assert_eq!(
        control.openid_counts(RICH_USER),
        OpenidCounts { received: 4, delivered: 1, delivered_unanswered: 0 }
    );
    assert_eq!(
        control.openid_counts(NONE_USER),
        OpenidCounts { received: 1, delivered: 0, delivered_unanswered: 0 }
    );
    let received = control.received_per_openid();
    assert_eq!(received.len(), 2);
    assert_eq!(received.get(RICH_USER), Some(&4));
    // `accepted_per_openid` lists only openids delivered to.
    assert_eq!(control.accepted_per_openid().len(), 1);
    assert_eq!(env.sandbox.stats().sends_received, 6);

    env.ctl("reset_stats", json!({})).await;
    assert!(control.per_openid().is_empty());
}

#[tokio::test]
async fn busiest_second_of_a_burst_is_the_burst() {
    let env = Env::default().await;
    let token = env.token().await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (http, url) =
            (env.http.clone(), format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base));
        // Every other one names a user without subscriptions: received, not delivered.
        let openid = if i % 2 == 0 { gen_openid(i) } else { NONE_USER.to_owned() };
        tasks.push(tokio::spawn(async move { http.post(url).json(&order_body(&openid)).send().await }));
    }
    for t in tasks {
        t.await.expect("task").expect("send");
    }
    let stats = env.http_stats().await;
    assert_eq!(stats.busiest_second_received, 20);
    assert_eq!(stats.busiest_second_delivered, 10);

    env.ctl("reset_stats", json!({})).await;
    let stats = env.http_stats().await;
    assert_eq!((stats.busiest_second_received, stats.busiest_second_delivered), (0, 0));
}

#[tokio::test]
async fn sends_more_than_a_second_apart_never_share_a_window() {
    let env = Env::default().await;
    let token = env.token().await;
    for i in 0..3 {
        if i > 0 {
            // The next request leaves after the previous answer plus this pause, so arrivals
            // are more than a second apart however slow the machine is.
            tokio::time::sleep(Duration::from_millis(1050)).await;
        }
        assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(i))).await), 0);
    }
    let stats = env.sandbox.stats();
    assert_eq!((stats.busiest_second_received, stats.busiest_second_delivered), (1, 1));
    assert_eq!(stats.accepted, 3);
}

/// What a phone would show: the page each delivered card opens, and nothing for a refused send.
#[tokio::test]
async fn recent_deliveries_keep_the_page_of_each_delivered_card() {
    let env = Env::default().await;
    let token = env.token().await;
    let mut body = order_body(RICH_USER);
    body["page"] = json!("pages/order/detail?id=SF1402938475612");
    assert_eq!(errcode(&env.send(&token, &body).await), 0);
    assert_eq!(errcode(&env.send(&token, &order_body(NONE_USER)).await), 43101);

    let control = env.sandbox.control();
    let recent = control.recent_deliveries();
    assert_eq!(recent.len(), 1);
    assert_eq!(
        (recent[0].openid.as_str(), recent[0].page.as_str()),
        (RICH_USER, "pages/order/detail?id=SF1402938475612")
    );
    control.reset_stats();
    assert!(control.recent_deliveries().is_empty());
}
