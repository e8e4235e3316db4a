//! Send log commands: pages, totals, one entry, the campaign report, export to a file.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use pushdesk_core::campaign::{self, CampaignReport};
use pushdesk_core::export::{ExportFormat, ExportReport, ExportTarget};
use pushdesk_core::preferences::Language;
use pushdesk_core::sendlog::{LogCursor, LogDetail, LogFilter, LogPage, LogTotals};
use tauri::{AppHandle, Emitter, State};

use crate::error::CmdResult;
use crate::state::AppState;

/// The event carrying the number of rows an export has written.
pub const EXPORT_PROGRESS_EVENT: &str = "export-progress";

/// The export running now can be cancelled through this flag.
#[derive(Default)]
pub struct ExportCancel(Arc<AtomicBool>);

/// One page of the log, newest first; pass the previous page's cursor for the next.
#[tauri::command]
#[specta::specta]
pub async fn log_page(
    state: State<'_, AppState>,
    filter: LogFilter,
    cursor: Option<LogCursor>,
    limit: u32,
) -> CmdResult<LogPage> {
    state.with_store(move |store, _| store.log_page(&filter, cursor, limit)).await
}

/// Totals of the filter by status and by errcode, with explanations.
#[tauri::command]
#[specta::specta]
pub async fn log_totals(state: State<'_, AppState>, filter: LogFilter) -> CmdResult<LogTotals> {
    state.with_store(move |store, _| store.log_totals(&filter)).await
}

/// One attempt with its request, response and the recipient's other attempts.
#[tauri::command]
#[specta::specta]
pub async fn log_entry(state: State<'_, AppState>, id: i64) -> CmdResult<LogDetail> {
    state.with_store(move |store, _| store.log_entry(id)).await
}

/// A campaign's outcomes, send rate over time and duration.
#[tauri::command]
#[specta::specta]
pub async fn campaign_report(state: State<'_, AppState>, id: i64) -> CmdResult<CampaignReport> {
    state.with_store(move |store, _| campaign::campaign_report(store, id)).await
}

/// A sensible place for an export: the Downloads folder (the home folder when there is none),
/// named by date.
#[tauri::command]
#[specta::specta]
pub fn default_export_path(format: ExportFormat) -> String {
    let dir = pushdesk_core::paths::downloads_dir();
    let ext = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
    };
    dir.join(format!("pushdesk-log-{}.{ext}", chrono::Local::now().format("%Y%m%d-%H%M")))
        .display()
        .to_string()
}

/// Asks where to save an export, in a native dialog.
#[tauri::command]
#[specta::specta]
pub async fn pick_export_path(app: AppHandle, suggested: String) -> CmdResult<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let path = std::path::PathBuf::from(&suggested);
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut dialog = app.dialog().file().add_filter("CSV / Excel", &["csv", "xlsx"]);
    if let Some(name) = path.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    if let Some(dir) = path.parent() {
        dialog = dialog.set_directory(dir);
    }
    dialog.save_file(move |file| {
        let _ = tx.send(file.and_then(|f| f.into_path().ok()).map(|p| p.display().to_string()));
    });
    Ok(rx.await.unwrap_or(None))
}

/// The webview may name any path, typed or from the dialog: the app writes only spreadsheet
/// files, so a compromised page cannot replace `~/.bashrc` or an SSH key through an export.
fn check_export_name(path: &std::path::Path) -> Result<(), pushdesk_core::CoreError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if ext.eq_ignore_ascii_case("csv") || ext.eq_ignore_ascii_case("xlsx") {
        Ok(())
    } else {
        let shown = path.display();
        Err(pushdesk_core::CoreError::InvalidInput(pushdesk_core::Bilingual::new(
            format!("{shown}: an export must be a .csv or .xlsx file"),
            format!("{shown}：只能导出为 .csv 或 .xlsx 文件"),
        )))
    }
}

/// Writes exactly the rows of `filter` to `path` (CSV or XLSX by its extension), reporting
/// progress as `export-progress` events. Runs on its own connection so sending goes on.
///
/// A typed path gets the same checks as a dialog's: a `.csv` or `.xlsx` name in a folder that
/// exists (none is created), not a folder, link or device. An existing file fails with
/// `file_exists` unless `overwrite` is true, which the UI sends only after the user answered
/// "replace?" (omitted means false).
#[tauri::command]
#[specta::specta]
pub async fn export_log(
    app: AppHandle,
    state: State<'_, AppState>,
    cancel: State<'_, ExportCancel>,
    filter: LogFilter,
    path: String,
    lang: Language,
    overwrite: Option<bool>,
) -> CmdResult<ExportReport> {
    let flag = Arc::clone(&cancel.0);
    flag.store(false, Ordering::SeqCst);
    let path = std::path::PathBuf::from(path);
    check_export_name(&path)?;
    let target =
        ExportTarget { format: ExportFormat::from_path(&path), path, overwrite: overwrite.unwrap_or(false) };
    let progress = move |rows: u64| {
        let _ = app.emit(EXPORT_PROGRESS_EVENT, rows);
    };
    Ok(state.desk()?.export_log(filter, target, lang, progress, flag).await?)
}

/// Cancels the export running now; its partial file is removed.
#[tauri::command]
#[specta::specta]
pub fn cancel_export(cancel: State<'_, ExportCancel>) {
    cancel.0.store(true, Ordering::SeqCst);
}
