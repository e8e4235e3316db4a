//! The subscription ledger: how many one-time grants each user has left for each template.
//! WeChat has no API that says so ("record it yourself"), so it is counted from what Pushdesk
//! sees, in time order: `+1` per popup accept, `−1` per message WeChat accepted, `0` on 43101
//! (WeChat says none is left) and on a reject (until a later accept); a number imported from a
//! company's own count (`ledger import`) sets the balance from its moment on. Long-term
//! templates (kind 3) are never consumed.

use serde::Serialize;

/// WeChat's template kind of a long-term (长期) subscription: sending does not consume it.
pub const LONG_TERM_KIND: i64 = 3;

/// One thing that moves a balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// The balance imported from the company's own count.
    Set(u32),
    /// A popup accept.
    Accept,
    /// A popup or settings reject.
    Reject,
    /// A message WeChat accepted.
    Sent,
    /// 43101: WeChat says no grant is left.
    Refused,
}

/// What the ledger knows of one user and template.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Balance {
    /// Grants left.
    pub grants: u32,
    /// Whether anything but sends is known (an accept, a reject, a 43101, an imported count):
    /// sends alone say nothing about what is left.
    pub known: bool,
    /// Accepts counted.
    pub accepted: u32,
    /// Sends that used a counted grant.
    pub consumed: u32,
    /// When the balance last moved (unix ms).
    pub updated_at: Option<i64>,
}

impl Balance {
    /// Granted, none, or nothing known.
    pub fn state(&self) -> GrantState {
        match (self.known, self.grants) {
            (false, _) => GrantState::NoData,
            (true, 0) => GrantState::NoGrant,
            (true, _) => GrantState::Granted,
        }
    }
}

/// Whether a row can be sent to, as far as the ledger knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum GrantState {
    /// At least one grant left (or a long-term subscription accepted).
    Granted,
    /// None left.
    NoGrant,
    /// The ledger has nothing on this user and template.
    NoData,
}

/// Folds `steps` (unix ms, step) in time order into a balance. At one instant, an import or an
/// accept comes before the send it allowed (CreateTime has whole seconds).
pub fn fold(steps: &mut [(i64, Step)], long_term: bool) -> Balance {
    steps.sort_unstable();
    let mut b = Balance::default();
    for &(at, step) in steps.iter() {
        match step {
            Step::Set(n) => {
                b.grants = n;
                b.known = true;
            }
            Step::Accept => {
                b.accepted += 1;
                b.grants = if long_term { 1 } else { b.grants.saturating_add(1) };
                b.known = true;
            }
            Step::Reject | Step::Refused => {
                b.grants = 0;
                b.known = true;
            }
            Step::Sent if long_term => continue,
            // A send no counted grant explains used one WeChat knew of and we did not.
            Step::Sent if b.grants == 0 => continue,
            Step::Sent => {
                b.grants -= 1;
                b.consumed += 1;
            }
        }
        b.updated_at = Some(at);
    }
    b
}

/// Counts of an audience by grant state (the wizard, `send --dry-run`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GrantCounts {
    /// Rows with a grant left.
    pub granted: u32,
    /// Rows the ledger says have none.
    pub no_grant: u32,
    /// Rows the ledger knows nothing of.
    pub no_data: u32,
}

impl GrantCounts {
    /// Counts one row.
    pub fn add(&mut self, state: GrantState) {
        match state {
            GrantState::Granted => self.granted += 1,
            GrantState::NoGrant => self.no_grant += 1,
            GrantState::NoData => self.no_data += 1,
        }
    }
}

/// One user and template in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    /// The user.
    pub openid: String,
    /// The template.
    pub template_id: String,
    /// Grants left.
    pub grants: u32,
    /// Granted, none or no data.
    pub state: GrantState,
    /// Accepts counted.
    pub accepted: u32,
    /// Sends that used a counted grant.
    pub consumed: u32,
    /// When the balance last moved (unix ms).
    pub updated_at: Option<i64>,
}

/// 43101 answers on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RefusalDay {
    /// Local midnight of the day (unix ms).
    pub day: i64,
    /// Attempts of the template that day (test sends aside).
    pub attempts: u32,
    /// Of them, answered 43101.
    pub refused: u32,
}

/// The ledger of one template, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TemplateLedger {
    /// The template.
    pub template_id: String,
    /// Its title, when it is synced.
    pub title: Option<String>,
    /// Long-term: sending does not consume grants.
    pub long_term: bool,
    /// Users with at least one grant left.
    pub users_with_grants: u32,
    /// Grants left, all users.
    pub grants_outstanding: u64,
    /// Users the ledger knows (any event or imported count).
    pub users_known: u32,
    /// Accepts counted.
    pub accepted: u64,
    /// Sends that used a counted grant.
    pub consumed: u64,
    /// The last 30 days' 43101 answers, oldest first (days without attempts left out).
    pub refusals: Vec<RefusalDay>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn balance(steps: &[(i64, Step)], long_term: bool) -> Balance {
        fold(&mut steps.to_vec(), long_term)
    }

    #[test]
    fn accepts_add_sends_consume_refusals_and_rejects_empty() {
        let b = balance(&[(1, Step::Accept), (2, Step::Accept), (3, Step::Sent)], false);
        assert_eq!((b.grants, b.accepted, b.consumed, b.state()), (1, 2, 1, GrantState::Granted));
        let b = balance(&[(1, Step::Accept), (2, Step::Accept), (3, Step::Refused)], false);
        assert_eq!(b.state(), GrantState::NoGrant);
        // A reject empties until a later accept.
        let b = balance(&[(1, Step::Accept), (2, Step::Reject), (3, Step::Accept)], false);
        assert_eq!(b.grants, 1);
    }

    #[test]
    fn order_is_by_time_not_by_arrival() {
        // The accept is imported after the send it allowed: the send still consumed it.
        let b = balance(&[(5, Step::Sent), (1, Step::Accept)], false);
        assert_eq!((b.grants, b.consumed), (0, 1));
        // A send before any counted accept used a grant the ledger never saw.
        let b = balance(&[(1, Step::Sent), (5, Step::Accept)], false);
        assert_eq!((b.grants, b.consumed), (1, 0));
        // An accept in the same second as the send it allowed.
        let b = balance(&[(7, Step::Sent), (7, Step::Accept)], false);
        assert_eq!(b.grants, 0);
    }

    #[test]
    fn sends_alone_are_no_data_and_imports_set_the_balance() {
        assert_eq!(balance(&[(1, Step::Sent)], false).state(), GrantState::NoData);
        let b = balance(&[(1, Step::Accept), (2, Step::Set(4)), (3, Step::Sent)], false);
        assert_eq!(b.grants, 3);
    }

    #[test]
    fn long_term_templates_are_not_consumed() {
        let b = balance(&[(1, Step::Accept), (2, Step::Sent), (3, Step::Sent)], true);
        assert_eq!((b.grants, b.state()), (1, GrantState::Granted));
    }
}
