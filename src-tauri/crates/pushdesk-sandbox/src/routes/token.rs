//! `GET /cgi-bin/token` and `POST /cgi-bin/stable_token`.

use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tracing::instrument;

use crate::error::ApiError;
use crate::state::apps::App;
use crate::state::SandboxState;
use crate::tokens::Issued;

use super::{json_body, Params, Shared};

/// Classic token: every call issues a new token and starts the old one's 5-minute overlap.
#[instrument(skip_all, fields(appid = params.get("appid").map(String::as_str)))]
pub async fn classic(State(s): State<Shared>, Query(params): Query<Params>) -> Result<Json<Value>, ApiError> {
    s.stats.token_requests.fetch_add(1, Ordering::Relaxed);
    let app = credentials(
        &s,
        params.get("grant_type").map(String::as_str),
        params.get("appid").map(String::as_str),
        params.get("secret").map(String::as_str),
    )?;
    Ok(answer(s.tokens.issue_classic(&app.appid, &s.clock)))
}

#[derive(Debug, Deserialize)]
struct StableRequest {
    grant_type: Option<String>,
    appid: Option<String>,
    secret: Option<String>,
    #[serde(default)]
    force_refresh: bool,
}

/// Stable token: same token while it is valid; `force_refresh` limited to one per 30 s and 20
/// a day.
#[instrument(skip_all)]
pub async fn stable(State(s): State<Shared>, body: Bytes) -> Result<Json<Value>, ApiError> {
    s.stats.stable_token_requests.fetch_add(1, Ordering::Relaxed);
    let req: StableRequest = json_body(&body)?;
    let app = credentials(&s, req.grant_type.as_deref(), req.appid.as_deref(), req.secret.as_deref())?;
    let issued = s.tokens.issue_stable(&app.appid, req.force_refresh, &s.clock)?;
    if req.force_refresh {
        s.stats.stable_force_refreshes.fetch_add(1, Ordering::Relaxed);
    }
    Ok(answer(issued))
}

fn credentials<'a>(
    s: &'a SandboxState,
    grant_type: Option<&str>,
    appid: Option<&str>,
    secret: Option<&str>,
) -> Result<&'a App, ApiError> {
    if grant_type != Some("client_credential") {
        return Err(ApiError::InvalidGrantType);
    }
    let appid = appid.filter(|a| !a.is_empty()).ok_or(ApiError::AppidMissing)?;
    let app = s.apps.get(appid).ok_or(ApiError::InvalidAppid)?;
    let secret = secret.filter(|a| !a.is_empty()).ok_or(ApiError::SecretMissing)?;
    if secret != app.secret {
        return Err(ApiError::InvalidSecret);
    }
    Ok(app)
}

fn answer(issued: Issued) -> Json<Value> {
    Json(json!({ "access_token": issued.access_token, "expires_in": issued.expires_in }))
}
