//! Approval on a shared store: a campaign above the team's threshold starts only after another
//! sender approved it. The store says where each campaign stands and takes away the actions
//! the person may not take; `team.sql` makes PostgreSQL refuse the same to any client.

use super::db::{Begin, Db, Engine};
use super::runs::{current, Recovered, SenderOracle};
use super::team::Seat;
use super::Store;
use crate::db_args;
use crate::model::lifecycle::{self, ApprovalState, Effect, Refusal};
use crate::model::{now_ms, Campaign, CampaignAction, CampaignKind, CampaignStatus, TeamRole};
use crate::{Bilingual, CoreError, Result};

/// The setting that holds the threshold; `team init` writes [`DEFAULT_APPROVAL_THRESHOLD`].
/// A store without it (a desk's own file, a shared one whose team is not set up) asks none.
pub(crate) const APPROVAL_THRESHOLD: &str = "approval_threshold";

/// Recipients a campaign may have without approval, until an admin says otherwise.
pub const DEFAULT_APPROVAL_THRESHOLD: u32 = 1000;

/// Where a campaign stands with the approval, given the team's threshold (`None`: none asked).
/// An approval given is kept as history once the campaign started; one never needed stays so
/// after the threshold changes.
pub(super) fn approval_state(
    threshold: Option<u32>,
    kind: CampaignKind,
    status: CampaignStatus,
    recipients: u32,
    approved_by: Option<&str>,
) -> ApprovalState {
    let unstarted =
        matches!(status, CampaignStatus::Ready | CampaignStatus::Scheduled | CampaignStatus::Missed);
    match (approved_by, threshold) {
        (Some(_), _) => ApprovalState::Approved,
        (None, Some(threshold)) if kind == CampaignKind::Campaign && unstarted && recipients > threshold => {
            ApprovalState::Waiting
        }
        _ => ApprovalState::NotNeeded,
    }
}

/// Who looks at campaigns, and under which threshold: what the store takes away from the
/// actions the lifecycle offers.
pub(super) struct Viewer {
    pub threshold: Option<u32>,
    seat: Seat,
}

impl Viewer {
    /// Takes away what this person may not do with `campaign`: everything below a sender; the
    /// approval of their own campaign.
    pub fn restrict(&self, campaign: &mut Campaign) {
        if self.seat.role.is_some_and(|r| r < TeamRole::Sender) {
            campaign.actions.clear();
        }
        if self.seat.login.as_deref() == Some(campaign.created_by.as_str()) {
            campaign.actions.retain(|a| *a != CampaignAction::Approve);
        }
    }
}

/// The team's threshold (read in a transaction, when `db` is one).
pub(super) fn threshold_in(db: &Db) -> Result<Option<u32>> {
    if db.engine() == Engine::Sqlite {
        return Ok(None);
    }
    let value: Option<String> =
        db.query_opt("SELECT value FROM settings WHERE key = ?1", db_args![APPROVAL_THRESHOLD], |r| {
            r.get(0)
        })?;
    Ok(value.and_then(|v| v.parse().ok()))
}

impl Store {
    pub(super) fn viewer(&self) -> Result<Viewer> {
        Ok(Viewer { threshold: threshold_in(self.db())?, seat: self.seat()?.clone() })
    }

    /// The recipient count above which a campaign needs approval; `None` when the store asks
    /// for none (a desk's own file, or a team not set up yet).
    pub fn approval_threshold(&self) -> Result<Option<u32>> {
        Ok(self.viewer()?.threshold)
    }

    /// Sets the team's threshold (an admin's; PostgreSQL refuses anyone else).
    pub fn set_approval_threshold(&self, recipients: u32) -> Result<()> {
        if self.db().engine() == Engine::Sqlite {
            return Err(CoreError::InvalidInput(Bilingual::new(
                "approval is a team's rule: it is set on a shared store",
                "审批是团队的规则：需要在共享数据库上设置",
            )));
        }
        self.set_setting(APPROVAL_THRESHOLD, &recipients.to_string())
    }

    /// Approves campaign `id` as the connected login: it may start. Refused to its author, and
    /// when it waits for no approval.
    pub fn approve(&mut self, id: i64, oracle: &dyn SenderOracle) -> Result<(Campaign, Recovered)> {
        let login = self.login()?;
        let recovered = self.db().transaction(Begin::Immediate, |tx| {
            let (o, counts, recovered) = current(tx, id, oracle)?;
            let Effect::Approve = lifecycle::decide(id, o.standing(tx, &counts)?, CampaignAction::Approve)? else {
                return Err(CoreError::Internal("approve has another effect".into()));
            };
            if login.as_deref() == Some(o.created_by.as_str()) {
                return Err(Refusal::OwnCampaign { id }.into());
            }
            // Only a shared store gets here (a file never waits for approval): the login is
            // the session's, whatever the desk says.
            tx.execute(
                "UPDATE campaigns SET approved_by = CAST(session_user AS TEXT), approved_at = ?2 WHERE id = ?1",
                db_args![id, now_ms()],
            )?;
            Ok(recovered)
        })?;
        Ok((self.campaign(id)?, recovered))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_unstarted_campaign_above_the_threshold_waits() {
        use CampaignStatus as S;
        let state =
            |threshold, kind, status, recipients, by| approval_state(threshold, kind, status, recipients, by);
        let campaign = CampaignKind::Campaign;
        assert_eq!(state(Some(1000), campaign, S::Ready, 1001, None), ApprovalState::Waiting);
        assert_eq!(state(Some(1000), campaign, S::Scheduled, 1001, None), ApprovalState::Waiting);
        assert_eq!(state(Some(1000), campaign, S::Ready, 1000, None), ApprovalState::NotNeeded);
        assert_eq!(state(None, campaign, S::Ready, 5000, None), ApprovalState::NotNeeded);
        assert_eq!(state(Some(1000), CampaignKind::Test, S::Ready, 5000, None), ApprovalState::NotNeeded);
        assert_eq!(state(Some(1000), campaign, S::Paused, 5000, None), ApprovalState::NotNeeded);
        assert_eq!(state(Some(1000), campaign, S::Finished, 5000, Some("wang")), ApprovalState::Approved);
    }
}
