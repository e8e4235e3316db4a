//! Mini program accounts: their settings, and adding, editing and removing them with their
//! credentials kept in the keyring.

mod lifecycle;
mod model;

pub use lifecycle::{add_account, remove_account, update_account};
pub use model::{AccountSummary, NewAccount, TokenMode, DEFAULT_API_BASE, SANDBOX_API_BASE};
