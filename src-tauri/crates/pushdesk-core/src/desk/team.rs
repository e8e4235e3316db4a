//! The team of a shared store: its roles, and who has which.

use super::Desk;
use crate::model::{AuditAction, AuditDetail, AuditRecord, TeamRole};
use crate::secrets::Sensitive;
use crate::store::TeamMember;
use crate::Result;

impl Desk {
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
