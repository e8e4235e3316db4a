//! Roles of a team's shared store: what each person may do, enforced by the database.

use serde::{Deserialize, Serialize};

/// A person's role, lowest first: each role may do everything the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    /// Reads the log and reports, exports.
    Viewer,
    /// Also drafts and creates campaigns, syncs templates, sends test campaigns.
    Author,
    /// Also starts, pauses, resumes, cancels and schedules campaigns.
    Sender,
    /// Also accounts and team settings.
    Admin,
}

impl TeamRole {
    pub const ALL: [TeamRole; 4] = [TeamRole::Viewer, TeamRole::Author, TeamRole::Sender, TeamRole::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            TeamRole::Viewer => "viewer",
            TeamRole::Author => "author",
            TeamRole::Sender => "sender",
            TeamRole::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<TeamRole> {
        TeamRole::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The database's group role of this role.
    pub fn group(self) -> &'static str {
        match self {
            TeamRole::Viewer => "pushdesk_viewer",
            TeamRole::Author => "pushdesk_author",
            TeamRole::Sender => "pushdesk_sender",
            TeamRole::Admin => "pushdesk_admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_from_their_names_and_are_ordered_by_what_they_may_do() {
        for role in TeamRole::ALL {
            assert_eq!(TeamRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(TeamRole::parse("owner"), None);
        assert!(TeamRole::Viewer < TeamRole::Author && TeamRole::Sender < TeamRole::Admin);
    }
}
