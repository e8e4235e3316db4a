//! A value whose type is known only at run time: the parameters of a WHERE built from a filter.

use std::error::Error;

use postgres::types::{to_sql_checked, IsNull, ToSql, Type, WrongType};
use rusqlite::types::ToSqlOutput;

/// An integer, a text or NULL, bound to either engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlValue {
    Integer(i64),
    Text(String),
}

impl rusqlite::ToSql for SqlValue {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            SqlValue::Integer(i) => rusqlite::ToSql::to_sql(i),
            SqlValue::Text(t) => rusqlite::ToSql::to_sql(t),
        }
    }
}

impl ToSql for SqlValue {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self {
            SqlValue::Integer(i) if <i64 as ToSql>::accepts(ty) => i.to_sql(ty, out),
            SqlValue::Text(t) if <String as ToSql>::accepts(ty) => t.to_sql(ty, out),
            SqlValue::Integer(_) => Err(Box::new(WrongType::new::<i64>(ty.clone()))),
            SqlValue::Text(_) => Err(Box::new(WrongType::new::<String>(ty.clone()))),
        }
    }

    /// Which of the two fits is known only from the value, checked in `to_sql`.
    fn accepts(ty: &Type) -> bool {
        <i64 as ToSql>::accepts(ty) || <String as ToSql>::accepts(ty)
    }

    to_sql_checked!();
}
