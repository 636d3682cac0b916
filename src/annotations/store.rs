//! The annotation store of one case: `DIR/annotations.sqlite` beside the index, opened by
//! every front end (the server's threads, the CLI) at once.
//!
//! - **Durable when acknowledged.** WAL journal, `synchronous=FULL`: a call returns only once
//!   its transaction is in the write-ahead log and the log is fsynced, so what a caller was
//!   told is stored survives the process being killed (tested with SIGKILL) and the machine
//!   losing power. (`NORMAL` would survive the kill but not a power loss; an annotation is
//!   written at the pace of a person, so the fsync costs nothing that matters.)
//! - **Concurrent.** Every change is one `BEGIN IMMEDIATE` transaction: writers queue on
//!   SQLite's lock (busy timeout [`BUSY_TIMEOUT`]) instead of failing on a lock upgrade, in
//!   this process or another; readers see a consistent snapshot and never wait for writers.
//!   The store keeps a few idle connections so threads do not share one.
//! - **Apart from the evidence and the index.** Only this file (and SQLite's `-wal`/`-shm`
//!   beside it) is written; nothing under `DIR/tantivy/`, nothing near an evidence file.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, ToSql, Transaction, TransactionBehavior, params};

use super::error::{AnnotationError, Result};
use super::page::Page;
use super::target::Target;

/// The store's file in an index directory.
pub const STORE_FILE: &str = "annotations.sqlite";

/// How long a change waits for other writers before [`AnnotationError::Busy`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Idle connections kept for reuse (more are opened when more threads call at once).
const IDLE_CONNECTIONS: usize = 8;

/// The annotations of one case. `Send + Sync`: share one per process (behind an `Arc`).
pub struct AnnotationStore {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// A failure inside a transaction: SQLite's, or a refusal of the store's own.
pub(crate) enum TxError {
    Sql(rusqlite::Error),
    Refused(AnnotationError),
}

impl From<rusqlite::Error> for TxError {
    fn from(e: rusqlite::Error) -> TxError {
        TxError::Sql(e)
    }
}

impl From<AnnotationError> for TxError {
    fn from(e: AnnotationError) -> TxError {
        TxError::Refused(e)
    }
}

pub(crate) type TxResult<T> = std::result::Result<T, TxError>;

impl AnnotationStore {
    /// Opens the annotation store of the index in `index_dir`, creating it (and bringing an
    /// older one to the current schema) when needed. `index_dir` must be a tapir index.
    pub fn open(index_dir: &Path) -> Result<AnnotationStore> {
        if !index_dir.join(crate::index::MARKER).is_file() {
            return Err(AnnotationError::NotAnIndex(index_dir.to_owned()));
        }
        let path = index_dir.join(STORE_FILE);
        let mut conn = connect(&path)?;
        super::schema::migrate(&path, &mut conn)?;
        Ok(AnnotationStore { path, idle: Mutex::new(vec![conn]) })
    }

    /// `DIR/annotations.sqlite`.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// SQLite's full integrity check: the problems found (none: the store is sound).
    pub fn check(&self) -> Result<Vec<String>> {
        let problems: Vec<String> = self.read(|tx| {
            let mut stmt = tx.prepare("PRAGMA integrity_check(100)")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })?;
        Ok(problems.into_iter().filter(|p| p != "ok").collect())
    }

    /// Runs `f` in a read transaction (one consistent snapshot).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> TxResult<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Deferred, f)
    }

    /// Runs `f` in a write transaction taken at once (`BEGIN IMMEDIATE`), committed when it
    /// succeeds: when this returns `Ok`, the change is durable.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> TxResult<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, f)
    }

    fn transaction<T>(
        &self,
        behavior: TransactionBehavior,
        f: impl FnOnce(&Transaction<'_>) -> TxResult<T>,
    ) -> Result<T> {
        let taken = self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let mut conn = match taken {
            Some(c) => c,
            None => connect(&self.path)?,
        };
        let outcome = (|| {
            let tx = conn.transaction_with_behavior(behavior)?;
            let value = f(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < IDLE_CONNECTIONS {
            idle.push(conn);
        }
        outcome.map_err(|e| match e {
            TxError::Sql(e) => AnnotationError::sqlite(&self.path, e),
            TxError::Refused(e) => e,
        })
    }
}

/// One connection with the store's settings.
fn connect(path: &Path) -> Result<Connection> {
    let sql = |e| AnnotationError::sqlite(path, e);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
    // The first statement reads the file: a file that is not SQLite fails here.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)).map_err(sql)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(AnnotationError::Database {
            path: path.to_owned(),
            detail: format!("write-ahead logging is not available here (journal mode stays {mode})"),
        });
    }
    conn.pragma_update(None, "synchronous", "FULL").map_err(sql)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(sql)?;
    // The schema is ours; nothing in the file may run functions of its own choosing.
    conn.pragma_update(None, "trusted_schema", false).map_err(sql)?;
    Ok(conn)
}

/// A page of `sql`'s rows: `params`, then the row limit (`size + 1`, bound here as the last
/// parameter), each row made an item keyed by the id the listing continues after.
pub(crate) fn keyed_page<T>(
    tx: &Transaction<'_>,
    sql: &str,
    params: &[&dyn ToSql],
    size: usize,
    mut item: impl FnMut(&Row<'_>) -> TxResult<(i64, T)>,
) -> TxResult<Page<T>> {
    let limit = (size + 1) as i64;
    let mut bound = params.to_vec();
    bound.push(&limit);
    let mut stmt = tx.prepare_cached(sql)?;
    let mut rows = stmt.query(bound.as_slice())?;
    let mut items = Vec::with_capacity(size.min(64));
    while let Some(row) = rows.next()? {
        items.push(item(row)?);
    }
    Ok(Page::from_keyed_rows(items, size))
}

/// A u64 (message id, note id, conversation id) as SQLite's i64 of the same bits.
pub(crate) fn to_sql(n: u64) -> i64 {
    n as i64
}

pub(crate) fn from_sql(n: i64) -> u64 {
    n as u64
}

/// The row id of `target`, inserted if it is new.
pub(crate) fn target_id(tx: &Transaction<'_>, target: &Target) -> TxResult<i64> {
    let (key, number) = target.columns();
    let kind = target.kind().as_str();
    tx.prepare_cached("INSERT INTO targets (kind, key, number) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")?
        .execute(params![kind, key, to_sql(number)])?;
    Ok(find_target(tx, target)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?)
}

/// The row id of `target`, if anything was ever attached to it.
pub(crate) fn find_target(tx: &Transaction<'_>, target: &Target) -> TxResult<Option<i64>> {
    let (key, number) = target.columns();
    let id = tx
        .prepare_cached("SELECT id FROM targets WHERE kind = ?1 AND key = ?2 AND number = ?3")?
        .query_row(params![target.kind().as_str(), key, to_sql(number)], |r| r.get(0))
        .optional()?;
    Ok(id)
}

/// The target of a stored row (`kind`, `key`, `number` columns, as `targets` holds them).
pub(crate) fn target_of(path: &Path, kind: &str, key: String, number: i64) -> TxResult<Target> {
    Target::from_columns(kind, key, from_sql(number)).ok_or_else(|| {
        TxError::Refused(AnnotationError::Database {
            path: path.to_owned(),
            detail: format!("a target of kind {kind:?} that this tapir cannot read"),
        })
    })
}

/// Validates the acting user and the target before anything is written.
pub(crate) fn checked(user: &str, target: &Target) -> Result<String> {
    let user = super::input::user(user)?;
    match target {
        Target::Message(m) => super::input::handle("sender", &m.sender)?,
        Target::DeviceNote(n) => super::input::handle("imei", &n.imei)?,
        Target::Finding { .. } => {}
    }
    Ok(user)
}
