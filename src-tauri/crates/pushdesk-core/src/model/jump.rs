//! Where a card leads, checked against the account that sends it: a mini program's card opens
//! one of its own pages; an Official Account's opens a web page or a page of a mini program
//! bound to it (WeChat answers 40165 for every row otherwise).

use super::campaign::MessageSpec;
use crate::account::{AccountKind, AccountSummary};
use crate::{Bilingual, CoreError, Result};

impl MessageSpec {
    /// Refuses a jump the account cannot make, naming the field.
    pub fn check_jump(&self, account: &AccountSummary) -> Result<()> {
        let url = self.url.as_deref().filter(|u| !u.trim().is_empty());
        let appid = self.miniprogram_appid.as_deref().filter(|a| !a.trim().is_empty());
        let has_page = self.page.as_deref().is_some_and(|p| !p.trim().is_empty());
        let refuse = |field: &str, en: String, zh: String| {
            Err(CoreError::InvalidInput(Bilingual::field(field, en, zh)))
        };
        match account.kind {
            AccountKind::MiniProgram if url.is_some() || appid.is_some() => refuse(
                if url.is_some() { "url" } else { "miniprogramAppid" },
                "a mini program's subscribe message opens a page of the mini program itself, not a web page or \
                 another mini program"
                    .into(),
                "小程序的订阅消息只能打开本小程序的页面，不能打开网页或其他小程序".into(),
            ),
            AccountKind::MiniProgram => Ok(()),
            AccountKind::OfficialAccount => {
                if let Some(url) = url {
                    let web = (url.starts_with("https://") || url.starts_with("http://"))
                        && reqwest::Url::parse(url).is_ok_and(|u| u.host_str().is_some());
                    if !web {
                        return refuse(
                            "url",
                            format!("\"{url}\" is not a web address (https://…)"),
                            format!("「{url}」不是网址，请填写以 https:// 开头的完整地址"),
                        );
                    }
                }
                match appid {
                    Some(appid) if !account.mini_programs.iter().any(|a| a == appid) => refuse(
                        "miniprogramAppid",
                        format!(
                            "{appid} is not among the mini programs bound to {}; add it in the account's settings \
                             once it is bound in the Official Account's admin console",
                            account.name
                        ),
                        format!(
                            "{appid} 不在「{}」关联的小程序中；请先在公众号后台关联该小程序，再在账号设置中添加",
                            account.name
                        ),
                    ),
                    Some(_) if !has_page => refuse(
                        "page",
                        "enter the mini program page the card opens".into(),
                        "请填写卡片要打开的小程序页面".into(),
                    ),
                    None if has_page => refuse(
                        "miniprogramAppid",
                        "choose the mini program whose page the card opens".into(),
                        "请选择卡片要打开哪个小程序的页面".into(),
                    ),
                    _ => Ok(()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::TokenMode;

    const BOUND: &str = "wx1111111111111111";

    fn account(kind: AccountKind) -> AccountSummary {
        AccountSummary {
            id: 1,
            name: "服务号".into(),
            kind,
            appid: "wx0123456789abcdef".into(),
            mini_programs: vec![BOUND.into()],
            token_mode: TokenMode::Stable,
            api_base: String::new(),
            token_url: None,
            proxy: None,
            is_sandbox: false,
            templates_synced_at: None,
        }
    }

    fn message(page: Option<&str>, url: Option<&str>, appid: Option<&str>) -> MessageSpec {
        MessageSpec {
            values: Default::default(),
            page: page.map(Into::into),
            miniprogram_state: Default::default(),
            lang: Default::default(),
            url: url.map(Into::into),
            miniprogram_appid: appid.map(Into::into),
        }
    }

    fn field(result: Result<()>) -> String {
        result.unwrap_err().to_string().split(':').next().unwrap().to_string()
    }

    #[test]
    fn an_official_account_opens_a_web_page_or_a_bound_mini_program_page() {
        let oa = account(AccountKind::OfficialAccount);
        assert!(message(None, None, None).check_jump(&oa).is_ok());
        assert!(message(None, Some("https://shop.example.com/o/1"), None).check_jump(&oa).is_ok());
        assert!(message(Some("pages/order/detail?id=1"), None, Some(BOUND)).check_jump(&oa).is_ok());
        assert_eq!(field(message(None, Some("shop.example.com"), None).check_jump(&oa)), "url");
        assert_eq!(
            field(message(Some("pages/a"), None, Some("wx2222222222222222")).check_jump(&oa)),
            "miniprogramAppid"
        );
        assert_eq!(field(message(None, None, Some(BOUND)).check_jump(&oa)), "page");
        assert_eq!(field(message(Some("pages/a"), None, None).check_jump(&oa)), "miniprogramAppid");
    }

    #[test]
    fn a_mini_program_opens_only_its_own_pages() {
        let mp = account(AccountKind::MiniProgram);
        assert!(message(Some("pages/a"), None, None).check_jump(&mp).is_ok());
        assert_eq!(field(message(None, Some("https://a.example.com"), None).check_jump(&mp)), "url");
        assert_eq!(field(message(Some("pages/a"), None, Some(BOUND)).check_jump(&mp)), "miniprogramAppid");
    }
}
