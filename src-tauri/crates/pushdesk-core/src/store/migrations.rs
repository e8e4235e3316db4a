//! Schema migrations: SQL files embedded at build time, applied in order, tracked in
//! `PRAGMA user_version`.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use tracing::info;

use crate::{CoreError, Result};

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
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

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
