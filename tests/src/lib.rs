//! Shared harness for Pushdesk's cross-crate and end-to-end tests.
//!
//! End-to-end tests drive the real app binary (UI embedded) through WebKitWebDriver under Xvfb.
//! Everything the app touches — HOME, XDG directories, the data directory — is a temp folder.

pub mod desktop;
pub mod files;
pub mod webdriver;
