//! WeChat's event pushes (消息推送): delivery receipts of subscribe and template messages, and
//! the subscription popups and changes the grant ledger counts. They reach Pushdesk from files
//! a company's server logged (`read`) or through the receiver (`receiver`); either way the
//! store takes them in idempotently (`store/events.rs`).

pub mod crypto;
mod parse;
pub mod read;
pub mod receiver;
pub mod split;

use serde::Serialize;
use sha1::{Digest, Sha1};

pub use crypto::PushKeys;
pub use parse::{parse, Envelope, Parsed};

/// What one event says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PushKind {
    /// `subscribe_msg_sent_event`: a subscribe message's delivery result.
    Sent,
    /// `subscribe_msg_popup_event` with `accept`: one more one-time grant.
    PopupAccept,
    /// `subscribe_msg_popup_event` with `reject`.
    PopupReject,
    /// `subscribe_msg_change_event`: the user turned the template off in WeChat's settings.
    ChangeReject,
    /// `TEMPLATESENDJOBFINISH`: an Official Account template message's delivery result.
    TemplateJob,
}

impl PushKind {
    /// The value stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            PushKind::Sent => "sent",
            PushKind::PopupAccept => "popup_accept",
            PushKind::PopupReject => "popup_reject",
            PushKind::ChangeReject => "change_reject",
            PushKind::TemplateJob => "template_job",
        }
    }

    /// Whether it tells a send's delivery (rather than a subscription).
    pub fn is_receipt(self) -> bool {
        matches!(self, PushKind::Sent | PushKind::TemplateJob)
    }
}

/// One event: one `List` item of a push, with the push's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushEvent {
    /// What it says.
    pub kind: PushKind,
    /// `ToUserName`: the mini program's or Official Account's original id (`gh_…`).
    pub to_user: String,
    /// `FromUserName`: the user.
    pub openid: String,
    /// `CreateTime`, unix seconds.
    pub created_at: i64,
    /// `TemplateId` (none for template jobs).
    pub template_id: Option<String>,
    /// `MsgID`, exact digits.
    pub msgid: Option<String>,
    /// `ErrorCode` (0 = delivered); template jobs: 0 for `success`, 1 otherwise.
    pub code: Option<i64>,
    /// `ErrorStatus`, `SubscribeStatusString` or `Status`, as pushed.
    pub status: Option<String>,
    /// `PopupScene`.
    pub scene: Option<i64>,
}

impl PushEvent {
    /// What makes two events the same push: WeChat retries a push it got no answer to, and a
    /// file may be imported twice, so the same fields are stored once. The time comes first
    /// (big-endian): pushes arrive in about time order, so the unique index grows at its end
    /// instead of taking a random page per event.
    pub fn digest(&self) -> [u8; 20] {
        let mut h = Sha1::new();
        for part in [
            self.kind.as_str(),
            &self.openid,
            self.template_id.as_deref().unwrap_or(""),
            self.msgid.as_deref().unwrap_or(""),
            self.status.as_deref().unwrap_or(""),
        ] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        h.update(self.code.unwrap_or(i64::MIN).to_le_bytes());
        h.update(self.scene.unwrap_or(i64::MIN).to_le_bytes());
        let hash: [u8; 20] = h.finalize().into();
        let mut digest = [0u8; 20];
        digest[..8].copy_from_slice(&self.created_at.to_be_bytes());
        digest[8..].copy_from_slice(&hash[..12]);
        digest
    }

    /// Whether a receipt says the message reached the user.
    pub fn delivered(&self) -> bool {
        self.code == Some(0)
    }
}

/// Why a part of an intake was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PushProblemKind {
    /// The file ends (or the next push starts) before this push does.
    Truncated,
    /// Longer than any push.
    TooLong,
    /// Not XML or JSON Pushdesk can read, or a push without a field it needs.
    Unreadable,
    /// A safe-mode push and no EncodingAESKey for the account.
    NoKey,
    /// The signature does not match the account's push Token.
    BadSignature,
    /// The envelope does not open with the account's EncodingAESKey.
    CannotDecrypt,
    /// Encrypted for another AppID.
    OtherAccount,
    /// The file could not be read.
    FileUnreadable,
}

/// One skipped push, where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntakeProblem {
    /// The file (or `request` for the receiver).
    pub file: String,
    /// 1-based line where the push starts.
    pub line: u64,
    /// 0-based byte offset where the push starts.
    pub offset: u64,
    /// Why it was skipped.
    pub kind: PushProblemKind,
    /// Technical detail, in English (the parser's words).
    pub detail: String,
}

/// At most this many problems are listed; all are counted.
pub const LISTED_PROBLEMS: usize = 100;

/// What an intake did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntakeSummary {
    /// Events read (one per `List` item), new or not.
    pub read: u64,
    /// Events stored for the first time.
    pub new: u64,
    /// Events already stored (the same push again).
    pub duplicates: u64,
    /// New receipts matched to a send in the log.
    pub matched: u64,
    /// Of those, sends whose outcome was `unknown`: the receipt confirmed them (now `sent`).
    pub resolved: u64,
    /// New receipts with no send in the log (another system's sends, or older than the log).
    pub unmatched: u64,
    /// Receipts of earlier intakes that found their send this time.
    pub late_matches: u64,
    /// New subscription events (popups and changes) for the ledger.
    pub subscription_events: u64,
    /// Pushes of other kinds (messages, menu clicks): not read.
    pub other: u64,
    /// Pushes skipped as broken; the first [`LISTED_PROBLEMS`] are in `problems`.
    pub malformed: u64,
    /// Where the broken pushes are.
    pub problems: Vec<IntakeProblem>,
}

impl IntakeSummary {
    /// Counts a broken push.
    pub fn problem(&mut self, problem: IntakeProblem) {
        self.malformed += 1;
        if self.problems.len() < LISTED_PROBLEMS {
            self.problems.push(problem);
        }
    }

    /// Adds another intake's counts (several files, several batches).
    pub fn add(&mut self, other: IntakeSummary) {
        self.read += other.read;
        self.new += other.new;
        self.duplicates += other.duplicates;
        self.matched += other.matched;
        self.resolved += other.resolved;
        self.unmatched += other.unmatched;
        self.late_matches += other.late_matches;
        self.subscription_events += other.subscription_events;
        self.other += other.other;
        self.malformed += other.malformed;
        let room = LISTED_PROBLEMS.saturating_sub(self.problems.len());
        self.problems.extend(other.problems.into_iter().take(room));
    }
}
