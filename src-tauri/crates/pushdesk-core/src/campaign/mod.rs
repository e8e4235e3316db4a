//! The send engine: it sends one message to every pending recipient of a campaign at the
//! campaign's rate, journals every attempt, and survives faults, pauses and crashes without
//! sending anyone the same message twice. The lifecycle (who may run a campaign, and what it
//! becomes when a run ends) is the store's and the model's; this module only runs.

mod control;
pub mod departures;
mod engine;
mod gate;
mod inflight;
mod limiter;
mod progress;
mod report;
mod sender;
mod stager;
mod verdict;
mod writer;

pub use control::CampaignControl;
pub use engine::{run_campaign, EngineSettings, ProgressSink, RunRequest};
pub use gate::{AccountGate, AccountGates};
pub use progress::Progress;
pub use report::{campaign_report, CampaignReport, RatePoint};
