//! The PostgreSQL side of [`super::Db`]: tokio-postgres, its connection driven by a thread of
//! its own, called through blocking calls, with its statements prepared once.
//!
//! Not the `postgres` crate's blocking client: it drives the connection with a tokio runtime
//! inside each call, and tokio refuses that on a thread that runs async tasks — which is where
//! the app's commands and the tests call the store, as they call rusqlite. Here a call only
//! waits on the client's channel to the connection (`futures::executor::block_on`), which
//! any thread may do.

use std::collections::HashMap;
use std::future::Future;

use tokio_postgres::{Client, Statement};

use crate::{CoreError, Result};

/// How many prepared statements a connection keeps.
const MAX_STATEMENTS: usize = 512;

/// A connection and the statements it has prepared, by their SQL as the store wrote it: the
/// send journal runs the same few statements per row, and preparing each again would cost a
/// round trip every time.
pub struct PgConn {
    pub(super) client: Client,
    statements: HashMap<String, Statement>,
}

impl std::fmt::Debug for PgConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgConn").field("statements", &self.statements.len()).finish_non_exhaustive()
    }
}

impl PgConn {
    /// Connects, with the connection driven by a new thread that ends when the client is
    /// dropped.
    pub fn connect(config: &tokio_postgres::Config) -> Result<PgConn> {
        let (sender, receiver) = std::sync::mpsc::channel();
        let config = config.clone();
        std::thread::Builder::new()
            .name("pushdesk-postgres".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ =
                            sender.send(Err(CoreError::Internal(format!("no runtime for PostgreSQL: {e}"))));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match config.connect(tokio_postgres::NoTls).await {
                        Ok((client, connection)) => {
                            let _ = sender.send(Ok(client));
                            // Ends when the client is dropped or the server goes away; a
                            // call after that fails with the client's "connection closed".
                            let _ = connection.await;
                        }
                        Err(e) => {
                            let _ = sender.send(Err(e.into()));
                        }
                    }
                });
            })
            .map_err(|e| CoreError::Internal(format!("no thread for PostgreSQL: {e}")))?;
        let client = receiver
            .recv()
            .map_err(|_| CoreError::Internal("the PostgreSQL connection thread ended".into()))??;
        Ok(PgConn { client, statements: HashMap::new() })
    }

    /// Waits for one of the client's futures.
    pub fn wait<T>(future: impl Future<Output = T>) -> T {
        futures::executor::block_on(future)
    }

    /// The prepared statement for `sql`, written with SQLite's `?1` placeholders.
    pub fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = Self::wait(self.client.prepare(&numbered_placeholders(sql)))?;
        // Filters make statements of many shapes (an IN list per number of statuses): a
        // long-running desk forgets them all now and then rather than growing without end.
        if self.statements.len() >= MAX_STATEMENTS {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

/// SQLite's placeholders as PostgreSQL's: `?1` as `$1`, and a bare `?` numbered as SQLite
/// numbers it (one more than the largest so far). Quoted text and identifiers are left alone.
pub fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote: Option<char> = None;
    let mut largest = 0u32;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    digits.push(d);
                }
                let number = digits.parse().unwrap_or(largest + 1);
                largest = largest.max(number);
                out.push_str(&format!("${number}"));
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::numbered_placeholders;

    #[test]
    fn placeholders_are_numbered_outside_quotes_only() {
        assert_eq!(
            numbered_placeholders("SELECT '?1', \"a?\" FROM t WHERE a = ?1 AND b IN (?2, ?10)"),
            "SELECT '?1', \"a?\" FROM t WHERE a = $1 AND b IN ($2, $10)"
        );
        assert_eq!(
            numbered_placeholders("a = ? AND b IN (?, ?) AND c = ?2"),
            "a = $1 AND b IN ($2, $3) AND c = $2"
        );
    }
}
