//! Access tokens: fetching from the account's source, caching with an expiry margin, and a
//! single flight so that any number of concurrent callers cause at most one token request.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::{Duration, SystemTime};

use serde::Deserialize;
use tokio::time::Instant;
use tracing::{debug, instrument, warn};

use super::config::TokenSource;
use super::envelope;
use super::error::{Phase, TransportKind, WechatError};
use super::http::{display_url, Http};
use crate::secrets::Sensitive;
use crate::Bilingual;

/// Refresh this long before WeChat's expiry (capped at a quarter of the lifetime, so a token
/// handed out with only 300 s left does not trigger a refresh on every call).
const EXPIRY_MARGIN: Duration = Duration::from_secs(300);
/// Lifetime assumed when a token service omits `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);

/// A token in use, with the generation that identifies it for invalidation.
#[derive(Clone)]
pub(crate) struct AccessToken {
    pub value: Arc<Sensitive<String>>,
    generation: u64,
}

struct Cached {
    token: AccessToken,
    refresh_at: Instant,
}

/// The outcome of the last fetch, so that callers who queued behind a failing fetch share its
/// error instead of each hammering the token endpoint again.
#[derive(Default)]
struct Flight {
    attempts: u64,
    last_error: Option<WechatError>,
    /// Until then every caller gets `last_error` without a new fetch: a token endpoint that
    /// refused is not asked again row after row (an 89503 messages the administrator at
    /// every call), and one that failed is asked at most once a second.
    quiet_until: Option<Instant>,
}

/// How long a failed fetch answers for the token endpoint: a refusal that needs a person (a
/// wrong secret, an IP the administrator must confirm, the token call's own quota) until a
/// person acts (a new run or new settings forget it); anything else for a second.
fn quiet_for(e: &WechatError) -> Duration {
    use super::catalogue::OutcomeClass;
    match e.class() {
        OutcomeClass::StopCampaign | OutcomeClass::PauseCampaign => Duration::from_secs(3600),
        _ => Duration::from_secs(1),
    }
}

/// What a token source produced.
struct Fetched {
    token: String,
    /// How long to use it before fetching again; `None` = until refused (manual token without
    /// a known expiry).
    use_for: Option<Duration>,
}

/// The token cache and fetcher of one account.
pub(crate) struct TokenCache {
    http: Http,
    api_base: String,
    appid: String,
    source: TokenSource,
    current: StdMutex<Option<Cached>>,
    flight: tokio::sync::Mutex<Flight>,
    attempts: AtomicU64,
    generations: AtomicU64,
    /// Set when WeChat refused the pasted token: only a new paste fixes it.
    manual_refused: StdMutex<Option<i64>>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    #[serde(default)]
    access_token: Option<String>,
    /// Number or numeric string, depending on the token service.
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

impl TokenCache {
    pub fn new(http: Http, api_base: String, appid: String, source: TokenSource) -> Self {
        TokenCache {
            http,
            api_base,
            appid,
            source,
            current: StdMutex::new(None),
            flight: tokio::sync::Mutex::new(Flight::default()),
            attempts: AtomicU64::new(0),
            generations: AtomicU64::new(0),
            manual_refused: StdMutex::new(None),
        }
    }

    pub fn is_manual(&self) -> bool {
        matches!(self.source, TokenSource::Manual { .. })
    }

    /// A valid token: the cached one, or one fetched in a single flight.
    pub async fn get(&self) -> Result<AccessToken, WechatError> {
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        let seen = self.attempts.load(Ordering::SeqCst);
        let mut flight = self.flight.lock().await;
        if let Some(token) = self.fresh() {
            return Ok(token);
        }
        if flight.attempts != seen || flight.quiet_until.is_some_and(|until| Instant::now() < until) {
            if let Some(e) = &flight.last_error {
                return Err(e.clone());
            }
        }
        let result = self.fetch(false).await;
        self.finish_flight(&mut flight, result)
    }

    /// Forgets a failed fetch, so the next caller asks the token endpoint again: a person
    /// started a new run (after confirming the IP, say).
    pub fn forget_failure(&self) {
        if let Ok(mut flight) = self.flight.try_lock() {
            flight.last_error = None;
            flight.quiet_until = None;
        }
    }

    /// Fetches a new token now, bypassing the cache. For `stable` this sets
    /// `force_refresh:true` (limited by WeChat to 20/day, 30 s apart).
    pub async fn force_refresh(&self) -> Result<AccessToken, WechatError> {
        let mut flight = self.flight.lock().await;
        let result = self.fetch(true).await;
        self.finish_flight(&mut flight, result)
    }

    /// Forgets `failed` if it is still the cached token. A token that was already replaced is
    /// left alone, so late 40001s from a burst do not cause a second fetch.
    pub fn invalidate(&self, failed: &AccessToken) {
        let mut current = lock(&self.current);
        if current.as_ref().is_some_and(|c| c.token.generation == failed.generation) {
            debug!(generation = failed.generation, "access token invalidated");
            *current = None;
        }
    }

    /// WeChat refused `token` on a send: a pasted token is refused for good (only a new paste
    /// fixes it), any other is forgotten so the next caller fetches a new one.
    pub fn refused(&self, errcode: i64, token: &AccessToken) {
        if self.is_manual() {
            self.refuse_manual(errcode, token);
        } else {
            self.invalidate(token);
        }
    }

    /// Records that WeChat refused the pasted token.
    pub fn refuse_manual(&self, errcode: i64, failed: &AccessToken) {
        *lock(&self.manual_refused) = Some(errcode);
        self.invalidate(failed);
    }

    fn fresh(&self) -> Option<AccessToken> {
        let current = lock(&self.current);
        current.as_ref().filter(|c| Instant::now() < c.refresh_at).map(|c| c.token.clone())
    }

    fn finish_flight(
        &self,
        flight: &mut Flight,
        result: Result<Fetched, WechatError>,
    ) -> Result<AccessToken, WechatError> {
        flight.attempts += 1;
        self.attempts.store(flight.attempts, Ordering::SeqCst);
        match result {
            Ok(fetched) => {
                flight.last_error = None;
                flight.quiet_until = None;
                Ok(self.store(fetched))
            }
            Err(e) => {
                flight.quiet_until = Some(Instant::now() + quiet_for(&e));
                flight.last_error = Some(e.clone());
                Err(e)
            }
        }
    }

    fn store(&self, fetched: Fetched) -> AccessToken {
        let generation = self.generations.fetch_add(1, Ordering::SeqCst) + 1;
        let token = AccessToken { value: Arc::new(Sensitive::new(fetched.token)), generation };
        let refresh_at = match fetched.use_for {
            Some(use_for) => Instant::now() + use_for,
            // Far enough to never matter, near enough not to overflow Instant arithmetic.
            None => Instant::now() + Duration::from_secs(100 * 365 * 24 * 3600),
        };
        *lock(&self.current) = Some(Cached { token: token.clone(), refresh_at });
        token
    }

    #[instrument(skip(self), fields(appid = %self.appid, mode = self.source.mode()))]
    async fn fetch(&self, force: bool) -> Result<Fetched, WechatError> {
        let result = match &self.source {
            TokenSource::Stable { secret } => self.fetch_stable(secret, force).await,
            TokenSource::Classic { secret } => self.fetch_classic(secret).await,
            TokenSource::External { url, header } => self.fetch_external(url, header.as_ref()).await,
            TokenSource::Manual { token, expires_at } => self.manual(token, *expires_at),
        };
        match &result {
            Ok(f) => debug!(use_for_s = f.use_for.map(|l| l.as_secs()), "access token obtained"),
            Err(e) => warn!(error = %e, "access token fetch failed"),
        }
        result
    }

    async fn fetch_stable(&self, secret: &Sensitive<String>, force: bool) -> Result<Fetched, WechatError> {
        let body = serde_json::json!({
            "grant_type": "client_credential",
            "appid": self.appid,
            "secret": secret.expose(),
            "force_refresh": force,
        });
        let request = self.http.client().post(format!("{}/cgi-bin/stable_token", self.api_base)).json(&body);
        self.fetch_wechat(request, "WeChat (/cgi-bin/stable_token)")
            .await
            .map_err(|e| e.scrub(secret.expose()))
    }

    async fn fetch_classic(&self, secret: &Sensitive<String>) -> Result<Fetched, WechatError> {
        let request = self.http.client().get(format!("{}/cgi-bin/token", self.api_base)).query(&[
            ("grant_type", "client_credential"),
            ("appid", self.appid.as_str()),
            ("secret", secret.expose().as_str()),
        ]);
        self.fetch_wechat(request, "WeChat (/cgi-bin/token)").await.map_err(|e| e.scrub(secret.expose()))
    }

    async fn fetch_wechat(
        &self,
        request: reqwest::RequestBuilder,
        what: &str,
    ) -> Result<Fetched, WechatError> {
        let raw = self.http.execute(request, Phase::Token, what).await?;
        let answer = envelope::parse::<TokenAnswer>(raw, Phase::Token, what)?;
        token_from(answer.value, what)
    }

    async fn fetch_external(
        &self,
        url: &str,
        header: Option<&(String, Sensitive<String>)>,
    ) -> Result<Fetched, WechatError> {
        let parsed = reqwest::Url::parse(url).map_err(|e| {
            WechatError::Config(Bilingual::new(
                format!("the token URL is not a valid URL ({e})"),
                "凭证服务地址不是有效的网址",
            ))
        })?;
        let what = format!("the token URL {}", display_url(&parsed));
        let mut request = self.http.client().get(parsed);
        if let Some((name, value)) = header {
            request = request.header(name.as_str(), value.expose().as_str());
        }
        let scrub = |e: WechatError| match header {
            Some((_, value)) => e.scrub(value.expose()),
            None => e,
        };
        let raw = self.http.execute(request, Phase::Token, &what).await.map_err(scrub)?;
        let answer = envelope::parse::<TokenAnswer>(raw, Phase::Token, &what).map_err(scrub)?;
        token_from(answer.value, &what)
    }

    fn manual(
        &self,
        token: &Sensitive<String>,
        expires_at: Option<SystemTime>,
    ) -> Result<Fetched, WechatError> {
        if let Some(errcode) = *lock(&self.manual_refused) {
            return Err(WechatError::ManualToken(Bilingual::new(
                format!(
                    "WeChat refused the pasted access token (error {errcode}); paste a new token in the account settings"
                ),
                format!("微信拒绝了粘贴的 access token（错误码 {errcode}），请在账号设置中粘贴新的 token"),
            )));
        }
        if token.expose().trim().is_empty() {
            return Err(WechatError::ManualToken(Bilingual::new(
                "no access token was pasted; paste one in the account settings",
                "还没有粘贴 access token，请在账号设置中粘贴",
            )));
        }
        let lifetime = match expires_at {
            None => None,
            Some(at) => match at.duration_since(SystemTime::now()) {
                Ok(left) if !left.is_zero() => Some(left),
                _ => {
                    return Err(WechatError::ManualToken(Bilingual::new(
                        "the pasted access token has expired; paste a new token in the account settings",
                        "粘贴的 access token 已过期，请在账号设置中粘贴新的 token",
                    )))
                }
            },
        };
        // No margin: nothing can renew a pasted token, so it is used until it actually expires.
        Ok(Fetched { token: token.expose().clone(), use_for: lifetime })
    }
}

fn token_from(answer: TokenAnswer, what: &str) -> Result<Fetched, WechatError> {
    let token =
        answer.access_token.filter(|t| !t.trim().is_empty()).ok_or_else(|| WechatError::Transport {
            kind: TransportKind::InvalidBody,
            phase: Phase::Token,
            status: Some(200),
            detail: format!("{what} answered JSON without an access_token"),
        })?;
    let seconds = match answer.expires_in {
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let lifetime = seconds
        .filter(|s| s.is_finite() && *s >= 1.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(DEFAULT_LIFETIME);
    let use_for = lifetime.saturating_sub(EXPIRY_MARGIN.min(lifetime / 4));
    Ok(Fetched { token, use_for: Some(use_for) })
}

/// Locks a std mutex, recovering from poisoning: the guarded data is a cache that stays
/// consistent even if a holder panicked.
fn lock<T>(m: &StdMutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
