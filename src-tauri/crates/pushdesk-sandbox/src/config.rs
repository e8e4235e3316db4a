//! Sandbox settings chosen at start; most can be changed later through [`crate::SandboxControl`].

use std::time::Duration;

/// How the simulated WeChat server behaves.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Delay added to every subscribe-send answer (a real round trip to WeChat is 50–300 ms).
    pub latency: Duration,
    /// Share (0..=1) of sends answered with a random fault before delivery: `-1`, HTTP 500 or a
    /// dropped connection. The message is not delivered.
    pub fault_rate: f64,
    /// Share (0..=1) of delivered sends answered with a random fault after delivery: HTTP 502,
    /// HTTP 504 or a dropped connection. The message is delivered; the client cannot know.
    pub after_delivery_fault_rate: f64,
    /// Share (0..=1) of delivered sends whose `subscribe_msg_sent_event` push reports an
    /// asynchronous failure (`ErrorCode` 10005, `ErrorStatus` "fail"); the send itself is
    /// answered as usual.
    pub async_failure_rate: f64,
    /// Lifetime of a freshly issued access token (WeChat: 7200 s).
    pub token_ttl: Duration,
    /// Sends allowed per app per minute before `45011`; `None` means unlimited.
    pub per_minute_limit: Option<u32>,
    /// Sends allowed per app per day before `45009`; `None` means WeChat's 10 million.
    pub daily_limit: Option<u64>,
    /// One-time authorisations that every valid-shaped openid outside the demo list holds per
    /// template, so load tests with generated openids are accepted.
    pub default_subscriptions: u32,
    /// Extra `(appid, secret)` pairs served besides the demo app; each gets the demo pages and
    /// a copy of the demo templates.
    pub apps: Vec<(String, String)>,
    /// Generated followers of the demo Official Account (`crate::oa_follower_openid(0..n)`);
    /// the default, 12 500, takes two pages of `user/get`.
    pub oa_followers: u32,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            latency: Duration::ZERO,
            fault_rate: 0.0,
            after_delivery_fault_rate: 0.0,
            async_failure_rate: 0.0,
            token_ttl: Duration::from_secs(7200),
            per_minute_limit: None,
            daily_limit: None,
            default_subscriptions: 3,
            apps: Vec::new(),
            oa_followers: crate::demo_official::OA_DEFAULT_FOLLOWERS,
        }
    }
}

impl SandboxConfig {
    /// The settings of the always-available sandbox account in the desktop app: a little latency
    /// so progress is visible, no faults.
    pub fn demo() -> Self {
        Self { latency: Duration::from_millis(120), ..Self::default() }
    }
}
