//! Pause and cancel, from any thread, for a running campaign.

use tokio::sync::watch;

/// What the user wants the running campaign to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlCommand {
    /// Keep sending.
    Run,
    /// Finish the requests in flight, then stop; pending rows stay pending.
    Pause,
    /// Finish the requests in flight, then cancel every pending row.
    Cancel,
}

/// A handle to steer one running campaign. Cheap to clone.
#[derive(Debug, Clone)]
pub struct CampaignControl {
    tx: watch::Sender<ControlCommand>,
}

impl Default for CampaignControl {
    fn default() -> Self {
        CampaignControl { tx: watch::Sender::new(ControlCommand::Run) }
    }
}

impl CampaignControl {
    /// Asks the campaign to pause.
    pub fn pause(&self) {
        self.tx.send_replace(ControlCommand::Pause);
    }

    /// Asks the campaign to cancel.
    pub fn cancel(&self) {
        self.tx.send_replace(ControlCommand::Cancel);
    }

    /// The current request.
    pub fn current(&self) -> ControlCommand {
        *self.tx.borrow()
    }

    /// Waits until something other than `Run` is asked.
    pub(crate) async fn stopped(&self) {
        let mut rx = self.tx.subscribe();
        let _ = rx.wait_for(|c| *c != ControlCommand::Run).await;
    }
}
