//! Accounts (mini programs and Official Accounts): their settings. Adding, editing and removing them (with their
//! credentials in the keyring) are use cases of [`crate::desk::Desk`].

mod model;

pub use model::{
    is_appid, AccountKind, AccountSummary, NewAccount, TokenMode, DEFAULT_API_BASE, MAX_BOUND_MINI_PROGRAMS,
    SANDBOX_API_BASE,
};
