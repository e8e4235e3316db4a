//! The departure log: which staged requests actually left.
//!
//! A row's `sending` mark is committed while the row waits for a connection and a rate slot
//! (staging keeps the wire busy). If the process dies, a staged row that never left must go
//! back to pending, and only a row whose request was written may become `unknown`. So just
//! before a request is written to its connection, the run appends the attempt's id to this
//! file with one `write` and no `fsync`: a write that reached the OS survives the death of the
//! process (not of the machine — after a reboot the log is not trusted and every staged row
//! becomes `unknown`, see [`super::owner::Liveness`]). The file starts with the run id, so a
//! stray or copied file is never read as another run's.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{CoreError, Result};

const RECORD: usize = 16;

/// The folder of the departure logs, beside the database.
pub fn folder(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("runs")
}

fn file_of(db_path: &Path, run_id: &str) -> PathBuf {
    folder(db_path).join(format!("{run_id}.departures"))
}

/// The open log of one run.
#[derive(Debug)]
pub(crate) struct DepartureLog {
    file: File,
    path: PathBuf,
}

impl DepartureLog {
    /// Creates the run's log (never reusing an existing file).
    pub(crate) fn create(db_path: &Path, run_id: &str) -> Result<DepartureLog> {
        let dir = folder(db_path);
        create_private_dir(&dir)?;
        let path = file_of(db_path, run_id);
        let mut options = OpenOptions::new();
        options.append(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file =
            options.open(&path).map_err(|e| CoreError::io(format!("creating {}", path.display()), e))?;
        file.write_all(format!("{run_id}\n").as_bytes())
            .map_err(|e| CoreError::io(format!("writing {}", path.display()), e))?;
        Ok(DepartureLog { file, path })
    }

    /// Records that attempt `attempt_id` is being written to the wire at `at` (unix ms). One
    /// `write` call: either all of it reaches the OS or none of it.
    pub(crate) fn record(&self, attempt_id: i64, at: i64) -> std::io::Result<()> {
        let mut record = [0u8; RECORD];
        record[..8].copy_from_slice(&attempt_id.to_le_bytes());
        record[8..].copy_from_slice(&at.to_le_bytes());
        (&self.file).write_all(&record)
    }

    /// Deletes the log once nothing can need it (the run ended and its rows are resolved).
    pub(crate) fn remove(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What the log of a dead run says: attempt id → when it left (unix ms). `None` when there is
/// no complete log to trust (missing, another run's, or cut in the middle of a record).
pub fn read(db_path: &Path, run_id: &str) -> Option<HashMap<i64, i64>> {
    let bytes = std::fs::read(file_of(db_path, run_id)).ok()?;
    let header = format!("{run_id}\n");
    let records = bytes.strip_prefix(header.as_bytes())?;
    if records.len() % RECORD != 0 {
        return None;
    }
    let field = |chunk: &[u8]| i64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
    Some(records.chunks_exact(RECORD).map(|r| (field(&r[..8]), field(&r[8..]))).collect())
}

/// Deletes a dead run's log after recovery used it.
pub fn discard(db_path: &Path, run_id: &str) {
    let _ = std::fs::remove_file(file_of(db_path, run_id));
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| CoreError::io(format!("creating {}", dir.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_survive_and_a_torn_or_foreign_log_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db.sqlite3");
        let log = DepartureLog::create(&db, "run1").unwrap();
        log.record(7, 1_000).unwrap();
        log.record(9, 1_005).unwrap();
        drop(log);
        assert_eq!(read(&db, "run1"), Some(HashMap::from([(7, 1_000), (9, 1_005)])));
        assert_eq!(read(&db, "run2"), None, "no log");

        std::fs::copy(file_of(&db, "run1"), file_of(&db, "run3")).unwrap();
        assert_eq!(read(&db, "run3"), None, "a copied log names another run");

        let mut torn = std::fs::OpenOptions::new().append(true).open(file_of(&db, "run1")).unwrap();
        torn.write_all(&[1, 2, 3]).unwrap();
        assert_eq!(read(&db, "run1"), None);
        assert!(DepartureLog::create(&db, "run1").is_err(), "a log is never reused");
    }
}
