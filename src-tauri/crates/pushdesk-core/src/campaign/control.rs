//! Pause and cancel, from any thread, for a campaign this process is sending.

use tokio::sync::watch;

use crate::model::ControlRequest;

/// A handle to steer one running campaign. Cheap to clone.
#[derive(Debug, Clone)]
pub struct CampaignControl {
    tx: watch::Sender<Option<ControlRequest>>,
}

impl Default for CampaignControl {
    fn default() -> Self {
        CampaignControl { tx: watch::Sender::new(None) }
    }
}

impl CampaignControl {
    /// Asks the campaign to pause after the requests in flight.
    pub fn pause(&self) {
        self.ask(ControlRequest::Pause);
    }

    /// Asks the campaign to cancel after the requests in flight.
    pub fn cancel(&self) {
        self.ask(ControlRequest::Cancel);
    }

    /// Asks for `request`; a cancel is never downgraded to a pause.
    pub fn ask(&self, request: ControlRequest) {
        self.tx.send_if_modified(|current| {
            if *current == Some(ControlRequest::Cancel) || *current == Some(request) {
                return false;
            }
            *current = Some(request);
            true
        });
    }

    /// What was asked, if anything.
    pub fn current(&self) -> Option<ControlRequest> {
        *self.tx.borrow()
    }

    /// Waits until something is asked.
    pub(crate) async fn asked(&self) {
        let mut rx = self.tx.subscribe();
        let _ = rx.wait_for(Option::is_some).await;
    }
}
