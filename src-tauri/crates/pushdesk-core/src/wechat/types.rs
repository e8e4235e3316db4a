//! Requests and answers of the WeChat APIs Pushdesk uses.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize, Serializer};

use super::lenient::{exact_id, opt_exact_id};
use crate::template::EnumValueList;

/// Which build of the mini program the card opens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MiniprogramState {
    /// The released version.
    #[default]
    Formal,
    /// The trial (体验版) build.
    Trial,
    /// The developer build.
    Developer,
}

/// Language of the card's "进入小程序查看" link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub enum Lang {
    /// Simplified Chinese.
    #[default]
    #[serde(rename = "zh_CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en_US")]
    EnUs,
    /// Traditional Chinese (Hong Kong).
    #[serde(rename = "zh_HK")]
    ZhHk,
    /// Traditional Chinese (Taiwan).
    #[serde(rename = "zh_TW")]
    ZhTw,
}

/// One subscribe message, as sent to `/cgi-bin/message/subscribe/send`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubscribeMessage {
    /// The recipient's openid for this AppID.
    pub touser: String,
    /// The private template id (`priTmplId`).
    pub template_id: String,
    /// Page opened by the card (query allowed); absent → the card opens nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Keyword key → value; serialised as `{"thing1":{"value":"..."}}`.
    #[serde(serialize_with = "wrap_values")]
    pub data: BTreeMap<String, String>,
    /// Always sent, even when it is the default.
    pub miniprogram_state: MiniprogramState,
    /// Always sent, even when it is the default.
    pub lang: Lang,
}

/// The mini program page a template message opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct MiniprogramJump {
    /// The mini program's AppID; it must be bound to the Official Account.
    pub appid: String,
    /// The page, query allowed.
    pub pagepath: String,
}

/// One Official Account template message, as sent to `/cgi-bin/message/template/send`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateMessage {
    /// The recipient's openid for the Official Account.
    pub touser: String,
    /// The template id.
    pub template_id: String,
    /// A web page the card opens ("详情"); WeChat prefers `miniprogram` when both are given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A mini program page the card opens ("进入小程序查看").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub miniprogram: Option<MiniprogramJump>,
    /// Keyword key → value; serialised as `{"thing1":{"value":"..."}}`.
    #[serde(serialize_with = "wrap_values")]
    pub data: BTreeMap<String, String>,
    /// WeChat sends one message per openid and `client_msg_id` within 10 minutes: what makes
    /// resending a request whose answer was lost safe.
    pub client_msg_id: String,
}

/// A message the send line carries: each kind goes to its own endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    /// A mini program's subscribe message.
    Subscribe(SubscribeMessage),
    /// An Official Account's template message.
    Template(TemplateMessage),
}

impl Outgoing {
    /// The API path it is sent to.
    pub fn path(&self) -> &'static str {
        match self {
            Outgoing::Subscribe(_) => "/cgi-bin/message/subscribe/send",
            Outgoing::Template(_) => "/cgi-bin/message/template/send",
        }
    }

    /// The JSON body.
    pub fn to_json(&self) -> serde_json::Result<String> {
        match self {
            Outgoing::Subscribe(m) => serde_json::to_string(m),
            Outgoing::Template(m) => serde_json::to_string(m),
        }
    }
}

fn wrap_values<S: Serializer>(data: &BTreeMap<String, String>, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Value<'a> {
        value: &'a str,
    }
    s.collect_map(data.iter().map(|(k, v)| (k, Value { value: v })))
}

/// What WeChat answered to an accepted send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    /// WeChat's message id, exact digits. `None` only if WeChat accepted (errcode 0) without
    /// one: the official field table omits it, and an accepted message must not be mistaken for
    /// a failure and resent.
    pub msgid: Option<String>,
    /// The request id from `errmsg`, if present.
    pub rid: Option<String>,
    /// The JSON body sent (the token travels in the URL, so the body never contains it).
    pub request_json_without_token: String,
    /// The response body exactly as received.
    pub response_json: String,
}

/// The success body of a send.
#[derive(Debug, Deserialize)]
pub(crate) struct SendAnswer {
    #[serde(default, deserialize_with = "opt_exact_id")]
    pub msgid: Option<String>,
}

/// A private template of the account (`gettemplate`). Accepts WeChat's camelCase names and
/// serialises in snake_case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateTemplate {
    /// The template id used for sending.
    #[serde(alias = "priTmplId")]
    pub pri_tmpl_id: String,
    /// Title shown in bold on the card.
    #[serde(default)]
    pub title: String,
    /// `"商品名称:{{thing1.DATA}}\n..."`; may be empty for some new-style templates.
    #[serde(default)]
    pub content: String,
    /// An example rendering.
    #[serde(default)]
    pub example: String,
    /// 2 = one-time subscription, 3 = long-term.
    #[serde(alias = "type", default)]
    pub kind: i64,
    /// Allowed values of the template's `enum_string` keywords.
    #[serde(alias = "keywordEnumValueList", default)]
    pub keyword_enum_value_list: Vec<EnumValueList>,
}

impl PrivateTemplate {
    /// Whether this is a long-term subscription template (type 3).
    pub fn is_long_term(&self) -> bool {
        self.kind == 3
    }
}

/// A service category of the account (`getcategory`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Category {
    /// Category id.
    #[serde(deserialize_with = "exact_id")]
    pub id: String,
    /// Category name.
    #[serde(default)]
    pub name: String,
}

/// One title of the public template library (`getpubtemplatetitles`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PubTemplateTitle {
    /// Template title id, used with `getpubtemplatekeywords` and `addtemplate`.
    #[serde(deserialize_with = "exact_id")]
    pub tid: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// 2 = one-time, 3 = long-term.
    #[serde(alias = "type", default)]
    pub kind: i64,
    /// Category id.
    #[serde(alias = "categoryId", default, deserialize_with = "opt_exact_id")]
    pub category_id: Option<String>,
}

/// A page of public template titles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PubTemplateTitles {
    /// Total number of titles in the categories asked for.
    #[serde(default)]
    pub count: i64,
    /// This page.
    #[serde(default)]
    pub data: Vec<PubTemplateTitle>,
}

/// A keyword of a public template (`getpubtemplatekeywords`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PubTemplateKeyword {
    /// Keyword id, used in `kidList`.
    pub kid: i64,
    /// Label.
    #[serde(default)]
    pub name: String,
    /// Example value.
    #[serde(default)]
    pub example: String,
    /// The keyword type (`thing`, `time`, ...).
    #[serde(default)]
    pub rule: String,
}

/// Daily quota of one API (`/cgi-bin/openapi/quota/get`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Quota {
    /// Calls allowed per day.
    #[serde(default)]
    pub daily_limit: i64,
    /// Calls used today.
    #[serde(default)]
    pub used: i64,
    /// Calls left today.
    #[serde(default)]
    pub remain: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn send_body_wraps_values_and_always_has_state_and_lang() {
        let msg = SubscribeMessage {
            touser: "o1".into(),
            template_id: "T".into(),
            page: None,
            data: BTreeMap::from([("thing1".into(), "拿铁".into()), ("time2".into(), "10:00".into())]),
            miniprogram_state: MiniprogramState::default(),
            lang: Lang::default(),
        };
        let json = serde_json::to_string(&msg).unwrap();
        assert_eq!(
            json,
            r#"{"touser":"o1","template_id":"T","data":{"thing1":{"value":"拿铁"},"time2":{"value":"10:00"}},"miniprogram_state":"formal","lang":"zh_CN"}"#
        );
    }

    #[test]
    fn private_template_accepts_wechat_names() {
        let t: PrivateTemplate = serde_json::from_str(
            r#"{"priTmplId":"abc","title":"T","content":"a:{{enum_string2.DATA}}","example":"","type":2,
                "keywordEnumValueList":[{"keywordCode":"enum_string2.DATA","enumValueList":["x","y"]}]}"#,
        )
        .unwrap();
        assert_eq!(t.pri_tmpl_id, "abc");
        assert_eq!(t.kind, 2);
        assert_eq!(t.keyword_enum_value_list[0].enum_value_list, ["x", "y"]);
    }
}
