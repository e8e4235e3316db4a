//! What the campaigns of one account (AppID) share in this process: one rate limit and one set
//! of openids with a request in flight. Two campaigns on the same list therefore never send to
//! one person at once (43108) and never add up to more than the rate.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::inflight::InFlight;
use super::limiter::RateLimiter;

/// The gate of one account.
#[derive(Debug, Default)]
pub struct AccountGate {
    pub(crate) limiter: RateLimiter,
    pub(crate) inflight: InFlight,
    runs: Mutex<usize>,
}

/// A run's use of a gate; the gate knows how many runs use it.
pub(crate) struct GateUse {
    gate: Arc<AccountGate>,
}

impl Drop for GateUse {
    fn drop(&mut self) {
        let mut runs = self.gate.runs.lock().unwrap_or_else(|p| p.into_inner());
        *runs = runs.saturating_sub(1);
    }
}

impl AccountGate {
    /// Starts using the gate for a run. Returns whether it is the only run using it, in which
    /// case the limiter should be seeded from the journal (a run killed a moment ago may have
    /// used the last second).
    pub(crate) fn enter(self: &Arc<Self>) -> (GateUse, bool) {
        let mut runs = self.runs.lock().unwrap_or_else(|p| p.into_inner());
        *runs += 1;
        (GateUse { gate: Arc::clone(self) }, *runs == 1)
    }
}

/// The gates of every account this process sends for.
#[derive(Debug, Default)]
pub struct AccountGates {
    gates: Mutex<HashMap<i64, Arc<AccountGate>>>,
}

impl AccountGates {
    /// The gate of `account_id`.
    pub fn gate(&self, account_id: i64) -> Arc<AccountGate> {
        let mut gates = self.gates.lock().unwrap_or_else(|p| p.into_inner());
        Arc::clone(gates.entry(account_id).or_default())
    }
}
