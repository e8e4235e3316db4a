//! Sending one message now, from Compose or a test send: a campaign of one (kind `single` or
//! `test`) through the same lifecycle, engine and log as any campaign.

use super::Desk;
use crate::compose::{self, SendNowRequest, SendNowResult};
use crate::model::{NewCampaign, NewRecipient};
use crate::Result;

impl Desk {
    /// Sends the request's message to one openid or to the account's test list, and returns
    /// each recipient's result. Nothing is sent when a value breaks its rule.
    pub async fn send_now(&self, request: SendNowRequest) -> Result<SendNowResult> {
        let user = self.user.clone();
        let (spec, recipients) =
            self.with_store(move |store, _| compose::plan_direct_send(store, &request, &user)).await?;
        self.send_direct(spec, recipients).await
    }

    /// Stores a direct send's campaign, runs it to its end and reads its results.
    pub(super) async fn send_direct(
        &self,
        spec: NewCampaign,
        recipients: Vec<NewRecipient>,
    ) -> Result<SendNowResult> {
        let id = self
            .with_store(move |store, _| store.create_campaign(&spec, &mut recipients.into_iter().map(Ok)))
            .await?;
        let handle = self.start(id, None).await?;
        handle.done.await.map_err(|e| crate::CoreError::Internal(format!("the send failed: {e}")))??;
        self.with_store(move |store, _| compose::direct_results(store, id)).await
    }
}
