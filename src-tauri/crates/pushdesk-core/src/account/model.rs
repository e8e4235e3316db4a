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

/// What kind of WeChat account it is: which messages it sends, which APIs it calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// A mini program (小程序): subscribe messages to users who accepted them.
    #[default]
    MiniProgram,
    /// An Official Account (服务号): template messages to its followers.
    OfficialAccount,
}

impl AccountKind {
    /// The value stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::MiniProgram => "mini_program",
            AccountKind::OfficialAccount => "official_account",
        }
    }

    /// Parses the stored value.
    pub fn parse(value: &str) -> Option<AccountKind> {
        match value {
            "mini_program" => Some(AccountKind::MiniProgram),
            "official_account" => Some(AccountKind::OfficialAccount),
            _ => None,
        }
    }

    /// The messages it sends.
    pub fn channel(self) -> crate::model::MessageChannel {
        match self {
            AccountKind::MiniProgram => crate::model::MessageChannel::SubscribeMessage,
            AccountKind::OfficialAccount => crate::model::MessageChannel::TemplateMessage,
        }
    }

    /// The API its messages are sent to.
    pub fn send_path(self) -> &'static str {
        match self {
            AccountKind::MiniProgram => "/cgi-bin/message/subscribe/send",
            AccountKind::OfficialAccount => "/cgi-bin/message/template/send",
        }
    }

    /// Where its AppID is shown to the people who run it, for error messages.
    fn appid_place(self) -> (&'static str, &'static str) {
        match self {
            AccountKind::MiniProgram => {
                ("mini program admin console → 开发管理 → 开发设置", "小程序管理后台 → 开发管理 → 开发设置")
            }
            AccountKind::OfficialAccount => (
                "Official Account admin console → 设置与开发 → 基本配置",
                "公众号管理后台 → 设置与开发 → 基本配置",
            ),
        }
    }
}

/// How many mini programs an Official Account may name for the card's jump (WeChat lets a
/// service account bind up to 500, but a person picks among a handful).
pub const MAX_BOUND_MINI_PROGRAMS: usize = 20;

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
    /// Mini program or Official Account.
    pub kind: AccountKind,
    /// The account's AppID.
    pub appid: String,
    /// An Official Account's bound mini programs (AppIDs) a template message may open.
    pub mini_programs: Vec<String>,
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
    /// Mini program (the default) or Official Account.
    #[serde(default)]
    pub kind: AccountKind,
    /// The account's AppID.
    pub appid: String,
    /// For an Official Account: the AppIDs of the mini programs bound to it, which its
    /// template messages may open. Empty for a mini program.
    #[serde(default)]
    pub mini_programs: Vec<String>,
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
    /// An account of `kind` with a stable token from its AppSecret, no proxy and nothing bound.
    pub fn new(kind: AccountKind, name: &str, appid: &str, api_base: &str) -> NewAccount {
        NewAccount {
            name: name.to_string(),
            kind,
            appid: appid.to_string(),
            mini_programs: Vec::new(),
            token_mode: TokenMode::Stable,
            api_base: api_base.to_string(),
            token_url: None,
            proxy: None,
        }
    }

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
        if !is_appid(&self.appid) {
            let (place_en, place_zh) = self.kind.appid_place();
            return Err(InvalidInput(Bilingual::field(
                "appid",
                format_args!(
                    "\"{}\" is not an AppID; it is 18 letters and digits starting with \"wx\" ({place_en})",
                    self.appid
                ),
                format_args!(
                    "「{}」不是 AppID。AppID 是以 wx 开头的 18 位字母和数字，在{place_zh} 中可以找到",
                    self.appid
                ),
            )));
        }
        self.check_mini_programs()?;
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

impl NewAccount {
    /// Trims the bound mini programs, drops blanks and repeats, and checks each is an AppID
    /// other than the account's own. A mini program binds nothing.
    fn check_mini_programs(&mut self) -> crate::Result<()> {
        use crate::{Bilingual, CoreError::InvalidInput};
        let mut bound: Vec<String> = Vec::new();
        for appid in self.mini_programs.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
            if !bound.iter().any(|b| b == appid) {
                bound.push(appid.to_string());
            }
        }
        if self.kind == AccountKind::MiniProgram && !bound.is_empty() {
            return Err(InvalidInput(Bilingual::field(
                "miniPrograms",
                "only an Official Account has bound mini programs",
                "只有服务号可以填写关联的小程序",
            )));
        }
        if let Some(bad) = bound.iter().find(|a| !is_appid(a) || **a == self.appid) {
            return Err(InvalidInput(Bilingual::field(
                "miniPrograms",
                format_args!("\"{bad}\" is not the AppID of another mini program (18 letters and digits starting with \"wx\")"),
                format_args!("「{bad}」不是另一个小程序的 AppID（以 wx 开头的 18 位字母和数字）"),
            )));
        }
        if bound.len() > MAX_BOUND_MINI_PROGRAMS {
            return Err(InvalidInput(Bilingual::field(
                "miniPrograms",
                format_args!("name at most {MAX_BOUND_MINI_PROGRAMS} mini programs"),
                format_args!("最多填写 {MAX_BOUND_MINI_PROGRAMS} 个小程序"),
            )));
        }
        self.mini_programs = bound;
        Ok(())
    }
}

/// Whether `value` has the shape of an AppID: `wx` and 16 more letters or digits.
pub fn is_appid(value: &str) -> bool {
    value.len() == 18 && value.starts_with("wx") && value.chars().all(|c| c.is_ascii_alphanumeric())
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
            kind: AccountKind::MiniProgram,
            appid: "wx0123456789abcdef".into(),
            mini_programs: Vec::new(),
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
    fn an_official_account_keeps_its_bound_mini_programs_once_each() {
        let mut a = input();
        a.kind = AccountKind::OfficialAccount;
        a.mini_programs = vec![" wx1111111111111111 ".into(), "".into(), "wx1111111111111111".into()];
        assert_eq!(a.validate().unwrap().mini_programs, vec!["wx1111111111111111".to_string()]);
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
            (|a| a.mini_programs = vec!["wx1111111111111111".into()], "miniPrograms:"),
            (
                |a| {
                    a.kind = AccountKind::OfficialAccount;
                    a.mini_programs = vec!["wx0123456789abcdef".into()]
                },
                "miniPrograms:",
            ),
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
