//! Pushdesk's core: everything that matters lives here, and nothing here knows about Tauri.
//!
//! The desktop shell (`src-tauri`) and the `pushdesk` CLI are thin layers over these modules.

pub mod account;
pub mod audience;
mod bilingual;
pub mod campaign;
pub mod compose;
pub mod connection_check;
pub mod connections;
pub mod desk;
pub mod error;
pub mod events;
pub mod export;
pub mod files;
pub mod ledger;
pub mod log_file;
pub mod logging;
pub mod model;
pub mod notify;
pub mod paths;
pub mod preferences;
pub mod process;
pub mod schedule;
pub mod secrets;
pub mod sendlog;
pub mod store;
pub mod team_link;
pub mod template;
pub mod template_sync;
pub mod wechat;

pub use bilingual::Bilingual;
pub use error::{CoreError, ErrorCode, Missing, Result};
