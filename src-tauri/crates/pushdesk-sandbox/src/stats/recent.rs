//! The last messages delivered, as a user's phone would show them: what a test checks when a
//! count is not enough (which page a card opens, what an Official Account card displayed).

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
    /// Which API delivered it.
    #[serde(default)]
    pub channel: DeliveryChannel,
    /// The msgid the send was answered with (or would have been, had a fault after delivery not
    /// lost the answer).
    #[serde(default)]
    pub msgid: u64,
    /// Template messages: the web page the card opens (`url`); empty when none.
    #[serde(default)]
    pub url: String,
    /// Template messages: the keyword lines the card displayed, in the template's order, after
    /// WeChat's 2023 display rules (`first`/`remark` gone, emoji removed, long values cut).
    /// Empty for subscribe messages.
    #[serde(default)]
    pub shown: Vec<ShownKeyword>,
}

impl Delivery {
    /// The value the card displayed for `key`, if it displayed that keyword.
    pub fn shown_value(&self, key: &str) -> Option<&str> {
        self.shown.iter().find(|k| k.key == key).map(|k| k.value.as_str())
    }
}

/// The API a message came through.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryChannel {
    /// A mini program's `subscribe/send`.
    #[default]
    Subscribe,
    /// An Official Account's `message/template/send`.
    Template,
}

/// One line of a delivered template card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownKeyword {
    /// The keyword's key, e.g. `keyword1` or `thing1`.
    pub key: String,
    /// The label before it, e.g. `订单号`.
    pub label: String,
    /// What the user saw.
    pub value: String,
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
