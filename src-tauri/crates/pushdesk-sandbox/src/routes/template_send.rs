//! `POST /cgi-bin/message/template/send`: an Official Account's template message, with WeChat's
//! checks, `client_msg_id`, interception of promotional messages, the 2023 display rules — and
//! the subscribe send's limits, latency, faults on both sides of delivery and hold switch.

use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use serde_json::{Map, Value};
use tracing::instrument;

use crate::error::ApiError;
use crate::pushes::{NewPush, TemplateJobStatus};
use crate::server::{ConnKill, Peer};
use crate::state::intercepted::InterceptedMessage;
use crate::state::SandboxState;
use crate::stats::{Delivery, DeliveryChannel};
use crate::validate::{parse_send_body, touser_of};
use crate::validate_template::{validate_template_send, ValidTemplateSend};

use super::failure::peer_ip;
use super::official::authorize_official;
use super::send::{after, answer_delivered, draw_fault, reject, respond, wait_while_held, Answer};
use super::{Params, Shared};

/// The template send; answered `{"errcode":0,"errmsg":"ok","msgid":N}`.
#[instrument(skip_all)]
pub async fn send(
    State(s): State<Shared>,
    kill: Option<Extension<ConnKill>>,
    peer: Option<Extension<Peer>>,
    Query(params): Query<Params>,
    body: Bytes,
) -> Response {
    // Parsed up front, so even a request refused for its token is counted for its openid.
    let req = parse_send_body(&body);
    s.stats.record_received(req.as_ref().ok().and_then(touser_of));
    let _flight = s.stats.enter_flight();
    let answer = process(&s, &params, req, peer_ip(peer)).await;
    respond(&s, answer, kill).await
}

async fn process(
    s: &SandboxState,
    params: &Params,
    req: Result<Map<String, Value>, ApiError>,
    peer: IpAddr,
) -> Answer {
    let latency = s.latency();
    let admitted =
        authorize_official(s, params).and_then(|(app, oa)| app.limits.admit(&s.clock).map(|()| (app, oa)));
    let (app, oa) = match admitted {
        Ok(account) => account,
        Err(e) => return reject(latency, e).await,
    };
    let (delay, after_delivery) = match draw_fault(s, latency, peer) {
        Ok(drawn) => drawn,
        Err(answer) => return after(latency, answer).await,
    };
    // An after-delivery fault waits for a send that is delivered: not this one.
    let not_delivered = |answer: Answer| {
        if let Some(f) = after_delivery.clone() {
            s.faults.requeue_front(f);
        }
        after(delay, answer)
    };
    let valid = match req.and_then(|req| validate_template_send(s, oa, &req)) {
        Ok(v) => v,
        Err(e) => return not_delivered(Answer::Rejected(e)).await,
    };

    let msgid = s.new_msgid();
    if let Some(id) = &valid.client_msg_id {
        if let Err(first) = oa.client_msg_ids.claim(&app.appid, &valid.touser, id, msgid, s.clock.elapsed()) {
            // WeChat sends one message per openid + client_msg_id within 10 minutes and does not
            // document what a repeat is answered. The sandbox answers it as the first send was
            // answered — errcode 0 and the same msgid — so a client retrying a send whose answer
            // was lost learns the msgid its receipt carries. (The mass-send API's clientmsgid,
            // by contrast, documents 45065 with the existing msg_id.)
            let answer = not_delivered(Answer::Accepted(first)).await;
            wait_while_held(s).await;
            return answer;
        }
    }
    if valid.promotional {
        record_interception(s, &valid);
        let answer = not_delivered(Answer::Accepted(msgid)).await;
        wait_while_held(s).await;
        return answer;
    }

    // Delivered from here on: whatever happens to the answer, the user has the message.
    deliver(s, &app.appid, &valid, msgid);
    answer_delivered(s, &valid.touser, msgid, delay, after_delivery).await
}

/// Counts the delivery, keeps what the card showed and records WeChat's receipt push.
fn deliver(s: &SandboxState, appid: &str, valid: &ValidTemplateSend, msgid: u64) {
    s.stats.record_delivered(&valid.touser, valid.fingerprint);
    s.recent.push(Delivery {
        openid: valid.touser.clone(),
        template_id: valid.template_id.clone(),
        page: valid.pagepath.clone(),
        at_ms: s.clock.unix_millis(),
        channel: DeliveryChannel::Template,
        msgid,
        url: valid.url.clone(),
        shown: valid.shown.clone(),
    });
    // The asynchronous-failure share applies as to subscribe sends' receipts.
    let status = if s.faults.draw_async_failure() {
        TemplateJobStatus::SystemFailed
    } else {
        TemplateJobStatus::Success
    };
    let push = NewPush::TemplateJobFinished { msgid, status };
    s.pushes.record(appid, &valid.touser, s.clock.unix_seconds(), push);
}

fn record_interception(s: &SandboxState, valid: &ValidTemplateSend) {
    s.official.intercepted.record(InterceptedMessage {
        id: 0,
        tmpl_msg_id: valid.template_id.clone(),
        title: valid.title.clone(),
        content: valid.content.clone(),
        send_timestamp: s.clock.unix_seconds(),
        openid: valid.touser.clone(),
    });
}
