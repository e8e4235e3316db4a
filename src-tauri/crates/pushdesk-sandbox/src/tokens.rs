//! Access tokens: classic (`/cgi-bin/token`) and stable (`/cgi-bin/stable_token`), kept apart
//! as WeChat keeps them apart, so neither kind ever invalidates the other.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::Duration;

use rand::distr::{Alphanumeric, SampleString};
use rand::Rng;

use crate::error::ApiError;
use crate::state::clock::Clock;
use crate::state::{read, write};

/// How long a superseded token keeps working (WeChat: 5 minutes).
pub const OVERLAP: Duration = Duration::from_secs(300);
/// Minimum spacing of stable-token force refreshes.
pub const FORCE_REFRESH_SPACING: Duration = Duration::from_secs(30);
/// Force refreshes allowed per app per day.
pub const FORCE_REFRESH_DAILY: u32 = 20;

#[derive(Debug, Clone)]
struct TokenRecord {
    appid: String,
    /// Sandbox-clock time at which the token expires naturally (→ 42001).
    expires_at: Duration,
    /// Set when a newer token of the same kind replaced it: after this it is 40001.
    superseded_until: Option<Duration>,
}

#[derive(Debug, Default)]
struct AppTokens {
    classic: Option<String>,
    stable: Option<String>,
    force_day: u64,
    force_count: u32,
    last_force: Option<Duration>,
}

#[derive(Debug, Default)]
struct Inner {
    tokens: HashMap<String, TokenRecord>,
    apps: HashMap<String, AppTokens>,
}

/// A token handed out, with its remaining lifetime in seconds.
#[derive(Debug, Clone)]
pub struct Issued {
    pub access_token: String,
    pub expires_in: u64,
}

/// All tokens of all apps.
#[derive(Debug)]
pub struct TokenStore {
    ttl: Duration,
    inner: RwLock<Inner>,
}

impl TokenStore {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl: ttl.max(Duration::from_secs(1)), inner: RwLock::new(Inner::default()) }
    }

    /// `/cgi-bin/token`: always a new token; the previous classic token lives on for the overlap.
    pub fn issue_classic(&self, appid: &str, clock: &Clock) -> Issued {
        let now = clock.elapsed();
        let mut inner = write(&self.inner);
        let token = self.insert_new(&mut inner, appid, now);
        let app = inner.apps.entry(appid.to_owned()).or_default();
        let previous = app.classic.replace(token.clone());
        if let Some(prev) = previous {
            supersede(&mut inner, &prev, now);
        }
        Issued { access_token: token, expires_in: self.ttl.as_secs() }
    }

    /// `/cgi-bin/stable_token`. Normal mode reuses the current token until it is close to
    /// expiry; `force_refresh` replaces it, within WeChat's spacing and daily limits.
    pub fn issue_stable(&self, appid: &str, force_refresh: bool, clock: &Clock) -> Result<Issued, ApiError> {
        let now = clock.elapsed();
        let mut inner = write(&self.inner);
        let current = inner
            .apps
            .get(appid)
            .and_then(|a| a.stable.clone())
            .and_then(|t| inner.tokens.get(&t).map(|r| (t, r.expires_at)));

        if force_refresh {
            let day = clock.day();
            let app = inner.apps.entry(appid.to_owned()).or_default();
            if app.force_day != day {
                app.force_day = day;
                app.force_count = 0;
            }
            if app.last_force.is_some_and(|last| now.saturating_sub(last) < FORCE_REFRESH_SPACING) {
                return Err(ApiError::MinuteQuota);
            }
            if app.force_count >= FORCE_REFRESH_DAILY {
                return Err(ApiError::DailyQuota);
            }
            app.force_count += 1;
            app.last_force = Some(now);
        } else if let Some((token, expires_at)) = current.clone() {
            // WeChat renews 5 minutes before expiry; with a short test TTL renew at half-life so
            // a token is never handed out with (almost) nothing left.
            let renew_margin = OVERLAP.min(self.ttl / 2);
            let remaining = expires_at.saturating_sub(now);
            if remaining > renew_margin {
                return Ok(Issued { access_token: token, expires_in: remaining.as_secs().max(1) });
            }
        }

        let token = self.insert_new(&mut inner, appid, now);
        let app = inner.apps.entry(appid.to_owned()).or_default();
        app.stable = Some(token.clone());
        if let Some((prev, _)) = current {
            supersede(&mut inner, &prev, now);
        }
        Ok(Issued { access_token: token, expires_in: self.ttl.as_secs() })
    }

    /// The appid a token belongs to, or why it cannot be used.
    pub fn check(&self, token: Option<&str>, clock: &Clock) -> Result<String, ApiError> {
        let token = token.filter(|t| !t.is_empty()).ok_or(ApiError::TokenMissing)?;
        let now = clock.elapsed();
        let inner = read(&self.inner);
        let rec = inner.tokens.get(token).ok_or(ApiError::TokenInvalid)?;
        if rec.superseded_until.is_some_and(|until| now >= until) {
            return Err(ApiError::TokenInvalid);
        }
        if now >= rec.expires_at {
            return Err(ApiError::TokenExpired);
        }
        Ok(rec.appid.clone())
    }

    /// Makes every token issued so far expired (42001); the next token call issues fresh ones.
    pub fn expire_all(&self, clock: &Clock) {
        let now = clock.elapsed();
        let mut inner = write(&self.inner);
        for rec in inner.tokens.values_mut() {
            rec.expires_at = rec.expires_at.min(now);
        }
    }

    fn insert_new(&self, inner: &mut Inner, appid: &str, now: Duration) -> String {
        // Token calls are rare, so an occasional sweep of long-dead tokens bounds memory cheaply.
        if inner.tokens.len() > 4096 {
            let horizon = Duration::from_secs(86_400);
            inner.tokens.retain(|_, r| {
                let dead_at = r.superseded_until.unwrap_or(r.expires_at).min(r.expires_at);
                now.saturating_sub(dead_at) < horizon
            });
        }
        let token = new_token();
        inner.tokens.insert(
            token.clone(),
            TokenRecord { appid: appid.to_owned(), expires_at: now + self.ttl, superseded_until: None },
        );
        token
    }
}

fn supersede(inner: &mut Inner, token: &str, now: Duration) {
    if let Some(rec) = inner.tokens.get_mut(token) {
        let until = now + OVERLAP;
        rec.superseded_until = Some(rec.superseded_until.map_or(until, |u| u.min(until)));
    }
}

/// A token shaped like WeChat's: a small numeric prefix, `_`, then ~130 URL-safe characters.
fn new_token() -> String {
    let mut rng = rand::rng();
    let prefix: u8 = rng.random_range(80..99);
    format!("{prefix}_{}", Alphanumeric.sample_string(&mut rng, 130))
}
