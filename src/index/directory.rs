//! The tantivy directory of an index: which files its last commit references, a read-only
//! view for the read commands, and the sweep of files no commit references.
//!
//! - Read commands open the index through [`ReadOnlyDirectory`]: tantivy never creates a file
//!   there (not even its lock files), so an index on read-only media, or another user's, can
//!   be read, and reading leaves the directory as it was.
//! - Before an ingest writes, [`remove_unreferenced`] deletes every file the last commit does
//!   not reference. A run killed during its commit can leave `<segment>.<opstamp>.del`, a
//!   name the next run of the same command writes again (tantivy refuses to overwrite a file:
//!   `FileAlreadyExists`); whatever else a killed run left is swept the same way, so such
//!   files never block the next run, whatever their names.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{Directory, DirectoryLock, FileHandle, Lock, WatchCallback, WatchHandle, WritePtr};
use tantivy::index::{IndexMeta, SegmentComponent};

use super::mapped_directory::MappedDirectory;

/// Index-level files tantivy keeps beside the segments.
const META_JSON: &str = "meta.json";
const MANAGED_JSON: &str = ".managed.json";
/// Lock files (`.tantivy-writer.lock`, `.tantivy-meta.lock`): never removed, another process
/// may hold them.
const LOCK_PREFIX: &str = ".tantivy-";

/// The components every segment of a commit has, in tantivy 0.27.
const COMPONENTS: [SegmentComponent; 6] = [
    SegmentComponent::Postings,
    SegmentComponent::Positions,
    SegmentComponent::Terms,
    SegmentComponent::Store,
    SegmentComponent::FastFields,
    SegmentComponent::FieldNorms,
];

/// The files of the segments a commit references, relative to the tantivy directory: each
/// segment's components, and its deletes when it has some.
pub(crate) fn segment_files(meta: &IndexMeta) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for segment in &meta.segments {
        files.extend(COMPONENTS.iter().map(|c| segment.relative_path(c.clone())));
        if segment.delete_opstamp().is_some() {
            files.push(segment.relative_path(SegmentComponent::Delete));
        }
    }
    files
}

/// Whether `name` (a file of the tantivy directory) belongs to the index itself rather than
/// to a segment: the commit, tantivy's list of its files, lock files.
fn is_index_file(name: &str) -> bool {
    name == META_JSON || name == MANAGED_JSON || name.starts_with(LOCK_PREFIX)
}

/// The entries of `tantivy_dir` that `meta` (the last commit) does not reference: what a
/// killed run left, or anything else put there.
pub(crate) fn unreferenced(tantivy_dir: &Path, meta: &IndexMeta) -> io::Result<Vec<PathBuf>> {
    let living: HashSet<PathBuf> = segment_files(meta).into_iter().collect();
    let mut found = Vec::new();
    for entry in std::fs::read_dir(tantivy_dir)? {
        let name = PathBuf::from(entry?.file_name());
        if !living.contains(&name) && !name.to_str().is_some_and(is_index_file) {
            found.push(name);
        }
    }
    found.sort();
    Ok(found)
}

/// Deletes the [`unreferenced`] entries of `tantivy_dir` and returns their names. Call it
/// holding the index writer's lock, before writing.
pub(crate) fn remove_unreferenced(tantivy_dir: &Path, meta: &IndexMeta) -> io::Result<Vec<PathBuf>> {
    let found = unreferenced(tantivy_dir, meta)?;
    for name in &found {
        let path = tantivy_dir.join(name);
        let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        match removed {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(found)
}

/// A memory-mapped directory that refuses every write and takes no locks.
///
/// Without the meta lock, a reader opening its segments while another process commits and
/// garbage-collects could find a file gone; tantivy deletes files only after the new
/// `meta.json` is in place, so the caller retries (see `TapirIndex::open`).
#[derive(Clone, Debug)]
pub(crate) struct ReadOnlyDirectory {
    inner: MappedDirectory,
}

impl ReadOnlyDirectory {
    pub(crate) fn open(path: &Path) -> Result<Self, tantivy::TantivyError> {
        Ok(ReadOnlyDirectory { inner: MappedDirectory::open(path)? })
    }
}

fn refused(path: &Path) -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, format!("{} not written: index opened read-only", path.display()))
}

impl Directory for ReadOnlyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError { io_error: Arc::new(refused(path)), filepath: path.to_owned() })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(refused(path), path.to_owned()))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(refused(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
