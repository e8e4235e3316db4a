//! The audit trail as CSV: the audit page's export and `pushdesk audit --csv`.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::columns::Cell;
use super::csv_sink::CsvSink;
use super::sink::Sink;
use crate::files::AtomicFile;
use crate::model::{AuditAction, AuditDetail, AuditEntry, AuditFilter};
use crate::preferences::Language;
use crate::sendlog::{aligned_table, local_time_text};
use crate::store::Store;
use crate::{Bilingual, CoreError, Result};

/// The columns, in both languages.
const COLUMNS: [(&str, &str); 8] = [
    ("时间", "Time"),
    ("操作人", "Person"),
    ("电脑", "Machine"),
    ("操作", "Action"),
    ("对象", "Subject"),
    ("账号 ID", "Account ID"),
    ("任务 ID", "Campaign ID"),
    ("详情 (JSON)", "Detail (JSON)"),
];

/// What an action is called in an export or the CLI's table.
pub fn audit_action_label(action: AuditAction, lang: Language) -> &'static str {
    let (zh, en) = match action {
        AuditAction::AccountAdded => ("添加账号", "account added"),
        AuditAction::AccountChanged => ("修改账号", "account changed"),
        AuditAction::AccountRemoved => ("删除账号", "account removed"),
        AuditAction::TemplatesSynced => ("同步模板", "templates synced"),
        AuditAction::CampaignCreated => ("创建任务", "campaign created"),
        AuditAction::CampaignApproved => ("批准任务", "campaign approved"),
        AuditAction::CampaignStarted => ("开始发送", "campaign started"),
        AuditAction::CampaignResumed => ("继续发送", "campaign resumed"),
        AuditAction::CampaignResent => ("重新发送", "campaign resent"),
        AuditAction::CampaignPaused => ("暂停任务", "campaign paused"),
        AuditAction::CampaignCancelled => ("取消任务", "campaign cancelled"),
        AuditAction::CampaignRescheduled => ("改期", "campaign rescheduled"),
        AuditAction::CampaignUnscheduled => ("取消定时", "campaign unscheduled"),
        AuditAction::CampaignSkipped => ("跳过本次", "campaign skipped"),
        AuditAction::SeriesStopped => ("停止重复发送", "series stopped"),
        AuditAction::SuppressionAdded => ("加入免打扰", "suppression added"),
        AuditAction::SuppressionRemoved => ("移出免打扰", "suppression removed"),
        AuditAction::LogExported => ("导出日志", "log exported"),
        AuditAction::TeamMemberSet => ("设置成员角色", "team member set"),
        AuditAction::ApprovalThresholdSet => ("设置审批人数", "approval threshold set"),
    };
    match lang {
        Language::ZhCn => zh,
        Language::En => en,
    }
}

/// The entries as an aligned table for a terminal (`pushdesk audit`), in English.
pub fn format_audit_table(entries: &[AuditEntry]) -> String {
    let rows: Vec<[String; 6]> = entries
        .iter()
        .map(|e| {
            [
                local_time_text(e.at),
                e.actor.clone(),
                e.machine.clone(),
                audit_action_label(e.action, Language::En).to_string(),
                e.subject.clone(),
                detail_words(&e.detail),
            ]
        })
        .collect();
    aligned_table(["TIME", "PERSON", "MACHINE", "ACTION", "SUBJECT", "DETAIL"], &rows)
}

/// An entry's detail in a few English words.
fn detail_words(detail: &AuditDetail) -> String {
    let mut words = Vec::new();
    if let Some(rows) = detail.rows {
        words.push(format!("{rows} rows"));
    }
    if let Some(templates) = detail.templates {
        words.push(format!("{templates} templates"));
    }
    if let Some(role) = detail.role {
        words.push(format!("role {}", role.as_str()));
    }
    if let Some(threshold) = detail.threshold {
        words.push(format!("approval above {threshold} recipients"));
    }
    if let Some(filter) = &detail.filter {
        words.push(serde_json::to_string(filter).unwrap_or_default());
    }
    words.join(", ")
}

/// Writes the entries of `filter`, newest first, as CSV to `out`. Returns how many.
pub fn write_audit_csv(store: &Store, filter: &AuditFilter, lang: Language, out: impl Write) -> Result<u64> {
    let headers: Vec<String> =
        COLUMNS.iter().map(|(zh, en)| if lang == Language::En { *en } else { *zh }.to_string()).collect();
    let mut sink = Box::new(CsvSink::create(out, &headers)?);
    let mut rows = 0u64;
    store.audit_entries(filter, &mut |e| {
        let detail = serde_json::to_string(&e.detail).map_err(|err| CoreError::Internal(err.to_string()))?;
        let id = |id: Option<i64>| id.map_or(Cell::Empty, Cell::Int);
        sink.write_row(&[
            Cell::Time(e.at),
            Cell::Text(e.actor.as_str().into()),
            Cell::Text(e.machine.as_str().into()),
            Cell::Text(audit_action_label(e.action, lang).into()),
            Cell::Text(e.subject.as_str().into()),
            id(e.account_id),
            id(e.campaign_id),
            Cell::Text(detail.into()),
        ])?;
        rows += 1;
        Ok(true)
    })?;
    sink.finish()?;
    Ok(rows)
}

/// Writes the entries of `filter` to the CSV file `path` (the same checks and private,
/// all-or-nothing file as a send-log export). Returns how many.
pub fn export_audit(
    store: &Store,
    filter: &AuditFilter,
    lang: Language,
    path: &Path,
    overwrite: bool,
) -> Result<u64> {
    // Only a file of its own kind: the name is the user's (or the webview's) to choose, and a
    // `.csv` name keeps "replace" from ever meaning another kind of file.
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        let shown = path.display();
        return Err(CoreError::InvalidInput(Bilingual::field(
            "path",
            format_args!("{shown}: the audit trail is exported as a .csv file"),
            format_args!("{shown}：操作记录只能导出为 .csv 文件"),
        )));
    }
    let mut out = AtomicFile::create(path, overwrite)?;
    let rows = write_audit_csv(store, filter, lang, BufWriter::new(&mut out))?;
    out.commit()?;
    Ok(rows)
}
