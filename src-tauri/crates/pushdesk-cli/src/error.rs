//! CLI errors and their exit codes.

use pushdesk_core::CoreError;

/// Exit status when WeChat may or may not have delivered some rows (`unknown`).
pub const EXIT_UNKNOWN_ROWS: u8 = 3;
/// Exit status when the campaign paused or stopped with rows left to send.
pub const EXIT_ROWS_LEFT: u8 = 4;

/// Why a command did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The core refused or failed.
    #[error("{0}")]
    Core(#[from] CoreError),
    /// WeChat or the network failed.
    #[error("{0}")]
    Wechat(#[from] pushdesk_core::wechat::WechatError),
    /// The command line was acceptable to clap but not to us.
    #[error("{0}")]
    Usage(String),
    /// The command ran but did not succeed (a failed connection test).
    #[error("{0}")]
    Failed(String),
    /// A send ended without every row in a final state it can vouch for.
    #[error("{message}")]
    Unfinished {
        /// [`EXIT_UNKNOWN_ROWS`] or [`EXIT_ROWS_LEFT`].
        status: u8,
        /// Why.
        message: String,
    },
    /// Something outside the core failed (a socket, the terminal).
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl CliError {
    /// Exit status: 2 for usage errors (as clap does), 3 for rows whose outcome is unknown, 4
    /// for rows left to send, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Unfinished { status, .. } => *status,
            _ => 1,
        }
    }
}
