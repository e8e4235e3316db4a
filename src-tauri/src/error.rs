//! The error type that crosses IPC: `{code, message}`. The UI branches on `code` only.

use pushdesk_core::{CoreError, ErrorCode};
use serde::Serialize;

/// An error as the webview receives it.
#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// Stable code to branch on.
    pub code: ErrorCode,
    /// A sentence for people; never contains a secret.
    pub message: String,
}

impl From<CoreError> for AppError {
    fn from(err: CoreError) -> Self {
        tracing::warn!(code = ?err.code(), "command failed: {err}");
        AppError { code: err.code(), message: err.to_string() }
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(err: tokio::task::JoinError) -> Self {
        AppError { code: ErrorCode::Internal, message: format!("a background task failed: {err}") }
    }
}

/// Result of a command.
pub type CmdResult<T> = Result<T, AppError>;
