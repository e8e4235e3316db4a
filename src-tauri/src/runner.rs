//! Campaigns running in this app: their pause/cancel handles, and their progress pushed to
//! the webview as `campaign-progress` events.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use pushdesk_core::campaign::model::Campaign;
use pushdesk_core::campaign::{run_campaign, CampaignControl, EngineSettings, Progress, RunRequest};
use pushdesk_core::wechat::WechatClient;
use tauri::{AppHandle, Emitter};

/// The event carrying a [`Progress`] snapshot.
pub const PROGRESS_EVENT: &str = "campaign-progress";

/// Running campaigns by id.
#[derive(Default)]
pub struct Runner {
    running: Arc<Mutex<HashMap<i64, CampaignControl>>>,
}

impl Runner {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, CampaignControl>> {
        self.running.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The handle of a campaign this app is running.
    pub fn control(&self, id: i64) -> Option<CampaignControl> {
        self.lock().get(&id).cloned()
    }

    /// Runs a campaign in the background, pushing progress to the webview.
    pub fn spawn(&self, app: AppHandle, db_path: PathBuf, id: i64, client: Arc<WechatClient>) {
        let control = CampaignControl::default();
        self.lock().insert(id, control.clone());
        let running = Arc::clone(&self.running);
        let emitter = app.clone();
        tauri::async_runtime::spawn(async move {
            let sink = Arc::new(move |p: Progress| {
                let _ = emitter.emit(PROGRESS_EVENT, p);
            });
            let result = run_campaign(RunRequest {
                db_path,
                campaign_id: id,
                client,
                control,
                progress: Some(sink),
                settings: EngineSettings::default(),
            })
            .await;
            running.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
            if let Err(err) = result {
                tracing::error!(campaign = id, "campaign run failed: {err}");
            }
        });
    }

    /// Runs a small campaign (a direct send) to its end.
    pub async fn run_to_end(
        &self,
        db_path: PathBuf,
        id: i64,
        client: Arc<WechatClient>,
    ) -> pushdesk_core::Result<Campaign> {
        run_campaign(RunRequest {
            db_path,
            campaign_id: id,
            client,
            control: CampaignControl::default(),
            progress: None,
            settings: EngineSettings::default(),
        })
        .await
    }
}
