//! The demo Official Account (服务号): tokens, templates, `template/send` with WeChat's errcodes,
//! the 2023 display rules, `client_msg_id` against faults on both sides of delivery, followers,
//! tags, intercepted messages, and 48001 across the two kinds of account.

use crate::common;

use std::collections::HashSet;
use std::time::Duration;

use common::{errcode, order_body, Env, RICH_USER};
use pushdesk_sandbox::demo::TPL_ORDER_SHIPPED;
use pushdesk_sandbox::demo_official::{
    OA_BLACKLISTED_FOLLOWERS, OA_TAG_BEIJING, OA_TAG_NEW, OA_TAG_STARRED, OA_TAG_VIP, OA_USER_UNFOLLOWED,
};
use pushdesk_sandbox::{
    oa_follower_index, oa_follower_openid, DeliveryChannel, Fault, PushEvent, SandboxConfig, DEMO_APPID,
    DEMO_OA_APPID, DEMO_OA_SECRET, OA_TPL_ACTIVITY_START, OA_TPL_LEGACY_PAYMENT, OA_TPL_ORDER_SHIPPED,
    OA_TPL_POINTS_CHANGED,
};
use serde_json::{json, Value};

const SEND: &str = "/cgi-bin/message/template/send";

async fn oa_token(env: &Env) -> String {
    let v = env
        .get_json(&format!(
            "/cgi-bin/token?grant_type=client_credential&appid={DEMO_OA_APPID}&secret={DEMO_OA_SECRET}"
        ))
        .await;
    v["access_token"].as_str().unwrap_or_else(|| panic!("no token: {v}")).to_owned()
}

async fn send(env: &Env, token: &str, body: &Value) -> Value {
    env.post_json(&format!("{SEND}?access_token={token}"), body).await
}

/// A send that may be answered by a fault: (status, body) or the transport error.
async fn try_send(env: &Env, token: &str, body: &Value) -> Result<(u16, String), reqwest::Error> {
    let r = env.http.post(format!("{}{SEND}?access_token={token}", env.base)).json(body).send().await?;
    let status = r.status().as_u16();
    Ok((status, r.text().await?))
}

fn msgid(v: &Value) -> u64 {
    assert_eq!(errcode(v), 0, "{v}");
    v["msgid"].as_u64().unwrap_or_else(|| panic!("no msgid: {v}"))
}

fn follower(i: u32) -> String {
    oa_follower_openid(i)
}

/// A valid 支付成功通知 (legacy template) send.
fn legacy_body(openid: &str) -> Value {
    json!({
        "touser": openid,
        "template_id": OA_TPL_LEGACY_PAYMENT,
        "url": "https://shop.example.com/orders/20261124100023",
        "data": {
            "first": {"value": "您的订单已支付成功", "color": "#173177"},
            "keyword1": {"value": "20261124100023"},
            "keyword2": {"value": "128.00元", "color": "#FF0000"},
            "remark": {"value": "感谢您的惠顾"}
        }
    })
}

/// A valid 订单发货提醒 (category template) send.
fn shipped_body(openid: &str) -> Value {
    json!({
        "touser": openid,
        "template_id": OA_TPL_ORDER_SHIPPED,
        "data": {
            "thing1": {"value": "拿铁咖啡豆 250g"},
            "thing2": {"value": "顺丰速运"},
            "character_string3": {"value": "SF1402938475612"},
            "time4": {"value": "2026-11-24 10:00"}
        }
    })
}

fn with_client_msg_id(mut body: Value, id: &str) -> Value {
    body["client_msg_id"] = json!(id);
    body
}

/// The `TEMPLATESENDJOBFINISH` receipts recorded: (openid, msgid, status).
fn receipts(env: &Env) -> Vec<(String, u64, String)> {
    env.sandbox
        .control()
        .pushes(0)
        .into_iter()
        .filter_map(|p| match p.event {
            PushEvent::TemplateSendJobFinish { msgid, status } => Some((p.openid, msgid, status)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn tokens_work_and_each_kind_keeps_to_its_apis() {
    let env = Env::default().await;
    let classic = oa_token(&env).await;
    let stable = env
        .post_json(
            "/cgi-bin/stable_token",
            &json!({"grant_type": "client_credential", "appid": DEMO_OA_APPID, "secret": DEMO_OA_SECRET}),
        )
        .await;
    let stable = stable["access_token"].as_str().expect("stable token").to_owned();
    for token in [&classic, &stable] {
        msgid(&send(&env, token, &legacy_body(&follower(1))).await);
    }
    let wrong_secret = env
        .get_json(&format!("/cgi-bin/token?grant_type=client_credential&appid={DEMO_OA_APPID}&secret=x"))
        .await;
    assert_eq!(errcode(&wrong_secret), 40125);

    // An Official Account's token on mini program APIs, and the other way round: 48001.
    let mp = env.token().await;
    let v = env.send(&classic, &order_body(RICH_USER)).await;
    assert_eq!(errcode(&v), 48001, "{v}");
    assert!(v["errmsg"].as_str().expect("errmsg").starts_with("api unauthorized rid: "));
    assert_eq!(
        errcode(&env.get_json(&format!("/wxaapi/newtmpl/gettemplate?access_token={classic}")).await),
        48001
    );
    let mp_only = ["/cgi-bin/template/get_all_private_template", "/cgi-bin/user/get", "/cgi-bin/tags/get"];
    for path in mp_only {
        assert_eq!(errcode(&env.get_json(&format!("{path}?access_token={mp}")).await), 48001, "{path}");
    }
    assert_eq!(errcode(&send(&env, &mp, &legacy_body(&follower(1))).await), 48001);
    let v = env.post_json(&format!("/cgi-bin/user/tag/get?access_token={mp}"), &json!({"tagid": 100})).await;
    assert_eq!(errcode(&v), 48001);
    // The mini program still works with its own token, and the OA token's 48001 delivered nothing.
    assert_eq!(errcode(&env.send(&mp, &order_body(RICH_USER)).await), 0);
    assert_eq!(env.sandbox.stats().accepted, 3);

    // Each kind asks quota/get about its own send API.
    let quota = env
        .post_json(&format!("/cgi-bin/openapi/quota/get?access_token={classic}"), &json!({"cgi_path": SEND}))
        .await;
    assert_eq!(quota["quota"]["used"], 2, "{quota}");
    assert_eq!(quota["quota"]["daily_limit"], 100_000);
}

#[tokio::test]
async fn private_templates_are_listed() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let v = env.get_json(&format!("/cgi-bin/template/get_all_private_template?access_token={token}")).await;
    let list = v["template_list"].as_array().unwrap_or_else(|| panic!("{v}"));
    let ids: Vec<&str> = list.iter().map(|t| t["template_id"].as_str().expect("id")).collect();
    assert_eq!(
        ids,
        [OA_TPL_ORDER_SHIPPED, OA_TPL_ACTIVITY_START, OA_TPL_POINTS_CHANGED, OA_TPL_LEGACY_PAYMENT]
    );
    for t in list {
        for field in ["title", "primary_industry", "deputy_industry", "content", "example"] {
            assert!(t[field].as_str().is_some_and(|s| !s.is_empty()), "{field}: {t}");
        }
    }
    assert_eq!(
        list[3]["content"],
        "{{first.DATA}}\n订单号：{{keyword1.DATA}}\n金额：{{keyword2.DATA}}\n{{remark.DATA}}"
    );
    assert!(list[0]["content"].as_str().expect("content").contains("{{character_string3.DATA}}"));
    assert!(v.get("errcode").is_none(), "WeChat's answer has no errcode: {v}");
}

#[tokio::test]
async fn a_legacy_card_shows_what_the_2023_rules_leave() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let openid = follower(7);
    let mut body = legacy_body(&openid);
    body["data"]["keyword1"]["value"] = json!("订单号二零二六一一二四一零零零二三超长部分不显示");
    body["data"]["keyword2"]["value"] = json!("128.00元🎉\n已到账");
    body["miniprogram"] = json!({"appid": DEMO_APPID, "pagepath": "pages/order/detail?id=7"});
    let id = msgid(&send(&env, &token, &body).await);

    let recent = env.sandbox.control().recent_deliveries();
    assert_eq!(recent.len(), 1);
    let card = &recent[0];
    assert_eq!(
        (card.channel, card.msgid, card.openid.as_str()),
        (DeliveryChannel::Template, id, openid.as_str())
    );
    assert_eq!(card.page, "pages/order/detail?id=7");
    assert_eq!(card.url, "https://shop.example.com/orders/20261124100023");
    let keys: Vec<&str> = card.shown.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(keys, ["keyword1", "keyword2"], "first and remark are not displayed");
    assert_eq!(card.shown[0].label, "订单号");
    // Cut after 20 characters, silently: the send was answered ok.
    assert_eq!(card.shown_value("keyword1"), Some("订单号二零二六一一二四一零零零二三超长部…"));
    assert_eq!(card.shown_value("keyword1").map(|v| v.chars().count()), Some(21));
    // Emoji removed (WeChat's final rule, not □), one line.
    assert_eq!(card.shown_value("keyword2"), Some("128.00元已到账"));

    // The same over HTTP, marked as a template message.
    let over_http = env.get_json("/__sandbox/recent").await;
    assert_eq!(over_http[0]["channel"], "template");
    assert_eq!(over_http[0]["shown"][1]["value"], "128.00元已到账");

    // WeChat's receipt push, in both export forms.
    assert_eq!(receipts(&env), [(openid.clone(), id, "success".to_owned())]);
    let xml = env.sandbox.control().pushes_xml(0);
    assert!(xml.contains("<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>"), "{xml}");
    assert!(xml.contains(&format!("<MsgID>{id}</MsgID><Status><![CDATA[success]]></Status>")), "{xml}");
    assert!(xml.contains(&format!("<FromUserName><![CDATA[{openid}]]></FromUserName>")), "{xml}");
    assert!(xml.contains("<ToUserName><![CDATA[gh_"), "{xml}");
    let json_line = env.sandbox.control().pushes_json(0);
    let pushed: Value = serde_json::from_str(json_line.trim()).expect("json push");
    assert_eq!(pushed["MsgID"], id.to_string());
    assert_eq!(pushed["Status"], "success");
    assert!(pushed.get("List").is_none());
    let stats = env.sandbox.stats();
    assert_eq!((stats.sends_received, stats.accepted), (1, 1));
}

#[tokio::test]
async fn a_legacy_template_tolerates_missing_keywords() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let body = json!({"touser": follower(8), "template_id": OA_TPL_LEGACY_PAYMENT, "data": {"keyword1": {"value": "A1"}}});
    msgid(&send(&env, &token, &body).await);
    let card = env.sandbox.control().recent_deliveries().remove(0);
    assert_eq!((card.shown_value("keyword1"), card.shown_value("keyword2")), (Some("A1"), Some("")));
}

#[tokio::test]
async fn category_templates_are_checked_like_subscribe_messages() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let openid = follower(9);
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "thing1",
            json!({"value": "这是一个超过二十个字符的商品名称真的很长很长"}),
            "data.thing1.value invalid",
        ),
        ("thing2", Value::Null, "data.thing2.value is empty"),
        ("time4", json!({"value": "明天上午"}), "data.time4.value invalid"),
        ("character_string3", json!({"value": 1402938}), "data.character_string3.value invalid"),
    ];
    for (key, value, expected) in cases {
        let mut body = shipped_body(&openid);
        if value.is_null() {
            body["data"].as_object_mut().expect("data").remove(key);
        } else {
            body["data"][key] = value;
        }
        let v = send(&env, &token, &body).await;
        assert_eq!(errcode(&v), 47003, "{key}: {v}");
        let msg = v["errmsg"].as_str().expect("errmsg");
        assert!(msg.starts_with(&format!("argument invalid! {expected} rid: ")), "{msg}");
    }
    // `data` that is not an object.
    let mut body = shipped_body(&openid);
    body["data"] = json!("{\"thing1\":{\"value\":\"x\"}}");
    assert_eq!(errcode(&send(&env, &token, &body).await), 47003);

    // Keys the template lacks (first, remark, a stray one) are ignored; emoji in a thing are
    // removed from what is shown.
    let mut body = shipped_body(&openid);
    body["data"]["first"] = json!({"value": "您的包裹已发出"});
    body["data"]["thing9"] = json!({"value": "多余"});
    body["data"]["thing1"] = json!({"value": "拿铁咖啡豆☕"});
    msgid(&send(&env, &token, &body).await);
    let card = env.sandbox.control().recent_deliveries().remove(0);
    assert_eq!(card.shown.len(), 4);
    assert_eq!(card.shown_value("thing1"), Some("拿铁咖啡豆"));
    assert_eq!(env.sandbox.stats().accepted, 1);

    let points = json!({
        "touser": openid, "template_id": OA_TPL_POINTS_CHANGED,
        "data": {"amount1": {"value": "￥128.00"}, "number2": {"value": "128"}, "thing3": {"value": "门店消费积分"}}
    });
    msgid(&send(&env, &token, &points).await);
    let activity = json!({
        "touser": openid, "template_id": OA_TPL_ACTIVITY_START,
        "data": {"thing1": {"value": "会员日新品品鉴会"}, "time2": {"value": "2026-12-12 19:30"}, "phrase3": {"value": "即将开始"}}
    });
    msgid(&send(&env, &token, &activity).await);
}

#[tokio::test]
async fn wechats_refusals_deliver_nothing() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let control = env.sandbox.control();
    let marked = follower(11);
    control.set_other_app(&marked, true);
    // 40003: ill-shaped, a mini program's user, an openid of no user of the account, another app's.
    for touser in ["", "o123", RICH_USER, "oRq7WsAAAAAAAAAAAAAAAAAAAAAA", &marked] {
        let v = send(&env, &token, &legacy_body(touser)).await;
        assert_eq!(errcode(&v), 40003, "{touser}: {v}");
    }
    // 40037
    let mut body = legacy_body(&follower(1));
    body["template_id"] = json!(TPL_ORDER_SHIPPED);
    assert_eq!(errcode(&send(&env, &token, &body).await), 40037);
    // 43004: a former follower, and a follower who unfollows (then follows again).
    let v = send(&env, &token, &legacy_body(OA_USER_UNFOLLOWED)).await;
    assert_eq!(errcode(&v), 43004);
    assert!(v["errmsg"].as_str().expect("errmsg").starts_with("require subscribe rid: "));
    env.ctl("oa/unfollow", json!({"openid": follower(12)})).await;
    assert_eq!(errcode(&send(&env, &token, &legacy_body(&follower(12))).await), 43004);
    // 43019: a blacklisted follower, and one the control blacklists.
    let blacklisted = follower(OA_BLACKLISTED_FOLLOWERS[0]);
    let v = send(&env, &token, &legacy_body(&blacklisted)).await;
    assert_eq!(errcode(&v), 43019);
    assert!(v["errmsg"].as_str().expect("errmsg").starts_with("require remove blacklist rid: "));
    env.ctl("oa/block", json!({"openid": follower(13)})).await;
    assert_eq!(errcode(&send(&env, &token, &legacy_body(&follower(13))).await), 43019);
    // 40165: an unbound mini program, a page the bound one lacks.
    for mp in [
        json!({"appid": "wxbc93defb209eb818", "pagepath": "index?foo=bar"}),
        json!({"appid": DEMO_APPID, "pagepath": "pages/secret/admin"}),
        json!({"pagepath": "pages/index/index"}),
    ] {
        let mut body = legacy_body(&follower(1));
        body["miniprogram"] = mp.clone();
        let v = send(&env, &token, &body).await;
        assert_eq!(errcode(&v), 40165, "{mp}: {v}");
        assert!(v["errmsg"].as_str().expect("errmsg").starts_with("invalid weapp pagepath rid: "));
    }
    let mut body = legacy_body(&follower(1));
    body["miniprogram"] = json!("pages/index/index");
    assert_eq!(errcode(&send(&env, &token, &body).await), 47003);
    // Malformed bodies.
    let (_, text) = env.post_raw(&format!("{SEND}?access_token={token}"), "{\"touser\":").await;
    assert!(text.contains("47001"), "{text}");
    let (_, text) = env.post_raw(&format!("{SEND}?access_token={token}"), "").await;
    assert!(text.contains("44002"), "{text}");
    let (_, text) = env.get(&format!("{SEND}?access_token={token}")).await;
    assert!(text.contains("43002"), "{text}");

    let stats = env.sandbox.stats();
    assert_eq!(stats.accepted, 0, "{stats:?}");
    assert!(receipts(&env).is_empty());

    // Followed again, unblocked: delivered.
    env.ctl("oa/follow", json!({"openid": follower(12)})).await;
    env.ctl("oa/block", json!({"openid": follower(13), "blocked": false})).await;
    for openid in [follower(12), follower(13)] {
        msgid(&send(&env, &token, &legacy_body(&openid)).await);
    }
    let mut body = legacy_body(&follower(1));
    body["miniprogram"] = json!({"appid": DEMO_APPID, "pagepath": "/pages/member/points?from=push"});
    msgid(&send(&env, &token, &body).await);
    let (status, _) = env.post("/__sandbox/oa/follow", &json!({"openid": "nope"})).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_client_msg_id_sends_one_message_per_user_for_ten_minutes() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let control = env.sandbox.control();
    let (a, b) = (follower(21), follower(22));

    let first = msgid(&send(&env, &token, &with_client_msg_id(legacy_body(&a), "MSG_000001")).await);
    // The repeat is answered like the first send, and delivers nothing.
    let repeat = msgid(&send(&env, &token, &with_client_msg_id(legacy_body(&a), "MSG_000001")).await);
    assert_eq!(repeat, first);
    assert_eq!(control.accepted_for(&a), 1);
    assert_eq!(control.openid_counts(&a).received, 2);
    // Another user with the same id, and the same user with another id: new messages.
    let other_user = msgid(&send(&env, &token, &with_client_msg_id(legacy_body(&b), "MSG_000001")).await);
    let other_id = msgid(&send(&env, &token, &with_client_msg_id(legacy_body(&a), "MSG_000002")).await);
    assert!(other_user != first && other_id != first && other_user != other_id);
    assert_eq!((control.accepted_for(&a), control.accepted_for(&b)), (2, 1));

    // Just under ten minutes on the sandbox clock: still the same message.
    control.advance_clock(Duration::from_secs(599));
    assert_eq!(msgid(&send(&env, &token, &with_client_msg_id(legacy_body(&a), "MSG_000001")).await), first);
    // Ten minutes after the delivery: WeChat no longer promises anything; the sandbox delivers.
    control.advance_clock(Duration::from_secs(1));
    let later = msgid(&send(&env, &token, &with_client_msg_id(legacy_body(&a), "MSG_000001")).await);
    assert_ne!(later, first);
    assert_eq!(control.accepted_for(&a), 3);
    let receipts_of_a: Vec<u64> = receipts(&env).into_iter().filter(|r| r.0 == a).map(|r| r.1).collect();
    assert_eq!(receipts_of_a, [first, other_id, later]);
    assert_eq!(control.recent_deliveries().len(), 4);
}

#[tokio::test]
async fn a_refused_send_leaves_its_client_msg_id_free() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let openid = follower(23);
    env.ctl("oa/unfollow", json!({"openid": openid})).await;
    let body = with_client_msg_id(legacy_body(&openid), "MSG_REFUSED");
    assert_eq!(errcode(&send(&env, &token, &body).await), 43004);
    env.ctl("oa/follow", json!({"openid": openid})).await;
    msgid(&send(&env, &token, &body).await);
    assert_eq!(env.sandbox.control().accepted_for(&openid), 1);
}

/// The case Pushdesk's engine depends on: the answer of a delivered send is lost, the engine
/// retries with the same client_msg_id, the user gets the message once.
#[tokio::test]
async fn a_retry_after_an_answer_lost_after_delivery_is_not_delivered_again() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let control = env.sandbox.control();
    let faults = [Fault::Http502AfterDelivery, Fault::Http504AfterDelivery, Fault::DropAfterDelivery];
    for (i, fault) in faults.into_iter().enumerate() {
        let openid = follower(30 + i as u32);
        let body = with_client_msg_id(shipped_body(&openid), &format!("row-{i}"));
        control.queue_fault(fault.clone(), 1);
        match try_send(&env, &token, &body).await {
            Ok((status, text)) => assert!(status == 502 || status == 504, "{fault:?}: {status} {text}"),
            Err(e) => assert!(!e.is_connect() && !e.is_timeout(), "{fault:?}: {e}"),
        }
        let delivered =
            receipts(&env).into_iter().find(|r| r.0 == openid).expect("receipt of the delivery").1;
        // The retry, and a second one for good measure.
        for _ in 0..2 {
            assert_eq!(msgid(&send(&env, &token, &body).await), delivered, "{fault:?}");
        }
        let counts = control.openid_counts(&openid);
        assert_eq!((counts.received, counts.delivered, counts.delivered_unanswered), (3, 1, 1), "{fault:?}");
    }
    assert_eq!(receipts(&env).len(), 3);
    assert_eq!(control.stats().duplicates, 0);

    // A fault before delivery: nothing was delivered, so the retry is the delivery.
    let openid = follower(40);
    let body = with_client_msg_id(shipped_body(&openid), "row-before");
    control.queue_fault(Fault::Http502, 1);
    let (status, _) = try_send(&env, &token, &body).await.expect("an answer");
    assert_eq!(status, 502);
    assert_eq!(control.accepted_for(&openid), 0);
    msgid(&send(&env, &token, &body).await);
    assert_eq!(control.accepted_for(&openid), 1);
}

#[tokio::test]
async fn an_after_delivery_fault_waits_for_a_delivered_send() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let control = env.sandbox.control();
    let body = with_client_msg_id(legacy_body(&follower(50)), "MSG_A");
    msgid(&send(&env, &token, &body).await);
    env.ctl("faults", json!({"fault": "http504_after_delivery"})).await;
    // Neither a refusal nor an absorbed repeat is a delivery: both answered normally.
    assert_eq!(errcode(&send(&env, &token, &legacy_body(OA_USER_UNFOLLOWED)).await), 43004);
    msgid(&send(&env, &token, &body).await);
    assert_eq!(control.queued_faults(), 1);
    let (status, _) = try_send(&env, &token, &legacy_body(&follower(51))).await.expect("an answer");
    assert_eq!(status, 504);
    assert_eq!(control.queued_faults(), 0);
    assert_eq!(control.delivered_unanswered_per_openid().get(&follower(51)), Some(&1));
}

#[tokio::test]
async fn receipts_report_asynchronous_failures() {
    let env = Env::new(SandboxConfig { async_failure_rate: 1.0, ..SandboxConfig::default() }).await;
    let token = oa_token(&env).await;
    let id = msgid(&send(&env, &token, &legacy_body(&follower(60))).await);
    assert_eq!(receipts(&env), [(follower(60), id, "failed: system failed".to_owned())]);
}

#[tokio::test]
async fn limits_latency_and_hold_apply_to_template_sends() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    env.ctl("limits", json!({"daily": 2})).await;
    msgid(&send(&env, &token, &legacy_body(&follower(70))).await);
    msgid(&send(&env, &token, &legacy_body(&follower(71))).await);
    assert_eq!(errcode(&send(&env, &token, &legacy_body(&follower(72))).await), 45009);
    env.ctl("limits", json!({})).await;

    env.ctl("hold", json!({"hold": true})).await;
    let held = {
        let (http, url, body) = (
            env.http.clone(),
            format!("{}{SEND}?access_token={token}", env.base),
            legacy_body(&follower(73)),
        );
        tokio::spawn(async move { http.post(url).json(&body).send().await.expect("answer").text().await })
    };
    env.wait_stats(|s| s.held == 1 && s.accepted == 3).await;
    env.ctl("hold", json!({"hold": false})).await;
    let answer: Value = serde_json::from_str(&held.await.expect("task").expect("body")).expect("json");
    msgid(&answer);

    env.ctl("latency", json!({"ms": 150})).await;
    let started = std::time::Instant::now();
    msgid(&send(&env, &token, &legacy_body(&follower(74))).await);
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn promotional_messages_are_intercepted_and_listed() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let openid = follower(80);
    let mut promo = legacy_body(&openid);
    promo["data"]["remark"]["value"] = json!("送您一张优惠券，点击领取");
    let id = msgid(&send(&env, &token, &promo).await);
    let mut promo2 = shipped_body(&follower(81));
    promo2["data"]["thing1"]["value"] = json!("限时抢购 拿铁咖啡豆");
    msgid(&send(&env, &token, &promo2).await);
    assert!(id > 0);
    assert_eq!(env.sandbox.stats().accepted, 0, "intercepted messages are not delivered");
    assert!(receipts(&env).is_empty());

    let query = |largest_id: u32, limit: u32| json!({"tmpl_msg_id": OA_TPL_LEGACY_PAYMENT, "largest_id": largest_id, "limit": limit});
    let path = format!("/wxa/sec/queryblocktmplmsg?access_token={token}");
    let v = env.post_json(&path, &query(0, 100)).await;
    assert_eq!(errcode(&v), 0, "{v}");
    let list = v["msginfo"].as_array().expect("msginfo list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], 1);
    assert_eq!(list[0]["openid"], openid.as_str());
    assert_eq!(list[0]["title"], "支付成功通知");
    assert!(list[0]["content"].as_str().expect("content").contains("优惠券"));
    assert!(list[0]["send_timestamp"].as_u64().is_some());
    // Paging by largest_id; another template's list is its own.
    assert_eq!(env.post_json(&path, &query(1, 100)).await["msginfo"], json!([]));
    let shipped = json!({"tmpl_msg_id": OA_TPL_ORDER_SHIPPED, "largest_id": 0, "limit": 10});
    assert_eq!(env.post_json(&path, &shipped).await["msginfo"][0]["id"], 2);
    assert_eq!(errcode(&env.post_json(&path, &query(0, 101)).await), 47003);
    let all = env.sandbox.control().oa_intercepted();
    assert_eq!(all.iter().map(|m| m.openid.as_str()).collect::<Vec<_>>(), [openid.as_str(), &follower(81)]);
}

/// All pages of `user/get` (or of `user/tag/get` when `tag` is given).
async fn list_all(env: &Env, token: &str, tag: Option<u32>) -> (Vec<String>, Vec<Value>) {
    let mut openids = Vec::new();
    let mut pages = Vec::new();
    let mut next = String::new();
    loop {
        let page = match tag {
            None => env.get_json(&format!("/cgi-bin/user/get?access_token={token}&next_openid={next}")).await,
            Some(tagid) => {
                let body = json!({"tagid": tagid, "next_openid": next});
                env.post_json(&format!("/cgi-bin/user/tag/get?access_token={token}"), &body).await
            }
        };
        assert!(page.get("errcode").is_none(), "{page}");
        let count = page["count"].as_u64().expect("count");
        if count == 0 {
            assert_eq!(page["next_openid"], "", "{page}");
            assert!(page.get("data").is_none(), "{page}");
            pages.push(page);
            return (openids, pages);
        }
        let batch: Vec<String> = page["data"]["openid"]
            .as_array()
            .expect("openids")
            .iter()
            .map(|o| o.as_str().expect("openid").to_owned())
            .collect();
        assert_eq!(batch.len() as u64, count);
        assert!(count <= 10_000);
        // WeChat's cursor is the page's last openid, on the last page too.
        assert_eq!(page["next_openid"].as_str(), batch.last().map(String::as_str));
        next = page["next_openid"].as_str().expect("next").to_owned();
        openids.extend(batch);
        pages.push(page);
        assert!(pages.len() < 100, "paging never ends");
    }
}

#[tokio::test]
async fn followers_come_in_pages_of_ten_thousand() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let (openids, pages) = list_all(&env, &token, None).await;
    assert_eq!(pages.len(), 3, "two full pages, then the empty one");
    assert_eq!((pages[0]["count"].as_u64(), pages[1]["count"].as_u64()), (Some(10_000), Some(2_500)));
    for page in &pages {
        assert_eq!(page["total"], 12_500);
    }
    let unique: HashSet<&String> = openids.iter().collect();
    assert_eq!((openids.len(), unique.len()), (12_500, 12_500));
    let indexes: HashSet<u32> = openids.iter().map(|o| oa_follower_index(o).expect("generated")).collect();
    assert_eq!(indexes, (0..12_500).collect());
    assert!(openids.iter().all(|o| pushdesk_sandbox::is_openid_shaped(o)));

    // An unfollow leaves the listing; a new follower joins at its end; the count is settable.
    let control = env.sandbox.control();
    control.oa_unfollow(&follower(5));
    control.oa_follow(OA_USER_UNFOLLOWED);
    let (openids, _) = list_all(&env, &token, None).await;
    assert_eq!(openids.len(), 12_500);
    assert!(!openids.contains(&follower(5)));
    assert_eq!(openids.last().map(String::as_str), Some(OA_USER_UNFOLLOWED));
    env.ctl("oa/followers", json!({"count": 20_001})).await;
    let (openids, pages) = list_all(&env, &token, None).await;
    assert_eq!((openids.len(), pages.len(), pages[0]["total"].as_u64()), (20_001, 4, Some(20_001)));
    let users = env.get_json("/__sandbox/oa/users").await;
    assert_eq!(users["followers"], 20_001);
    assert!(users["users"].as_array().expect("users").iter().any(|u| u["openid"] == OA_USER_UNFOLLOWED));

    let v = env
        .get_json(&format!("/cgi-bin/user/get?access_token={token}&next_openid=oPtYgjmUhBel31iEl2hpChYgCfrL"))
        .await;
    assert_eq!(errcode(&v), 40003);
}

/// The generated followers below `n` that carry `tag`, by the demo's published rules.
fn expected_members(tag: u32, n: u32) -> HashSet<String> {
    (0..n)
        .filter(|&i| match tag {
            OA_TAG_STARRED => i % 1000 == 0,
            OA_TAG_VIP => i % 7 == 0,
            OA_TAG_BEIJING => i % 3 == 0,
            OA_TAG_NEW => i >= n - 300,
            _ => false,
        })
        .map(follower)
        .collect()
}

#[tokio::test]
async fn tags_list_their_followers_and_combine() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    let v = env.get_json(&format!("/cgi-bin/tags/get?access_token={token}")).await;
    let tags = v["tags"].as_array().unwrap_or_else(|| panic!("{v}"));
    let summary: Vec<(u64, &str, u64)> = tags
        .iter()
        .map(|t| {
            (
                t["id"].as_u64().expect("id"),
                t["name"].as_str().expect("name"),
                t["count"].as_u64().expect("count"),
            )
        })
        .collect();
    assert_eq!(summary, [(2, "星标组", 13), (100, "VIP", 1_786), (101, "北京", 4_167), (102, "新客", 300)]);

    let mut members = std::collections::HashMap::new();
    for tag in [OA_TAG_STARRED, OA_TAG_VIP, OA_TAG_BEIJING, OA_TAG_NEW] {
        let (openids, pages) = list_all(&env, &token, Some(tag)).await;
        assert_eq!(pages.len(), 2, "one page, then the empty one");
        let set: HashSet<String> = openids.into_iter().collect();
        assert_eq!(set, expected_members(tag, 12_500), "tag {tag}");
        members.insert(tag, set);
    }
    // "Any of" and "all of" VIP and 北京 are different, computable sets.
    let any: HashSet<&String> = members[&OA_TAG_VIP].union(&members[&OA_TAG_BEIJING]).collect();
    let all: HashSet<&String> = members[&OA_TAG_VIP].intersection(&members[&OA_TAG_BEIJING]).collect();
    assert_eq!((any.len(), all.len()), (5_357, 596));
    assert!(all.iter().all(|o| oa_follower_index(o).is_some_and(|i| i % 21 == 0)));

    // An unfollowed member leaves its tags' lists and counts.
    env.sandbox.control().oa_unfollow(&follower(21));
    let (openids, _) = list_all(&env, &token, Some(OA_TAG_VIP)).await;
    assert_eq!(openids.len(), 1_785);
    let v = env.get_json(&format!("/cgi-bin/tags/get?access_token={token}")).await;
    assert_eq!(v["tags"][1]["count"], 1_785);

    for bad in [json!({"tagid": 999}), json!({})] {
        let v = env.post_json(&format!("/cgi-bin/user/tag/get?access_token={token}"), &bad).await;
        assert_eq!(errcode(&v), 45159, "{bad}: {v}");
        assert!(v["errmsg"].as_str().expect("errmsg").starts_with("invalid tag id rid: "));
    }
}

#[tokio::test]
async fn a_large_tag_takes_two_pages() {
    let env = Env::new(SandboxConfig { oa_followers: 40_000, ..SandboxConfig::default() }).await;
    let token = oa_token(&env).await;
    let (openids, pages) = list_all(&env, &token, Some(OA_TAG_BEIJING)).await;
    assert_eq!(pages.len(), 3);
    assert_eq!((pages[0]["count"].as_u64(), pages[1]["count"].as_u64()), (Some(10_000), Some(3_334)));
    let set: HashSet<String> = openids.iter().cloned().collect();
    assert_eq!(set.len(), openids.len());
    assert_eq!(set, expected_members(OA_TAG_BEIJING, 40_000));
}

#[tokio::test]
async fn every_official_account_api_checks_the_token() {
    let env = Env::default().await;
    let token = oa_token(&env).await;
    env.sandbox.control().expire_tokens();
    let apis = [
        (false, "/cgi-bin/template/get_all_private_template"),
        (true, SEND),
        (true, "/wxa/sec/queryblocktmplmsg"),
        (false, "/cgi-bin/user/get"),
        (false, "/cgi-bin/tags/get"),
        (true, "/cgi-bin/user/tag/get"),
    ];
    for (post, path) in apis {
        for (query, expected) in
            [("", 41001), ("?access_token=bogus", 40001), (&*format!("?access_token={token}"), 42001)]
        {
            let url = format!("{path}{query}");
            let v = if post { env.post_json(&url, &json!({})).await } else { env.get_json(&url).await };
            assert_eq!(errcode(&v), expected, "{url}: {v}");
        }
    }
}
