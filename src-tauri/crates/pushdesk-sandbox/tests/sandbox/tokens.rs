//! Access token semantics: classic vs stable, overlap, force refresh limits, expiry.

use crate::common;

use common::{assert_rid, errcode, order_body, Env, RICH_USER};
use pushdesk_sandbox::{DEMO_APPID, DEMO_SECRET};
use serde_json::json;

/// A cheap authenticated call: 0 if the token works, its errcode otherwise.
async fn probe(env: &Env, token: &str) -> i64 {
    let v = env
        .post_json(
            &format!("/cgi-bin/openapi/quota/get?access_token={token}"),
            &json!({"cgi_path": "/cgi-bin/message/subscribe/send"}),
        )
        .await;
    errcode(&v)
}

#[tokio::test]
async fn classic_token_rejects_bad_credentials() {
    let env = Env::default().await;
    let cases = [
        (format!("grant_type=client_credential&appid=wxnope&secret={DEMO_SECRET}"), 40013),
        (format!("grant_type=client_credential&appid={DEMO_APPID}&secret=wrong"), 40125),
        (format!("appid={DEMO_APPID}&secret={DEMO_SECRET}"), 40002),
        (format!("grant_type=client_credential&secret={DEMO_SECRET}"), 41002),
        (format!("grant_type=client_credential&appid={DEMO_APPID}"), 41004),
    ];
    for (query, code) in cases {
        let v = env.get_json(&format!("/cgi-bin/token?{query}")).await;
        assert_eq!(errcode(&v), code, "{query}: {v}");
        assert_rid(&v);
    }
    let v = env
        .get_json(&format!(
            "/cgi-bin/token?grant_type=client_credential&appid={DEMO_APPID}&secret={DEMO_SECRET}"
        ))
        .await;
    assert_eq!(v["expires_in"], 7200);
    assert!(v["access_token"].as_str().expect("token").len() > 100);
    assert_eq!(env.sandbox.stats().token_requests, 6);
}

#[tokio::test]
async fn new_classic_token_invalidates_the_previous_after_five_minutes() {
    let env = Env::default().await;
    let first = env.classic_token().await;
    let second = env.classic_token().await;
    assert_ne!(first, second);
    assert_eq!(probe(&env, &first).await, 0, "overlap keeps the old token");
    env.ctl("advance_clock", json!({"seconds": 301})).await;
    assert_eq!(probe(&env, &first).await, 40001);
    assert_eq!(probe(&env, &second).await, 0);
}

#[tokio::test]
async fn stable_token_is_reused_and_isolated_from_classic() {
    let env = Env::default().await;
    let a = env.stable(false).await;
    let b = env.stable(false).await;
    assert_eq!(a["access_token"], b["access_token"]);
    assert!(b["expires_in"].as_u64().expect("expires_in") <= 7200);
    let stable = a["access_token"].as_str().expect("token").to_owned();

    // Classic tokens never invalidate the stable one, even after the overlap.
    env.classic_token().await;
    env.classic_token().await;
    env.ctl("advance_clock", json!({"seconds": 400})).await;
    assert_eq!(probe(&env, &stable).await, 0);
    let c = env.stable(false).await;
    assert_eq!(c["access_token"], stable);
    let left = c["expires_in"].as_u64().expect("expires_in");
    assert!((6700..=6800).contains(&left), "remaining lifetime, got {left}");

    // Within 5 minutes of expiry a normal call renews.
    env.ctl("advance_clock", json!({"seconds": 6600})).await;
    let d = env.stable(false).await;
    assert_ne!(d["access_token"], stable);
    assert_eq!(d["expires_in"], 7200);
    assert_eq!(env.sandbox.stats().stable_token_requests, 4);
}

#[tokio::test]
async fn stable_force_refresh_is_spaced_and_capped() {
    let env = Env::default().await;
    let old = env.token().await;
    let forced = env.stable(true).await;
    let new = forced["access_token"].as_str().expect("token").to_owned();
    assert_ne!(new, old);
    assert_eq!(probe(&env, &old).await, 0, "old token lives through the overlap");
    assert_eq!(env.stable(false).await["access_token"], new.as_str());

    let too_soon = env.stable(true).await;
    assert_eq!(errcode(&too_soon), 45011, "{too_soon}");
    assert_rid(&too_soon);

    env.ctl("advance_clock", json!({"seconds": 301})).await;
    assert_eq!(probe(&env, &old).await, 40001);

    // 1 forced so far; 19 more allowed today, 30 s apart.
    for _ in 0..19 {
        env.ctl("advance_clock", json!({"seconds": 31})).await;
        let v = env.stable(true).await;
        assert!(v["access_token"].is_string(), "{v}");
    }
    env.ctl("advance_clock", json!({"seconds": 31})).await;
    assert_eq!(errcode(&env.stable(true).await), 45009);
    assert_eq!(env.sandbox.stats().stable_force_refreshes, 20);
}

#[tokio::test]
async fn stable_token_validates_its_body() {
    let env = Env::default().await;
    let (_, text) = env.post_raw("/cgi-bin/stable_token", "{not json").await;
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(errcode(&v), 47001);
    let v = env
        .post_json(
            "/cgi-bin/stable_token",
            &json!({"grant_type":"client_credential","appid":DEMO_APPID,"secret":"nope"}),
        )
        .await;
    assert_eq!(errcode(&v), 40125);
}

#[tokio::test]
async fn every_api_checks_the_token() {
    let env = Env::default().await;
    let body = order_body(RICH_USER);
    let v = env.post_json("/cgi-bin/message/subscribe/send", &body).await;
    assert_eq!(errcode(&v), 41001);
    assert_rid(&v);
    assert_eq!(errcode(&env.send("bogus", &body).await), 40001);
    assert_eq!(errcode(&env.get_json("/wxaapi/newtmpl/gettemplate?access_token=bogus").await), 40001);

    let token = env.token().await;
    assert_eq!(errcode(&env.send(&token, &body).await), 0);
    env.sandbox.control().expire_tokens();
    let v = env.send(&token, &body).await;
    assert_eq!(errcode(&v), 42001, "{v}");
    assert_eq!(
        errcode(&env.get_json(&format!("/wxaapi/newtmpl/gettemplate?access_token={token}")).await),
        42001
    );

    // A normal stable call after expiry hands out a fresh token.
    let fresh = env.token().await;
    assert_ne!(fresh, token);
    assert_eq!(errcode(&env.send(&fresh, &body).await), 0);
}

#[tokio::test]
async fn short_ttl_tokens_expire_with_the_clock() {
    let env = Env::new(pushdesk_sandbox::SandboxConfig {
        token_ttl: std::time::Duration::from_secs(60),
        ..Default::default()
    })
    .await;
    let token = env.classic_token().await;
    assert_eq!(probe(&env, &token).await, 0);
    env.sandbox.control().advance_clock(std::time::Duration::from_secs(61));
    assert_eq!(probe(&env, &token).await, 42001);
}
