//! Compose: check a message against its template as the user types, and send it to one openid
//! or to the account's test openids. A direct send is a campaign of one (kind `single` or
//! `test`), so it goes through the same engine and lands in the same log.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{CampaignKind, MessageSpec, NewCampaign, NewRecipient, RecipientState};
use crate::store::{Store, SyncedTemplate};
use crate::template::{check_page, fill_page, placeholders, render, validate_value, Keyword, RuleViolation};
use crate::wechat::{explain, Explanation, Failure};
use crate::{Bilingual, CoreError, Missing, Result};

/// One keyword of a checked message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldCheck {
    /// Keyword key, e.g. `thing1`.
    pub key: String,
    /// The template's label.
    pub label: String,
    /// The value with placeholders filled (as far as they are known).
    pub rendered: String,
    /// The rule it breaks, if any.
    pub problem: Option<RuleViolation>,
    /// Placeholders without a value.
    pub missing: Vec<String>,
}

/// A message checked against its template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MessageCheck {
    /// Whether it can be sent.
    pub ok: bool,
    /// One entry per keyword, in template order.
    pub fields: Vec<FieldCheck>,
    /// Every `{{placeholder}}` used, in order.
    pub placeholders: Vec<String>,
}

/// Checks every keyword value, filling placeholders from `filled`.
pub fn check_message(
    keywords: &[Keyword],
    message: &MessageSpec,
    filled: &BTreeMap<String, String>,
) -> MessageCheck {
    let mut all_placeholders = Vec::new();
    let fields: Vec<FieldCheck> = keywords
        .iter()
        .map(|k| {
            let raw = message.values.get(&k.key).map(String::as_str).unwrap_or("");
            let used = placeholders(raw);
            for p in &used {
                if !all_placeholders.contains(p) {
                    all_placeholders.push(p.clone());
                }
            }
            let missing: Vec<String> =
                used.iter().filter(|p| filled.get(*p).is_none_or(|v| v.is_empty())).cloned().collect();
            let rendered =
                render(raw, &|name| filled.get(name).cloned().or_else(|| Some(format!("{{{{{name}}}}}"))))
                    .unwrap_or_else(|_| raw.to_string());
            let problem = if missing.is_empty() { validate_value(k, &rendered).err() } else { None };
            FieldCheck { key: k.key.clone(), label: k.label.clone(), rendered, problem, missing }
        })
        .collect();
    let ok = fields.iter().all(|f| f.problem.is_none() && f.missing.is_empty());
    MessageCheck { ok, fields, placeholders: all_placeholders }
}

/// A recipient of the account's test list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TestRecipient {
    /// The openid.
    pub openid: String,
    /// Who it is ("小王的手机").
    pub note: String,
}

/// Where a direct send goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SendTarget {
    /// One openid.
    Single {
        /// The openid.
        openid: String,
    },
    /// The account's test list.
    Test,
}

/// A direct send from Compose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SendNowRequest {
    /// The account.
    pub account_id: i64,
    /// The template.
    pub template_id: String,
    /// What to send.
    pub message: MessageSpec,
    /// To whom.
    pub target: SendTarget,
    /// Values for the message's `{{placeholders}}`.
    pub placeholders: BTreeMap<String, String>,
}

/// What happened to one recipient of a direct send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RecipientResult {
    /// The openid.
    pub openid: String,
    /// Its final state.
    pub state: RecipientState,
    /// WeChat's msgid when sent (exact digits).
    pub msgid: Option<String>,
    /// WeChat's errcode when not sent.
    pub errcode: Option<i64>,
    /// What it means and what to do, when not sent.
    pub explanation: Option<Explanation>,
    /// The raw error text.
    pub detail: Option<String>,
}

/// The outcome of a direct send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SendNowResult {
    /// The campaign of kind single/test that records it.
    pub campaign_id: i64,
    /// One per recipient.
    pub results: Vec<RecipientResult>,
}

/// A user-typed openid must look like one before anything is sent.
pub fn check_openid(openid: &str) -> Result<()> {
    let ok = (20..=40).contains(&openid.len())
        && openid.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(CoreError::InvalidOpenid(Bilingual::new(
            format!("\"{openid}\" is not an openid (28 letters, digits, - or _, e.g. oPtYgjmUhBel31iEl2hpChYgCfrL)"),
            format!("「{openid}」不是 openid（openid 由 28 位字母、数字、- 或 _ 组成，例如 oPtYgjmUhBel31iEl2hpChYgCfrL）"),
        )))
    }
}

/// Refuses a template whose content has no keyword: WeChat would take `data: {}` for it, but
/// new-style one-time templates like it are not sent through `subscribeMessage.send`.
pub fn check_sendable(template: &SyncedTemplate) -> Result<()> {
    if template.keywords.is_empty() {
        return Err(CoreError::InvalidInput(Bilingual::field(
            "template",
            format_args!(
                "\"{}\" has no keywords in its content; new-style one-time templates like it are not \
                 sent through subscribeMessage.send",
                template.title
            ),
            format_args!(
                "模板「{}」的内容里没有关键词：这种新版一次性订阅模板不能通过 subscribeMessage.send 发送",
                template.title
            ),
        )));
    }
    Ok(())
}

/// Builds the campaign of a direct send, refusing it (naming each field) if any value breaks
/// its rule. Nothing is sent when this fails.
pub fn plan_direct_send(
    store: &Store,
    req: &SendNowRequest,
    created_by: &str,
) -> Result<(NewCampaign, Vec<NewRecipient>)> {
    let template = store.template(req.account_id, &req.template_id)?;
    check_sendable(&template)?;
    req.message.check_jump(&store.account(req.account_id)?)?;
    let check = check_message(&template.keywords, &req.message, &req.placeholders);
    if !check.ok {
        let (en, zh): (Vec<String>, Vec<String>) = check
            .fields
            .iter()
            .filter_map(|f| match (&f.problem, f.missing.is_empty()) {
                (Some(p), _) => Some((p.message_en.clone(), p.message_zh.clone())),
                (None, false) => Some((
                    format!("{} ({}): no value for {}", f.label, f.key, f.missing.join(", ")),
                    format!("「{}」({})：占位符 {} 还没有值", f.label, f.key, f.missing.join("、")),
                )),
                _ => None,
            })
            .unzip();
        return Err(CoreError::InvalidInput(Bilingual::field("values", en.join("; "), zh.join("；"))));
    }
    // The page's placeholders are filled from the same values as the keywords'.
    let page = match req.message.page.as_deref().filter(|p| !p.is_empty()) {
        Some(page) => {
            check_page(page)?;
            Some(fill_page(page, &|name| req.placeholders.get(name).map(|v| v.trim().to_string()))?)
        }
        None => None,
    };
    let openids = match &req.target {
        SendTarget::Single { openid } => {
            let openid = openid.trim();
            check_openid(openid)?;
            if store.is_suppressed(req.account_id, openid)? {
                return Err(CoreError::InvalidInput(Bilingual::field(
                    "openid",
                    format_args!(
                        "{openid} is on this account's suppression list, so nothing is sent to them; \
                         take them off the list first if they asked to be contacted again"
                    ),
                    format_args!("{openid} 在这个账号的免打扰名单中，不会给他发送。如果他同意再接收消息，请先把他从免打扰名单中移除"),
                )));
            }
            vec![openid.to_string()]
        }
        SendTarget::Test => {
            let list = store.test_recipients(req.account_id)?;
            if list.is_empty() {
                return Err(CoreError::InvalidInput(Bilingual::field(
                    "target",
                    "the test list is empty; add test openids in Settings first",
                    "测试名单还是空的：请先在「设置」里添加测试用的 openid",
                )));
            }
            list.into_iter().map(|t| t.openid).collect()
        }
    };
    let data: BTreeMap<String, String> = check.fields.into_iter().map(|f| (f.key, f.rendered)).collect();
    let kind = match req.target {
        SendTarget::Single { .. } => CampaignKind::Single,
        SendTarget::Test => CampaignKind::Test,
    };
    let recipients = openids
        .iter()
        .enumerate()
        .map(|(i, openid)| NewRecipient {
            row_no: i as u32 + 1,
            openid: openid.clone(),
            data: data.clone(),
            page: None,
            state: RecipientState::Pending,
            reason: None,
            origin_id: None,
        })
        .collect();
    let spec = NewCampaign {
        account_id: req.account_id,
        kind,
        name: format!("{} → {}", template.title, openids.join(", ")),
        template_id: template.template_id.clone(),
        template_title: template.title.clone(),
        message: MessageSpec { page, ..req.message.clone() },
        rate: 20,
        concurrency: 4,
        parent_id: None,
        created_by: created_by.to_string(),
        timing: Default::default(),
        series_id: None,
    };
    Ok((spec, recipients))
}

/// The per-recipient results of a finished direct send.
pub fn direct_results(store: &Store, campaign_id: i64) -> Result<SendNowResult> {
    let results = store
        .recipient_results(campaign_id)?
        .into_iter()
        .map(|(openid, state, msgid, errcode, reason)| {
            let explanation = errcode
                .filter(|c| *c != 0)
                .map(|c| explain(&Failure::Errcode(c), reason.as_deref()).explanation);
            RecipientResult { openid, state, msgid, errcode, explanation, detail: reason }
        })
        .collect();
    Ok(SendNowResult { campaign_id, results })
}

/// The template of an account from the local cache.
impl Store {
    /// One cached template.
    pub fn template(&self, account_id: i64, template_id: &str) -> Result<SyncedTemplate> {
        self.templates(account_id, None)?
            .into_iter()
            .find(|t| t.template_id == template_id)
            .ok_or_else(|| CoreError::NotFound { what: Missing::SyncedTemplate, name: template_id.into() })
    }

    /// The account's test openids.
    pub fn test_recipients(&self, account_id: i64) -> Result<Vec<TestRecipient>> {
        Ok(self
            .setting(&format!("test_recipients:{account_id}"))?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// Replaces the account's test openids, checking each.
    pub fn set_test_recipients(&self, account_id: i64, list: &[TestRecipient]) -> Result<()> {
        for t in list {
            check_openid(&t.openid)?;
        }
        let json = serde_json::to_string(list).map_err(|e| CoreError::Internal(e.to_string()))?;
        self.set_setting(&format!("test_recipients:{account_id}"), &json)
    }
}

/// What Compose holds, saved so it survives a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ComposeDraft {
    /// The account.
    pub account_id: Option<i64>,
    /// The template.
    pub template_id: Option<String>,
    /// The message.
    pub message: MessageSpec,
    /// The single recipient typed.
    pub openid: String,
    /// Placeholder values typed.
    pub placeholders: BTreeMap<String, String>,
}

impl Store {
    /// The saved Compose draft.
    pub fn compose_draft(&self) -> Result<Option<ComposeDraft>> {
        Ok(self.setting("compose_draft")?.and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Saves the Compose draft.
    pub fn save_compose_draft(&self, draft: &ComposeDraft) -> Result<()> {
        let json = serde_json::to_string(draft).map_err(|e| CoreError::Internal(e.to_string()))?;
        self.set_setting("compose_draft", &json)
    }
}
