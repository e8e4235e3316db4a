//! The one table that says what every WeChat error code and transport failure means for a send,
//! and what the marketing staff should do about it. The send engine, the send log and the UI all
//! read it; nothing else decides how an errcode is handled.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

pub use super::error::TransportKind;

/// What the send engine does with a row after this outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeClass {
    /// Accepted by WeChat.
    Ok,
    /// Transient: retry the same row later (see the retry hint); nothing was delivered.
    Retry,
    /// The access token was refused: get a fresh one (single flight) and retry once.
    RefreshToken,
    /// This row failed for a reason specific to it; do not retry, continue the campaign.
    RowFailed,
    /// The user has no subscription left or refused: not a failure, remember it.
    NotSubscribed,
    /// Stop sending for now (quota); resume later without losing progress.
    PauseCampaign,
    /// Every further row would fail too: stop the campaign and show the user the fix.
    StopCampaign,
    /// WeChat may or may not have delivered the message: mark unknown, never resend
    /// automatically.
    Unknown,
}

/// When a [`OutcomeClass::Retry`] (or paused) row may be tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RetryDelay {
    /// Exponential backoff chosen by the engine.
    Backoff,
    /// Wait for the next wall-clock minute (per-minute limit).
    NextMinute,
    /// Wait a short fixed time.
    AfterSeconds {
        /// Seconds to wait.
        secs: u32,
    },
    /// Wait until the daily quota resets (midnight, Beijing time).
    NextDay,
}

/// Failures detected locally, before or instead of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LocalKind {
    /// The account's API base URL, proxy or token settings are unusable.
    Config,
    /// The pasted access token expired or was refused.
    ManualToken,
    /// An argument was refused before sending.
    InvalidArgument,
}

/// The key of the catalogue: what failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// WeChat answered with this `errcode` (0 = success).
    Errcode(i64),
    /// The API call itself failed in transport.
    Transport(TransportKind),
    /// Fetching the access token failed in transport; the API call was never attempted.
    TokenFetch(TransportKind),
    /// Refused locally.
    Local(LocalKind),
}

/// Plain-language explanation for marketing staff, in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Explanation {
    /// What happened (Chinese).
    pub title_zh: String,
    /// What happened (English).
    pub title_en: String,
    /// What to do (Chinese).
    pub action_zh: String,
    /// What to do (English).
    pub action_en: String,
}

/// One line of the catalogue: a failure, how the engine treats it and how to explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CatalogueEntry {
    /// What failed.
    pub failure: Failure,
    /// What the engine does.
    pub class: OutcomeClass,
    /// When to try again, for retryable and pausing classes.
    pub retry: Option<RetryDelay>,
    /// What it means and what to do.
    pub explanation: Explanation,
    /// A detail of this occurrence (the field WeChat named, the IP it saw), when known.
    pub detail: Option<String>,
}

/// The catalogue listing type for the UI (same shape as a classification).
pub type CatalogueRow = CatalogueEntry;

/// Errcodes that mean "get a token and retry once".
pub const TOKEN_ERRCODES: [i64; 3] = [40001, 40014, 42001];

struct Row {
    failure: Failure,
    class: OutcomeClass,
    retry: Option<RetryDelay>,
    title_zh: &'static str,
    title_en: &'static str,
    action_zh: &'static str,
    action_en: &'static str,
}

use Failure::{Errcode, Local, Transport};
use OutcomeClass as C;

const BACKOFF: Option<RetryDelay> = Some(RetryDelay::Backoff);

#[rustfmt::skip]
static ROWS: &[Row] = &[
    Row { failure: Errcode(0), class: C::Ok, retry: None,
        title_zh: "发送成功", title_en: "Sent",
        action_zh: "微信已接受该消息。", action_en: "WeChat accepted the message." },
    Row { failure: Errcode(-1), class: C::Retry, retry: BACKOFF,
        title_zh: "微信系统繁忙", title_en: "WeChat is busy",
        action_zh: "稍后会自动重试，无需操作。", action_en: "Pushdesk retries automatically in a moment; nothing to do." },
    Row { failure: Errcode(40001), class: C::RefreshToken, retry: None,
        title_zh: "访问令牌无效", title_en: "Access token invalid",
        action_zh: "Pushdesk 会自动获取新令牌并重试一次。若反复出现，可能有其他系统在用 /cgi-bin/token 刷新令牌，请改用稳定版令牌（stable）。",
        action_en: "Pushdesk fetches a new token and retries once. If it keeps happening, another system may be refreshing the token with /cgi-bin/token: use the stable token source." },
    Row { failure: Errcode(40014), class: C::RefreshToken, retry: None,
        title_zh: "访问令牌不合法", title_en: "Access token malformed",
        action_zh: "Pushdesk 会自动获取新令牌并重试一次。若使用手动或外部令牌，请检查令牌是否完整。",
        action_en: "Pushdesk fetches a new token and retries once. With a manual or external token, check that the token is complete." },
    Row { failure: Errcode(42001), class: C::RefreshToken, retry: None,
        title_zh: "访问令牌已过期", title_en: "Access token expired",
        action_zh: "Pushdesk 会自动获取新令牌并重试一次。", action_en: "Pushdesk fetches a new token and retries once." },
    Row { failure: Errcode(40003), class: C::RowFailed, retry: None,
        title_zh: "openid 无效", title_en: "Invalid openid",
        action_zh: "该 openid 不存在或属于其他小程序（AppID）。请核对收件人名单是否来自本小程序。",
        action_en: "This openid does not exist or belongs to another mini program (AppID). Check that the recipient list comes from this mini program." },
    Row { failure: Errcode(40037), class: C::StopCampaign, retry: None,
        title_zh: "模板 ID 无效", title_en: "Template ID invalid",
        action_zh: "该模板已被删除或不属于此账号。请重新同步模板并选择有效的模板。",
        action_en: "The template was deleted or belongs to another account. Sync templates again and pick a valid one." },
    Row { failure: Errcode(40164), class: C::StopCampaign, retry: None,
        title_zh: "本机 IP 不在小程序的 IP 白名单中", title_en: "This computer's IP is not on the mini program's IP whitelist",
        action_zh: "请任选其一：1) 在小程序管理后台「开发管理 → 开发设置 → IP白名单」中加入该 IP；2) 在账号设置中使用公司的中转服务器/代理（其 IP 已在白名单中）；3) 改用外部令牌来源（由公司的令牌服务获取令牌）。",
        action_en: "Do one of: 1) add the IP in the mini program admin console (开发管理 → 开发设置 → IP白名单 / Development → Development settings → IP whitelist); 2) set the company relay/proxy (whose IP is whitelisted) in the account settings; 3) switch to an external token source (the company's token service)." },
    Row { failure: Errcode(61004), class: C::StopCampaign, retry: None,
        title_zh: "本机 IP 不在小程序的 IP 白名单中", title_en: "This computer's IP is not on the mini program's IP whitelist",
        action_zh: "请任选其一：1) 在小程序管理后台「开发管理 → 开发设置 → IP白名单」中加入该 IP；2) 在账号设置中使用公司的中转服务器/代理（其 IP 已在白名单中）；3) 改用外部令牌来源（由公司的令牌服务获取令牌）。",
        action_en: "Do one of: 1) add the IP in the mini program admin console (开发管理 → 开发设置 → IP白名单 / Development → Development settings → IP whitelist); 2) set the company relay/proxy (whose IP is whitelisted) in the account settings; 3) switch to an external token source (the company's token service)." },
    Row { failure: Errcode(41030), class: C::StopCampaign, retry: None,
        title_zh: "页面路径不存在", title_en: "Page path not found",
        action_zh: "所填页面不在已发布的小程序版本中。请检查页面路径，或先发布包含该页面的版本。",
        action_en: "The page is not in the released version of the mini program. Check the page path, or release a version that contains it first." },
    Row { failure: Errcode(43101), class: C::NotSubscribed, retry: None,
        title_zh: "用户未订阅", title_en: "User not subscribed",
        action_zh: "该用户没有剩余的订阅次数或已拒绝接收。这不是故障；用户再次在小程序中同意订阅后才能发送。",
        action_en: "The user has no subscription left or refused. This is not a fault; you can send again once the user accepts a subscription in the mini program." },
    Row { failure: Errcode(43107), class: C::StopCampaign, retry: None,
        title_zh: "订阅消息能力或模板已被封禁", title_en: "Subscribe messages or this template are banned",
        action_zh: "请在小程序管理后台查看违规通知并申诉；在解封前无法发送。",
        action_en: "Check the violation notice in the mini program admin console and appeal; nothing can be sent until it is lifted." },
    Row { failure: Errcode(43108), class: C::Retry, retry: Some(RetryDelay::AfterSeconds { secs: 2 }),
        title_zh: "同一用户的消息发送过于频繁", title_en: "Concurrent sends to the same user",
        action_zh: "稍后会自动重试，无需操作。", action_en: "Pushdesk retries shortly; nothing to do." },
    Row { failure: Errcode(45009), class: C::PauseCampaign, retry: Some(RetryDelay::NextDay),
        title_zh: "今日发送额度已用完", title_en: "Daily quota reached",
        action_zh: "活动已暂停，额度在次日（北京时间零点）重置后可继续发送。",
        action_en: "The campaign is paused; resume it after the quota resets (midnight Beijing time)." },
    Row { failure: Errcode(45011), class: C::Retry, retry: Some(RetryDelay::NextMinute),
        title_zh: "发送过快（每分钟限额）", title_en: "Sending too fast (per-minute limit)",
        action_zh: "将在下一分钟自动重试；如频繁出现，请降低发送速率。",
        action_en: "Retried automatically in the next minute; if it keeps happening, lower the send rate." },
    Row { failure: Errcode(45168), class: C::RowFailed, retry: None,
        title_zh: "内容含敏感词", title_en: "Content contains a sensitive word",
        action_zh: "请修改被指出字段中的内容后再发送。", action_en: "Change the text of the field named below and send again." },
    Row { failure: Errcode(47001), class: C::StopCampaign, retry: None,
        title_zh: "请求格式错误", title_en: "Malformed request",
        action_zh: "这是 Pushdesk 的缺陷，请将发送日志提供给技术支持。", action_en: "This is a Pushdesk bug; please send the send log to support." },
    Row { failure: Errcode(47003), class: C::RowFailed, retry: None,
        title_zh: "字段内容不符合模板规则", title_en: "A value breaks its keyword rule",
        action_zh: "请按模板规则修改被指出的字段（例如长度、不可为空、格式）。",
        action_en: "Fix the field named below to match its rule (length, not empty, format)." },
    Row { failure: Errcode(48001), class: C::StopCampaign, retry: None,
        title_zh: "该账号无此接口权限", title_en: "API not authorised for this account",
        action_zh: "请在小程序管理后台确认已开通订阅消息，并检查账号类目与认证状态。",
        action_en: "Check in the mini program admin console that subscribe messages are enabled, and the account's category and verification." },
    Row { failure: Errcode(40013), class: C::StopCampaign, retry: None,
        title_zh: "AppID 无效", title_en: "Invalid AppID",
        action_zh: "请在账号设置中核对 AppID（小程序管理后台「开发管理 → 开发设置」）。",
        action_en: "Check the AppID in the account settings (admin console → 开发管理 → 开发设置)." },
    Row { failure: Errcode(40125), class: C::StopCampaign, retry: None,
        title_zh: "AppSecret 无效", title_en: "Invalid AppSecret",
        action_zh: "AppSecret 错误或已重置。请在小程序管理后台获取当前的 AppSecret 并在账号设置中重新填写。",
        action_en: "The AppSecret is wrong or was reset. Get the current AppSecret from the admin console and enter it again in the account settings." },
    Row { failure: Errcode(40002), class: C::StopCampaign, retry: None,
        title_zh: "令牌请求类型错误", title_en: "Invalid grant type",
        action_zh: "这是 Pushdesk 或令牌服务的缺陷，请联系技术支持。", action_en: "A bug in Pushdesk or the token service; please contact support." },
    Row { failure: Errcode(41001), class: C::StopCampaign, retry: None,
        title_zh: "请求缺少访问令牌", title_en: "Access token missing",
        action_zh: "令牌来源返回了空令牌。请检查令牌来源设置（外部地址或手动令牌）。",
        action_en: "The token source gave an empty token. Check the token source settings (external URL or pasted token)." },
    Row { failure: Errcode(45109), class: C::StopCampaign, retry: None,
        title_zh: "该接口已下线", title_en: "This API has been retired",
        action_zh: "微信已停用此接口（旧版模板消息于 2020-01-10 下线）。请改用订阅消息。",
        action_en: "WeChat switched this API off (the old template message ended 2020-01-10). Use subscribe messages instead." },
    Row { failure: Errcode(200012), class: C::RowFailed, retry: None,
        title_zh: "私有模板数量已达上限（25 个）", title_en: "Private template limit reached (25)",
        action_zh: "请先删除不再使用的模板，再添加新模板。", action_en: "Delete templates you no longer use, then add the new one." },
    Row { failure: Transport(TransportKind::ConnectFailed), class: C::Retry, retry: BACKOFF,
        title_zh: "无法连接到微信服务器", title_en: "Could not connect to WeChat",
        action_zh: "消息未发出，将自动重试。若持续失败，请检查网络、API 地址和代理设置。",
        action_en: "Nothing was sent; Pushdesk retries. If it persists, check the network, the API base URL and the proxy settings." },
    Row { failure: Transport(TransportKind::Dns), class: C::Retry, retry: BACKOFF,
        title_zh: "无法解析服务器域名", title_en: "Server name could not be resolved",
        action_zh: "消息未发出，将自动重试。若持续失败，请检查网络和 API 地址。",
        action_en: "Nothing was sent; Pushdesk retries. If it persists, check the network and the API base URL." },
    Row { failure: Transport(TransportKind::ProxyFailed), class: C::Retry, retry: BACKOFF,
        title_zh: "代理服务器连接失败", title_en: "Proxy connection failed",
        action_zh: "消息未发出，将自动重试。若持续失败，请检查账号设置中的代理地址。",
        action_en: "Nothing was sent; Pushdesk retries. If it persists, check the proxy in the account settings." },
    Row { failure: Transport(TransportKind::ConnectTimeout), class: C::Retry, retry: BACKOFF,
        title_zh: "连接超时", title_en: "Connection timed out",
        action_zh: "消息未发出，将自动重试。", action_en: "Nothing was sent; Pushdesk retries." },
    Row { failure: Transport(TransportKind::TimeoutAfterSend), class: C::Unknown, retry: None,
        title_zh: "已发出请求但等待回复超时", title_en: "Request sent, but no answer in time",
        action_zh: "无法确定用户是否已收到消息，因此不会自动重发。请确认后再决定是否手动重发。",
        action_en: "It is unknown whether the user received the message, so it is not resent automatically. Check before choosing to resend." },
    Row { failure: Transport(TransportKind::ConnectionLost), class: C::Unknown, retry: None,
        title_zh: "请求发出后连接中断", title_en: "Connection lost after the request was sent",
        action_zh: "无法确定用户是否已收到消息，因此不会自动重发。请确认后再决定是否手动重发。",
        action_en: "It is unknown whether the user received the message, so it is not resent automatically. Check before choosing to resend." },
    Row { failure: Transport(TransportKind::Http5xx), class: C::Retry, retry: BACKOFF,
        title_zh: "服务器暂时故障（HTTP 5xx）", title_en: "Server error (HTTP 5xx)",
        action_zh: "将自动重试。", action_en: "Pushdesk retries." },
    Row { failure: Transport(TransportKind::HttpStatus), class: C::StopCampaign, retry: None,
        title_zh: "服务器返回了意外的 HTTP 状态", title_en: "Unexpected HTTP status from the server",
        action_zh: "通常是 API 地址或中转服务器配置错误。请检查账号设置。",
        action_en: "Usually a wrong API base URL or relay configuration. Check the account settings." },
    Row { failure: Transport(TransportKind::InvalidBody), class: C::Unknown, retry: None,
        title_zh: "服务器回复无法识别", title_en: "Unreadable answer from the server",
        action_zh: "请求已到达服务器，但回复不是微信的格式，无法确定是否送达，因此不会自动重发。请检查 API 地址和中转服务器。",
        action_en: "The request reached the server but the answer is not WeChat's format; delivery is unknown, so it is not resent automatically. Check the API base URL and relay." },
    Row { failure: Transport(TransportKind::Other), class: C::Unknown, retry: None,
        title_zh: "网络错误", title_en: "Network error",
        action_zh: "无法确定是否送达，因此不会自动重发。", action_en: "Delivery is unknown, so it is not resent automatically." },
    Row { failure: Local(LocalKind::Config), class: C::StopCampaign, retry: None,
        title_zh: "账号连接设置有误", title_en: "Account connection settings are invalid",
        action_zh: "请在账号设置中修正 API 地址、代理或令牌来源。", action_en: "Fix the API base URL, proxy or token source in the account settings." },
    Row { failure: Local(LocalKind::ManualToken), class: C::StopCampaign, retry: None,
        title_zh: "手动填写的访问令牌已过期或无效", title_en: "The pasted access token expired or was refused",
        action_zh: "请获取新的访问令牌并在账号设置中重新粘贴。", action_en: "Get a new access token and paste it in the account settings." },
    Row { failure: Local(LocalKind::InvalidArgument), class: C::RowFailed, retry: None,
        title_zh: "参数不符合要求", title_en: "Invalid argument",
        action_zh: "请按提示修改后重试。", action_en: "Correct it as described and try again." },
];

/// How a token-fetch transport failure is handled: the API call was never made, so anything
/// transient is a plain retry; a token service that answers nonsense needs a person.
fn token_fetch_entry(kind: TransportKind) -> (OutcomeClass, Option<RetryDelay>, Explanation) {
    let (class, retry) = match kind {
        TransportKind::HttpStatus | TransportKind::InvalidBody => (C::StopCampaign, None),
        _ => (C::Retry, BACKOFF),
    };
    let (action_zh, action_en) = if class == C::Retry {
        (
            "消息尚未发出，将自动重试。若持续失败，请检查网络、代理和令牌来源设置。",
            "Nothing was sent yet; Pushdesk retries. If it persists, check the network, proxy and token source settings.",
        )
    } else {
        (
            "令牌来源（微信或公司的令牌服务）回复异常。请检查账号设置中的令牌来源地址。",
            "The token source (WeChat or the company's token service) answered wrongly. Check the token source settings.",
        )
    };
    let explanation = Explanation {
        title_zh: "获取访问令牌失败".into(),
        title_en: "Could not get an access token".into(),
        action_zh: action_zh.into(),
        action_en: action_en.into(),
    };
    (class, retry, explanation)
}

const ALL_TRANSPORT_KINDS: [TransportKind; 10] = [
    TransportKind::ConnectFailed,
    TransportKind::Dns,
    TransportKind::ProxyFailed,
    TransportKind::ConnectTimeout,
    TransportKind::TimeoutAfterSend,
    TransportKind::ConnectionLost,
    TransportKind::Http5xx,
    TransportKind::HttpStatus,
    TransportKind::InvalidBody,
    TransportKind::Other,
];

/// Classifies a failure without any detail of its occurrence.
pub fn classify(failure: &Failure) -> CatalogueEntry {
    explain(failure, None)
}

/// Classifies a failure and specialises the explanation with the raw message of this
/// occurrence (WeChat's `errmsg`, or a transport detail): the IP WeChat saw for 40164, the
/// field it named for 47003/45168, the raw message for unknown codes.
pub fn explain(failure: &Failure, message: Option<&str>) -> CatalogueEntry {
    if let Failure::TokenFetch(kind) = failure {
        let (class, retry, explanation) = token_fetch_entry(*kind);
        return CatalogueEntry {
            failure: *failure,
            class,
            retry,
            explanation,
            detail: message.map(str::to_owned),
        };
    }
    let Some(row) = ROWS.iter().find(|r| r.failure == *failure) else {
        return unknown_entry(failure, message);
    };
    let mut entry = CatalogueEntry {
        failure: *failure,
        class: row.class,
        retry: row.retry,
        explanation: Explanation {
            title_zh: row.title_zh.into(),
            title_en: row.title_en.into(),
            action_zh: row.action_zh.into(),
            action_en: row.action_en.into(),
        },
        detail: None,
    };
    match (failure, message) {
        (Errcode(40164 | 61004), Some(msg)) => {
            if let Some(ip) = reported_ip(msg) {
                entry.explanation.title_zh = format!("本机 IP（{ip}）不在小程序的 IP 白名单中");
                entry.explanation.title_en =
                    format!("This computer's IP ({ip}) is not on the mini program's IP whitelist");
                entry.detail = Some(ip);
            }
        }
        (Errcode(47003 | 45168), Some(msg)) => {
            if let Some(field) = named_field(msg) {
                entry.explanation.action_zh = format!("{}（字段：{field}）", entry.explanation.action_zh);
                entry.explanation.action_en = format!("{} (field: {field})", entry.explanation.action_en);
                entry.detail = Some(field);
            }
        }
        (Errcode(_), _) => {}
        (_, Some(msg)) => entry.detail = Some(msg.to_owned()),
        _ => {}
    }
    entry
}

/// The safe default for codes not in the table: fail the row, show WeChat's own words.
fn unknown_entry(failure: &Failure, message: Option<&str>) -> CatalogueEntry {
    let code = match failure {
        Errcode(code) => code.to_string(),
        other => format!("{other:?}"),
    };
    let raw = message.unwrap_or("").trim();
    let (title_zh, title_en) = if raw.is_empty() {
        (format!("微信返回错误 {code}"), format!("WeChat returned error {code}"))
    } else {
        (format!("微信返回错误 {code}：{raw}"), format!("WeChat returned error {code}: {raw}"))
    };
    CatalogueEntry {
        failure: *failure,
        class: C::RowFailed,
        retry: None,
        explanation: Explanation {
            title_zh,
            title_en,
            action_zh: "此行未发送成功。如需帮助，请将错误码和 rid 提供给技术支持。".into(),
            action_en: "This row was not sent. For help, give the error code and rid to support.".into(),
        },
        detail: message.map(str::to_owned),
    }
}

/// Every known entry, for the UI's help pages and the send log's totals.
pub fn catalogue() -> Vec<CatalogueRow> {
    let table = ROWS.iter().map(|r| classify(&r.failure));
    let token = ALL_TRANSPORT_KINDS.iter().map(|k| classify(&Failure::TokenFetch(*k)));
    table.chain(token).collect()
}

/// The IP WeChat reports in a 40164/61004 errmsg ("invalid ip 1.2.3.4 ipv6 ..., not in
/// whitelist").
fn reported_ip(errmsg: &str) -> Option<String> {
    static IP: OnceLock<Option<Regex>> = OnceLock::new();
    let re = IP.get_or_init(|| Regex::new(r"\b(\d{1,3}(?:\.\d{1,3}){3})\b").ok()).as_ref()?;
    re.captures(errmsg).map(|c| c[1].to_owned())
}

/// The keyword WeChat names in a 47003/45168 errmsg ("data.thing1.value is empty").
fn named_field(errmsg: &str) -> Option<String> {
    static FIELD: OnceLock<Option<Regex>> = OnceLock::new();
    let re = FIELD.get_or_init(|| Regex::new(r"data\.([A-Za-z_]+\d+)").ok()).as_ref()?;
    re.captures(errmsg).map(|c| c[1].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUIRED: [i64; 25] = [
        0, -1, 40001, 40014, 42001, 40003, 40037, 40164, 61004, 41030, 43101, 43107, 43108, 45009, 45011,
        45168, 47001, 47003, 48001, 40013, 40125, 40002, 41001, 45109, 200012,
    ];

    #[test]
    fn every_documented_code_is_in_the_table() {
        for code in REQUIRED {
            assert!(ROWS.iter().any(|r| r.failure == Errcode(code)), "errcode {code} missing");
        }
        for kind in ALL_TRANSPORT_KINDS {
            assert!(ROWS.iter().any(|r| r.failure == Transport(kind)), "{kind:?} missing");
        }
    }

    #[test]
    fn table_has_no_duplicate_keys() {
        for (i, a) in ROWS.iter().enumerate() {
            assert!(ROWS[i + 1..].iter().all(|b| b.failure != a.failure), "{:?}", a.failure);
        }
    }

    #[test]
    fn classes_follow_the_api_facts() {
        let class = |c: i64| classify(&Errcode(c)).class;
        assert_eq!(class(0), C::Ok);
        assert_eq!(class(-1), C::Retry);
        for c in TOKEN_ERRCODES {
            assert_eq!(class(c), C::RefreshToken);
        }
        assert_eq!(class(40003), C::RowFailed);
        for c in [40037, 40164, 61004, 41030, 43107, 48001] {
            assert_eq!(class(c), C::StopCampaign, "{c}");
        }
        assert_eq!(class(43101), C::NotSubscribed);
        assert_eq!(class(43108), C::Retry);
        assert_eq!(class(45009), C::PauseCampaign);
        assert_eq!(class(45011), C::Retry);
        assert_eq!(classify(&Errcode(45011)).retry, Some(RetryDelay::NextMinute));
        assert!(matches!(classify(&Errcode(43108)).retry, Some(RetryDelay::AfterSeconds { .. })));
        assert_eq!(class(45168), C::RowFailed);
        assert_eq!(class(47003), C::RowFailed);
    }

    #[test]
    fn transport_classes_separate_never_sent_from_unknown() {
        for kind in ALL_TRANSPORT_KINDS {
            let class = classify(&Transport(kind)).class;
            if kind.never_sent() {
                assert_eq!(class, C::Retry, "{kind:?}");
            }
        }
        assert_eq!(classify(&Transport(TransportKind::TimeoutAfterSend)).class, C::Unknown);
        assert_eq!(classify(&Transport(TransportKind::ConnectionLost)).class, C::Unknown);
        assert_eq!(classify(&Transport(TransportKind::Http5xx)).class, C::Retry);
        // A token fetch that timed out never reached the send: retrying it is safe.
        assert_eq!(classify(&Failure::TokenFetch(TransportKind::TimeoutAfterSend)).class, C::Retry);
    }

    #[test]
    fn unknown_code_is_a_row_failure_with_raw_message() {
        let e = explain(&Errcode(99999), Some("strange thing rid: a-b-c"));
        assert_eq!(e.class, C::RowFailed);
        assert_eq!(e.explanation.title_en, "WeChat returned error 99999: strange thing rid: a-b-c");
        assert!(e.explanation.title_zh.contains("99999"));
    }

    #[test]
    fn whitelist_error_names_the_ip_and_the_fix() {
        let e = explain(
            &Errcode(40164),
            Some("invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 1-2-3"),
        );
        assert_eq!(e.detail.as_deref(), Some("203.0.113.7"));
        assert!(e.explanation.title_en.contains("203.0.113.7"));
        assert!(e.explanation.action_zh.contains("开发管理 → 开发设置 → IP白名单"));
        assert!(e.explanation.action_en.contains("proxy"));
        assert!(e.explanation.action_en.contains("external token"));
    }

    #[test]
    fn rule_errors_name_the_field() {
        let e = explain(&Errcode(47003), Some("argument invalid! data.thing1.value is empty rid: x"));
        assert_eq!(e.detail.as_deref(), Some("thing1"));
        assert!(e.explanation.action_en.contains("thing1"));
    }

    #[test]
    fn catalogue_lists_everything_and_serialises() {
        let rows = catalogue();
        assert_eq!(rows.len(), ROWS.len() + ALL_TRANSPORT_KINDS.len());
        let json = serde_json::to_string(&rows).unwrap();
        assert!(json.contains("\"class\":\"not_subscribed\""));
        assert!(json.contains("\"kind\":\"next_minute\""));
        for r in rows {
            assert!(!r.explanation.title_zh.is_empty() && !r.explanation.action_en.is_empty());
        }
    }
}
