//! Every error a person can see has Chinese. The `match`es below have no wildcard: a new
//! variant does not compile until it is listed here with a sample, and the sample's Chinese is
//! checked.

use std::collections::BTreeSet;
use std::io::ErrorKind;

use super::*;
use crate::audience::{AudienceError, EncodingCandidate, TextEncoding};
use crate::files::FileError;
use crate::model::lifecycle::Refusal;
use crate::model::{CampaignAction, CampaignStatus};
use crate::wechat::{Phase, TransportKind, WechatError};

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn core_variant(e: &CoreError) -> &'static str {
    match e {
        CoreError::InvalidInput(_) => "InvalidInput",
        CoreError::NotFound { .. } => "NotFound",
        CoreError::Conflict(_) => "Conflict",
        CoreError::Store(_) | CoreError::Postgres(_) => "Store",
        CoreError::StoreTooNew { .. } => "StoreTooNew",
        CoreError::KeyringUnavailable(_) => "KeyringUnavailable",
        CoreError::SecretMissing { .. } => "SecretMissing",
        CoreError::Wechat(w) => match w {
            WechatError::Api { .. } => "Wechat::Api",
            WechatError::Transport { .. } => "Wechat::Transport",
            WechatError::Config(_) => "Wechat::Config",
            WechatError::ManualToken(_) => "Wechat::ManualToken",
            WechatError::InvalidArgument(_) => "Wechat::InvalidArgument",
        },
        CoreError::Io { .. } => "Io",
        CoreError::Refused(r) => match r {
            Refusal::NotAllowed { .. } => "Refused::NotAllowed",
            Refusal::NothingToDo { .. } => "Refused::NothingToDo",
            Refusal::AwaitingApproval { .. } => "Refused::AwaitingApproval",
            Refusal::NoApprovalWaiting { .. } => "Refused::NoApprovalWaiting",
            Refusal::OwnCampaign { .. } => "Refused::OwnCampaign",
        },
        CoreError::Busy(_) => "Busy",
        CoreError::NotPermitted(_) => "NotPermitted",
        CoreError::InvalidOpenid(_) => "InvalidOpenid",
        CoreError::FileExists { .. } => "FileExists",
        CoreError::StoreCorrupt(_) => "StoreCorrupt",
        CoreError::AmbiguousEncoding(_) => "AmbiguousEncoding",
        CoreError::Internal(_) => "Internal",
    }
}

/// One per variant (and per WeChat error and refusal), with its English as it was before the
/// Chinese came: Display is what the CLI prints.
fn core_samples() -> Vec<(CoreError, &'static str)> {
    vec![
        (
            CoreError::InvalidInput(Bilingual::field("name", "give the campaign a name", "请给任务起个名字")),
            "name: give the campaign a name",
        ),
        (CoreError::NotFound { what: Missing::Campaign, name: "3".into() }, "campaign not found: 3"),
        (
            CoreError::Conflict(Bilingual::new(
                "an account named \"x\" already exists",
                "已有名为「x」的账号",
            )),
            "an account named \"x\" already exists",
        ),
        (CoreError::Store(rusqlite::Error::QueryReturnedNoRows), "database error: Query returned no rows"),
        (
            CoreError::StoreTooNew { path: "/d/pushdesk.sqlite3".into(), found: 9, known: 7 },
            "the database at /d/pushdesk.sqlite3 was written by a newer Pushdesk (schema version 9, this \
             version knows up to 7); it was left untouched — please update Pushdesk",
        ),
        (
            CoreError::KeyringUnavailable(Bilingual::new("the keyring is locked", "系统钥匙串已锁定")),
            "the keyring is locked",
        ),
        (
            CoreError::SecretMissing { appid: "wx0123456789abcdef".into() },
            "no AppSecret is stored in the keyring for AppID wx0123456789abcdef; enter it again",
        ),
        (
            CoreError::Wechat(WechatError::Api {
                phase: Phase::Send,
                errcode: 40003,
                errmsg: "invalid openid rid: 6650e2f1".into(),
                rid: Some("6650e2f1".into()),
            }),
            "WeChat error 40003: invalid openid rid: 6650e2f1",
        ),
        (
            CoreError::Wechat(WechatError::Transport {
                kind: TransportKind::ConnectFailed,
                phase: Phase::Send,
                status: None,
                detail: "could not connect to api.weixin.qq.com".into(),
            }),
            "could not connect to api.weixin.qq.com",
        ),
        (
            CoreError::Wechat(WechatError::Config(Bilingual::new("the AppID is empty", "AppID 是空的"))),
            "the AppID is empty",
        ),
        (
            CoreError::Wechat(WechatError::ManualToken(Bilingual::new(
                "the pasted access token has expired; paste a new token in the account settings",
                "粘贴的 access token 已过期，请在账号设置中粘贴新的 token",
            ))),
            "the pasted access token has expired; paste a new token in the account settings",
        ),
        (
            CoreError::Wechat(WechatError::InvalidArgument(Bilingual::new(
                "choose at least one category",
                "请至少选择一个类目",
            ))),
            "choose at least one category",
        ),
        (
            CoreError::io(
                Bilingual::new("writing the CSV export", "写入导出的 CSV 文件"),
                std::io::Error::from(ErrorKind::PermissionDenied),
            ),
            "writing the CSV export: permission denied",
        ),
        (
            CoreError::Refused(Refusal::NotAllowed {
                id: 3,
                status: CampaignStatus::Finished,
                action: CampaignAction::Pause,
            }),
            "campaign 3 is finished: it cannot be paused now",
        ),
        (
            CoreError::Refused(
                crate::model::lifecycle::decide(
                    3,
                    crate::model::lifecycle::Standing {
                        status: CampaignStatus::Finished,
                        counts: &Default::default(),
                        approval: Default::default(),
                    },
                    CampaignAction::ResendFailed,
                )
                .unwrap_err(),
            ),
            "campaign 3 has no failed rows",
        ),
        (
            CoreError::Refused(Refusal::AwaitingApproval { id: 3 }),
            "campaign 3 is above the team's approval threshold: another sender must approve it before it starts",
        ),
        (
            CoreError::Refused(Refusal::NoApprovalWaiting {
                id: 3,
                approval: crate::model::lifecycle::ApprovalState::Approved,
            }),
            "campaign 3 is already approved",
        ),
        (
            CoreError::Refused(Refusal::OwnCampaign { id: 3 }),
            "campaign 3 was created by you: another sender of the team must approve it",
        ),
        (
            CoreError::Busy(Bilingual::new(
                "campaign 3 is being sent by another Pushdesk window or command",
                "任务 3 正在由另一个推送台窗口或命令发送",
            )),
            "campaign 3 is being sent by another Pushdesk window or command",
        ),
        (
            CoreError::NotPermitted(Bilingual::new(
                "your role in the team does not allow this",
                "你在团队中的角色不能做这件事",
            )),
            "your role in the team does not allow this",
        ),
        (
            crate::compose::check_openid("abc").unwrap_err(),
            "\"abc\" is not an openid (28 letters, digits, - or _, e.g. oPtYgjmUhBel31iEl2hpChYgCfrL)",
        ),
        (
            CoreError::FileExists { path: "/tmp/log.csv".into() },
            "/tmp/log.csv already exists; choose another name, or confirm that it may be replaced",
        ),
        (
            CoreError::from(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                None,
            )),
            "the Pushdesk database is damaged (SQLite: Error code 11: The database disk image is \
             malformed). `pushdesk \
             info` (or Settings → About) shows where it is; check it with: sqlite3 FILE 'PRAGMA \
             integrity_check'. Pushdesk keeps no backups of its own: put back a copy of the file if \
             you have one (from a backup of your home folder); otherwise quit Pushdesk and move the \
             file aside (rename it), and Pushdesk starts with an empty database (AppSecrets stay in \
             the keyring; `sqlite3 FILE .recover` may save what is left of the send log).",
        ),
        (CoreError::from(ambiguous()), AMBIGUOUS_EN),
        (
            CoreError::Internal("the journal writer stopped".into()),
            "internal error: the journal writer stopped",
        ),
    ]
}

const AMBIGUOUS_EN: &str = "orders.csv: the text encoding is not certain (as Big5 it reads “拿鐵”; as \
                            GBK it reads “鎷块惮”); choose the encoding that shows the text correctly";

fn ambiguous() -> AudienceError {
    let candidate = |encoding: TextEncoding, label: &str, cell: &str| EncodingCandidate {
        encoding,
        label: label.into(),
        sample_rows: vec![vec!["商品".into()], vec![cell.into()]],
    };
    AudienceError::AmbiguousEncoding {
        file: "orders.csv".into(),
        candidates: vec![
            candidate(TextEncoding::Big5, "Big5", "拿鐵"),
            candidate(TextEncoding::Gbk, "GBK", "鎷块惮"),
        ],
    }
}

#[test]
fn every_core_error_has_chinese_and_keeps_its_english() {
    let samples = core_samples();
    let mut seen = BTreeSet::new();
    for (err, en) in &samples {
        seen.insert(core_variant(err));
        assert_eq!(err.to_string(), *en, "{} changed its English", core_variant(err));
        let zh = err.message_zh();
        assert!(has_chinese(&zh), "{} has no Chinese: {zh}", core_variant(err));
    }
    let listed: BTreeSet<_> = samples.iter().map(|(e, _)| core_variant(e)).collect();
    assert_eq!(seen, listed);
    // `Postgres` is counted with `Store` (its Chinese: store::migrations' unreachable-server test).
    assert_eq!(seen.len(), 25, "one sample per variant of CoreError, WechatError and Refusal");
}

#[test]
fn every_missing_thing_has_chinese() {
    let all = [
        Missing::Account,
        Missing::EditableAccount,
        Missing::RemovableAccount,
        Missing::SyncedTemplate,
        Missing::Campaign,
        Missing::Draft,
        Missing::DraftRow,
        Missing::SendLogEntry,
        Missing::Folder,
        Missing::Series,
    ];
    for what in all {
        // No wildcard: a new kind must be added to `all`.
        match what {
            Missing::Account
            | Missing::EditableAccount
            | Missing::RemovableAccount
            | Missing::SyncedTemplate
            | Missing::Campaign
            | Missing::Draft
            | Missing::DraftRow
            | Missing::SendLogEntry
            | Missing::Folder
            | Missing::Series => {}
        }
        let err = CoreError::NotFound { what, name: "7".into() };
        assert_eq!(err.to_string(), format!("{} not found: 7", what.en()));
        let zh = err.message_zh();
        assert!(has_chinese(&zh) && zh.contains('7'), "{what:?}: {zh}");
    }
}

fn audience_variant(e: &AudienceError) -> &'static str {
    match e {
        AudienceError::File(_) => "File",
        AudienceError::Io { .. } => "Io",
        AudienceError::UnsupportedFormat { .. } => "UnsupportedFormat",
        AudienceError::NotText { .. } => "NotText",
        AudienceError::AmbiguousEncoding { .. } => "AmbiguousEncoding",
        AudienceError::Empty { .. } => "Empty",
        AudienceError::NoOpenidColumn { .. } => "NoOpenidColumn",
        AudienceError::Ragged { .. } => "Ragged",
        AudienceError::UnclosedQuote { .. } => "UnclosedQuote",
        AudienceError::TooManyRows { .. } => "TooManyRows",
        AudienceError::TooManyColumns { .. } => "TooManyColumns",
        AudienceError::CellTooLong { .. } => "CellTooLong",
        AudienceError::RowTooLong { .. } => "RowTooLong",
        AudienceError::TooLarge { .. } => "TooLarge",
        AudienceError::Workbook { .. } => "Workbook",
        AudienceError::NoWorksheet { .. } => "NoWorksheet",
        AudienceError::BadMapping(_) => "BadMapping",
    }
}

fn audience_samples() -> Vec<(AudienceError, &'static str)> {
    let file = || "orders.csv".to_string();
    vec![
        (
            AudienceError::File(FileError::NotFound { path: "/x/orders.csv".into() }),
            "/x/orders.csv does not exist",
        ),
        (
            AudienceError::Io { file: file(), source: std::io::Error::from(ErrorKind::PermissionDenied) },
            "orders.csv: permission denied",
        ),
        (
            AudienceError::UnsupportedFormat { file: "list.doc".into() },
            "list.doc: only .csv, .xlsx and .txt files can be imported",
        ),
        (
            AudienceError::NotText { file: file(), row: Some(4) },
            "orders.csv is not text in an encoding Pushdesk reads (UTF-8, UTF-16, GBK/GB18030, Big5, \
             Shift-JIS) (row 4); save it again as \"CSV UTF-8\"",
        ),
        (ambiguous(), AMBIGUOUS_EN),
        (AudienceError::Empty { file: file() }, "orders.csv is empty"),
        (
            AudienceError::NoOpenidColumn { file: file(), columns: vec!["姓名".into(), "电话".into()] },
            "orders.csv has no openid column (columns found: 姓名, 电话)",
        ),
        (
            AudienceError::Ragged { file: file(), row: 3, cells: 2, expected: 1 },
            "orders.csv: row 3 has 2 cells but the header has 1",
        ),
        (
            AudienceError::UnclosedQuote { file: file(), row: 5 },
            "orders.csv: the quote (\") that opens a cell on row 5 is never closed; check that row for a \
             stray quote",
        ),
        (
            AudienceError::TooManyRows { file: file(), limit: 1_048_576 },
            "orders.csv has more than 1048576 rows; split it into smaller files",
        ),
        (
            AudienceError::TooManyColumns { file: file(), row: 2, column: "AB".into(), limit: 16384 },
            "orders.csv: row 2, column AB: there is something in this column, but Pushdesk reads at most \
             16384 columns; delete the columns you do not need",
        ),
        (
            AudienceError::CellTooLong { file: file(), row: 2, column: "C".into(), limit: 32767 },
            "orders.csv: row 2, column C: the cell has more than 32767 characters (the most Excel allows)",
        ),
        (
            AudienceError::RowTooLong { file: file(), row: 9, limit: 1024 * 1024 },
            "orders.csv: row 9 is longer than 1024 KB; it is not a list of recipients",
        ),
        (
            AudienceError::TooLarge {
                file: "big.xlsx".into(),
                what: Bilingual::new("it unpacks to more than 512 MB", "解压后超过 512 MB"),
            },
            "big.xlsx is too large to import: it unpacks to more than 512 MB",
        ),
        (
            AudienceError::Workbook {
                file: "old.xlsx".into(),
                message: Bilingual::new("a part is missing", "缺少一个组成部分"),
            },
            "old.xlsx could not be read as an Excel workbook: a part is missing",
        ),
        (
            AudienceError::NoWorksheet { file: "empty.xlsx".into() },
            "empty.xlsx: the workbook has no worksheet",
        ),
        (
            AudienceError::BadMapping(Bilingual::new(
                "openid is mapped to column 4 but the table has 2",
                "openid 对应到第 4 列，但表格只有 2 列",
            )),
            "the column mapping is out of date: openid is mapped to column 4 but the table has 2",
        ),
    ]
}

#[test]
fn every_audience_error_has_chinese_and_keeps_its_english() {
    let samples = audience_samples();
    let seen: BTreeSet<_> = samples.iter().map(|(e, _)| audience_variant(e)).collect();
    assert_eq!(seen.len(), 17, "one sample per AudienceError variant");
    for (err, en) in samples {
        let name = audience_variant(&err);
        assert_eq!(err.to_string(), en, "{name} changed its English");
        let zh = err.message_zh();
        assert!(has_chinese(&zh), "{name} has no Chinese: {zh}");
        // What the UI receives: the same texts, whatever code the conversion picks.
        let core = CoreError::from(err);
        assert_eq!(core.to_string(), en, "{name} as a CoreError");
        assert_eq!(core.message_zh(), zh, "{name} as a CoreError");
    }
}

#[test]
fn every_file_error_has_chinese() {
    let path = || "/x/a.csv".to_string();
    let samples = [
        FileError::NotFound { path: path() },
        FileError::IsDirectory { path: path() },
        FileError::NotRegular { path: path() },
        FileError::Symlink { path: path() },
        FileError::NoFolder { dir: "/x".into() },
        FileError::NoFileName { path: "..".into() },
        FileError::Exists { path: path() },
        FileError::Io { path: path(), source: std::io::Error::from(ErrorKind::StorageFull) },
    ];
    for err in samples {
        // No wildcard: a new variant must get a sample above.
        match &err {
            FileError::NotFound { .. }
            | FileError::IsDirectory { .. }
            | FileError::NotRegular { .. }
            | FileError::Symlink { .. }
            | FileError::NoFolder { .. }
            | FileError::NoFileName { .. }
            | FileError::Exists { .. }
            | FileError::Io { .. } => {}
        }
        let (en, zh) = (err.to_string(), err.message_zh());
        assert!(has_chinese(&zh), "{en}: {zh}");
        let core = CoreError::from(err);
        assert_eq!((core.to_string(), core.message_zh()), (en, zh));
    }
}

#[test]
fn field_prefixes_are_kept_in_both_languages() {
    let err = CoreError::InvalidInput(Bilingual::field("rate", "99 is too fast", "速率 99 太快"));
    assert_eq!(err.to_string(), "rate: 99 is too fast");
    assert_eq!(err.message_zh(), "rate: 速率 99 太快");
}

#[test]
fn wechat_errors_speak_chinese_from_the_catalogue() {
    let api = CoreError::Wechat(WechatError::Api {
        phase: Phase::Send,
        errcode: 40003,
        errmsg: "invalid openid rid: 6650e2f1".into(),
        rid: Some("6650e2f1".into()),
    });
    let zh = api.message_zh();
    assert!(zh.starts_with("微信返回错误 40003：openid 无效。"), "{zh}");
    assert!(zh.ends_with("（rid：6650e2f1）"), "{zh}");
    let unknown = CoreError::Wechat(WechatError::Api {
        phase: Phase::Send,
        errcode: 99999,
        errmsg: "something new".into(),
        rid: None,
    });
    let zh = unknown.message_zh();
    assert_eq!(zh.matches("99999").count(), 1, "the code is named once: {zh}");
}

#[test]
fn io_errors_say_what_the_system_said_in_chinese() {
    let err = CoreError::io(Bilingual::same("/x/a.csv"), std::io::Error::from(ErrorKind::NotFound));
    assert_eq!(err.message_zh(), "/x/a.csv：找不到这个文件或文件夹");
    let odd = CoreError::io(Bilingual::same("/x/a.csv"), std::io::Error::other("odd"));
    assert_eq!(odd.message_zh(), "/x/a.csv（系统提示：odd）");
}
