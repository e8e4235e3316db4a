//! Pulling an account's private templates from WeChat into the local cache.

use tracing::instrument;

use crate::store::SyncedTemplate;
use crate::template::{attach_examples, parse_content};
use crate::wechat::{PrivateTemplate, WechatClient};
use crate::Result;

/// Fetches the account's private templates with their keywords parsed, ready for
/// [`crate::store::Store::replace_templates`].
#[instrument(skip(client), fields(appid = client.appid()))]
pub async fn fetch_templates(client: &WechatClient) -> Result<Vec<SyncedTemplate>> {
    let now = chrono::Utc::now().to_rfc3339();
    Ok(client.get_templates().await?.into_iter().map(|t| to_synced(t, &now)).collect())
}

fn to_synced(t: PrivateTemplate, synced_at: &str) -> SyncedTemplate {
    let mut keywords = parse_content(&t.content, &t.keyword_enum_value_list);
    attach_examples(&mut keywords, &t.example);
    SyncedTemplate {
        keywords,
        template_id: t.pri_tmpl_id,
        title: t.title,
        content: t.content,
        example: t.example,
        kind: t.kind,
        synced_at: synced_at.to_string(),
    }
}
