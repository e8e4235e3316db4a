//! The Official Account's template APIs other than the send: its private templates and the
//! messages WeChat intercepted.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tracing::instrument;

use crate::error::ApiError;
use crate::state::apps::{App, AppKind};
use crate::state::official::OfficialAccount;
use crate::state::SandboxState;

use super::{authorize_kind, json_body, Params, Shared};

/// The Official Account a request's token belongs to: the token errors, or 48001 for a mini
/// program's token (WeChat grants Official Account APIs to Official Accounts only).
pub fn authorize_official<'a>(
    state: &'a SandboxState,
    params: &Params,
) -> Result<(&'a App, &'a OfficialAccount), ApiError> {
    let app = authorize_kind(state, params, AppKind::OfficialAccount)?;
    Ok((app, &state.official))
}

/// `GET /cgi-bin/template/get_all_private_template` →
/// `{"template_list":[{template_id,title,primary_industry,deputy_industry,content,example}]}`
/// (WeChat's answer has no errcode when it succeeds).
#[instrument(skip_all)]
pub async fn templates(
    State(s): State<Shared>,
    Query(params): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    let (_, oa) = authorize_official(&s, &params)?;
    let list: Vec<Value> = oa
        .templates
        .iter()
        .map(|t| {
            json!({
                "template_id": t.template_id,
                "title": t.title,
                "primary_industry": t.primary_industry,
                "deputy_industry": t.deputy_industry,
                "content": t.content,
                "example": t.example,
            })
        })
        .collect();
    Ok(Json(json!({ "template_list": list })))
}

/// WeChat's page size cap for `queryblocktmplmsg` ("单页查询的最大条数是100").
const MAX_INTERCEPTED_PAGE: u32 = 100;

#[derive(Debug, Deserialize)]
struct InterceptedRequest {
    tmpl_msg_id: Option<String>,
    #[serde(default)]
    largest_id: u32,
    limit: Option<u32>,
}

/// `POST /wxa/sec/queryblocktmplmsg {tmpl_msg_id, largest_id, limit}` →
/// `{"errcode":0,"errmsg":"ok","msginfo":[{id,tmpl_msg_id,title,content,send_timestamp,openid}]}`.
/// `tmpl_msg_id` names the template; `largest_id` is the last page's highest `id` (0 first).
/// WeChat's documentation shows `msginfo` as one object, but the API answers a list (an empty
/// one when nothing was intercepted), as a developer's capture on WeChat's forum shows.
#[instrument(skip_all)]
pub async fn intercepted(
    State(s): State<Shared>,
    Query(params): Query<Params>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let (_, oa) = authorize_official(&s, &params)?;
    let req: InterceptedRequest = json_body(&body)?;
    let tmpl_msg_id = req
        .tmpl_msg_id
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::ArgumentInvalid("tmpl_msg_id invalid".into()))?;
    let limit = req
        .limit
        .filter(|l| (1..=MAX_INTERCEPTED_PAGE).contains(l))
        .ok_or_else(|| ApiError::ArgumentInvalid("limit invalid".into()))?;
    let page = oa.intercepted.page(&tmpl_msg_id, req.largest_id, limit as usize);
    Ok(Json(json!({ "errcode": 0, "errmsg": "ok", "msginfo": page })))
}
