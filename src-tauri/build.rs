fn main() {
    // Listing the app's commands turns each into a permission, so the webview can call only
    // the ones a capability allows.
    let app = tauri_build::AppManifest::new().commands(&[
        "app_info",
        "get_preferences",
        "set_preferences",
        "list_accounts",
        "add_account",
        "update_account",
        "remove_account",
        "test_connection",
        "sync_templates",
        "list_templates",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(app))
        .expect("failed to run tauri-build");
}
