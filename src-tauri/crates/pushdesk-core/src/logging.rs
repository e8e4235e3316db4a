//! Logging to a daily-rolling file in the data directory and to stderr.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, layer::SubscriberExt, util::SubscriberInitExt, EnvFilter};

/// Starts logging for a process. Keep the guard alive for the life of the process: dropping it
/// flushes the file writer.
///
/// `RUST_LOG` overrides the default level (`info` for Pushdesk's crates, `warn` elsewhere).
pub fn init(log_dir: &Path, file_prefix: &str, stderr: bool) -> std::io::Result<WorkerGuard> {
    // The log folder sits in the data directory; both hold personal data (see `paths`). Errors
    // name the folder: "Permission denied" alone tells nobody where to look.
    let named = |e: std::io::Error| std::io::Error::new(e.kind(), format!("{}: {e}", log_dir.display()));
    if let Some(data_dir) = log_dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::paths::ensure_private_dir(data_dir).map_err(named)?;
    }
    crate::paths::ensure_private_dir(log_dir).map_err(named)?;
    let appender = crate::log_file::DailyFile::new(log_dir, file_prefix).map_err(named)?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("warn,pushdesk_core=info,pushdesk_app=info,pushdesk_cli=info,pushdesk_sandbox=info")
    });
    let file_layer = fmt::layer().with_ansi(false).with_writer(writer);
    let stderr_layer = stderr.then(|| fmt::layer().with_writer(std::io::stderr));
    // A second init (tests, or the CLI starting an in-process sandbox) keeps the first subscriber.
    let _ = tracing_subscriber::registry().with(filter).with(file_layer).with(stderr_layer).try_init();
    Ok(guard)
}
