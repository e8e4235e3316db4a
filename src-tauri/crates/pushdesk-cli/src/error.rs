//! CLI errors and their exit codes.

use pushdesk_core::CoreError;

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
    /// Something outside the core failed (a socket, the terminal).
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl CliError {
    /// Exit status: 2 for usage errors (as clap does), 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            _ => 1,
        }
    }
}
