//! A wrapper that keeps secrets out of logs, IPC and files by construction.

use std::fmt;

/// A secret value (AppSecret, access token). It has no `Serialize`, no `Display`, and its
/// `Debug` prints `Sensitive(***)`, so it cannot reach the webview, a log line, SQLite or an
/// export without someone calling [`Sensitive::expose`] on purpose.
#[derive(Clone, PartialEq, Eq)]
pub struct Sensitive<T>(T);

impl<T> Sensitive<T> {
    /// Wraps a secret.
    pub fn new(value: T) -> Self {
        Sensitive(value)
    }

    /// The secret itself. Call it only where the value leaves for its one legitimate
    /// destination (the keyring, or the WeChat request that needs it).
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(***)")
    }
}

impl From<String> for Sensitive<String> {
    fn from(value: String) -> Self {
        Sensitive(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Sensitive::new("hunter2-secret".to_string());
        assert_eq!(format!("{s:?}"), "Sensitive(***)");
        assert_eq!(format!("{:#?}", Some(&s)), "Some(\n    Sensitive(***),\n)");
    }
}
