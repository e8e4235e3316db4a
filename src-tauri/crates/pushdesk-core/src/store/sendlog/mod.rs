//! The send log's queries: pages, totals, one entry, plans, and the rows of an export. The
//! types they answer with are in `crate::sendlog`.

mod plan;
mod query;
mod rows;
mod sql;
mod totals;

// The audit trail filters the same way.
pub(super) use sql::SqlWhere;
