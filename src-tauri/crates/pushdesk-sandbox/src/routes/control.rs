//! `/__sandbox/…`: the HTTP face of [`SandboxControl`], for standalone runs and end-to-end
//! tests. Every POST takes a JSON body and answers `{"ok":true}` or 400 `{"ok":false,"error"}`.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

use crate::control::SandboxControl;
use crate::faults::{Fault, FaultSpec};
use crate::pushes::{json_lines, xml_lines, PopupItem, PushQuery};
use crate::token_faults::TokenFault;
use crate::DEMO_APPID;

use super::Params;

pub fn router(control: SandboxControl) -> Router {
    Router::new()
        .route("/stats", get(stats))
        .route("/accepted", get(accepted))
        .route("/per_openid", get(per_openid))
        .route("/delivered_unanswered", get(delivered_unanswered))
        .route("/subscriptions", get(subscriptions))
        .route("/reset_stats", post(reset_stats))
        .route("/expire_tokens", post(expire_tokens))
        .route("/advance_clock", post(advance_clock))
        .route("/faults", post(queue_faults))
        .route("/faults/clear", post(clear_faults))
        .route("/fault_rate", post(fault_rate))
        .route("/after_delivery_fault_rate", post(after_delivery_fault_rate))
        .route("/async_failure_rate", post(async_failure_rate))
        .route("/token_faults", post(queue_token_faults))
        .route("/token_faults/clear", post(clear_token_faults))
        .route("/refuse_connections", post(refuse_connections))
        .route("/latency", post(latency))
        .route("/limits", post(limits))
        .route("/hold", post(hold))
        .route("/grant", post(grant))
        .route("/revoke", post(revoke))
        .route("/popup", post(popup))
        .route("/pushes", get(pushes))
        .route("/pushes/clear", post(clear_pushes))
        .route("/other_app", post(other_app))
        .merge(super::control_official::router())
        .with_state(control)
}

type Ctl = State<SandboxControl>;

pub(super) fn ok() -> Response {
    Json(json!({ "ok": true })).into_response()
}

pub(super) fn bad(error: impl std::fmt::Display) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "ok": false, "error": error.to_string() }))).into_response()
}

/// Parses a control body; an empty body means `{}`.
pub(super) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    serde_json::from_slice(body)
}

async fn stats(State(c): Ctl) -> Response {
    Json(c.stats()).into_response()
}

/// `GET /__sandbox/accepted?openid=` →
/// `{"openid","accepted","received","delivered_unanswered"}` (`accepted` = delivered).
async fn accepted(State(c): Ctl, Query(p): Query<Params>) -> Response {
    let Some(openid) = p.get("openid") else {
        return bad("openid required");
    };
    let counts = c.openid_counts(openid);
    Json(json!({
        "openid": openid,
        "accepted": counts.delivered,
        "received": counts.received,
        "delivered_unanswered": counts.delivered_unanswered,
    }))
    .into_response()
}

/// `GET /__sandbox/per_openid` → `{"<openid>": {"received","delivered","delivered_unanswered"}}`
/// for every openid named in a send since the last reset (large after a load test).
async fn per_openid(State(c): Ctl) -> Response {
    Json(c.per_openid()).into_response()
}

/// `GET /__sandbox/delivered_unanswered` → `{"<openid>": N}`: deliveries answered by a fault
/// after delivery, only openids with at least one.
async fn delivered_unanswered(State(c): Ctl) -> Response {
    Json(c.delivered_unanswered_per_openid()).into_response()
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

/// `{"fault":NAME, "ms":N, "errcode":N, "count":N}`; names in [`FaultSpec::fault`]: before
/// delivery `system_busy`, `http500`, `http502`, `drop_connection`, `errcode` (also spelled
/// `…_before_delivery`), `slow_response`, after delivery `http502_after_delivery`,
/// `http504_after_delivery`, `drop_after_delivery`.
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

/// `{"fault":"errcode","errcode":89503,"count":N}`, `{"fault":"http502"}` (also `http500`,
/// `http503`, `http504`, or `"http"` with `"status"`), `{"fault":"drop_connection"}`: the next
/// N calls of either token endpoint.
async fn queue_token_faults(State(c): Ctl, body: Bytes) -> Response {
    let req = match parse::<QueueFaults>(&body) {
        Ok(r) => r,
        Err(e) => return bad(e),
    };
    match TokenFault::try_from(&req.spec) {
        Ok(fault) => {
            c.queue_token_fault(fault, req.count);
            ok()
        }
        Err(e) => bad(e),
    }
}

async fn clear_token_faults(State(c): Ctl) -> Response {
    c.clear_token_faults();
    ok()
}

/// Longest refusal over HTTP: a typo must not lock a test out for long.
const MAX_REFUSE_MS: u64 = 600_000;

/// `{"ms":N}`: refuse connections for N ms (at most 10 minutes), then listen again. Only a
/// timed form over HTTP: while refusing, these endpoints are unreachable too. This request
/// itself is answered (its connection closes after the answer).
async fn refuse_connections(State(c): Ctl, body: Bytes) -> Response {
    match parse::<Millis>(&body) {
        Ok(m) if m.ms <= MAX_REFUSE_MS => match c.refuse_connections_for(Duration::from_millis(m.ms)).await {
            Ok(()) => ok(),
            Err(e) => {
                (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({ "ok": false, "error": e.to_string() })))
                    .into_response()
            }
        },
        Ok(_) => bad(format!("ms must be at most {MAX_REFUSE_MS}")),
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct Rate {
    rate: f64,
}

/// `{"rate":0.05}`: random faults before delivery.
async fn fault_rate(State(c): Ctl, body: Bytes) -> Response {
    set_rate(&body, |rate| c.set_fault_rate(rate))
}

/// `{"rate":0.05}`: random faults after delivery.
async fn after_delivery_fault_rate(State(c): Ctl, body: Bytes) -> Response {
    set_rate(&body, |rate| c.set_after_delivery_fault_rate(rate))
}

/// `{"rate":0.05}`: asynchronous failures reported by the sent-event pushes.
async fn async_failure_rate(State(c): Ctl, body: Bytes) -> Response {
    set_rate(&body, |rate| c.set_async_failure_rate(rate))
}

fn set_rate(body: &[u8], set: impl FnOnce(f64)) -> Response {
    match parse::<Rate>(body) {
        Ok(r) if (0.0..=1.0).contains(&r.rate) => {
            set(r.rate);
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

/// `{"openid","template_id"[,"appid"]}`: 拒收 — removes every authorisation (→ 43101) and
/// records a change push.
async fn revoke(State(c): Ctl, body: Bytes) -> Response {
    match parse::<Subscription>(&body) {
        Ok(s) => {
            let appid = s.appid.as_deref().unwrap_or(DEMO_APPID);
            c.revoke_in(appid, &s.openid, &s.template_id);
            ok()
        }
        Err(e) => bad(e),
    }
}

#[derive(Deserialize)]
struct Popup {
    #[serde(default)]
    appid: Option<String>,
    openid: String,
    list: Vec<PopupItem>,
}

/// `{"openid","list":[{"template_id","status":"accept"|"reject","popup_scene"=0}][,"appid"]}`:
/// one popup answered; each accept adds an authorisation.
async fn popup(State(c): Ctl, body: Bytes) -> Response {
    match parse::<Popup>(&body) {
        Ok(p) if p.list.is_empty() => bad("list must name at least one template"),
        Ok(p) => {
            c.popup_in(p.appid.as_deref().unwrap_or(DEMO_APPID), &p.openid, &p.list);
            ok()
        }
        Err(e) => bad(e),
    }
}

/// Header naming the `seq` of the last push in a `GET pushes` answer (the `after` given when
/// there is none), to ask for what follows next time.
const LAST_SEQ: HeaderName = HeaderName::from_static("x-sandbox-last-seq");

/// `GET /__sandbox/pushes?format=xml|json&after=SEQ&appid=&limit=N`: the pushes after `after`
/// (default 0), oldest first, at most N — an export file of WeChat's XML (the default), one
/// document per line, or JSON lines.
async fn pushes(State(c): Ctl, Query(p): Query<Params>) -> Response {
    let number =
        |name: &str| p.get(name).map(|v| v.parse::<u64>().map_err(|_| format!("{name} must be a number")));
    let after = match number("after").transpose() {
        Ok(after) => after.unwrap_or(0),
        Err(e) => return bad(e),
    };
    let limit = match number("limit").transpose() {
        Ok(limit) => limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        Err(e) => return bad(e),
    };
    let render = match p.get("format").map_or("xml", String::as_str) {
        "xml" => xml_lines,
        "json" => json_lines,
        other => return bad(format!("format must be xml or json, not {other:?}")),
    };
    let list = c.pushes_matching(&PushQuery { after, appid: p.get("appid").cloned(), limit });
    let last = list.last().map_or(after, |push| push.seq);
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()), (LAST_SEQ, last.to_string())],
        render(&list),
    )
        .into_response()
}

async fn clear_pushes(State(c): Ctl) -> Response {
    c.clear_pushes();
    ok()
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
