//! Approval on a shared store: a campaign above the team's threshold waits for another sender.

use super::Desk;
use crate::model::{AuditAction, AuditDetail, AuditRecord, Campaign, CampaignAction};
use crate::Result;

impl Desk {
    /// Approves campaign `id` as this desk's login, so it may start (or start at its time).
    /// Refused to its author, and to a campaign waiting for no approval.
    pub async fn approve(&self, id: i64) -> Result<Campaign> {
        let oracle = self.oracle();
        let (campaign, recovered) = self.with_store(move |store, _| store.approve(id, &oracle)).await?;
        self.oracle().settle(recovered);
        self.audit_campaign(CampaignAction::Approve, &campaign).await;
        Ok(campaign)
    }

    /// The recipient count above which a campaign needs approval; `None` when none is asked
    /// (a desk's own file, or a shared store whose team is not set up).
    pub async fn approval_threshold(&self) -> Result<Option<u32>> {
        self.with_store(|store, _| store.approval_threshold()).await
    }

    /// Sets the team's threshold (an admin's).
    pub async fn set_approval_threshold(&self, recipients: u32) -> Result<()> {
        self.with_store(move |store, _| store.set_approval_threshold(recipients)).await?;
        self.audit(AuditRecord {
            action: AuditAction::ApprovalThresholdSet,
            account_id: None,
            campaign_id: None,
            subject: recipients.to_string(),
            detail: AuditDetail { threshold: Some(recipients), ..AuditDetail::default() },
        })
        .await;
        Ok(())
    }
}
