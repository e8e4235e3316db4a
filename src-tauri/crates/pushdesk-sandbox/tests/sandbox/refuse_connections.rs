//! Refusing connections: while refused, a request fails at connect (it never left the client);
//! afterwards the sandbox listens again on the same port, so the same URL works.

use crate::common;

use std::time::Duration;

use common::{errcode, gen_openid, order_body, Env};
use serde_json::{json, Value};

/// Time for the client's runtime to notice that the server closed a pooled connection.
const NOTICE: Duration = Duration::from_millis(100);

async fn send(env: &Env, token: &str, i: usize) -> Result<Value, reqwest::Error> {
    let r = env
        .http
        .post(format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base))
        .json(&order_body(&gen_openid(i)))
        .send()
        .await?;
    r.json().await
}

#[tokio::test]
async fn refused_requests_fail_at_connect_and_the_same_url_works_after_reopening() {
    let env = Env::default().await;
    let token = env.token().await;
    let control = env.sandbox.control();
    // A pooled keep-alive connection exists now.
    assert_eq!(errcode(&send(&env, &token, 0).await.expect("send")), 0);

    control.refuse_connections(true).await.expect("refuse");
    assert!(control.refusing_connections());
    tokio::time::sleep(NOTICE).await;
    for i in 1..4 {
        let err = send(&env, &token, i).await.expect_err("refused");
        assert!(err.is_connect(), "a request that never left: {err:?}");
    }
    // A fresh client too: the port really refuses, it is not just the pool.
    let fresh = reqwest::Client::new();
    let err = fresh.get(format!("{}/__sandbox/stats", env.base)).send().await.expect_err("refused");
    assert!(err.is_connect(), "{err:?}");

    control.refuse_connections(false).await.expect("listen again");
    assert!(!control.refusing_connections());
    assert_eq!(errcode(&send(&env, &token, 4).await.expect("same URL works again")), 0);
    let stats = env.sandbox.stats();
    // Refused requests never reached the sandbox.
    assert_eq!((stats.sends_received, stats.accepted), (2, 2));
}

#[tokio::test]
async fn rebinding_works_with_closed_connections_in_time_wait() {
    // The sandbox closes the connections itself when refusing, which leaves them in TIME_WAIT
    // on its port. Binding again needs SO_REUSEADDR, which tokio sets on Unix; do it twice
    // with several connections each time.
    let env = Env::default().await;
    let token = env.token().await;
    let control = env.sandbox.control();
    for round in 0..2 {
        let clients: Vec<reqwest::Client> = (0..4).map(|_| reqwest::Client::new()).collect();
        for (i, c) in clients.iter().enumerate() {
            let v: Value = c
                .post(format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base))
                .json(&order_body(&gen_openid(round * 10 + i)))
                .send()
                .await
                .expect("send")
                .json()
                .await
                .expect("json");
            assert_eq!(errcode(&v), 0);
        }
        control.refuse_connections(true).await.expect("refuse");
        tokio::time::sleep(NOTICE).await;
        control.refuse_connections(false).await.expect("bind the same port again");
        for c in &clients {
            let r = c.get(format!("{}/__sandbox/stats", env.base)).send().await.expect("reconnects");
            assert_eq!(r.status(), 200);
        }
    }
}

#[tokio::test]
async fn a_request_being_answered_is_answered_before_its_connection_closes() {
    let env = Env::default().await;
    let token = env.token().await;
    let control = env.sandbox.control();
    control.hold_sends(true);
    let held = {
        let (http, url) =
            (env.http.clone(), format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base));
        tokio::spawn(async move {
            http.post(url).json(&order_body(&gen_openid(1))).send().await?.json::<Value>().await
        })
    };
    env.wait_stats(|s| s.held == 1).await;
    control.refuse_connections(true).await.expect("refuse");
    control.hold_sends(false);
    let v = held.await.expect("task").expect("answered, not cut off");
    assert_eq!(errcode(&v), 0);
    control.refuse_connections(false).await.expect("open");
}

#[tokio::test]
async fn timed_refusal_over_http_reopens_by_itself() {
    let env = Env::default().await;
    let token = env.token().await;
    // The control request itself is answered.
    env.ctl("refuse_connections", json!({"ms": 300})).await;
    tokio::time::sleep(NOTICE).await;
    let err = send(&env, &token, 1).await.expect_err("refused");
    assert!(err.is_connect(), "{err:?}");
    // Poll until it listens again (no timing assertion beyond "eventually").
    let mut reopened = false;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if let Ok(v) = send(&env, &token, 2).await {
            assert_eq!(errcode(&v), 0);
            reopened = true;
            break;
        }
    }
    assert!(reopened, "still refusing");
    assert!(!env.sandbox.control().refusing_connections());

    let (status, _) = env.post("/__sandbox/refuse_connections", &json!({"ms": 3_600_000})).await;
    assert_eq!(status, 400, "an hour is too long to lock a test out");
    let (status, _) = env.post("/__sandbox/refuse_connections", &json!({})).await;
    assert_eq!(status, 400, "over HTTP only the timed form exists");
}

#[tokio::test]
async fn a_later_command_overrides_the_timer() {
    let env = Env::default().await;
    let control = env.sandbox.control();
    control.refuse_connections_for(Duration::from_millis(100)).await.expect("refuse");
    control.refuse_connections(true).await.expect("refuse until told");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(control.refusing_connections(), "the timer must not re-open");
    control.refuse_connections(false).await.expect("open");
    assert_eq!(env.get("/__sandbox/stats").await.0, 200);
}
