//! Pushdesk's desktop shell: window, IPC commands and events around `pushdesk-core`.

mod background;
mod commands;
mod error;
mod state;

use std::path::Path;

use pushdesk_core::connections::{Connections, SandboxEndpoint};
use pushdesk_core::desk::{Desk, Opened};
use pushdesk_core::paths;
use pushdesk_core::secrets::SecretStore;
use pushdesk_core::store::StoreAddress;
use pushdesk_core::team_link::TeamLink;
use tauri::Manager;
use tauri_specta::{collect_commands, Builder};

pub use error::AppError;
use state::AppState;

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/bindings.ts";

/// The typed IPC surface: every command the webview may call.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        // Row ids and errcodes stay far below 2^53; the one value that does not (WeChat's msgid)
        // crosses IPC as a string.
        .dangerously_cast_bigints_to_number()
        // One TypeScript type per Rust type: the UI sends back exactly what it received.
        .disable_serde_phases()
        .commands(collect_commands![
            commands::app::app_info,
            commands::app::get_preferences,
            commands::app::set_preferences,
            commands::app::error_catalogue,
            commands::app::show_in_folder,
            commands::dashboard::dashboard,
            commands::dashboard::send_quota,
            commands::accounts::list_accounts,
            commands::accounts::add_account,
            commands::accounts::update_account,
            commands::accounts::remove_account,
            commands::accounts::test_connection,
            commands::templates::sync_templates,
            commands::templates::list_templates,
            commands::compose::check_message,
            commands::compose::send_now,
            commands::compose::list_test_recipients,
            commands::compose::set_test_recipients,
            commands::compose::get_compose_draft,
            commands::compose::save_compose_draft,
            commands::campaigns::list_campaigns,
            commands::campaigns::get_campaign,
            commands::campaigns::interrupted_campaigns,
            commands::campaigns::start_campaign,
            commands::campaigns::resume_campaign,
            commands::campaigns::resend_campaign,
            commands::campaigns::pause_campaign,
            commands::campaigns::cancel_campaign,
            commands::campaigns::archive_campaign,
            commands::schedule::reschedule_campaign,
            commands::schedule::unschedule_campaign,
            commands::schedule::skip_campaign,
            commands::schedule::list_series,
            commands::schedule::get_series,
            commands::schedule::stop_series,
            commands::schedule::notice_settings,
            commands::schedule::save_notice_settings,
            commands::schedule::test_robot,
            commands::schedule::background_settings,
            commands::schedule::set_start_at_login,
            commands::drafts::pick_audience_file,
            commands::drafts::create_draft,
            commands::drafts::follower_tags,
            commands::drafts::get_draft,
            commands::drafts::update_draft,
            commands::drafts::preview_draft_row,
            commands::drafts::test_send_draft,
            commands::drafts::start_draft,
            commands::drafts::discard_draft,
            commands::drafts::save_draft_problems,
            commands::sendlog::log_page,
            commands::sendlog::log_totals,
            commands::sendlog::log_entry,
            commands::sendlog::campaign_report,
            commands::sendlog::default_export_path,
            commands::sendlog::pick_export_path,
            commands::sendlog::export_log,
            commands::sendlog::cancel_export,
            commands::audit::audit_trail,
            commands::audit::default_audit_export_path,
            commands::audit::export_audit,
            commands::contact_rules::suppression_list,
            commands::contact_rules::suppress,
            commands::contact_rules::unsuppress,
            commands::contact_rules::set_suppress_refusals,
            commands::contact_rules::frequency_cap,
            commands::contact_rules::set_frequency_cap,
            commands::events::pick_event_files,
            commands::events::import_events,
            commands::events::import_sandbox_events,
            commands::events::push_keys_status,
            commands::events::set_push_keys,
            commands::events::ledger_templates,
            commands::events::ledger_entries,
            commands::events::import_ledger,
            commands::events::check_intercepted,
            commands::team::team_status,
            commands::team::team_link,
            commands::team::join_team,
            commands::team::leave_team,
            commands::team::set_approval_threshold,
            commands::team::approve_campaign,
            commands::team::restart_app,
        ])
        // Payloads of events, which no command returns.
        .typ::<pushdesk_core::campaign::Progress>()
        .typ::<pushdesk_core::desk::FollowerProgress>()
        .typ::<pushdesk_core::model::lifecycle::RuleView>()
        .typ::<pushdesk_core::template::LengthBudget>()
        // The lifecycle table and the bounds the UI shows: the core's, never copied by hand.
        .constant("CAMPAIGN_RULES", pushdesk_core::model::lifecycle::rule_views())
        .constant("DEFAULT_APPROVAL_THRESHOLD", pushdesk_core::store::DEFAULT_APPROVAL_THRESHOLD)
        .constant("ARCHIVABLE_STATUSES", pushdesk_core::model::lifecycle::ARCHIVABLE)
        .constant("RATE_LIMITS", pushdesk_core::desk::RATE_LIMITS)
        .constant("DEFAULT_WINDOW", pushdesk_core::schedule::SendWindow::DEFAULT)
        .constant("DEFAULT_GRACE_MINUTES", pushdesk_core::model::DEFAULT_GRACE_MINUTES)
        .constant("MAX_GRACE_MINUTES", pushdesk_core::desk::MAX_GRACE_MINUTES)
        .constant("CONCURRENCY_LIMITS", pushdesk_core::desk::CONCURRENCY_LIMITS)
        .constant("KEYWORD_BUDGETS", pushdesk_core::template::length_budgets())
}

/// Renders the TypeScript bindings for [`specta_builder`] into `path`.
pub fn export_bindings(path: &Path) -> Result<(), String> {
    let ts = specta_typescript::Typescript::default().header("// @ts-nocheck\n/* eslint-disable */");
    specta_builder().export(ts, path).map_err(|e| e.to_string())
}

/// Opens the store (the data directory's file, or the team's): migrations, the sandbox
/// account, and recovery of campaigns a crash left sending. A store that cannot be opened (a database from a newer version, a disk
/// that cannot be written) is kept as the error every command reports, so the window can
/// explain it instead of the app vanishing.
fn open_state(data_dir: &Path, sandbox_url: Option<String>) -> AppState {
    let sandbox =
        sandbox_url.map(|url| SandboxEndpoint { url, accounts: pushdesk_sandbox::sandbox_accounts() });
    let connections = Connections::new(SecretStore::new(paths::identifier()), sandbox);
    // A desk that joined a team (Settings → 团队) works on the team's store, signed in with
    // the password in the keyring; otherwise on its own file.
    let address = match TeamLink::load(data_dir) {
        Ok(None) => Ok(StoreAddress::local(data_dir)),
        Ok(Some(link)) => link.address(data_dir, connections.secrets()),
        Err(e) => Err(e),
    };
    match address.and_then(|at| Desk::open_at(at, connections, &pushdesk_sandbox::sandbox_accounts())) {
        Ok(Opened { desk, interrupted }) => AppState::new(data_dir.to_path_buf(), Ok(desk), interrupted),
        Err(err) => {
            tracing::error!("cannot open the store: {err}");
            AppState::new(data_dir.to_path_buf(), Err(err), Vec::new())
        }
    }
}

/// Starts the built-in WeChat simulator on a loopback port for the sandbox account.
fn start_sandbox() -> Option<pushdesk_sandbox::Sandbox> {
    let started = tauri::async_runtime::block_on(pushdesk_sandbox::Sandbox::start(
        pushdesk_sandbox::SandboxConfig::demo(),
    ));
    started.map_err(|e| tracing::error!("the sandbox could not start: {e}")).ok()
}

/// Starts the desktop app.
pub fn run() {
    let data_dir = paths::data_dir(None);
    let _log_guard = pushdesk_core::logging::init(&paths::log_dir(&data_dir), "pushdesk-app.log", true)
        .map_err(|e| eprintln!("logging to {} failed: {e}", data_dir.display()))
        .ok();
    tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %data_dir.display(), "starting Pushdesk");

    let builder = specta_builder();
    let result = tauri::Builder::default()
        // Used from Rust only (file pickers); the webview gets no dialog permission.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(builder.invoke_handler())
        .on_window_event(background::on_window_event)
        .setup(move |app| {
            builder.mount_events(app);
            let sandbox = start_sandbox();
            let state = open_state(&data_dir, sandbox.as_ref().map(|s| s.url()));
            let desk = state.desk().ok();
            app.manage(state);
            app.manage(commands::sendlog::ExportCancel::default());
            // The simulator serves until the app exits.
            app.manage(sandbox);
            app.manage(background::Pending::default());
            if let Some(desk) = desk {
                background::start(app.handle(), desk);
            }
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(err) = result {
        tracing::error!("the app stopped with an error: {err}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    include!("command_names.rs");

    /// Every registered command has a permission and is allowed by the capability, and
    /// nothing else is.
    #[test]
    fn commands_permissions_and_capability_agree() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bindings.ts");
        export_bindings(&file).unwrap();
        let bindings = std::fs::read_to_string(file).unwrap();
        // Every generated wrapper invokes its command by name: `__TAURI_INVOKE<T>("name"`.
        let registered: Vec<String> = bindings
            .split("__TAURI_INVOKE")
            .skip(2) // the import line, then one part per command
            .filter_map(|part| part.split_once("(\"")?.1.split_once('"').map(|(name, _)| name.to_string()))
            .collect();
        let mut listed: Vec<String> = COMMANDS.iter().map(|c| c.to_string()).collect();
        let mut registered_sorted = registered.clone();
        registered_sorted.sort();
        listed.sort();
        assert_eq!(registered_sorted, listed, "src/command_names.rs is out of date");

        let caps: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
        let mut allowed: Vec<String> = caps["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-").map(|c| c.replace('-', "_")))
            .collect();
        allowed.sort();
        assert_eq!(allowed, listed, "capabilities/default.json must allow exactly the app's commands");
    }

    /// CI fails when the committed bindings differ from what the Rust types generate.
    /// Run with `UPDATE_BINDINGS=1` to rewrite them.
    #[test]
    fn bindings_are_fresh() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            export_bindings(&committed).unwrap();
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        export_bindings(&fresh).unwrap();
        let fresh = std::fs::read_to_string(fresh).unwrap();
        let committed = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == committed,
            "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p pushdesk-app bindings_are_fresh`"
        );
    }
}
