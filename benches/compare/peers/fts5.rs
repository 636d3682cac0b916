//! SQLite FTS5: a bulk load from memory, and top-k queries by `rank`.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use crate::BoxError;
use crate::texts::Texts;

#[derive(Debug)]
pub struct Fts5 {
    pub sqlite_version: String,
    pub load_s: f64,
    pub optimize_s: f64,
    pub db_bytes: u64,
    pub rows: usize,
}

pub fn fts5_load(path: &Path, texts: &Texts) -> Result<(rusqlite::Connection, Fts5), BoxError> {
    let conn = rusqlite::Connection::open(path)?;
    // A bulk load: no journal, no fsync, one writer; a 256 MiB page cache (tapir's writer
    // gets 512 MiB).
    let _: String = conn.query_row("PRAGMA journal_mode = OFF", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -262144;
         CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');",
    )?;
    let sqlite_version: String = conn.query_row("SELECT sqlite_version()", [], |r| r.get(0))?;
    let t = Instant::now();
    conn.execute_batch("BEGIN")?;
    {
        let mut insert = conn.prepare("INSERT INTO t(rowid, text) VALUES (?1, ?2)")?;
        for i in 0..texts.len() {
            insert.execute(rusqlite::params![i as i64, texts.get(i)])?;
        }
    }
    conn.execute_batch("COMMIT")?;
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    conn.execute_batch("INSERT INTO t(t) VALUES ('optimize')")?;
    let optimize_s = t.elapsed().as_secs_f64();
    let db_bytes = std::fs::metadata(path)?.len();
    Ok((conn, Fts5 { sqlite_version, load_s, optimize_s, db_bytes, rows: texts.len() }))
}

pub fn fts5_top(stmt: &mut rusqlite::Statement<'_>, expr: &str, with_snippet: bool) -> rusqlite::Result<usize> {
    let mut rows = stmt.query([expr])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        black_box(row.get::<_, i64>(0)?);
        if with_snippet {
            black_box(row.get_ref(1)?.as_str()?.len());
        }
        n += 1;
    }
    Ok(n)
}
