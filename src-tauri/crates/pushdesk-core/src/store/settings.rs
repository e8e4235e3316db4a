//! Key/value settings (language, theme, sandbox visibility, ...).

use super::Store;
use crate::db_args;
use crate::Result;

impl Store {
    /// A setting's value, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.db().query_opt("SELECT value FROM settings WHERE key = ?1", db_args![key], |r| r.get(0))
    }

    /// Sets (or replaces) a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.db().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            db_args![key, value],
        )?;
        Ok(())
    }
}
