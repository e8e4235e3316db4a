//! The store: one SQLite file in the data directory (one desk), or a team's PostgreSQL database
//! (see [`db`]); migrations embedded at build time.

mod accounts;
mod address;
mod approval;
mod audit;
mod campaigns;
mod contact_rules;
pub mod db;
mod drafts;
mod events;
mod intercepted;
mod journal;
mod ledger;
mod migrations;
mod open_error;
mod runs;
mod sendlog;
mod series;
mod settings;
mod team;
mod templates;
#[doc(hidden)]
pub mod testing;

pub use address::StoreAddress;
pub use approval::DEFAULT_APPROVAL_THRESHOLD;
pub use drafts::{DraftRow, StoredDraft};
pub use events::{LATE_MATCH_MS, RESOLVE_WINDOW_MS};
pub use intercepted::INTERCEPTED_STATUS;
pub use runs::{Beat, Recovered, RunTicket, SenderOracle};
pub use series::{DueCampaign, NewSeries, RunAudience};
pub use team::TeamMember;
pub use templates::{SyncSummary, SyncedTemplate};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use tracing::instrument;

use crate::Result;
use db::Db;

pub use migrations::SCHEMA_VERSION;

/// An open store. Blocking: call it from `spawn_blocking` or a dedicated thread, and never hold
/// it across an `.await`.
#[derive(Debug)]
pub struct Store {
    db: Db,
    path: PathBuf,
    /// The connected login and its role, asked once (a shared store's).
    seat: std::cell::OnceCell<team::Seat>,
    /// A shared store's desk: the file of the person's own settings.
    desk_settings: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A database written by a newer Pushdesk is refused and left untouched; one that is
    /// damaged or not a database is refused with the file, the problem and what to do.
    /// The folder is private (0700) and the file 0600: it holds personal data.
    #[instrument]
    pub fn open(path: &Path) -> Result<Store> {
        crate::paths::prepare_database_file(path).map_err(|e| {
            let shown = path.display();
            crate::CoreError::io(
                crate::Bilingual::new(format!("preparing {shown}"), format!("准备 {shown}")),
                e,
            )
        })?;
        Self::open_prepared(path).map_err(|e| open_error::explain(path, e))
    }

    fn open_prepared(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        // Several processes (the app, the CLI) share the file: WAL lets readers run beside a
        // writer, and the busy timeout makes a second writer wait instead of failing.
        conn.busy_timeout(Duration::from_secs(10))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations::check_not_newer(&conn, path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a commit is on disk before it returns. A `sending` mark must survive a power
        // loss, or a row whose request already left could be sent again; with NORMAL, WAL
        // loses the last commits on power loss (see "Durability" in docs/design.md).
        conn.pragma_update(None, "synchronous", "FULL")?;
        migrations::apply(&mut conn, path)?;
        Ok(Store {
            db: Db::from_sqlite(conn),
            path: path.to_path_buf(),
            seat: Default::default(),
            desk_settings: None,
        })
    }

    /// Connects to a team's PostgreSQL database and brings its schema up to date, as
    /// [`Store::open`] does a file. `shown` names it in messages (the URL without a password).
    pub fn connect(config: &tokio_postgres::Config, shown: &str) -> Result<Store> {
        let db = Db::from_postgres(db::PgConn::connect(config)?);
        migrations::apply_postgres(&db, shown)?;
        Ok(Store { db, path: PathBuf::from(shown), seat: Default::default(), desk_settings: None })
    }

    /// Keeps the person's own settings in `data_dir` (a shared store's desk).
    pub(super) fn with_desk_settings(mut self, data_dir: &Path) -> Store {
        self.desk_settings = Some(settings::desk_settings_file(data_dir));
        self
    }

    /// Runs `f` with every commit synced to disk (`durable`) or only handed to the OS: the send
    /// journal syncs `sending` marks, which must survive a power cut, and not outcomes, whose
    /// loss only leaves a row `unknown`. The connection's setting is restored afterwards.
    pub fn with_durability<T>(
        &mut self,
        durable: bool,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        if durable {
            return f(self);
        }
        self.db.set_durable(false)?;
        let result = f(self);
        self.db.set_durable(true)?;
        result
    }

    /// Runs a bulk import `f` (a file of a million receipts): commits handed to the OS but not
    /// synced (the same file imports again, changing nothing) and 32 MiB of page cache instead
    /// of SQLite's 2, so the indexes it walks stay in memory — measured 27 s → 16 s for a million
    /// receipts. Both are restored afterwards, so the engine's memory stays what it was.
    pub fn with_bulk_writes<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let Some(conn) = self.db.sqlite_connection() else {
            // PostgreSQL's cache is the server's.
            return self.with_durability(false, f);
        };
        let cache: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -32 * 1024)?;
        let result = self.with_durability(false, f);
        if let Some(conn) = self.db.sqlite_connection() {
            conn.pragma_update(None, "cache_size", cache)?;
        }
        result
    }

    /// The database file, or the shared database's address (without a password).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for the modules of the store.
    pub(crate) fn db(&self) -> &Db {
        &self.db
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_with_wal_foreign_keys_and_latest_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a/b/db.sqlite3")).unwrap();
        let mode: String = store
            .db()
            .sqlite_connection()
            .unwrap()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .db()
            .sqlite_connection()
            .unwrap()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let version: i64 = store
            .db()
            .sqlite_connection()
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn reopening_keeps_data_and_does_not_migrate_twice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        Store::open(&path).unwrap().set_setting("language", "en").unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(store.setting("language").unwrap().as_deref(), Some("en"));
    }

    #[test]
    fn a_newer_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future(x); PRAGMA user_version = 999;").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::StoreTooNew);
        assert!(err.to_string().contains("newer Pushdesk"), "{err}");
        assert!(err.to_string().contains("999"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file must not change");
        let conn = Connection::open(&path).unwrap();
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "delete", "journal mode must not be switched on a refused file");
    }
}
