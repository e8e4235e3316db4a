//! Checking a subscribe-send body the way WeChat does, field by field, before anything is
//! delivered.

use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::rules::{check_value, Problem};
use crate::state::apps::App;
use crate::state::SandboxState;
use crate::stats::fingerprint;

const STATES: &[&str] = &["formal", "trial", "developer"];
const LANGS: &[&str] = &["zh_CN", "en_US", "zh_HK", "zh_TW"];

/// A send that passed every check.
#[derive(Debug)]
pub struct ValidSend {
    pub touser: String,
    pub template_id: String,
    /// The page the card opens; empty when none.
    pub page: String,
    /// Identity of the message content, for duplicate detection.
    pub fingerprint: u128,
}

/// Real openids are 28 characters: `o` then 27 of `[A-Za-z0-9_-]`.
pub fn is_openid_shaped(openid: &str) -> bool {
    openid.len() == 28
        && openid.starts_with('o')
        && openid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Reads a `subscribe/send` body: a JSON object, or why WeChat would refuse it (44002, 47001).
/// Kept apart from [`validate_send`] so the handler can count the `touser` of every request,
/// even one refused before validation.
pub fn parse_send_body(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::EmptyPostData);
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(req)) => Ok(req),
        _ => Err(ApiError::DataFormat),
    }
}

/// The `touser` a parsed body names, if it is a string.
pub fn touser_of(req: &Map<String, Value>) -> Option<&str> {
    req.get("touser").and_then(Value::as_str)
}

/// Validates a parsed `subscribe/send` body for `app`.
pub fn validate_send(
    state: &SandboxState,
    app: &App,
    req: &Map<String, Value>,
) -> Result<ValidSend, ApiError> {
    let touser = text_field(req, "touser")?.unwrap_or_default();
    if !is_openid_shaped(touser) || state.is_other_app(touser) {
        return Err(ApiError::InvalidOpenid);
    }

    let template_id = text_field(req, "template_id")?.unwrap_or_default();
    app.with_template(template_id, |_| ()).ok_or(ApiError::InvalidTemplateId)?;

    let page = text_field(req, "page")?.unwrap_or_default();
    if !page.is_empty() && !app.has_page(page) {
        return Err(ApiError::InvalidPage);
    }

    if let Some(s) = text_field(req, "miniprogram_state")? {
        if !STATES.contains(&s) {
            return Err(ApiError::ArgumentInvalid("miniprogram_state invalid".into()));
        }
    }
    if let Some(l) = text_field(req, "lang")? {
        if !LANGS.contains(&l) {
            return Err(ApiError::ArgumentInvalid("lang invalid".into()));
        }
    }

    let empty = Map::new();
    let data = match req.get("data") {
        Some(Value::Object(d)) => d,
        None | Some(Value::Null) => &empty,
        Some(_) => return Err(ApiError::ArgumentInvalid("data invalid".into())),
    };

    let mut parts: Vec<&str> = vec![&app.appid, touser, template_id, page];
    app.with_template(template_id, |tpl| -> Result<(), ApiError> {
        for kw in &tpl.keywords {
            let value = value_of(data, &kw.key)?;
            // The sandbox's own rule table, not the core's: see rules/mod.rs.
            check_value(&kw.kind, &kw.enum_values, value).map_err(|problem| {
                // WeChat's two wordings; a value that is too long is "invalid" too.
                let problem = match problem {
                    Problem::Empty => "is empty",
                    Problem::Invalid => "invalid",
                };
                ApiError::ArgumentInvalid(format!("data.{}.value {problem}", kw.key))
            })?;
        }
        if let Some(extra) = data.keys().find(|k| !tpl.keywords.iter().any(|kw| &kw.key == *k)) {
            return Err(ApiError::ArgumentInvalid(format!("data.{extra} is not a keyword of the template")));
        }
        Ok(())
    })
    .ok_or(ApiError::InvalidTemplateId)??;

    // Keys in sorted order, so the same message gets the same fingerprint however the client
    // orders its JSON.
    let mut keys: Vec<&String> = data.keys().collect();
    keys.sort();
    for k in keys {
        parts.push(k);
        parts.push(value_of(data, k).unwrap_or_default());
    }
    Ok(ValidSend {
        touser: touser.to_owned(),
        template_id: template_id.to_owned(),
        page: page.to_owned(),
        fingerprint: fingerprint(&parts),
    })
}

/// A string field; a present field of another JSON type is a format error.
pub fn text_field<'a>(req: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, ApiError> {
    match req.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::ArgumentInvalid(format!("{name} invalid"))),
    }
}

/// `data.KEY.value`; missing counts as empty, a non-string as invalid.
fn value_of<'a>(data: &'a Map<String, Value>, key: &str) -> Result<&'a str, ApiError> {
    match data.get(key).and_then(|d| d.get("value")) {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ApiError::ArgumentInvalid(format!("data.{key}.value invalid"))),
    }
}
