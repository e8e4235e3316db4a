//! Key/value settings (language, theme, sandbox visibility, ...).
//!
//! On a shared store the `settings` table holds the team's settings only (the approval
//! threshold, which admins set); what is one person's — their language, drafts, test
//! recipients, notices — stays on their desk, in `desk-settings.json` of the data directory.
//! A person who may not write the team's settings still keeps their own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::approval::APPROVAL_THRESHOLD;
use super::Store;
use crate::db_args;
use crate::{Bilingual, CoreError, Result};

/// The settings of the whole team, on a shared store.
const TEAM_SETTINGS: &[&str] = &[APPROVAL_THRESHOLD];

/// The desk's own settings file, in `data_dir`.
pub(super) fn desk_settings_file(data_dir: &Path) -> PathBuf {
    data_dir.join("desk-settings.json")
}

fn read_desk_settings(path: &Path) -> Result<BTreeMap<String, String>> {
    match std::fs::read_to_string(path) {
        // A damaged file loses only preferences: they start again from their defaults.
        Ok(text) => Ok(serde_json::from_str(&text).unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => {
            let shown = path.display();
            Err(CoreError::io(Bilingual::new(format!("reading {shown}"), format!("读取 {shown}")), e))
        }
    }
}

impl Store {
    /// Where `key` is kept when it is not in the `settings` table.
    fn desk_file_for(&self, key: &str) -> Option<&Path> {
        self.desk_settings.as_deref().filter(|_| !TEAM_SETTINGS.contains(&key))
    }

    /// A setting's value, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        if let Some(file) = self.desk_file_for(key) {
            return Ok(read_desk_settings(file)?.remove(key));
        }
        self.db().query_opt("SELECT value FROM settings WHERE key = ?1", db_args![key], |r| r.get(0))
    }

    /// Sets (or replaces) a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        if let Some(file) = self.desk_file_for(key) {
            let mut all = read_desk_settings(file)?;
            all.insert(key.to_owned(), value.to_owned());
            let text = serde_json::to_vec_pretty(&all).map_err(|e| CoreError::Internal(e.to_string()))?;
            if let Some(dir) = file.parent() {
                crate::paths::ensure_private_dir(dir).map_err(|e| {
                    CoreError::io(Bilingual::new("preparing the data directory", "准备数据目录"), e)
                })?;
            }
            crate::files::write_atomically(file, true, &text)?;
            return Ok(());
        }
        self.db().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            db_args![key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::store::db::Engine;
    use crate::store::testing::{address_in, TestDatabase};
    use crate::store::Store;

    fn desk(data_dir: &std::path::Path, schema: &str) -> Store {
        address_in(data_dir, schema).open().unwrap()
    }

    /// A viewer may not write the team's settings, and still keeps a language of their own.
    #[test]
    fn on_a_shared_store_a_persons_settings_stay_on_their_desk_and_the_teams_in_the_database() {
        let TestDatabase::Schema { name, .. } = TestDatabase::new(Engine::Postgres) else { unreachable!() };
        let desks = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (li, wang) = (desk(desks.0.path(), &name), desk(desks.1.path(), &name));
        li.set_setting("preferences", "li's").unwrap();
        li.set_approval_threshold(50).unwrap();
        assert_eq!(wang.setting("preferences").unwrap(), None);
        assert_eq!(li.setting("preferences").unwrap().as_deref(), Some("li's"));
        assert_eq!(wang.approval_threshold().unwrap(), Some(50));
        assert!(desks.0.path().join("desk-settings.json").exists());
    }
}
