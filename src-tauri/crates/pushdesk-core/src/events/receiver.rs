//! `pushdesk events serve`: a receiver that speaks WeChat's message-push protocol — the GET
//! URL check, POST in plaintext, compatible and safe mode — stores each event, and with a
//! forward URL passes the original request unchanged to the company's own push URL and returns
//! its answer, so production keeps receiving everything.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::oneshot;

use super::crypto::{self, PushKeys};
use super::read::Opener;
use super::split::Syntax;
use super::IntakeSummary;
use crate::desk::Desk;
use crate::{Bilingual, CoreError, Result};

/// How often receipts that found no send are tried again while the receiver runs.
const LATE_MATCH_EVERY: Duration = Duration::from_secs(30);

/// WeChat waits 5 seconds for an answer; the company's server gets most of them.
const FORWARD_TIMEOUT: Duration = Duration::from_secs(4);

/// What the receiver is set up with.
#[derive(Debug, Clone)]
pub struct ReceiverSettings {
    /// The account the events belong to.
    pub account_id: i64,
    /// Its AppID (safe-mode envelopes name it).
    pub appid: String,
    /// Its push Token and EncodingAESKey.
    pub keys: PushKeys,
    /// The company's existing push URL, when there is one.
    pub forward: Option<String>,
}

/// One request as the receiver handled it, for the console.
#[derive(Debug, Clone)]
pub struct Handled {
    /// `GET` (URL check) or `POST` (a push).
    pub method: String,
    /// The HTTP status answered.
    pub status: u16,
    /// What was stored.
    pub summary: IntakeSummary,
    /// Why it was refused or not read, if it was.
    pub problem: Option<String>,
    /// The forward's status, or why forwarding failed.
    pub forwarded: Option<std::result::Result<u16, String>>,
}

struct Shared {
    desk: Arc<Desk>,
    settings: ReceiverSettings,
    http: reqwest::Client,
    on_request: Box<dyn Fn(&Handled) + Send + Sync>,
    totals: Mutex<IntakeSummary>,
}

/// A running receiver; dropping it does not stop it, [`RunningReceiver::stop`] does.
pub struct RunningReceiver {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
    shared: Arc<Shared>,
}

impl RunningReceiver {
    /// Everything stored since it started.
    pub fn totals(&self) -> IntakeSummary {
        self.shared.totals.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Stops listening and waits for the server to end.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Starts the receiver on `bind`; `on_request` hears of every request.
pub async fn start(
    desk: Arc<Desk>,
    settings: ReceiverSettings,
    bind: SocketAddr,
    on_request: impl Fn(&Handled) + Send + Sync + 'static,
) -> Result<RunningReceiver> {
    let listener = tokio::net::TcpListener::bind(bind).await.map_err(|e| {
        CoreError::io(Bilingual::new(format!("listening on {bind}"), format!("在 {bind} 上监听")), e)
    })?;
    let addr = listener.local_addr().map_err(|e| CoreError::io(Bilingual::same(bind.to_string()), e))?;
    let http = reqwest::Client::builder()
        .timeout(FORWARD_TIMEOUT)
        .build()
        .map_err(|e| CoreError::Internal(format!("an HTTP client could not be built: {e}")))?;
    let shared = Arc::new(Shared {
        desk,
        settings,
        http,
        on_request: Box::new(on_request),
        totals: Mutex::new(IntakeSummary::default()),
    });
    let app = Router::new().fallback(handle).with_state(Arc::clone(&shared));
    let (stop, stopped) = oneshot::channel::<()>();
    let late = Arc::clone(&shared);
    let task = tokio::spawn(async move {
        let ticker = tokio::spawn(async move {
            let mut every = tokio::time::interval(LATE_MATCH_EVERY);
            loop {
                every.tick().await;
                if let Ok(found) = late.desk.match_late_receipts(late.settings.account_id).await {
                    late.totals.lock().unwrap_or_else(|p| p.into_inner()).add(found);
                }
            }
        });
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
        ticker.abort();
    });
    Ok(RunningReceiver { addr, stop, task, shared })
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let keys = &shared.settings.keys;
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let mut handled = Handled {
        method: method.to_string(),
        status: 200,
        summary: IntakeSummary::default(),
        problem: None,
        forwarded: None,
    };
    // Every request WeChat makes is signed with the Token: anything else is not WeChat's.
    let expected = crypto::sign(&[keys.token.expose(), get("timestamp"), get("nonce")]);
    if !crypto::signature_matches(&expected, get("signature")) {
        handled.status = 403;
        handled.problem = Some("the signature does not match the push Token".into());
        (shared.on_request)(&handled);
        return (StatusCode::FORBIDDEN, "signature mismatch").into_response();
    }
    let own_answer = if method == Method::GET {
        get("echostr").to_owned()
    } else if method == Method::POST {
        match take_in(&shared, &q, &body).await {
            Ok(summary) => {
                shared.totals.lock().unwrap_or_else(|p| p.into_inner()).add(summary.clone());
                handled.summary = summary;
            }
            // A push Pushdesk cannot read is still the company's: it is forwarded all the same.
            Err(problem) => handled.problem = Some(problem),
        }
        "success".to_owned()
    } else {
        handled.status = 405;
        (shared.on_request)(&handled);
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    };
    let response = match &shared.settings.forward {
        None => own_answer.into_response(),
        Some(url) => match forward(&shared.http, url, &method, &uri, &headers, body).await {
            Ok((status, content_type, answer)) => {
                handled.forwarded = Some(Ok(status.as_u16()));
                handled.status = status.as_u16();
                let mut response = (status, answer).into_response();
                if let Some(ct) = content_type {
                    response.headers_mut().insert(axum::http::header::CONTENT_TYPE, ct);
                }
                response
            }
            // WeChat retries a push it got no good answer to; the retry is stored once.
            Err(e) => {
                handled.forwarded = Some(Err(e.clone()));
                handled.status = 502;
                (StatusCode::BAD_GATEWAY, format!("forwarding failed: {e}")).into_response()
            }
        },
    };
    (shared.on_request)(&handled);
    response
}

/// Reads and stores one POSTed push.
async fn take_in(
    shared: &Shared,
    q: &HashMap<String, String>,
    body: &[u8],
) -> std::result::Result<IntakeSummary, String> {
    let settings = &shared.settings;
    let keys = settings.keys.clone();
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    // Safe and compatible mode sign the envelope too, in the query (msg_signature).
    let signed =
        (get("encrypt_type") == "aes").then(|| (get("msg_signature"), get("timestamp"), get("nonce")));
    // The opener is not Send: it must be gone before the store is awaited.
    let opened = Opener::new(settings.appid.clone(), move || Some(keys.clone())).open_signed(
        Syntax::of(body),
        body,
        signed,
    );
    let events = match opened {
        Ok(Some(events)) => events,
        Ok(None) => return Ok(IntakeSummary { other: 1, ..Default::default() }),
        Err((kind, detail)) => return Err(format!("{kind:?}: {detail}")),
    };
    shared.desk.take_in_events(settings.account_id, events).await.map_err(|e| e.to_string())
}

/// Sends the request on as it came (method, query, content type, body).
async fn forward(
    http: &reqwest::Client,
    url: &str,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Bytes,
) -> std::result::Result<(StatusCode, Option<axum::http::HeaderValue>, Bytes), String> {
    let target = match uri.query() {
        Some(q) if url.contains('?') => format!("{url}&{q}"),
        Some(q) => format!("{url}?{q}"),
        None => url.to_owned(),
    };
    let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).map_err(|e| e.to_string())?;
    let mut request = http.request(method, target).body(body);
    if let Some(ct) = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        request = request.header(reqwest::header::CONTENT_TYPE, ct);
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = StatusCode::from_u16(response.status().as_u16()).map_err(|e| e.to_string())?;
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| axum::http::HeaderValue::from_bytes(v.as_bytes()).ok());
    let answer = response.bytes().await.map_err(|e| e.to_string())?;
    Ok((status, content_type, answer))
}
