//! Injected failures of `subscribe/send`: queued for the next N sends, or drawn at random.
//!
//! A fault sits on one side of delivery. Before delivery, the message never reaches the user
//! (WeChat refused, its front end failed, the connection broke on the way in). After delivery,
//! the user has the message but the answer is lost on the way back — a gateway or a company
//! relay answering 502/504 after WeChat delivered, or a connection that breaks. A client must
//! treat the second kind as "unknown", never as "failed" and never resend it.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::state::lock;

/// A failure the sandbox can answer a send with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Before delivery: `{"errcode":-1,"errmsg":"system error …"}`.
    SystemBusy,
    /// Before delivery: HTTP 500 with an HTML body, like a failing WeChat front end.
    Http500,
    /// Before delivery: HTTP 502 from the "gateway".
    Http502,
    /// Before delivery: the request is read, then the socket is closed without an answer. The
    /// client cannot know whether the message was delivered (it was not).
    DropConnection,
    /// The send is processed normally (and delivered if valid) but answered this much later,
    /// to provoke client timeouts after delivery.
    SlowResponse(Duration),
    /// Before delivery: `{"errcode":N,…}` for any code, with WeChat's errmsg where known.
    Errcode(i64),
    /// After delivery: the send is processed normally — validated, the user's one-time
    /// subscription consumed, counted as delivered with a msgid — and then answered HTTP 502
    /// with a gateway's HTML page.
    Http502AfterDelivery,
    /// After delivery: as [`Fault::Http502AfterDelivery`], answered HTTP 504 (a gateway that
    /// gave up waiting for WeChat's answer).
    Http504AfterDelivery,
    /// After delivery: as [`Fault::Http502AfterDelivery`], but the connection is closed without
    /// any answer.
    DropAfterDelivery,
}

impl Fault {
    /// Whether the fault strikes after the message was delivered.
    ///
    /// Such a fault applies to the next send that is delivered: a send WeChat refuses (47003,
    /// 43101, 43108, …) is answered normally and leaves the fault queued.
    pub fn is_after_delivery(&self) -> bool {
        matches!(self, Fault::Http502AfterDelivery | Fault::Http504AfterDelivery | Fault::DropAfterDelivery)
    }
}

/// JSON form of a fault for the HTTP control API, e.g. `{"fault":"slow_response","ms":3000}`.
/// Token faults ([`crate::TokenFault`]) use the same shape.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FaultSpec {
    /// Send faults — before delivery: `system_busy`, `http500` (`http500_before_delivery`),
    /// `http502` (`http502_before_delivery`), `drop_connection` (`drop_before_delivery`),
    /// `errcode`; either side: `slow_response`; after delivery: `http502_after_delivery`,
    /// `http504_after_delivery`, `drop_after_delivery`. Token faults: `errcode`, `http500`,
    /// `http502`, `http503`, `http504`, `http` (with `status`), `drop_connection`.
    pub fault: String,
    /// Delay for `slow_response`.
    #[serde(default)]
    pub ms: Option<u64>,
    /// Code for `errcode`.
    #[serde(default)]
    pub errcode: Option<i64>,
    /// HTTP status (500–599) for the token fault `http`.
    #[serde(default)]
    pub status: Option<u16>,
}

impl TryFrom<&FaultSpec> for Fault {
    type Error = String;

    fn try_from(spec: &FaultSpec) -> Result<Self, Self::Error> {
        Ok(match spec.fault.as_str() {
            "system_busy" => Fault::SystemBusy,
            // The short names came first and stay: they are the before-delivery faults.
            "http500" | "http_500" | "http500_before_delivery" => Fault::Http500,
            "http502" | "http_502" | "http502_before_delivery" => Fault::Http502,
            "drop_connection" | "drop_before_delivery" | "drop_connection_before_delivery" => {
                Fault::DropConnection
            }
            "slow_response" => {
                Fault::SlowResponse(Duration::from_millis(spec.ms.ok_or("slow_response needs \"ms\"")?))
            }
            "errcode" => Fault::Errcode(spec.errcode.ok_or("errcode needs \"errcode\"")?),
            "http502_after_delivery" => Fault::Http502AfterDelivery,
            "http504_after_delivery" => Fault::Http504AfterDelivery,
            "drop_after_delivery" | "drop_connection_after_delivery" => Fault::DropAfterDelivery,
            other => return Err(format!("unknown fault {other:?}")),
        })
    }
}

/// A share (0..=1) readable without a lock: sends read it on every request.
#[derive(Debug, Default)]
struct Rate(AtomicU64);

impl Rate {
    fn set(&self, rate: f64) {
        let rate = if rate.is_finite() { rate.clamp(0.0, 1.0) } else { 0.0 };
        self.0.store(rate.to_bits(), Ordering::Relaxed);
    }

    fn get(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::Relaxed))
    }

    /// Whether this draw hits.
    fn hits(&self) -> bool {
        let rate = self.get();
        rate > 0.0 && rand::rng().random::<f64>() < rate
    }
}

/// Where a send's fault comes from.
#[derive(Debug, Default)]
pub struct FaultPlan {
    queued: Mutex<VecDeque<Fault>>,
    /// Chance of a random fault before delivery.
    before: Rate,
    /// Chance of a random fault after delivery, drawn only for delivered sends.
    after: Rate,
    /// Chance that a delivered send's receipt push reports an asynchronous failure.
    async_failure: Rate,
}

impl FaultPlan {
    pub fn new(before_rate: f64, after_rate: f64, async_failure_rate: f64) -> Self {
        let plan = Self::default();
        plan.before.set(before_rate);
        plan.after.set(after_rate);
        plan.async_failure.set(async_failure_rate);
        plan
    }

    pub fn set_rate(&self, rate: f64) {
        self.before.set(rate);
    }

    pub fn set_after_delivery_rate(&self, rate: f64) {
        self.after.set(rate);
    }

    pub fn set_async_failure_rate(&self, rate: f64) {
        self.async_failure.set(rate);
    }

    pub fn queue(&self, fault: Fault, count: usize) {
        let mut q = lock(&self.queued);
        q.extend(std::iter::repeat_n(fault, count));
    }

    /// Puts an after-delivery fault back at the head of the queue: the send it was taken for
    /// was not delivered, so it waits for the next one that is.
    pub fn requeue_front(&self, fault: Fault) {
        lock(&self.queued).push_front(fault);
    }

    pub fn clear(&self) {
        lock(&self.queued).clear();
    }

    pub fn queued_len(&self) -> usize {
        lock(&self.queued).len()
    }

    /// The fault for the send being processed now, if any: queued faults first, then a random
    /// one before delivery.
    pub fn next(&self) -> Option<Fault> {
        if let Some(f) = lock(&self.queued).pop_front() {
            return Some(f);
        }
        if !self.before.hits() {
            return None;
        }
        Some(match rand::rng().random_range(0..3) {
            0 => Fault::SystemBusy,
            1 => Fault::Http500,
            _ => Fault::DropConnection,
        })
    }

    /// A random fault after delivery for a send just delivered, if the after-delivery rate hits.
    pub fn draw_after_delivery(&self) -> Option<Fault> {
        if !self.after.hits() {
            return None;
        }
        Some(match rand::rng().random_range(0..3) {
            0 => Fault::Http502AfterDelivery,
            1 => Fault::Http504AfterDelivery,
            _ => Fault::DropAfterDelivery,
        })
    }

    /// Whether a send just delivered fails asynchronously: WeChat took it (and gave it a msgid),
    /// then its `subscribe_msg_sent_event` push reports a system failure.
    pub fn draw_async_failure(&self) -> bool {
        self.async_failure.hits()
    }
}
