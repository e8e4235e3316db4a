//! The Official Account (服务号) APIs besides the send: its template list, its followers and
//! their tags. Every call is a read that may simply be asked again.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::client::{Call, WechatClient};
use super::error::{Phase, WechatError};
use super::lenient::exact_id;

/// Followers WeChat lists per page (`user/get`, `user/tag/get`).
pub const FOLLOWERS_PAGE: usize = 10_000;

/// A template of the Official Account (`get_all_private_template`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialTemplate {
    /// The template id used for sending.
    pub template_id: String,
    /// Title shown on the card.
    #[serde(default)]
    pub title: String,
    /// The account's main industry when the template was added.
    #[serde(default)]
    pub primary_industry: String,
    /// Its second industry.
    #[serde(default)]
    pub deputy_industry: String,
    /// `"商品名称:{{thing1.DATA}}\n..."`, or the legacy `{{first.DATA}}…{{remark.DATA}}` form.
    #[serde(default)]
    pub content: String,
    /// An example rendering.
    #[serde(default)]
    pub example: String,
}

/// One page of followers (of the account, or of a tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowerPage {
    /// Followers in all (of the account; of a tag WeChat gives no total).
    pub total: Option<u64>,
    /// This page's openids.
    pub openids: Vec<String>,
    /// Where the next page starts; `None` when this page was the last.
    pub next_openid: Option<String>,
}

/// A follower tag of the account (`tags/get`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FollowerTag {
    /// Tag id (2 is WeChat's own 星标组), as text: WeChat writes it as a number.
    #[serde(deserialize_with = "exact_id")]
    #[specta(type = String)]
    pub id: String,
    /// Tag name.
    pub name: String,
    /// Followers with the tag.
    #[serde(default)]
    pub count: u64,
}

/// A template message WeChat intercepted as purely promotional (`queryblocktmplmsg`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BlockedMessage {
    /// WeChat's id of the interception record: where the next page starts.
    #[serde(deserialize_with = "exact_id")]
    pub id: String,
    /// The template.
    #[serde(default)]
    pub tmpl_msg_id: String,
    /// The recipient.
    #[serde(default)]
    pub openid: String,
    /// When it was sent (unix seconds).
    #[serde(default)]
    pub send_timestamp: i64,
}

/// Intercepted messages asked for per page (WeChat's most).
pub const BLOCKED_PAGE: usize = 100;

#[derive(Deserialize)]
struct BlockedAnswer {
    // WeChat's document shows one object where real answers carry a list: both are read.
    #[serde(default)]
    msginfo: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct TemplateList {
    #[serde(default)]
    template_list: Vec<OfficialTemplate>,
}

#[derive(Deserialize)]
struct TagList {
    #[serde(default)]
    tags: Vec<FollowerTag>,
}

#[derive(Deserialize, Default)]
struct OpenidList {
    #[serde(default)]
    openid: Vec<String>,
}

#[derive(Deserialize)]
struct FollowersAnswer {
    #[serde(default)]
    total: Option<u64>,
    // WeChat leaves `data` out of a page with no openid.
    #[serde(default)]
    data: Option<OpenidList>,
    #[serde(default)]
    next_openid: Option<String>,
}

impl FollowersAnswer {
    fn into_page(self) -> FollowerPage {
        let openids = self.data.unwrap_or_default().openid;
        // WeChat's last page names its own last openid as `next_openid` (asking from there
        // gives an empty page), and an empty page names none: a page shorter than a full one,
        // or an empty one, ends the list.
        let next_openid = self.next_openid.filter(|n| !n.is_empty() && openids.len() >= FOLLOWERS_PAGE);
        FollowerPage { total: self.total, openids, next_openid }
    }
}

fn query(phase: Phase, method: Method, path: &'static str) -> Call<'static> {
    Call { phase, method, path, query: Vec::new(), body: None }
}

impl WechatClient {
    /// The Official Account's templates.
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn get_official_templates(&self) -> Result<Vec<OfficialTemplate>, WechatError> {
        let call = query(Phase::Template, Method::GET, "/cgi-bin/template/get_all_private_template");
        Ok(self.call::<TemplateList>(call).await?.value.template_list)
    }

    /// The account's follower tags.
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn get_follower_tags(&self) -> Result<Vec<FollowerTag>, WechatError> {
        Ok(self.call::<TagList>(query(Phase::Query, Method::GET, "/cgi-bin/tags/get")).await?.value.tags)
    }

    /// One page of the account's followers, from `next_openid` (the first page without one).
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn get_followers(&self, next_openid: Option<&str>) -> Result<FollowerPage, WechatError> {
        let mut call = query(Phase::Query, Method::GET, "/cgi-bin/user/get");
        call.query.push(("next_openid", next_openid.unwrap_or_default().to_string()));
        Ok(self.call::<FollowersAnswer>(call).await?.value.into_page())
    }

    /// One page of the messages of template `template_id` WeChat intercepted, after the record
    /// `largest_id` (none: from the start).
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn get_blocked_messages(
        &self,
        template_id: &str,
        largest_id: Option<&str>,
    ) -> Result<Vec<BlockedMessage>, WechatError> {
        let mut call = query(Phase::Query, Method::POST, "/wxa/sec/queryblocktmplmsg");
        let largest: serde_json::Value =
            largest_id.and_then(|id| id.parse::<u64>().ok()).map_or(0.into(), serde_json::Value::from);
        let body =
            serde_json::json!({ "tmpl_msg_id": template_id, "largest_id": largest, "limit": BLOCKED_PAGE });
        call.body = Some(body.to_string());
        let answer = self.call::<BlockedAnswer>(call).await?.value;
        let list = match answer.msginfo {
            Some(serde_json::Value::Array(items)) => items,
            Some(one @ serde_json::Value::Object(_)) => vec![one],
            _ => Vec::new(),
        };
        // An entry that cannot be read names no row to mark: left out rather than failing all.
        Ok(list.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect())
    }

    /// One page of the followers with tag `tag_id`, from `next_openid`.
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn get_tag_followers(
        &self,
        tag_id: &str,
        next_openid: Option<&str>,
    ) -> Result<FollowerPage, WechatError> {
        let mut call = query(Phase::Query, Method::POST, "/cgi-bin/user/tag/get");
        // WeChat's tag ids are numbers in JSON; a tag listed by `tags/get` always is one.
        let tagid: serde_json::Value =
            tag_id.parse::<u64>().map_or_else(|_| tag_id.into(), serde_json::Value::from);
        let body = serde_json::json!({ "tagid": tagid, "next_openid": next_openid.unwrap_or_default() });
        call.body = Some(body.to_string());
        Ok(self.call::<FollowersAnswer>(call).await?.value.into_page())
    }
}
