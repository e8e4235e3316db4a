//! The `pushdesk` CLI run as a process, against the sandbox.
//!
//! One test binary for the whole suite (rather than one per file): a binary links every
//! dependency, and forty of them cost gigabytes of disk and minutes of linking in CI.

mod common;

mod cli_accounts;
mod cli_audit;
mod cli_events;
mod cli_files;
mod cli_official;
mod cli_sandbox;
mod cli_schedule;
mod cli_send;
mod cli_team;
