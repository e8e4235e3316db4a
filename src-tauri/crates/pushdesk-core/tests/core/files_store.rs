//! Issue 13, item 10: a database file that is damaged or is not a database at all gets a
//! message with the file, what is wrong, and what to do.

use pushdesk_core::store::Store;
use pushdesk_core::ErrorCode;

#[test]
fn a_workbook_saved_over_the_database_is_named_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pushdesk.sqlite3");
    let mut zip = b"PK\x03\x04".to_vec();
    zip.resize(10_000, 7);
    std::fs::write(&db, &zip).unwrap();
    let err = Store::open(&db).unwrap_err();
    assert_eq!(err.code(), ErrorCode::StoreCorrupt);
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("{} is not a Pushdesk database: it is a zip file", db.display())),
        "{text}"
    );
    assert!(text.contains(&format!("sqlite3 '{}' 'PRAGMA integrity_check'", db.display())), "{text}");
    assert!(text.contains("keeps no backups"), "{text}");
    assert!(text.contains("move the file aside"), "{text}");
    assert_eq!(std::fs::read(&db).unwrap(), zip, "the file is left as it was");
}

#[test]
fn a_database_damaged_inside_is_called_damaged_with_what_sqlite_found() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pushdesk.sqlite3");
    {
        let store = Store::open(&db).unwrap();
        for i in 0..200 {
            store.set_setting(&format!("key{i}"), &"x".repeat(500)).unwrap();
        }
    }
    // Checkpointed and closed: overwrite the pages after the first with garbage.
    let mut bytes = std::fs::read(&db).unwrap();
    let page = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let damaged = bytes.len().saturating_sub(page) / 2;
    for b in bytes.iter_mut().skip(page).take(damaged) {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();

    let result = Store::open(&db).and_then(|s| {
        (0..200).try_for_each(|i| s.setting(&format!("key{i}")).map(|_| ()))?;
        Ok(s)
    });
    let err = result.expect_err("a damaged database must not pass for a good one");
    assert_eq!(err.code(), ErrorCode::StoreCorrupt, "{err}");
    let text = err.to_string();
    assert!(text.starts_with(&format!("{} is damaged (SQLite says: ", db.display())), "{text}");
    assert!(!text.contains("SQLite says: the file is damaged"), "SQLite's own finding is quoted: {text}");
    assert!(text.contains("PRAGMA integrity_check"), "{text}");
}
