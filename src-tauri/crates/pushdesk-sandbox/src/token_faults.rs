//! Injected failures of the token endpoints (`/cgi-bin/token` and `/cgi-bin/stable_token`),
//! queued for their next N calls — apart from the send faults, because a token failure is a
//! different phase: no row was sent, and the client must not ask again for every row.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::faults::FaultSpec;
use crate::state::lock;

/// A failure the sandbox answers a token call with instead of a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenFault {
    /// `{"errcode":N,"errmsg":"… rid: …"}` with WeChat's own errmsg for the codes a token call
    /// answers: -1, 40013, 40125, 40164 (naming the caller's IP, as WeChat does), 40243, 41002,
    /// 41004, 45009, 45011, 61004 (with the IP), 89501, 89503, 89506, 89507; any other code gets
    /// a generic text.
    Errcode(i64),
    /// An HTTP error status (500–599) with a gateway's HTML page.
    Http(u16),
    /// The request is read, then the connection is closed without an answer.
    DropConnection,
}

impl TryFrom<&FaultSpec> for TokenFault {
    type Error = String;

    fn try_from(spec: &FaultSpec) -> Result<Self, Self::Error> {
        let fault = match spec.fault.as_str() {
            "errcode" => TokenFault::Errcode(spec.errcode.ok_or("errcode needs \"errcode\"")?),
            "system_busy" => TokenFault::Errcode(-1),
            "http500" | "http_500" => TokenFault::Http(500),
            "http502" | "http_502" => TokenFault::Http(502),
            "http503" | "http_503" => TokenFault::Http(503),
            "http504" | "http_504" => TokenFault::Http(504),
            "http" => TokenFault::Http(spec.status.ok_or("http needs \"status\"")?),
            "drop_connection" => TokenFault::DropConnection,
            other => return Err(format!("unknown token fault {other:?}")),
        };
        if let TokenFault::Http(status) = fault {
            if !(500..=599).contains(&status) {
                return Err(format!("status must be 500..=599, got {status}"));
            }
        }
        Ok(fault)
    }
}

/// The queue of token faults.
#[derive(Debug, Default)]
pub struct TokenFaultPlan {
    queued: Mutex<VecDeque<TokenFault>>,
}

impl TokenFaultPlan {
    pub fn queue(&self, fault: TokenFault, count: usize) {
        lock(&self.queued).extend(std::iter::repeat_n(fault, count));
    }

    pub fn clear(&self) {
        lock(&self.queued).clear();
    }

    pub fn queued_len(&self) -> usize {
        lock(&self.queued).len()
    }

    /// The fault for the token call being processed now, if any.
    pub fn next(&self) -> Option<TokenFault> {
        lock(&self.queued).pop_front()
    }
}
