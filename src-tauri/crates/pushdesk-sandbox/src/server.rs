//! The accept loop. It is ours rather than `axum::serve` so that a handler can close its own
//! connection without answering (the drop-connection faults), and so that the listening socket
//! can be closed and re-bound on the same port (`SandboxControl::refuse_connections`); axum can
//! express neither.

use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;

use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch, Notify};
use tower_service::Service;
use tracing::{debug, warn};

use crate::gate::GateCommand;

/// Request extension: notifying it closes the connection the request arrived on.
#[derive(Clone, Debug)]
pub struct ConnKill(pub Arc<Notify>);

/// Request extension: the address the request came from (WeChat names it in 40164 / 61004).
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub SocketAddr);

/// Accepts connections on `addr` until `shutdown` turns `true` (or its sender is dropped),
/// closing and re-binding the listening socket as the gate commands.
pub async fn run(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
    mut gate: mpsc::UnboundedReceiver<GateCommand>,
) {
    // Re-binding uses the address actually bound, so a port chosen by the OS stays the same.
    let Ok(addr) = listener.local_addr() else { return };
    let mut listener = Some(listener);
    // Bumped to close every open connection gracefully.
    let (close_all, _) = watch::channel(0u64);
    let mut gate_open = true;
    loop {
        tokio::select! {
            accepted = accept(listener.as_ref()) => match accepted {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    let conn = serve_connection(stream, peer, router.clone(), shutdown.clone(), close_all.subscribe());
                    tokio::spawn(conn);
                }
                Err(e) => {
                    // Usually EMFILE under load; the next accept may succeed.
                    debug!(error = %e, "accept failed");
                    tokio::task::yield_now().await;
                }
            },
            command = gate.recv(), if gate_open => match command {
                Some(GateCommand::Refuse(done)) => {
                    // Dropping the listener closes the socket: from now on the kernel answers a
                    // connect with ECONNREFUSED.
                    listener = None;
                    close_all.send_modify(|g| *g += 1);
                    let _ = done.send(());
                }
                Some(GateCommand::Open(done)) => {
                    if listener.is_none() {
                        // tokio sets SO_REUSEADDR on Unix, so connections we closed (now in
                        // TIME_WAIT on this port) do not stop the bind.
                        match TcpListener::bind(addr).await {
                            Ok(l) => listener = Some(l),
                            Err(e) => {
                                warn!(%addr, error = %e, "sandbox could not listen again");
                                let _ = done.send(Err(e));
                                continue;
                            }
                        }
                    }
                    let _ = done.send(Ok(()));
                }
                None => gate_open = false,
            },
            () = stopped(&mut shutdown) => break,
        }
    }
}

/// Accepts on the listener, or waits forever while there is none (refusing).
async fn accept(listener: Option<&TcpListener>) -> std::io::Result<(TcpStream, SocketAddr)> {
    match listener {
        Some(l) => l.accept().await,
        None => std::future::pending().await,
    }
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
    mut close: watch::Receiver<u64>,
) {
    let kill = Arc::new(Notify::new());
    let conn_kill = ConnKill(kill.clone());
    let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(conn_kill.clone());
        req.extensions_mut().insert(Peer(peer));
        let mut router = router.clone();
        async move { router.call(req).await }
    });
    let mut conn = pin!(hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service));
    let mut closing = false;
    // Dropping `conn` closes the socket: that is how a killed or shut-down connection ends.
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    debug!(error = %e, "connection ended with error");
                }
                return;
            }
            _ = kill.notified() => {
                debug!("connection dropped on purpose");
                return;
            }
            () = stopped(&mut shutdown) => return,
            changed = close.changed(), if !closing => {
                closing = true;
                if changed.is_ok() {
                    // An idle connection closes now; one answering a request finishes the
                    // answer first, so refusing never turns into a lost answer.
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// Resolves once shutdown is requested or the [`crate::Sandbox`] is dropped. The watch guard
/// is released inside, so the future stays `Send`.
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await.map(|_| ());
}
