//! Injected failures: queued for the next N sends, or drawn at random with `fault_rate`.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::state::lock;

/// A failure the sandbox can answer a send with instead of processing it normally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// `{"errcode":-1,"errmsg":"system error …"}`.
    SystemBusy,
    /// HTTP 500 with an HTML body, like a failing WeChat front end.
    Http500,
    /// HTTP 502 from the "gateway".
    Http502,
    /// The request is read, then the socket is closed without an answer: the client cannot
    /// know whether the message was delivered.
    DropConnection,
    /// The send is processed normally (and accepted if valid) but answered this much later,
    /// to provoke client timeouts after delivery.
    SlowResponse(Duration),
    /// `{"errcode":N,…}` for any code.
    Errcode(i64),
}

/// JSON form of a fault for the HTTP control API, e.g. `{"fault":"slow_response","ms":3000}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FaultSpec {
    /// `system_busy`, `http500`, `http502`, `drop_connection`, `slow_response`, `errcode`.
    pub fault: String,
    /// Delay for `slow_response`.
    #[serde(default)]
    pub ms: Option<u64>,
    /// Code for `errcode`.
    #[serde(default)]
    pub errcode: Option<i64>,
}

impl TryFrom<&FaultSpec> for Fault {
    type Error = String;

    fn try_from(spec: &FaultSpec) -> Result<Self, Self::Error> {
        Ok(match spec.fault.as_str() {
            "system_busy" => Fault::SystemBusy,
            "http500" | "http_500" => Fault::Http500,
            "http502" | "http_502" => Fault::Http502,
            "drop_connection" => Fault::DropConnection,
            "slow_response" => {
                Fault::SlowResponse(Duration::from_millis(spec.ms.ok_or("slow_response needs \"ms\"")?))
            }
            "errcode" => Fault::Errcode(spec.errcode.ok_or("errcode needs \"errcode\"")?),
            other => return Err(format!("unknown fault {other:?}")),
        })
    }
}

/// Where the next send's fault comes from.
#[derive(Debug, Default)]
pub struct FaultPlan {
    queued: Mutex<VecDeque<Fault>>,
    /// Stored as bits so reads on the hot path take no lock.
    rate_bits: std::sync::atomic::AtomicU64,
}

impl FaultPlan {
    pub fn new(rate: f64) -> Self {
        let plan = Self::default();
        plan.set_rate(rate);
        plan
    }

    pub fn set_rate(&self, rate: f64) {
        let rate = if rate.is_finite() { rate.clamp(0.0, 1.0) } else { 0.0 };
        self.rate_bits.store(rate.to_bits(), std::sync::atomic::Ordering::Relaxed);
    }

    pub fn rate(&self) -> f64 {
        f64::from_bits(self.rate_bits.load(std::sync::atomic::Ordering::Relaxed))
    }

    pub fn queue(&self, fault: Fault, count: usize) {
        let mut q = lock(&self.queued);
        q.extend(std::iter::repeat_n(fault, count));
    }

    pub fn clear(&self) {
        lock(&self.queued).clear();
    }

    pub fn queued_len(&self) -> usize {
        lock(&self.queued).len()
    }

    /// The fault for the send being processed now, if any: queued faults first, then chance.
    pub fn next(&self) -> Option<Fault> {
        if let Some(f) = lock(&self.queued).pop_front() {
            return Some(f);
        }
        let rate = self.rate();
        if rate <= 0.0 {
            return None;
        }
        let mut rng = rand::rng();
        if rng.random::<f64>() >= rate {
            return None;
        }
        Some(match rng.random_range(0..3) {
            0 => Fault::SystemBusy,
            1 => Fault::Http500,
            _ => Fault::DropConnection,
        })
    }
}
