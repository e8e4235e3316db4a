//! `POST /cgi-bin/message/subscribe/send`, and the retired template-message paths.

use std::net::IpAddr;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Map, Value};
use tracing::{debug, instrument};

use crate::error::ApiError;
use crate::faults::Fault;
use crate::pushes::NewPush;
use crate::server::{ConnKill, Peer};
use crate::state::SandboxState;
use crate::stats::{Delivery, DeliveryChannel};
use crate::validate::{parse_send_body, touser_of, validate_send};

use super::failure::{drop_connection, gateway_page, peer_ip};
use super::{authorize, Params, Shared};

/// How a send is answered (shared with the Official Account's template send).
pub(super) enum Answer {
    Accepted(u64),
    Rejected(ApiError),
    Http(StatusCode),
    Drop,
}

/// Subscribe message send, with WeChat's checks, the ledger, 43108, limits, latency and faults.
#[instrument(skip_all)]
pub async fn send(
    State(s): State<Shared>,
    kill: Option<Extension<ConnKill>>,
    peer: Option<Extension<Peer>>,
    Query(params): Query<Params>,
    body: Bytes,
) -> Response {
    // Parsed once, up front, so even a request refused for its token is counted for its openid.
    let req = parse_send_body(&body);
    s.stats.record_received(req.as_ref().ok().and_then(touser_of));
    let _flight = s.stats.enter_flight();
    let answer = process(&s, &params, req, peer_ip(peer)).await;
    respond(&s, answer, kill).await
}

/// Turns an [`Answer`] into the HTTP response, counting it in the stats.
pub(super) async fn respond(s: &SandboxState, answer: Answer, kill: Option<Extension<ConnKill>>) -> Response {
    match answer {
        Answer::Accepted(msgid) => {
            // A JSON integer literal, as WeChat sends it: clients must not go through f64.
            Json(json!({ "errcode": 0, "errmsg": "ok", "msgid": msgid })).into_response()
        }
        Answer::Rejected(e) => {
            debug!(errcode = e.errcode(), "send rejected");
            s.stats.record_errcode(e.errcode());
            e.into_response()
        }
        Answer::Http(status) => {
            s.stats.record_http_error(status.as_u16());
            gateway_page(status)
        }
        Answer::Drop => {
            s.stats.record_dropped();
            drop_connection(kill).await
        }
    }
}

async fn process(
    s: &SandboxState,
    params: &Params,
    req: Result<Map<String, Value>, ApiError>,
    peer: IpAddr,
) -> Answer {
    let latency = s.latency();
    let app = match authorize(s, params).and_then(|app| app.limits.admit(&s.clock).map(|()| app)) {
        Ok(app) => app,
        Err(e) => return reject(latency, e).await,
    };

    // Faults come after the token and limit checks (a real outage does not care, but this
    // keeps tests of quota/token behaviour independent of queued faults).
    let (delay, after_delivery) = match draw_fault(s, latency, peer) {
        Ok(drawn) => drawn,
        Err(answer) => return after(latency, answer).await,
    };

    // WeChat's own refusals. An after-delivery fault waits for a send that is delivered.
    let refuse = |e: ApiError| {
        if let Some(f) = after_delivery.clone() {
            s.faults.requeue_front(f);
        }
        reject(delay, e)
    };
    let valid = match req.and_then(|req| validate_send(s, app, &req)) {
        Ok(v) => v,
        Err(e) => return refuse(e).await,
    };
    let Some(_busy) = s.in_flight.try_enter(&app.appid, &valid.touser) else {
        return refuse(ApiError::Concurrent).await;
    };
    if !s.ledger.consume(&app.appid, &valid.touser, &valid.template_id) {
        return refuse(ApiError::UserRefused).await;
    }
    // Delivered from here on: whatever happens to the answer — a client timeout during the
    // delay below, or an after-delivery fault — the user has the message. That is exactly the
    // "unknown" case the engine must handle.
    let msgid = s.new_msgid();
    s.stats.record_delivered(&valid.touser, valid.fingerprint);
    s.recent.push(Delivery {
        openid: valid.touser.clone(),
        template_id: valid.template_id.clone(),
        page: valid.page.clone(),
        at_ms: s.clock.unix_millis(),
        channel: DeliveryChannel::Subscribe,
        msgid,
        url: String::new(),
        shown: Vec::new(),
    });
    // WeChat pushes the receipt of every delivery, whether or not its answer gets back.
    let push =
        NewPush::Sent { template_id: &valid.template_id, msgid, failed: s.faults.draw_async_failure() };
    s.pushes.record(&app.appid, &valid.touser, s.clock.unix_seconds(), push);
    answer_delivered(s, &valid.touser, msgid, delay, after_delivery).await
}

/// The fault plan's say on a send about to be validated: the answer's delay and an
/// after-delivery fault to apply once delivered, or (`Err`) the answer a fault before delivery
/// gives instead, to be sent after the plain latency.
pub(super) fn draw_fault(
    s: &SandboxState,
    latency: Duration,
    peer: IpAddr,
) -> Result<(Duration, Option<Fault>), Answer> {
    match s.faults.next() {
        None => Ok((latency, None)),
        Some(Fault::SlowResponse(extra)) => Ok((latency + extra, None)),
        Some(Fault::SystemBusy) => Err(Answer::Rejected(ApiError::SystemBusy)),
        Some(Fault::Errcode(code)) => Err(Answer::Rejected(ApiError::injected(code, peer))),
        Some(Fault::Http500) => Err(Answer::Http(StatusCode::INTERNAL_SERVER_ERROR)),
        Some(Fault::Http502) => Err(Answer::Http(StatusCode::BAD_GATEWAY)),
        Some(Fault::DropConnection) => Err(Answer::Drop),
        Some(f @ (Fault::Http502AfterDelivery | Fault::Http504AfterDelivery | Fault::DropAfterDelivery)) => {
            Ok((latency, Some(f)))
        }
    }
}

/// Answers a send that was delivered to `touser`: after the delay, normally or as the
/// after-delivery fault (queued, or drawn now) says — then the client cannot know it arrived.
pub(super) async fn answer_delivered(
    s: &SandboxState,
    touser: &str,
    msgid: u64,
    delay: Duration,
    after_delivery: Option<Fault>,
) -> Answer {
    let after_delivery = after_delivery.or_else(|| s.faults.draw_after_delivery());
    if after_delivery.is_some() {
        s.stats.record_unanswered(touser);
    }
    tokio::time::sleep(delay).await;
    wait_while_held(s).await;
    delivered_answer(msgid, after_delivery)
}

/// How a delivered send is answered: normally, or as the after-delivery fault says.
fn delivered_answer(msgid: u64, after_delivery: Option<Fault>) -> Answer {
    match after_delivery {
        Some(Fault::Http504AfterDelivery) => Answer::Http(StatusCode::GATEWAY_TIMEOUT),
        Some(Fault::DropAfterDelivery) => Answer::Drop,
        Some(_) => Answer::Http(StatusCode::BAD_GATEWAY),
        None => Answer::Accepted(msgid),
    }
}

pub(super) async fn reject(delay: Duration, e: ApiError) -> Answer {
    after(delay, Answer::Rejected(e)).await
}

pub(super) async fn after(delay: Duration, answer: Answer) -> Answer {
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    answer
}

pub(super) async fn wait_while_held(s: &SandboxState) {
    let mut rx = s.hold.subscribe();
    if !*rx.borrow_and_update() {
        return;
    }
    // A guard, so a client hanging up while held does not leave the count raised.
    struct Held<'a>(&'a SandboxState);
    impl Drop for Held<'_> {
        fn drop(&mut self) {
            self.0.stats.held.fetch_sub(1, Ordering::Relaxed);
        }
    }
    s.stats.held.fetch_add(1, Ordering::Relaxed);
    let _held = Held(s);
    let _ = rx.wait_for(|held| !*held).await;
}

/// `wxopen/template/send` and `uniform_send`: WeChat switched the mini program template message
/// off on 2020-01-10 and now answers 45109 (shared/wechat-api.md §5), after the usual token
/// check.
#[instrument(skip_all)]
pub async fn retired(State(s): State<Shared>, Query(params): Query<Params>) -> ApiError {
    match authorize(&s, &params) {
        Ok(_) => ApiError::Unsupported,
        Err(e) => e,
    }
}
