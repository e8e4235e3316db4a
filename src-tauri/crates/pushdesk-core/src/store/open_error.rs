//! Saying what is wrong when the database will not open: which file, what is wrong with it, and
//! what to do. Pushdesk keeps no backups of its own, so the advice is to restore a copy the user
//! has, or to move the file aside and start with an empty database.

use std::io::Read;
use std::path::Path;

use rusqlite::ErrorCode as SqliteCode;

use crate::error::{is_corruption, ADVICE, ADVICE_ZH};
use crate::{Bilingual, CoreError};

/// The first 16 bytes of every SQLite database.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Lines of `PRAGMA integrity_check` quoted in a message.
const CHECK_LINES: usize = 3;

/// Whether SQLite could not open, read or write the file (permissions, a folder, a full disk).
fn is_access(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(
            SqliteCode::CannotOpen
                | SqliteCode::ReadOnly
                | SqliteCode::PermissionDenied
                | SqliteCode::SystemIoFailure
                | SqliteCode::DiskFull
        )
    )
}

/// Turns an error from opening the database at `path` into one that names the file, says
/// what is wrong and what to do. Errors that are not about the file pass through.
pub(crate) fn explain(path: &Path, err: CoreError) -> CoreError {
    let shown = path.display();
    match err {
        CoreError::Store(e) if is_access(&e) => CoreError::io(
            Bilingual::new(
                format!(
                    "Pushdesk cannot open its database {shown}: check that the file and its folder \
                     exist, belong to you and are writable"
                ),
                format!("推送台无法打开数据库 {shown}：请检查这个文件和它所在的文件夹是否存在、属于你并且可以写入"),
            ),
            std::io::Error::other(e.to_string()),
        ),
        CoreError::Store(e) if is_corruption(&e) => corrupt(path, &e.to_string()),
        CoreError::StoreCorrupt(_) => corrupt(path, "the file is damaged"),
        other => other,
    }
}

fn corrupt(path: &Path, sqlite_said: &str) -> CoreError {
    let shown = path.display();
    let what = match header_problem(path) {
        Some(problem) => Bilingual::new(
            format!("{shown} is not a Pushdesk database: {}", problem.en),
            format!("{shown} 不是推送台的数据库：{}", problem.zh),
        ),
        None => {
            let check = integrity_lines(path).unwrap_or_else(|| sqlite_said.to_string());
            Bilingual::new(
                format!("{shown} is damaged (SQLite says: {check})"),
                format!("{shown} 已损坏（SQLite 的检查结果：{check}）"),
            )
        }
    };
    CoreError::StoreCorrupt(Bilingual::new(
        format!("{}. Check it with: sqlite3 '{shown}' 'PRAGMA integrity_check'. {ADVICE}", what.en),
        format!("{}。可以用 sqlite3 '{shown}' 'PRAGMA integrity_check' 检查它。{ADVICE_ZH}", what.zh),
    ))
}

/// What the first bytes say the file is, when they are not SQLite's.
fn header_problem(path: &Path) -> Option<Bilingual> {
    let mut head = Vec::with_capacity(16);
    let mut file = std::fs::File::open(path).ok()?;
    file.by_ref().take(16).read_to_end(&mut head).ok()?;
    if head.is_empty() || head.as_slice() == SQLITE_MAGIC {
        return None;
    }
    let (en, zh) = if head.starts_with(b"PK\x03\x04") {
        ("it is a zip file (a workbook or an archive?)", "它是一个 zip 文件（表格或压缩包？）")
    } else if head.iter().all(|b| *b == 0) {
        (
            "it starts with zero bytes (the disk may have lost its content)",
            "它的开头全是零（磁盘可能丢失了内容）",
        )
    } else if head.iter().all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace()) {
        ("it is a text file", "它是一个文本文件")
    } else if head.len() < 16 {
        ("it is too short to be a database", "它太短了，不可能是数据库")
    } else {
        ("its first bytes are not a SQLite database's", "它的开头不是 SQLite 数据库的格式")
    };
    Some(Bilingual::new(en, zh))
}

/// The first lines of `PRAGMA integrity_check` (read-only), or the error it stops with;
/// `None` when the check passes or cannot run at all.
fn integrity_lines(path: &Path) -> Option<String> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = rusqlite::Connection::open_with_flags(path, flags).ok()?;
    let check = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.take(CHECK_LINES).collect()
    };
    match check() {
        Ok(lines) => (!lines.is_empty() && lines != ["ok"]).then(|| lines.join("; ")),
        Err(e) => Some(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use crate::ErrorCode;

    #[test]
    fn a_file_that_is_not_a_database_names_itself_and_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pushdesk.sqlite3");
        std::fs::write(&path, "openid,name\noAbc,张三\n".repeat(200)).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.code(), ErrorCode::StoreCorrupt);
        let text = err.to_string();
        assert!(text.contains(&path.display().to_string()), "{text}");
        assert!(text.contains("is a text file"), "{text}");
        assert!(text.contains("PRAGMA integrity_check"), "{text}");
        assert!(text.contains("move the file aside"), "{text}");
        let zh = err.message_zh();
        assert!(zh.contains(&path.display().to_string()) && zh.contains("文本文件"), "{zh}");
    }

    #[test]
    fn a_zeroed_database_is_called_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pushdesk.sqlite3");
        std::fs::write(&path, vec![0u8; 8192]).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.code(), ErrorCode::StoreCorrupt, "{err}");
        assert!(err.to_string().contains("zero bytes"), "{err}");
    }
}
