//! Finding the template messages WeChat intercepted as purely promotional, and marking their
//! sends: WeChat accepted them (errcode 0, a msgid) but nobody got them, and only
//! `queryblocktmplmsg` says so.

use serde::Serialize;

use super::Desk;
use crate::model::{now_ms, DAY_MS};
use crate::Result;

/// How far back the check looks: campaigns made in the last 30 days.
const LOOK_BACK_DAYS: i64 = 30;

/// What a check found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InterceptedSummary {
    /// Templates asked about.
    pub templates: u32,
    /// Intercepted messages WeChat listed.
    pub found: u32,
    /// Sends marked now (the others were marked before, or were not sent from here).
    pub marked: u32,
}

impl Desk {
    /// Asks WeChat which of the account's recent template messages it intercepted, and marks
    /// those sends as not delivered.
    pub async fn check_intercepted(&self, account_id: i64) -> Result<InterceptedSummary> {
        let client = self.official_client(account_id).await?;
        let since = now_ms() - LOOK_BACK_DAYS * DAY_MS;
        let templates =
            self.with_store(move |store, _| store.template_message_templates(account_id, since)).await?;
        let mut summary = InterceptedSummary { templates: templates.len() as u32, ..Default::default() };
        for template in templates {
            let mut largest: Option<String> = None;
            loop {
                let page = client.get_blocked_messages(&template, largest.as_deref()).await?;
                summary.found += page.len() as u32;
                let full = page.len() >= crate::wechat::BLOCKED_PAGE;
                largest = page.iter().map(|m| m.id.clone()).max_by_key(|id| id.parse::<u64>().unwrap_or(0));
                let marks: Vec<(String, i64)> =
                    page.into_iter().map(|m| (m.openid, m.send_timestamp.saturating_mul(1000))).collect();
                let template = template.clone();
                let marked = self
                    .with_store(move |store, _| {
                        let mut n = 0;
                        for (openid, at) in &marks {
                            n += u32::from(store.mark_intercepted(account_id, &template, openid, *at)?);
                        }
                        Ok(n)
                    })
                    .await?;
                summary.marked += marked;
                if !full {
                    break;
                }
            }
        }
        Ok(summary)
    }
}
