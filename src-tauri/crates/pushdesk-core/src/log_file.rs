//! The daily log file, created readable by its owner only.
//!
//! tracing-appender's rolling writer creates files with the process umask (usually 0644), and
//! the logs mention campaign names, openids and errors: personal data. This writer names its
//! files the same way (`<prefix>.YYYY-MM-DD`, UTC days) but creates them 0600 on Unix and
//! tightens an existing one it appends to.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};

/// Appends to `<dir>/<prefix>.<UTC day>`, starting a new file when the day changes.
#[derive(Debug)]
pub struct DailyFile {
    dir: PathBuf,
    prefix: String,
    day: Option<NaiveDate>,
    file: Option<File>,
}

impl DailyFile {
    /// Opens today's file in `dir` (which must exist).
    pub fn new(dir: &Path, prefix: &str) -> io::Result<DailyFile> {
        let mut daily =
            DailyFile { dir: dir.to_path_buf(), prefix: prefix.to_string(), day: None, file: None };
        daily.current()?;
        Ok(daily)
    }

    /// The file for today, opened (or reopened after midnight) on demand.
    fn current(&mut self) -> io::Result<&mut File> {
        let today = Utc::now().date_naive();
        if self.day != Some(today) || self.file.is_none() {
            let path = self.dir.join(format!("{}.{}", self.prefix, today.format("%Y-%m-%d")));
            self.file = Some(open_private(&path)?);
            self.day = Some(today);
        }
        self.file.as_mut().ok_or_else(|| io::Error::other("log file not open"))
    }
}

fn open_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    crate::paths::tighten(path, 0o600);
    Ok(file)
}

impl Write for DailyFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.current()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn log_files_are_created_private() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = DailyFile::new(dir.path(), "app.log").unwrap();
        writeln!(log, "openid oAbc").unwrap();
        let file = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
        assert!(file.file_name().unwrap().to_string_lossy().starts_with("app.log.20"));
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
