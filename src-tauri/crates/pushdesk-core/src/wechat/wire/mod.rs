//! The send call on a connection of its own.
//!
//! Each sender of the engine owns one [`SendLine`]: one HTTP/1.1 connection it opens, keeps
//! and reopens itself. That is what lets a send be judged honestly and paced at the wire:
//!
//! - the token is in hand and the connection is up *before* the request is let go, so the
//!   `gate` (the rate limiter and the departure log) runs at the moment the request is written,
//!   not before a connect or a TLS handshake of unknown length;
//! - the bytes written are counted, so a failure is "never left" when not one byte of the
//!   request went out, and "may have reached WeChat" otherwise — never a guess.
//!
//! Token, template and quota calls stay on the pooled reqwest client (`super::http`): they send
//! nothing to users and may simply be asked again.

mod connect;
mod tracked;

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::task::JoinHandle;

pub(crate) use connect::Target;

use super::catalogue::TOKEN_ERRCODES;
use super::client::WechatClient;
use super::envelope;
use super::error::{Phase, TransportKind, WechatError};
use super::http::RawAnswer;
use super::types::{Outgoing, SendAnswer, SendReceipt};
use crate::Bilingual;

/// Longest answer read; WeChat's are a few hundred bytes.
const MAX_ANSWER: usize = 1024 * 1024;
/// What must be escaped in a query value (RFC 3986 unreserved characters stay as they are).
const QUERY_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
/// A connection idle this long is replaced before use: servers close idle connections, and a
/// request written into one the server is closing would look as if it may have been delivered.
const MAX_IDLE: Duration = Duration::from_secs(20);

/// What became of one send.
#[derive(Debug)]
pub enum Dispatch {
    /// The gate withheld it (the run is stopping): nothing left.
    Withdrawn,
    /// It never left this computer: no token, no connection, or the connection broke before
    /// a byte of the request was written.
    NeverLeft(WechatError),
    /// It was written at `at` (unix ms); WeChat's answer, or what went wrong after writing.
    Left {
        /// When the request was let go onto the connection.
        at: i64,
        /// The receipt, or the failure.
        result: Result<SendReceipt, WechatError>,
    },
}

struct Connection {
    sender: http1::SendRequest<Full<Bytes>>,
    written: Arc<AtomicU64>,
    last_used: Instant,
    driver: JoinHandle<()>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

/// One sender's connection for sends (subscribe and template messages).
pub struct SendLine {
    client: WechatClient,
    connection: Option<Connection>,
}

impl std::fmt::Debug for SendLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendLine").field("connected", &self.connection.is_some()).finish()
    }
}

impl SendLine {
    pub(crate) fn new(client: WechatClient) -> SendLine {
        SendLine { client, connection: None }
    }

    /// Sends `message`. `gate` runs once the token is in hand and the connection is up, right
    /// before the request is written; it returns when the request may leave (unix ms), or
    /// `None` to withhold it.
    pub async fn send<F, Fut>(&mut self, message: &Outgoing, gate: F) -> Dispatch
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Option<i64>>,
    {
        let path = message.path();
        let body = match message.to_json() {
            Ok(body) => body,
            Err(e) => {
                return Dispatch::NeverLeft(WechatError::InvalidArgument(Bilingual::new(
                    format!("message cannot be encoded: {e}"),
                    format!("消息无法编码（{e}）"),
                )))
            }
        };
        let token = match self.client.tokens().get().await {
            Ok(token) => token,
            Err(e) => return Dispatch::NeverLeft(e),
        };
        if let Err(e) = self.ready().await {
            return Dispatch::NeverLeft(e);
        }
        let Some(at) = gate().await else { return Dispatch::Withdrawn };
        // The gate may have waited (rate, a per-minute hold): the server may have closed the
        // connection meanwhile.
        if let Err(e) = self.ready().await {
            return Dispatch::NeverLeft(e);
        }
        let secret = token.value.expose().clone();
        let outcome = self.exchange(path, &secret, body.clone()).await;
        let result = match outcome {
            Exchange::NotWritten(e) => return Dispatch::NeverLeft(e.scrub(&secret)),
            Exchange::Answered(raw) => {
                let what = format!("WeChat ({path})");
                envelope::parse::<SendAnswer>(raw, Phase::Send, &what).map(|answer| SendReceipt {
                    msgid: answer.value.msgid,
                    rid: answer.rid,
                    request_json_without_token: body,
                    response_json: answer.body,
                })
            }
            Exchange::Lost(e) => Err(e),
        };
        let result = result.map_err(|e| e.scrub(&secret));
        if let Err(WechatError::Api { errcode, .. }) = &result {
            if TOKEN_ERRCODES.contains(errcode) {
                // The next attempt of the row (a new, journaled attempt) fetches a new token.
                self.client.tokens().refused(*errcode, &token);
            }
        }
        Dispatch::Left { at, result }
    }

    /// Makes sure an open, idle connection is ready for a request.
    async fn ready(&mut self) -> Result<(), WechatError> {
        if let Some(c) = &mut self.connection {
            let fresh = c.last_used.elapsed() < MAX_IDLE;
            if fresh && !c.sender.is_closed() && c.sender.ready().await.is_ok() {
                return Ok(());
            }
            self.connection = None;
        }
        let target = self.client.send_target();
        let stream = target.open(self.client.connect_timeout()).await.map_err(|(kind, detail)| {
            WechatError::Transport { kind, phase: Phase::Send, status: None, detail }
        })?;
        let (stream, written) = tracked::Tracked::new(stream);
        let (sender, connection) =
            http1::Builder::new().handshake(TokioIo::new(stream)).await.map_err(|e| {
                transport(
                    TransportKind::ConnectFailed,
                    format!("could not start HTTP with {}: {e}", target.describe("")),
                )
            })?;
        let driver = tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "send connection ended");
            }
        });
        self.connection = Some(Connection { sender, written, last_used: Instant::now(), driver });
        Ok(())
    }

    async fn exchange(&mut self, path: &str, token: &str, body: String) -> Exchange {
        let Some(c) = self.connection.as_mut() else {
            return Exchange::NotWritten(transport(TransportKind::NotWritten, "no connection".into()));
        };
        let target = self.client.send_target();
        let query = format!("access_token={}", percent_encoding::utf8_percent_encode(token, QUERY_VALUE));
        let mut request = hyper::Request::post(target.request_uri(path, &query))
            .header(hyper::header::HOST, target.authority())
            .header(hyper::header::CONTENT_TYPE, "application/json; charset=utf-8")
            .header(hyper::header::USER_AGENT, concat!("Pushdesk/", env!("CARGO_PKG_VERSION")))
            .header(hyper::header::ACCEPT, "*/*");
        if let Some(auth) = target.proxy_authorization() {
            request = request.header("proxy-authorization", auth);
        }
        let request = match request.body(Full::new(Bytes::from(body))) {
            Ok(request) => request,
            Err(e) => {
                return Exchange::NotWritten(WechatError::InvalidArgument(Bilingual::new(
                    format!("request cannot be built: {e}"),
                    format!("请求无法生成（{e}）"),
                )))
            }
        };
        let before = c.written.load(Ordering::SeqCst);
        let what = target.describe(path);
        let answer = tokio::time::timeout(self.client.request_timeout(), async {
            let response = c.sender.send_request(request).await?;
            let status = response.status().as_u16();
            let bytes = Limited::new(response.into_body(), MAX_ANSWER).collect().await?.to_bytes();
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(RawAnswer {
                status,
                body: String::from_utf8_lossy(&bytes).into_owned(),
            })
        })
        .await;
        c.last_used = Instant::now();
        let written = c.written.load(Ordering::SeqCst) > before;
        match answer {
            Ok(Ok(raw)) => Exchange::Answered(raw),
            Ok(Err(e)) => {
                self.connection = None;
                if written {
                    Exchange::Lost(transport(
                        TransportKind::ConnectionLost,
                        format!("the connection broke before the answer came from {what}: {e}"),
                    ))
                } else {
                    Exchange::NotWritten(transport(
                        TransportKind::NotWritten,
                        format!("the connection to {what} closed before the request was written: {e}"),
                    ))
                }
            }
            Err(_) => {
                self.connection = None;
                if written {
                    Exchange::Lost(transport(
                        TransportKind::TimeoutAfterSend,
                        format!("sent the request but got no answer in time from {what}"),
                    ))
                } else {
                    Exchange::NotWritten(transport(
                        TransportKind::NotWritten,
                        format!("the request to {what} could not be written in time"),
                    ))
                }
            }
        }
    }
}

enum Exchange {
    NotWritten(WechatError),
    Answered(RawAnswer),
    Lost(WechatError),
}

fn transport(kind: TransportKind, detail: String) -> WechatError {
    WechatError::Transport { kind, phase: Phase::Send, status: None, detail }
}
