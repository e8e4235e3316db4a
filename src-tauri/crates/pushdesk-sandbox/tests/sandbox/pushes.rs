//! Event pushes (消息推送): a receipt for every delivered send, popup and change events from the
//! subscription controls, and the export endpoint in both of WeChat's formats.

use crate::common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::{errcode, gen_openid, order_body, Env, NONE_USER, RICH_USER};
use pushdesk_sandbox::demo::{TPL_BOOKING_CONFIRMED, TPL_ORDER_SHIPPED};
use pushdesk_sandbox::{
    Fault, PopupItem, Push, PushEvent, SandboxConfig, SubscribeStatus, ASYNC_FAILURE_ERRCODE, DEMO_APPID,
};
use serde_json::{json, Value};

/// The sent-event fields of a push: (template, msgid, error code, error status).
fn receipt(p: &Push) -> (&str, u64, i64, &str) {
    match &p.event {
        PushEvent::Sent { template_id, msgid, error_code, error_status } => {
            (template_id, *msgid, *error_code, error_status)
        }
        other => panic!("not a sent event: {other:?}"),
    }
}

/// The msgid a successful send was answered with.
async fn send_ok(env: &Env, token: &str, openid: &str) -> u64 {
    let v = env.send(token, &order_body(openid)).await;
    assert_eq!(errcode(&v), 0, "{v}");
    v["msgid"].as_u64().expect("msgid")
}

#[tokio::test]
async fn a_delivered_send_leaves_one_receipt_with_its_msgid() {
    let env = Env::default().await;
    let token = env.token().await;
    let msgid = send_ok(&env, &token, RICH_USER).await;

    let pushes = env.sandbox.control().pushes(0);
    assert_eq!(pushes.len(), 1, "{pushes:?}");
    let p = &pushes[0];
    assert_eq!((p.seq, p.appid.as_str(), p.openid.as_str()), (1, DEMO_APPID, RICH_USER));
    assert_eq!(receipt(p), (TPL_ORDER_SHIPPED, msgid, 0, "success"));
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
    assert!(p.create_time.abs_diff(now) <= 5, "{} vs {now}", p.create_time);
}

#[tokio::test]
async fn refusals_and_faults_before_delivery_leave_no_receipt_faults_after_delivery_do() {
    let env = Env::default().await;
    let token = env.token().await;
    let control = env.sandbox.control();
    assert_eq!(errcode(&env.send(&token, &order_body(NONE_USER)).await), 43101);
    for fault in [Fault::SystemBusy, Fault::Http500, Fault::DropConnection, Fault::Errcode(45009)] {
        control.queue_fault(fault, 1);
        let _ = env
            .http
            .post(format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base))
            .json(&order_body(&gen_openid(1)))
            .send()
            .await;
    }
    assert!(control.pushes(0).is_empty(), "{:?}", control.pushes(0));

    // Delivered, then the answer is lost: WeChat still pushes the receipt.
    control.queue_fault(Fault::Http502AfterDelivery, 1);
    control.queue_fault(Fault::DropAfterDelivery, 1);
    for i in [2, 3] {
        let _ = env
            .http
            .post(format!("{}/cgi-bin/message/subscribe/send?access_token={token}", env.base))
            .json(&order_body(&gen_openid(i)))
            .send()
            .await;
    }
    let pushes = control.pushes(0);
    let openids: Vec<&str> = pushes.iter().map(|p| p.openid.as_str()).collect();
    assert_eq!(openids, [gen_openid(2), gen_openid(3)]);
    for p in &pushes {
        let (template, msgid, code, status) = receipt(p);
        assert_eq!((template, code, status), (TPL_ORDER_SHIPPED, 0, "success"));
        assert!(msgid > 0);
    }
    let stats = env.sandbox.stats();
    assert_eq!((stats.accepted, stats.delivered_unanswered), (2, 2));
}

#[tokio::test]
async fn async_failures_are_told_by_the_receipt_only() {
    let env = Env::default().await;
    let token = env.token().await;
    let control = env.sandbox.control();
    env.ctl("async_failure_rate", json!({"rate": 1.0})).await;
    let failed = send_ok(&env, &token, &gen_openid(1)).await;
    control.set_async_failure_rate(0.0);
    let fine = send_ok(&env, &token, &gen_openid(2)).await;

    let pushes = control.pushes(0);
    assert_eq!(receipt(&pushes[0]), (TPL_ORDER_SHIPPED, failed, ASYNC_FAILURE_ERRCODE, "fail"));
    assert_eq!(ASYNC_FAILURE_ERRCODE, 10005);
    assert_eq!(receipt(&pushes[1]), (TPL_ORDER_SHIPPED, fine, 0, "success"));
    assert_eq!(env.sandbox.stats().accepted, 2);
    let (status, _) = env.post("/__sandbox/async_failure_rate", &json!({"rate": 1.5})).await;
    assert_eq!(status, 400);

    let env = Env::new(SandboxConfig { async_failure_rate: 1.0, ..SandboxConfig::default() }).await;
    let token = env.token().await;
    send_ok(&env, &token, &gen_openid(3)).await;
    assert_eq!(receipt(&env.sandbox.control().pushes(0)[0]).2, ASYNC_FAILURE_ERRCODE);
}

#[tokio::test]
async fn grants_popups_and_revokes_are_pushed() {
    let env = Env::default().await;
    let token = env.token().await;
    let control = env.sandbox.control();

    // NONE_USER starts with nothing: a ledger built from the pushes matches the sandbox's.
    env.ctl("grant", json!({"openid": NONE_USER, "template_id": TPL_ORDER_SHIPPED, "count": 3})).await;
    send_ok(&env, &token, NONE_USER).await;
    let pushes = control.pushes(0);
    assert_eq!(pushes.len(), 4);
    for p in &pushes[..3] {
        assert_eq!(p.event, PushEvent::Popup { items: vec![PopupItem::accept(TPL_ORDER_SHIPPED)] });
    }
    let accepted = pushes.iter().filter(|p| matches!(p.event, PushEvent::Popup { .. })).count();
    let used = pushes.iter().filter(|p| matches!(p.event, PushEvent::Sent { .. })).count();
    assert_eq!(control.subscriptions_left(NONE_USER, TPL_ORDER_SHIPPED) as usize, accepted - used);

    // One popup, two templates: one push, one authorisation for the accepted one only.
    let items = [PopupItem::accept(TPL_BOOKING_CONFIRMED), PopupItem::reject(TPL_ORDER_SHIPPED)];
    control.popup_in(DEMO_APPID, NONE_USER, &items);
    assert_eq!(control.subscriptions_left(NONE_USER, TPL_BOOKING_CONFIRMED), 1);
    assert_eq!(control.subscriptions_left(NONE_USER, TPL_ORDER_SHIPPED), 2);
    assert_eq!(control.pushes(4)[0].event, PushEvent::Popup { items: items.to_vec() });

    let list = json!([{"template_id": TPL_ORDER_SHIPPED, "status": "reject", "popup_scene": 1}]);
    env.ctl("popup", json!({"openid": NONE_USER, "list": list})).await;
    let item =
        PopupItem { template_id: TPL_ORDER_SHIPPED.into(), status: SubscribeStatus::Reject, popup_scene: 1 };
    assert_eq!(control.pushes(5)[0].event, PushEvent::Popup { items: vec![item] });
    let (status, _) = env.post("/__sandbox/popup", &json!({"openid": NONE_USER, "list": []})).await;
    assert_eq!(status, 400);

    env.ctl("revoke", json!({"openid": NONE_USER, "template_id": TPL_ORDER_SHIPPED})).await;
    assert_eq!(control.subscriptions_left(NONE_USER, TPL_ORDER_SHIPPED), 0);
    let last = control.pushes(6);
    assert_eq!(last.len(), 1);
    assert_eq!((last[0].seq, last[0].openid.as_str()), (7, NONE_USER));
    assert_eq!(last[0].event, PushEvent::Change { template_ids: vec![TPL_ORDER_SHIPPED.into()] });
}

/// GET a pushes export: (status, `x-sandbox-last-seq`, body).
async fn export(env: &Env, query: &str) -> (u16, String, String) {
    let r = env.http.get(format!("{}/__sandbox/pushes?{query}", env.base)).send().await.expect("GET");
    let status = r.status().as_u16();
    let last = r.headers().get("x-sandbox-last-seq").map(|v| v.to_str().expect("ascii").to_owned());
    (status, last.unwrap_or_default(), r.text().await.expect("body"))
}

#[tokio::test]
async fn export_endpoint_in_both_formats() {
    let env = Env::default().await;
    let token = env.token().await;
    let control = env.sandbox.control();
    control.grant(RICH_USER, TPL_ORDER_SHIPPED, 1);
    let msgid = send_ok(&env, &token, RICH_USER).await;
    control.revoke(RICH_USER, TPL_ORDER_SHIPPED);
    let pushes = control.pushes(0);

    let (status, last, xml) = export(&env, "format=xml").await;
    assert_eq!((status, last.as_str()), (200, "3"));
    assert_eq!(xml, control.pushes_xml(0));
    let lines: Vec<&str> = xml.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l.starts_with("<xml><ToUserName><![CDATA[gh_") && l.ends_with("</xml>")));
    assert!(lines[1].contains(&format!("<MsgID>{msgid}</MsgID><ErrorCode>0</ErrorCode>")), "{}", lines[1]);

    let (_, last, xml) = export(&env, "after=1&limit=1").await;
    assert_eq!((last.as_str(), xml), ("2", pushes[1].to_xml() + "\n"));

    let (_, last, json_lines) = export(&env, "format=json&after=1").await;
    assert_eq!(last, "3");
    assert_eq!(json_lines, control.pushes_json(1));
    let objects: Vec<Value> = json_lines.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(objects.len(), 2);
    assert_eq!(objects[0]["Event"], "subscribe_msg_sent_event");
    assert_eq!(objects[0]["FromUserName"], RICH_USER);
    assert_eq!(objects[0]["CreateTime"], pushes[1].create_time);
    assert_eq!(objects[0]["List"]["MsgID"], msgid.to_string());
    assert_eq!(objects[0]["List"]["ErrorStatus"], "success");
    assert_eq!(
        objects[1]["List"],
        json!({"TemplateId": TPL_ORDER_SHIPPED, "SubscribeStatusString": "reject"})
    );

    // Nothing new: an empty body, and the same `after` to ask with next time.
    assert_eq!(export(&env, "format=json&after=3").await, (200, "3".into(), String::new()));
    assert_eq!(export(&env, "appid=wxsomeotherapp00001").await.2, "");
    assert_eq!(export(&env, &format!("appid={DEMO_APPID}&after=2")).await.2, pushes[2].to_xml() + "\n");
    for bad in ["format=yaml", "after=x", "limit=-1"] {
        assert_eq!(export(&env, bad).await.0, 400, "{bad}");
    }

    env.ctl("pushes/clear", json!({})).await;
    assert!(control.pushes(0).is_empty());
    control.revoke(RICH_USER, TPL_ORDER_SHIPPED);
    assert_eq!(control.pushes(0)[0].seq, 4, "sequence numbers carry on after a clear");
}
