//! What the user chose in Settings, remembered in the store.

use serde::{Deserialize, Serialize};

use crate::store::Store;
use crate::Result;

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type, Default)]
pub enum Language {
    /// Simplified Chinese, the default.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// Colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type, Default)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// Light, the default.
    #[default]
    Light,
    /// Dark.
    Dark,
}

/// The user's preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Preferences {
    /// Interface language.
    pub language: Language,
    /// Colour theme.
    pub theme: Theme,
    /// Whether the sandbox account is listed.
    pub show_sandbox: bool,
    /// The account the header's switcher scopes everything to.
    pub selected_account_id: Option<i64>,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            language: Language::ZhCn,
            theme: Theme::Light,
            show_sandbox: true,
            selected_account_id: None,
        }
    }
}

const KEY: &str = "preferences";

impl Store {
    /// The saved preferences, or the defaults. A value this version cannot read falls back to
    /// the defaults rather than locking the user out of the app.
    pub fn preferences(&self) -> Result<Preferences> {
        Ok(self.setting(KEY)?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
    }

    /// Saves the preferences.
    pub fn set_preferences(&self, prefs: &Preferences) -> Result<()> {
        let json = serde_json::to_string(prefs).map_err(|e| crate::CoreError::Internal(e.to_string()))?;
        self.set_setting(KEY, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_and_default_to_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.preferences().unwrap().language, Language::ZhCn);
        let prefs = Preferences {
            language: Language::En,
            theme: Theme::Dark,
            show_sandbox: false,
            selected_account_id: Some(3),
        };
        store.set_preferences(&prefs).unwrap();
        drop(store);
        assert_eq!(Store::open(&path).unwrap().preferences().unwrap(), prefs);
    }

    #[test]
    fn wire_format_is_what_the_ui_expects() {
        let json = serde_json::to_value(Preferences::default()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"language":"zh-CN","theme":"light","showSandbox":true,"selectedAccountId":null})
        );
    }
}
