//! "Test connection": fetch a token, then the template list, and say exactly what is wrong.

use serde::Serialize;
use tracing::instrument;

use crate::account::AccountKind;
use crate::wechat::{CatalogueEntry, WechatClient};

/// Which step of the check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CheckStep {
    /// Getting an access token.
    Token,
    /// Listing the templates.
    Templates,
}

/// The outcome of a connection test.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    /// Whether both steps worked.
    pub ok: bool,
    /// The step that failed, if any.
    pub failed_step: Option<CheckStep>,
    /// How many private templates the account has (when the template step worked).
    pub template_count: Option<u32>,
    /// What went wrong and what to do, in both languages (when something failed).
    pub problem: Option<CatalogueEntry>,
    /// WeChat's errcode, if it answered with one.
    pub errcode: Option<i64>,
    /// The technical detail (never a secret).
    pub detail: Option<String>,
}

impl ConnectionReport {
    fn failed(step: CheckStep, err: &crate::wechat::WechatError) -> Self {
        ConnectionReport {
            ok: false,
            failed_step: Some(step),
            template_count: None,
            problem: Some(err.catalogue_entry()),
            errcode: err.errcode(),
            detail: Some(err.to_string()),
        }
    }
}

/// Runs the check against WeChat (or the sandbox) with the account's client, listing the
/// templates of its kind.
#[instrument(skip(client), fields(appid = client.appid()))]
pub async fn test_connection(client: &WechatClient, kind: AccountKind) -> ConnectionReport {
    if let Err(err) = client.ensure_token().await {
        return ConnectionReport::failed(CheckStep::Token, &err);
    }
    let templates = match kind {
        AccountKind::MiniProgram => client.get_templates().await.map(|t| t.len()),
        AccountKind::OfficialAccount => client.get_official_templates().await.map(|t| t.len()),
    };
    match templates {
        Ok(count) => ConnectionReport {
            ok: true,
            failed_step: None,
            template_count: Some(count as u32),
            problem: None,
            errcode: None,
            detail: None,
        },
        Err(err) => ConnectionReport::failed(CheckStep::Templates, &err),
    }
}
