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

    /// A tracing subscriber writing into a buffer, as the log file layer does.
    #[derive(Clone, Default)]
    struct Buffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Buffer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_wrapped_value_never_appears_in_a_log_line() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::TRACE)
            .finish();
        let secret = Sensitive::new("app-secret-0f1e2d3c".to_string());
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(?secret, "configured");
            tracing::info!(config = ?Some(&secret), "nested");
            let span = tracing::info_span!("request", token = ?secret);
            let _enter = span.enter();
            tracing::warn!("inside a span that carries it");
        });
        let logged = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        assert!(logged.contains("Sensitive(***)"), "the field is logged, redacted: {logged}");
        assert!(!logged.contains("app-secret-0f1e2d3c"), "{logged}");
    }

    #[test]
    fn debug_never_shows_the_value() {
        let s = Sensitive::new("hunter2-secret".to_string());
        assert_eq!(format!("{s:?}"), "Sensitive(***)");
        assert_eq!(format!("{:#?}", Some(&s)), "Some(\n    Sensitive(***),\n)");
    }
}
