//! The team of a shared store: its roles, and who has which.

use serde::Serialize;

use super::Desk;
use crate::model::{AuditAction, AuditDetail, AuditRecord, TeamRole};
use crate::secrets::Sensitive;
use crate::store::TeamMember;
use crate::Result;

/// The desk's place in a team, for Settings → 团队 and for what the UI offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamStatus {
    /// `login@host:port/database` of the shared store this desk uses; `None` on its own file.
    pub store: Option<String>,
    /// The person's role there; `None` on the desk's own file, where they may do everything.
    pub role: Option<TeamRole>,
    /// Recipients a campaign may have without another sender's approval; `None`: none asked.
    pub approval_threshold: Option<u32>,
}

impl Desk {
    /// Where this desk works and as whom.
    pub async fn team_status(&self) -> Result<TeamStatus> {
        let shared = self.address.is_shared();
        Ok(TeamStatus {
            store: shared.then(|| self.address.shown()),
            role: self.role,
            approval_threshold: self.approval_threshold().await?,
        })
    }

    /// Creates the team's roles and privileges on the shared store (as its owner).
    pub async fn init_team(&self) -> Result<()> {
        self.with_store(|store, _| store.init_team()).await
    }

    /// Whether `login` exists on the shared store's server (a new one needs a password).
    pub async fn is_login(&self, login: String) -> Result<bool> {
        self.with_store(move |store, _| store.login_exists(&login)).await
    }

    /// Gives `login` the role `role` (only that one), creating the login with `password` if it
    /// is new.
    pub async fn add_to_team(
        &self,
        login: String,
        role: TeamRole,
        password: Option<Sensitive<String>>,
    ) -> Result<()> {
        let subject = login.clone();
        self.with_store(move |store, _| store.add_to_team(&login, role, password.as_ref())).await?;
        self.audit(AuditRecord {
            action: AuditAction::TeamMemberSet,
            account_id: None,
            campaign_id: None,
            subject,
            detail: AuditDetail { role: Some(role), ..AuditDetail::default() },
        })
        .await;
        Ok(())
    }

    /// Everyone with a role, by login.
    pub async fn team(&self) -> Result<Vec<TeamMember>> {
        self.with_store(|store, _| store.team()).await
    }
}
