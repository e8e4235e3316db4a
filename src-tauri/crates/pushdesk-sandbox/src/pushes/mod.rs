//! The event pushes (消息推送) WeChat sends to the company's server URL: a receipt for every
//! delivered message (`subscribe_msg_sent_event`; an Official Account's template messages get
//! `TEMPLATESENDJOBFINISH`), the user's answers to a subscription popup
//! (`subscribe_msg_popup_event`) and 拒收 set in a card's menu (`subscribe_msg_change_event`).
//!
//! A desktop app never receives them directly; the company's server exports them and Pushdesk
//! imports the export. The sandbox keeps them in a journal and writes them in exactly WeChat's
//! XML or JSON shape, so that import can be exercised without WeChat.

mod journal;
mod json;
mod openid;
mod xml;

use serde::{Deserialize, Serialize};

pub use journal::{NewPush, PushJournal};

/// `ErrorCode` of a `subscribe_msg_sent_event` reporting an asynchronous system failure (with
/// `ErrorStatus` "fail"): WeChat took the send, answered `errcode 0` with a msgid, and then could
/// not deliver it.
pub const ASYNC_FAILURE_ERRCODE: i64 = 10005;

/// One event push, as the company's server would have received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Push {
    /// Position in the journal: 1, 2, … in the order recorded, never reused (not even after
    /// [`crate::SandboxControl::clear_pushes`]), so a reader can ask for what came after it.
    pub seq: u64,
    /// The account the push is about (`ToUserName` is its original id, [`Push::to_user_name`]).
    pub appid: String,
    /// `FromUserName`: the user.
    pub openid: String,
    /// `CreateTime`: unix seconds on the sandbox clock (which `advance_clock` moves).
    pub create_time: u64,
    /// What happened.
    pub event: PushEvent,
}

/// The three subscribe-message events, and the Official Account's template-message receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushEvent {
    /// `subscribe_msg_sent_event`: the receipt of one delivered send.
    Sent {
        /// `TemplateId`.
        template_id: String,
        /// `MsgID`: the msgid the send was answered with (or would have been, had a fault after
        /// delivery not lost the answer).
        msgid: u64,
        /// `ErrorCode`: 0, or [`ASYNC_FAILURE_ERRCODE`].
        error_code: i64,
        /// `ErrorStatus`: "success" or "fail".
        error_status: String,
    },
    /// `subscribe_msg_popup_event`: one popup, one item per template it asked about.
    Popup {
        /// The `List` items, in the popup's order.
        items: Vec<PopupItem>,
    },
    /// `subscribe_msg_change_event`: WeChat pushes only 拒收 (`reject`), one item per template.
    Change {
        /// The templates rejected.
        template_ids: Vec<String>,
    },
    /// `TEMPLATESENDJOBFINISH`: the receipt of one Official Account template message (top-level
    /// `MsgID` and `Status`, no `List`).
    TemplateSendJobFinish {
        /// `MsgID`: the msgid the send was answered with (or would have been).
        msgid: u64,
        /// `Status`: see [`TemplateJobStatus::as_str`].
        status: String,
    },
}

/// `Status` of a `TEMPLATESENDJOBFINISH` push, spelled exactly as WeChat does (one of them with
/// a space after the colon, one without).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateJobStatus {
    /// Delivered.
    Success,
    /// The user refuses the account's messages.
    UserBlock,
    /// WeChat took the send (and answered a msgid), then failed to deliver it.
    SystemFailed,
}

impl TemplateJobStatus {
    /// `success`, `failed:user block` or `failed: system failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateJobStatus::Success => "success",
            TemplateJobStatus::UserBlock => "failed:user block",
            TemplateJobStatus::SystemFailed => "failed: system failed",
        }
    }
}

/// One template's answer in a popup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PopupItem {
    /// `TemplateId`.
    pub template_id: String,
    /// `SubscribeStatusString`.
    pub status: SubscribeStatus,
    /// `PopupScene`: 0 for a popup opened by `wx.requestSubscribeMessage`.
    #[serde(default)]
    pub popup_scene: u32,
}

impl PopupItem {
    /// The user tapped "allow" for `template_id` in a `wx.requestSubscribeMessage` popup.
    pub fn accept(template_id: &str) -> Self {
        Self { template_id: template_id.to_owned(), status: SubscribeStatus::Accept, popup_scene: 0 }
    }

    /// The user declined `template_id` in a `wx.requestSubscribeMessage` popup.
    pub fn reject(template_id: &str) -> Self {
        Self { template_id: template_id.to_owned(), status: SubscribeStatus::Reject, popup_scene: 0 }
    }
}

/// `SubscribeStatusString`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubscribeStatus {
    /// "accept": one more one-time authorisation.
    Accept,
    /// "reject".
    Reject,
}

impl SubscribeStatus {
    fn as_str(self) -> &'static str {
        match self {
            SubscribeStatus::Accept => "accept",
            SubscribeStatus::Reject => "reject",
        }
    }
}

impl Push {
    /// `ToUserName`: the account's original id, `gh_` and 12 hex digits derived from the appid
    /// (FNV-1a, so it stays the same across runs and Rust versions).
    pub fn to_user_name(&self) -> String {
        original_id(&self.appid)
    }

    /// The push as WeChat's plaintext XML, on one line.
    pub fn to_xml(&self) -> String {
        xml::document(self)
    }

    /// The push as WeChat's JSON mode, on one line.
    pub fn to_json(&self) -> String {
        json::object(self)
    }

    /// The `Event` name.
    fn event_name(&self) -> &'static str {
        match self.event {
            PushEvent::Sent { .. } => "subscribe_msg_sent_event",
            PushEvent::Popup { .. } => "subscribe_msg_popup_event",
            PushEvent::Change { .. } => "subscribe_msg_change_event",
            PushEvent::TemplateSendJobFinish { .. } => "TEMPLATESENDJOBFINISH",
        }
    }
}

/// Which pushes to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushQuery {
    /// Only pushes with a greater `seq`; 0 for all.
    pub after: u64,
    /// Only this app's pushes.
    pub appid: Option<String>,
    /// At most this many, the oldest first.
    pub limit: Option<usize>,
}

/// Pushes as an export file of WeChat's XML: one document per line.
pub fn xml_lines(pushes: &[Push]) -> String {
    lines(pushes, Push::to_xml)
}

/// Pushes as JSON lines of WeChat's JSON mode.
pub fn json_lines(pushes: &[Push]) -> String {
    lines(pushes, Push::to_json)
}

fn lines(pushes: &[Push], line: fn(&Push) -> String) -> String {
    let mut out = String::new();
    for p in pushes {
        out.push_str(&line(p));
        out.push('\n');
    }
    out
}

fn original_id(appid: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in appid.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("gh_{:012x}", hash & 0xffff_ffff_ffff)
}

/// One push of the demo app as the exports' tests write it.
#[cfg(test)]
pub(crate) fn sample(event: PushEvent) -> Push {
    Push {
        seq: 1,
        appid: "wxdemo0000sandbox1".into(),
        openid: "OPENID".into(),
        create_time: 1_620_963_428,
        event,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_id_is_gh_and_12_hex_digits_stable_per_appid() {
        let a = original_id(crate::DEMO_APPID);
        assert_eq!(a.len(), 15, "{a}");
        assert!(a.starts_with("gh_"));
        assert!(a[3..].bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{a}");
        // Pinned: an importer may have stored it.
        assert_eq!(a, "gh_31819fdd45f7");
        assert_ne!(original_id("wx0000000000000001"), a);
    }
}
