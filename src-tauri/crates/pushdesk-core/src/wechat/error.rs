//! Errors from talking to WeChat, classified so the send engine knows whether a message may have
//! been delivered.

use serde::{Deserialize, Serialize};

use super::catalogue::{self, CatalogueEntry, Failure, LocalKind};
use crate::Bilingual;

/// What went wrong on the way to (or back from) WeChat, when WeChat did not answer with an
/// `errcode`. The split follows one question: could the request have reached WeChat?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TransportKind {
    /// The TCP/TLS connection could not be made (refused, reset, TLS handshake failed): the
    /// request never left, so it is safe to retry.
    ConnectFailed,
    /// The host name could not be resolved: the request never left.
    Dns,
    /// The configured HTTP proxy could not be reached or refused the tunnel: the request never
    /// left.
    ProxyFailed,
    /// Connecting took longer than the connect timeout: the request never left.
    ConnectTimeout,
    /// The connection was up and the request was (or may have been) sent, but no complete answer
    /// came in time. WeChat may have delivered the message: never resend automatically.
    TimeoutAfterSend,
    /// The connection broke after the request was sent and before the answer was complete.
    /// Same consequence as [`TransportKind::TimeoutAfterSend`].
    ConnectionLost,
    /// The server answered HTTP 5xx (WeChat, or a relay in front of it).
    Http5xx,
    /// The connection broke before any byte of the request was written to it (a pooled
    /// connection the server had closed): the request never left.
    NotWritten,
    /// The server answered another non-success HTTP status (usually a wrong API base URL or a
    /// relay rejecting the call).
    HttpStatus,
    /// The server answered 2xx but the body is not the JSON WeChat sends.
    InvalidBody,
    /// Any other failure of the HTTP stack after the request was built.
    Other,
}

impl TransportKind {
    /// Whether the request certainly never reached the server, so repeating it cannot cause a
    /// second delivery.
    pub fn never_sent(self) -> bool {
        matches!(
            self,
            TransportKind::ConnectFailed
                | TransportKind::Dns
                | TransportKind::ProxyFailed
                | TransportKind::ConnectTimeout
                | TransportKind::NotWritten
        )
    }
}

/// Which call failed. The same errcode means different things from the token endpoint and from
/// the send call (45009 is the token call's own quota there, the send quota here), and an error
/// while fetching a token means no message was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The token endpoint (WeChat's, or the company's token service).
    Token,
    /// Template management (`/wxaapi/newtmpl/…`).
    Template,
    /// The subscribe-message send.
    Send,
    /// Read-only account queries (quota).
    Query,
}

/// A failed WeChat call. Never carries a token or an AppSecret: messages are built from
/// redacted parts, and every one of them is scrubbed of the secrets in use.
#[derive(Debug, Clone, thiserror::Error)]
pub enum WechatError {
    /// WeChat answered with a non-zero `errcode`.
    #[error("WeChat error {errcode}: {errmsg}")]
    Api {
        /// Which call answered it.
        phase: Phase,
        /// WeChat's error code.
        errcode: i64,
        /// WeChat's message, as received (it ends with the `rid`).
        errmsg: String,
        /// The request id parsed out of `errmsg`, for WeChat support.
        rid: Option<String>,
    },
    /// The request failed before WeChat answered with an `errcode`.
    #[error("{detail}")]
    Transport {
        /// What kind of failure, for the engine.
        kind: TransportKind,
        /// Whether the token fetch or the API call failed.
        phase: Phase,
        /// The HTTP status, when one was received.
        status: Option<u16>,
        /// A human-readable explanation without URLs, tokens or secrets.
        detail: String,
    },
    /// The account's connection settings are unusable (bad URL, bad proxy, ...).
    #[error("{0}")]
    Config(Bilingual),
    /// The pasted (manual) access token has expired or was rejected; only the user can fix it.
    #[error("{0}")]
    ManualToken(Bilingual),
    /// An argument was refused locally before any request was made.
    #[error("{0}")]
    InvalidArgument(Bilingual),
}

impl WechatError {
    /// Whether the failure is in the network path rather than an answer from WeChat.
    pub fn is_transport(&self) -> bool {
        matches!(self, WechatError::Transport { .. })
    }

    /// The WeChat `errcode`, if WeChat answered with one.
    pub fn errcode(&self) -> Option<i64> {
        match self {
            WechatError::Api { errcode, .. } => Some(*errcode),
            _ => None,
        }
    }

    /// The request id WeChat gave, if any.
    pub fn rid(&self) -> Option<&str> {
        match self {
            WechatError::Api { rid, .. } => rid.as_deref(),
            _ => None,
        }
    }

    /// Which call failed, when a call was made.
    pub fn phase(&self) -> Option<Phase> {
        match self {
            WechatError::Api { phase, .. } | WechatError::Transport { phase, .. } => Some(*phase),
            _ => None,
        }
    }

    /// The catalogue key for this error.
    pub fn failure(&self) -> Failure {
        match self {
            WechatError::Api { errcode, phase: Phase::Token, .. } => Failure::TokenErrcode(*errcode),
            WechatError::Api { errcode, .. } => Failure::Errcode(*errcode),
            WechatError::Transport { kind, phase: Phase::Token, .. } => Failure::TokenFetch(*kind),
            WechatError::Transport { kind, .. } => Failure::Transport(*kind),
            WechatError::Config(_) => Failure::Local(LocalKind::Config),
            WechatError::ManualToken(_) => Failure::Local(LocalKind::ManualToken),
            WechatError::InvalidArgument(_) => Failure::Local(LocalKind::InvalidArgument),
        }
    }

    /// What this error means and what to do, from the one catalogue, specialised with the
    /// details of this occurrence (the IP WeChat reported, the field it named, ...).
    pub fn catalogue_entry(&self) -> CatalogueEntry {
        let detail = match self {
            WechatError::Api { errmsg, .. } => Some(errmsg.as_str()),
            WechatError::Transport { detail, .. } => Some(detail.as_str()),
            WechatError::Config(m) | WechatError::ManualToken(m) | WechatError::InvalidArgument(m) => {
                Some(m.en.as_str())
            }
        };
        catalogue::explain(&self.failure(), detail)
    }

    /// The message in Chinese: the catalogue's explanation of this failure (what happened, what
    /// to do), with the errcode and rid support asks for. WeChat's own `errmsg` and the
    /// transport detail are English and stay in the Display text.
    pub fn message_zh(&self) -> String {
        let explanation = self.catalogue_entry().explanation;
        let (title, action) = (explanation.title_zh, explanation.action_zh);
        match self {
            WechatError::Api { errcode, rid, .. } => {
                let code = errcode.to_string();
                // Codes the catalogue does not know are titled with the code and WeChat's words.
                let head = if title.contains(&code) {
                    title
                } else {
                    format!("微信返回错误 {code}：{title}")
                };
                let rid = rid.as_ref().map(|r| format!("（rid：{r}）")).unwrap_or_default();
                format!("{head}。{action}{rid}")
            }
            WechatError::Transport { status, .. } => {
                let status = status.map(|s| format!("（HTTP {s}）")).unwrap_or_default();
                format!("{title}{status}。{action}")
            }
            WechatError::Config(m) | WechatError::ManualToken(m) | WechatError::InvalidArgument(m) => {
                m.zh.clone()
            }
        }
    }

    /// Shorthand for the outcome class of this error.
    pub fn class(&self) -> catalogue::OutcomeClass {
        self.catalogue_entry().class
    }

    /// Replaces every occurrence of `secret` in the error's text. Used as a last line of
    /// defence: messages are built without secrets, but a server could echo one back.
    pub(crate) fn scrub(mut self, secret: &str) -> Self {
        if secret.len() < 4 {
            return self;
        }
        let texts: Vec<&mut String> = match &mut self {
            WechatError::Api { errmsg, .. } => vec![errmsg],
            WechatError::Transport { detail, .. } => vec![detail],
            WechatError::Config(m) | WechatError::ManualToken(m) | WechatError::InvalidArgument(m) => {
                vec![&mut m.en, &mut m.zh]
            }
        };
        for text in texts {
            if text.contains(secret) {
                *text = text.replace(secret, "***");
            }
        }
        self
    }
}
