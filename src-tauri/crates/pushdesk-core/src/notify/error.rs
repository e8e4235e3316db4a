//! Why a notice did not reach a group robot, told so that the one question that matters can be
//! answered: could the message already be in the group?
//!
//! No variant carries the webhook address: it holds the robot's secret (WeCom `key=`, DingTalk
//! `access_token=`, the Feishu path token). Texts that come from the network (transport errors,
//! the robot's own message) are scrubbed of the address's secret parts before they are stored.

use super::robot::RobotKind;

/// What is wrong with a webhook address. Never carries the address itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    /// Empty, or not a URL at all.
    NotAUrl,
    /// Not `http://` or `https://`.
    Scheme,
    /// `http://` to a host that is not this machine: the key would travel in clear text.
    NeedsHttps,
    /// The address belongs to another robot (a Feishu address saved as WeCom…).
    WrongRobot { found: RobotKind },
    /// The robot's own host, but the key or token is missing or the path is not the webhook's.
    MissingKey,
}

/// A webhook address refused before it is stored or used: for which robot, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlIssue {
    pub kind: RobotKind,
    pub problem: UrlProblem,
}

/// Why no connection was made. In every case the request never left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetCause {
    /// The host name could not be resolved.
    Dns,
    /// The connection was refused or reset while connecting.
    Connect,
    /// The TLS handshake failed (certificate, proxy intercepting HTTPS…).
    Tls,
    /// Connecting took longer than the client's connect timeout.
    ConnectTimeout,
}

/// The robot could not be reached: the request was never written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreached {
    pub kind: RobotKind,
    /// How many attempts were made (all of them failed to connect).
    pub attempts: u32,
    pub cause: NetCause,
    /// The HTTP stack's explanation, scrubbed of the address.
    pub detail: String,
}

/// Why the message may already be in the group although no success came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// The request was written but no complete answer came in time.
    Timeout { kind: RobotKind },
    /// The connection broke after the request was written.
    ConnectionLost { kind: RobotKind, detail: String },
    /// The server answered with a 5xx that does not mean "not taken" (500, 501, 505…).
    ServerError { kind: RobotKind, status: u16 },
    /// A 2xx answer that is not the robot's JSON (a relay's page, an empty body…).
    Unreadable { kind: RobotKind, status: u16 },
}

/// What the robot (or the server in front of it) said each time it asked us to come back later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BusySignal {
    /// HTTP 429, 502, 503 or 504.
    Status(u16),
    /// The robot's documented rate-limit or system-busy code.
    Code { code: i64, message: String },
}

/// The robot asked to retry every time; the message was not posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub kind: RobotKind,
    pub attempts: u32,
    /// The last answer.
    pub last: BusySignal,
}

/// A notice that did not reach the group, or may not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RobotError {
    /// The webhook address is not usable. Nothing was sent.
    #[error("the {} webhook address is not usable: {}", .0.kind.name_en(), .0.problem.en())]
    BadUrl(UrlIssue),
    /// No connection could be made, after every attempt. Nothing was sent.
    #[error(
        "could not reach the {} robot after {} attempt(s) ({}): {}",
        .0.kind.name_en(), .0.attempts, .0.cause.en(), .0.detail
    )]
    Unreachable(Unreached),
    /// The request left but no success came back: the message may be in the group. Never
    /// retried, so it is never posted twice.
    #[error("{}", .0.en())]
    MayHavePosted(Doubt),
    /// The robot answered with an error code (bad key, keyword check failed, signature…).
    /// Nothing was posted; retrying would not help.
    #[error("the {} robot refused the message (code {code}: {message})", .kind.name_en())]
    Refused { kind: RobotKind, code: i64, message: String },
    /// The robot was busy or rate-limited at every attempt. Nothing was posted.
    #[error(
        "the {} robot was busy at each of {} attempt(s) (last answer: {}); the message was not posted",
        .0.kind.name_en(), .0.attempts, .0.last.en()
    )]
    Busy(Busy),
    /// Another HTTP status without a robot error code (404 for a truncated address…). Nothing
    /// was posted.
    #[error("the webhook address answered HTTP {0}; the message was not posted")]
    Http(u16),
}

impl RobotError {
    /// Plain Chinese for marketing staff: what happened, whether the message went out, what to
    /// do.
    pub fn zh(&self) -> String {
        match self {
            RobotError::BadUrl(UrlIssue { kind, problem }) => {
                format!("{}机器人的 webhook 地址不能用：{}", kind.name_zh(), problem.zh(*kind))
            }
            RobotError::Unreachable(u) => format!(
                "无法连接{}机器人（{}，已尝试 {} 次），消息没有发出：请检查网络、代理或防火墙后再试",
                u.kind.name_zh(),
                u.cause.zh(),
                u.attempts
            ),
            RobotError::MayHavePosted(doubt) => doubt.zh(),
            RobotError::Refused { kind, code, message } => {
                let robot = kind.name_zh();
                match explain(*kind, *code, message) {
                    Some((what, todo)) => format!("{robot}机器人拒绝了消息（{code}：{what}）：{todo}"),
                    None => format!("{robot}机器人拒绝了消息（{code}：{message}），消息没有发出"),
                }
            }
            RobotError::Busy(b) => {
                let robot = b.kind.name_zh();
                let last = match &b.last {
                    BusySignal::Status(status) => format!("HTTP {status}"),
                    BusySignal::Code { code, .. } => match explain(b.kind, *code, "") {
                        Some((what, _)) => format!("{code}：{what}"),
                        None => code.to_string(),
                    },
                };
                format!(
                    "{robot}机器人一直繁忙或限流（{last}，已尝试 {} 次），消息没有发出：请过几分钟再试",
                    b.attempts
                )
            }
            RobotError::Http(status) => format!(
                "webhook 地址返回了 HTTP {status}，消息没有发出：请检查地址是否完整，机器人是否已被删除"
            ),
        }
    }

    /// Whether the message may already be in the group (so it must not be sent again blindly).
    pub fn may_have_posted(&self) -> bool {
        matches!(self, RobotError::MayHavePosted(_))
    }
}

impl UrlProblem {
    fn en(self) -> String {
        match self {
            UrlProblem::NotAUrl => "it is not a web address".into(),
            UrlProblem::Scheme => "it must start with https://".into(),
            UrlProblem::NeedsHttps => {
                "it must start with https:// (http:// is allowed only for this computer)".into()
            }
            UrlProblem::WrongRobot { found } => format!("it is a {} robot address", found.name_en()),
            UrlProblem::MissingKey => "the robot's key or token is missing from it".into(),
        }
    }

    fn zh(self, kind: RobotKind) -> String {
        match self {
            UrlProblem::NotAUrl => "这不是一个网址，请从机器人设置中完整复制".into(),
            UrlProblem::Scheme => "地址必须以 https:// 开头".into(),
            UrlProblem::NeedsHttps => "地址必须以 https:// 开头（只有本机地址可以用 http://）".into(),
            UrlProblem::WrongRobot { found } => {
                format!(
                    "这是{}机器人的地址，请选择「{}」或换成{}机器人的地址",
                    found.name_zh(),
                    found.name_zh(),
                    kind.name_zh()
                )
            }
            UrlProblem::MissingKey => match kind {
                RobotKind::Wecom => "地址中缺少 key，请从群机器人设置中完整复制 webhook 地址".into(),
                RobotKind::Feishu => {
                    "地址中缺少机器人的 token，请从自定义机器人设置中完整复制 webhook 地址".into()
                }
                RobotKind::Dingtalk => {
                    "地址中缺少 access_token，请从自定义机器人设置中完整复制 webhook 地址".into()
                }
            },
        }
    }
}

impl NetCause {
    fn en(self) -> &'static str {
        match self {
            NetCause::Dns => "host name not found",
            NetCause::Connect => "connection refused",
            NetCause::Tls => "secure connection (TLS) failed",
            NetCause::ConnectTimeout => "timed out connecting",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            NetCause::Dns => "找不到服务器地址",
            NetCause::Connect => "连接被拒绝",
            NetCause::Tls => "安全连接（TLS）失败",
            NetCause::ConnectTimeout => "连接超时",
        }
    }
}

impl Doubt {
    fn en(&self) -> String {
        let tail = "the message may already be in the group, so it was not sent again";
        match self {
            Doubt::Timeout { kind } => format!("the {} robot did not answer in time; {tail}", kind.name_en()),
            Doubt::ConnectionLost { kind, detail } => {
                format!(
                    "the connection to the {} robot broke before its answer ({detail}); {tail}",
                    kind.name_en()
                )
            }
            Doubt::ServerError { kind, status } => {
                format!("the {} robot's server answered HTTP {status}; {tail}", kind.name_en())
            }
            Doubt::Unreadable { kind, status } => format!(
                "the {} webhook answered HTTP {status} with a body that is not the robot's answer; {tail}",
                kind.name_en()
            ),
        }
    }

    fn zh(&self) -> String {
        let tail = "消息可能已经发到群里，推送台不会自动重发：请到群里查看";
        match self {
            Doubt::Timeout { kind } => format!("{}机器人没有及时回复，{tail}", kind.name_zh()),
            Doubt::ConnectionLost { kind, .. } => {
                format!("与{}机器人的连接在回复前断开，{tail}", kind.name_zh())
            }
            Doubt::ServerError { kind, status } => {
                format!("{}机器人的服务器出错（HTTP {status}），{tail}", kind.name_zh())
            }
            Doubt::Unreadable { kind, status } => {
                format!("{}机器人地址的回复无法识别（HTTP {status}），{tail}", kind.name_zh())
            }
        }
    }
}

impl BusySignal {
    fn en(&self) -> String {
        match self {
            BusySignal::Status(status) => format!("HTTP {status}"),
            BusySignal::Code { code, message } => format!("code {code}: {message}"),
        }
    }
}

/// The plain-Chinese meaning of a robot's error code and what to do about it, for the codes the
/// robots document (see `robot.rs` for the sources).
fn explain(kind: RobotKind, code: i64, message: &str) -> Option<(&'static str, &'static str)> {
    let busy = ("机器人繁忙", "请过几分钟再试");
    let limited = ("发送太频繁被限流", "请过 10 分钟再试");
    let content = ("消息内容被拦截", "请检查任务名称或原因中是否有不合适的内容");
    Some(match (kind, code) {
        (_, -1) => busy,
        (RobotKind::Wecom, 93000) => ("webhook 地址无效", "请检查地址中的 key，或机器人是否已被移出群"),
        (RobotKind::Wecom, 45009) => ("发送太频繁被限流", "每个机器人每分钟最多 20 条，请稍后再试"),
        (RobotKind::Wecom, 40008 | 40058 | 44004) => {
            ("消息格式不被接受", "请把这个提示反馈给推送台的维护人员")
        }
        (RobotKind::Feishu, 19001) => ("webhook 地址无效", "请检查地址中的 token，或机器人是否已被删除"),
        (RobotKind::Feishu, 19021) => (
            "签名校验失败",
            "机器人开启了「签名校验」，推送台不带签名：请在机器人安全设置中改用「自定义关键词」（如「推送台」）或「IP 白名单」",
        ),
        (RobotKind::Feishu, 19022) => ("本机 IP 不在机器人的 IP 白名单中", "请在机器人安全设置中加入本机的出口 IP"),
        (RobotKind::Feishu, 19024) => (
            "消息不含机器人的自定义关键词",
            "请在机器人安全设置中加入关键词「推送台」（英文通知为「Pushdesk」）",
        ),
        (RobotKind::Feishu, 9499) => ("消息格式不被接受", "请把这个提示反馈给推送台的维护人员"),
        (RobotKind::Feishu, 11232) => limited,
        (RobotKind::Dingtalk, 310000) => {
            let m = message.to_ascii_lowercase();
            if m.contains("keyword") {
                (
                    "消息不含机器人的自定义关键词",
                    "请在机器人安全设置中加入关键词「推送台」（英文通知为「Pushdesk」）",
                )
            } else if m.contains("sign") {
                (
                    "加签校验失败",
                    "机器人开启了「加签」，推送台不带签名：请在机器人安全设置中改用「自定义关键词」（如「推送台」）或「IP 地址（段）」",
                )
            } else if m.contains("ip") {
                ("本机 IP 不在机器人的 IP 地址（段）中", "请在机器人安全设置中加入本机的出口 IP")
            } else {
                ("没有通过机器人的安全设置", "请检查机器人的关键词、加签或 IP 地址设置")
            }
        }
        (RobotKind::Dingtalk, 300001 | 300005 | 400101) => {
            ("webhook 地址无效", "请检查地址中的 access_token，或机器人是否已被移除")
        }
        (RobotKind::Dingtalk, 400102) => ("机器人已停用", "请在群设置中启用机器人"),
        (RobotKind::Dingtalk, 400013) => ("群已解散", "请换一个群的机器人地址"),
        (RobotKind::Dingtalk, 130101 | 410100) => limited,
        (RobotKind::Dingtalk, 430101..=430104) => content,
        _ => return None,
    })
}
