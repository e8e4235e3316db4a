//! The Official Account's followers and tags: `user/get`, `tags/get`, `user/tag/get`.
//!
//! Paging follows WeChat: at most 10 000 openids a page; `next_openid` is the page's last openid,
//! even on the last page, so a client learns it is done from the next call, which answers
//! `count` 0, `next_openid` "" and no `data` (a loop that waits for an empty `next_openid` ends
//! one call later; one that stops at `count` < 10 000 ends at once).

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tracing::instrument;

use crate::demo_official::oa_tags;
use crate::error::ApiError;
use crate::state::audience::Page;

use super::official::authorize_official;
use super::{json_body, Params, Shared};

/// WeChat's page size ("一次拉取调用最多拉取10000个关注者的OpenID").
pub const FOLLOWERS_PER_PAGE: usize = 10_000;

/// `GET /cgi-bin/user/get?next_openid=` → `{"total","count","data":{"openid":[…]},"next_openid"}`.
#[instrument(skip_all)]
pub async fn list(State(s): State<Shared>, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    let (_, oa) = authorize_official(&s, &params)?;
    let after = params.get("next_openid").map_or("", String::as_str);
    let page = oa.audience.page(None, after, FOLLOWERS_PER_PAGE)?;
    let mut answer = page_json(page);
    answer["total"] = json!(oa.audience.count(None));
    Ok(Json(answer))
}

/// `GET /cgi-bin/tags/get` → `{"tags":[{"id","name","count"}]}`: `count` is the tag's followers.
#[instrument(skip_all)]
pub async fn tags(State(s): State<Shared>, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    let (_, oa) = authorize_official(&s, &params)?;
    let tags: Vec<Value> = oa_tags()
        .into_iter()
        .map(|t| json!({ "id": t.id, "name": t.name, "count": oa.audience.count(Some(t.id)) }))
        .collect();
    Ok(Json(json!({ "tags": tags })))
}

#[derive(Debug, Deserialize)]
struct TagMembersRequest {
    tagid: Option<u32>,
    #[serde(default)]
    next_openid: String,
}

/// `POST /cgi-bin/user/tag/get {tagid, next_openid}` → `{"count","data":{"openid":[…]},"next_openid"}`
/// (no `total`); a tag the account lacks is 45159 "invalid tag id".
#[instrument(skip_all)]
pub async fn tag_members(
    State(s): State<Shared>,
    Query(params): Query<Params>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let (_, oa) = authorize_official(&s, &params)?;
    let req: TagMembersRequest = json_body(&body)?;
    let tag = req.tagid.filter(|id| oa_tags().iter().any(|t| t.id == *id)).ok_or(ApiError::InvalidTagId)?;
    let page = oa.audience.page(Some(tag), &req.next_openid, FOLLOWERS_PER_PAGE)?;
    Ok(Json(page_json(page)))
}

fn page_json(page: Page) -> Value {
    if page.openids.is_empty() {
        return json!({ "count": 0, "next_openid": "" });
    }
    json!({
        "count": page.openids.len(),
        "data": { "openid": page.openids },
        "next_openid": page.next_openid,
    })
}
