//! The error type that crosses IPC: `{code, message, messageZh}`. The UI branches on `code` only
//! and shows the message in the user's language.

use pushdesk_core::{CoreError, ErrorCode};
use serde::Serialize;

/// An error as the webview receives it.
#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct AppError {
    /// Stable code to branch on.
    pub code: ErrorCode,
    /// A sentence for people, in English; never contains a secret.
    pub message: String,
    /// The same sentence in Chinese (zh-CN).
    pub message_zh: String,
}

impl From<CoreError> for AppError {
    fn from(err: CoreError) -> Self {
        tracing::warn!(code = ?err.code(), "command failed: {err}");
        AppError { code: err.code(), message: err.to_string(), message_zh: err.message_zh() }
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(err: tokio::task::JoinError) -> Self {
        AppError {
            code: ErrorCode::Internal,
            message: format!("a background task failed: {err}"),
            message_zh: format!(
                "推送台的一个后台任务出错了（{err}）。如果反复出现，请把这段信息发给技术同事"
            ),
        }
    }
}

/// Result of a command.
pub type CmdResult<T> = Result<T, AppError>;
