//! The one table that says what every WeChat error code and transport failure means for a send,
//! and what the marketing staff should do about it. The send engine, the send log and the UI all
//! read it; nothing else decides how an errcode is handled.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

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
    /// Nothing left this computer (no connection, no token): the row stays pending; the run
    /// waits a little for the network, then pauses with the reason.
    Unreachable,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LocalKind {
    /// The account's API base URL, proxy or token settings are unusable.
    Config,
    /// The pasted access token expired or was refused.
    ManualToken,
    /// An argument was refused before sending.
    InvalidArgument,
    /// Pushdesk stopped (a crash, a kill, a power cut) while the request may have been on its
    /// way, so no answer was ever read.
    Interrupted,
}

/// The key of the catalogue: what failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// WeChat answered with this `errcode` (0 = success).
    Errcode(i64),
    /// The API call itself failed in transport.
    Transport(TransportKind),
    /// Fetching the access token failed in transport; the API call was never attempted.
    TokenFetch(TransportKind),
    /// The token endpoint answered with this `errcode`; the API call was never attempted.
    TokenErrcode(i64),
    /// Decided on this machine, without an answer from WeChat.
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
        action_zh: "Pushdesk 会自动获取新令牌并重试一次。若反复出现，可能有其他系统在用 /cgi-bin/token 刷新令牌，请把账号的连接方式改为「安全模式」。",
        action_en: "Pushdesk fetches a new token and retries once. If it keeps happening, another system may be refreshing the token with /cgi-bin/token: use the stable token source." },
    Row { failure: Errcode(40014), class: C::RefreshToken, retry: None,
        title_zh: "访问令牌不合法", title_en: "Access token malformed",
        action_zh: "Pushdesk 会自动获取新令牌并重试一次。若连接方式是手动粘贴凭证或公司的凭证服务，请检查凭证是否完整。",
        action_en: "Pushdesk fetches a new token and retries once. With a manual or external token, check that the token is complete." },
    Row { failure: Errcode(42001), class: C::RefreshToken, retry: None,
        title_zh: "访问令牌已过期", title_en: "Access token expired",
        action_zh: "Pushdesk 会自动获取新令牌并重试一次。", action_en: "Pushdesk fetches a new token and retries once." },
    Row { failure: Errcode(40003), class: C::RowFailed, retry: None,
        title_zh: "openid 无效", title_en: "Invalid openid",
        action_zh: "该 openid 不存在或属于其他小程序或公众号（AppID）。请核对收件人名单是否来自本账号。",
        action_en: "This openid does not exist or belongs to another mini program or Official Account (AppID). Check that the recipient list comes from this account." },
    Row { failure: Errcode(40037), class: C::StopCampaign, retry: None,
        title_zh: "模板 ID 无效", title_en: "Template ID invalid",
        action_zh: "该模板已被删除或不属于此账号。请重新同步模板并选择有效的模板。",
        action_en: "The template was deleted or belongs to another account. Sync templates again and pick a valid one." },
    Row { failure: Errcode(40164), class: C::StopCampaign, retry: None,
        title_zh: "本机 IP 不在小程序的 IP 白名单中", title_en: "This computer's IP is not on the mini program's IP whitelist",
        action_zh: "请任选其一：1) 在小程序管理后台「开发管理 → 开发设置 → IP白名单」中加入该 IP；2) 在账号设置中使用公司的中转服务器/代理（其 IP 已在白名单中）；3) 把连接方式改为「公司的凭证服务」（由公司的服务取得调用凭证）。",
        action_en: "Do one of: 1) add the IP in the mini program admin console (开发管理 → 开发设置 → IP白名单 / Development → Development settings → IP whitelist); 2) set the company relay/proxy (whose IP is whitelisted) in the account settings; 3) switch to an external token source (the company's token service)." },
    Row { failure: Errcode(61004), class: C::StopCampaign, retry: None,
        title_zh: "本机 IP 不在第三方平台的 IP 白名单中", title_en: "This computer's IP is not on the third-party platform's IP whitelist",
        action_zh: "61004 通常来自代为管理小程序的第三方平台：请在微信开放平台「第三方平台 → 开发资料 → 白名单 IP」中加入该 IP，或在账号设置中使用其 IP 已在白名单中的公司代理/中转服务器。",
        action_en: "61004 usually comes from a third-party platform that manages the mini program: add the IP in the WeChat Open Platform (第三方平台 → 开发资料 → 白名单IP / third-party platform → development → whitelisted IPs), or use a company proxy or relay whose IP is whitelisted." },
    Row { failure: Errcode(41030), class: C::StopCampaign, retry: None,
        title_zh: "页面路径不存在", title_en: "Page path not found",
        action_zh: "所填页面不在已发布的小程序版本中。请检查页面路径，或先发布包含该页面的版本。",
        action_en: "The page is not in the released version of the mini program. Check the page path, or release a version that contains it first." },
    Row { failure: Errcode(43101), class: C::NotSubscribed, retry: None,
        title_zh: "用户未订阅", title_en: "User not subscribed",
        action_zh: "该用户没有剩余的订阅次数或已拒绝接收。这不是故障；用户再次在小程序中同意订阅后才能发送。",
        action_en: "The user has no subscription left or refused. This is not a fault; you can send again once the user accepts a subscription in the mini program." },
    // Official Account template messages: a person who does not follow the account, or blocked
    // it, is an answer about that person (like 43101), not a fault.
    Row { failure: Errcode(43004), class: C::NotSubscribed, retry: None,
        title_zh: "用户未关注公众号", title_en: "Not a follower",
        action_zh: "模板消息只能发给关注了公众号的用户。这不是故障；用户关注后才能发送。",
        action_en: "Template messages reach only the Official Account's followers. This is not a fault; you can send once the user follows the account." },
    Row { failure: Errcode(43019), class: C::NotSubscribed, retry: None,
        title_zh: "用户已拉黑公众号", title_en: "The user blocked the Official Account",
        action_zh: "该用户把公众号加入了黑名单，收不到消息。这不是故障，请不要再发给他。",
        action_en: "The user put the Official Account on their block list and receives nothing from it. This is not a fault; do not send to them again." },
    Row { failure: Errcode(40165), class: C::StopCampaign, retry: None,
        title_zh: "小程序页面路径无效", title_en: "Invalid mini program page",
        action_zh: "卡片要打开的小程序页面不存在，或该小程序没有关联到此公众号。请检查小程序 AppID 与页面路径（公众号后台「广告与服务 → 小程序管理」）。",
        action_en: "The mini program page the card opens does not exist, or the mini program is not bound to this Official Account. Check the mini program's AppID and page (Official Account admin console → 广告与服务 → 小程序管理)." },
    Row { failure: Errcode(45047), class: C::RowFailed, retry: None,
        title_zh: "发给该用户的消息已达上限", title_en: "Too many messages to this user",
        action_zh: "微信限制了发给同一用户的消息条数，该行未发送。请稍后（例如明天）再发给他。",
        action_en: "WeChat limits how many messages one user receives; this row was not sent. Send to them again later (tomorrow, say)." },
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
    // WeChat also answers 47001 to well-formed bodies now and then: the row fails, and the
    // engine stops the campaign only when it repeats.
    Row { failure: Errcode(47001), class: C::RowFailed, retry: None,
        title_zh: "微信认为请求格式错误", title_en: "WeChat says the request is malformed",
        action_zh: "该行未发送。若多行连续出现，任务会停止：请将发送日志提供给技术支持。",
        action_en: "This row was not sent. If it repeats, the campaign stops: please give the send log to support." },
    Row { failure: Errcode(47003), class: C::RowFailed, retry: None,
        title_zh: "字段内容不符合模板规则", title_en: "A value breaks its keyword rule",
        action_zh: "请按模板规则修改被指出的字段（例如长度、不可为空、格式）。",
        action_en: "Fix the field named below to match its rule (length, not empty, format)." },
    Row { failure: Errcode(48001), class: C::StopCampaign, retry: None,
        title_zh: "该账号无此接口权限", title_en: "API not authorised for this account",
        action_zh: "小程序：请在管理后台确认已开通订阅消息，并检查类目与认证状态。公众号：模板消息仅限已认证的服务号，请在公众号后台「广告与服务 → 模板消息」确认已开通。",
        action_en: "Mini program: check in the admin console that subscribe messages are enabled, and the category and verification. Official Account: template messages need a verified service account; check 广告与服务 → 模板消息 in its admin console." },
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
        action_zh: "这是推送台或公司凭证服务的缺陷，请联系技术支持。", action_en: "A bug in Pushdesk or the token service; please contact support." },
    Row { failure: Errcode(41001), class: C::StopCampaign, retry: None,
        title_zh: "请求缺少访问令牌", title_en: "Access token missing",
        action_zh: "取得的调用凭证是空的。请检查账号的连接方式（公司的凭证服务地址，或手动粘贴的凭证）。",
        action_en: "The token source gave an empty token. Check the token source settings (external URL or pasted token)." },
    Row { failure: Errcode(45103), class: C::StopCampaign, retry: None,
        title_zh: "该接口已不再支持", title_en: "This API is no longer supported",
        action_zh: "微信已停用此接口。请改用订阅消息。", action_en: "WeChat no longer supports this API. Use subscribe messages instead." },
    Row { failure: Errcode(45109), class: C::StopCampaign, retry: None,
        title_zh: "该接口已下线", title_en: "This API has been retired",
        action_zh: "微信已停用此接口（旧版模板消息于 2020-01-10 下线）。请改用订阅消息。",
        action_en: "WeChat switched this API off (the old template message ended 2020-01-10). Use subscribe messages instead." },
    Row { failure: Errcode(200012), class: C::RowFailed, retry: None,
        title_zh: "私有模板数量已达上限（25 个）", title_en: "Private template limit reached (25)",
        action_zh: "请先删除不再使用的模板，再添加新模板。", action_en: "Delete templates you no longer use, then add the new one." },
    Row { failure: Transport(TransportKind::ConnectFailed), class: C::Unreachable, retry: BACKOFF,
        title_zh: "无法连接到微信服务器", title_en: "Could not connect to WeChat",
        action_zh: "消息没有发出。Pushdesk 会稍候重试；仍连不上时任务会暂停，未发送的收件人保留，恢复后继续发送。请检查网络、API 地址和代理设置。",
        action_en: "Nothing was sent. Pushdesk tries again for a moment; if it still cannot connect, the campaign pauses with every unsent recipient kept for when you resume. Check the network, the API base URL and the proxy settings." },
    Row { failure: Transport(TransportKind::Dns), class: C::Unreachable, retry: BACKOFF,
        title_zh: "无法解析服务器域名", title_en: "Server name could not be resolved",
        action_zh: "消息没有发出。仍无法解析时任务会暂停，恢复后继续发送。请检查网络和 API 地址。",
        action_en: "Nothing was sent. If the name still cannot be resolved, the campaign pauses and goes on when you resume. Check the network and the API base URL." },
    Row { failure: Transport(TransportKind::ProxyFailed), class: C::Unreachable, retry: BACKOFF,
        title_zh: "代理服务器连接失败", title_en: "Proxy connection failed",
        action_zh: "消息没有发出。仍连不上代理时任务会暂停，恢复后继续发送。请检查账号设置中的代理地址。",
        action_en: "Nothing was sent. If the proxy stays unreachable, the campaign pauses and goes on when you resume. Check the proxy in the account settings." },
    Row { failure: Transport(TransportKind::ConnectTimeout), class: C::Unreachable, retry: BACKOFF,
        title_zh: "连接超时", title_en: "Connection timed out",
        action_zh: "消息没有发出。仍连不上时任务会暂停，恢复后继续发送。",
        action_en: "Nothing was sent. If it still cannot connect, the campaign pauses and goes on when you resume." },
    Row { failure: Transport(TransportKind::NotWritten), class: C::Unreachable, retry: BACKOFF,
        title_zh: "连接在发送前断开", title_en: "The connection closed before the request was sent",
        action_zh: "消息没有发出，Pushdesk 会重新连接后发送。", action_en: "Nothing was sent; Pushdesk reconnects and sends it." },
    Row { failure: Transport(TransportKind::TimeoutAfterSend), class: C::Unknown, retry: None,
        title_zh: "已发出请求但等待回复超时", title_en: "Request sent, but no answer in time",
        action_zh: "无法确定用户是否已收到消息，因此不会自动重发。请确认后再决定是否手动重发。",
        action_en: "It is unknown whether the user received the message, so it is not resent automatically. Check before choosing to resend." },
    Row { failure: Transport(TransportKind::ConnectionLost), class: C::Unknown, retry: None,
        title_zh: "请求发出后连接中断", title_en: "Connection lost after the request was sent",
        action_zh: "无法确定用户是否已收到消息，因此不会自动重发。请确认后再决定是否手动重发。",
        action_en: "It is unknown whether the user received the message, so it is not resent automatically. Check before choosing to resend." },
    // A gateway or relay in front of WeChat can answer 502/504 after WeChat delivered.
    Row { failure: Transport(TransportKind::Http5xx), class: C::Unknown, retry: None,
        title_zh: "服务器或中转网关返回错误（HTTP 5xx）", title_en: "Server or gateway error (HTTP 5xx)",
        action_zh: "请求已发出；网关可能在微信送达之后才报错，因此无法确定用户是否收到，不会自动重发。请确认后再决定是否手动重发。",
        action_en: "The request went out; a gateway can fail after WeChat delivered, so it is unknown whether the user got it, and it is not resent automatically. Check before choosing to resend." },
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
        action_zh: "请在账号设置中修正微信接口地址、代理服务器或连接方式。", action_en: "Fix the API base URL, proxy or token source in the account settings." },
    Row { failure: Local(LocalKind::ManualToken), class: C::StopCampaign, retry: None,
        title_zh: "手动填写的访问令牌已过期或无效", title_en: "The pasted access token expired or was refused",
        action_zh: "请获取新的访问令牌并在账号设置中重新粘贴。", action_en: "Get a new access token and paste it in the account settings." },
    Row { failure: Local(LocalKind::InvalidArgument), class: C::RowFailed, retry: None,
        title_zh: "参数不符合要求", title_en: "Invalid argument",
        action_zh: "请按提示修改后重试。", action_en: "Correct it as described and try again." },
    Row { failure: Local(LocalKind::Interrupted), class: C::Unknown, retry: None,
        title_zh: "发送途中 Pushdesk 停止了", title_en: "Pushdesk stopped while this message was on its way",
        action_zh: "请求发出后、微信应答之前，Pushdesk 被关闭或意外退出，无法确定用户是否收到，因此不会自动重发。请确认后再决定是否手动重发。",
        action_en: "Pushdesk was closed or stopped unexpectedly after the request left and before WeChat answered, so it is unknown whether the user got it, and it is not resent automatically. Check before choosing to resend." },
];

use Failure::TokenErrcode;

const NEXT_DAY: Option<RetryDelay> = Some(RetryDelay::NextDay);

/// What the token endpoint's own errcodes mean. No message was sent when one of these comes
/// back, so no row is touched: the campaign pauses or stops at once with the reason, and the
/// token is not asked for again row after row (for the 8950x family each call sends the
/// account's administrator a confirmation request, so asking again is harmful).
#[rustfmt::skip]
static TOKEN_ROWS: &[Row] = &[
    Row { failure: TokenErrcode(-1), class: C::Retry, retry: BACKOFF,
        title_zh: "获取令牌时微信系统繁忙", title_en: "WeChat was busy issuing a token",
        action_zh: "没有发送任何消息。Pushdesk 会稍候再试；仍不成功时任务会暂停。",
        action_en: "Nothing was sent. Pushdesk tries again in a moment; if it keeps failing, the campaign pauses." },
    Row { failure: TokenErrcode(40002), class: C::StopCampaign, retry: None,
        title_zh: "令牌请求类型错误", title_en: "Invalid grant type",
        action_zh: "没有发送任何消息。这是推送台或公司凭证服务的缺陷，请联系技术支持。",
        action_en: "Nothing was sent. A bug in Pushdesk or the company's token service; please contact support." },
    Row { failure: TokenErrcode(40013), class: C::StopCampaign, retry: None,
        title_zh: "AppID 无效", title_en: "Invalid AppID",
        action_zh: "没有发送任何消息。请在账号设置中核对 AppID（小程序管理后台「开发管理 → 开发设置」）。",
        action_en: "Nothing was sent. Check the AppID in the account settings (admin console → 开发管理 → 开发设置)." },
    Row { failure: TokenErrcode(40125), class: C::StopCampaign, retry: None,
        title_zh: "AppSecret 无效", title_en: "Invalid AppSecret",
        action_zh: "没有发送任何消息。AppSecret 错误或已重置：请在小程序管理后台获取当前的 AppSecret，并在账号设置中重新填写。",
        action_en: "Nothing was sent. The AppSecret is wrong or was reset: get the current one from the admin console and enter it again in the account settings." },
    Row { failure: TokenErrcode(40243), class: C::StopCampaign, retry: None,
        title_zh: "AppSecret 已被冻结", title_en: "The AppSecret is frozen",
        action_zh: "没有发送任何消息。请由管理员登录小程序管理后台「开发管理 → 开发设置」解冻或重置 AppSecret。",
        action_en: "Nothing was sent. An administrator must unfreeze or reset the AppSecret in the admin console (开发管理 → 开发设置)." },
    Row { failure: TokenErrcode(40164), class: C::StopCampaign, retry: None,
        title_zh: "本机 IP 不在小程序的 IP 白名单中", title_en: "This computer's IP is not on the mini program's IP whitelist",
        action_zh: "没有发送任何消息。请任选其一：1) 在小程序管理后台「开发管理 → 开发设置 → IP白名单」中加入该 IP；2) 在账号设置中使用公司的中转服务器/代理（其 IP 已在白名单中）；3) 把连接方式改为「公司的凭证服务」（由公司的服务取得调用凭证）。",
        action_en: "Nothing was sent. Do one of: 1) add the IP in the mini program admin console (开发管理 → 开发设置 → IP白名单 / Development → Development settings → IP whitelist); 2) set the company relay/proxy (whose IP is whitelisted) in the account settings; 3) switch to an external token source (the company's token service)." },
    Row { failure: TokenErrcode(61004), class: C::StopCampaign, retry: None,
        title_zh: "本机 IP 不在第三方平台的 IP 白名单中", title_en: "This computer's IP is not on the third-party platform's IP whitelist",
        action_zh: "没有发送任何消息。61004 通常来自代为管理小程序的第三方平台：请在微信开放平台「第三方平台 → 开发资料 → 白名单 IP」中加入该 IP，或使用其 IP 已在白名单中的公司代理/中转服务器。",
        action_en: "Nothing was sent. 61004 usually comes from a third-party platform that manages the mini program: add the IP in the WeChat Open Platform (third-party platform → development → whitelisted IPs), or use a company proxy or relay whose IP is whitelisted." },
    Row { failure: TokenErrcode(41002), class: C::StopCampaign, retry: None,
        title_zh: "令牌请求缺少 AppID", title_en: "The token request has no AppID",
        action_zh: "没有发送任何消息。请检查账号的 AppID；使用公司的凭证服务时请检查它的配置。",
        action_en: "Nothing was sent. Check the account's AppID, or the company token service's settings." },
    Row { failure: TokenErrcode(41004), class: C::StopCampaign, retry: None,
        title_zh: "令牌请求缺少 AppSecret", title_en: "The token request has no AppSecret",
        action_zh: "没有发送任何消息。请在账号设置中重新填写 AppSecret。",
        action_en: "Nothing was sent. Enter the AppSecret again in the account settings." },
    Row { failure: TokenErrcode(45009), class: C::PauseCampaign, retry: NEXT_DAY,
        title_zh: "获取令牌的次数已达今日上限", title_en: "The token endpoint's daily limit is reached",
        action_zh: "没有发送任何消息。这是获取访问令牌的接口自己的每日次数，不是发送额度；任务已暂停，次日（北京时间零点）后可继续。若经常出现，可能有其他系统在频繁获取令牌。",
        action_en: "Nothing was sent. This is the daily limit of the token call itself, not the sending quota; the campaign is paused until it resets (midnight Beijing time). If it happens often, another system may be fetching tokens too often." },
    Row { failure: TokenErrcode(45011), class: C::Retry, retry: Some(RetryDelay::NextMinute),
        title_zh: "获取令牌过于频繁", title_en: "Tokens requested too often",
        action_zh: "没有发送任何消息。Pushdesk 会在下一分钟再试。", action_en: "Nothing was sent. Pushdesk tries again next minute." },
    Row { failure: TokenErrcode(89501), class: C::StopCampaign, retry: None,
        title_zh: "本机 IP 正在等待管理员确认", title_en: "This IP is waiting for the administrator's confirmation",
        action_zh: "没有发送任何消息。请联系小程序管理员在微信中确认此 IP 的调用；确认后再恢复任务。Pushdesk 不会反复请求，以免重复打扰管理员。",
        action_en: "Nothing was sent. Ask the mini program's administrator to confirm calls from this IP in WeChat, then resume. Pushdesk does not ask again meanwhile, so the administrator is not pestered." },
    Row { failure: TokenErrcode(89503), class: C::StopCampaign, retry: None,
        title_zh: "此次调用需要管理员确认", title_en: "This call needs the administrator's confirmation",
        action_zh: "没有发送任何消息。微信已向小程序管理员发送确认请求：请管理员在微信中同意后再恢复任务。每次请求都会再打扰管理员一次，所以 Pushdesk 不会自动重试。",
        action_en: "Nothing was sent. WeChat sent the mini program's administrator a confirmation request: resume once they have accepted it in WeChat. Each call would message them again, so Pushdesk does not retry by itself." },
    Row { failure: TokenErrcode(89506), class: C::StopCampaign, retry: None,
        title_zh: "管理员已拒绝此 IP（24 小时内不可再用）", title_en: "The administrator refused this IP (blocked for 24 hours)",
        action_zh: "没有发送任何消息。24 小时内此 IP 被管理员拒绝了两次，24 小时内不能再用它调用。请换用已加入白名单的代理，或稍后再试。",
        action_en: "Nothing was sent. The administrator refused this IP twice within 24 hours, so it cannot be used for 24 hours. Use a whitelisted proxy, or try again later." },
    Row { failure: TokenErrcode(89507), class: C::StopCampaign, retry: None,
        title_zh: "管理员已拒绝此 IP（1 小时内不可再用）", title_en: "The administrator refused this IP (blocked for 1 hour)",
        action_zh: "没有发送任何消息。1 小时内此 IP 被管理员拒绝了一次，1 小时内不能再用它调用。",
        action_en: "Nothing was sent. The administrator refused this IP within the last hour, so it cannot be used for an hour." },
];

/// How a token-fetch transport failure is handled: no API call was made. A failure where the
/// token request never left is "unreachable" (wait, then pause); a token request that left
/// and got no usable answer may simply be asked again (it sends nothing to users); a token
/// service that answers nonsense needs a person.
fn token_fetch_entry(kind: TransportKind) -> (OutcomeClass, Option<RetryDelay>, Explanation) {
    let (class, retry) = match kind {
        TransportKind::HttpStatus | TransportKind::InvalidBody => (C::StopCampaign, None),
        k if k.never_sent() => (C::Unreachable, BACKOFF),
        _ => (C::Retry, BACKOFF),
    };
    let (action_zh, action_en) = if class == C::StopCampaign {
        (
            "没有发送任何消息。取得调用凭证时（微信或公司的凭证服务）回复异常。请检查账号的连接方式和凭证服务地址。",
            "Nothing was sent. The token source (WeChat or the company's token service) answered wrongly. Check the token source settings.",
        )
    } else {
        (
            "没有发送任何消息。Pushdesk 会稍候再试；仍不成功时任务会暂停，恢复后继续发送。请检查网络、代理服务器和连接方式。",
            "Nothing was sent. Pushdesk tries again for a moment; if it still fails, the campaign pauses and goes on when you resume. Check the network, proxy and token source settings.",
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

const ALL_TRANSPORT_KINDS: [TransportKind; 11] = [
    TransportKind::ConnectFailed,
    TransportKind::Dns,
    TransportKind::ProxyFailed,
    TransportKind::ConnectTimeout,
    TransportKind::NotWritten,
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
    let Some(row) = ROWS.iter().chain(TOKEN_ROWS).find(|r| r.failure == *failure) else {
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
        (Errcode(40164 | 61004) | TokenErrcode(40164 | 61004), Some(msg)) => {
            if let Some(ip) = reported_ip(msg) {
                entry.explanation.title_zh = format!("{}（{ip}）", entry.explanation.title_zh);
                entry.explanation.title_en = format!("{} ({ip})", entry.explanation.title_en);
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
        (Errcode(_) | TokenErrcode(_), _) => {}
        (_, Some(msg)) => entry.detail = Some(msg.to_owned()),
        _ => {}
    }
    entry
}

/// The safe default for codes not in the table: fail the row (a send), or stop the campaign
/// (a token call: asking again row after row would not help), with WeChat's own words.
fn unknown_entry(failure: &Failure, message: Option<&str>) -> CatalogueEntry {
    let (code, class) = match failure {
        Errcode(code) => (code.to_string(), C::RowFailed),
        TokenErrcode(code) => (code.to_string(), C::StopCampaign),
        other => (format!("{other:?}"), C::RowFailed),
    };
    let raw = message.unwrap_or("").trim();
    let (title_zh, title_en) = if raw.is_empty() {
        (format!("微信返回错误 {code}"), format!("WeChat returned error {code}"))
    } else {
        (format!("微信返回错误 {code}：{raw}"), format!("WeChat returned error {code}: {raw}"))
    };
    let (action_zh, action_en) = if class == C::StopCampaign {
        (
            "获取访问令牌失败，没有发送任何消息。如需帮助，请将错误码和 rid 提供给技术支持。",
            "No access token could be had, so nothing was sent. For help, give the error code and rid to support.",
        )
    } else {
        (
            "此行未发送成功。如需帮助，请将错误码和 rid 提供给技术支持。",
            "This row was not sent. For help, give the error code and rid to support.",
        )
    };
    CatalogueEntry {
        failure: *failure,
        class,
        retry: None,
        explanation: Explanation {
            title_zh,
            title_en,
            action_zh: action_zh.into(),
            action_en: action_en.into(),
        },
        detail: message.map(str::to_owned),
    }
}

/// Every known entry, for the UI's help pages and the send log's totals.
pub fn catalogue() -> Vec<CatalogueRow> {
    let table = ROWS.iter().chain(TOKEN_ROWS).map(|r| classify(&r.failure));
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

    const REQUIRED: [i64; 29] = [
        0, -1, 40001, 40014, 42001, 40003, 40037, 40164, 61004, 41030, 43101, 43107, 43108, 45009, 45011,
        45168, 47001, 47003, 48001, 40013, 40125, 40002, 41001, 45109, 200012, 43004, 43019, 40165, 45047,
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
        assert_eq!(class(43004), C::NotSubscribed, "not following an Official Account is no fault");
        assert_eq!(class(43019), C::NotSubscribed, "blocking it neither");
        for c in [40037, 40164, 61004, 41030, 43107, 48001, 45109, 40165] {
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
            // Nothing left: the row stays pending and the run waits for the network.
            if kind.never_sent() {
                assert_eq!(class, C::Unreachable, "{kind:?}");
            } else {
                assert!(matches!(class, C::Unknown | C::StopCampaign), "{kind:?}: {class:?}");
            }
        }
        assert_eq!(classify(&Transport(TransportKind::TimeoutAfterSend)).class, C::Unknown);
        assert_eq!(classify(&Transport(TransportKind::ConnectionLost)).class, C::Unknown);
        // A gateway may answer 5xx after WeChat delivered.
        assert_eq!(classify(&Transport(TransportKind::Http5xx)).class, C::Unknown);
        assert_eq!(classify(&Transport(TransportKind::NotWritten)).class, C::Unreachable);
        // A token fetch that timed out never reached the send: asking again is safe.
        assert_eq!(classify(&Failure::TokenFetch(TransportKind::TimeoutAfterSend)).class, C::Retry);
        assert_eq!(classify(&Failure::TokenFetch(TransportKind::ConnectFailed)).class, C::Unreachable);
    }

    /// Regression: a token endpoint answering 89503 was judged as a send error, failing 50
    /// rows and asking for a token 50 times (each ask messages the administrator).
    #[test]
    fn token_endpoint_errors_touch_no_row_and_are_not_send_errors() {
        for code in [89503, 89501, 89506, 89507, 40243, 41002, 41004, 40013, 40125, 40164, 61004] {
            let e = classify(&TokenErrcode(code));
            assert_eq!(e.class, C::StopCampaign, "{code}");
            assert!(e.explanation.action_en.starts_with("Nothing was sent"), "{code}");
            assert!(e.explanation.action_zh.starts_with("没有发送任何消息"), "{code}");
        }
        let quota = classify(&TokenErrcode(45009));
        assert_eq!(quota.class, C::PauseCampaign);
        assert!(quota.explanation.action_en.contains("not the sending quota"));
        assert_eq!(classify(&TokenErrcode(77777)).class, C::StopCampaign, "an unknown token code stops");
        assert_eq!(classify(&Errcode(47001)).class, C::RowFailed);
        assert_eq!(classify(&Errcode(45103)).class, C::StopCampaign);
        assert!(classify(&Errcode(61004)).explanation.action_en.contains("third-party platform"));
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
        assert_eq!(rows.len(), ROWS.len() + TOKEN_ROWS.len() + ALL_TRANSPORT_KINDS.len());
        let json = serde_json::to_string(&rows).unwrap();
        assert!(json.contains("\"class\":\"not_subscribed\""));
        assert!(json.contains("\"kind\":\"next_minute\""));
        for r in rows {
            assert!(!r.explanation.title_zh.is_empty() && !r.explanation.action_en.is_empty());
        }
    }
}
