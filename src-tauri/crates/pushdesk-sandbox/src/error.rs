//! WeChat-style error answers: `{"errcode":N,"errmsg":"… rid: xxxxxxxx-xxxxxxxx-xxxxxxxx"}`.

use std::net::IpAddr;

use axum::response::{IntoResponse, Response};
use axum::Json;
use rand::Rng;
use serde_json::json;

/// Every error the simulated API can answer with. `Display` is the errmsg without the rid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// `-1`: WeChat's transient failure; clients retry with backoff.
    #[error("system error")]
    SystemBusy,
    /// `40001`: an unknown token, or one superseded by a newer classic token after the overlap.
    #[error("invalid credential, access_token is invalid or not latest")]
    TokenInvalid,
    /// `40002`
    #[error("invalid grant_type")]
    InvalidGrantType,
    /// `40003`: ill-shaped openid or one that belongs to another AppID.
    #[error("invalid openid")]
    InvalidOpenid,
    /// `40013`
    #[error("invalid appid")]
    InvalidAppid,
    /// `40037`
    #[error("invalid template_id")]
    InvalidTemplateId,
    /// `40125`
    #[error("invalid appsecret")]
    InvalidSecret,
    /// `40164`: the caller's IP is not in the AppID's IP whitelist. WeChat names the IP it saw,
    /// e.g. `invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist`.
    #[error("invalid ip {} ipv6 {}, not in whitelist", .0, ipv6_form(.0))]
    IpNotWhitelisted(IpAddr),
    /// `40243`: the AppSecret is frozen in the admin console.
    #[error("AppSecret is frozen")]
    SecretFrozen,
    /// `41001`
    #[error("access_token missing")]
    TokenMissing,
    /// `41002`
    #[error("appid missing")]
    AppidMissing,
    /// `41004`
    #[error("appsecret missing")]
    SecretMissing,
    /// `41030`
    #[error("invalid page")]
    InvalidPage,
    /// `42001`
    #[error("access_token expired")]
    TokenExpired,
    /// `43004`: an Official Account's user who does not follow it (any more).
    #[error("require subscribe")]
    RequireSubscribe,
    /// `43019`: the user is in the Official Account's blacklist.
    #[error("require remove blacklist")]
    RequireRemoveBlacklist,
    /// `40165`: a template card's `miniprogram` names a page the mini program lacks, or a mini
    /// program not bound to the Official Account.
    #[error("invalid weapp pagepath")]
    InvalidWeappPagepath,
    /// `45159`: a user tag the Official Account does not have.
    #[error("invalid tag id")]
    InvalidTagId,
    /// `43101`: no one-time authorisation left for this (user, template).
    #[error("user refuse to accept the msg")]
    UserRefused,
    /// `43108`: another send to the same openid is still in flight.
    #[error("concurrent limit exceeded, please do not send to the same user concurrently")]
    Concurrent,
    /// `45009`
    #[error("reach max api daily quota limit")]
    DailyQuota,
    /// `45011`
    #[error("api minute-quota reach limit mustslower retry next minute")]
    MinuteQuota,
    /// `45109`: the retired mini program template message API.
    #[error("this api has been unsupported")]
    Unsupported,
    /// `47001`
    #[error("data format error")]
    DataFormat,
    /// `48001`
    #[error("api unauthorized")]
    ApiUnauthorized,
    /// `61004`: the caller's IP is not registered (mostly the third-party-platform whitelist).
    #[error("access clientip is not registered requestIP: {0}")]
    ClientIpNotRegistered(IpAddr),
    /// `89501`: the admin has not yet confirmed calls from this IP. WeChat's doc gives the text
    /// in Chinese only.
    #[error("此IP正在等待管理员确认,请联系管理员")]
    AdminConfirmPending,
    /// `89503`: calls from this IP need the admin's confirmation; each such call sends the admin
    /// a request, so retrying is harmful.
    #[error("此次调用需要管理员确认，请耐心等候")]
    AdminConfirmRequired,
    /// `89506`: the admin refused this IP twice; blocked for 24 hours.
    #[error("该IP调用求请求已被公众号管理员拒绝，请24小时后再试，建议调用前与管理员沟通确认")]
    AdminRefusedDay,
    /// `89507`: the admin refused this IP; blocked for 1 hour.
    #[error("该IP调用求请求已被公众号管理员拒绝，请1小时后再试，建议调用前与管理员沟通确认")]
    AdminRefusedHour,
    /// `47003`: the text names the offending field, e.g. `data.thing1.value is empty`.
    #[error("argument invalid! {0}")]
    ArgumentInvalid(String),
    /// `40066`: a path WeChat does not serve.
    #[error("invalid url")]
    InvalidUrl,
    /// `43001`
    #[error("require GET method")]
    RequireGet,
    /// `43002`
    #[error("require POST method")]
    RequirePost,
    /// `44002`
    #[error("empty post data")]
    EmptyPostData,
    /// `76021`
    #[error("cgi_path not found, please check")]
    CgiPathNotFound,
    /// `200012`
    #[error("private template count reaches limit 25")]
    TooManyTemplates,
    /// `200014`
    #[error("template tid invalid")]
    InvalidTid,
    /// `200016`
    #[error("start invalid")]
    InvalidStart,
    /// `200017`
    #[error("limit invalid, must be between 1 and 30")]
    InvalidLimit,
    /// `200018`
    #[error("category ids missing")]
    CategoryIdsMissing,
    /// `200019`
    #[error("category ids invalid")]
    CategoryIdsInvalid,
    /// `200020`
    #[error("kidList invalid, 2 to 5 keywords of this title")]
    InvalidKidList,
    /// `200021`
    #[error("sceneDesc invalid, at most 15 characters")]
    InvalidSceneDesc,
    /// Any code injected through the control API.
    #[error("injected error {0}")]
    Injected(i64),
}

impl ApiError {
    /// The WeChat errcode of this error.
    pub fn errcode(&self) -> i64 {
        match self {
            Self::SystemBusy => -1,
            Self::TokenInvalid => 40001,
            Self::InvalidGrantType => 40002,
            Self::InvalidOpenid => 40003,
            Self::InvalidAppid => 40013,
            Self::InvalidTemplateId => 40037,
            Self::InvalidSecret => 40125,
            Self::IpNotWhitelisted(_) => 40164,
            Self::SecretFrozen => 40243,
            Self::ApiUnauthorized => 48001,
            Self::ClientIpNotRegistered(_) => 61004,
            Self::AdminConfirmPending => 89501,
            Self::AdminConfirmRequired => 89503,
            Self::AdminRefusedDay => 89506,
            Self::AdminRefusedHour => 89507,
            Self::TokenMissing => 41001,
            Self::AppidMissing => 41002,
            Self::SecretMissing => 41004,
            Self::InvalidPage => 41030,
            Self::TokenExpired => 42001,
            Self::RequireSubscribe => 43004,
            Self::RequireRemoveBlacklist => 43019,
            Self::InvalidWeappPagepath => 40165,
            Self::InvalidTagId => 45159,
            Self::UserRefused => 43101,
            Self::Concurrent => 43108,
            Self::DailyQuota => 45009,
            Self::MinuteQuota => 45011,
            Self::Unsupported => 45109,
            Self::DataFormat => 47001,
            Self::ArgumentInvalid(_) => 47003,
            Self::InvalidUrl => 40066,
            Self::RequireGet => 43001,
            Self::RequirePost => 43002,
            Self::EmptyPostData => 44002,
            Self::CgiPathNotFound => 76021,
            Self::TooManyTemplates => 200012,
            Self::InvalidTid => 200014,
            Self::InvalidStart => 200016,
            Self::InvalidLimit => 200017,
            Self::CategoryIdsMissing => 200018,
            Self::CategoryIdsInvalid => 200019,
            Self::InvalidKidList => 200020,
            Self::InvalidSceneDesc => 200021,
            Self::Injected(code) => *code,
        }
    }

    /// The error WeChat answers with `code`, with its own errmsg where the sandbox knows it;
    /// `peer` is the caller's IP, which 40164 and 61004 name. Used for injected faults, so they
    /// read like the real thing.
    pub fn injected(code: i64, peer: IpAddr) -> ApiError {
        match code {
            -1 => Self::SystemBusy,
            40001 => Self::TokenInvalid,
            40002 => Self::InvalidGrantType,
            40003 => Self::InvalidOpenid,
            40013 => Self::InvalidAppid,
            40037 => Self::InvalidTemplateId,
            40125 => Self::InvalidSecret,
            40164 => Self::IpNotWhitelisted(peer),
            40243 => Self::SecretFrozen,
            41001 => Self::TokenMissing,
            41002 => Self::AppidMissing,
            41004 => Self::SecretMissing,
            41030 => Self::InvalidPage,
            42001 => Self::TokenExpired,
            43004 => Self::RequireSubscribe,
            43019 => Self::RequireRemoveBlacklist,
            40165 => Self::InvalidWeappPagepath,
            45159 => Self::InvalidTagId,
            43101 => Self::UserRefused,
            43108 => Self::Concurrent,
            45009 => Self::DailyQuota,
            45011 => Self::MinuteQuota,
            45109 => Self::Unsupported,
            47001 => Self::DataFormat,
            48001 => Self::ApiUnauthorized,
            61004 => Self::ClientIpNotRegistered(peer),
            89501 => Self::AdminConfirmPending,
            89503 => Self::AdminConfirmRequired,
            89506 => Self::AdminRefusedDay,
            89507 => Self::AdminRefusedHour,
            other => Self::Injected(other),
        }
    }

    /// The errmsg exactly as sent, rid included.
    pub fn errmsg(&self) -> String {
        format!("{self} rid: {}", rid())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // WeChat answers API errors with HTTP 200; only the JSON says it failed.
        Json(json!({ "errcode": self.errcode(), "errmsg": self.errmsg() })).into_response()
    }
}

/// The IPv6 form WeChat prints beside an IPv4 address (`::ffff:1.2.3.4`).
fn ipv6_form(ip: &IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("::ffff:{v4}"),
        IpAddr::V6(v6) => v6.to_string(),
    }
}

/// A request id shaped like WeChat's: three groups of eight lowercase hex digits.
pub fn rid() -> String {
    let mut rng = rand::rng();
    format!("{:08x}-{:08x}-{:08x}", rng.random::<u32>(), rng.random::<u32>(), rng.random::<u32>())
}
