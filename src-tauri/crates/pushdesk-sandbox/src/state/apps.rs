//! The accounts the sandbox serves — mini programs, and the Official Account whose own data lives in
//! `official.rs` — with their credentials, pages, private templates and limits.

use std::sync::RwLock;

use pushdesk_core::template::{parse_content, EnumValueList, Keyword};
use rand::distr::{Alphanumeric, SampleString};

use crate::config::SandboxConfig;
use crate::demo::{demo_templates, DemoTemplate, PubTitle, DEMO_PAGES};
use crate::error::ApiError;

use super::limits::{Limits, WECHAT_TEMPLATE_DAILY_LIMIT};
use super::{read, write};

/// WeChat's cap on private templates per account.
pub const MAX_PRIVATE_TEMPLATES: usize = 25;

/// A private template, with the keywords sends are validated against.
#[derive(Debug, Clone)]
pub struct PrivateTemplate {
    pub pri_tmpl_id: String,
    pub title: String,
    pub content: String,
    pub example: String,
    pub kind: u8,
    pub enums: Vec<EnumValueList>,
    pub keywords: Vec<Keyword>,
}

impl From<DemoTemplate> for PrivateTemplate {
    fn from(t: DemoTemplate) -> Self {
        let enums: Vec<EnumValueList> = t
            .enums
            .into_iter()
            .map(|(keyword_code, enum_value_list)| EnumValueList { keyword_code, enum_value_list })
            .collect();
        let layout = t.hidden_content.as_deref().unwrap_or(&t.content);
        let keywords = parse_content(layout, &enums);
        Self {
            pri_tmpl_id: t.pri_tmpl_id,
            title: t.title,
            content: t.content,
            example: t.example,
            kind: t.kind,
            enums,
            keywords,
        }
    }
}

/// What kind of account an AppID is. WeChat gives each API to one kind only: a mini program's
/// token on an Official Account API, or the other way round, is answered 48001.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppKind {
    MiniProgram,
    OfficialAccount,
}

/// One account: a mini program, or an Official Account (no pages, no mini program templates).
#[derive(Debug)]
pub struct App {
    pub appid: String,
    pub secret: String,
    pub kind: AppKind,
    pub pages: Vec<String>,
    pub templates: RwLock<Vec<PrivateTemplate>>,
    pub limits: Limits,
}

impl App {
    /// An account with the demo pages and templates.
    pub fn demo(appid: &str, secret: &str, config: &SandboxConfig) -> Self {
        Self {
            appid: appid.to_owned(),
            secret: secret.to_owned(),
            kind: AppKind::MiniProgram,
            pages: DEMO_PAGES.iter().map(|p| (*p).to_owned()).collect(),
            templates: RwLock::new(demo_templates().into_iter().map(Into::into).collect()),
            limits: Limits::new(config.per_minute_limit, config.daily_limit),
        }
    }

    /// An Official Account: its limits count `template/send`; its templates and followers are
    /// in [`super::official::OfficialAccount`].
    pub fn official(appid: &str, secret: &str, config: &SandboxConfig) -> Self {
        Self {
            appid: appid.to_owned(),
            secret: secret.to_owned(),
            kind: AppKind::OfficialAccount,
            pages: Vec::new(),
            templates: RwLock::new(Vec::new()),
            limits: Limits::with_wechat_daily(
                config.per_minute_limit,
                config.daily_limit,
                WECHAT_TEMPLATE_DAILY_LIMIT,
            ),
        }
    }

    /// Whether `page` (query string allowed) is a page of the released mini program.
    pub fn has_page(&self, page: &str) -> bool {
        let path = page.split('?').next().unwrap_or_default();
        // WeChat tolerates a leading slash, as `wx.navigateTo` paths often have one.
        let path = path.strip_prefix('/').unwrap_or(path);
        self.pages.iter().any(|p| p == path)
    }

    /// Adds a template picked from the public library with the keywords `kids`, in that order.
    pub fn add_template(&self, title: &PubTitle, kids: &[u32], scene_desc: &str) -> Result<String, ApiError> {
        if scene_desc.chars().count() > 15 {
            return Err(ApiError::InvalidSceneDesc);
        }
        if !(2..=5).contains(&kids.len()) {
            return Err(ApiError::InvalidKidList);
        }
        let mut content = String::new();
        let mut example = String::new();
        for (i, kid) in kids.iter().enumerate() {
            let kw = title.keywords.iter().find(|k| k.kid == *kid).ok_or(ApiError::InvalidKidList)?;
            if kids[..i].contains(kid) {
                return Err(ApiError::InvalidKidList);
            }
            // WeChat numbers a private template's keys by the library keyword id.
            content.push_str(&format!("{}:{{{{{}{}.DATA}}}}\n", kw.name, kw.rule, kw.kid));
            example.push_str(&format!("{}:{}\n", kw.name, kw.example));
        }
        let mut templates = write(&self.templates);
        if templates.len() >= MAX_PRIVATE_TEMPLATES {
            return Err(ApiError::TooManyTemplates);
        }
        let id = Alphanumeric.sample_string(&mut rand::rng(), 43);
        templates.push(PrivateTemplate {
            pri_tmpl_id: id.clone(),
            title: title.title.to_owned(),
            keywords: parse_content(&content, &[]),
            content,
            example,
            kind: title.kind,
            enums: Vec::new(),
        });
        Ok(id)
    }

    /// Deletes a private template; `false` if there was none with that id.
    pub fn delete_template(&self, id: &str) -> bool {
        let mut templates = write(&self.templates);
        let before = templates.len();
        templates.retain(|t| t.pri_tmpl_id != id);
        templates.len() != before
    }

    /// Runs `f` on the template with this id without cloning it.
    pub fn with_template<R>(&self, id: &str, f: impl FnOnce(&PrivateTemplate) -> R) -> Option<R> {
        read(&self.templates).iter().find(|t| t.pri_tmpl_id == id).map(f)
    }
}
