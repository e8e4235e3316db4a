//! Group robot notices over real HTTP on 127.0.0.1: each robot's documented body and success
//! answer, what is retried (never written, 429/502/503/504, busy codes), what is not (a timeout
//! once written, another 5xx, an error code), and that the webhook's key never shows in an error.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::Router;
use pushdesk_core::notify::{
    check_robot_url, post_notice, robot_body, BusySignal, Doubt, NetCause, Notice, NoticeCounts, NoticeEvent,
    NoticeLang, RetryPolicy, RobotError, RobotKind,
};
use pushdesk_core::secrets::Sensitive;
use serde_json::{json, Value};

const KEY: &str = "0f1e2d3c-secret-robot-key-9a8b7c";

/// What the fake robot answers, request after request; the last answer repeats.
#[derive(Clone)]
struct Script {
    answers: Vec<(u16, String)>,
    seen: Arc<Mutex<Vec<(String, Value)>>>,
}

impl Script {
    fn requests(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    fn body(&self, index: usize) -> Value {
        self.seen.lock().unwrap()[index].1.clone()
    }

    fn target(&self, index: usize) -> String {
        self.seen.lock().unwrap()[index].0.clone()
    }
}

async fn answer(State(script): State<Script>, uri: Uri, body: Bytes) -> (StatusCode, String) {
    let parsed = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let index = {
        let mut seen = script.seen.lock().unwrap();
        seen.push((uri.to_string(), parsed));
        seen.len() - 1
    };
    let (status, text) = script.answers[index.min(script.answers.len() - 1)].clone();
    (StatusCode::from_u16(status).unwrap(), text)
}

/// A fake robot on 127.0.0.1; returns its script and its webhook address for `kind`.
async fn robot(kind: RobotKind, answers: &[(u16, &str)]) -> (Script, Sensitive<String>) {
    let script = Script {
        answers: answers.iter().map(|(s, b)| (*s, (*b).to_owned())).collect(),
        seen: Arc::default(),
    };
    let app = Router::new().fallback(answer).with_state(script.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (script, webhook(kind, port))
}

/// The robot's webhook path and secret, on a local port.
fn webhook(kind: RobotKind, port: u16) -> Sensitive<String> {
    Sensitive::new(match kind {
        RobotKind::Wecom => format!("http://127.0.0.1:{port}/cgi-bin/webhook/send?key={KEY}"),
        RobotKind::Feishu => format!("http://127.0.0.1:{port}/open-apis/bot/v2/hook/{KEY}"),
        RobotKind::Dingtalk => format!("http://127.0.0.1:{port}/robot/send?access_token={KEY}"),
    })
}

/// Each robot's documented success answer.
fn success(kind: RobotKind) -> &'static str {
    match kind {
        RobotKind::Wecom | RobotKind::Dingtalk => r#"{"errcode":0,"errmsg":"ok"}"#,
        RobotKind::Feishu => {
            r#"{"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"}"#
        }
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().connect_timeout(Duration::from_secs(2)).build().unwrap()
}

fn fast() -> RetryPolicy {
    RetryPolicy { attempts: 3, first_backoff: Duration::from_millis(10), timeout: Duration::from_secs(5) }
}

fn notice() -> Notice {
    Notice {
        campaign_id: 42,
        campaign_name: "双十二预告".into(),
        account_name: "好物小店".into(),
        event: NoticeEvent::Finished,
        counts: NoticeCounts {
            total: 1000,
            sent: 980,
            failed: 12,
            unknown: 3,
            not_subscribed: 5,
            ..Default::default()
        },
        reason: None,
        lang: NoticeLang::Zh,
    }
}

fn assert_no_key(error: &RobotError) {
    for text in [error.to_string(), format!("{error:?}"), error.zh()] {
        assert!(!text.contains(KEY), "the key leaked: {text}");
        assert!(!text.contains("secret-robot-key"), "part of the key leaked: {text}");
    }
}

#[tokio::test]
async fn wecom_gets_a_markdown_message_with_the_campaign_and_its_counts() {
    let (script, url) = robot(RobotKind::Wecom, &[(200, success(RobotKind::Wecom))]).await;
    let attempts = post_notice(&client(), RobotKind::Wecom, &url, &notice(), fast()).await.unwrap();
    assert_eq!(attempts, 1);
    assert_eq!(script.requests(), 1);
    assert!(script.target(0).ends_with(&format!("key={KEY}")), "the key is sent: {}", script.target(0));
    let body = script.body(0);
    assert_eq!(body["msgtype"], "markdown");
    let content = body["markdown"]["content"].as_str().unwrap();
    assert!(content.starts_with("**推送台：任务「双十二预告」已完成**"), "{content}");
    assert!(content.contains("成功 980 · 失败 12 · 结果未知 3 · 未订阅 5"), "{content}");
    assert!(content.contains("好物小店"), "{content}");
}

#[tokio::test]
async fn feishu_gets_a_rich_text_post_with_a_title_and_one_paragraph_a_line() {
    let (script, url) = robot(RobotKind::Feishu, &[(200, success(RobotKind::Feishu))]).await;
    let attempts = post_notice(&client(), RobotKind::Feishu, &url, &notice(), fast()).await.unwrap();
    assert_eq!(attempts, 1);
    assert!(script.target(0).ends_with(KEY), "the token is the path: {}", script.target(0));
    let body = script.body(0);
    assert_eq!(body["msg_type"], "post");
    let post = &body["content"]["post"]["zh_cn"];
    assert_eq!(post["title"], "推送台：任务「双十二预告」已完成");
    let paragraphs = post["content"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 2);
    assert_eq!(
        paragraphs[1],
        json!([{ "tag": "text", "text": "共 1000 人：成功 980 · 失败 12 · 结果未知 3 · 未订阅 5" }])
    );
}

#[tokio::test]
async fn dingtalk_gets_a_markdown_message_whose_title_is_the_preview() {
    let (script, url) = robot(RobotKind::Dingtalk, &[(200, success(RobotKind::Dingtalk))]).await;
    let mut english = notice();
    english.lang = NoticeLang::En;
    english.campaign_name = "Sale *preview*".into();
    let attempts = post_notice(&client(), RobotKind::Dingtalk, &url, &english, fast()).await.unwrap();
    assert_eq!(attempts, 1);
    assert!(script.target(0).ends_with(&format!("access_token={KEY}")));
    let body = script.body(0);
    assert_eq!(body["msgtype"], "markdown");
    assert_eq!(body["markdown"]["title"], "Pushdesk: campaign “Sale ＊preview＊” finished");
    let text = body["markdown"]["text"].as_str().unwrap();
    assert!(text.starts_with("#### Pushdesk: campaign “Sale ＊preview＊” finished"), "{text}");
    assert!(text.contains("1000 recipients: sent 980 · failed 12 · unknown 3 · not subscribed 5"), "{text}");
}

#[tokio::test]
async fn robot_body_carries_the_reason_line() {
    let mut stopped = notice();
    stopped.event = NoticeEvent::Stopped;
    stopped.reason = Some("模板已被删除".into());
    for kind in RobotKind::ALL {
        let body = robot_body(kind, &stopped).to_string();
        assert!(body.contains("原因：模板已被删除"), "{kind:?}: {body}");
        assert!(body.contains("因错误停止"), "{kind:?}: {body}");
    }
}

#[tokio::test]
async fn busy_answers_are_retried_until_the_robot_takes_the_message() {
    for kind in RobotKind::ALL {
        let (script, url) = robot(kind, &[(503, "busy"), (503, "busy"), (200, success(kind))]).await;
        let attempts = post_notice(&client(), kind, &url, &notice(), fast()).await.unwrap();
        assert_eq!(attempts, 3, "{kind:?}");
        assert_eq!(script.requests(), 3, "{kind:?}");
    }
    let (script, url) =
        robot(RobotKind::Wecom, &[(429, ""), (502, ""), (200, success(RobotKind::Wecom))]).await;
    assert_eq!(post_notice(&client(), RobotKind::Wecom, &url, &notice(), fast()).await.unwrap(), 3);
    assert_eq!(script.requests(), 3);
}

#[tokio::test]
async fn a_robot_that_stays_busy_is_given_up_after_the_attempts() {
    let (script, url) = robot(RobotKind::Feishu, &[(503, "Service Unavailable")]).await;
    let error = post_notice(&client(), RobotKind::Feishu, &url, &notice(), fast()).await.unwrap_err();
    assert_eq!(script.requests(), 3);
    match &error {
        RobotError::Busy(busy) => {
            assert_eq!(busy.attempts, 3);
            assert_eq!(busy.last, BusySignal::Status(503));
        }
        other => panic!("expected Busy, got {other:?}"),
    }
    assert!(!error.may_have_posted());
    assert!(error.zh().contains("消息没有发出"), "{}", error.zh());
    assert_no_key(&error);
}

#[tokio::test]
async fn documented_rate_limit_codes_are_retried() {
    let cases = [
        (RobotKind::Wecom, r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#),
        (
            RobotKind::Feishu,
            r#"{"code":11232,"msg":"frequency limited psm[lark.oapi.app_platform_runtime]appID[1]"}"#,
        ),
        (RobotKind::Dingtalk, r#"{"errcode":410100,"errmsg":"send too fast"}"#),
        (RobotKind::Dingtalk, r#"{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}"#),
    ];
    for (kind, limited) in cases {
        let (script, url) = robot(kind, &[(200, limited), (200, success(kind))]).await;
        assert_eq!(post_notice(&client(), kind, &url, &notice(), fast()).await.unwrap(), 2, "{kind:?}");
        assert_eq!(script.requests(), 2);
    }
    let (_, url) =
        robot(RobotKind::Wecom, &[(200, r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#)]).await;
    let error = post_notice(&client(), RobotKind::Wecom, &url, &notice(), fast()).await.unwrap_err();
    match &error {
        RobotError::Busy(busy) => {
            assert_eq!(busy.last, BusySignal::Code { code: 45009, message: "api freq out of limit".into() })
        }
        other => panic!("expected Busy, got {other:?}"),
    }
    assert!(error.zh().contains("45009"), "{}", error.zh());
}

#[tokio::test]
async fn a_server_error_is_not_retried_because_the_message_may_be_in_the_group() {
    let (script, url) =
        robot(RobotKind::Dingtalk, &[(500, "Internal Server Error"), (200, success(RobotKind::Dingtalk))])
            .await;
    let error = post_notice(&client(), RobotKind::Dingtalk, &url, &notice(), fast()).await.unwrap_err();
    assert_eq!(script.requests(), 1);
    assert_eq!(
        error,
        RobotError::MayHavePosted(Doubt::ServerError { kind: RobotKind::Dingtalk, status: 500 })
    );
    assert!(error.may_have_posted());
    assert!(error.zh().contains("可能已经发到群里"), "{}", error.zh());
    assert_no_key(&error);
}

#[tokio::test]
async fn each_robots_bad_key_answer_is_a_refusal_with_its_code() {
    let cases = [
        (
            RobotKind::Wecom,
            93000,
            r#"{"errcode":93000,"errmsg":"invalid webhook url, hint: [1755605200056773468916791], from ip: 172.212.167.87, more info at https://open.work.weixin.qq.com/devtool/query?e=93000"}"#,
        ),
        (
            RobotKind::Feishu,
            19001,
            r#"{"code":19001,"data":{},"msg":"param invalid: incoming webhook access token invalid"}"#,
        ),
        (RobotKind::Dingtalk, 300001, r#"{"errcode":300001,"errmsg":"token is not exist"}"#),
    ];
    for (kind, code, refusal) in cases {
        let (script, url) = robot(kind, &[(200, refusal), (200, success(kind))]).await;
        let error = post_notice(&client(), kind, &url, &notice(), fast()).await.unwrap_err();
        assert_eq!(script.requests(), 1, "{kind:?}: a refusal is not retried");
        match &error {
            RobotError::Refused { kind: k, code: c, .. } => {
                assert_eq!((*k, *c), (kind, code));
            }
            other => panic!("expected Refused, got {other:?}"),
        }
        let zh = error.zh();
        assert!(zh.contains(&code.to_string()) && zh.contains(kind.name_zh()), "{zh}");
        assert!(zh.contains("webhook 地址无效"), "{zh}");
        assert_no_key(&error);
    }
    let (_, url) =
        robot(RobotKind::Wecom, &[(200, r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#)]).await;
    let error = post_notice(&client(), RobotKind::Wecom, &url, &notice(), fast()).await.unwrap_err();
    assert_eq!(
        error.zh(),
        "企业微信机器人拒绝了消息（93000：webhook 地址无效）：请检查地址中的 key，或机器人是否已被移出群"
    );
}

#[tokio::test]
async fn keyword_and_signature_refusals_say_what_to_change() {
    let (_, url) = robot(RobotKind::Feishu, &[(200, r#"{"code":19024,"msg":"Key Words Not Found"}"#)]).await;
    let error = post_notice(&client(), RobotKind::Feishu, &url, &notice(), fast()).await.unwrap_err();
    assert!(matches!(error, RobotError::Refused { code: 19024, .. }));
    assert!(error.zh().contains("关键词「推送台」"), "{}", error.zh());

    let (_, url) = robot(RobotKind::Dingtalk, &[(200, r#"{"errcode":310000,"errmsg":"sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"}"#)]).await;
    let error = post_notice(&client(), RobotKind::Dingtalk, &url, &notice(), fast()).await.unwrap_err();
    assert!(error.zh().contains("加签"), "{}", error.zh());

    let (_, url) =
        robot(RobotKind::Dingtalk, &[(200, r#"{"errcode":310000,"errmsg":"keywords not in content"}"#)])
            .await;
    let error = post_notice(&client(), RobotKind::Dingtalk, &url, &notice(), fast()).await.unwrap_err();
    assert!(error.zh().contains("关键词"), "{}", error.zh());
}

#[tokio::test]
async fn an_error_code_in_a_4xx_answer_is_a_refusal_and_a_bare_4xx_is_http() {
    let (script, url) =
        robot(RobotKind::Feishu, &[(400, r#"{"code":9499,"msg":"Bad Request","data":{}}"#)]).await;
    let error = post_notice(&client(), RobotKind::Feishu, &url, &notice(), fast()).await.unwrap_err();
    assert!(matches!(error, RobotError::Refused { code: 9499, .. }), "{error:?}");
    assert_eq!(script.requests(), 1);

    let (script, url) = robot(RobotKind::Wecom, &[(404, "<html>not found</html>")]).await;
    let error = post_notice(&client(), RobotKind::Wecom, &url, &notice(), fast()).await.unwrap_err();
    assert_eq!(error, RobotError::Http(404));
    assert_eq!(script.requests(), 1);
    assert!(!error.may_have_posted());
}

#[tokio::test]
async fn a_success_status_with_an_unreadable_body_may_have_posted() {
    let (script, url) = robot(RobotKind::Wecom, &[(200, "<html>ok</html>")]).await;
    let error = post_notice(&client(), RobotKind::Wecom, &url, &notice(), fast()).await.unwrap_err();
    assert_eq!(error, RobotError::MayHavePosted(Doubt::Unreadable { kind: RobotKind::Wecom, status: 200 }));
    assert_eq!(script.requests(), 1);
}

#[tokio::test]
async fn a_robot_that_takes_the_request_and_never_answers_may_have_posted() {
    // Accepts connections and reads, never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(Mutex::new(0u32));
    let count = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            *count.lock().unwrap() += 1;
            held.push(tokio::spawn(async move {
                let mut sink = Vec::new();
                let _ = tokio::io::AsyncReadExt::read_to_end(&mut socket, &mut sink).await;
                std::future::pending::<()>().await;
            }));
        }
    });
    let url = webhook(RobotKind::Wecom, port);
    let policy = RetryPolicy { timeout: Duration::from_millis(300), ..fast() };
    let started = std::time::Instant::now();
    let error = post_notice(&client(), RobotKind::Wecom, &url, &notice(), policy).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(error, RobotError::MayHavePosted(Doubt::Timeout { kind: RobotKind::Wecom }));
    assert_eq!(*accepted.lock().unwrap(), 1, "a timeout after writing is never retried");
    assert!(error.zh().contains("不会自动重发"), "{}", error.zh());
    assert_no_key(&error);
}

#[tokio::test]
async fn a_port_with_nothing_listening_is_unreachable_after_the_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    for kind in RobotKind::ALL {
        let url = webhook(kind, port);
        let error = post_notice(&client(), kind, &url, &notice(), fast()).await.unwrap_err();
        match &error {
            RobotError::Unreachable(unreached) => {
                assert_eq!(unreached.attempts, 3);
                assert_eq!(unreached.cause, NetCause::Connect);
                assert_eq!(unreached.kind, kind);
            }
            other => panic!("expected Unreachable, got {other:?}"),
        }
        assert!(!error.may_have_posted());
        assert!(error.zh().contains("已尝试 3 次"), "{}", error.zh());
        assert_no_key(&error);
    }
}

#[tokio::test]
async fn a_failed_tls_handshake_is_unreachable_and_retried_without_a_request_arriving() {
    // https:// to a plain-HTTP server: the handshake fails before any request is written.
    let (script, url) = robot(RobotKind::Dingtalk, &[(200, success(RobotKind::Dingtalk))]).await;
    let url = Sensitive::new(url.expose().replacen("http://", "https://", 1));
    let error = post_notice(&client(), RobotKind::Dingtalk, &url, &notice(), fast()).await.unwrap_err();
    match &error {
        RobotError::Unreachable(unreached) => {
            assert_eq!(unreached.cause, NetCause::Tls);
            assert_eq!(unreached.attempts, 3);
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    assert_eq!(script.requests(), 0);
    assert_no_key(&error);
}

#[tokio::test]
async fn the_key_never_shows_even_when_the_robot_echoes_it() {
    let echo = format!(r#"{{"errcode":93000,"errmsg":"invalid webhook url key={KEY}"}}"#);
    let (_, url) = robot(RobotKind::Wecom, &[(200, echo.as_str())]).await;
    let error = post_notice(&client(), RobotKind::Wecom, &url, &notice(), fast()).await.unwrap_err();
    assert!(matches!(error, RobotError::Refused { code: 93000, .. }));
    assert_no_key(&error);

    let error = check_robot_url(
        RobotKind::Dingtalk,
        &Sensitive::new(format!("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY}")),
    )
    .unwrap_err();
    assert_no_key(&error);
    assert!(format!("{url:?}").contains("***"));
}

#[tokio::test]
async fn a_bad_address_is_refused_before_anything_is_sent() {
    let error = post_notice(
        &client(),
        RobotKind::Feishu,
        &Sensitive::new(format!("http://open.feishu.cn/open-apis/bot/v2/hook/{KEY}")),
        &notice(),
        fast(),
    )
    .await
    .unwrap_err();
    assert!(matches!(error, RobotError::BadUrl(_)), "{error:?}");
    assert!(error.zh().contains("https://"), "{}", error.zh());
    assert_no_key(&error);
}

#[test]
fn the_default_policy_is_three_attempts_two_seconds_apart_ten_seconds_each() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.attempts, 3);
    assert_eq!(policy.first_backoff, Duration::from_secs(2));
    assert_eq!(policy.timeout, Duration::from_secs(10));
}
