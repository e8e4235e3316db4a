//! `POST /cgi-bin/message/subscribe/send`, and the retired template-message paths.

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::json;
use tracing::{debug, instrument};

use crate::error::ApiError;
use crate::faults::Fault;
use crate::server::ConnKill;
use crate::state::SandboxState;
use crate::validate::validate_send;

use super::{authorize, Params, Shared};

/// How a send is answered.
enum Answer {
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
    Query(params): Query<Params>,
    body: Bytes,
) -> Response {
    s.stats.sends_received.fetch_add(1, Ordering::Relaxed);
    let _flight = s.stats.enter_flight();
    match process(&s, &params, &body).await {
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
            http_error(status)
        }
        Answer::Drop => {
            s.stats.record_dropped();
            match kill {
                Some(Extension(ConnKill(notify))) => {
                    notify.notify_one();
                    // The connection task drops this future together with the socket.
                    std::future::pending::<Response>().await
                }
                // Only without our accept loop (e.g. a router driven in-memory): the nearest
                // thing to a dropped connection is an answer without a body.
                None => StatusCode::BAD_GATEWAY.into_response(),
            }
        }
    }
}

async fn process(s: &SandboxState, params: &Params, body: &[u8]) -> Answer {
    let latency = s.latency();
    let app = match authorize(s, params).and_then(|app| app.limits.admit(&s.clock).map(|()| app)) {
        Ok(app) => app,
        Err(e) => return reject(latency, e).await,
    };

    // Faults come after the token and limit checks (a real outage does not care, but this
    // keeps tests of quota/token behaviour independent of queued faults).
    let mut delay = latency;
    match s.faults.next() {
        None => {}
        Some(Fault::SlowResponse(extra)) => delay += extra,
        Some(Fault::SystemBusy) => return reject(latency, ApiError::SystemBusy).await,
        Some(Fault::Errcode(code)) => return reject(latency, ApiError::Injected(code)).await,
        Some(Fault::Http500) => return after(latency, Answer::Http(StatusCode::INTERNAL_SERVER_ERROR)).await,
        Some(Fault::Http502) => return after(latency, Answer::Http(StatusCode::BAD_GATEWAY)).await,
        Some(Fault::DropConnection) => return after(latency, Answer::Drop).await,
    }

    let valid = match validate_send(s, app, body) {
        Ok(v) => v,
        Err(e) => return reject(delay, e).await,
    };
    let Some(_busy) = s.in_flight.try_enter(&app.appid, &valid.touser) else {
        return reject(delay, ApiError::Concurrent).await;
    };
    if !s.ledger.consume(&app.appid, &valid.touser, &valid.template_id) {
        return reject(delay, ApiError::UserRefused).await;
    }
    // Delivered from here on: a client that times out during the delay below has still sent
    // the message, exactly the "unknown" case the engine must handle.
    let msgid = s.new_msgid();
    s.stats.record_accepted(&valid.touser, valid.fingerprint);
    tokio::time::sleep(delay).await;
    wait_while_held(s).await;
    Answer::Accepted(msgid)
}

async fn reject(delay: Duration, e: ApiError) -> Answer {
    after(delay, Answer::Rejected(e)).await
}

async fn after(delay: Duration, answer: Answer) -> Answer {
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    answer
}

async fn wait_while_held(s: &SandboxState) {
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

fn http_error(status: StatusCode) -> Response {
    let reason = status.canonical_reason().unwrap_or("Error");
    let code = status.as_u16();
    let html = format!(
        "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n</body>\r\n</html>\r\n"
    );
    (status, [(header::CONTENT_TYPE, "text/html")], html).into_response()
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
