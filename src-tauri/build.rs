include!("src/command_names.rs");

fn main() {
    // Listing the app's commands turns each into a permission, so the webview can call only
    // the ones a capability allows.
    let app = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(app))
        .expect("failed to run tauri-build");
}
