//! `/wxaapi/newtmpl/…`: private templates, categories and the public template library.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tracing::instrument;

use crate::demo::{categories as demo_categories, public_library, PubTitle};
use crate::error::ApiError;
use crate::state::read;

use super::{authorize, json_body, Params, Shared};

/// `GET gettemplate`: the account's private templates.
#[instrument(skip_all)]
pub async fn list(State(s): State<Shared>, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    let app = authorize(&s, &params)?;
    let data: Vec<Value> = read(&app.templates)
        .iter()
        .map(|t| {
            let mut v = json!({
                "priTmplId": t.pri_tmpl_id,
                "title": t.title,
                "content": t.content,
                "example": t.example,
                "type": t.kind,
            });
            // WeChat only includes the list for templates that have enum keywords.
            if !t.enums.is_empty() {
                v["keywordEnumValueList"] = json!(t.enums);
            }
            v
        })
        .collect();
    Ok(Json(json!({ "errcode": 0, "errmsg": "ok", "data": data })))
}

/// `GET getcategory`: the account's service categories.
#[instrument(skip_all)]
pub async fn categories(
    State(s): State<Shared>,
    Query(params): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    authorize(&s, &params)?;
    Ok(Json(json!({ "errcode": 0, "errmsg": "ok", "data": demo_categories() })))
}

/// `GET getpubtemplatetitles?ids=&start=&limit=`: library titles of some categories, paged.
#[instrument(skip_all)]
pub async fn pub_titles(
    State(s): State<Shared>,
    Query(params): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    authorize(&s, &params)?;
    let ids = params.get("ids").filter(|i| !i.is_empty()).ok_or(ApiError::CategoryIdsMissing)?;
    let ids: Vec<u32> = ids
        .split(',')
        .map(|i| i.trim().parse())
        .collect::<Result<_, _>>()
        .map_err(|_| ApiError::CategoryIdsInvalid)?;
    let start: usize = match params.get("start") {
        None => 0,
        Some(v) => v.parse().map_err(|_| ApiError::InvalidStart)?,
    };
    let limit: usize = params
        .get("limit")
        .and_then(|v| v.parse().ok())
        .filter(|l| (1..=30).contains(l))
        .ok_or(ApiError::InvalidLimit)?;
    let matching: Vec<PubTitle> =
        public_library().into_iter().filter(|t| ids.contains(&t.category_id)).collect();
    let data: Vec<Value> = matching
        .iter()
        .skip(start)
        .take(limit)
        .map(|t| {
            json!({
                "tid": t.tid,
                "title": t.title,
                "type": t.kind,
                "categoryId": t.category_id.to_string(),
            })
        })
        .collect();
    Ok(Json(json!({
        "errcode": 0,
        "errmsg": "ok",
        "count": matching.len(),
        "data": data,
    })))
}

/// `GET getpubtemplatekeywords?tid=`: the keywords a library title offers.
#[instrument(skip_all)]
pub async fn pub_keywords(
    State(s): State<Shared>,
    Query(params): Query<Params>,
) -> Result<Json<Value>, ApiError> {
    authorize(&s, &params)?;
    let title = params
        .get("tid")
        .and_then(|t| t.parse::<u32>().ok())
        .and_then(find_title)
        .ok_or(ApiError::InvalidTid)?;
    Ok(Json(json!({
        "errcode": 0,
        "errmsg": "ok",
        "count": title.keywords.len(),
        "data": title.keywords,
    })))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddRequest {
    /// WeChat's examples show `tid` both as a number and as a string.
    tid: Option<Value>,
    #[serde(default)]
    kid_list: Vec<u32>,
    #[serde(default)]
    scene_desc: String,
}

/// `POST addtemplate {tid, kidList, sceneDesc}` → `priTmplId`.
#[instrument(skip_all)]
pub async fn add(
    State(s): State<Shared>,
    Query(params): Query<Params>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let app = authorize(&s, &params)?;
    let req: AddRequest = json_body(&body)?;
    let tid = match req.tid {
        Some(Value::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Some(Value::String(t)) => t.trim().parse().ok(),
        _ => None,
    };
    let title = tid.and_then(find_title).ok_or(ApiError::InvalidTid)?;
    let id = app.add_template(&title, &req.kid_list, &req.scene_desc)?;
    Ok(Json(json!({ "errcode": 0, "errmsg": "ok", "priTmplId": id })))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeleteRequest {
    pri_tmpl_id: Option<String>,
}

/// `POST deltemplate {priTmplId}`.
#[instrument(skip_all)]
pub async fn delete(
    State(s): State<Shared>,
    Query(params): Query<Params>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let app = authorize(&s, &params)?;
    let req: DeleteRequest = json_body(&body)?;
    let id = req.pri_tmpl_id.unwrap_or_default();
    if !app.delete_template(&id) {
        return Err(ApiError::InvalidTemplateId);
    }
    Ok(Json(json!({ "errcode": 0, "errmsg": "ok" })))
}

fn find_title(tid: u32) -> Option<PubTitle> {
    public_library().into_iter().find(|t| t.tid == tid)
}
