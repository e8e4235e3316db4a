//! Schema migrations: SQL files embedded at build time, applied in order, tracked in
//! `PRAGMA user_version` (SQLite) or the `schema_version` table (PostgreSQL). Two sets, one
//! version: PostgreSQL's starts at version 13 with the schema SQLite's first 13 leave, and
//! every later version adds a file to each set.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use tracing::info;

use super::db::{Begin, Db};
use crate::{db_args, CoreError, Result};

/// The migrations, in order. Never edit one that has shipped: add a new file.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("migrations/0001_init.sql")),
    ("0002_campaigns", include_str!("migrations/0002_campaigns.sql")),
    ("0003_sendlog_indexes", include_str!("migrations/0003_sendlog_indexes.sql")),
    ("0004_templates_synced_at", include_str!("migrations/0004_templates_synced_at.sql")),
    ("0005_lifecycle", include_str!("migrations/0005_lifecycle.sql")),
    ("0006_recipient_page", include_str!("migrations/0006_recipient_page.sql")),
    ("0007_interrupted_errcode", include_str!("migrations/0007_interrupted_errcode.sql")),
    ("0008_contact_rules", include_str!("migrations/0008_contact_rules.sql")),
    ("0009_campaign_archive", include_str!("migrations/0009_campaign_archive.sql")),
    ("0010_delivery_and_ledger", include_str!("migrations/0010_delivery_and_ledger.sql")),
    ("0011_schedules", include_str!("migrations/0011_schedules.sql")),
    ("0012_official_accounts", include_str!("migrations/0012_official_accounts.sql")),
    ("0013_audit", include_str!("migrations/0013_audit.sql")),
    ("0014_approval", include_str!("migrations/0014_approval.sql")),
];

/// PostgreSQL's migrations, by the version each brings the schema to.
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
    (13, "0013_baseline", include_str!("migrations/postgres/0013_baseline.sql")),
    (14, "0014_approval", include_str!("migrations/postgres/0014_approval.sql")),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings a PostgreSQL database's schema up to date, in one transaction holding the store's
/// writer lock: two desks starting at once on an empty database do not both create it.
/// A database from a newer Pushdesk is refused and left untouched, as a file is.
pub(super) fn apply_postgres(db: &Db, shown: &str) -> Result<()> {
    // Read first: a team member's login may read the schema but not create in it, and needs
    // no more when it is up to date (nor to be told it is too new).
    let found = postgres_version(db)?;
    if found > SCHEMA_VERSION {
        return Err(CoreError::StoreTooNew { path: shown.to_owned(), found, known: SCHEMA_VERSION });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    db.transaction(Begin::Immediate, |tx| {
        tx.batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
        let current = postgres_version(tx)?;
        if current > SCHEMA_VERSION {
            return Err(CoreError::StoreTooNew {
                path: shown.to_owned(),
                found: current,
                known: SCHEMA_VERSION,
            });
        }
        for (version, name, sql) in POSTGRES_MIGRATIONS {
            if *version > current {
                tx.batch(sql)?;
                info!(migration = name, db = shown, "applied migration");
            }
        }
        if current < SCHEMA_VERSION {
            tx.batch("DELETE FROM schema_version")?;
            tx.execute("INSERT INTO schema_version (version) VALUES (?1)", db_args![SCHEMA_VERSION])?;
        }
        Ok(())
    })
}

/// The shared database's schema version; 0 for an empty database.
fn postgres_version(db: &Db) -> Result<i64> {
    let made =
        db.query_one("SELECT to_regclass('schema_version') IS NOT NULL", db_args![], |r| r.get::<bool>(0))?;
    if !made {
        return Ok(0);
    }
    Ok(db.query_opt("SELECT version FROM schema_version", db_args![], |r| r.get::<i64>(0))?.unwrap_or(0))
}

fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Refuses a database from a newer Pushdesk before anything writes to it.
pub(super) fn check_not_newer(conn: &Connection, path: &Path) -> Result<()> {
    let found = user_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(CoreError::StoreTooNew {
            path: path.display().to_string(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Applies every migration newer than the file's version, each in its own transaction.
/// Foreign keys are off meanwhile — SQLite can only change a table's constraints by rebuilding
/// it, and dropping the old table would cascade — and checked before each commit instead.
pub(super) fn apply(conn: &mut Connection, path: &Path) -> Result<()> {
    let current = user_version(conn)?;
    if current >= SCHEMA_VERSION {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let applied = apply_from(conn, path, current);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    applied
}

fn apply_from(conn: &mut Connection, path: &Path, current: i64) -> Result<()> {
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= current {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        let broken: Option<String> = tx
            .query_row("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", [], |r| r.get(0))
            .optional()?;
        if let Some(table) = broken {
            return Err(CoreError::Internal(format!("migration {name} left a broken reference in {table}")));
        }
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        info!(migration = name, db = %path.display(), "applied migration");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::db::Engine;
    use crate::store::testing::TestDatabase;

    #[test]
    fn both_sets_end_at_the_same_version() {
        assert_eq!(POSTGRES_MIGRATIONS.last().map(|m| m.0), Some(SCHEMA_VERSION));
    }

    /// Migration 14 rebuilds SQLite's audit table for its new actions: the entries stay, and so
    /// does the refusal to change them.
    #[test]
    fn the_audit_trail_keeps_its_entries_and_stays_append_only_through_its_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let mut conn = Connection::open(&path).unwrap();
        for (_, sql) in &MIGRATIONS[..13] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 13).unwrap();
        conn.execute_batch(
            "INSERT INTO audit (at, actor, machine, action, subject, detail)
             VALUES (1, 'li', 'desk-1', 'log_exported', 'log', '{}')",
        )
        .unwrap();
        apply(&mut conn, &path).unwrap();
        conn.execute_batch(
            "INSERT INTO audit (at, actor, machine, action, subject, detail)
             VALUES (2, 'wang', 'desk-2', 'campaign_approved', '双十一', '{}')",
        )
        .unwrap();
        let actors: Vec<String> = conn
            .prepare("SELECT actor FROM audit ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(actors, ["li", "wang"]);
        for change in ["UPDATE audit SET actor = 'zhao'", "DELETE FROM audit"] {
            let err = conn.execute_batch(change).unwrap_err();
            assert!(err.to_string().contains("append-only"), "{change}: {err}");
        }
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn a_shared_database_is_migrated_once_and_keeps_its_data() {
        let database = TestDatabase::new(Engine::Postgres);
        database.open().set_setting("language", "en").unwrap();
        let store = database.open();
        assert_eq!(store.setting("language").unwrap().as_deref(), Some("en"));
        let versions: Vec<i64> = database
            .raw_postgres()
            .query("SELECT version FROM schema_version", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(versions, vec![SCHEMA_VERSION]);
    }

    #[test]
    fn two_desks_opening_an_empty_shared_database_at_once_create_it_once() {
        let database = TestDatabase::new(Engine::Postgres);
        std::thread::scope(|s| {
            let desks: Vec<_> = (0..4).map(|_| s.spawn(|| database.try_open().map(|_| ()))).collect();
            for desk in desks {
                desk.join().unwrap().expect("every desk opens the store");
            }
        });
        assert_eq!(database.open().setting("missing").unwrap(), None);
    }

    #[test]
    fn a_newer_shared_database_is_refused_and_left_untouched() {
        let database = TestDatabase::new(Engine::Postgres);
        drop(database.open());
        database.raw_postgres().batch_execute("UPDATE schema_version SET version = 999").unwrap();
        let err = database.try_open().unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::StoreTooNew);
        assert!(err.to_string().contains("999"), "{err}");
        let version: i64 =
            database.raw_postgres().query_one("SELECT version FROM schema_version", &[]).unwrap().get(0);
        assert_eq!(version, 999);
    }

    #[test]
    fn the_shared_audit_trail_refuses_every_change_whatever_client_asks() {
        let database = TestDatabase::new(Engine::Postgres);
        drop(database.open());
        let mut raw = database.raw_postgres();
        raw.batch_execute(
            "INSERT INTO audit (at, actor, machine, action, subject, detail)
             VALUES (1, 'li', 'desk-1', 'log_exported', 'log', '{}')",
        )
        .unwrap();
        for change in ["UPDATE audit SET actor = 'wang'", "DELETE FROM audit", "TRUNCATE audit"] {
            let err = crate::CoreError::from(raw.batch_execute(change).unwrap_err());
            assert!(err.to_string().contains("append-only"), "{change}: {err}");
        }
        let count: i64 = raw.query_one("SELECT COUNT(*) FROM audit", &[]).unwrap().get(0);
        assert_eq!(count, 1);
    }

    #[test]
    fn an_unreachable_server_is_a_store_error_with_chinese() {
        // Port 1 on loopback: nothing listens there.
        let config: tokio_postgres::Config = "postgres://pushdesk@127.0.0.1:1/pushdesk".parse().unwrap();
        let err = crate::store::Store::connect(&config, "127.0.0.1:1/pushdesk").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Store);
        assert!(err.message_zh().contains("团队共享数据库"), "{}", err.message_zh());
    }
}
