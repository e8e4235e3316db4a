//! Campaigns, recipients and their states, as stored and as the UI sees them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::lifecycle::CampaignAction;
use crate::schedule::SendWindow;
use crate::wechat::{Lang, MiniprogramState};

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            /// The value stored in SQLite.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored value.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

text_enum! {
    /// What started a send.
    CampaignKind {
        /// One recipient typed into Compose.
        Single = "single",
        /// The account's test openids.
        Test = "test",
        /// A list of recipients.
        Campaign = "campaign",
    }
}

text_enum! {
    /// Where a campaign is in its life.
    CampaignStatus {
        /// Created, not started.
        Ready = "ready",
        /// Waiting for its scheduled time (`scheduled_at`); the scheduler starts it.
        Scheduled = "scheduled",
        /// Outside its send window, rows pending: the scheduler goes on at `resume_at`.
        WaitingWindow = "waiting_window",
        /// Its time passed while nothing ran it, beyond its grace period: a person starts or
        /// skips it — never sent silently hours late.
        Missed = "missed",
        /// Sending now.
        Running = "running",
        /// Paused by the user, a quota, a failure threshold, or an interrupted run.
        Paused = "paused",
        /// Stopped by an error that would fail every row (bad template, IP whitelist, ...).
        Stopped = "stopped",
        /// Cancelled by the user: remaining rows will not be sent.
        Cancelled = "cancelled",
        /// Every row reached a final state.
        Finished = "finished",
    }
}

text_enum! {
    /// A recipient row's state. `sending` is committed before the request leaves.
    RecipientState {
        /// Not sent yet.
        Pending = "pending",
        /// A request is (or was, before a crash) in flight.
        Sending = "sending",
        /// WeChat accepted it.
        Sent = "sent",
        /// The user has no subscription left (43101): not a failure.
        NotSubscribed = "not_subscribed",
        /// WeChat refused it for a reason of this row.
        Failed = "failed",
        /// WeChat may or may not have delivered it; never resent automatically.
        Unknown = "unknown",
        /// Not sent: invalid, duplicate or suppressed before sending.
        Skipped = "skipped",
        /// Not sent: the campaign was cancelled.
        Cancelled = "cancelled",
    }
}

impl RecipientState {
    /// Whether the row will not change again by itself.
    pub fn is_final(self) -> bool {
        !matches!(self, RecipientState::Pending | RecipientState::Sending)
    }
}

/// What to send: the template's keyword values (which may contain `{{column}}` placeholders),
/// the page and the two options WeChat requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MessageSpec {
    /// Keyword key → value as typed (placeholders unfilled).
    pub values: BTreeMap<String, String>,
    /// Mini program page the card opens; none → the card opens nothing. For an Official
    /// Account, a page of the mini program `miniprogram_appid`.
    pub page: Option<String>,
    /// Which build the card opens.
    pub miniprogram_state: MiniprogramState,
    /// Language of the card's footer link.
    pub lang: Lang,
    /// An Official Account's template message: the web page the card opens ("详情").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// An Official Account's template message: the bound mini program (AppID) whose `page`
    /// the card opens ("进入小程序查看"); WeChat prefers it to `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub miniprogram_appid: Option<String>,
}

/// Which kind of WeChat message a campaign sends: fixed by its account's kind when it is made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MessageChannel {
    /// A mini program's subscribe message (订阅消息).
    #[default]
    SubscribeMessage,
    /// An Official Account's template message (模板消息).
    TemplateMessage,
}

impl MessageChannel {
    /// The value stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageChannel::SubscribeMessage => "subscribe_message",
            MessageChannel::TemplateMessage => "template_message",
        }
    }

    /// Parses the stored value.
    pub fn parse(value: &str) -> Option<MessageChannel> {
        match value {
            "subscribe_message" => Some(MessageChannel::SubscribeMessage),
            "template_message" => Some(MessageChannel::TemplateMessage),
            _ => None,
        }
    }
}

/// Why a campaign paused, stopped or ended the way it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusReason {
    /// What happened.
    pub kind: ReasonKind,
    /// WeChat's errcode behind it, if any.
    pub errcode: Option<i64>,
    /// The catalogue entry behind it (the same errcode means different things from the token
    /// endpoint and from the send call), if any.
    pub failure: Option<crate::wechat::Failure>,
    /// A sentence with the details.
    pub message: String,
}

/// The kinds of [`StatusReason`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// The user pressed pause or cancel.
    User,
    /// The app or CLI stopped while the campaign ran.
    Interrupted,
    /// WeChat's daily quota (45009).
    Quota,
    /// An error that every row would hit.
    CampaignError,
    /// Too many rows failed in a row.
    FailureThreshold,
    /// No access token could be had (the token endpoint refused or failed): no row was sent.
    Token,
    /// WeChat (or the relay, or the proxy) could not be reached: no request left.
    Unreachable,
    /// The local database could not be written; rows whose outcome was not recorded are
    /// resolved when Pushdesk next starts.
    Store,
    /// The send window closed: the campaign waits for it to open again.
    Window,
    /// The scheduled time passed beyond the grace period while nothing ran the scheduler.
    Missed,
    /// A recurring run's recipient file is missing or invalid: the run did not start.
    Audience,
}

/// Row counts by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// All rows.
    pub total: u32,
    /// Not sent yet.
    pub pending: u32,
    /// In flight.
    pub sending: u32,
    /// Accepted by WeChat.
    pub sent: u32,
    /// No subscription left.
    pub not_subscribed: u32,
    /// Refused.
    pub failed: u32,
    /// Outcome unknown.
    pub unknown: u32,
    /// Skipped before sending.
    pub skipped: u32,
    /// Cancelled.
    pub cancelled: u32,
    /// Of the sent rows, those a receipt says reached the user (not a state: beside `sent`).
    pub delivered: u32,
    /// Of the sent rows, those a receipt says failed after WeChat accepted them.
    pub delivery_failed: u32,
}

impl Counts {
    /// Adds `n` rows in `state`.
    pub fn add(&mut self, state: RecipientState, n: u32) {
        *self.slot(state) += n;
        self.total += n;
    }

    /// The counter of `state`.
    pub fn slot(&mut self, state: RecipientState) -> &mut u32 {
        match state {
            RecipientState::Pending => &mut self.pending,
            RecipientState::Sending => &mut self.sending,
            RecipientState::Sent => &mut self.sent,
            RecipientState::NotSubscribed => &mut self.not_subscribed,
            RecipientState::Failed => &mut self.failed,
            RecipientState::Unknown => &mut self.unknown,
            RecipientState::Skipped => &mut self.skipped,
            RecipientState::Cancelled => &mut self.cancelled,
        }
    }

    /// Rows not in a final state.
    pub fn remaining(&self) -> u32 {
        self.pending + self.sending
    }
}

/// A campaign with its counts.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Campaign {
    /// Row id.
    pub id: i64,
    /// The account it sends from.
    pub account_id: i64,
    /// Single, test or campaign.
    pub kind: CampaignKind,
    /// Subscribe or template messages.
    pub channel: MessageChannel,
    /// A name for people.
    pub name: String,
    /// The private template id.
    pub template_id: String,
    /// The template's title when the campaign was made.
    pub template_title: String,
    /// What is sent.
    pub message: MessageSpec,
    /// Where it is in its life.
    pub status: CampaignStatus,
    /// Why it paused or stopped.
    pub status_reason: Option<StatusReason>,
    /// Messages per second, never exceeded in any one-second window.
    pub rate: u32,
    /// Requests in flight at most.
    pub concurrency: u32,
    /// Rows by state.
    pub counts: Counts,
    /// What a person may do with it now, from the lifecycle table: the UI offers exactly these.
    pub actions: Vec<CampaignAction>,
    /// The campaign this one resends rows of.
    pub parent_id: Option<i64>,
    /// Who made it: the OS user name, or the login on a shared store.
    pub created_by: String,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds.
    pub started_at: Option<i64>,
    /// Unix milliseconds.
    pub finished_at: Option<i64>,
    /// When it was archived (unix ms): kept, but out of the way.
    pub archived_at: Option<i64>,
    /// When it is (or was) due to start (unix ms), for a scheduled campaign or a series' run.
    pub scheduled_at: Option<i64>,
    /// The daily hours it may send in; `None` sends at any hour.
    pub window: Option<SendWindow>,
    /// The IANA zone its schedule and window read wall-clock time in.
    pub timezone: Option<String>,
    /// How late after its time (or its window's opening) a run may still start by itself.
    pub grace_minutes: u32,
    /// When a campaign waiting for its window goes on (unix ms).
    pub resume_at: Option<i64>,
    /// The recurring series this campaign is a run of.
    pub series_id: Option<i64>,
    /// The series' next run (unix ms), for a run of a series that goes on.
    pub next_run_at: Option<i64>,
    /// Where it stands with the team's approval (a shared store's rule).
    pub approval: super::lifecycle::ApprovalState,
    /// The login that approved it as it is.
    pub approved_by: Option<String>,
    /// When (unix ms).
    pub approved_at: Option<i64>,
}

/// When and in which hours a campaign sends: what a new campaign is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Timing {
    /// Start at this time (unix ms) rather than now.
    pub scheduled_at: Option<i64>,
    /// Send only in these hours; `None` sends at any hour.
    pub window: Option<SendWindow>,
    /// The IANA zone the time and window are read in; `None`: this machine's.
    pub timezone: Option<String>,
    /// How late after its time a run may still start by itself, in minutes.
    pub grace_minutes: u32,
}

/// The grace period a scheduled run gets unless told otherwise: an hour late is still
/// "this morning's" message; later, a person decides.
pub const DEFAULT_GRACE_MINUTES: u32 = 60;

impl Default for Timing {
    fn default() -> Self {
        Timing { scheduled_at: None, window: None, timezone: None, grace_minutes: DEFAULT_GRACE_MINUTES }
    }
}

/// A new campaign's settings.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    /// The account it sends from.
    pub account_id: i64,
    /// Single, test or campaign.
    pub kind: CampaignKind,
    /// A name for people.
    pub name: String,
    /// The private template id.
    pub template_id: String,
    /// The template's title.
    pub template_title: String,
    /// What is sent.
    pub message: MessageSpec,
    /// Messages per second, never exceeded in any one-second window.
    pub rate: u32,
    /// Requests in flight at most.
    pub concurrency: u32,
    /// The campaign this one resends rows of.
    pub parent_id: Option<i64>,
    /// Who starts it.
    pub created_by: String,
    /// When and in which hours it sends.
    pub timing: Timing,
    /// The series it is a run of.
    pub series_id: Option<i64>,
}

/// One recipient of the audience snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRecipient {
    /// Row in the user's file as they see it: the spreadsheet's row number or the text file's
    /// line, so the first row under the header is 2 (a header-less list starts at 1). Stored in
    /// `recipients.row_no`; campaigns created before this numbering counted data rows from 1.
    pub row_no: u32,
    /// The openid.
    pub openid: String,
    /// Keyword key → rendered value.
    pub data: BTreeMap<String, String>,
    /// The page filled for this row, when the campaign's page has `{{column}}` placeholders;
    /// `None` sends the campaign's page.
    pub page: Option<String>,
    /// `Pending`, or `Skipped` with a reason.
    pub state: RecipientState,
    /// Why it is skipped.
    pub reason: Option<String>,
    /// The row this one resends.
    pub origin_id: Option<i64>,
}

/// A recipient as the engine reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientRow {
    /// Row id.
    pub id: i64,
    /// The openid.
    pub openid: String,
    /// Keyword key → rendered value.
    pub data: BTreeMap<String, String>,
    /// The row's own page (see [`NewRecipient::page`]).
    pub page: Option<String>,
    /// Attempts made so far.
    pub attempts: u32,
}

/// A day in milliseconds: the windows of the repeat-send check and the frequency cap.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The current time in unix milliseconds.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
