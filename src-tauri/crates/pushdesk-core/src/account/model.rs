//! Accounts as the rest of the app sees them, and the checks on what a user enters.

use serde::{Deserialize, Serialize};

/// Where an account's access token comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TokenMode {
    /// `POST /cgi-bin/stable_token`: safe beside the company's production server. The default.
    Stable,
    /// `GET /cgi-bin/token`: invalidates the token production holds.
    Classic,
    /// A company token service returns the token.
    External,
    /// A token pasted by hand.
    Manual,
}

impl TokenMode {
    /// The value stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenMode::Stable => "stable",
            TokenMode::Classic => "classic",
            TokenMode::External => "external",
            TokenMode::Manual => "manual",
        }
    }

    /// Parses the stored value.
    pub fn parse(value: &str) -> Option<TokenMode> {
        Some(match value {
            "stable" => TokenMode::Stable,
            "classic" => TokenMode::Classic,
            "external" => TokenMode::External,
            "manual" => TokenMode::Manual,
            _ => return None,
        })
    }
}

/// The marker stored as the sandbox account's API base: the real URL (a random loopback port)
/// is only known once the in-process sandbox has started.
pub const SANDBOX_API_BASE: &str = "sandbox:in-process";

/// An account, without any secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AccountSummary {
    /// Row id.
    pub id: i64,
    /// Display name, unique.
    pub name: String,
    /// The mini program's AppID.
    pub appid: String,
    /// Token source.
    pub token_mode: TokenMode,
    /// API base URL (or [`SANDBOX_API_BASE`]).
    pub api_base: String,
    /// External token service URL.
    pub token_url: Option<String>,
    /// HTTP proxy for WeChat calls.
    pub proxy: Option<String>,
    /// Whether this is the built-in simulator account.
    pub is_sandbox: bool,
    /// When its templates were last synced (RFC 3339); none if never.
    pub templates_synced_at: Option<String>,
}

/// A new account's settings, validated by [`NewAccount::validate`]. Its secret travels
/// separately, as a [`crate::secrets::Sensitive`], straight to the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewAccount {
    /// Display name, unique.
    pub name: String,
    /// The mini program's AppID.
    pub appid: String,
    /// Token source.
    pub token_mode: TokenMode,
    /// API base URL, `https://api.weixin.qq.com` unless the company relays WeChat calls.
    pub api_base: String,
    /// The company token service (token mode `external`).
    pub token_url: Option<String>,
    /// HTTP proxy for WeChat calls.
    pub proxy: Option<String>,
}

/// WeChat's own API base.
pub const DEFAULT_API_BASE: &str = "https://api.weixin.qq.com";

impl NewAccount {
    /// Trims the fields and checks them, naming the field that is wrong.
    pub fn validate(mut self) -> crate::Result<NewAccount> {
        use crate::{Bilingual, CoreError::InvalidInput};
        self.name = self.name.trim().to_string();
        self.appid = self.appid.trim().to_string();
        self.api_base = self.api_base.trim().trim_end_matches('/').to_string();
        if self.api_base.is_empty() {
            self.api_base = DEFAULT_API_BASE.to_string();
        }
        self.token_url = self.token_url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
        self.proxy = self.proxy.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());

        if self.name.is_empty() || self.name.chars().count() > 40 {
            return Err(InvalidInput(Bilingual::field(
                "name",
                "enter a name of 1 to 40 characters",
                "名称需要 1 到 40 个字",
            )));
        }
        let appid_ok = self.appid.len() == 18
            && self.appid.starts_with("wx")
            && self.appid.chars().all(|c| c.is_ascii_alphanumeric());
        if !appid_ok {
            return Err(InvalidInput(Bilingual::field(
                "appid",
                format_args!(
                    "\"{}\" is not an AppID; it is 18 letters and digits starting with \"wx\" (mini \
                     program admin console → 开发管理 → 开发设置)",
                    self.appid
                ),
                format_args!(
                    "「{}」不是 AppID。AppID 是以 wx 开头的 18 位字母和数字，在小程序管理后台 → 开发管理 → \
                     开发设置 中可以找到",
                    self.appid
                ),
            )));
        }
        check_url("apiBase", &self.api_base)?;
        if let Some(proxy) = &self.proxy {
            check_url("proxy", proxy)?;
        }
        match (self.token_mode, &self.token_url) {
            (TokenMode::External, None) => {
                return Err(InvalidInput(Bilingual::field(
                    "tokenUrl",
                    "the external token mode needs the token service's URL",
                    "连接方式为「公司的凭证服务」时，请填写凭证服务地址",
                )))
            }
            (TokenMode::External, Some(url)) => check_url("tokenUrl", url)?,
            _ => self.token_url = None,
        }
        Ok(self)
    }
}

fn check_url(field: &str, value: &str) -> crate::Result<()> {
    let ok =
        (value.starts_with("http://") || value.starts_with("https://") || value.starts_with("socks5://"))
            && reqwest::Url::parse(value).is_ok_and(|u| u.host_str().is_some());
    if ok {
        Ok(())
    } else {
        Err(crate::CoreError::InvalidInput(crate::Bilingual::field(
            field,
            format_args!("\"{value}\" is not an http(s) URL"),
            format_args!("「{value}」不是有效的网址，请填写以 http:// 或 https:// 开头的完整地址"),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> NewAccount {
        NewAccount {
            name: " 商城 ".into(),
            appid: "wx0123456789abcdef".into(),
            token_mode: TokenMode::Stable,
            api_base: "".into(),
            token_url: Some("https://ignored.example.com".into()),
            proxy: Some("  ".into()),
        }
    }

    #[test]
    fn validation_normalises_and_applies_defaults() {
        let ok = input().validate().unwrap();
        assert_eq!(ok.name, "商城");
        assert_eq!(ok.api_base, DEFAULT_API_BASE);
        assert_eq!(ok.proxy, None);
        assert_eq!(ok.token_url, None, "only the external mode keeps a token URL");
    }

    #[test]
    fn validation_names_the_wrong_field() {
        type Breaker = fn(&mut NewAccount);
        let cases: Vec<(Breaker, &str)> = vec![
            (|a| a.name = "".into(), "name:"),
            (|a| a.appid = "wx123".into(), "appid:"),
            (|a| a.appid = "ab0123456789abcdef".into(), "appid:"),
            (|a| a.api_base = "api.weixin.qq.com".into(), "apiBase:"),
            (|a| a.proxy = Some("proxy:8080".into()), "proxy:"),
            (
                |a| {
                    a.token_mode = TokenMode::External;
                    a.token_url = None
                },
                "tokenUrl:",
            ),
        ];
        for (break_it, field) in cases {
            let mut a = input();
            break_it(&mut a);
            let err = a.validate().unwrap_err();
            let (en, zh) = (err.to_string(), err.message_zh());
            assert!(en.starts_with(field), "{en} should start with {field}");
            assert!(zh.starts_with(field), "the Chinese keeps the field for the form: {zh}");
        }
    }
}
