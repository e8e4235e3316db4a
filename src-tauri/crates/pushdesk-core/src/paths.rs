//! Where Pushdesk keeps its data. The GUI and the CLI share one directory.
//!
//! The data directory holds openids and message contents: personal data. On Unix it is created
//! 0700 and the database and logs 0600; folders and files an older Pushdesk created with the
//! default 0755/0644 are tightened when they are opened.

use std::io;
use std::path::{Path, PathBuf};

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
pub fn database_file(data_dir: &Path) -> PathBuf {
    data_dir.join("pushdesk.sqlite3")
}

/// The log directory inside a data directory.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Where exports go by default: the user's Downloads folder when it exists, else the home
/// folder (exports never create folders, so a suggestion must be a folder that is there).
pub fn downloads_dir() -> PathBuf {
    dirs::download_dir().filter(|d| d.is_dir()).or_else(dirs::home_dir).unwrap_or_else(|| PathBuf::from("."))
}

/// Creates `dir` readable by its owner only (0700 on Unix), its missing parents with the usual
/// permissions; an existing `dir` with group or other access is tightened. A folder owned by
/// someone else (a shared `--data-dir`) cannot be tightened: that is logged, not an error.
pub fn ensure_private_dir(dir: &Path) -> io::Result<()> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    match builder.create(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => {
            tighten(dir, 0o700);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Removes group and other access from an existing file or folder (Unix); best effort.
///
/// Only what this user owns, and never a shared folder with the sticky bit (`/tmp`): a
/// `--data-dir` pointed somewhere odd must not change a folder other people rely on.
pub fn tighten(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let Ok(meta) = std::fs::symlink_metadata(path) else { return };
        if meta.file_type().is_symlink() || meta.permissions().mode() & 0o077 == 0 {
            return;
        }
        let sticky = meta.permissions().mode() & 0o1000 != 0;
        // The owner of /proc/self is this process's user (Linux); elsewhere, the OS refuses
        // to change what is not ours anyway.
        let mine = std::fs::metadata("/proc/self").map_or(true, |me| me.uid() == meta.uid());
        if sticky || !mine {
            return;
        }
        if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)) {
            tracing::warn!(path = %path.display(), error = %e, "could not make private");
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

/// Prepares the SQLite file at `db`: its folder private, the file created 0600 when missing
/// (SQLite gives its `-wal` and `-shm` files the database's permissions), and an existing
/// file, `-wal` and `-shm` tightened to 0600.
pub fn prepare_database_file(db: &Path) -> io::Result<()> {
    if let Some(dir) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        ensure_private_dir(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    if !db.exists() {
        options.open(db)?;
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        tighten(Path::new(&name), 0o600);
    }
    Ok(())
}

/// The person using this computer, recorded as who started a campaign: the full name the
/// system account carries (`王小明`), else its login name. Never the home folder's name: an app
/// started from a desktop launcher may have no USER, and "home" names nobody.
pub fn os_user() -> String {
    let login =
        ["USER", "LOGNAME", "USERNAME"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    let account = system_account();
    let full_name = account.as_ref().map(|(_, full)| full.clone()).filter(|n| !n.is_empty());
    full_name.or(login).or_else(|| account.map(|(login, _)| login)).unwrap_or_else(|| "unknown".into())
}

/// This computer's name, recorded with each audit entry: which desk did it.
pub fn machine_name() -> String {
    let name = gethostname::gethostname().to_string_lossy().trim().to_string();
    if name.is_empty() {
        "unknown".into()
    } else {
        name
    }
}

/// This process's system account, as `/etc/passwd` has it: login name and full name (the
/// first field of GECOS). Linux only; elsewhere the environment says who it is.
fn system_account() -> Option<(String, String)> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let uid = std::fs::metadata("/proc/self").ok()?.uid();
        let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
        passwd_entry(&passwd, uid)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// The login and full name of `uid` in a passwd file's text.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn passwd_entry(passwd: &str, uid: u32) -> Option<(String, String)> {
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        if fields.len() < 5 || fields[2].parse::<u32>().ok()? != uid {
            return None;
        }
        let full = fields[4].split(',').next().unwrap_or("").trim().to_string();
        Some((fields[0].to_string(), full))
    })
}

#[cfg(test)]
mod tests {
    use super::passwd_entry;

    /// Issue 18: "the creator shows a person, not 'home'".
    #[test]
    fn the_full_name_comes_from_the_account_entry() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nwxm:x:1000:1000:王小明,,,:/home/wxm:/bin/bash\nci:x:1001:1001::/home/ci:/bin/sh\n";
        assert_eq!(passwd_entry(passwd, 1000), Some(("wxm".into(), "王小明".into())));
        assert_eq!(passwd_entry(passwd, 1001), Some(("ci".into(), String::new())));
        assert_eq!(passwd_entry(passwd, 7), None);
    }
}
