//! The Official Account (服务号) the sandbox serves beside its mini programs: private templates,
//! the mini programs its cards may open, its users, `client_msg_id` claims and intercepted
//! messages. Its credentials, kind and limits are an [`super::apps::App`] like any account's.

use pushdesk_core::template::{parse_content, Keyword, KeywordKind};

use crate::config::SandboxConfig;
use crate::demo_official::{oa_templates, OaDemoTemplate, OA_BOUND_MINI_PROGRAMS};
use crate::DEMO_OA_APPID;

use super::audience::Audience;
use super::client_msg_ids::ClientMsgIds;
use super::intercepted::InterceptedLog;

/// How WeChat treats a template's values since May 2023.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateStyle {
    /// `first`, `keywordN`, `remark`: values are not checked, missing ones are blank, long ones
    /// are folded on display.
    Legacy,
    /// Typed keys (`thing1`, `time4` …), checked like a subscribe message's (47003).
    Category,
}

/// A private template of the account.
#[derive(Debug, Clone)]
pub struct OaTemplate {
    pub template_id: String,
    pub title: String,
    pub primary_industry: String,
    pub deputy_industry: String,
    pub content: String,
    pub example: String,
    pub style: TemplateStyle,
    /// In the order of `content`, `first`/`remark` included.
    pub keywords: Vec<Keyword>,
}

impl From<OaDemoTemplate> for OaTemplate {
    fn from(t: OaDemoTemplate) -> Self {
        let keywords = parse_content(t.content, &[]);
        // WeChat's own line: legacy templates are the ones "字段名为keyword1之类的", category
        // templates the ones with typed keys; no typed key means legacy.
        let style = if keywords.iter().all(|k| k.kind == KeywordKind::Unknown) {
            TemplateStyle::Legacy
        } else {
            TemplateStyle::Category
        };
        Self {
            template_id: t.template_id.into(),
            title: t.title.into(),
            primary_industry: t.primary_industry.into(),
            deputy_industry: t.deputy_industry.into(),
            content: t.content.into(),
            example: t.example.into(),
            style,
            keywords,
        }
    }
}

/// The Official Account's own data.
#[derive(Debug)]
pub struct OfficialAccount {
    pub appid: String,
    pub templates: Vec<OaTemplate>,
    /// Mini programs bound to the account, which its cards may open.
    pub bound_mini_programs: Vec<String>,
    pub audience: Audience,
    pub client_msg_ids: ClientMsgIds,
    pub intercepted: InterceptedLog,
}

impl OfficialAccount {
    /// The demo account, with `config.oa_followers` generated followers.
    pub fn demo(config: &SandboxConfig) -> Self {
        Self {
            appid: DEMO_OA_APPID.to_owned(),
            templates: oa_templates().into_iter().map(Into::into).collect(),
            bound_mini_programs: OA_BOUND_MINI_PROGRAMS.iter().map(|a| (*a).to_owned()).collect(),
            audience: Audience::demo(config.oa_followers),
            client_msg_ids: ClientMsgIds::default(),
            intercepted: InterceptedLog::default(),
        }
    }

    pub fn template(&self, template_id: &str) -> Option<&OaTemplate> {
        self.templates.iter().find(|t| t.template_id == template_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_official::{OA_TPL_LEGACY_PAYMENT, OA_TPL_ORDER_SHIPPED};

    #[test]
    fn template_styles_follow_their_keys() {
        let oa = OfficialAccount::demo(&SandboxConfig::default());
        let legacy = oa.template(OA_TPL_LEGACY_PAYMENT).unwrap();
        assert_eq!(legacy.style, TemplateStyle::Legacy);
        let keys: Vec<&str> = legacy.keywords.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(keys, ["first", "keyword1", "keyword2", "remark"]);
        assert_eq!(legacy.keywords[1].label, "订单号");
        assert_eq!(oa.template(OA_TPL_ORDER_SHIPPED).unwrap().style, TemplateStyle::Category);
    }
}
