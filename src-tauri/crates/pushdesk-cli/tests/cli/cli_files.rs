//! Issue 13 in the CLI: `export` never replaces a file without `--force` (whatever the spelling
//! of its path), never follows a planted link and creates no folders; `info` prints the paths
//! even when the database is damaged; what Pushdesk writes is private.

use crate::common;

use std::path::Path;

use common::{run_in, stderr, stdout};

fn one_line(text: &str) -> &str {
    let trimmed = text.trim_end();
    assert_eq!(trimmed.lines().count(), 1, "one line on stderr: {text:?}");
    trimmed
}

#[test]
fn export_refuses_to_overwrite_the_recipient_list_without_force() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let list = work.path().join("list.csv");
    let original = "openid\noAbC000000000000000000000001\n";
    std::fs::write(&list, original).unwrap();
    std::fs::create_dir(work.path().join("sub")).unwrap();

    let spellings = [
        list.clone(),
        work.path().join(".").join("list.csv"),
        work.path().join("sub").join("..").join("list.csv"),
    ];
    for out in &spellings {
        let o = run_in(data.path(), &["export", "--out", &out.display().to_string()], None, &[]);
        assert!(!o.status.success(), "refused: {out:?}");
        let reason = one_line(&stderr(&o)).to_string();
        assert!(reason.contains("already exists; add --force to replace it"), "{reason}");
        assert_eq!(std::fs::read_to_string(&list).unwrap(), original, "the list is untouched");
    }

    let o = run_in(data.path(), &["export", "--out", &list.display().to_string(), "--force"], None, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("exported 0 rows"), "{}", stdout(&o));
    assert!(std::fs::read_to_string(&list).unwrap().starts_with('\u{feff}'));
}

#[test]
fn export_creates_no_folder_and_refuses_a_folder() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let nested = work.path().join("missing").join("out.csv");
    let o = run_in(data.path(), &["export", "--out", &nested.display().to_string()], None, &[]);
    assert!(!o.status.success());
    assert!(one_line(&stderr(&o)).contains("does not exist"), "{}", stderr(&o));
    assert!(!work.path().join("missing").exists());

    let o =
        run_in(data.path(), &["export", "--out", &work.path().display().to_string(), "--force"], None, &[]);
    assert!(!o.status.success());
}

#[cfg(unix)]
#[test]
fn export_does_not_follow_a_planted_partial_link() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let victim = work.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, work.path().join("out.csv.partial")).unwrap();
    let out = work.path().join("out.csv");
    let o = run_in(data.path(), &["export", "--out", &out.display().to_string()], None, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with('\u{feff}'));
}

#[test]
fn info_prints_the_paths_even_when_the_database_is_damaged() {
    if common::on_postgres() {
        return; // about the SQLite file
    }
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("pushdesk.sqlite3");
    std::fs::write(&db, "this is not a database\n".repeat(100)).unwrap();
    let o = run_in(data.path(), &["info"], None, &[]);
    assert!(!o.status.success());
    let out = stdout(&o);
    assert!(out.contains(&format!("data directory: {}", data.path().display())), "{out}");
    assert!(out.contains(&format!("database:       {}", db.display())), "{out}");
    assert!(out.contains("logs:"), "{out}");
    let reason = one_line(&stderr(&o)).to_string();
    assert!(
        reason.contains(&format!("{} is not a Pushdesk database: it is a text file", db.display())),
        "{reason}"
    );
    assert!(reason.contains("PRAGMA integrity_check"), "{reason}");
    assert!(reason.contains("move the file aside"), "{reason}");

    // Every other command says the same, with the file.
    let o = run_in(data.path(), &["log"], None, &[]);
    assert!(!o.status.success());
    assert!(one_line(&stderr(&o)).contains(&db.display().to_string()), "{}", stderr(&o));
}

#[test]
fn log_as_csv_streams_to_stdout() {
    let data = tempfile::tempdir().unwrap();
    let o = run_in(data.path(), &["log", "--format", "csv"], None, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("\u{feff}ID,Time,Account"), "{}", stdout(&o));
}

#[cfg(unix)]
#[test]
fn what_pushdesk_writes_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("com.pushdesk.app");
    let out = home.path().join("export.csv");
    let o = run_in(&data, &["export", "--out", &out.display().to_string()], None, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&data), 0o700, "data directory");
    if !common::on_postgres() {
        assert_eq!(mode(&data.join("pushdesk.sqlite3")), 0o600, "database");
    }
    assert_eq!(mode(&data.join("logs")), 0o700, "log folder");
    for log in std::fs::read_dir(data.join("logs")).unwrap() {
        let log = log.unwrap().path();
        assert_eq!(mode(&log), 0o600, "{}", log.display());
    }
    assert_eq!(mode(&out), 0o600, "export");
}
