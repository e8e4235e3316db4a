//! Issue 13, items 7 and 8: a path from the UI (typed or from a dialog) gets the same checks
//! before anything reads or writes it, and personal data on disk is private.

use std::path::Path;

use pushdesk_core::audience::{
    detect_encoding, open_table, write_problems_csv, ProblemKind, ProblemRows, RowProblem,
};
use pushdesk_core::files::{check_readable, check_write_target, write_atomically, AtomicFile, FileError};
use pushdesk_core::store::Store;
use pushdesk_core::{CoreError, ErrorCode};

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success());
}

#[test]
fn only_an_existing_regular_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orders.csv");
    std::fs::write(&file, "openid\n").unwrap();
    assert_eq!(check_readable(&file).unwrap(), std::fs::canonicalize(&file).unwrap());

    let folder = dir.path().join("folder.csv");
    std::fs::create_dir(&folder).unwrap();
    let err = open_table(&folder, None).unwrap_err();
    assert_eq!(err.to_string(), format!("{} is a folder, not a file", folder.display()));

    // A pipe would block a reader forever; a device would never end.
    let fifo = dir.path().join("pipe.csv");
    mkfifo(&fifo);
    let err = open_table(&fifo, None).unwrap_err();
    assert!(
        err.to_string().ends_with("is not an ordinary file (it is a device, a pipe or a socket)"),
        "{err}"
    );
    assert!(matches!(check_readable(Path::new("/dev/zero")), Err(FileError::NotRegular { .. })));
    assert!(detect_encoding(Path::new("/dev/zero")).is_err());

    let missing = dir.path().join("missing.xlsx");
    let err: CoreError = open_table(&missing, None).unwrap_err().into();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(err.to_string(), format!("{} does not exist", missing.display()));
}

#[cfg(unix)]
#[test]
fn a_link_to_a_readable_file_is_read_as_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.csv");
    std::fs::write(&real, "openid\noAbC000000000000000000000001\n").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    assert_eq!(check_readable(&link).unwrap(), std::fs::canonicalize(&real).unwrap());
}

#[test]
fn a_write_target_must_be_confirmed_and_its_folder_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("list.csv");
    std::fs::write(&existing, "recipients").unwrap();

    let err = check_write_target(&existing, false).unwrap_err();
    assert!(matches!(err, FileError::Exists { .. }));
    let core: CoreError = err.into();
    assert_eq!(core.code(), ErrorCode::FileExists);
    assert!(core.to_string().contains("list.csv already exists"), "{core}");
    // A different spelling of the same file is the same file.
    let other_spelling = dir.path().join("sub").join("..").join(".").join("list.csv");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    assert!(matches!(check_write_target(&other_spelling, false), Err(FileError::Exists { .. })));
    assert!(check_write_target(&existing, true).is_ok());

    // Folders are never created.
    let nested = dir.path().join("new-folder").join("out.csv");
    assert!(matches!(check_write_target(&nested, true), Err(FileError::NoFolder { .. })));
    assert!(!dir.path().join("new-folder").exists());

    // Never a folder, never a device.
    assert!(matches!(
        check_write_target(dir.path(), true),
        Err(FileError::IsDirectory { .. } | FileError::NoFileName { .. })
    ));
    assert!(matches!(check_write_target(Path::new("/dev/null"), true), Err(FileError::NotRegular { .. })));
}

#[cfg(unix)]
#[test]
fn a_link_is_never_a_write_target() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let link = dir.path().join("export.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    assert!(matches!(check_write_target(&link, true), Err(FileError::Symlink { .. })));
    assert!(write_atomically(&link, true, b"x").is_err());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
}

#[test]
fn an_atomic_write_leaves_nothing_when_dropped_and_never_replaces_an_unconfirmed_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.csv");
    {
        let mut out = AtomicFile::create(&target, false).unwrap();
        std::io::Write::write_all(&mut out, b"half").unwrap();
        assert!(out.temp_path().exists());
        // Dropped: a cancelled or failed write.
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing left behind");

    // A file that appears while the write runs is not replaced without confirmation.
    let mut out = AtomicFile::create(&target, false).unwrap();
    std::io::Write::write_all(&mut out, b"new").unwrap();
    std::fs::write(&target, "someone else's").unwrap();
    assert!(matches!(out.commit(), Err(FileError::Exists { .. })));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "someone else's");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    write_atomically(&target, true, b"replaced").unwrap();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "replaced");
}

#[test]
fn the_problems_csv_is_written_through_the_same_checks() {
    let dir = tempfile::tempdir().unwrap();
    let problems = vec![RowProblem {
        row_no: 2,
        column: "openid".into(),
        field: None,
        kind: ProblemKind::InvalidOpenid,
        reason_zh: "openid 为空".into(),
        reason_en: "the openid is empty".into(),
    }];
    let path = dir.path().join("invalid-rows.csv");
    let file = || {
        let mut rows = ProblemRows::new(&["openid".to_string()]);
        rows.push(2, &[String::new()], &problems);
        rows
    };
    write_problems_csv(&path, file(), false).unwrap();
    let err = write_problems_csv(&path, file(), false).unwrap_err();
    assert_eq!(err.code(), ErrorCode::FileExists);
    write_problems_csv(&path, file(), true).unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains("\r\n,2,openid 为空,"));
}

#[cfg(unix)]
mod permissions {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_data_directory_and_database_are_private() {
        let home = tempfile::tempdir().unwrap();
        let data = home.path().join("com.pushdesk.app");
        let db = pushdesk_core::paths::database_file(&data);
        let store = Store::open(&db).unwrap();
        store.set_setting("language", "en").unwrap();
        assert_eq!(mode(&data), 0o700, "data directory");
        assert_eq!(mode(&db), 0o600, "database");
        let wal = data.join("pushdesk.sqlite3-wal");
        assert!(wal.exists());
        assert_eq!(mode(&wal), 0o600, "SQLite gives the WAL the database's mode");
    }

    #[test]
    fn what_an_older_version_created_open_is_tightened() {
        let home = tempfile::tempdir().unwrap();
        let data = home.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
        let db = data.join("pushdesk.sqlite3");
        drop(Store::open(&db).unwrap());
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();

        drop(Store::open(&db).unwrap());
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&db), 0o600);
    }

    #[test]
    fn logs_are_private() {
        let home = tempfile::tempdir().unwrap();
        let data = home.path().join("data");
        let logs = pushdesk_core::paths::log_dir(&data);
        std::fs::create_dir_all(&logs).unwrap();
        std::fs::set_permissions(&logs, std::fs::Permissions::from_mode(0o755)).unwrap();
        let _guard = pushdesk_core::logging::init(&logs, "test.log", false).unwrap();
        tracing::info!("an openid oAbC000000000000000000000001 was sent");
        drop(_guard);
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&logs), 0o700);
        let file = std::fs::read_dir(&logs).unwrap().next().unwrap().unwrap().path();
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }

    #[test]
    fn a_shared_folder_given_as_data_directory_is_not_changed() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
        pushdesk_core::paths::ensure_private_dir(&shared).unwrap();
        assert_eq!(std::fs::metadata(&shared).unwrap().permissions().mode() & 0o7777, 0o1777);
    }

    #[test]
    fn written_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_atomically(&dir.path().join("out.csv"), false, b"x").unwrap();
        assert_eq!(mode(&path), 0o600);
    }
}
