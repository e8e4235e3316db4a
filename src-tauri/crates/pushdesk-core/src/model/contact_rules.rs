//! Contact rules of an account, which every campaign follows: the suppression list (people it
//! must never message) and the frequency cap (how often anyone may hear from it).

use serde::{Deserialize, Serialize};

/// Why a row on the list is not sent, in Chinese and English.
pub const SUPPRESSED_WHY: (&str, &str) = ("该用户在免打扰名单中", "this user is on the suppression list");

/// The reason a skipped row carries, in both languages (the UI shows its own half): written
/// the same by validation and by the hand-over to a run, which skips rows again.
pub fn skipped_reason(why_zh: &str, why_en: &str) -> String {
    format!("{why_zh}（已跳过） / {why_en} (skipped)")
}

/// The reason of a row skipped because its openid is on the suppression list.
pub fn suppressed_reason() -> String {
    skipped_reason(SUPPRESSED_WHY.0, SUPPRESSED_WHY.1)
}

/// How someone came onto the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionSource {
    /// A person added them (they asked not to be contacted).
    Manual,
    /// WeChat answered 43101 for them while the account's "add refusals" setting was on.
    Refused,
}

impl SuppressionSource {
    /// The value stored in SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionSource::Manual => "manual",
            SuppressionSource::Refused => "refused",
        }
    }

    /// Reads a stored value; anything unknown is taken as manual.
    pub fn parse(text: &str) -> Self {
        if text == "refused" {
            SuppressionSource::Refused
        } else {
            SuppressionSource::Manual
        }
    }
}

/// One person on an account's suppression list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SuppressedEntry {
    /// Their openid.
    pub openid: String,
    /// How they came onto the list.
    pub source: SuppressionSource,
    /// The user's note, or for a refusal the template it came from.
    pub note: String,
    /// Who added them (empty for a refusal).
    pub added_by: String,
    /// When (unix ms).
    pub added_at: i64,
}

/// A page of an account's suppression list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SuppressionList {
    /// Everyone on the list.
    pub total: u32,
    /// Those matching the search, newest first, at most the requested number.
    pub entries: Vec<SuppressedEntry>,
    /// How many match the search.
    pub matching: u32,
    /// Whether a 43101 answer adds the person automatically.
    pub suppress_refusals: bool,
}

/// What adding a paste of openids did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SuppressionAdded {
    /// Newly on the list.
    pub added: u32,
    /// Already on it (left as they were).
    pub already: u32,
    /// Pieces of the paste that are not openids, as typed (nothing was added for them).
    pub not_openids: Vec<String>,
}

/// At most `max_messages` messages to one person within `per_days` days (a rolling window,
/// counted from every campaign and single send of the account; test sends aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FrequencyCap {
    /// Messages allowed in the window.
    pub max_messages: u32,
    /// The window, in days.
    pub per_days: u32,
}

impl FrequencyCap {
    /// The bounds a cap may take: 1–100 messages, 1–30 days.
    pub const MAX_MESSAGES: u32 = 100;
    /// See [`FrequencyCap::MAX_MESSAGES`].
    pub const MAX_DAYS: u32 = 30;

    /// A skipped row's reason, in both languages.
    pub fn reason(self) -> String {
        let (zh, en) = self.why();
        skipped_reason(&zh, &en)
    }

    /// Why a row over the cap is not sent, in Chinese and English.
    pub fn why(self) -> (String, String) {
        let FrequencyCap { max_messages: n, per_days: d } = self;
        (
            format!("已达到频次上限：{d} 天内最多 {n} 条"),
            format!("frequency cap reached: at most {n} in {d} days"),
        )
    }
}
