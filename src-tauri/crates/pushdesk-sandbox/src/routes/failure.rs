//! Answers that are not WeChat's JSON: a gateway's HTML error page, or no answer at all. Shared
//! by the send and token endpoints.

use std::net::{IpAddr, Ipv4Addr};

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use crate::server::{ConnKill, Peer};

/// An HTTP error page as nginx — the usual gateway in front of WeChat or of a company's relay —
/// writes it.
pub fn gateway_page(status: StatusCode) -> Response {
    let code = status.as_u16();
    let reason = match code {
        // nginx's own spelling, not the RFC's "Gateway Timeout".
        504 => "Gateway Time-out",
        _ => status.canonical_reason().unwrap_or("Error"),
    };
    let html = format!(
        "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    (status, [(header::CONTENT_TYPE, "text/html"), (header::SERVER, "nginx")], html).into_response()
}

/// Closes the request's connection without an answer. Only under the sandbox's own accept loop;
/// a router driven in memory gets the nearest thing, a 502 without a body.
pub async fn drop_connection(kill: Option<Extension<ConnKill>>) -> Response {
    match kill {
        Some(Extension(ConnKill(notify))) => {
            notify.notify_one();
            // The connection task drops this future together with the socket.
            std::future::pending::<Response>().await
        }
        None => StatusCode::BAD_GATEWAY.into_response(),
    }
}

/// The caller's IP as WeChat would see it; a documentation address when unknown.
pub fn peer_ip(peer: Option<Extension<Peer>>) -> IpAddr {
    peer.map_or(IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7)), |Extension(Peer(addr))| addr.ip())
}
