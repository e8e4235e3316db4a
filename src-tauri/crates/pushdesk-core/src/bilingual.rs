//! A sentence for people in both languages the app speaks. The core writes both at the place
//! that knows the details (the file, the row, the name), because the UI cannot translate a
//! finished English sentence; the CLI and the logs show the English.

use std::fmt;

/// The same message in English and in Chinese (zh-CN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bilingual {
    /// For the CLI, the logs and the English UI.
    pub en: String,
    /// For the Chinese UI.
    pub zh: String,
}

impl Bilingual {
    /// A message given in both languages.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Bilingual { en: en.into(), zh: zh.into() }
    }

    /// A message about one form field: both texts start with `field: ` (the field's identifier,
    /// never translated), which the UI reads to show the message under that field.
    pub fn field(field: &str, en: impl fmt::Display, zh: impl fmt::Display) -> Self {
        Bilingual { en: format!("{field}: {en}"), zh: format!("{field}: {zh}") }
    }

    /// Text that reads the same in both languages: a path, a file name.
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Bilingual { zh: text.clone(), en: text }
    }
}

/// The English: what the CLI prints and the logs record.
impl fmt::Display for Bilingual {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}
