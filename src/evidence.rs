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
    /// A FIFO, socket or device: reading one could block forever or never end.
    #[error("cannot open {}: not a regular file ({what})", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
}

/// A dump mapped read-only. The map is private to tapir and never written through.
pub struct Evidence {
    path: PathBuf,
    // `None` for an empty file, which cannot be mapped on every platform.
    map: Option<Mmap>,
    /// The file's modification time when it was opened (where the platform keeps one).
    modified: Option<std::time::SystemTime>,
}

impl Evidence {
    pub fn open(path: &Path) -> Result<Self, EvidenceError> {
        let meta = std::fs::metadata(path).map_err(|source| EvidenceError::Open { path: path.to_owned(), source })?;
        if !meta.is_file() {
            return Err(EvidenceError::NotAFile { path: path.to_owned(), what: file_type_name(&meta.file_type()) });
        }
        let file = File::open(path).map_err(|source| EvidenceError::Open { path: path.to_owned(), source })?;
        let opened = file.metadata().map_err(|source| EvidenceError::Open { path: path.to_owned(), source })?;
        let len = opened.len();
        let map = if len == 0 {
            None
        } else {
            // SAFETY: the map is read-only and private; evidence files are not modified
            // while tapir reads them (a change is detected by re-hashing: `tapir verify`).
            Some(unsafe { Mmap::map(&file) }.map_err(|source| EvidenceError::Map { path: path.to_owned(), source })?)
        };
        Ok(Evidence { path: path.to_owned(), map, modified: opened.modified().ok() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn bytes(&self) -> &[u8] {
        self.map.as_deref().unwrap_or_default()
    }

    /// The modification time of the file as opened: with its size, what tells whether a hash
    /// computed earlier can still stand for it.
    pub fn modified(&self) -> Option<std::time::SystemTime> {
        self.modified
    }
}

fn file_type_name(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() { "a directory" } else { "not a file" }
}

/// Whether a path found in a searched directory names a dump: `*.ecd`, in any case (`*.ECD`
/// from a FAT-formatted card is as much a dump).
fn is_dump_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ecd"))
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Expands paths into evidence files: a file is taken as given, a directory is searched
/// recursively for `*.ecd` files (the extension in any case). Entries so named that are not
/// regular files (a FIFO, a socket) are kept too, for opening to reject them with their
/// reason rather than skip them unseen. The result is sorted and free of repeats.
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
                if !entry.file_type().is_dir() && is_dump_name(entry.path()) {
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
    /// Issue 11: `*.ECD` files were skipped silently when a directory was searched; a FIFO
    /// named like a dump is rejected with its reason (opening it would block), not skipped.
    #[test]
    fn dumps_are_found_in_any_case_and_odd_files_are_kept_for_rejection() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("card/DCIM");
        std::fs::create_dir_all(&sub).unwrap();
        for name in ["a.ecd", "B.ECD", "c.Ecd", "notes.txt", "ecd"] {
            std::fs::write(sub.join(name), b"x").unwrap();
        }
        std::fs::create_dir_all(dir.path().join("folder.ecd")).unwrap();
        let found = super::collect_dumps(&[dir.path()]).unwrap();
        let names: Vec<String> = found.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["B.ECD", "a.ecd", "c.Ecd"]);

        #[cfg(unix)]
        {
            let fifo = sub.join("pipe.ecd");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
            if made {
                assert!(super::collect_dumps(&[dir.path()]).unwrap().contains(&fifo));
                let e = super::Evidence::open(&fifo).err().unwrap();
                assert_eq!(e.to_string(), format!("cannot open {}: not a regular file (a FIFO)", fifo.display()));
            }
        }
    }

    #[test]
    fn sha256_of_abc() {
        assert_eq!(super::sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
