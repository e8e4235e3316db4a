//! The send engine: it sends one message to every pending recipient of a campaign at the
//! campaign's rate, journals every attempt, and survives faults, pauses and crashes without
//! sending anyone the same message twice.

mod control;
mod engine;
mod inflight;
mod limiter;
pub mod model;
mod outcome;
mod plan;
mod progress;
mod report;
mod run_lock;
mod writer;

pub use control::{CampaignControl, ControlCommand};
pub use engine::{run_campaign, EngineSettings, ProgressSink, RunRequest};
pub use plan::{
    create_campaign, inspect_audience, plan_campaign, AudienceInspection, AudienceSource, CampaignDraft,
    CampaignPlan,
};
pub use progress::{ErrcodeCount, Progress};
pub use report::{campaign_report, CampaignReport, RatePoint};
pub use run_lock::RunLock;
