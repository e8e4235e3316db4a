//! The audit trail: each user action of the desk adds who did it, from which machine, when.

use std::path::PathBuf;

use tracing::warn;

use super::Desk;
use crate::model::{AuditAction, AuditDetail, AuditFilter, AuditPage, AuditRecord, Campaign, CampaignAction};
use crate::preferences::Language;
use crate::Result;

/// Entries a page of the trail holds.
pub const AUDIT_PAGE_SIZE: u32 = 100;

/// The entry a campaign action leaves.
fn campaign_audit_action(action: CampaignAction) -> AuditAction {
    match action {
        CampaignAction::Start => AuditAction::CampaignStarted,
        CampaignAction::Resume => AuditAction::CampaignResumed,
        CampaignAction::ResendUnknown | CampaignAction::ResendFailed => AuditAction::CampaignResent,
        CampaignAction::Pause => AuditAction::CampaignPaused,
        CampaignAction::Cancel => AuditAction::CampaignCancelled,
        CampaignAction::Reschedule => AuditAction::CampaignRescheduled,
        CampaignAction::Unschedule => AuditAction::CampaignUnscheduled,
        CampaignAction::Skip => AuditAction::CampaignSkipped,
        CampaignAction::Approve => AuditAction::CampaignApproved,
    }
}

impl Desk {
    /// Adds `record` to the trail as this desk's user and machine. The action has already
    /// happened, so a trail that cannot be written is logged rather than reported as the
    /// action's failure.
    pub(super) async fn audit(&self, record: AuditRecord) {
        let (at, actor, machine) = (self.clock.now_ms(), self.user.clone(), self.machine.clone());
        let action = record.action;
        let written =
            self.with_store(move |store, _| store.append_audit(at, &actor, &machine, &record)).await;
        if let Err(e) = written {
            warn!(action = action.as_str(), error = %e, "the audit trail could not be written");
        }
    }

    /// Adds a campaign action to the trail.
    pub(super) async fn audit_campaign(&self, action: CampaignAction, campaign: &Campaign) {
        self.audit(AuditRecord {
            action: campaign_audit_action(action),
            account_id: Some(campaign.account_id),
            campaign_id: Some(campaign.id),
            subject: campaign.name.clone(),
            detail: AuditDetail::default(),
        })
        .await;
    }

    /// Adds an action on the account `account_id`, named `name` now, to the trail.
    pub(super) async fn audit_account(
        &self,
        action: AuditAction,
        account_id: i64,
        name: String,
        detail: AuditDetail,
    ) {
        self.audit(AuditRecord {
            action,
            account_id: Some(account_id),
            campaign_id: None,
            subject: name,
            detail,
        })
        .await;
    }

    /// Adds a campaign just made, with its recipients, to the trail.
    pub(super) async fn audit_created(&self, id: i64) {
        match self.campaign(id).await {
            Ok(campaign) => {
                self.audit(AuditRecord {
                    action: AuditAction::CampaignCreated,
                    account_id: Some(campaign.account_id),
                    campaign_id: Some(id),
                    subject: campaign.name.clone(),
                    detail: AuditDetail {
                        rows: Some(u64::from(campaign.counts.total)),
                        ..AuditDetail::default()
                    },
                })
                .await
            }
            Err(e) => warn!(campaign = id, error = %e, "the audit trail could not read the campaign"),
        }
    }

    /// A page of the trail, newest first: the entries of `filter` after `before` (the previous
    /// page's `next`).
    pub async fn audit_trail(&self, filter: AuditFilter, before: Option<i64>) -> Result<AuditPage> {
        self.with_store(move |store, _| store.audit_page(&filter, before, AUDIT_PAGE_SIZE)).await
    }

    /// Writes the entries of `filter` to the CSV file `path`; returns how many.
    pub async fn export_audit(
        &self,
        filter: AuditFilter,
        path: PathBuf,
        overwrite: bool,
        lang: Language,
    ) -> Result<u64> {
        self.with_store(move |store, _| crate::export::export_audit(store, &filter, lang, &path, overwrite))
            .await
    }
}
