//! Mini program accounts: their settings. Adding, editing and removing them (with their
//! credentials in the keyring) are use cases of [`crate::desk::Desk`].

mod model;

pub use model::{AccountSummary, NewAccount, TokenMode, DEFAULT_API_BASE, SANDBOX_API_BASE};
