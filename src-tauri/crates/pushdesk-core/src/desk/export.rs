//! Exports of the send log, written on a connection of their own (sending goes on) and added
//! to the audit trail.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use super::Desk;
use crate::export::{ExportReport, ExportTarget};
use crate::model::{AuditAction, AuditDetail, AuditRecord};
use crate::preferences::Language;
use crate::sendlog::LogFilter;
use crate::{CoreError, Result};

impl Desk {
    /// Writes exactly the rows of `filter` to `target` (its file checked before anything is
    /// read), telling `progress` the rows written so far; `cancel` stops it and removes the
    /// partial file. A finished export goes into the audit trail with its filter and rows.
    pub async fn export_log(
        &self,
        filter: LogFilter,
        target: ExportTarget,
        lang: Language,
        mut progress: impl FnMut(u64) + Send + 'static,
        cancel: Arc<AtomicBool>,
    ) -> Result<ExportReport> {
        let address = self.address.clone();
        let (audited_filter, file) = (filter.clone(), target.path.display().to_string());
        let report = tokio::task::spawn_blocking(move || {
            // Refused before the store is opened: nothing is read for a target that cannot be
            // written.
            crate::files::check_write_target(&target.path, target.overwrite)?;
            let store = address.open()?;
            store.export_log(&filter, &target, lang, &mut progress, &cancel)
        })
        .await
        .map_err(|e| CoreError::Internal(format!("the export task failed: {e}")))??;
        if !report.cancelled {
            let (account_id, campaign_id) = (audited_filter.account_id, audited_filter.campaign_id);
            let detail = AuditDetail {
                rows: Some(report.rows),
                filter: Some(audited_filter),
                file: Some(file.clone()),
                ..AuditDetail::default()
            };
            let action = AuditAction::LogExported;
            self.audit(AuditRecord { action, account_id, campaign_id, subject: file, detail }).await;
        }
        Ok(report)
    }
}
