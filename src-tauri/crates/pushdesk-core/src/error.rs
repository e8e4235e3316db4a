//! The core's one error type. Every variant maps to a stable [`ErrorCode`] that crosses IPC and
//! that the UI branches on; the message is for people and never carries a secret.

use serde::Serialize;

pub use missing::Missing;

use crate::Bilingual;

mod missing;
#[cfg(test)]
mod tests;
mod zh;

pub(crate) use zh::io_zh;

/// Result alias for the core.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// Stable, machine-readable error codes. The UI matches on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input the user gave is not acceptable; the message says what and where.
    InvalidInput,
    /// A named thing (account, template, campaign) does not exist.
    NotFound,
    /// Something with that name already exists.
    Conflict,
    /// The SQLite store failed.
    Store,
    /// The database was written by a newer Pushdesk.
    StoreTooNew,
    /// The OS keyring (Secret Service) is missing or locked.
    KeyringUnavailable,
    /// No secret is stored for the account.
    SecretMissing,
    /// WeChat answered with an error code.
    Wechat,
    /// The network, proxy or TLS failed before WeChat answered.
    Network,
    /// Reading or writing a file failed.
    Io,
    /// The campaign is not in a state where this action is allowed.
    ActionNotAllowed,
    /// The action is allowed but there is nothing for it to do (no unknown rows to resend).
    NothingToDo,
    /// Another Pushdesk window or command is sending this campaign or account right now.
    Busy,
    /// The person's role in the team (the shared store) does not allow this.
    NotPermitted,
    /// The openid typed for a direct send is not an openid.
    InvalidOpenid,
    /// The file to write already exists: the UI asks whether to replace it, then retries with
    /// `overwrite`.
    FileExists,
    /// The database file is damaged or is not a Pushdesk database; the message names the file
    /// and says what to do.
    StoreCorrupt,
    /// A text file's encoding is uncertain: the user must choose one (the candidates come from
    /// `audience::detect_encoding`) before it can be read.
    AmbiguousEncoding,
    /// A bug: something that should not happen.
    Internal,
}

/// Everything that can go wrong in the core. Display is the English (the CLI, the logs);
/// [`CoreError::message_zh`] is the same message in Chinese, so the messages written here carry
/// both texts.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{0}")]
    InvalidInput(Bilingual),
    #[error("{what} not found: {name}")]
    NotFound { what: Missing, name: String },
    #[error("{0}")]
    Conflict(Bilingual),
    #[error("database error: {0}")]
    Store(rusqlite::Error),
    /// The team's shared store (PostgreSQL) refused or could not be reached.
    #[error("shared database error: {}", postgres_detail(.0))]
    Postgres(postgres::Error),
    #[error("{0}")]
    NotPermitted(Bilingual),
    #[error(
        "the database at {path} was written by a newer Pushdesk (schema version {found}, this \
         version knows up to {known}); it was left untouched — please update Pushdesk"
    )]
    StoreTooNew { path: String, found: i64, known: i64 },
    #[error("{0}")]
    KeyringUnavailable(Bilingual),
    #[error("no AppSecret is stored in the keyring for AppID {appid}; enter it again")]
    SecretMissing { appid: String },
    #[error("{0}")]
    Wechat(#[from] crate::wechat::WechatError),
    #[error("{context}: {source}")]
    Io {
        context: Bilingual,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Refused(#[from] crate::model::lifecycle::Refusal),
    #[error("{0}")]
    Busy(Bilingual),
    #[error("{0}")]
    InvalidOpenid(Bilingual),
    #[error("{path} already exists; choose another name, or confirm that it may be replaced")]
    FileExists { path: String },
    #[error("{0}")]
    StoreCorrupt(Bilingual),
    #[error("{0}")]
    AmbiguousEncoding(Bilingual),
    /// A bug: the detail is for whoever fixes it, so it stays English in both languages.
    #[error("internal error: {0}")]
    Internal(String),
}

/// SQLite errors become [`CoreError::Store`], except a damaged database, which gets its own code
/// and advice wherever it is noticed (most often when the store opens; see `store::open_error`).
/// A page that cannot be sent is the user's input to fix, named by its field.
impl From<crate::template::PageProblem> for CoreError {
    fn from(p: crate::template::PageProblem) -> Self {
        CoreError::InvalidInput(Bilingual::field("page", p.message_en, p.message_zh))
    }
}

impl From<rusqlite::Error> for CoreError {
    fn from(err: rusqlite::Error) -> Self {
        if is_corruption(&err) {
            CoreError::StoreCorrupt(corrupt_without_path(&err))
        } else {
            CoreError::Store(err)
        }
    }
}

impl CoreError {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::InvalidInput(_) => ErrorCode::InvalidInput,
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::Conflict(_) => ErrorCode::Conflict,
            CoreError::Store(_) | CoreError::Postgres(_) => ErrorCode::Store,
            CoreError::StoreTooNew { .. } => ErrorCode::StoreTooNew,
            CoreError::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            CoreError::SecretMissing { .. } => ErrorCode::SecretMissing,
            CoreError::Wechat(e) if e.is_transport() => ErrorCode::Network,
            CoreError::Wechat(_) => ErrorCode::Wechat,
            CoreError::Io { .. } => ErrorCode::Io,
            CoreError::Refused(refusal) => {
                use crate::model::lifecycle::Refusal;
                match refusal {
                    Refusal::NotAllowed { .. } | Refusal::AwaitingApproval { .. } => {
                        ErrorCode::ActionNotAllowed
                    }
                    Refusal::NothingToDo { .. } | Refusal::NoApprovalWaiting { .. } => ErrorCode::NothingToDo,
                    Refusal::OwnCampaign { .. } => ErrorCode::NotPermitted,
                }
            }
            CoreError::Busy(_) => ErrorCode::Busy,
            CoreError::NotPermitted(_) => ErrorCode::NotPermitted,
            CoreError::InvalidOpenid(_) => ErrorCode::InvalidOpenid,
            CoreError::FileExists { .. } => ErrorCode::FileExists,
            CoreError::StoreCorrupt(_) => ErrorCode::StoreCorrupt,
            CoreError::AmbiguousEncoding(_) => ErrorCode::AmbiguousEncoding,
            CoreError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Wraps an I/O error with what was being done (or the path it happened to).
    pub fn io(context: Bilingual, source: std::io::Error) -> Self {
        CoreError::Io { context, source }
    }
}

/// PostgreSQL errors become [`CoreError::Postgres`], except a refusal of the person's role
/// (SQLSTATE 42501: a privilege the login lacks, or team mode's triggers), which says so.
impl From<postgres::Error> for CoreError {
    fn from(err: postgres::Error) -> Self {
        if err.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
            let detail = postgres_detail(&err);
            CoreError::NotPermitted(Bilingual::new(
                format!(
                    "your role in the team does not allow this; an admin can give you another one \
                     (pushdesk team add) — the database said: {detail}"
                ),
                format!("你在团队中的角色不能做这件事，可以请管理员调整角色（pushdesk team add）。数据库的说明：{detail}"),
            ))
        } else {
            CoreError::Postgres(err)
        }
    }
}

/// What the server said: the client's own Display of a refusal is only "db error".
pub(crate) fn postgres_detail(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => err.to_string(),
    }
}

/// Whether SQLite says the file is damaged or is not a database at all.
pub(crate) fn is_corruption(err: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode as SqliteCode;
    matches!(err.sqlite_error_code(), Some(SqliteCode::DatabaseCorrupt | SqliteCode::NotADatabase))
}

/// The message for corruption found after the database was opened, when the path is not at
/// hand (a query deep in a command).
fn corrupt_without_path(err: &rusqlite::Error) -> Bilingual {
    Bilingual::new(
        format!(
            "the Pushdesk database is damaged (SQLite: {err}). `pushdesk info` (or Settings → \
             About) shows where it is; check it with: sqlite3 FILE 'PRAGMA integrity_check'. \
             {ADVICE}"
        ),
        format!(
            "推送台的数据库已损坏（SQLite：{err}）。在「设置 → 关于」里（或用 `pushdesk info`）可以看到\
             它的位置；可以用 sqlite3 文件名 'PRAGMA integrity_check' 检查它。{ADVICE_ZH}"
        ),
    )
}

/// What to do about a damaged database.
pub(crate) const ADVICE: &str = "Pushdesk keeps no backups of its own: put back a copy of the file if you \
                      have one (from a backup of your home folder); otherwise quit Pushdesk and \
                      move the file aside (rename it), and Pushdesk starts with an empty database \
                      (AppSecrets stay in the keyring; `sqlite3 FILE .recover` may save what is \
                      left of the send log).";

/// [`ADVICE`] in Chinese.
pub(crate) const ADVICE_ZH: &str =
    "推送台自己不保留备份：如果有这个文件的副本（例如主文件夹的备份），请把它放回\
                      原处；否则请退出推送台，把这个文件移到别处（或改个名字），推送台会以空数据库启动\
                      （AppSecret 仍保存在系统钥匙串中；`sqlite3 文件名 .recover` 也许能救回部分发送日志）。";
