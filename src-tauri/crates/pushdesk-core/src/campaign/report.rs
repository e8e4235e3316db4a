//! A finished (or running) campaign's report: outcomes, send rate over time, duration.

use serde::Serialize;

use crate::model::Campaign;
use crate::store::Store;
use crate::Result;

/// Messages that left in one time bucket.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RatePoint {
    /// Seconds since the first attempt, at the bucket's start.
    pub second: u32,
    /// Attempts that left in the bucket, per second.
    pub per_second: f64,
}

/// What the Campaign report page shows.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CampaignReport {
    /// The campaign with its counts and who started it.
    pub campaign: Campaign,
    /// Send rate over time, at most about 120 points.
    pub rate: Vec<RatePoint>,
    /// From the first attempt to the last, in milliseconds.
    pub duration_ms: u64,
}

/// Builds the report from the attempt journal.
pub fn campaign_report(store: &Store, id: i64) -> Result<CampaignReport> {
    let campaign = store.campaign(id)?;
    let times = store.attempt_start_times(id)?;
    let (Some(&first), Some(&last)) = (times.first(), times.last()) else {
        return Ok(CampaignReport { campaign, rate: Vec::new(), duration_ms: 0 });
    };
    let span_s = ((last - first) / 1000 + 1) as u32;
    // Wide enough buckets that a long campaign stays a readable chart.
    let bucket = span_s.div_ceil(120).max(1);
    let mut counts = vec![0u32; span_s.div_ceil(bucket) as usize];
    let last_bucket = counts.len() - 1;
    for t in &times {
        let i = (((t - first) / 1000) as u32 / bucket) as usize;
        counts[i.min(last_bucket)] += 1;
    }
    let rate = counts
        .iter()
        .enumerate()
        .map(|(i, &n)| RatePoint { second: i as u32 * bucket, per_second: f64::from(n) / f64::from(bucket) })
        .collect();
    Ok(CampaignReport { campaign, rate, duration_ms: (last - first) as u64 })
}
