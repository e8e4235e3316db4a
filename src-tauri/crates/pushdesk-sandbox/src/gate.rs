//! Opening and closing the sandbox's listening socket from the control side.
//!
//! While refusing, nothing listens on the port, so a new connection gets ECONNREFUSED from the
//! kernel — a request that never left the client — and every open keep-alive connection is
//! closed so the client's next request has to connect too. The accept loop (`server.rs`) owns
//! the socket and does the work; this handle sends it commands and waits until they are done,
//! so that once `refuse` returns, a connect is refused.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::sync::{mpsc, oneshot};

/// What the accept loop is asked to do.
#[derive(Debug)]
pub enum GateCommand {
    /// Close the listening socket and every open connection (gracefully: a request being
    /// answered is answered first).
    Refuse(oneshot::Sender<()>),
    /// Bind the same address again, if closed.
    Open(oneshot::Sender<io::Result<()>>),
}

/// The control side of the gate.
#[derive(Debug)]
pub struct Gate {
    commands: mpsc::UnboundedSender<GateCommand>,
    refusing: AtomicBool,
    /// Bumped by every refuse/open request, so a timed re-open does not undo a later command.
    generation: AtomicU64,
}

impl Gate {
    /// A gate and the receiver the accept loop listens on.
    pub fn new() -> (Gate, mpsc::UnboundedReceiver<GateCommand>) {
        let (commands, rx) = mpsc::unbounded_channel();
        let gate = Gate { commands, refusing: AtomicBool::new(false), generation: AtomicU64::new(0) };
        (gate, rx)
    }

    /// Starts a new command generation and returns it.
    pub fn next_generation(&self) -> u64 {
        self.generation.fetch_add(1, Ordering::SeqCst) + 1
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn is_refusing(&self) -> bool {
        self.refusing.load(Ordering::SeqCst)
    }

    /// Closes the listening socket; returns once it is closed.
    pub async fn refuse(&self) -> io::Result<()> {
        let (tx, rx) = oneshot::channel();
        self.send(GateCommand::Refuse(tx))?;
        rx.await.map_err(|_| no_loop())?;
        self.refusing.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// Listens on the same address again; returns once it does (or why it cannot).
    pub async fn open(&self) -> io::Result<()> {
        let (tx, rx) = oneshot::channel();
        self.send(GateCommand::Open(tx))?;
        rx.await.map_err(|_| no_loop())??;
        self.refusing.store(false, Ordering::SeqCst);
        Ok(())
    }

    fn send(&self, command: GateCommand) -> io::Result<()> {
        self.commands.send(command).map_err(|_| no_loop())
    }
}

fn no_loop() -> io::Error {
    io::Error::other("the sandbox's accept loop is not running (stopped, or a router served without it)")
}
