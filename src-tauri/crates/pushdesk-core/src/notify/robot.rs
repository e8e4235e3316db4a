//! Group robots marketing teams already use — the WeCom group robot (企业微信群机器人), the Feishu
//! custom bot (飞书自定义机器人) and the DingTalk custom robot (钉钉自定义机器人) — each posted to in
//! its own documented message format.
//!
//! Sources (read for the formats, the success answer and the error codes):
//! - WeCom: <https://developer.work.weixin.qq.com/document/path/91770> (群机器人配置说明). Success is
//!   `{"errcode":0,"errmsg":"ok"}`; 93000 "invalid webhook url" is a wrong or removed key; 45009
//!   "api freq out of limit" is the 20-messages-a-minute limit; -1 is "system busy".
//! - Feishu: <https://open.feishu.cn/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN> (自定义机器人使用指南).
//!   Success is `{"code":0,"msg":"success","data":{}}` (plus the legacy `StatusCode`/`StatusMessage`);
//!   19001 is an invalid token, 19021 a failed signature, 19022 an IP not allowed, 19024 "Key Words
//!   Not Found", 9499 "Bad Request", 11232 the rate limit (100 a minute, 5 a second per bot).
//! - DingTalk: <https://help.dingtalk.io/open/development/custom-robots-send-group-messages> (the
//!   English edition of 自定义机器人发送群消息 on open.dingtalk.com). Success is
//!   `{"errcode":0,"errmsg":"ok"}`; 310000 is a failed security setting (keyword, 加签 or IP, told
//!   by errmsg); 300001/300005/400101 a token that does not exist; 400102 a stopped robot; 400013
//!   a dissolved group; 430101–430104 content the safety check blocked; 130101/410100 the
//!   20-messages-a-minute limit (then 10 minutes of throttling); -1 "system busy".
//!
//! The robots answer HTTP 200 for their own errors, with the code in the JSON body, so the body
//! decides: code 0 is posted, a rate-limit or busy code is retried, any other code is a refusal.

use std::error::Error as _;
use std::time::Duration;

use reqwest::Url;
use serde_json::{json, Value};

use super::error::{Busy, BusySignal, Doubt, NetCause, RobotError, Unreached, UrlIssue, UrlProblem};
use super::notice::Notice;
use crate::secrets::Sensitive;

/// Which group robot a webhook belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RobotKind {
    /// 企业微信群机器人.
    Wecom,
    /// 飞书自定义机器人 (also Lark).
    Feishu,
    /// 钉钉自定义机器人.
    Dingtalk,
}

impl RobotKind {
    /// Every kind, in the order the settings list them.
    pub const ALL: [RobotKind; 3] = [RobotKind::Wecom, RobotKind::Feishu, RobotKind::Dingtalk];

    /// "wecom", "feishu" or "dingtalk": the stored and serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            RobotKind::Wecom => "wecom",
            RobotKind::Feishu => "feishu",
            RobotKind::Dingtalk => "dingtalk",
        }
    }

    /// The kind [`RobotKind::as_str`] names (case and surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        RobotKind::ALL.into_iter().find(|kind| kind.as_str().eq_ignore_ascii_case(text))
    }

    /// "企业微信", "飞书" or "钉钉".
    pub fn name_zh(self) -> &'static str {
        match self {
            RobotKind::Wecom => "企业微信",
            RobotKind::Feishu => "飞书",
            RobotKind::Dingtalk => "钉钉",
        }
    }

    /// "WeCom", "Feishu" or "DingTalk".
    pub fn name_en(self) -> &'static str {
        match self {
            RobotKind::Wecom => "WeCom",
            RobotKind::Feishu => "Feishu",
            RobotKind::Dingtalk => "DingTalk",
        }
    }

    /// The robot whose own API host this is.
    fn of_host(host: &str) -> Option<RobotKind> {
        match host.trim_end_matches('.').to_ascii_lowercase().as_str() {
            "qyapi.weixin.qq.com" => Some(RobotKind::Wecom),
            "open.feishu.cn" | "open.larksuite.com" => Some(RobotKind::Feishu),
            "oapi.dingtalk.com" => Some(RobotKind::Dingtalk),
            _ => None,
        }
    }

    /// Whether the robot's documented answer code is "busy" or "rate-limited": certainly not
    /// posted, worth another try after a pause.
    fn busy_code(self, code: i64) -> bool {
        match self {
            RobotKind::Wecom => matches!(code, -1 | 45009),
            RobotKind::Feishu => matches!(code, 11232),
            RobotKind::Dingtalk => matches!(code, -1 | 130101 | 410100),
        }
    }
}

/// Checks a webhook address before it is stored: an http(s) URL; https unless the host is this
/// machine (tests, a company relay on the same machine); on one of the three robots' own hosts it
/// must be the chosen kind's and carry its key or token. Errors never contain the address.
pub fn check_robot_url(kind: RobotKind, url: &Sensitive<String>) -> Result<(), RobotError> {
    parse_robot_url(kind, url).map(|_| ())
}

fn parse_robot_url(kind: RobotKind, url: &Sensitive<String>) -> Result<Url, RobotError> {
    let bad = |problem| RobotError::BadUrl(UrlIssue { kind, problem });
    let parsed = Url::parse(url.expose().trim()).map_err(|_| bad(UrlProblem::NotAUrl))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad(UrlProblem::Scheme));
    }
    let host = match parsed.host_str() {
        Some(host) if !host.is_empty() => host.to_ascii_lowercase(),
        _ => return Err(bad(UrlProblem::NotAUrl)),
    };
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if parsed.scheme() == "http" && !loopback {
        return Err(bad(UrlProblem::NeedsHttps));
    }
    if let Some(found) = RobotKind::of_host(&host) {
        if found != kind {
            return Err(bad(UrlProblem::WrongRobot { found }));
        }
        if !carries_key(kind, &parsed) {
            return Err(bad(UrlProblem::MissingKey));
        }
    }
    Ok(parsed)
}

/// Whether an address on the robot's own host has the webhook's path and its secret.
fn carries_key(kind: RobotKind, url: &Url) -> bool {
    let query = |name: &str| url.query_pairs().any(|(k, v)| k == name && !v.trim().is_empty());
    match kind {
        RobotKind::Wecom => url.path() == "/cgi-bin/webhook/send" && query("key"),
        RobotKind::Feishu => url
            .path()
            .strip_prefix("/open-apis/bot/v2/hook/")
            .is_some_and(|token| !token.is_empty() && !token.contains('/')),
        RobotKind::Dingtalk => url.path() == "/robot/send" && query("access_token"),
    }
}

/// The JSON body each robot documents, built from the notice's title and lines.
///
/// - WeCom: `msgtype` "markdown" — a bold title over quoted lines. Markdown (v1) renders in every
///   WeCom client (markdown_v2 needs recent clients), holds 4096 bytes against text's 2048, and
///   the names in it are neutralised (see [`markdown_safe`]) because WeCom documents no escape.
///   <https://developer.work.weixin.qq.com/document/path/91770> (markdown类型)
/// - Feishu: `msg_type` "post" — rich text with a real title and one paragraph per line, every
///   piece a `text` tag, which Feishu shows literally, so nothing needs escaping.
///   <https://open.feishu.cn/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN> (发送富文本消息)
/// - DingTalk: `msgtype` "markdown" — `title` is what the conversation list and the push preview
///   show; `text` repeats it as a heading over the lines. Names are neutralised as for WeCom.
///   <https://open.dingtalk.com/document/development/robot-message-type> (消息类型)
///
/// Every body contains the title, so a robot whose security setting is a custom keyword passes
/// with the keyword "推送台" (Chinese notices) or "Pushdesk" (English notices).
pub fn robot_body(kind: RobotKind, notice: &Notice) -> Value {
    match kind {
        RobotKind::Wecom => {
            let safe = markdown_notice(notice);
            let mut content = format!("**{}**", safe.title());
            for line in safe.lines() {
                content.push_str("\n> ");
                content.push_str(&line);
            }
            json!({ "msgtype": "markdown", "markdown": { "content": clip_bytes(&content, 4000) } })
        }
        RobotKind::Feishu => {
            let language = match notice.lang {
                super::notice::NoticeLang::Zh => "zh_cn",
                super::notice::NoticeLang::En => "en_us",
            };
            let paragraphs: Vec<Value> =
                notice.lines().into_iter().map(|line| json!([{ "tag": "text", "text": line }])).collect();
            json!({
                "msg_type": "post",
                "content": { "post": { language: { "title": notice.title(), "content": paragraphs } } }
            })
        }
        RobotKind::Dingtalk => {
            let safe = markdown_notice(notice);
            let title = safe.title();
            let mut text = format!("#### {title}");
            for line in safe.lines() {
                text.push_str("\n\n");
                text.push_str(&line);
            }
            json!({ "msgtype": "markdown", "markdown": { "title": title, "text": clip_bytes(&text, 4000) } })
        }
    }
}

/// The notice with its user-typed texts made inert for markdown.
fn markdown_notice(notice: &Notice) -> Notice {
    Notice {
        campaign_name: markdown_safe(&notice.campaign_name),
        account_name: markdown_safe(&notice.account_name),
        reason: notice.reason.as_deref().map(markdown_safe),
        ..notice.clone()
    }
}

/// Replaces the characters WeCom's and DingTalk's markdown give a meaning (emphasis, links,
/// headings, quotes, code, HTML-like `<font>`/`<@user>` tags) with their full-width forms, which
/// read the same in a Chinese chat and are shown literally.
fn markdown_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '*' => '＊',
            '_' => '＿',
            '`' => '｀',
            '[' => '［',
            ']' => '］',
            '<' => '＜',
            '>' => '＞',
            '#' => '＃',
            '~' => '～',
            '|' => '｜',
            '\\' => '＼',
            other => other,
        })
        .collect()
}

/// At most `max` bytes, cut at a character boundary.
fn clip_bytes(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// How [`post_notice`] retries what certainly was not posted.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1 is made).
    pub attempts: u32,
    /// The pause before the second attempt; it doubles before each further one.
    pub first_backoff: Duration,
    /// How long one attempt may take, from connecting to the end of the answer.
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 2 s then 4 s apart, 10 s each.
    fn default() -> Self {
        RetryPolicy { attempts: 3, first_backoff: Duration::from_secs(2), timeout: Duration::from_secs(10) }
    }
}

/// Posts the notice to the robot; returns how many attempts it took.
///
/// Retried, because the message certainly was not posted or the robot asked to come back: no
/// connection (DNS, refused, TLS, connect timeout — the request was never written), HTTP 429,
/// 502, 503 and 504, and the robot's documented busy / rate-limit codes. Not retried: a timeout
/// or a broken connection once the request was written, and any other 5xx
/// ([`RobotError::MayHavePosted`]: the message may already be in the group, and posting it twice
/// is worse than telling the user); an error code ([`RobotError::Refused`]); any other status
/// ([`RobotError::Http`]).
///
/// Give the client a `connect_timeout` shorter than [`RetryPolicy::timeout`]: a connect that
/// hangs is then known as never sent (and retried), not taken for a lost answer.
pub async fn post_notice(
    client: &reqwest::Client,
    kind: RobotKind,
    url: &Sensitive<String>,
    notice: &Notice,
    policy: RetryPolicy,
) -> Result<u32, RobotError> {
    let target = parse_robot_url(kind, url)?;
    let secrets = Secrets::of(url.expose(), &target);
    let body = serde_json::to_vec(&robot_body(kind, notice)).unwrap_or_default();
    let attempts = policy.attempts.max(1);
    let mut backoff = policy.first_backoff;
    let mut attempt = 1;
    loop {
        let retry = match post_once(client, kind, &target, &body, policy.timeout, &secrets).await {
            Ok(()) => return Ok(attempt),
            Err(Attempt::Final(error)) => return Err(error),
            Err(Attempt::Retry(retry)) => retry,
        };
        if attempt >= attempts {
            return Err(match retry {
                Retry::Unreached { cause, detail } => {
                    RobotError::Unreachable(Unreached { kind, attempts: attempt, cause, detail })
                }
                Retry::Busy(last) => RobotError::Busy(Busy { kind, attempts: attempt, last }),
            });
        }
        tokio::time::sleep(backoff).await;
        backoff = backoff.saturating_mul(2);
        attempt += 1;
    }
}

/// The outcome of one failed attempt.
enum Attempt {
    /// Certainly not posted, and worth another try.
    Retry(Retry),
    /// Done: reported as it is.
    Final(RobotError),
}

enum Retry {
    Unreached { cause: NetCause, detail: String },
    Busy(BusySignal),
}

async fn post_once(
    client: &reqwest::Client,
    kind: RobotKind,
    url: &Url,
    body: &[u8],
    timeout: Duration,
    secrets: &Secrets,
) -> Result<(), Attempt> {
    let response = client
        .post(url.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(body.to_vec())
        .timeout(timeout)
        .send()
        .await
        .map_err(|e| transport_failure(kind, e, secrets))?;
    let status = response.status().as_u16();
    if matches!(status, 429 | 502 | 503 | 504) {
        return Err(Attempt::Retry(Retry::Busy(BusySignal::Status(status))));
    }
    let bytes = response.bytes().await.map_err(|e| transport_failure(kind, e, secrets))?;
    let answer = Answer::read(&bytes, secrets);
    match (status, answer) {
        (200..=299, Some(Answer { code: 0, .. })) => Ok(()),
        (_, Some(Answer { code, message })) if code != 0 => {
            if kind.busy_code(code) {
                Err(Attempt::Retry(Retry::Busy(BusySignal::Code { code, message })))
            } else {
                Err(Attempt::Final(RobotError::Refused { kind, code, message }))
            }
        }
        (200..=299, _) => Err(Attempt::Final(RobotError::MayHavePosted(Doubt::Unreadable { kind, status }))),
        (500..=599, _) => Err(Attempt::Final(RobotError::MayHavePosted(Doubt::ServerError { kind, status }))),
        (_, _) => Err(Attempt::Final(RobotError::Http(status))),
    }
}

/// A robot's answer: its code and message, whichever robot's field names it uses.
struct Answer {
    code: i64,
    message: String,
}

impl Answer {
    fn read(bytes: &[u8], secrets: &Secrets) -> Option<Answer> {
        let value: Value = serde_json::from_slice(bytes).ok()?;
        let object = value.as_object()?;
        let number = |key: &str| match object.get(key)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        let code = number("errcode").or_else(|| number("code")).or_else(|| number("StatusCode"))?;
        let message = ["errmsg", "msg", "StatusMessage"]
            .iter()
            .find_map(|key| object.get(*key).and_then(Value::as_str))
            .unwrap_or("");
        let message = super::notice::clip_chars(&super::notice::one_line(message), 300);
        Some(Answer { code, message: secrets.scrub(&message) })
    }
}

/// Sorts a failed request into "never written" (retried) and "may have arrived" (reported).
/// reqwest marks failures while connecting (DNS, TCP, TLS) as connect errors; anything else
/// happened once the connection was up, when the request was on its way or delivered.
fn transport_failure(kind: RobotKind, error: reqwest::Error, secrets: &Secrets) -> Attempt {
    let error = error.without_url();
    let detail = secrets.scrub(&error_chain(&error));
    if error.is_connect() {
        let lower = detail.to_ascii_lowercase();
        // hyper's connector names its own steps ("dns error", "tcp connect error"); a failure
        // past them, still while connecting, is the TLS handshake's ("invalid peer certificate",
        // "received corrupt message…").
        let cause = if error.is_timeout() || lower.contains("timed out") {
            NetCause::ConnectTimeout
        } else if lower.contains("dns error") || lower.contains("failed to lookup") {
            NetCause::Dns
        } else if lower.contains("tcp connect error") {
            NetCause::Connect
        } else {
            NetCause::Tls
        };
        Attempt::Retry(Retry::Unreached { cause, detail })
    } else if error.is_timeout() {
        Attempt::Final(RobotError::MayHavePosted(Doubt::Timeout { kind }))
    } else {
        Attempt::Final(RobotError::MayHavePosted(Doubt::ConnectionLost { kind, detail }))
    }
}

/// The error and its causes on one line.
fn error_chain(error: &reqwest::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// The secret parts of a webhook address, to scrub from any text that came back from the network
/// (an error chain, the robot's own message) before it is stored or shown.
struct Secrets(Vec<String>);

impl Secrets {
    fn of(raw: &str, url: &Url) -> Secrets {
        let mut parts = vec![raw.trim().to_owned(), url.as_str().to_owned()];
        if let Some(query) = url.query() {
            parts.push(query.to_owned());
            for piece in query.split('&') {
                if let Some((_, value)) = piece.split_once('=') {
                    parts.push(value.to_owned());
                }
            }
        }
        parts.extend(url.query_pairs().map(|(_, value)| value.into_owned()));
        // The Feishu token is the last path segment; long segments are what secrets look like.
        parts.extend(url.path_segments().into_iter().flatten().filter(|s| s.len() >= 12).map(str::to_owned));
        parts.retain(|part| part.len() >= 4);
        // Longest first, so a whole address is replaced before the pieces inside it.
        parts.sort_by_key(|part| std::cmp::Reverse(part.len()));
        parts.dedup();
        Secrets(parts)
    }

    fn scrub(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for part in &self.0 {
            if text.contains(part.as_str()) {
                text = text.replace(part.as_str(), "***");
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Sensitive<String> {
        Sensitive::new(text.to_owned())
    }

    fn problem(kind: RobotKind, text: &str) -> Option<UrlProblem> {
        match check_robot_url(kind, &url(text)) {
            Ok(()) => None,
            Err(RobotError::BadUrl(issue)) => Some(issue.problem),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in RobotKind::ALL {
            assert_eq!(RobotKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), json!(kind.as_str()));
        }
        assert_eq!(RobotKind::parse(" DingTalk "), Some(RobotKind::Dingtalk));
        assert_eq!(RobotKind::parse("slack"), None);
    }

    #[test]
    fn the_robots_own_addresses_are_accepted_for_their_kind_only() {
        let wecom =
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693axxx6-7aoc-4bc4-97a0-0ec2sifa5aaa";
        let feishu = "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab";
        let lark = "https://open.larksuite.com/open-apis/bot/v2/hook/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab";
        let dingtalk = "https://oapi.dingtalk.com/robot/send?access_token=ff6cd723bdb4455fe18ba30dbeff007f5";
        assert_eq!(problem(RobotKind::Wecom, wecom), None);
        assert_eq!(problem(RobotKind::Feishu, feishu), None);
        assert_eq!(problem(RobotKind::Feishu, lark), None);
        assert_eq!(problem(RobotKind::Dingtalk, dingtalk), None);
        assert_eq!(
            problem(RobotKind::Wecom, feishu),
            Some(UrlProblem::WrongRobot { found: RobotKind::Feishu })
        );
        assert_eq!(
            problem(RobotKind::Feishu, dingtalk),
            Some(UrlProblem::WrongRobot { found: RobotKind::Dingtalk })
        );
        assert_eq!(
            problem(RobotKind::Dingtalk, wecom),
            Some(UrlProblem::WrongRobot { found: RobotKind::Wecom })
        );
    }

    #[test]
    fn a_truncated_address_on_a_robots_host_is_refused() {
        assert_eq!(
            problem(RobotKind::Wecom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key="),
            Some(UrlProblem::MissingKey)
        );
        assert_eq!(
            problem(RobotKind::Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/"),
            Some(UrlProblem::MissingKey)
        );
        assert_eq!(
            problem(RobotKind::Dingtalk, "https://oapi.dingtalk.com/robot/send"),
            Some(UrlProblem::MissingKey)
        );
    }

    #[test]
    fn https_is_required_except_on_this_machine() {
        assert_eq!(
            problem(RobotKind::Wecom, "http://relay.example.com/hook?key=abc"),
            Some(UrlProblem::NeedsHttps)
        );
        assert_eq!(problem(RobotKind::Wecom, "https://relay.example.com/hook?key=abc"), None);
        assert_eq!(problem(RobotKind::Wecom, "http://127.0.0.1:8080/hook?key=abc"), None);
        assert_eq!(problem(RobotKind::Wecom, "http://localhost/hook"), None);
        assert_eq!(problem(RobotKind::Wecom, "http://[::1]:9/hook"), None);
        assert_eq!(problem(RobotKind::Wecom, "ftp://relay.example.com/hook"), Some(UrlProblem::Scheme));
        assert_eq!(
            problem(RobotKind::Wecom, "qyapi.weixin.qq.com/cgi-bin/webhook/send"),
            Some(UrlProblem::NotAUrl)
        );
        assert_eq!(problem(RobotKind::Wecom, ""), Some(UrlProblem::NotAUrl));
    }

    #[test]
    fn a_bad_url_error_never_shows_the_key() {
        let key = "feishu-secret-token-0f1e2d3c";
        let error = check_robot_url(
            RobotKind::Wecom,
            &url(&format!("https://open.feishu.cn/open-apis/bot/v2/hook/{key}")),
        )
        .unwrap_err();
        for text in [error.to_string(), format!("{error:?}"), error.zh()] {
            assert!(!text.contains(key), "{text}");
        }
        assert!(error.zh().contains("飞书"), "{}", error.zh());
    }

    #[test]
    fn markdown_characters_in_names_are_shown_literally() {
        assert_eq!(markdown_safe("**双十二**[预告](x) <font>#1"), "＊＊双十二＊＊［预告］(x) ＜font＞＃1");
    }

    #[test]
    fn scrubbing_removes_every_secret_part() {
        let raw = "http://127.0.0.1:9/open-apis/bot/v2/hook/0f1e2d3c-secret-path?key=k3y-secret&x=1";
        let secrets = Secrets::of(raw, &Url::parse(raw).unwrap());
        let text =
            format!("error for url ({raw}) at /open-apis/bot/v2/hook/0f1e2d3c-secret-path key=k3y-secret");
        let scrubbed = secrets.scrub(&text);
        assert!(!scrubbed.contains("0f1e2d3c-secret-path"), "{scrubbed}");
        assert!(!scrubbed.contains("k3y-secret"), "{scrubbed}");
    }

    #[test]
    fn clip_bytes_cuts_at_a_character_boundary() {
        assert_eq!(clip_bytes("推送台", 4), "推");
        assert_eq!(clip_bytes("abc", 10), "abc");
    }
}
