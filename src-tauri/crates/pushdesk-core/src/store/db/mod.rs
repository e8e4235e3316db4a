//! One connection, to either engine: SQLite (one desk) or PostgreSQL (a team's shared store).
//!
//! The store writes its SQL once, in the dialect both engines share (`?1` placeholders,
//! `ON CONFLICT`, `RETURNING`, `CAST(… AS BIGINT)`, `TRUE`/`FALSE`), and runs it here. What
//! differs — placeholders, the write lock, durability — is decided in this module and
//! nowhere else.

mod dynamic;
mod postgres;
mod value;

use std::cell::{Cell, RefCell};

pub use dynamic::SqlValue;
pub use value::{Column, ColumnIndex, DbRow, Value};

pub(crate) use self::postgres::PgConn;
use crate::{CoreError, Result};

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// An open connection.
#[derive(Debug)]
pub struct Db {
    conn: Connection,
    /// Whether a [`Db::transaction`] is open: a store function that needs a transaction and is
    /// called inside another one joins it.
    in_transaction: Cell<bool>,
}

#[derive(Debug)]
enum Connection {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<PgConn>>),
}

/// A transaction in progress: what a store function that must run inside one takes.
pub struct Tx<'a> {
    db: &'a Db,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;

    fn deref(&self) -> &Db {
        self.db
    }
}

/// How a transaction begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Begin {
    /// SQLite takes its write lock at the first write.
    Deferred,
    /// SQLite takes its write lock at once, so a read-then-write cannot be overtaken.
    Immediate,
}

/// PostgreSQL's stand-in for SQLite's one writer: every transaction that may write takes this
/// advisory lock first, so the store's transactions keep the order and isolation they were
/// written for on SQLite, whichever desk runs them. (The key is arbitrary: "pushdesk" in ASCII.)
pub(super) const WRITER_LOCK: i64 = 0x7075_7368_6465_736b;

impl Db {
    pub fn from_sqlite(conn: rusqlite::Connection) -> Db {
        Db { conn: Connection::Sqlite(conn), in_transaction: Cell::new(false) }
    }

    pub fn from_postgres(conn: PgConn) -> Db {
        Db { conn: Connection::Postgres(Box::new(RefCell::new(conn))), in_transaction: Cell::new(false) }
    }

    pub fn engine(&self) -> Engine {
        match self.conn {
            Connection::Sqlite(_) => Engine::Sqlite,
            Connection::Postgres(_) => Engine::Postgres,
        }
    }

    /// Runs a statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, args: &[&dyn Value]) -> Result<u64> {
        match &self.conn {
            Connection::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                Ok(statement.execute(rusqlite::params_from_iter(args.iter().map(|a| a.sqlite())))? as u64)
            }
            Connection::Postgres(conn) => {
                let mut conn = conn.borrow_mut();
                let statement = conn.statement(sql)?;
                Ok(PgConn::wait(conn.client.execute(&statement, &postgres_args(args)))?)
            }
        }
    }

    /// Runs statements without arguments, one after another.
    pub fn batch(&self, sql: &str) -> Result<()> {
        match &self.conn {
            Connection::Sqlite(conn) => conn.execute_batch(sql)?,
            Connection::Postgres(conn) => PgConn::wait(conn.borrow().client.batch_execute(sql))?,
        }
        Ok(())
    }

    /// Every row of a query, each made into a `T` by `f`.
    pub fn query<T>(
        &self,
        sql: &str,
        args: &[&dyn Value],
        mut f: impl FnMut(&DbRow<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        match &self.conn {
            Connection::Sqlite(_) => self.each(sql, args, |row| {
                out.push(f(row)?);
                Ok(true)
            })?,
            // Read first, then made into values: `f` may query again (a campaign's counts for
            // each campaign), which SQLite allows while rows are read and PostgreSQL does not.
            Connection::Postgres(_) => {
                for row in self.postgres_rows(sql, args)? {
                    out.push(f(&DbRow::Postgres(&row))?);
                }
            }
        }
        Ok(out)
    }

    fn postgres_rows(&self, sql: &str, args: &[&dyn Value]) -> Result<Vec<::postgres::Row>> {
        let Connection::Postgres(conn) = &self.conn else {
            return Err(CoreError::Internal("not a PostgreSQL store".into()));
        };
        let mut conn = conn.borrow_mut();
        let statement = conn.statement(sql)?;
        Ok(PgConn::wait(conn.client.query(&statement, &postgres_args(args)))?)
    }

    /// Hands each row of a query to `f`, read as it goes (an export of a million rows does not
    /// hold them all), until there are no more or `f` returns false. On PostgreSQL `f` must not
    /// use the store: the connection is busy reading.
    pub fn each(
        &self,
        sql: &str,
        args: &[&dyn Value],
        mut f: impl FnMut(&DbRow<'_>) -> Result<bool>,
    ) -> Result<()> {
        match &self.conn {
            Connection::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql)?;
                let mut rows =
                    statement.query(rusqlite::params_from_iter(args.iter().map(|a| a.sqlite())))?;
                while let Some(row) = rows.next()? {
                    if !f(&DbRow::Sqlite(row))? {
                        break;
                    }
                }
            }
            Connection::Postgres(conn) => {
                use futures::StreamExt;
                let mut conn = conn.borrow_mut();
                let statement = conn.statement(sql)?;
                let rows =
                    PgConn::wait(conn.client.query_raw(&statement, args.iter().map(|a| a.postgres())))?;
                let mut rows = std::pin::pin!(rows);
                while let Some(row) = PgConn::wait(rows.next()) {
                    if !f(&DbRow::Postgres(&row?))? {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// The first row of a query, if there is one.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        args: &[&dyn Value],
        f: impl FnOnce(&DbRow<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match &self.conn {
            Connection::Sqlite(_) => {
                let mut f = Some(f);
                let mut out = None;
                self.each(sql, args, |row| {
                    out = f.take().map(|f| f(row)).transpose()?;
                    Ok(false)
                })?;
                Ok(out)
            }
            Connection::Postgres(_) => {
                self.postgres_rows(sql, args)?.first().map(|row| f(&DbRow::Postgres(row))).transpose()
            }
        }
    }

    /// The one row a query always returns (an aggregate, a row just inserted).
    pub fn query_one<T>(
        &self,
        sql: &str,
        args: &[&dyn Value],
        f: impl FnOnce(&DbRow<'_>) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, args, f)?
            .ok_or_else(|| CoreError::Internal(format!("no row from a query that always returns one: {sql}")))
    }

    /// Runs `f` in a transaction, committed if it returns `Ok` and rolled back otherwise (or
    /// if it panics). Called inside another transaction, `f` joins it.
    pub fn transaction<T>(&self, begin: Begin, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        if self.in_transaction.get() {
            return f(&Tx { db: self });
        }
        match (&self.conn, begin) {
            (Connection::Sqlite(_), Begin::Deferred) => self.batch("BEGIN")?,
            (Connection::Sqlite(_), Begin::Immediate) => self.batch("BEGIN IMMEDIATE")?,
            (Connection::Postgres(_), _) => {
                self.batch(&format!("BEGIN; SELECT pg_advisory_xact_lock({WRITER_LOCK})"))?
            }
        }
        self.in_transaction.set(true);
        let open = OpenTransaction { db: self };
        let result = f(&Tx { db: self });
        open.finish(result.is_ok())?;
        result
    }

    /// Commits synced to disk (`true`, the default) or only handed to the OS.
    pub fn set_durable(&self, durable: bool) -> Result<()> {
        match &self.conn {
            Connection::Sqlite(conn) => {
                conn.pragma_update(None, "synchronous", if durable { "FULL" } else { "NORMAL" })?
            }
            Connection::Postgres(_) => self.batch(if durable {
                "SET synchronous_commit TO on"
            } else {
                "SET synchronous_commit TO off"
            })?,
        }
        Ok(())
    }

    /// The SQLite connection, mutable (rusqlite's own transactions).
    pub fn sqlite_connection_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.conn {
            Connection::Sqlite(conn) => Some(conn),
            Connection::Postgres(_) => None,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, its file's checks).
    pub fn sqlite_connection(&self) -> Option<&rusqlite::Connection> {
        match &self.conn {
            Connection::Sqlite(conn) => Some(conn),
            Connection::Postgres(_) => None,
        }
    }
}

/// Rolls back a transaction that is dropped without being finished (a panic in its body).
struct OpenTransaction<'a> {
    db: &'a Db,
}

impl OpenTransaction<'_> {
    fn finish(self, commit: bool) -> Result<()> {
        let db = self.db;
        std::mem::forget(self);
        db.in_transaction.set(false);
        db.batch(if commit { "COMMIT" } else { "ROLLBACK" })
    }
}

impl Drop for OpenTransaction<'_> {
    fn drop(&mut self) {
        self.db.in_transaction.set(false);
        let _ = self.db.batch("ROLLBACK");
    }
}

fn postgres_args<'a>(args: &'a [&'a dyn Value]) -> Vec<&'a (dyn tokio_postgres::types::ToSql + Sync)> {
    args.iter().map(|a| a.postgres()).collect()
}

/// Whether `err` is a constraint the schema enforces (a UNIQUE name, a CHECK) refusing a write.
pub fn is_constraint_violation(err: &CoreError) -> bool {
    match err {
        CoreError::Store(rusqlite::Error::SqliteFailure(e, _)) => {
            e.code == rusqlite::ErrorCode::ConstraintViolation
        }
        CoreError::Postgres(e) => e.code().is_some_and(|code| code.code().starts_with("23")),
        _ => false,
    }
}
