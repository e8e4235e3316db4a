//! Where Pushdesk keeps its data. The GUI and the CLI share one directory.

use std::path::PathBuf;

/// The application identifier of installed (release) builds.
pub const RELEASE_IDENTIFIER: &str = "com.pushdesk.app";
/// Development and test builds use their own identifier, so they never share data or keyring
/// entries with an installed app.
pub const DEV_IDENTIFIER: &str = "com.pushdesk.app.dev";

/// The identifier this build uses for its data directory and keyring service.
pub fn identifier() -> &'static str {
    if cfg!(debug_assertions) {
        DEV_IDENTIFIER
    } else {
        RELEASE_IDENTIFIER
    }
}

/// The data directory: `--data-dir`, else `PUSHDESK_DATA_DIR`, else the OS default
/// (`~/.local/share/<identifier>` on Linux).
pub fn data_dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os("PUSHDESK_DATA_DIR").filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(|| dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(identifier()))
}

/// The SQLite file inside a data directory.
pub fn database_file(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("pushdesk.sqlite3")
}

/// The log directory inside a data directory.
pub fn log_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("logs")
}

/// Where exports go by default: the user's Downloads folder, else the home folder.
pub fn downloads_dir() -> PathBuf {
    dirs::download_dir().or_else(dirs::home_dir).unwrap_or_else(|| PathBuf::from("."))
}

/// The person using this computer, recorded as who started a campaign.
pub fn os_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .or_else(|| dirs::home_dir().and_then(|h| h.file_name().map(|n| n.to_string_lossy().into_owned())))
        .unwrap_or_else(|| "unknown".into())
}
