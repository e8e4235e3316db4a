//! Looking through files the app wrote.

use std::path::{Path, PathBuf};

/// Asserts `needle` occurs in no file under `dir`, byte for byte.
pub fn assert_absent_from_files(dir: &Path, needle: &str) {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    assert!(!files.is_empty(), "nothing to search under {}", dir.display());
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let found = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(!found, "{} contains the secret", file.display());
    }
}
