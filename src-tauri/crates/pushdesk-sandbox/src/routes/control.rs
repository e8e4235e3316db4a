//! `/__sandbox/…`: the HTTP face of [`SandboxControl`], for standalone runs and end-to-end
//! tests. Every POST takes a JSON body and answers `{"ok":true}` or 400 `{"ok":false,"error"}`.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

use crate::control::SandboxControl;
use crate::faults::{Fault, FaultSpec};
use crate::DEMO_APPID;

use super::Params;

pub fn router(control: SandboxControl) -> Router {
    Router::new()
        .route("/stats", get(stats))
        .route("/accepted", get(accepted))
        .route("/subscriptions", get(subscriptions))
        .route("/reset_stats", post(reset_stats))
        .route("/expire_tokens", post(expire_tokens))
        .route("/advance_clock", post(advance_clock))
        .route("/faults", post(queue_faults))
        .route("/faults/clear", post(clear_faults))
        .route("/fault_rate", post(fault_rate))
        .route("/latency", post(latency))
        .route("/limits", post(limits))
        .route("/hold", post(hold))
        .route("/grant", post(grant))
        .route("/revoke", post(revoke))
        .route("/other_app", post(other_app))
        .with_state(control)
}

type Ctl = State<SandboxControl>;

fn ok() -> Response {
    Json(json!({ "ok": true })).into_response()
}

fn bad(error: impl std::fmt::Display) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "ok": false, "error": error.to_string() }))).into_response()
}

/// Parses a control body; an empty body means `{}`.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    serde_json::from_slice(body)
}

async fn stats(State(c): Ctl) -> Response {
    Json(c.stats()).into_response()
}

/// `GET /__sandbox/accepted?openid=` → `{"openid","accepted"}`.
async fn accepted(State(c): Ctl, Query(p): Query<Params>) -> Response {
    let Some(openid) = p.get("openid") else {
        return bad("openid required");
    };
    Json(json!({ "openid": openid, "accepted": c.accepted_for(openid) })).into_response()
}

/// `GET /__sandbox/subscriptions?openid=&template_id=[&appid=]` → `{"remaining"}`.
async fn subscriptions(State(c): Ctl, Query(p): Query<Params>) -> Response {
    let (Some(openid), Some(template_id)) = (p.get("openid"), p.get("template_id")) else {
        return bad("openid and template_id required");
    };
    let appid = p.get("appid").map_or(DEMO_APPID, String::as_str);
    Json(json!({ "remaining": c.subscriptions_left_in(appid, openid, template_id) })).into_response()
}

async fn reset_stats(State(c): Ctl) -> Response {
    c.reset_stats();
    ok()
}

async fn expire_tokens(State(c): Ctl) -> Response {
    c.expire_tokens();
    ok()
}

#[derive(Deserialize)]
struct Seconds {
    seconds: u64,
}

/// `{"seconds":N}`
async fn advance_clock(State(c): Ctl, body: Bytes) -> Response {
    match parse::<Seconds>(&body) {
        Ok(s) => {
            c.advance_clock(Duration::from_secs(s.seconds));
            ok()
        }
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct QueueFaults {
    #[serde(flatten)]
    spec: FaultSpec,
    #[serde(default = "one")]
    count: usize,
}

fn one() -> usize {
    1
}

/// `{"fault":"system_busy"|"http500"|"http502"|"drop_connection"|"slow_response"|"errcode",
/// "ms":N, "errcode":N, "count":N}`
async fn queue_faults(State(c): Ctl, body: Bytes) -> Response {
    let req = match parse::<QueueFaults>(&body) {
        Ok(r) => r,
        Err(e) => return bad(e),
    };
    match Fault::try_from(&req.spec) {
        Ok(fault) => {
            c.queue_fault(fault, req.count);
            ok()
        }
        Err(e) => bad(e),
    }
}

async fn clear_faults(State(c): Ctl) -> Response {
    c.clear_faults();
    ok()
}

#[derive(Deserialize)]
struct Rate {
    rate: f64,
}

/// `{"rate":0.05}`
async fn fault_rate(State(c): Ctl, body: Bytes) -> Response {
    match parse::<Rate>(&body) {
        Ok(r) if (0.0..=1.0).contains(&r.rate) => {
            c.set_fault_rate(r.rate);
            ok()
        }
        Ok(_) => bad("rate must be between 0 and 1"),
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct Millis {
    ms: u64,
}

/// `{"ms":50}`
async fn latency(State(c): Ctl, body: Bytes) -> Response {
    match parse::<Millis>(&body) {
        Ok(m) => {
            c.set_latency(Duration::from_millis(m.ms));
            ok()
        }
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct LimitsReq {
    per_minute: Option<u32>,
    daily: Option<u64>,
}

/// `{"per_minute":N|null, "daily":N|null}`; a missing or null field clears that limit.
async fn limits(State(c): Ctl, body: Bytes) -> Response {
    match parse::<LimitsReq>(&body) {
        Ok(l) => {
            c.set_limits(l.per_minute, l.daily);
            ok()
        }
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct HoldReq {
    hold: bool,
}

/// `{"hold":true|false}`
async fn hold(State(c): Ctl, body: Bytes) -> Response {
    match parse::<HoldReq>(&body) {
        Ok(h) => {
            c.hold_sends(h.hold);
            ok()
        }
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct Subscription {
    #[serde(default)]
    appid: Option<String>,
    openid: String,
    template_id: String,
    #[serde(default = "one_u32")]
    count: u32,
}

fn one_u32() -> u32 {
    1
}

/// `{"openid","template_id","count"=1[,"appid"]}`: adds authorisations.
async fn grant(State(c): Ctl, body: Bytes) -> Response {
    match parse::<Subscription>(&body) {
        Ok(s) => {
            let appid = s.appid.as_deref().unwrap_or(DEMO_APPID);
            c.grant_in(appid, &s.openid, &s.template_id, s.count);
            ok()
        }
        Err(e) => bad(e),
    }
}

/// `{"openid","template_id"[,"appid"]}`: removes every authorisation (→ 43101).
async fn revoke(State(c): Ctl, body: Bytes) -> Response {
    match parse::<Subscription>(&body) {
        Ok(s) => {
            let appid = s.appid.as_deref().unwrap_or(DEMO_APPID);
            c.set_subscriptions_in(appid, &s.openid, &s.template_id, 0);
            ok()
        }
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct OtherApp {
    openids: Vec<String>,
    #[serde(default = "yes")]
    other_app: bool,
}

fn yes() -> bool {
    true
}

/// `{"openids":[…], "other_app":true}`: sends to these openids answer 40003 (false undoes it).
async fn other_app(State(c): Ctl, body: Bytes) -> Response {
    match parse::<OtherApp>(&body) {
        Ok(o) => {
            for openid in &o.openids {
                c.set_other_app(openid, o.other_app);
            }
            ok()
        }
        Err(e) => bad(e),
    }
}
