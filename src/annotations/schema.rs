//! The store's tables, and the migrations that bring a file to the current version.
//!
//! `PRAGMA application_id` marks the file as tapir's; `PRAGMA user_version` is the number of
//! migrations applied. Migrations only ever append: a released one is never edited, a change
//! is a new one (a test checks that the version equals the number of migrations).

use rusqlite::{Connection, TransactionBehavior};

use super::error::{AnnotationError, Result};
use std::path::Path;

/// "TAPR": what `PRAGMA application_id` holds in a tapir annotation store.
pub const APPLICATION_ID: i32 = 0x5441_5052;

/// The migrations, in order; the schema version is how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: targets, tags, notes with revisions, stars, reviews with the current state.
    "
    -- What annotations are about: kind, then sender/imei/category, then message id/note id/
    -- conversation id (a u64 stored as the i64 of the same bits).
    CREATE TABLE targets (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('message', 'note', 'finding')),
        key TEXT NOT NULL,
        number INTEGER NOT NULL,
        UNIQUE (kind, key, number)
    ) STRICT;

    -- Shared tags. Removing one keeps its row, with who removed it and when.
    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        target INTEGER NOT NULL REFERENCES targets (id),
        label TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        removed_by TEXT,
        removed_at INTEGER,
        CHECK ((removed_by IS NULL) = (removed_at IS NULL))
    ) STRICT;
    CREATE UNIQUE INDEX tags_live ON tags (target, label) WHERE removed_at IS NULL;
    CREATE INDEX tags_by_label ON tags (label, target) WHERE removed_at IS NULL;
    CREATE INDEX tags_by_target ON tags (target, id);

    -- Shared notes: the current text, and every revision beside it.
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        target INTEGER NOT NULL REFERENCES targets (id),
        text TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        edited_by TEXT,
        edited_at INTEGER,
        deleted_by TEXT,
        deleted_at INTEGER,
        CHECK ((edited_by IS NULL) = (edited_at IS NULL)),
        CHECK ((deleted_by IS NULL) = (deleted_at IS NULL))
    ) STRICT;
    CREATE INDEX notes_by_target ON notes (target, id);
    CREATE TABLE note_revisions (
        id INTEGER PRIMARY KEY,
        note INTEGER NOT NULL REFERENCES notes (id),
        action TEXT NOT NULL CHECK (action IN ('created', 'edited', 'deleted')),
        text TEXT NOT NULL,
        by TEXT NOT NULL,
        at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX note_revisions_by_note ON note_revisions (note, id);

    -- Private stars: one per (owner, target).
    CREATE TABLE stars (
        owner TEXT NOT NULL,
        target INTEGER NOT NULL REFERENCES targets (id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (owner, target)
    ) STRICT, WITHOUT ROWID;

    -- Every review of a finding, and the current one (no row: unreviewed).
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        finding INTEGER NOT NULL REFERENCES targets (id),
        state TEXT NOT NULL CHECK (state IN ('unreviewed', 'confirmed', 'dismissed', 'follow_up')),
        reviewer TEXT NOT NULL,
        note TEXT,
        at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX reviews_by_finding ON reviews (finding, id);
    CREATE TABLE review_current (
        finding INTEGER PRIMARY KEY REFERENCES targets (id),
        review INTEGER NOT NULL REFERENCES reviews (id),
        state TEXT NOT NULL CHECK (state IN ('confirmed', 'dismissed', 'follow_up'))
    ) STRICT;
    CREATE INDEX review_current_by_state ON review_current (state, finding);
    ",
];

/// The schema version this tapir writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the store at `path` to [`SCHEMA_VERSION`], in one transaction that holds the write
/// lock: concurrent openers wait, and the second finds the work done. Refuses a file that
/// is another application's database, or of a newer version.
pub(crate) fn migrate(path: &Path, conn: &mut Connection) -> Result<()> {
    let sql = |e| AnnotationError::sqlite(path, e);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
    let application: i32 = tx.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(sql)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(sql)?;
    let objects: i64 = tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(sql)?;
    let foreign = |detail: &str| AnnotationError::NotAStore { path: path.to_owned(), detail: detail.to_owned() };
    match application {
        APPLICATION_ID => {}
        0 if objects == 0 => tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(sql)?,
        0 => return Err(foreign("an SQLite database with tables of its own")),
        _ => return Err(foreign("an SQLite database of another application")),
    }
    if version < 0 {
        return Err(foreign("a schema version tapir never wrote"));
    }
    if version > SCHEMA_VERSION {
        return Err(AnnotationError::NewerSchema { path: path.to_owned(), found: version, supported: SCHEMA_VERSION });
    }
    for migration in &MIGRATIONS[usize::try_from(version).unwrap_or(0)..] {
        tx.execute_batch(migration).map_err(sql)?;
    }
    if version != SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(sql)?;
    }
    tx.commit().map_err(sql)
}
