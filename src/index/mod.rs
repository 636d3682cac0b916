//! The full-text index of decoded evidence (tantivy), behind tapir's own types.
//!
//! Layout of an index directory:
//! ```text
//! DIR/tapir-index.json   marker: {"format": "tapir-index", "schema_version": N}
//! DIR/tantivy/           the tantivy index; each commit carries the manifest as payload; read
//!                        commands open it read-only (`directory.rs`), nothing is written there
//! DIR/audit.jsonl        the audit trail (`crate::audit`): one hash-chained record per command run
//! DIR/audit.jsonl.head   its head record: records written, hash of the last line
//! DIR/annotations.sqlite the case's tags, notes, stars and reviews (`crate::annotations`), with
//!                        SQLite's -wal/-shm beside it; never inside DIR/tantivy/
//! DIR/ingest-tmp/        spill files of a running ingest (removed at its end or next start)
//! ```

pub mod batch;
mod check;
mod conversations;
mod copies;
mod directory;
pub mod entities;
mod export;
mod extra;
mod facets;
pub mod hunt;
pub(crate) mod ingest;
mod kind;
mod lookup;
mod manifest;
mod mapped_directory;
mod pages;
mod progress;
mod query;
mod schema;
pub mod search;
pub mod stats;
mod stored;
pub mod thread;
mod tokenizer;
mod verify;

use std::path::{Path, PathBuf};

use directory::ReadOnlyDirectory;
use mapped_directory::MappedDirectory;
use tantivy::directory::error::OpenReadError;
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use batch::{BatchFileError, BatchQuery, QueryLineError, load_queries, parse_queries};
pub use check::{CheckReport, CheckStatus, CheckedFile};
pub use conversations::{ConversationMessage, DocRef};
pub use copies::StoredCopy;
pub use entities::{EntityMessage, EntityReport};
pub use export::{ConversationGraph, GraphEdge, GraphNode};
pub use extra::Extra;
pub use facets::{DayCount, Facet, FacetValue, Facets, MAX_FACET_VALUES};
pub use hunt::{Finding, FindingMessage, HuntOptions, HuntReport, Reason};
pub use ingest::{IngestOptions, IngestReport};
pub use kind::Kind;
pub use manifest::{EvidenceEntry, Manifest, RejectedFile, RunRecord};
pub use progress::{Progress, SilentProgress};
pub use query::MAX_QUERY_DEPTH;
pub use schema::SCHEMA_VERSION;
pub use search::{Copy, Hit, HitStream, SearchError, SearchOptions, SortOrder, Within};
pub use stats::Stats;
pub use thread::{MessageKey, Thread, ThreadError, ThreadOptions, Window};
pub use tokenizer::TextTokenizer;
pub use verify::{VerifiedFile, VerifyReport, VerifyStatus};

use schema::Fields;

pub(crate) const MARKER: &str = "tapir-index.json";
const TANTIVY_DIR: &str = "tantivy";

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{} is not a tapir index (no {MARKER}); refusing to write into it", .0.display())]
    NotAnIndex(PathBuf),
    #[error("{} does not exist or holds no index yet; run `tapir ingest` first", .0.display())]
    Missing(PathBuf),
    #[error(
        "{} is a tapir index of schema version {found}; this tapir reads version {expected}: ingest its evidence into a new index",
        path.display()
    )]
    SchemaVersion { path: PathBuf, found: u32, expected: u32 },
    #[error("index {} is locked by another ingest", .0.display())]
    Busy(PathBuf),
    /// The index's files do not read back as written (bytes changed, a file missing or cut
    /// short), or the engine stopped on data it could not decode.
    #[error("index {} is damaged: {detail}; run `tapir check --index {}`", path.display(), path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("index {}: {message}", path.display())]
    Engine { path: PathBuf, message: String },
    #[error("manifest of index {} is unreadable: {message}", path.display())]
    Manifest { path: PathBuf, message: String },
    #[error(transparent)]
    Evidence(#[from] crate::evidence::EvidenceError),
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Marker {
    format: String,
    schema_version: u32,
}

/// An open tapir index.
pub struct TapirIndex {
    dir: PathBuf,
    index: Index,
    fields: Fields,
    reader: IndexReader,
    /// The manifest of the commit the reader sees, and that commit's opstamp.
    view: std::sync::RwLock<View>,
}

/// The commit a reader sees: its manifest and opstamp. The manifest only grows (evidence is
/// appended, a file moved keeps its number), so a document read from a searcher one commit
/// older than the manifest is still described by it.
struct View {
    manifest: std::sync::Arc<Manifest>,
    opstamp: u64,
}

/// Attempts at reading a reader and a manifest of one commit while ingests commit.
const ATTEMPTS: usize = 5;

impl TapirIndex {
    /// Opens an existing index for reading. Nothing is written to its directory, not even a
    /// lock file: an index on read-only media, or another user's, can be read, and reading
    /// leaves it as it was.
    pub fn open(dir: &Path) -> Result<Self, IndexError> {
        Self::check_existing(dir)?;
        guarded(dir, || {
            let directory = ReadOnlyDirectory::open(&dir.join(TANTIVY_DIR)).map_err(|e| engine(dir, e))?;
            let index = Index::open(directory).map_err(|e| engine(dir, e))?;
            Self::from_index(dir, index)
        })
    }

    /// Opens an existing index for ingest, which writes (and locks) its tantivy directory.
    fn open_writable(dir: &Path) -> Result<Self, IndexError> {
        Self::check_existing(dir)?;
        guarded(dir, || {
            let directory = MappedDirectory::open(&dir.join(TANTIVY_DIR)).map_err(|e| engine(dir, e))?;
            let index = Index::open(directory).map_err(|e| engine(dir, e))?;
            Self::from_index(dir, index)
        })
    }

    /// `dir` holds a tapir index of this schema version with at least one commit.
    fn check_existing(dir: &Path) -> Result<(), IndexError> {
        if !dir.join(MARKER).is_file() {
            return Err(if dir.is_dir() && std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
                IndexError::NotAnIndex(dir.to_owned())
            } else {
                IndexError::Missing(dir.to_owned())
            });
        }
        Self::check_marker(dir)?;
        if !dir.join(TANTIVY_DIR).join("meta.json").is_file() {
            return Err(IndexError::Missing(dir.to_owned()));
        }
        Ok(())
    }

    /// Opens the index in `dir` for ingest, creating it when `dir` is missing or empty.
    ///
    /// Creation is safe against a kill at any point: the marker is written first (atomically,
    /// by rename), and a marked directory whose tantivy index was never completed is
    /// completed by the next run.
    pub fn create_or_open(dir: &Path) -> Result<Self, IndexError> {
        let io = |source| IndexError::Io { path: dir.to_owned(), source };
        if !dir.join(MARKER).is_file() {
            if dir.exists() && std::fs::read_dir(dir).map_err(io)?.next().is_some() {
                return Err(IndexError::NotAnIndex(dir.to_owned()));
            }
            std::fs::create_dir_all(dir).map_err(io)?;
            let marker = Marker { format: "tapir-index".into(), schema_version: SCHEMA_VERSION };
            let json = serde_json::to_vec_pretty(&marker).map_err(|e| engine(dir, e))?;
            let temp = dir.join(format!("{MARKER}.tmp"));
            std::fs::write(&temp, json).map_err(io)?;
            std::fs::rename(&temp, dir.join(MARKER)).map_err(io)?;
        }
        Self::check_marker(dir)?;
        let tantivy_dir = dir.join(TANTIVY_DIR);
        if tantivy_dir.join("meta.json").is_file() {
            return Self::open_writable(dir);
        }
        // Never created, or killed while creating: nothing was committed, start it afresh.
        if tantivy_dir.exists() {
            std::fs::remove_dir_all(&tantivy_dir).map_err(io)?;
        }
        std::fs::create_dir_all(&tantivy_dir).map_err(io)?;
        let (schema, _) = schema::build_schema();
        let directory = MappedDirectory::open(&tantivy_dir).map_err(|e| engine(dir, e))?;
        let index = Index::create(directory, schema, tantivy::IndexSettings::default()).map_err(|e| engine(dir, e))?;
        Self::from_index(dir, index)
    }

    fn check_marker(dir: &Path) -> Result<(), IndexError> {
        let bytes =
            std::fs::read(dir.join(MARKER)).map_err(|source| IndexError::Io { path: dir.join(MARKER), source })?;
        let marker: Marker = serde_json::from_slice(&bytes).map_err(|_| IndexError::NotAnIndex(dir.to_owned()))?;
        if marker.format != "tapir-index" {
            return Err(IndexError::NotAnIndex(dir.to_owned()));
        }
        if marker.schema_version != SCHEMA_VERSION {
            return Err(IndexError::SchemaVersion {
                path: dir.to_owned(),
                found: marker.schema_version,
                expected: SCHEMA_VERSION,
            });
        }
        Ok(())
    }

    fn from_index(dir: &Path, index: Index) -> Result<Self, IndexError> {
        schema::register_analyzers(&index);
        let fields = schema::fields_of(&index.schema()).ok_or_else(|| IndexError::SchemaVersion {
            path: dir.to_owned(),
            found: 0,
            expected: SCHEMA_VERSION,
        })?;
        // The reader and the manifest must come from one commit. Read-only, no lock keeps a
        // concurrent ingest from committing between the two reads of `meta.json`, or from
        // removing a file of the previous commit before the reader opened it (tantivy removes
        // files only once the next `meta.json` is in place): then read again.
        let mut attempt = 1;
        loop {
            let before = index.load_metas().map_err(|e| engine(dir, e))?;
            let reader: Result<IndexReader, _> = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into();
            let after = index.load_metas().map_err(|e| engine(dir, e))?;
            let retry = attempt < ATTEMPTS;
            attempt += 1;
            match reader {
                Ok(reader) if before.opstamp == after.opstamp || !retry => {
                    let view =
                        View { manifest: std::sync::Arc::new(manifest_of(dir, &after)?), opstamp: after.opstamp };
                    return Ok(TapirIndex {
                        dir: dir.to_owned(),
                        index,
                        fields,
                        reader,
                        view: std::sync::RwLock::new(view),
                    });
                }
                Ok(_) => {}
                Err(tantivy::TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(_))) if retry => {}
                Err(e) => return Err(engine(dir, e)),
            }
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The manifest: evidence files, their accounting, nicknames, runs.
    pub fn manifest(&self) -> std::sync::Arc<Manifest> {
        self.view.read().map_or_else(|poisoned| poisoned.into_inner().manifest.clone(), |v| v.manifest.clone())
    }

    /// The opstamp of the commit the reader sees.
    pub(crate) fn opstamp(&self) -> u64 {
        self.view.read().map_or_else(|poisoned| poisoned.into_inner().opstamp, |v| v.opstamp)
    }

    /// Replaces the manifest the reader's commit carries (after this process committed).
    fn set_view(&self, manifest: Manifest, opstamp: u64) {
        let view = View { manifest: std::sync::Arc::new(manifest), opstamp };
        match self.view.write() {
            Ok(mut v) => *v = view,
            Err(poisoned) => *poisoned.into_inner() = view,
        }
    }

    /// Moves the reader to the last commit on disk when it is newer than the one it sees
    /// (another process ingested): the searcher and the manifest then come from that commit.
    /// Returns whether it moved. Costs one read of `meta.json` when nothing changed.
    pub(crate) fn refresh(&self) -> Result<bool, IndexError> {
        guarded(&self.dir, || {
            let dir = &self.dir;
            let mut attempt = 1;
            loop {
                let before = self.index.load_metas().map_err(|e| engine(dir, e))?;
                if before.opstamp == self.opstamp() {
                    return Ok(false);
                }
                let reloaded = self.reader.reload();
                let after = self.index.load_metas().map_err(|e| engine(dir, e))?;
                let retry = attempt < ATTEMPTS;
                attempt += 1;
                match reloaded {
                    Ok(()) if before.opstamp == after.opstamp || !retry => {
                        self.set_view(manifest_of(dir, &after)?, after.opstamp);
                        return Ok(true);
                    }
                    Ok(()) => {}
                    Err(tantivy::TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(_))) if retry => {}
                    Err(e) => return Err(engine(dir, e)),
                }
            }
        })
    }

    /// The manifest of the last commit on disk (empty for a new index).
    fn load_manifest(&self) -> Result<Manifest, IndexError> {
        let metas = self.index.load_metas().map_err(|e| engine(&self.dir, e))?;
        manifest_of(&self.dir, &metas)
    }

    fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }
}

/// The manifest a commit carries (empty for a new index).
fn manifest_of(dir: &Path, metas: &tantivy::IndexMeta) -> Result<Manifest, IndexError> {
    match &metas.payload {
        None => Ok(Manifest { schema_version: SCHEMA_VERSION, ..Manifest::default() }),
        Some(payload) => serde_json::from_str(payload)
            .map_err(|e| IndexError::Manifest { path: dir.to_owned(), message: e.to_string() }),
    }
}

/// Runs `f`, a call into the engine, turning a panic into [`IndexError::Damaged`]: tantivy
/// trusts the bytes of its files, and some damage (flipped bytes in a term dictionary) makes
/// it panic rather than fail. Every public entry point of the index runs under it; an index
/// that panicked should not be used further.
pub(crate) fn guarded<T, E: From<IndexError>>(dir: &Path, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(E::from(IndexError::Damaged {
            path: dir.to_owned(),
            detail: "the search engine stopped on data it cannot decode".to_owned(),
        }))
    })
}

/// An engine failure in tapir's words: damage (a file missing, cut short, or not reading back
/// as written) names the file; I/O errors keep their cause; tantivy's own messages (which
/// quote internals, or a whole `meta.json`) never reach users for those.
pub(crate) fn engine<E: std::fmt::Display + 'static>(dir: &Path, e: E) -> IndexError {
    use tantivy::TantivyError as T;
    let damaged = |detail: String| IndexError::Damaged { path: dir.to_owned(), detail };
    let io = |path: PathBuf, source: &std::io::Error| IndexError::Io {
        path,
        source: std::io::Error::new(source.kind(), source.to_string()),
    };
    let any = &e as &dyn std::any::Any;
    if let Some(source) = any.downcast_ref::<std::io::Error>() {
        // Some engine readers (term dictionaries) fail with a bare `io::Error`.
        return if source.raw_os_error().is_none() {
            damaged("a file of the index does not decode".to_owned())
        } else {
            io(dir.to_owned(), source)
        };
    }
    let Some(error) = any.downcast_ref::<T>() else {
        return IndexError::Engine { path: dir.to_owned(), message: e.to_string() };
    };
    let tantivy_file = |file: &Path| dir.join(TANTIVY_DIR).join(file);
    match error {
        T::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
            damaged(format!("file {} is missing", tantivy_file(file).display()))
        }
        // Errors the operating system gave carry its code; the others are the engine's
        // decoding of the bytes failing (files are memory-mapped: reading them cannot fail).
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) if io_error.raw_os_error().is_none() => {
            damaged(format!(
                "file {} does not end as the engine writes its files (damaged or cut short)",
                tantivy_file(filepath).display()
            ))
        }
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) => io(tantivy_file(filepath), io_error),
        T::OpenReadError(OpenReadError::IncompatibleIndex(_)) | T::IncompatibleIndex(_) => {
            damaged("a file was not written by this version of the engine, or is damaged".to_owned())
        }
        T::DataCorruption(_) | T::DeserializeError(_) => damaged("a file of the index does not decode".to_owned()),
        T::IoError(source) if source.raw_os_error().is_none() => {
            damaged("a file of the index does not decode".to_owned())
        }
        T::IoError(source) => io(dir.to_owned(), source),
        T::LockFailure(tantivy::directory::error::LockError::LockBusy, _) => IndexError::Busy(dir.to_owned()),
        T::LockFailure(tantivy::directory::error::LockError::IoError(source), _) => io(dir.join(TANTIVY_DIR), source),
        _ => IndexError::Engine { path: dir.to_owned(), message: e.to_string() },
    }
}
