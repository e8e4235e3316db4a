//! `WechatClient`: one per account. Owns the pooled HTTP client and the token cache, and runs
//! every API call through "refresh the token once on 40001/40014/42001".

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use tracing::{debug, instrument, warn};

use super::catalogue::TOKEN_ERRCODES;
use super::config::ClientConfig;
use super::envelope::{self, Answer};
use super::error::{Phase, WechatError};
use super::http::Http;
use super::token::{AccessToken, TokenCache};
use super::types::{Outgoing, SendReceipt, SubscribeMessage, TemplateMessage};
use super::wire::{Dispatch, SendLine, Target};
use crate::Bilingual;

/// A WeChat server-API client for one account. Cheap to clone; clones share the connection
/// pool and the token cache.
#[derive(Clone)]
pub struct WechatClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: Http,
    api_base: String,
    appid: String,
    tokens: TokenCache,
    send_target: Target,
    connect_timeout: Duration,
    request_timeout: Duration,
}

impl fmt::Debug for WechatClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WechatClient")
            .field("api_base", &self.inner.api_base)
            .field("appid", &self.inner.appid)
            .finish_non_exhaustive()
    }
}

/// One API call's request: which kind of call, method, path under the API base, query and
/// JSON body.
pub(crate) struct Call<'a> {
    pub phase: Phase,
    pub method: Method,
    pub path: &'a str,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<String>,
}

impl WechatClient {
    /// Builds a client. Fails with [`WechatError::Config`] when the API base URL or the proxy
    /// is unusable.
    pub fn new(config: ClientConfig) -> Result<WechatClient, WechatError> {
        let api_base = normalise_api_base(&config.api_base)?;
        if config.appid.trim().is_empty() {
            return Err(WechatError::Config(Bilingual::new("the AppID is empty", "AppID 是空的")));
        }
        if config.connect_timeout.is_zero() || config.request_timeout.is_zero() {
            return Err(WechatError::Config(Bilingual::new(
                "timeouts must be longer than zero",
                "超时时间必须大于零",
            )));
        }
        let http = Http::new(&config)?;
        let send_target = Target::parse(&api_base, config.proxy.as_deref())?;
        let tokens =
            TokenCache::new(http.clone(), api_base.clone(), config.appid.clone(), config.token_source);
        Ok(WechatClient {
            inner: Arc::new(Inner {
                http,
                api_base,
                appid: config.appid,
                tokens,
                send_target,
                connect_timeout: config.connect_timeout,
                request_timeout: config.request_timeout,
            }),
        })
    }

    pub(crate) fn tokens(&self) -> &TokenCache {
        &self.inner.tokens
    }

    /// Forgets a failed token fetch, so the next send asks the token endpoint again.
    pub fn tokens_forget_failure(&self) {
        self.inner.tokens.forget_failure();
    }

    pub(crate) fn send_target(&self) -> &Target {
        &self.inner.send_target
    }

    pub(crate) fn connect_timeout(&self) -> Duration {
        self.inner.connect_timeout
    }

    pub(crate) fn request_timeout(&self) -> Duration {
        self.inner.request_timeout
    }

    /// A connection of its own for subscribe sends (see [`SendLine`]): one per sender.
    pub fn send_line(&self) -> SendLine {
        SendLine::new(self.clone())
    }

    /// The account's AppID.
    pub fn appid(&self) -> &str {
        &self.inner.appid
    }

    /// Makes sure a valid access token is available (fetching one if needed). Used by "Test
    /// connection"; the token itself never leaves the client.
    pub async fn ensure_token(&self) -> Result<(), WechatError> {
        self.inner.tokens.get().await.map(|_| ())
    }

    /// Fetches a new token now. With the `stable` source this sends `force_refresh:true`,
    /// which WeChat allows 20 times a day, 30 s apart: for an explicit user action only.
    #[instrument(skip(self), fields(appid = %self.inner.appid))]
    pub async fn force_refresh_token(&self) -> Result<(), WechatError> {
        self.inner.tokens.force_refresh().await.map(|_| ())
    }

    /// Sends one subscribe message on a connection of its own, at once. Nothing is retried:
    /// a refused token is forgotten (the next call fetches a new one) and the error returned.
    /// Campaigns send through the engine, which journals and paces every request.
    #[instrument(skip_all, fields(appid = %self.inner.appid, template_id = %msg.template_id))]
    pub async fn send_subscribe(&self, msg: &SubscribeMessage) -> Result<SendReceipt, WechatError> {
        self.send_now(Outgoing::Subscribe(msg.clone())).await
    }

    /// Sends one Official Account template message at once, like [`Self::send_subscribe`].
    #[instrument(skip_all, fields(appid = %self.inner.appid, template_id = %msg.template_id))]
    pub async fn send_template(&self, msg: &TemplateMessage) -> Result<SendReceipt, WechatError> {
        self.send_now(Outgoing::Template(msg.clone())).await
    }

    async fn send_now(&self, message: Outgoing) -> Result<SendReceipt, WechatError> {
        let answer =
            self.send_line().send(&message, || async { Some(chrono::Utc::now().timestamp_millis()) }).await;
        match answer {
            Dispatch::Left { result, .. } => {
                if let Ok(receipt) = &result {
                    debug!(
                        msgid = receipt.msgid.as_deref(),
                        rid = receipt.rid.as_deref(),
                        "message accepted"
                    );
                }
                result
            }
            Dispatch::NeverLeft(e) => Err(e),
            Dispatch::Withdrawn => Err(WechatError::InvalidArgument(Bilingual::new(
                "the send was withheld",
                "这条消息在发出前被撤回，没有发送",
            ))),
        }
    }

    /// Runs an API call with a token, refreshing the token and retrying once if WeChat refuses
    /// it. Retrying is safe: a refused token means WeChat did nothing with the request.
    pub(crate) async fn call<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<Answer<T>, WechatError> {
        let tokens = &self.inner.tokens;
        let token = tokens.get().await?;
        match self.call_once(&call, &token).await {
            Err(WechatError::Api { errcode, rid, .. })
                if TOKEN_ERRCODES.contains(&errcode) && tokens.is_manual() =>
            {
                tokens.refuse_manual(errcode, &token);
                Err(WechatError::ManualToken(Bilingual::new(
                    format!(
                        "WeChat refused the pasted access token (error {errcode}{}); paste a new token \
                         in the account settings",
                        rid.as_ref().map(|r| format!(", rid {r}")).unwrap_or_default()
                    ),
                    format!(
                        "微信拒绝了粘贴的 access token（错误码 {errcode}{}），请在账号设置中粘贴新的 token",
                        rid.as_ref().map(|r| format!("，rid：{r}")).unwrap_or_default()
                    ),
                )))
            }
            Err(WechatError::Api { errcode, .. }) if TOKEN_ERRCODES.contains(&errcode) => {
                warn!(errcode, path = call.path, "access token refused; refreshing and retrying once");
                tokens.invalidate(&token);
                let token = tokens.get().await?;
                self.call_once(&call, &token).await
            }
            other => other,
        }
    }

    async fn call_once<T: DeserializeOwned>(
        &self,
        call: &Call<'_>,
        token: &AccessToken,
    ) -> Result<Answer<T>, WechatError> {
        let what = format!("WeChat ({})", call.path);
        let secret = token.value.expose();
        let mut request = self
            .inner
            .http
            .client()
            .request(call.method.clone(), format!("{}{}", self.inner.api_base, call.path))
            .query(&[("access_token", secret.as_str())])
            .query(&call.query);
        if let Some(body) = &call.body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json; charset=utf-8")
                .body(body.clone());
        }
        let result = match self.inner.http.execute(request, call.phase, &what).await {
            Ok(raw) => envelope::parse(raw, call.phase, &what),
            Err(e) => Err(e),
        };
        result.map_err(|e| e.scrub(secret))
    }
}

/// Checks the API base URL and strips the trailing slash so paths can be appended.
fn normalise_api_base(raw: &str) -> Result<String, WechatError> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = Url::parse(trimmed).map_err(|e| {
        WechatError::Config(Bilingual::new(
            format!("the API base URL {raw:?} is not a valid URL ({e})"),
            format!("API 地址 {raw:?} 不是有效的网址"),
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(WechatError::Config(Bilingual::new(
            format!("the API base URL must start with https:// or http:// (got {raw:?})"),
            format!("API 地址必须以 https:// 或 http:// 开头（现在是 {raw:?}）"),
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(WechatError::Config(Bilingual::new(
            format!("the API base URL must not contain '?' or '#' (got {raw:?})"),
            format!("API 地址中不能有 ? 或 #（现在是 {raw:?}）"),
        )));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::Sensitive;
    use crate::wechat::TokenSource;

    fn config(api_base: &str, proxy: Option<&str>) -> ClientConfig {
        let mut c = ClientConfig::new("wx1", TokenSource::Stable { secret: Sensitive::new("s".into()) });
        c.api_base = api_base.into();
        c.proxy = proxy.map(Into::into);
        c
    }

    #[test]
    fn debug_output_never_shows_secrets() {
        let mut c = config("https://api.weixin.qq.com", None);
        c.token_source = TokenSource::External {
            url: "https://t.example.com/t".into(),
            header: Some(("X-Key".into(), Sensitive::new("hdr-secret-1".into()))),
        };
        let stable = config("https://api.weixin.qq.com", None);
        let client = WechatClient::new(stable.clone()).unwrap();
        let text = format!("{c:?} {stable:?} {client:?}");
        assert!(!text.contains("hdr-secret-1"));
        assert!(text.contains("Sensitive(***)"));
    }

    #[test]
    fn bad_urls_and_proxies_are_config_errors() {
        for (base, proxy) in [
            ("not a url", None),
            ("ftp://x", None),
            ("https://x?y=1", None),
            ("https://api.weixin.qq.com", Some("::::")),
            ("https://api.weixin.qq.com", Some("ftp://proxy")),
        ] {
            let err = WechatClient::new(config(base, proxy)).unwrap_err();
            assert!(matches!(err, WechatError::Config(_)), "{base} {proxy:?}: {err}");
        }
        let ok =
            WechatClient::new(config("https://api.weixin.qq.com/", Some("http://10.0.0.1:3128"))).unwrap();
        assert_eq!(ok.inner.api_base, "https://api.weixin.qq.com");
    }
}
