//! The accept loop. It is ours rather than `axum::serve` so that a handler can close its own
//! connection without answering (the `DropConnection` fault), which axum cannot express.

use std::sync::Arc;

use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower_service::Service;
use tracing::debug;

/// Request extension: notifying it closes the connection the request arrived on.
#[derive(Clone, Debug)]
pub struct ConnKill(pub Arc<Notify>);

/// Accepts connections until `shutdown` turns `true` (or its sender is dropped).
pub async fn run(listener: TcpListener, router: Router, mut shutdown: watch::Receiver<bool>) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Usually EMFILE under load; the next accept may succeed.
                    debug!(error = %e, "accept failed");
                    tokio::task::yield_now().await;
                    continue;
                }
            },
            () = stopped(&mut shutdown) => break,
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_connection(stream, router.clone(), shutdown.clone()));
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let kill = Arc::new(Notify::new());
    let conn_kill = ConnKill(kill.clone());
    let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(conn_kill.clone());
        let mut router = router.clone();
        async move { router.call(req).await }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    // Dropping `conn` closes the socket: that is how a killed or shut-down connection ends.
    tokio::select! {
        result = conn => if let Err(e) = result { debug!(error = %e, "connection ended with error") },
        _ = kill.notified() => debug!("connection dropped on purpose"),
        () = stopped(&mut shutdown) => {}
    }
}

/// Resolves once shutdown is requested or the [`crate::Sandbox`] is dropped. The watch guard
/// is released inside, so the future stays `Send`.
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await.map(|_| ());
}
