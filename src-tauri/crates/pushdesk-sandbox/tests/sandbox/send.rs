//! `subscribe/send`: every errcode the sandbox produces, the ledger, 43108, limits, msgid.

use crate::common;

use std::time::Duration;

use common::{
    assert_rid, errcode, gen_openid, order_body, Env, FOREIGN_USER, NONE_USER, RICH_USER, SINGLE_USER,
};
use pushdesk_sandbox::demo::{TPL_BOOKING_CONFIRMED, TPL_ORDER_SHIPPED};
use pushdesk_sandbox::SandboxConfig;
use serde_json::{json, Value};

#[tokio::test]
async fn success_returns_an_exact_19_digit_msgid() {
    let env = Env::default().await;
    let token = env.token().await;
    let mut seen = std::collections::HashSet::new();
    for i in 0..20 {
        let (status, text) = env.send_raw(&token, &order_body(&gen_openid(i))).await;
        assert_eq!(status, 200);
        // Read the digits from the text itself: an f64 round trip would change them.
        let digits: String = text
            .split("\"msgid\":")
            .nth(1)
            .unwrap_or_else(|| panic!("no msgid: {text}"))
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        assert_eq!(digits.len(), 19, "{text}");
        let msgid: u64 = digits.parse().expect("integer");
        assert!(msgid > 9_007_199_254_740_992, "{msgid}");
        assert!(i64::try_from(msgid).is_ok());
        let v: Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v["errcode"], 0);
        assert_eq!(v["errmsg"], "ok");
        assert_eq!(v["msgid"].as_u64(), Some(msgid));
        assert!(seen.insert(msgid), "msgid repeated");
    }
}

#[tokio::test]
async fn malformed_bodies() {
    let env = Env::default().await;
    let token = env.token().await;
    let path = format!("/cgi-bin/message/subscribe/send?access_token={token}");
    let (_, text) = env.post_raw(&path, "{\"touser\":").await;
    let v: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(errcode(&v), 47001);
    assert_rid(&v);
    let (_, text) = env.post_raw(&path, "[1,2]").await;
    assert!(text.contains("47001"), "{text}");
    let (_, text) = env.post_raw(&path, "").await;
    assert!(text.contains("44002"), "{text}");
    // WeChat's answer to the wrong method is JSON too.
    let (_, text) = env.get(&path).await;
    assert!(text.contains("43002"), "{text}");
}

#[tokio::test]
async fn openid_checks() {
    let env = Env::default().await;
    let token = env.token().await;
    let control = env.sandbox.control();
    let marked = gen_openid(7);
    control.set_other_app(&marked, true);
    for touser in
        ["", "o123", "xPtYgjmUhBel31iEl2hpChYgCfrL", "oPtYgjmUhBel31iEl2hpChYgCf!L", FOREIGN_USER, &marked]
    {
        let v = env.send(&token, &order_body(touser)).await;
        assert_eq!(errcode(&v), 40003, "{touser}: {v}");
        assert_eq!(v["errmsg"].as_str().map(|m| m.starts_with("invalid openid")), Some(true));
    }
    let mut body = order_body(RICH_USER);
    body.as_object_mut().expect("object").remove("touser");
    assert_eq!(errcode(&env.send(&token, &body).await), 40003);
    control.set_other_app(&marked, false);
    assert_eq!(errcode(&env.send(&token, &order_body(&marked)).await), 0);
}

#[tokio::test]
async fn template_and_page_checks() {
    let env = Env::default().await;
    let token = env.token().await;
    let mut body = order_body(RICH_USER);
    body["template_id"] = json!("NoSuchTemplate000000000000000000000000000000");
    assert_eq!(errcode(&env.send(&token, &body).await), 40037);

    let mut body = order_body(RICH_USER);
    body["page"] = json!("pages/secret/admin");
    let v = env.send(&token, &body).await;
    assert_eq!(errcode(&v), 41030);
    assert_rid(&v);

    for (i, page) in ["pages/index/index", "/pages/member/points?from=push", ""].iter().enumerate() {
        let mut body = order_body(RICH_USER);
        body["page"] = json!(page);
        body["data"]["thing1"]["value"] = json!(format!("页面 {i}"));
        assert_eq!(errcode(&env.send(&token, &body).await), 0, "{page}");
    }
    let mut body = order_body(RICH_USER);
    body.as_object_mut().expect("object").remove("page");
    assert_eq!(errcode(&env.send(&token, &body).await), 0);
}

#[tokio::test]
async fn argument_checks_name_the_field() {
    let env = Env::default().await;
    let token = env.token().await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("thing1", json!({"value": ""}), "argument invalid! data.thing1.value is empty"),
        (
            "thing1",
            json!({"value": "这是一个超过二十个字符的商品名称真的很长很长"}),
            // WeChat says "invalid" for a value that is too long, too.
            "argument invalid! data.thing1.value invalid",
        ),
        (
            "character_string2",
            json!({"value": "顺丰单号"}),
            "argument invalid! data.character_string2.value invalid",
        ),
        ("time4", json!({"value": "明天上午"}), "argument invalid! data.time4.value invalid"),
        ("amount5", json!({"value": 89}), "argument invalid! data.amount5.value invalid"),
        ("phrase3", Value::Null, "argument invalid! data.phrase3.value is empty"),
        (
            "thing9",
            json!({"value": "多余"}),
            "argument invalid! data.thing9 is not a keyword of the template",
        ),
    ];
    for (key, value, expected) in cases {
        let mut body = order_body(RICH_USER);
        if value.is_null() {
            body["data"].as_object_mut().expect("data").remove(key);
        } else {
            body["data"][key] = value;
        }
        let v = env.send(&token, &body).await;
        assert_eq!(errcode(&v), 47003, "{key}: {v}");
        let msg = v["errmsg"].as_str().expect("errmsg");
        assert!(msg.starts_with(&format!("{expected} rid: ")), "{msg}");
    }

    // Enum values must be listed in the template.
    let mut booking = json!({
        "touser": RICH_USER, "template_id": TPL_BOOKING_CONFIRMED,
        "data": {
            "name1": {"value": "张三"}, "phone_number2": {"value": "138-0013-8000"},
            "time3": {"value": "2026年11月28日 14:30"}, "car_number4": {"value": "粤A8Z888"},
            "enum_string5": {"value": "已确认"}
        }
    });
    assert_eq!(errcode(&env.send(&token, &booking).await), 0);
    booking["data"]["enum_string5"]["value"] = json!("处理中");
    let v = env.send(&token, &booking).await;
    assert!(
        v["errmsg"].as_str().expect("msg").starts_with("argument invalid! data.enum_string5.value"),
        "{v}"
    );

    for (field, bad) in [("miniprogram_state", "beta"), ("lang", "fr_FR")] {
        let mut body = order_body(RICH_USER);
        body[field] = json!(bad);
        let v = env.send(&token, &body).await;
        assert_eq!(errcode(&v), 47003, "{v}");
        assert!(v["errmsg"].as_str().expect("msg").contains(field));
    }
    for state in ["trial", "developer"] {
        let mut body = order_body(RICH_USER);
        body["miniprogram_state"] = json!(state);
        body["data"]["thing1"]["value"] = json!(state);
        assert_eq!(errcode(&env.send(&token, &body).await), 0);
    }
}

#[tokio::test]
async fn ledger_consumes_one_authorisation_per_send() {
    let env = Env::new(SandboxConfig { default_subscriptions: 2, ..Default::default() }).await;
    let token = env.token().await;
    let control = env.sandbox.control();

    let v = env.send(&token, &order_body(NONE_USER)).await;
    assert_eq!(errcode(&v), 43101);
    assert!(v["errmsg"].as_str().expect("msg").starts_with("user refuse to accept the msg rid: "));

    assert_eq!(errcode(&env.send(&token, &order_body(SINGLE_USER)).await), 0);
    assert_eq!(errcode(&env.send(&token, &order_body(SINGLE_USER)).await), 43101);
    env.ctl("grant", json!({"openid": SINGLE_USER, "template_id": TPL_ORDER_SHIPPED, "count": 2})).await;
    assert_eq!(control.subscriptions_left(SINGLE_USER, TPL_ORDER_SHIPPED), 2);
    assert_eq!(errcode(&env.send(&token, &order_body(SINGLE_USER)).await), 0);
    env.ctl("revoke", json!({"openid": SINGLE_USER, "template_id": TPL_ORDER_SHIPPED})).await;
    assert_eq!(errcode(&env.send(&token, &order_body(SINGLE_USER)).await), 43101);

    // Unknown valid-shaped openids start with `default_subscriptions`.
    let stranger = gen_openid(1);
    assert_eq!(errcode(&env.send(&token, &order_body(&stranger)).await), 0);
    assert_eq!(errcode(&env.send(&token, &order_body(&stranger)).await), 0);
    assert_eq!(errcode(&env.send(&token, &order_body(&stranger)).await), 43101);
    let left = env
        .get_json(&format!("/__sandbox/subscriptions?openid={stranger}&template_id={TPL_ORDER_SHIPPED}"))
        .await;
    assert_eq!(left["remaining"], 0);

    let stats = env.sandbox.stats();
    assert_eq!(stats.rejected_by_errcode.get(&43101), Some(&4));
    assert_eq!(stats.accepted, 4);
}

#[tokio::test]
async fn concurrent_sends_to_one_openid_get_43108() {
    let env = Env::default().await;
    let token = env.token().await;
    env.ctl("hold", json!({"hold": true})).await;

    let first = {
        let http = env.http.clone();
        let url = format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base);
        tokio::spawn(async move {
            http.post(url)
                .json(&order_body(RICH_USER))
                .send()
                .await
                .expect("send")
                .text()
                .await
                .expect("text")
        })
    };
    env.wait_stats(|s| s.held == 1).await;

    let mut second = order_body(RICH_USER);
    second["data"]["thing1"]["value"] = json!("另一条消息");
    let v = env.send(&token, &second).await;
    assert_eq!(errcode(&v), 43108, "{v}");
    assert_rid(&v);
    // Another openid is not affected.
    env.sandbox.control().hold_sends(false);
    let first: Value = serde_json::from_str(&first.await.expect("task")).expect("json");
    assert_eq!(errcode(&first), 0);
    // The openid is free again.
    assert_eq!(errcode(&env.send(&token, &second).await), 0);

    let stats = env.http_stats().await;
    assert_eq!(stats.concurrent_rejections, 1);
    assert_eq!(stats.rejected_by_errcode.get(&43108), Some(&1));
    assert!(stats.max_in_flight >= 2);
    assert_eq!(stats.in_flight, 0);
}

#[tokio::test]
async fn per_minute_and_daily_limits() {
    let env = Env::new(SandboxConfig { per_minute_limit: Some(2), ..Default::default() }).await;
    let token = env.token().await;
    for i in 0..2 {
        assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(i))).await), 0);
    }
    let v = env.send(&token, &order_body(&gen_openid(2))).await;
    assert_eq!(errcode(&v), 45011);
    assert_rid(&v);
    env.ctl("advance_clock", json!({"seconds": 60})).await;
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(3))).await), 0);

    env.ctl("limits", json!({"per_minute": null, "daily": 3})).await;
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(4))).await), 45009);
    let quota = env
        .post_json(
            &format!("/cgi-bin/openapi/quota/get?access_token={token}"),
            &json!({"cgi_path": "/cgi-bin/message/subscribe/send"}),
        )
        .await;
    assert_eq!(quota["errcode"], 0);
    assert_eq!(quota["quota"], json!({"daily_limit": 3, "used": 3, "remain": 0}));

    env.sandbox.control().advance_clock(Duration::from_secs(86_400));
    let token = env.token().await;
    assert_eq!(errcode(&env.send(&token, &order_body(&gen_openid(5))).await), 0);
    env.sandbox.control().set_limits(None, None);
    let quota = env
        .post_json(
            &format!("/cgi-bin/openapi/quota/get?access_token={token}"),
            &json!({"cgi_path": "/cgi-bin/message/subscribe/send"}),
        )
        .await;
    assert_eq!(quota["quota"]["daily_limit"], 10_000_000);
    assert_eq!(quota["quota"]["used"], 1);
    let unknown = env
        .post_json(
            &format!("/cgi-bin/openapi/quota/get?access_token={token}"),
            &json!({"cgi_path": "/cgi-bin/nope"}),
        )
        .await;
    assert_eq!(errcode(&unknown), 76021);

    let stats = env.sandbox.stats();
    assert_eq!(stats.rejected_by_errcode.get(&45011), Some(&1));
    assert_eq!(stats.rejected_by_errcode.get(&45009), Some(&1));
}

#[tokio::test]
async fn retired_template_message_and_unknown_paths() {
    let env = Env::default().await;
    let token = env.token().await;
    let body = json!({"touser": RICH_USER, "template_id": "x", "form_id": "f", "data": {}});
    for path in ["/cgi-bin/message/wxopen/template/send", "/cgi-bin/message/wxopen/template/uniform_send"] {
        let v = env.post_json(&format!("{path}?access_token={token}"), &body).await;
        assert_eq!(errcode(&v), 45109, "{v}");
        assert_rid(&v);
    }
    let (status, text) = env.get("/cgi-bin/no/such/api").await;
    assert_eq!(status, 404);
    let v: Value = serde_json::from_str(&text).expect("JSON, not HTML");
    assert_eq!(errcode(&v), 40066);
    assert_rid(&v);
}

#[tokio::test]
async fn extra_apps_have_their_own_tokens_and_ledger() {
    let env = Env::new(SandboxConfig {
        apps: vec![("wxsecondapp0000001".into(), "second-secret".into())],
        ..Default::default()
    })
    .await;
    let v = env
        .get_json("/cgi-bin/token?grant_type=client_credential&appid=wxsecondapp0000001&secret=second-secret")
        .await;
    let token = v["access_token"].as_str().expect("token").to_owned();
    // The demo users' ledger belongs to the demo app; here everyone has the default.
    assert_eq!(errcode(&env.send(&token, &order_body(NONE_USER)).await), 0);
}
