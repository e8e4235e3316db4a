//! The departure log: which staged requests actually left, and what came back.
//!
//! A row's `sending` mark is committed while the row waits for a connection and a rate slot
//! (staging keeps the wire busy). If the process dies, a staged row that never left must go
//! back to pending, and only a row whose request was written may become `unknown`. So just
//! before a request is written to its connection, the run appends the attempt's id to this
//! file with one `write` and no `fsync`: a write that reached the OS survives the death of the
//! process (not of the machine — after a reboot the log is not trusted and every staged row
//! becomes `unknown`, see [`crate::process::Liveness`]). The file starts with the run id, so a
//! stray or copied file is never read as another run's.
//!
//! When the answer comes back, its outcome is appended the same way, before the journal
//! commits it. A sender therefore never waits for SQLite before its next request, yet a crash
//! leaves at most one row per sender whose outcome nobody knows: recovery applies the outcomes
//! the log holds and the journal lacks.
//!
//! Records are framed (a kind byte, a little-endian u32 length, the payload), so a log cut in
//! the middle of a record is recognised and not trusted.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use crate::model::{AttemptOutcome, Departures};
use crate::{Bilingual, CoreError, Result};

/// A request left: attempt id and unix ms, 8 bytes each.
const LEFT: u8 = b'L';
/// An answer came back: the outcome as JSON.
const OUTCOME: u8 = b'O';
const FRAME: usize = 5;

/// The folder of the departure logs, in the desk's data directory (also when the store is a
/// shared database: a log is read back only by the desk that wrote it).
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("runs")
}

fn file_of(data_dir: &Path, run_id: &str) -> PathBuf {
    folder(data_dir).join(format!("{run_id}.departures"))
}

/// The open log of one run.
#[derive(Debug)]
pub(crate) struct DepartureLog {
    file: File,
    path: PathBuf,
}

impl DepartureLog {
    /// Creates the run's log (never reusing an existing file).
    pub(crate) fn create(data_dir: &Path, run_id: &str) -> Result<DepartureLog> {
        let dir = folder(data_dir);
        create_private_dir(&dir)?;
        let path = file_of(data_dir, run_id);
        let mut options = OpenOptions::new();
        options.append(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&path).map_err(|e| CoreError::io(creating(&path), e))?;
        file.write_all(format!("{run_id}\n").as_bytes()).map_err(|e| {
            let shown = path.display();
            CoreError::io(Bilingual::new(format!("writing {shown}"), format!("写入 {shown}")), e)
        })?;
        Ok(DepartureLog { file, path })
    }

    /// Records that attempt `attempt_id` is being written to the wire at `at` (unix ms).
    pub(crate) fn record(&self, attempt_id: i64, at: i64) -> std::io::Result<()> {
        let mut payload = [0u8; 16];
        payload[..8].copy_from_slice(&attempt_id.to_le_bytes());
        payload[8..].copy_from_slice(&at.to_le_bytes());
        self.append(LEFT, &payload)
    }

    /// Records the outcome of an attempt that left.
    pub(crate) fn record_outcome(&self, outcome: &AttemptOutcome) -> std::io::Result<()> {
        let payload = serde_json::to_vec(outcome).map_err(std::io::Error::other)?;
        self.append(OUTCOME, &payload)
    }

    /// One `write` call per record: with `O_APPEND`, records of concurrent senders never
    /// interleave, and a record either reaches the OS whole or is recognised as cut.
    fn append(&self, kind: u8, payload: &[u8]) -> std::io::Result<()> {
        let len = u32::try_from(payload.len()).map_err(std::io::Error::other)?;
        let mut record = Vec::with_capacity(FRAME + payload.len());
        record.push(kind);
        record.extend_from_slice(&len.to_le_bytes());
        record.extend_from_slice(payload);
        (&self.file).write_all(&record)
    }

    /// Deletes the log once nothing can need it (the run ended and its rows are resolved).
    pub(crate) fn remove(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What the log of a dead (or ended) run says of the attempts in `in_flight` (the rest are
/// resolved already; read as a stream, so memory follows the requests in flight, not the
/// audience). `None` when there is no complete log to trust (missing, another run's, cut in the
/// middle of a record, or not a log at all).
pub fn read(data_dir: &Path, run_id: &str, in_flight: &HashSet<i64>) -> Option<Departures> {
    let mut file = BufReader::new(File::open(file_of(data_dir, run_id)).ok()?);
    let mut header = Vec::new();
    file.by_ref().take(run_id.len() as u64 + 1).read_to_end(&mut header).ok()?;
    if header != format!("{run_id}\n").as_bytes() {
        return None;
    }
    let mut log = Departures::default();
    let mut frame = [0u8; FRAME];
    let mut payload = Vec::new();
    loop {
        match file.read(&mut frame[..1]) {
            Ok(0) => return Some(log),
            Ok(_) => {}
            Err(_) => return None,
        }
        file.read_exact(&mut frame[1..]).ok()?;
        let len = u32::from_le_bytes(frame[1..].try_into().ok()?) as usize;
        payload.resize(len, 0);
        file.read_exact(&mut payload).ok()?;
        match frame[0] {
            LEFT if len == 16 => {
                let field = |b: &[u8]| i64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
                let attempt = field(&payload[..8]);
                if in_flight.contains(&attempt) {
                    log.left.insert(attempt, field(&payload[8..]));
                }
            }
            OUTCOME => {
                let outcome: AttemptOutcome = serde_json::from_slice(&payload).ok()?;
                if in_flight.contains(&outcome.attempt_id) {
                    log.outcomes.insert(outcome.attempt_id, outcome);
                }
            }
            _ => return None,
        }
    }
}

/// Deletes a dead run's log after recovery used it.
pub fn discard(data_dir: &Path, run_id: &str) {
    let _ = std::fs::remove_file(file_of(data_dir, run_id));
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| CoreError::io(creating(dir), e))
}

fn creating(path: &Path) -> Bilingual {
    let shown = path.display();
    Bilingual::new(format!("creating {shown}"), format!("创建 {shown}"))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    use crate::model::AttemptStatus;

    fn sent(attempt_id: i64) -> AttemptOutcome {
        AttemptOutcome {
            attempt_id,
            recipient_id: attempt_id * 10,
            started_at: 1_000,
            status: AttemptStatus::Sent,
            errcode: Some(0),
            errmsg: Some("ok".into()),
            rid: Some("rid-1".into()),
            msgid: Some("123456789012345678".into()),
            response: Some(r#"{"errcode":0}"#.into()),
        }
    }

    #[test]
    fn records_survive_and_a_torn_or_foreign_log_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().to_path_buf();
        let log = DepartureLog::create(&db, "run1").unwrap();
        log.record(7, 1_000).unwrap();
        log.record(9, 1_005).unwrap();
        log.record_outcome(&sent(7)).unwrap();
        log.record(11, 1_010).unwrap();
        drop(log);
        let all = HashSet::from([7, 9, 11]);
        let read_back = read(&db, "run1", &all).unwrap();
        assert_eq!(read_back.left, HashMap::from([(7, 1_000), (9, 1_005), (11, 1_010)]));
        assert_eq!(read_back.outcomes, HashMap::from([(7, sent(7))]));
        let only_9 = read(&db, "run1", &HashSet::from([9])).unwrap();
        assert_eq!((only_9.left, only_9.outcomes), (HashMap::from([(9, 1_005)]), HashMap::new()));
        assert_eq!(read(&db, "run2", &all), None, "no log");

        std::fs::copy(file_of(&db, "run1"), file_of(&db, "run3")).unwrap();
        assert_eq!(read(&db, "run3", &all), None, "a copied log names another run");

        let whole = std::fs::read(file_of(&db, "run1")).unwrap();
        for cut in [whole.len() - 1, whole.len() - 30, "run1\n".len() + 3, 2] {
            std::fs::write(file_of(&db, "run1"), &whole[..cut]).unwrap();
            assert_eq!(read(&db, "run1", &all), None, "a log cut at byte {cut}");
        }
        assert!(DepartureLog::create(&db, "run1").is_err(), "a log is never reused");
    }
}
