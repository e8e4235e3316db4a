//! The sandbox's own tests: it must behave like WeChat.
//!
//! One test binary for the whole suite (rather than one per file): a binary links every
//! dependency, and forty of them cost gigabytes of disk and minutes of linking in CI.

mod common;

mod after_delivery_faults;
mod counting;
mod faults_and_stats;
mod load;
mod official_account;
mod pushes;
mod refuse_connections;
mod rule_tables_agree;
mod send;
mod templates;
mod token_faults;
mod tokens;
mod value_rules;
