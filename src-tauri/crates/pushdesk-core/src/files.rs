//! Safe file access for paths that come from people: a file dialog, a typed path, the CLI.
//!
//! Every path the app reads or writes on the user's behalf goes through here, so a typed path
//! gets exactly the checks a dialog result gets:
//!
//! - [`check_readable`]: an existing regular file (after following links), never a folder, a
//!   device or a pipe (reading a FIFO would block forever, `/dev/zero` would never end).
//! - [`check_write_target`]: the folder exists (folders are never created), the target is not a
//!   folder, a link or a device, and an existing file is replaced only when the caller says the
//!   user confirmed it (`overwrite`), otherwise [`FileError::Exists`] (`file_exists` over IPC).
//! - [`AtomicFile`]: the new content goes to a temporary file created beside the target with
//!   `create_new` (O_EXCL: a planted link at that name is refused, never followed) and mode
//!   0600, and replaces the target only when complete; a failed or cancelled write removes it.

use std::fs::{File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::{Bilingual, CoreError};

/// How many temporary names are tried before giving up (each is random, so a clash means
/// someone is planting files in the folder).
const TEMP_ATTEMPTS: usize = 16;

/// Why a path cannot be read or written. Messages name the path and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Nothing at that path.
    #[error("{path} does not exist")]
    NotFound {
        /// The path as given.
        path: String,
    },
    /// A folder where a file is needed.
    #[error("{path} is a folder, not a file")]
    IsDirectory {
        /// The path as given.
        path: String,
    },
    /// A device, pipe or socket.
    #[error("{path} is not an ordinary file (it is a device, a pipe or a socket)")]
    NotRegular {
        /// The path as given.
        path: String,
    },
    /// The target of a write is a symbolic link: writing would change whatever it points to.
    #[error("{path} is a link to another file; choose the file itself or another name")]
    Symlink {
        /// The path as given.
        path: String,
    },
    /// The folder to write into does not exist; Pushdesk never creates folders.
    #[error("the folder {dir} does not exist; choose an existing folder")]
    NoFolder {
        /// The folder.
        dir: String,
    },
    /// The path has no file name (`/`, `..`, empty).
    #[error("{path:?} is not a file name")]
    NoFileName {
        /// The path as given.
        path: String,
    },
    /// The target exists and the user has not confirmed replacing it.
    #[error("{path} already exists; choose another name, or confirm that it may be replaced")]
    Exists {
        /// The path as given.
        path: String,
    },
    /// The OS refused (permissions, disk full, …).
    #[error("{path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// What the OS said.
        #[source]
        source: io::Error,
    },
}

impl FileError {
    fn io(path: &Path, source: io::Error) -> Self {
        FileError::Io { path: path.display().to_string(), source }
    }

    /// The message in Chinese, naming the same path.
    pub fn message_zh(&self) -> String {
        match self {
            FileError::NotFound { path } => format!("{path} 不存在"),
            FileError::IsDirectory { path } => format!("{path} 是一个文件夹，不是文件"),
            FileError::NotRegular { path } => format!("{path} 不是普通文件（它是设备、管道或套接字）"),
            FileError::Symlink { path } => {
                format!("{path} 是指向另一个文件的链接：请选择那个文件本身，或换一个文件名")
            }
            FileError::NoFolder { dir } => format!("文件夹 {dir} 不存在：请选择一个已有的文件夹"),
            FileError::NoFileName { path } => format!("「{path}」不是文件名"),
            FileError::Exists { path } => format!("{path} 已存在：请换一个文件名，或确认替换它"),
            FileError::Io { path, source } => crate::error::io_zh(path, source),
        }
    }
}

impl From<FileError> for CoreError {
    fn from(err: FileError) -> Self {
        match err {
            FileError::Exists { path } => CoreError::FileExists { path },
            FileError::Io { path, source } => CoreError::io(Bilingual::same(path), source),
            other => CoreError::InvalidInput(Bilingual::new(other.to_string(), other.message_zh())),
        }
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Checks that `path` is an existing, readable, regular file and returns it resolved (links
/// followed, absolute).
pub fn check_readable(path: &Path) -> Result<PathBuf, FileError> {
    if path.as_os_str().is_empty() {
        return Err(FileError::NoFileName { path: String::new() });
    }
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => FileError::NotFound { path: shown(path) },
        _ => FileError::io(path, e),
    })?;
    if meta.is_dir() {
        return Err(FileError::IsDirectory { path: shown(path) });
    }
    if !meta.is_file() {
        return Err(FileError::NotRegular { path: shown(path) });
    }
    let resolved = std::fs::canonicalize(path).map_err(|e| FileError::io(path, e))?;
    // Opening proves it is readable now (permissions), so the error comes here, with the path,
    // rather than from a reader halfway through.
    File::open(&resolved).map_err(|e| FileError::io(path, e))?;
    Ok(resolved)
}

/// Checks that `path` may be written: its folder exists, it is not a folder, link or device,
/// and it does not exist yet unless `overwrite` (the user confirmed replacing it). Returns the
/// target with its folder resolved, so two spellings of one file are one path.
pub fn check_write_target(path: &Path, overwrite: bool) -> Result<PathBuf, FileError> {
    let name = match path.file_name() {
        Some(name) if !path.as_os_str().is_empty() => name.to_os_string(),
        _ => return Err(FileError::NoFileName { path: shown(path) }),
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = match std::fs::metadata(&parent) {
        Ok(meta) if meta.is_dir() => std::fs::canonicalize(&parent).map_err(|e| FileError::io(&parent, e))?,
        Ok(_) => return Err(FileError::NoFolder { dir: shown(&parent) }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(FileError::NoFolder { dir: shown(&parent) })
        }
        Err(e) => return Err(FileError::io(&parent, e)),
    };
    let target = dir.join(name);
    match std::fs::symlink_metadata(&target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(target),
        Err(e) => Err(FileError::io(path, e)),
        Ok(meta) if meta.file_type().is_symlink() => Err(FileError::Symlink { path: shown(path) }),
        Ok(meta) if meta.is_dir() => Err(FileError::IsDirectory { path: shown(path) }),
        Ok(meta) if !meta.is_file() => Err(FileError::NotRegular { path: shown(path) }),
        Ok(_) if !overwrite => Err(FileError::Exists { path: shown(path) }),
        Ok(_) => Ok(target),
    }
}

/// A file being written under a temporary name beside its target. [`AtomicFile::commit`] moves
/// it into place; dropping it without committing removes it, so a failed or cancelled write
/// leaves nothing behind and never half-replaces the old file.
#[derive(Debug)]
pub struct AtomicFile {
    file: Option<File>,
    temp: PathBuf,
    target: PathBuf,
    overwrite: bool,
    shown: String,
}

impl AtomicFile {
    /// Checks `target` with [`check_write_target`] and creates the temporary file beside it.
    pub fn create(target: &Path, overwrite: bool) -> Result<AtomicFile, FileError> {
        let resolved = check_write_target(target, overwrite)?;
        let dir = resolved.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let stem = resolved.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut last = None;
        for _ in 0..TEMP_ATTEMPTS {
            let temp = dir.join(format!(".{stem}.{:016x}.partial", rand::random::<u64>()));
            match create_private(&temp) {
                Ok(file) => {
                    return Ok(AtomicFile {
                        file: Some(file),
                        temp,
                        target: resolved,
                        overwrite,
                        shown: shown(target),
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(FileError::io(&dir, e)),
            }
        }
        Err(FileError::io(&dir, last.unwrap_or_else(|| io::Error::other("no free temporary name"))))
    }

    /// The temporary file's path (for messages and tests).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// The resolved target.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the data to disk and moves it over the target. Without `overwrite`, a target
    /// that appeared since the check is not replaced: [`FileError::Exists`].
    pub fn commit(mut self) -> Result<PathBuf, FileError> {
        if let Some(mut file) = self.file.take() {
            file.flush().map_err(|e| FileError::io(&self.temp, e))?;
            file.sync_all().map_err(|e| FileError::io(&self.temp, e))?;
        }
        if self.overwrite {
            // The target was checked when the write began; check again that nobody swapped in a
            // folder or a link meanwhile (rename would replace a link itself, never follow it,
            // but the user confirmed replacing a file, not whatever is there now).
            check_write_target(&self.target, true).map_err(|e| self.rename_error(e))?;
            std::fs::rename(&self.temp, &self.target).map_err(|e| FileError::io(&self.target, e))?;
        } else {
            self.link_no_replace()?;
        }
        sync_dir(&self.target);
        // Committed: nothing to remove on drop.
        self.temp = PathBuf::new();
        Ok(self.target.clone())
    }

    fn rename_error(&self, e: FileError) -> FileError {
        match e {
            FileError::Exists { .. } => FileError::Exists { path: self.shown.clone() },
            other => other,
        }
    }

    /// Puts the file in place only if the target still does not exist: a hard link never
    /// replaces anything, so a file that appeared since the check is kept. File systems
    /// without hard links (FAT, some network shares) fall back to a check and a rename.
    fn link_no_replace(&self) -> Result<(), FileError> {
        match std::fs::hard_link(&self.temp, &self.target) {
            Ok(()) => {
                let _ = std::fs::remove_file(&self.temp);
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                Err(FileError::Exists { path: self.shown.clone() })
            }
            Err(_) => {
                check_write_target(&self.target, false).map_err(|e| self.rename_error(e))?;
                std::fs::rename(&self.temp, &self.target).map_err(|e| FileError::io(&self.target, e))
            }
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.open_file()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.open_file()?.flush()
    }
}

impl Seek for AtomicFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.open_file()?.seek(pos)
    }
}

impl AtomicFile {
    fn open_file(&mut self) -> io::Result<&mut File> {
        // `commit` consumes the writer, so the file is always there while anyone can write.
        self.file.as_mut().ok_or_else(|| io::Error::other("the file was already committed"))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        self.file = None;
        if !self.temp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Creates `path` exclusively (fails if anything, even a dangling link, is there) and, on Unix,
/// readable by its owner only.
fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Makes a rename durable: best effort, since not every file system supports syncing a folder.
fn sync_dir(target: &Path) {
    #[cfg(unix)]
    if let Some(dir) = target.parent() {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = target;
}

/// Writes `bytes` to `target` atomically (see [`AtomicFile`]).
pub fn write_atomically(target: &Path, overwrite: bool, bytes: &[u8]) -> Result<PathBuf, FileError> {
    let mut out = AtomicFile::create(target, overwrite)?;
    out.write_all(bytes).map_err(|e| FileError::io(target, e))?;
    out.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_planted_link_at_the_temporary_name_is_refused_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        let planted = dir.path().join("planted.partial");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        #[cfg(unix)]
        {
            let err = create_private(&planted).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
            assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        }
    }

    #[cfg(unix)]
    #[test]
    fn temporary_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = AtomicFile::create(&dir.path().join("x.csv"), false).unwrap();
        let mode = std::fs::metadata(out.temp_path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
