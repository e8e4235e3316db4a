//! One process sends a campaign at a time. The sender holds an OS file lock for the whole
//! run; the lock dies with the process however it ends, which is how a later start tells a
//! crashed run from one still going in another process (the app and the CLI share the data).

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::{CoreError, Result};

/// Held while a campaign is being sent.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

fn lock_path(db_path: &Path, campaign_id: i64) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("locks").join(format!("campaign-{campaign_id}.lock"))
}

fn open(db_path: &Path, campaign_id: i64) -> Result<File> {
    let path = lock_path(db_path, campaign_id);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| CoreError::io(format!("creating {}", dir.display()), e))?;
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| CoreError::io(format!("opening {}", path.display()), e))
}

impl RunLock {
    /// Takes the lock, or says that another process is sending the campaign.
    pub fn acquire(db_path: &Path, campaign_id: i64) -> Result<RunLock> {
        let file = open(db_path, campaign_id)?;
        match file.try_lock() {
            Ok(()) => Ok(RunLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(CoreError::Conflict(format!(
                "campaign {campaign_id} is being sent by another Pushdesk window or command"
            ))),
            Err(std::fs::TryLockError::Error(e)) => Err(CoreError::io("locking the campaign", e)),
        }
    }

    /// Whether some process is sending the campaign right now.
    pub fn is_held(db_path: &Path, campaign_id: i64) -> bool {
        match open(db_path, campaign_id) {
            Ok(file) => matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
            Err(_) => false,
        }
    }
}
