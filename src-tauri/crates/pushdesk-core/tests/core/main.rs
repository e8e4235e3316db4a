//! The core's functions: files, audiences, the WeChat client, the store, the send log and exports.
//!
//! One test binary for the whole suite (rather than one per file): a binary links every
//! dependency, and forty of them cost gigabytes of disk and minutes of linking in CI.

mod files_support;
mod sendlog_fixture;
mod wechat_support;

mod audience_encoding;
mod audience_fuzz;
mod audience_hostile;
mod audience_import;
mod audience_validate;
mod events_intake;
mod export_files;
mod export_targets;
mod files_paths;
mod files_store;
mod lifecycle_store;
mod notify_robots;
mod sendlog_plans;
mod sendlog_query;
mod template_props;
mod wechat_official;
mod wechat_send;
mod wechat_templates;
mod wechat_token;
mod wechat_transport;
