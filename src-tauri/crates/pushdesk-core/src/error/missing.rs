//! What a [`CoreError::NotFound`](super::CoreError::NotFound) could not find, named in both
//! languages.

use std::fmt;

/// The kinds of things a lookup can miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// An account, by id or name.
    Account,
    /// An account that may be edited (the sandbox may not).
    EditableAccount,
    /// An account that may be removed (the sandbox may not).
    RemovableAccount,
    /// A template that is not in the local copy of the account's templates.
    SyncedTemplate,
    /// A campaign.
    Campaign,
    /// A campaign being prepared (the wizard's draft).
    Draft,
    /// A row of a draft, by the row number the user sees.
    DraftRow,
    /// One row of the send log.
    SendLogEntry,
    /// A folder on disk (one to show in the file manager).
    Folder,
    /// A recurring campaign.
    Series,
}

impl Missing {
    /// The English noun phrase, as in "campaign not found: 3".
    pub fn en(self) -> &'static str {
        match self {
            Missing::Account => "account",
            Missing::EditableAccount => "editable account",
            Missing::RemovableAccount => "removable account",
            Missing::SyncedTemplate => "template (sync the account's templates first)",
            Missing::Campaign => "campaign",
            Missing::Draft => "draft",
            Missing::DraftRow => "row of the list",
            Missing::SendLogEntry => "send log entry",
            Missing::Folder => "folder",
            Missing::Series => "recurring campaign",
        }
    }

    /// The whole Chinese sentence: the word order differs, and the template's advice goes last.
    pub fn message_zh(self, name: &str) -> String {
        match self {
            Missing::Account => format!("找不到账号「{name}」"),
            Missing::EditableAccount => format!("找不到可编辑的账号「{name}」（沙箱账号不能编辑）"),
            Missing::RemovableAccount => format!("找不到可删除的账号「{name}」（沙箱账号不能删除）"),
            Missing::SyncedTemplate => format!("本机没有模板 {name}，请先同步该账号的模板"),
            Missing::Campaign => format!("找不到任务 {name}"),
            Missing::Draft => format!("找不到正在准备的任务 {name}"),
            Missing::DraftRow => format!("名单中没有第 {name} 行"),
            Missing::SendLogEntry => format!("发送日志中找不到记录 {name}"),
            Missing::Folder => format!("找不到文件夹 {name}"),
            Missing::Series => format!("找不到周期任务 {name}"),
        }
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}
