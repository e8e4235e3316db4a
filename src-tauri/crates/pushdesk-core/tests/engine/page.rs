//! The page a card opens, per row.

use pushdesk_core::model::CampaignStatus;
use pushdesk_core::sendlog::LogFilter;
use pushdesk_sandbox::SandboxConfig;

use crate::world::{openid, recipients, World};

/// Regression (issue 18, bug 1): `{{快递单号}}` in the page was sent literally. A row with its
/// own filled page sends that page; a row without one sends the campaign's.
#[tokio::test]
async fn each_row_sends_its_own_filled_page() {
    let w = World::new(SandboxConfig::default()).await;
    let mut rows = recipients((0..3).map(openid));
    rows[0].page = Some("pages/order/detail?id=SF1402938475612".into());
    rows[1].page = Some("pages/order/detail?id=YT9988776655".into());
    let id = w.campaign_to(rows, 50, 2);
    let c = w.run(id).await;
    assert_eq!((c.status, c.counts.sent), (CampaignStatus::Finished, 3));

    let filter = LogFilter { campaign_id: Some(id), ..LogFilter::default() };
    let sent: std::collections::HashMap<String, String> = w
        .store()
        .log_page(&filter, None, 50)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| (e.openid, e.page.unwrap_or_default()))
        .collect();
    assert_eq!(sent[&openid(0)], "pages/order/detail?id=SF1402938475612");
    assert_eq!(sent[&openid(1)], "pages/order/detail?id=YT9988776655");
    assert_eq!(sent[&openid(2)], "pages/order/detail?id=7", "the campaign's page");
}
