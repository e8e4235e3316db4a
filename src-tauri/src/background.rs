//! What the app does besides answering its window: it runs the scheduler while it is open,
//! shows notices as desktop notifications, and stays in the system tray when its window is
//! closed while anything is scheduled or sending — quitting from the tray asks first. It can
//! start at login (an XDG autostart entry), hidden in the tray.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use pushdesk_core::desk::Desk;
use serde::Serialize;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Window, WindowEvent};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons};
use tauri_plugin_notification::NotificationExt;

use crate::commands::campaigns::progress_to;
use crate::error::{AppError, CmdResult};

fn io_error(path: &std::path::Path, source: std::io::Error) -> AppError {
    let shown = path.display().to_string();
    AppError::from(pushdesk_core::CoreError::io(
        pushdesk_core::Bilingual::new(format!("the autostart entry {shown}"), format!("开机启动项 {shown}")),
        source,
    ))
}

/// The event telling the window the scheduler started, made or marked something.
pub const SCHEDULE_EVENT: &str = "schedule-changed";
/// The argument the autostart entry starts the app with: no window, only the tray.
pub const HIDDEN_ARG: &str = "--hidden";

/// Whether anything is scheduled, waiting or sending, as the scheduler last saw it: what the
/// window's close button asks (it cannot wait for the store).
#[derive(Debug, Default, Clone)]
pub struct Pending(Arc<AtomicBool>);

/// The app's background behaviour as the settings page shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackgroundSettings {
    /// The app starts at login, in the tray.
    pub start_at_login: bool,
    /// Something is scheduled, waiting for its window, sending or due to recur.
    pub pending_work: bool,
}

/// Starts the scheduler, the tray and the desktop notices.
pub fn start(app: &AppHandle, desk: Arc<Desk>) {
    let notifier = app.clone();
    desk.on_notice(Arc::new(move |notice| {
        let shown =
            notifier.notification().builder().title(notice.title()).body(notice.lines().join("\n")).show();
        if let Err(e) = shown {
            tracing::warn!("no desktop notification: {e}");
        }
    }));
    // A desktop without a tray (or without the indicator library) still runs the scheduler.
    if let Err(e) = tray(app) {
        tracing::warn!("no tray icon: {e}");
    }
    if std::env::args().any(|a| a == HIDDEN_ARG) {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.hide();
        }
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let pending = app.state::<Pending>().inner().clone();
        loop {
            match desk.scheduler_tick(progress_to(&app)).await {
                Ok(tick) if !tick.is_idle() => {
                    let _ = app.emit(SCHEDULE_EVENT, ());
                }
                Ok(_) => {}
                Err(e) => tracing::warn!("the scheduler could not look at the schedule: {e}"),
            }
            pending.0.store(desk.pending_work().await.unwrap_or(false), Ordering::SeqCst);
            tokio::time::sleep(desk.scheduler_sleep().await).await;
        }
    });
}

fn tray(app: &AppHandle) -> tauri::Result<()> {
    let show = MenuItem::with_id(app, "show", "显示推送台 Show Pushdesk", true, None::<&str>)?;
    let quit_item = MenuItem::with_id(app, "quit", "退出 Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&show, &quit_item])?;
    let mut builder = TrayIconBuilder::with_id("main").tooltip("Pushdesk 推送台").menu(&menu);
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder
        .on_menu_event(|app, event| match event.id.as_ref() {
            "show" => show_window(app),
            "quit" => quit(app),
            _ => {}
        })
        .build(app)?;
    Ok(())
}

fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Quits — after asking, when campaigns are scheduled or sending (they would not be sent
/// while the app is closed).
fn quit(app: &AppHandle) {
    if !app.state::<Pending>().0.load(Ordering::SeqCst) {
        return app.exit(0);
    }
    let app = app.clone();
    app.dialog()
        .message(
            "有任务正在发送、等待发送时段或等待定时。退出后，推送台不会发送它们，直到再次打开（或运行 pushdesk scheduler run）。\n\n\
             Campaigns are sending or scheduled. After quitting, Pushdesk sends none of them until it is opened again \
             (or `pushdesk scheduler run` runs).",
        )
        .title("退出推送台？ Quit Pushdesk?")
        .buttons(MessageDialogButtons::OkCancelCustom("退出 Quit".into(), "取消 Cancel".into()))
        .show(move |confirmed| {
            if confirmed {
                app.exit(0);
            }
        });
}

/// Closing the window while anything is scheduled or sending hides it in the tray instead.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if window.app_handle().state::<Pending>().0.load(Ordering::SeqCst) {
            api.prevent_close();
            let _ = window.hide();
        }
    }
}

/// The autostart entry (XDG): `~/.config/autostart/pushdesk.desktop`.
fn autostart_file() -> Option<PathBuf> {
    dirs_config().map(|d| d.join("autostart").join("pushdesk.desktop"))
}

fn dirs_config() -> Option<PathBuf> {
    std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
}

/// The settings page's view.
pub async fn settings(desk: &Desk) -> CmdResult<BackgroundSettings> {
    Ok(BackgroundSettings {
        start_at_login: autostart_file().is_some_and(|f| f.exists()),
        pending_work: desk.pending_work().await?,
    })
}

/// Writes or removes the autostart entry.
pub fn set_start_at_login(enabled: bool) -> CmdResult<()> {
    let file = autostart_file().ok_or_else(|| {
        AppError::from(pushdesk_core::CoreError::Internal("no configuration folder (HOME is not set)".into()))
    })?;
    let exe = std::env::current_exe().map_err(|e| io_error(&file, e))?;
    write_autostart(&file, &exe, enabled).map_err(|e| io_error(&file, e))
}

/// The autostart entry at `file` for the app at `exe`, written (`enabled`) or removed.
fn write_autostart(file: &std::path::Path, exe: &std::path::Path, enabled: bool) -> std::io::Result<()> {
    if !enabled {
        return match std::fs::remove_file(file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let entry = format!(
        "[Desktop Entry]\nType=Application\nName=Pushdesk 推送台\nExec=\"{}\" {HIDDEN_ARG}\nX-GNOME-Autostart-enabled=true\nTerminal=false\n",
        exe.display()
    );
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(file, entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_at_login_writes_an_autostart_entry_that_starts_hidden_and_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("autostart").join("pushdesk.desktop");
        write_autostart(&file, std::path::Path::new("/opt/pushdesk/pushdesk-app"), true).unwrap();
        let entry = std::fs::read_to_string(&file).unwrap();
        assert!(entry.starts_with("[Desktop Entry]\n"));
        assert!(entry.contains("Exec=\"/opt/pushdesk/pushdesk-app\" --hidden\n"), "{entry}");
        write_autostart(&file, std::path::Path::new("/x"), false).unwrap();
        assert!(!file.exists());
        // Turning off what is already off is fine.
        write_autostart(&file, std::path::Path::new("/x"), false).unwrap();
    }
}
