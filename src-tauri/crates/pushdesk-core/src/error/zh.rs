//! The Chinese text of every [`CoreError`]: the Chinese UI shows it where the English UI and the
//! CLI show the Display text.

use std::io::ErrorKind;

use super::CoreError;

impl CoreError {
    /// The message in Chinese (zh-CN), with the same details as the English.
    pub fn message_zh(&self) -> String {
        match self {
            CoreError::InvalidInput(text)
            | CoreError::Conflict(text)
            | CoreError::KeyringUnavailable(text)
            | CoreError::Busy(text)
            | CoreError::NotPermitted(text)
            | CoreError::InvalidOpenid(text)
            | CoreError::StoreCorrupt(text)
            | CoreError::AmbiguousEncoding(text) => text.zh.clone(),
            CoreError::NotFound { what, name } => what.message_zh(name),
            CoreError::Store(e) => format!("推送台读写本地数据库时出错（SQLite：{e}）"),
            CoreError::Postgres(e) => {
                format!("推送台读写团队共享数据库时出错（PostgreSQL：{}）", super::postgres_detail(e))
            }
            CoreError::StoreTooNew { path, found, known } => format!(
                "数据库 {path} 是由更新版本的推送台写入的（数据结构版本 {found}，本版本最高支持 \
                 {known}）。推送台没有改动它，请升级推送台"
            ),
            CoreError::SecretMissing { appid } => {
                format!("系统钥匙串中没有 AppID {appid} 的 AppSecret，请重新填写")
            }
            CoreError::Wechat(e) => e.message_zh(),
            CoreError::Io { context, source } => io_zh(&context.zh, source),
            CoreError::Refused(refusal) => refusal.message_zh(),
            CoreError::FileExists { path } => format!("{path} 已存在：请换一个文件名，或确认替换它"),
            CoreError::Internal(detail) => {
                format!("推送台内部出错（{detail}）。如果反复出现，请把这段信息发给技术同事")
            }
        }
    }
}

/// An I/O failure in Chinese: what was being done (or the path), then what the system said.
pub(crate) fn io_zh(context_zh: &str, source: &std::io::Error) -> String {
    match io_kind_zh(source.kind()) {
        Some(what) => format!("{context_zh}：{what}"),
        None => format!("{context_zh}（系统提示：{source}）"),
    }
}

/// What the system said, for the failures people can do something about; the rest are shown
/// as the system worded them.
fn io_kind_zh(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::NotFound => "找不到这个文件或文件夹",
        ErrorKind::PermissionDenied => "没有权限，请检查文件和文件夹的权限",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一部分不是文件夹",
        ErrorKind::StorageFull => "磁盘已满，请清理出空间后再试",
        ErrorKind::QuotaExceeded => "超出了磁盘配额，请清理出空间后再试",
        ErrorKind::ReadOnlyFilesystem => "磁盘是只读的",
        ErrorKind::FileTooLarge => "文件太大",
        ErrorKind::ResourceBusy => "文件正被其他程序占用",
        ErrorKind::InvalidData => "文件内容无法识别",
        ErrorKind::UnexpectedEof => "文件意外结束，可能不完整",
        ErrorKind::TimedOut => "操作超时",
        _ => return None,
    })
}
