//! `POST /cgi-bin/openapi/quota/get`.

use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tracing::instrument;

use crate::error::ApiError;
use crate::state::apps::AppKind;

use super::{authorize_any, json_body, Params, Shared};

#[derive(Debug, Deserialize)]
struct QuotaRequest {
    cgi_path: Option<String>,
}

/// Daily quota of one API for the calling app.
#[instrument(skip_all)]
pub async fn get(
    State(s): State<Shared>,
    Query(params): Query<Params>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    // Both kinds of account may ask; each about the send API it has.
    let app = authorize_any(&s, &params)?;
    let req: QuotaRequest = json_body(&body)?;
    let (daily_limit, used) = match (req.cgi_path.as_deref(), app.kind) {
        (Some("/cgi-bin/message/subscribe/send"), AppKind::MiniProgram)
        | (Some("/cgi-bin/message/template/send"), AppKind::OfficialAccount) => {
            app.limits.daily_usage(&s.clock)
        }
        (Some("/cgi-bin/token"), _) => (2000, s.stats.token_requests.load(Ordering::Relaxed)),
        (Some("/cgi-bin/stable_token"), _) => {
            (500_000, s.stats.stable_token_requests.load(Ordering::Relaxed))
        }
        _ => return Err(ApiError::CgiPathNotFound),
    };
    Ok(Json(json!({
        "errcode": 0,
        "errmsg": "ok",
        "quota": {
            "daily_limit": daily_limit,
            "used": used,
            "remain": daily_limit.saturating_sub(used),
        }
    })))
}
