//! The things Pushdesk keeps — campaigns, recipients, attempts — and the rules of a campaign's
//! life. Plain data: nothing here reads the store or talks to WeChat, so the store, the engine
//! and the use cases can all depend on it without depending on each other.

mod attempt;
mod audit;
mod campaign;
mod contact_rules;
mod jump;
pub mod lifecycle;
mod series;
mod team;

pub use attempt::{AttemptOutcome, AttemptStatus, Delivery, Departures, ErrcodeCount, SendingMark};
pub use audit::{AuditAction, AuditDetail, AuditEntry, AuditFilter, AuditPage, AuditRecord};
pub use campaign::{
    now_ms, Campaign, CampaignKind, CampaignStatus, Counts, MessageChannel, MessageSpec, NewCampaign,
    NewRecipient, ReasonKind, RecipientRow, RecipientState, StatusReason, Timing, DAY_MS,
    DEFAULT_GRACE_MINUTES,
};
pub use contact_rules::{
    skipped_reason, suppressed_reason, FrequencyCap, SuppressedEntry, SuppressionAdded, SuppressionList,
    SuppressionSource, SUPPRESSED_WHY,
};
pub use lifecycle::{CampaignAction, ControlRequest, ResendKind};
pub use series::{Series, SeriesAudience, SeriesView};
pub use team::TeamRole;
