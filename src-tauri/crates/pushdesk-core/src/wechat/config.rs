//! Per-account connection settings: where WeChat is, how to get a token.

use std::time::{Duration, SystemTime};

use crate::secrets::Sensitive;

/// WeChat's public API host.
pub const DEFAULT_API_BASE: &str = "https://api.weixin.qq.com";

/// Where the account's access token comes from.
#[derive(Debug, Clone)]
pub enum TokenSource {
    /// `POST /cgi-bin/stable_token`: isolated from the production server's token. The default.
    Stable {
        /// The AppSecret.
        secret: Sensitive<String>,
    },
    /// `GET /cgi-bin/token`: invalidates any token the production server holds for the AppID.
    Classic {
        /// The AppSecret.
        secret: Sensitive<String>,
    },
    /// `GET url` of the company's token service answering `{"access_token","expires_in"}`.
    External {
        /// The token service URL.
        url: String,
        /// An optional header (name, value) sent with the request, e.g. an API key.
        header: Option<(String, Sensitive<String>)>,
    },
    /// A token pasted by hand.
    Manual {
        /// The token.
        token: Sensitive<String>,
        /// When it expires, if the user knows.
        expires_at: Option<SystemTime>,
    },
}

impl TokenSource {
    /// A short name for logs and messages.
    pub fn mode(&self) -> &'static str {
        match self {
            TokenSource::Stable { .. } => "stable",
            TokenSource::Classic { .. } => "classic",
            TokenSource::External { .. } => "external",
            TokenSource::Manual { .. } => "manual",
        }
    }
}

/// Everything a [`super::WechatClient`] needs for one account.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// API base URL, e.g. `https://api.weixin.qq.com` or a relay / the sandbox.
    pub api_base: String,
    /// Optional HTTP(S) proxy URL. Without one, no proxy is used (environment proxy variables
    /// are ignored so that what the account settings say is what happens).
    pub proxy: Option<String>,
    /// The mini program's AppID.
    pub appid: String,
    /// Where the access token comes from.
    pub token_source: TokenSource,
    /// Limit for a whole request, from connecting to the last byte of the answer.
    pub request_timeout: Duration,
    /// Limit for establishing the connection. Keep it below `request_timeout`, so a slow
    /// connect is reported as "never sent" rather than "outcome unknown".
    pub connect_timeout: Duration,
}

impl ClientConfig {
    /// Settings with WeChat's host, no proxy and default timeouts (15 s request, 5 s connect).
    pub fn new(appid: impl Into<String>, token_source: TokenSource) -> Self {
        ClientConfig {
            api_base: DEFAULT_API_BASE.to_owned(),
            proxy: None,
            appid: appid.into(),
            token_source,
            request_timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(5),
        }
    }
}
