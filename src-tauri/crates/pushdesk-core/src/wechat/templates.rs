//! Template management APIs (`/wxaapi/newtmpl/...`) and the quota API.

use reqwest::Method;
use serde::Deserialize;
use tracing::instrument;

use super::client::{Call, WechatClient};
use super::error::{Phase, WechatError};
use super::types::{Category, PrivateTemplate, PubTemplateKeyword, PubTemplateTitles, Quota};
use crate::Bilingual;

/// Largest page `getpubtemplatetitles` accepts.
pub const MAX_TITLES_PAGE: u32 = 30;
/// Longest `sceneDesc` `addtemplate` accepts, in characters.
pub const MAX_SCENE_DESC_CHARS: usize = 15;

#[derive(Deserialize)]
struct DataList<T> {
    #[serde(default = "Vec::new")]
    data: Vec<T>,
}

#[derive(Deserialize)]
struct Added {
    #[serde(alias = "priTmplId")]
    pri_tmpl_id: String,
}

#[derive(Deserialize)]
struct QuotaAnswer {
    quota: Quota,
}

fn get(path: &'static str, query: Vec<(&'static str, String)>) -> Call<'static> {
    Call { phase: Phase::Template, method: Method::GET, path, query, body: None }
}

fn post(path: &'static str, body: serde_json::Value) -> Call<'static> {
    Call {
        phase: Phase::Template,
        method: Method::POST,
        path,
        query: Vec::new(),
        body: Some(body.to_string()),
    }
}

impl WechatClient {
    /// The account's private templates, with the allowed values of enum keywords.
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn get_templates(&self) -> Result<Vec<PrivateTemplate>, WechatError> {
        let answer =
            self.call::<DataList<PrivateTemplate>>(get("/wxaapi/newtmpl/gettemplate", Vec::new())).await?;
        Ok(answer.value.data)
    }

    /// The account's service categories.
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn get_categories(&self) -> Result<Vec<Category>, WechatError> {
        let answer = self.call::<DataList<Category>>(get("/wxaapi/newtmpl/getcategory", Vec::new())).await?;
        Ok(answer.value.data)
    }

    /// One page of public library titles in the given categories. `limit` is 1..=30.
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn get_pub_template_titles(
        &self,
        category_ids: &[String],
        start: u32,
        limit: u32,
    ) -> Result<PubTemplateTitles, WechatError> {
        if limit == 0 || limit > MAX_TITLES_PAGE {
            return Err(WechatError::InvalidArgument(Bilingual::new(
                format!("limit must be between 1 and {MAX_TITLES_PAGE} (got {limit})"),
                format!("每页数量必须在 1 到 {MAX_TITLES_PAGE} 之间（现在是 {limit}）"),
            )));
        }
        if category_ids.is_empty() {
            return Err(WechatError::InvalidArgument(Bilingual::new(
                "choose at least one category",
                "请至少选择一个类目",
            )));
        }
        let query =
            vec![("ids", category_ids.join(",")), ("start", start.to_string()), ("limit", limit.to_string())];
        let answer =
            self.call::<PubTemplateTitles>(get("/wxaapi/newtmpl/getpubtemplatetitles", query)).await?;
        Ok(answer.value)
    }

    /// The keywords of a public template title.
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn get_pub_template_keywords(&self, tid: &str) -> Result<Vec<PubTemplateKeyword>, WechatError> {
        let query = vec![("tid", tid.to_owned())];
        let answer = self
            .call::<DataList<PubTemplateKeyword>>(get("/wxaapi/newtmpl/getpubtemplatekeywords", query))
            .await?;
        Ok(answer.value.data)
    }

    /// Adds a private template from a public title with 2 to 5 keywords; returns its
    /// `priTmplId`. `scene_desc` (how it is used) is at most 15 characters.
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn add_template(
        &self,
        tid: &str,
        kid_list: &[i64],
        scene_desc: &str,
    ) -> Result<String, WechatError> {
        if !(2..=5).contains(&kid_list.len()) {
            return Err(WechatError::InvalidArgument(Bilingual::new(
                format!("choose 2 to 5 keywords (got {})", kid_list.len()),
                format!("请选择 2 到 5 个关键词（现在选了 {} 个）", kid_list.len()),
            )));
        }
        let scene_chars = scene_desc.chars().count();
        if scene_chars > MAX_SCENE_DESC_CHARS {
            return Err(WechatError::InvalidArgument(Bilingual::new(
                format!(
                    "the scene description is at most {MAX_SCENE_DESC_CHARS} characters (got {scene_chars})"
                ),
                format!("场景说明最多 {MAX_SCENE_DESC_CHARS} 个字（现在有 {scene_chars} 个）"),
            )));
        }
        let body = serde_json::json!({ "tid": tid, "kidList": kid_list, "sceneDesc": scene_desc });
        let answer = self.call::<Added>(post("/wxaapi/newtmpl/addtemplate", body)).await?;
        Ok(answer.value.pri_tmpl_id)
    }

    /// Deletes a private template.
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn delete_template(&self, pri_tmpl_id: &str) -> Result<(), WechatError> {
        let body = serde_json::json!({ "priTmplId": pri_tmpl_id });
        self.call::<serde_json::Value>(post("/wxaapi/newtmpl/deltemplate", body)).await.map(|_| ())
    }

    /// Today's quota of an API, e.g. `/cgi-bin/message/subscribe/send`.
    #[instrument(skip(self), fields(appid = %self.appid()))]
    pub async fn get_quota(&self, cgi_path: &str) -> Result<Quota, WechatError> {
        let body = serde_json::json!({ "cgi_path": cgi_path });
        let call = Call { phase: Phase::Query, ..post("/cgi-bin/openapi/quota/get", body) };
        let answer = self.call::<QuotaAnswer>(call).await?;
        Ok(answer.value.quota)
    }
}
