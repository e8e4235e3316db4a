//! Checking an Official Account `template/send` body the way WeChat does, in WeChat's order —
//! openid (40003), template (40037), mini program (40165), values (47003), then the user's
//! relation to the account (43004, 43019) — and working out what the card will show.
//!
//! What WeChat checks of the values depends on the template (WeChat's community answer):
//! category templates (typed keys) are held to the same per-type rules as subscribe messages,
//! a missing keyword included ("argument invalid! data.thing1.value is empty"); legacy templates
//! (`keyword1` …) are not checked, a missing keyword is shown blank and a long value is folded.
//! Keys the template lacks are ignored (WeChat reported the missing keyword, never the stray
//! ones, when keys were sent as `thing1.DATA`).

use serde_json::{Map, Value};

use crate::demo_official::is_promotional;
use crate::error::ApiError;
use crate::rules::oa_display::{is_hidden_key, shown_value};
use crate::rules::{check_value, Problem};
use crate::state::audience::Relation;
use crate::state::official::{OaTemplate, OfficialAccount, TemplateStyle};
use crate::state::SandboxState;
use crate::stats::{fingerprint, ShownKeyword};
use crate::validate::{is_openid_shaped, text_field};

/// A template send that passed every check.
#[derive(Debug)]
pub struct ValidTemplateSend {
    pub touser: String,
    pub template_id: String,
    pub title: String,
    /// The web page the card opens; empty when none.
    pub url: String,
    /// The mini program page the card opens; empty when none.
    pub pagepath: String,
    /// WeChat's idempotency key, when given (an empty one counts as none).
    pub client_msg_id: Option<String>,
    /// The lines the card displays.
    pub shown: Vec<ShownKeyword>,
    /// The template's content with every value sent (`first`/`remark` too): what
    /// `queryblocktmplmsg` reports of an intercepted message.
    pub content: String,
    /// Some value reads as purely promotional: WeChat intercepts the message.
    pub promotional: bool,
    /// Identity of the message content, for duplicate detection.
    pub fingerprint: u128,
}

/// Validates a parsed `template/send` body for the account.
pub fn validate_template_send(
    state: &SandboxState,
    oa: &OfficialAccount,
    req: &Map<String, Value>,
) -> Result<ValidTemplateSend, ApiError> {
    let touser = text_field(req, "touser")?.unwrap_or_default();
    let relation = oa.audience.relation(touser);
    if !is_openid_shaped(touser) || state.is_other_app(touser) || relation == Relation::Stranger {
        return Err(ApiError::InvalidOpenid);
    }

    let template_id = text_field(req, "template_id")?.unwrap_or_default();
    let template = oa.template(template_id).ok_or(ApiError::InvalidTemplateId)?;
    let url = text_field(req, "url")?.unwrap_or_default();
    let pagepath = check_miniprogram(state, oa, req)?;
    let client_msg_id = text_field(req, "client_msg_id")?.filter(|id| !id.is_empty());

    let empty = Map::new();
    let data = match req.get("data") {
        Some(Value::Object(d)) => d,
        None | Some(Value::Null) => &empty,
        Some(_) => return Err(ApiError::ArgumentInvalid("data invalid".into())),
    };
    let values = read_values(template, data)?;

    match relation {
        Relation::FormerFollower => return Err(ApiError::RequireSubscribe),
        Relation::Blacklisted => return Err(ApiError::RequireRemoveBlacklist),
        Relation::Follower | Relation::Stranger => {}
    }

    let shown = template
        .keywords
        .iter()
        .zip(&values)
        .filter(|(kw, _)| !is_hidden_key(&kw.key))
        .map(|(kw, value)| ShownKeyword {
            key: kw.key.clone(),
            label: kw.label.clone(),
            value: shown_value(value),
        })
        .collect();
    let mut content = template.content.clone();
    for (kw, value) in template.keywords.iter().zip(&values) {
        content = content.replace(&format!("{{{{{}.DATA}}}}", kw.key), value);
    }
    let mut parts: Vec<&str> = vec![&oa.appid, touser, template_id, url, &pagepath];
    parts.extend(values.iter().map(String::as_str));
    Ok(ValidTemplateSend {
        touser: touser.to_owned(),
        template_id: template_id.to_owned(),
        title: template.title.clone(),
        url: url.to_owned(),
        fingerprint: fingerprint(&parts),
        promotional: values.iter().any(|v| is_promotional(v)),
        pagepath,
        client_msg_id: client_msg_id.map(str::to_owned),
        shown,
        content,
    })
}

/// `miniprogram {appid, pagepath}`: the page the card opens, empty when none. An appid not bound
/// to the account is 40165, like a page the mini program lacks: WeChat answers "invalid weapp
/// pagepath" for both (reported for the documentation's sample appid, which no account has
/// bound; 40013 "invalid appid" has been reported for a real but unbound mini program too).
fn check_miniprogram(
    state: &SandboxState,
    oa: &OfficialAccount,
    req: &Map<String, Value>,
) -> Result<String, ApiError> {
    let mp = match req.get("miniprogram") {
        None | Some(Value::Null) => return Ok(String::new()),
        Some(Value::Object(mp)) => mp,
        Some(_) => return Err(ApiError::ArgumentInvalid("miniprogram invalid".into())),
    };
    let appid = text_field(mp, "appid")?.unwrap_or_default();
    let pagepath = text_field(mp, "pagepath")?.unwrap_or_default();
    if !oa.bound_mini_programs.iter().any(|bound| bound == appid) {
        return Err(ApiError::InvalidWeappPagepath);
    }
    let app = state.apps.get(appid).ok_or(ApiError::InvalidWeappPagepath)?;
    if !pagepath.is_empty() && !app.has_page(pagepath) {
        return Err(ApiError::InvalidWeappPagepath);
    }
    Ok(pagepath.to_owned())
}

/// The value sent for each keyword of the template, in its order ("" when missing), after the
/// template's checks.
fn read_values(template: &OaTemplate, data: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    template
        .keywords
        .iter()
        .map(|kw| {
            let value = match data.get(&kw.key).and_then(|d| d.get("value")) {
                None | Some(Value::Null) => "",
                Some(Value::String(s)) => s.as_str(),
                Some(_) => return Err(ApiError::ArgumentInvalid(format!("data.{}.value invalid", kw.key))),
            };
            if template.style == TemplateStyle::Category {
                // The sandbox's own rule table, as for subscribe messages: see rules/mod.rs.
                check_value(&kw.kind, &kw.enum_values, value).map_err(|problem| {
                    let problem = match problem {
                        Problem::Empty => "is empty",
                        Problem::Invalid => "invalid",
                    };
                    ApiError::ArgumentInvalid(format!("data.{}.value {problem}", kw.key))
                })?;
            }
            Ok(value.to_owned())
        })
        .collect()
}
