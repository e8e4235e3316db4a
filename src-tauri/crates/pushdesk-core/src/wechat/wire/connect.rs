//! Opening a connection for sends: to the API host directly, or through the account's HTTP
//! proxy (a `CONNECT` tunnel for HTTPS, absolute-form requests for plain HTTP), with TLS on top
//! for HTTPS. Every failure here happens before a byte of a request is written, so it is always
//! "never sent".

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use base64::Engine as _;
use reqwest::Url;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::tracked::Io;
use crate::wechat::error::TransportKind;
use crate::wechat::WechatError;
use crate::Bilingual;

/// Where sends go and how to get there.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    https: bool,
    host: String,
    port: u16,
    /// The API base's path, without a trailing slash.
    base_path: String,
    proxy: Option<Proxy>,
}

#[derive(Debug, Clone)]
struct Proxy {
    https: bool,
    host: String,
    port: u16,
    /// `Basic …` for `Proxy-Authorization`, from the proxy URL's user and password.
    authorization: Option<String>,
}

/// A failure to connect, with what to say about it.
pub(crate) type ConnectError = (TransportKind, String);

impl Target {
    /// Parses the account's (already validated) API base and proxy.
    pub(crate) fn parse(api_base: &str, proxy: Option<&str>) -> Result<Target, WechatError> {
        let base = Url::parse(api_base).map_err(|e| {
            WechatError::Config(Bilingual::new(
                format!("the API base URL {api_base:?} is not a valid URL ({e})"),
                format!("API 地址 {api_base:?} 不是有效的网址"),
            ))
        })?;
        let host = base.host_str().ok_or_else(|| {
            WechatError::Config(Bilingual::new("the API base URL has no host", "API 地址中没有主机名"))
        })?;
        let https = base.scheme() == "https";
        let proxy = proxy
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                let url = Url::parse(p).map_err(|e| {
                    WechatError::Config(Bilingual::new(
                        format!("the proxy address {p:?} is not a valid URL ({e})"),
                        format!("代理地址 {p:?} 不是有效的网址"),
                    ))
                })?;
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(WechatError::Config(Bilingual::new(
                        format!(
                            "the proxy address must start with http:// or https:// (got {:?})",
                            url.scheme()
                        ),
                        format!("代理地址必须以 http:// 或 https:// 开头（现在是 {:?}）", url.scheme()),
                    )));
                }
                let authorization = (!url.username().is_empty()).then(|| {
                    let user = percent_decode(url.username());
                    let password = percent_decode(url.password().unwrap_or(""));
                    format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
                    )
                });
                Ok(Proxy {
                    https: url.scheme() == "https",
                    host: url.host_str().unwrap_or("").trim_matches(['[', ']']).to_string(),
                    port: url.port_or_known_default().unwrap_or(80),
                    authorization,
                })
            })
            .transpose()?;
        Ok(Target {
            https,
            host: host.trim_matches(['[', ']']).to_string(),
            port: base.port_or_known_default().unwrap_or(if https { 443 } else { 80 }),
            base_path: base.path().trim_end_matches('/').to_string(),
            proxy,
        })
    }

    /// `host:port` as the Host header and the tunnel name it.
    pub(crate) fn authority(&self) -> String {
        let default = if self.https { 443 } else { 80 };
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        if self.port == default {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }

    /// The request target for `path` with `query`: origin-form, or absolute-form when a plain
    /// HTTP request goes through a proxy.
    pub(crate) fn request_uri(&self, path: &str, query: &str) -> String {
        let origin = format!("{}{path}?{query}", self.base_path);
        match &self.proxy {
            Some(_) if !self.https => format!("http://{}{origin}", self.authority()),
            _ => origin,
        }
    }

    /// The `Proxy-Authorization` value plain-HTTP requests through the proxy carry.
    pub(crate) fn proxy_authorization(&self) -> Option<&str> {
        match &self.proxy {
            Some(p) if !self.https => p.authorization.as_deref(),
            _ => None,
        }
    }

    /// The address for messages: scheme, host, port and path, never a query.
    pub(crate) fn describe(&self, path: &str) -> String {
        format!(
            "{}://{}{}{path}",
            if self.https { "https" } else { "http" },
            self.authority(),
            self.base_path
        )
    }

    /// Opens a connection ready for HTTP/1.1 requests, within `timeout`.
    pub(crate) async fn open(&self, timeout: Duration) -> Result<Box<dyn Io>, ConnectError> {
        match tokio::time::timeout(timeout, self.open_now()).await {
            Ok(result) => result,
            Err(_) => {
                Err((TransportKind::ConnectTimeout, format!("timed out connecting to {}", self.describe(""))))
            }
        }
    }

    async fn open_now(&self) -> Result<Box<dyn Io>, ConnectError> {
        let Some(proxy) = &self.proxy else {
            let tcp = tcp(&self.host, self.port, false).await?;
            return self.secure(Box::new(tcp)).await;
        };
        let tcp = tcp(&proxy.host, proxy.port, true).await?;
        let mut to_proxy: Box<dyn Io> = Box::new(tcp);
        if proxy.https {
            to_proxy = tls(to_proxy, &proxy.host)
                .await
                .map_err(|e| (TransportKind::ProxyFailed, format!("TLS with the proxy failed: {e}")))?;
        }
        if !self.https {
            return Ok(to_proxy);
        }
        let tunnel = connect_tunnel(to_proxy, &self.authority(), proxy.authorization.as_deref()).await?;
        self.secure(tunnel).await
    }

    async fn secure(&self, stream: Box<dyn Io>) -> Result<Box<dyn Io>, ConnectError> {
        if !self.https {
            return Ok(stream);
        }
        tls(stream, &self.host)
            .await
            .map_err(|e| (TransportKind::ConnectFailed, format!("TLS with {} failed: {e}", self.host)))
    }
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

async fn tcp(host: &str, port: u16, proxy: bool) -> Result<TcpStream, ConnectError> {
    let failed = if proxy { TransportKind::ProxyFailed } else { TransportKind::ConnectFailed };
    let what = if proxy { "the proxy" } else { "the server" };
    let addrs: Vec<_> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| {
            let kind = if proxy { TransportKind::ProxyFailed } else { TransportKind::Dns };
            (kind, format!("could not resolve {what} {host}: {e}"))
        })?
        .collect();
    let mut last = None;
    for addr in addrs {
        match TcpStream::connect(addr).await {
            Ok(stream) => {
                // Requests are written in one piece; Nagle would hold the body back.
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(e) => last = Some(e),
        }
    }
    let why = last.map_or_else(|| "no address".to_string(), |e| e.to_string());
    Err((failed, format!("could not connect to {what} {host}:{port}: {why}")))
}

/// Asks an HTTP proxy for a tunnel to `authority`.
async fn connect_tunnel(
    mut stream: Box<dyn Io>,
    authority: &str,
    authorization: Option<&str>,
) -> Result<Box<dyn Io>, ConnectError> {
    let failed = |why: String| (TransportKind::ProxyFailed, why);
    let mut request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(auth) = authorization {
        request.push_str(&format!("Proxy-Authorization: {auth}\r\n"));
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| failed(format!("the proxy dropped the tunnel request: {e}")))?;
    // Read byte by byte up to the blank line: nothing of the tunnelled stream may be consumed.
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 8 * 1024 {
            return Err(failed("the proxy's answer to the tunnel request is too long".into()));
        }
        let byte = stream.read_u8().await.map_err(|e| failed(format!("the proxy closed the tunnel: {e}")))?;
        head.push(byte);
    }
    let head = String::from_utf8_lossy(&head);
    let status = head.lines().next().unwrap_or("");
    let code = status.split_whitespace().nth(1).unwrap_or("");
    if code != "200" {
        return Err(failed(format!("the proxy refused the tunnel: {status}")));
    }
    Ok(stream)
}

fn tls_connector() -> TlsConnector {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map(|b| b.with_root_certificates(roots).with_no_client_auth())
            .unwrap_or_else(|_| {
                rustls::ClientConfig::builder()
                    .with_root_certificates(rustls::RootCertStore::empty())
                    .with_no_client_auth()
            });
        Arc::new(config)
    });
    TlsConnector::from(Arc::clone(config))
}

async fn tls(stream: Box<dyn Io>, host: &str) -> std::io::Result<Box<dyn Io>> {
    let name = rustls::pki_types::ServerName::try_from(host.to_string())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let stream = tls_connector().connect(name, stream).await?;
    Ok(Box::new(stream))
}
