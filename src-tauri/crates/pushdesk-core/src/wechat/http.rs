//! The HTTP layer: one pooled reqwest client per account, and the classification of transport
//! failures into "never sent" versus "may have been delivered".

use std::error::Error as _;

use reqwest::Url;

use super::config::ClientConfig;
use super::error::{Phase, TransportKind, WechatError};
use crate::Bilingual;

/// A response as received: status and body text. Parsing happens in `envelope`.
pub(crate) struct RawAnswer {
    pub status: u16,
    pub body: String,
}

/// The pooled HTTP client of one account.
#[derive(Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    has_proxy: bool,
}

impl Http {
    /// Builds the client, refusing an unusable proxy with a clear message.
    pub fn new(config: &ClientConfig) -> Result<Self, WechatError> {
        let mut builder = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("Pushdesk/", env!("CARGO_PKG_VERSION")));
        builder = match &config.proxy {
            Some(proxy) => {
                let url = Url::parse(proxy.trim()).map_err(|e| {
                    WechatError::Config(Bilingual::new(
                        format!("the proxy address {proxy:?} is not a valid URL ({e})"),
                        format!("代理地址 {proxy:?} 不是有效的网址"),
                    ))
                })?;
                if !matches!(url.scheme(), "http" | "https" | "socks5" | "socks5h") {
                    return Err(WechatError::Config(Bilingual::new(
                        format!(
                            "the proxy address must start with http:// or https:// (got {:?})",
                            url.scheme()
                        ),
                        format!("代理地址必须以 http:// 或 https:// 开头（现在是 {:?}）", url.scheme()),
                    )));
                }
                let proxy = reqwest::Proxy::all(url).map_err(|e| {
                    let e = e.without_url();
                    WechatError::Config(Bilingual::new(
                        format!("the proxy address is not usable: {e}"),
                        format!("代理地址无法使用（{e}）"),
                    ))
                })?;
                builder.proxy(proxy)
            }
            // Settings decide, not the environment: a stray HTTPS_PROXY must not reroute
            // an account that says "no proxy".
            None => builder.no_proxy(),
        };
        let client = builder.build().map_err(|e| {
            let e = e.without_url();
            WechatError::Config(Bilingual::new(
                format!("could not set up HTTP: {e}"),
                format!("无法准备网络连接（{e}）"),
            ))
        })?;
        Ok(Http { client, has_proxy: config.proxy.is_some() })
    }

    /// The underlying client, for building requests.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends a request and reads the whole body. `what` names the endpoint in messages; it
    /// must not contain a query string.
    pub async fn execute(
        &self,
        request: reqwest::RequestBuilder,
        phase: Phase,
        what: &str,
    ) -> Result<RawAnswer, WechatError> {
        let response = request.send().await.map_err(|e| self.transport_error(e, phase, what))?;
        let status = response.status().as_u16();
        let body = response.text().await.map_err(|e| self.transport_error(e, phase, what))?;
        Ok(RawAnswer { status, body })
    }

    fn transport_error(&self, e: reqwest::Error, phase: Phase, what: &str) -> WechatError {
        let kind = classify(&e, self.has_proxy);
        let chain = error_chain(e);
        let summary = match kind {
            TransportKind::ConnectFailed => "could not connect to",
            TransportKind::Dns => "could not resolve the host name of",
            TransportKind::ProxyFailed => "could not get through the proxy to",
            TransportKind::ConnectTimeout => "timed out connecting to",
            TransportKind::TimeoutAfterSend => "sent the request but got no answer in time from",
            TransportKind::ConnectionLost => "the connection broke before the answer came from",
            _ => "network error talking to",
        };
        WechatError::Transport { kind, phase, status: None, detail: format!("{summary} {what}: {chain}") }
    }
}

/// Decides whether the request may have reached the server. reqwest marks failures while
/// connecting (DNS, TCP, TLS, proxy tunnel) as connect errors; any other timeout happened
/// once the connection was up, when the request was on its way or already delivered.
fn classify(e: &reqwest::Error, has_proxy: bool) -> TransportKind {
    if e.is_connect() {
        let text = error_chain_ref(e).to_ascii_lowercase();
        if e.is_timeout() {
            TransportKind::ConnectTimeout
        } else if text.contains("dns error") || text.contains("failed to lookup") {
            TransportKind::Dns
        } else if has_proxy {
            TransportKind::ProxyFailed
        } else {
            TransportKind::ConnectFailed
        }
    } else if e.is_timeout() {
        TransportKind::TimeoutAfterSend
    } else if e.is_request() || e.is_body() || e.is_decode() {
        TransportKind::ConnectionLost
    } else if e.is_redirect() {
        TransportKind::HttpStatus
    } else {
        TransportKind::Other
    }
}

/// The error and its causes, without the URL (which carries the access token or AppSecret in
/// its query string).
fn error_chain(e: reqwest::Error) -> String {
    error_chain_ref(&e.without_url())
}

fn error_chain_ref(e: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    // reqwest's own Display adds " for url (...)" unless the URL was stripped; it is not
    // stripped here (borrowed), so start from the kind description only.
    let top = e.to_string();
    let top = top.split(" for url (").next().unwrap_or("").to_owned();
    parts.push(top);
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

/// A URL reduced to scheme, host, port and path: safe to show (no query, no user info).
pub(crate) fn display_url(url: &Url) -> String {
    let mut shown = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""));
    if let Some(port) = url.port() {
        shown.push_str(&format!(":{port}"));
    }
    shown.push_str(url.path());
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_url_drops_query_and_credentials() {
        let url = Url::parse("https://user:pw@tokens.example.com:8443/t?key=s3cret").unwrap();
        assert_eq!(display_url(&url), "https://tokens.example.com:8443/t");
    }
}
