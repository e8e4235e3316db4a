//! What crosses into and out of either engine: arguments and columns typed for both.

use std::fmt::Display;

/// An argument either engine can bind: `i64`, `bool`, `f64`, `String`, `&str`, bytes, and
/// `Option`s of them. There are no `i32` or `u32` columns: every integer is `BIGINT` on
/// PostgreSQL, which binds only an `i64` to it.
pub trait Value: rusqlite::ToSql + postgres::types::ToSql + Sync {
    fn sqlite(&self) -> &dyn rusqlite::ToSql;
    fn postgres(&self) -> &(dyn postgres::types::ToSql + Sync);
}

impl<T: rusqlite::ToSql + postgres::types::ToSql + Sync> Value for T {
    fn sqlite(&self) -> &dyn rusqlite::ToSql {
        self
    }

    fn postgres(&self) -> &(dyn postgres::types::ToSql + Sync) {
        self
    }
}

/// The arguments of a statement, in the order of their `?1`, `?2` … placeholders.
#[macro_export]
#[doc(hidden)]
macro_rules! db_args {
    ($($arg:expr),* $(,)?) => {
        &[$(&$arg as &dyn $crate::store::db::Value),*] as &[&dyn $crate::store::db::Value]
    };
}

/// A column either engine can read into.
pub trait Column: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a> {}

impl<T: rusqlite::types::FromSql + for<'a> postgres::types::FromSql<'a>> Column for T {}

/// A column's position or name.
pub trait ColumnIndex: rusqlite::RowIndex + postgres::row::RowIndex + Display {}

impl<T: rusqlite::RowIndex + postgres::row::RowIndex + Display> ColumnIndex for T {}

/// One row of a result, from either engine.
pub enum DbRow<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

impl DbRow<'_> {
    /// The column at `index` (a position from 0 or a name).
    pub fn get<T: Column>(&self, index: impl ColumnIndex) -> crate::Result<T> {
        Ok(match self {
            DbRow::Sqlite(row) => row.get(index)?,
            DbRow::Postgres(row) => row.try_get(index)?,
        })
    }
}
