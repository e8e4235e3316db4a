//! Tauri commands: each a few lines that call the core.

pub mod accounts;
pub mod app;
pub mod audit;
pub mod campaigns;
pub mod compose;
pub mod contact_rules;
pub mod dashboard;
pub mod drafts;
pub mod events;
pub mod schedule;
pub mod sendlog;
pub mod team;
pub mod templates;
