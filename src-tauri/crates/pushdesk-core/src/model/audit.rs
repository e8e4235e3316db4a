//! The audit trail: who did what, when, from which machine (issue 17). Entries are only ever
//! added; the store refuses to change or remove one.

use serde::{Deserialize, Serialize};

use crate::sendlog::LogFilter;

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    AccountAdded,
    AccountChanged,
    AccountRemoved,
    TemplatesSynced,
    CampaignCreated,
    /// Another sender approved a campaign above the team's threshold.
    CampaignApproved,
    CampaignStarted,
    CampaignResumed,
    CampaignResent,
    CampaignPaused,
    CampaignCancelled,
    CampaignRescheduled,
    CampaignUnscheduled,
    CampaignSkipped,
    SeriesStopped,
    SuppressionAdded,
    SuppressionRemoved,
    LogExported,
    /// A login was given a role in the team.
    TeamMemberSet,
    /// An admin changed the recipient count above which a campaign needs approval.
    ApprovalThresholdSet,
}

impl AuditAction {
    /// Every action, in the order the audit page's filter lists them.
    pub const ALL: [AuditAction; 20] = [
        AuditAction::AccountAdded,
        AuditAction::AccountChanged,
        AuditAction::AccountRemoved,
        AuditAction::TemplatesSynced,
        AuditAction::CampaignCreated,
        AuditAction::CampaignApproved,
        AuditAction::CampaignStarted,
        AuditAction::CampaignResumed,
        AuditAction::CampaignResent,
        AuditAction::CampaignPaused,
        AuditAction::CampaignCancelled,
        AuditAction::CampaignRescheduled,
        AuditAction::CampaignUnscheduled,
        AuditAction::CampaignSkipped,
        AuditAction::SeriesStopped,
        AuditAction::SuppressionAdded,
        AuditAction::SuppressionRemoved,
        AuditAction::LogExported,
        AuditAction::TeamMemberSet,
        AuditAction::ApprovalThresholdSet,
    ];

    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::AccountAdded => "account_added",
            AuditAction::AccountChanged => "account_changed",
            AuditAction::AccountRemoved => "account_removed",
            AuditAction::TemplatesSynced => "templates_synced",
            AuditAction::CampaignCreated => "campaign_created",
            AuditAction::CampaignApproved => "campaign_approved",
            AuditAction::CampaignStarted => "campaign_started",
            AuditAction::CampaignResumed => "campaign_resumed",
            AuditAction::CampaignResent => "campaign_resent",
            AuditAction::CampaignPaused => "campaign_paused",
            AuditAction::CampaignCancelled => "campaign_cancelled",
            AuditAction::CampaignRescheduled => "campaign_rescheduled",
            AuditAction::CampaignUnscheduled => "campaign_unscheduled",
            AuditAction::CampaignSkipped => "campaign_skipped",
            AuditAction::SeriesStopped => "series_stopped",
            AuditAction::SuppressionAdded => "suppression_added",
            AuditAction::SuppressionRemoved => "suppression_removed",
            AuditAction::LogExported => "log_exported",
            AuditAction::TeamMemberSet => "team_member_set",
            AuditAction::ApprovalThresholdSet => "approval_threshold_set",
        }
    }

    /// Reads a stored or typed value.
    pub fn parse(text: &str) -> Option<Self> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// What an action says besides its subject; each field only where it means something.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditDetail {
    /// Recipients of a campaign made; rows written by an export; openids put on or taken off
    /// the suppression list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// Templates a sync found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub templates: Option<u32>,
    /// The send log's filter an export wrote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<LogFilter>,
    /// The file an export wrote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The role a login was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<super::TeamRole>,
    /// The recipient count above which a campaign needs approval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
}

/// An action to add to the trail; the desk adds who, where and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub action: AuditAction,
    pub account_id: Option<i64>,
    pub campaign_id: Option<i64>,
    /// The account's or campaign's name now: the trail keeps it after a rename or removal.
    pub subject: String,
    pub detail: AuditDetail,
}

/// One entry of the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i64,
    /// Unix milliseconds.
    pub at: i64,
    /// The person: the desk's OS user, or the login on a shared store.
    pub actor: String,
    /// The desk's host name.
    pub machine: String,
    pub action: AuditAction,
    pub account_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub subject: String,
    pub detail: AuditDetail,
}

/// Which entries to list: a half-open time range `[from_ms, to_ms)`, some actions (all when
/// empty), one person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditFilter {
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub actions: Vec<AuditAction>,
    pub actor: Option<String>,
}

/// A page of the trail, newest first. `next` continues after the last entry (none at the end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next: Option<i64>,
}
