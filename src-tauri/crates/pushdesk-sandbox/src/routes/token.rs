//! `GET /cgi-bin/token` and `POST /cgi-bin/stable_token`.

use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::{json, Value};
use tracing::instrument;

use crate::error::ApiError;
use crate::server::{ConnKill, Peer};
use crate::state::apps::App;
use crate::state::SandboxState;
use crate::token_faults::TokenFault;
use crate::tokens::Issued;

use super::failure::{drop_connection, gateway_page, peer_ip};
use super::{json_body, Params, Shared};

/// Request extensions a token fault needs: the connection to drop, the caller's IP to name.
type Conn = (Option<Extension<ConnKill>>, Option<Extension<Peer>>);

/// Classic token: every call issues a new token and starts the old one's 5-minute overlap.
#[instrument(skip_all, fields(appid = params.get("appid").map(String::as_str)))]
pub async fn classic(
    State(s): State<Shared>,
    kill: Option<Extension<ConnKill>>,
    peer: Option<Extension<Peer>>,
    Query(params): Query<Params>,
) -> Response {
    s.stats.token_requests.fetch_add(1, Ordering::Relaxed);
    if let Some(fault) = s.token_faults.next() {
        return answer_fault(&s, fault, (kill, peer)).await;
    }
    issue_classic(&s, &params).map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

fn issue_classic(s: &SandboxState, params: &Params) -> Result<Json<Value>, ApiError> {
    let app = credentials(
        s,
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
pub async fn stable(
    State(s): State<Shared>,
    kill: Option<Extension<ConnKill>>,
    peer: Option<Extension<Peer>>,
    body: Bytes,
) -> Response {
    s.stats.stable_token_requests.fetch_add(1, Ordering::Relaxed);
    if let Some(fault) = s.token_faults.next() {
        return answer_fault(&s, fault, (kill, peer)).await;
    }
    issue_stable(&s, &body).map_or_else(IntoResponse::into_response, IntoResponse::into_response)
}

fn issue_stable(s: &SandboxState, body: &[u8]) -> Result<Json<Value>, ApiError> {
    let req: StableRequest = json_body(body)?;
    let app = credentials(s, req.grant_type.as_deref(), req.appid.as_deref(), req.secret.as_deref())?;
    let issued = s.tokens.issue_stable(&app.appid, req.force_refresh, &s.clock)?;
    if req.force_refresh {
        s.stats.stable_force_refreshes.fetch_add(1, Ordering::Relaxed);
    }
    Ok(answer(issued))
}

/// A token call answered by an injected fault, before its credentials are even looked at (an
/// IP whitelist or an admin confirmation is checked first by WeChat too).
async fn answer_fault(s: &SandboxState, fault: TokenFault, (kill, peer): Conn) -> Response {
    s.stats.token_faults.fetch_add(1, Ordering::Relaxed);
    match fault {
        TokenFault::Errcode(code) => ApiError::injected(code, peer_ip(peer)).into_response(),
        TokenFault::Http(status) => {
            gateway_page(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        }
        TokenFault::DropConnection => drop_connection(kill).await,
    }
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
