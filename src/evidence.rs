//! Evidence files: opened read-only, memory-mapped, hashed with SHA-256.

use std::fs::File;
use std::path::{Path, PathBuf};

use memmap2::Mmap;
use sha2::{Digest, Sha256};

#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("cannot open {}: {source}", path.display())]
    Open { path: PathBuf, source: std::io::Error },
    #[error("cannot map {}: {source}", path.display())]
    Map { path: PathBuf, source: std::io::Error },
    #[error("cannot walk {}: {source}", path.display())]
    Walk { path: PathBuf, source: std::io::Error },
}

/// A dump mapped read-only. The map is private to tapir and never written through.
pub struct Evidence {
    path: PathBuf,
    // `None` for an empty file, which cannot be mapped on every platform.
    map: Option<Mmap>,
}

impl Evidence {
    pub fn open(path: &Path) -> Result<Self, EvidenceError> {
        let file = File::open(path).map_err(|source| EvidenceError::Open { path: path.to_owned(), source })?;
        let len = file.metadata().map_err(|source| EvidenceError::Open { path: path.to_owned(), source })?.len();
        let map = if len == 0 {
            None
        } else {
            // SAFETY: the map is read-only and private; evidence files are not modified
            // while tapir reads them (a change is detected by re-hashing: `tapir verify`).
            Some(unsafe { Mmap::map(&file) }.map_err(|source| EvidenceError::Map { path: path.to_owned(), source })?)
        };
        Ok(Evidence { path: path.to_owned(), map })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn bytes(&self) -> &[u8] {
        self.map.as_deref().unwrap_or_default()
    }
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Expands paths into evidence files: a file is taken as given, a directory is searched
/// recursively for `*.ecd` files. The result is sorted and free of repeats.
pub fn collect_dumps<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<PathBuf>, EvidenceError> {
    let mut out = Vec::new();
    for path in paths {
        let path = path.as_ref();
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path).follow_links(true) {
                let entry = entry.map_err(|e| EvidenceError::Walk {
                    path: e.path().unwrap_or(path).to_owned(),
                    source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("symlink loop")),
                })?;
                if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "ecd") {
                    out.push(entry.into_path());
                }
            }
        } else {
            // Missing or unreadable paths are kept: opening them reports why, per file.
            out.push(path.to_owned());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_of_abc() {
        assert_eq!(super::sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
