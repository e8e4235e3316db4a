//! The last messages delivered, as a user's phone would show them: what a test checks when a
//! count is not enough (which page a card opens).

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::state::lock;

/// Deliveries kept: a load test delivers millions, a test that reads them sends a few.
const KEPT: usize = 10_000;

/// One delivered message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// Who got it.
    pub openid: String,
    /// The template.
    pub template_id: String,
    /// The page its card opens; empty when none.
    pub page: String,
    /// When it was delivered (unix ms): a scheduled campaign's first message is never early.
    pub at_ms: u64,
}

/// The last [`KEPT`] deliveries, oldest first.
#[derive(Debug, Default)]
pub struct RecentDeliveries(Mutex<VecDeque<Delivery>>);

impl RecentDeliveries {
    pub fn push(&self, delivery: Delivery) {
        let mut kept = lock(&self.0);
        if kept.len() == KEPT {
            kept.pop_front();
        }
        kept.push_back(delivery);
    }

    pub fn snapshot(&self) -> Vec<Delivery> {
        lock(&self.0).iter().cloned().collect()
    }

    pub fn clear(&self) {
        lock(&self.0).clear();
    }
}
