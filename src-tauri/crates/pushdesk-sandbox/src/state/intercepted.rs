//! Template messages WeChat intercepted as purely promotional ("对于纯为营销推广的模板消息，平台将
//! 会进行拦截"): answered like any send, never delivered, listed by `/wxa/sec/queryblocktmplmsg`.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::Serialize;

use super::lock;

/// Intercepted messages kept (the oldest are forgotten first).
const KEPT: usize = 100_000;

/// One intercepted message, in the fields `queryblocktmplmsg` answers with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterceptedMessage {
    /// Record id, 1, 2, …: the `largest_id` a reader pages with.
    pub id: u32,
    /// The template (WeChat's name for it here: `tmpl_msg_id`).
    pub tmpl_msg_id: String,
    /// The template's title.
    pub title: String,
    /// The template's content with the values sent.
    pub content: String,
    /// When it was sent (unix seconds, sandbox clock).
    pub send_timestamp: u64,
    /// To whom.
    pub openid: String,
}

#[derive(Debug, Default)]
struct Inner {
    kept: VecDeque<InterceptedMessage>,
    last_id: u32,
}

/// Every intercepted message, up to the last [`KEPT`].
#[derive(Debug, Default)]
pub struct InterceptedLog(Mutex<Inner>);

impl InterceptedLog {
    /// Records an interception; the record's fields but `id` are given.
    pub fn record(&self, mut message: InterceptedMessage) {
        let mut inner = lock(&self.0);
        inner.last_id += 1;
        message.id = inner.last_id;
        if inner.kept.len() == KEPT {
            inner.kept.pop_front();
        }
        inner.kept.push_back(message);
    }

    /// Every interception kept, oldest first.
    pub fn all(&self) -> Vec<InterceptedMessage> {
        lock(&self.0).kept.iter().cloned().collect()
    }

    /// Up to `limit` interceptions of template `tmpl_msg_id` with an id above `largest_id`,
    /// oldest first.
    pub fn page(&self, tmpl_msg_id: &str, largest_id: u32, limit: usize) -> Vec<InterceptedMessage> {
        lock(&self.0)
            .kept
            .iter()
            .filter(|m| m.id > largest_id && m.tmpl_msg_id == tmpl_msg_id)
            .take(limit)
            .cloned()
            .collect()
    }
}
