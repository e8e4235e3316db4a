//! HTTP routes: the WeChat API paths the sandbox serves, and its own `/__sandbox/` controls.

mod control;
mod control_official;
mod failure;
mod followers;
mod official;
mod quota;
mod send;
mod template_send;
mod templates;
mod token;

use std::collections::HashMap;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;

use crate::control::SandboxControl;
use crate::error::ApiError;
use crate::state::apps::{App, AppKind};
use crate::state::SandboxState;

/// State handed to every handler.
pub type Shared = Arc<SandboxState>;

/// Query parameters, leniently parsed as WeChat does.
pub type Params = HashMap<String, String>;

/// The whole API.
pub fn router(state: Shared) -> Router {
    let control = SandboxControl::new(state.clone());
    Router::new()
        .route("/cgi-bin/token", only_get(get(token::classic)))
        .route("/cgi-bin/stable_token", only_post(post(token::stable)))
        .route("/cgi-bin/message/subscribe/send", only_post(post(send::send)))
        // Retired mini program template message APIs (see routes/send.rs).
        .route("/cgi-bin/message/wxopen/template/send", only_post(post(send::retired)))
        .route("/cgi-bin/message/wxopen/template/uniform_send", only_post(post(send::retired)))
        .route("/cgi-bin/openapi/quota/get", only_post(post(quota::get)))
        .route("/wxaapi/newtmpl/gettemplate", only_get(get(templates::list)))
        .route("/wxaapi/newtmpl/getcategory", only_get(get(templates::categories)))
        .route("/wxaapi/newtmpl/getpubtemplatetitles", only_get(get(templates::pub_titles)))
        .route("/wxaapi/newtmpl/getpubtemplatekeywords", only_get(get(templates::pub_keywords)))
        .route("/wxaapi/newtmpl/addtemplate", only_post(post(templates::add)))
        .route("/wxaapi/newtmpl/deltemplate", only_post(post(templates::delete)))
        // The Official Account's APIs.
        .route("/cgi-bin/template/get_all_private_template", only_get(get(official::templates)))
        .route("/cgi-bin/message/template/send", only_post(post(template_send::send)))
        .route("/wxa/sec/queryblocktmplmsg", only_post(post(official::intercepted)))
        .route("/cgi-bin/user/get", only_get(get(followers::list)))
        .route("/cgi-bin/tags/get", only_get(get(followers::tags)))
        .route("/cgi-bin/user/tag/get", only_post(post(followers::tag_members)))
        .with_state(state)
        .nest("/__sandbox", control::router(control))
        .fallback(unknown_path)
}

fn only_get(r: MethodRouter<Shared>) -> MethodRouter<Shared> {
    r.fallback(|| async { ApiError::RequireGet })
}

fn only_post(r: MethodRouter<Shared>) -> MethodRouter<Shared> {
    r.fallback(|| async { ApiError::RequirePost })
}

/// WeChat answers an unknown API path with JSON (`40066 invalid url`), never an HTML page;
/// the 404 status makes a typo in an API base obvious in logs.
async fn unknown_path() -> Response {
    (StatusCode::NOT_FOUND, ApiError::InvalidUrl).into_response()
}

/// The mini program a request's `access_token` belongs to: 41001 / 40001 / 42001 otherwise, and
/// 48001 for an Official Account's token (WeChat grants mini program APIs to mini programs only).
pub fn authorize<'a>(state: &'a SandboxState, params: &Params) -> Result<&'a App, ApiError> {
    authorize_kind(state, params, AppKind::MiniProgram)
}

/// The account a request's `access_token` belongs to, if it is of the `kind` the API is granted
/// to (48001 otherwise).
pub fn authorize_kind<'a>(
    state: &'a SandboxState,
    params: &Params,
    kind: AppKind,
) -> Result<&'a App, ApiError> {
    let app = authorize_any(state, params)?;
    if app.kind != kind {
        return Err(ApiError::ApiUnauthorized);
    }
    Ok(app)
}

/// The account a request's `access_token` belongs to, whatever its kind.
pub fn authorize_any<'a>(state: &'a SandboxState, params: &Params) -> Result<&'a App, ApiError> {
    let appid = state.tokens.check(params.get("access_token").map(String::as_str), &state.clock)?;
    state.apps.get(&appid).ok_or(ApiError::TokenInvalid)
}

/// Parses a JSON body; anything unreadable is 47001 like WeChat, an empty body 44002.
pub fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::EmptyPostData);
    }
    serde_json::from_slice(body).map_err(|_| ApiError::DataFormat)
}
