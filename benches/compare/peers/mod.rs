//! The engines compared: tapir, SQLite FTS5, a scan, and tantivy alone.

pub mod floor;
pub mod fts5;
pub mod scan;
pub mod tapir;
