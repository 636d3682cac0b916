//! The tantivy directory an index lives in: files read through memory maps, written once,
//! `meta.json` replaced atomically, locks held as OS file locks.
//!
//! tantivy's own `MmapDirectory` does the same, but its feature brings `tempfile` into the
//! library (for its atomic writes) and a file watcher tapir does not use (readers reload on
//! the commit's opstamp, `Case::current`). What durability rests on is kept as tantivy's:
//! a written file is synced when tantivy terminates it; `meta.json` is written to a new file
//! beside it, synced, renamed over it, and the directory synced, so a kill leaves the old
//! commit or the new one, never a torn one; whatever a killed write left beside it is swept
//! by `directory::remove_unreferenced` before the next ingest.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use stable_deref_trait::StableDeref;
use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, TerminatingWrite, WatchCallback,
    WatchHandle, WritePtr,
};

/// A directory of index files on disk.
#[derive(Clone, Debug)]
pub(crate) struct MappedDirectory {
    root: Arc<PathBuf>,
}

impl MappedDirectory {
    /// The directory `root`, which must exist.
    pub(crate) fn open(root: &Path) -> Result<Self, OpenDirectoryError> {
        if !root.is_dir() {
            return Err(OpenDirectoryError::DoesNotExist(root.to_owned()));
        }
        Ok(MappedDirectory { root: Arc::new(root.to_owned()) })
    }

    fn resolve(&self, path: &Path) -> PathBuf {
        self.root.join(path)
    }
}

/// A file's memory map, shared by the byte slices tantivy cuts from it.
struct Mapped(memmap2::Mmap);

impl Deref for Mapped {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

// SAFETY: the bytes are the mapping's, which does not move while the map lives; moving the
// `Mapped` value moves only its handle.
unsafe impl StableDeref for Mapped {}

/// A file being written (buffered by the `WritePtr` around it): synced when tantivy
/// terminates it.
struct SyncedWriter(File);

impl Write for SyncedWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    // Nothing is buffered here; durability is `terminate_ref`'s.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl TerminatingWrite for SyncedWriter {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        self.0.sync_data()
    }
}

/// An OS lock on a lock file, released when dropped (the file is closed).
struct HeldLock {
    _file: File,
}

fn open_read_error(path: &Path, e: io::Error) -> OpenReadError {
    if e.kind() == io::ErrorKind::NotFound {
        OpenReadError::FileDoesNotExist(path.to_owned())
    } else {
        OpenReadError::wrap_io_error(e, path.to_owned())
    }
}

fn sync_directory(dir: &Path) -> io::Result<()> {
    // Linux needs the directory opened for reading to sync it.
    File::open(dir)?.sync_data()
}

impl Directory for MappedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let file = File::open(self.resolve(path)).map_err(|e| open_read_error(path, e))?;
        let len = file.metadata().map_err(|e| open_read_error(path, e))?.len();
        if len == 0 {
            // An empty file cannot be mapped.
            return Ok(Arc::new(OwnedBytes::empty()));
        }
        // SAFETY: the index's files are written once and never changed in place (tantivy
        // writes new files and deletes old ones); a file deleted while mapped stays readable.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| open_read_error(path, e))?;
        Ok(Arc::new(OwnedBytes::new(Mapped(map))))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        std::fs::remove_file(self.resolve(path)).map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                DeleteError::FileDoesNotExist(path.to_owned())
            } else {
                DeleteError::IoError { io_error: Arc::new(e), filepath: path.to_owned() }
            }
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.resolve(path).try_exists().map_err(|e| OpenReadError::wrap_io_error(e, path.to_owned()))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let file = OpenOptions::new().write(true).create_new(true).open(self.resolve(path)).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                OpenWriteError::FileAlreadyExists(path.to_owned())
            } else {
                OpenWriteError::wrap_io_error(e, path.to_owned())
            }
        })?;
        Ok(BufWriter::new(Box::new(SyncedWriter(file))))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let mut bytes = Vec::new();
        File::open(self.resolve(path))
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|e| open_read_error(path, e))?;
        Ok(bytes)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let target = self.resolve(path);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let n = WRITES.fetch_add(1, Ordering::Relaxed);
        let temp = self.root.join(format!(".{name}.{}.{n}.new", std::process::id()));
        let written = (|| {
            let mut file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
            file.write_all(data)?;
            file.sync_data()?;
            std::fs::rename(&temp, &target)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written?;
        sync_directory(&self.root)
    }

    fn sync_directory(&self) -> io::Result<()> {
        sync_directory(&self.root)
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(self.resolve(&lock.filepath))
            .map_err(LockError::wrap_io_error)?;
        if lock.is_blocking {
            file.lock().map_err(LockError::wrap_io_error)?;
        } else {
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => return Err(LockError::LockBusy),
                Err(std::fs::TryLockError::Error(e)) => return Err(LockError::wrap_io_error(e)),
            }
        }
        Ok(DirectoryLock::from(Box::new(HeldLock { _file: file })))
    }

    /// No watching: readers reload on the commit's opstamp (`Case::current`).
    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_files_read_back_and_are_written_once() {
        let dir = tempfile::tempdir().unwrap();
        let d = MappedDirectory::open(dir.path()).unwrap();
        let path = Path::new("a.bin");
        let mut w = d.open_write(path).unwrap();
        w.write_all(b"evidence").unwrap();
        w.terminate().unwrap();
        assert_eq!(d.get_file_handle(path).unwrap().read_bytes(2..6).unwrap().as_slice(), b"iden");
        assert!(matches!(d.open_write(path), Err(OpenWriteError::FileAlreadyExists(_))));
        let empty = Path::new("empty");
        d.open_write(empty).unwrap().terminate().unwrap();
        assert_eq!(d.get_file_handle(empty).unwrap().len(), 0);
        assert!(matches!(d.get_file_handle(Path::new("none")), Err(OpenReadError::FileDoesNotExist(_))));
        d.delete(path).unwrap();
        assert!(matches!(d.delete(path), Err(DeleteError::FileDoesNotExist(_))));
        assert!(!d.exists(path).unwrap());
    }

    #[test]
    fn atomic_writes_replace_and_leave_nothing_beside() {
        let dir = tempfile::tempdir().unwrap();
        let d = MappedDirectory::open(dir.path()).unwrap();
        let meta = Path::new("meta.json");
        d.atomic_write(meta, b"one").unwrap();
        d.atomic_write(meta, b"two").unwrap();
        assert_eq!(d.atomic_read(meta).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["meta.json"]);
        assert!(matches!(d.atomic_read(Path::new("x")), Err(OpenReadError::FileDoesNotExist(_))));
    }

    #[test]
    fn a_held_lock_is_busy_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let d = MappedDirectory::open(dir.path()).unwrap();
        let lock = Lock { filepath: PathBuf::from(".tantivy-writer.lock"), is_blocking: false };
        let held = d.acquire_lock(&lock).unwrap();
        assert!(matches!(d.acquire_lock(&lock), Err(LockError::LockBusy)));
        drop(held);
        d.acquire_lock(&lock).unwrap();
    }

    #[test]
    fn a_missing_root_is_refused() {
        assert!(MappedDirectory::open(Path::new("/nonexistent/tapir-index")).is_err());
    }
}
