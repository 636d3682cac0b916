//! The server database's schema, versioned by SQLite's `user_version` pragma: migration N
//! takes a database from version N-1 to N, in one transaction with the version bump.

use rusqlite::Connection;

use crate::StoreError;

/// Each migration's SQL, in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
    // 1: accounts, sessions, API tokens, grants, login failures.
    "
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,           -- Argon2id PHC string
        disabled      INTEGER NOT NULL DEFAULT 0,
        created_ms    INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE sessions (
        id_hash      BLOB PRIMARY KEY,         -- SHA-256 of the 256-bit session id
        user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_ms   INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        client       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sessions_user ON sessions(user_id);
    CREATE TABLE api_tokens (
        id           INTEGER PRIMARY KEY,
        user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name         TEXT NOT NULL,
        secret_hash  BLOB NOT NULL UNIQUE,     -- SHA-256 of the 256-bit secret
        created_ms   INTEGER NOT NULL,
        last_used_ms INTEGER,
        revoked_ms   INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens(user_id, name) WHERE revoked_ms IS NULL;
    CREATE TABLE grants (
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        case_name  TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('viewer', 'investigator', 'lead')),
        granted_ms INTEGER NOT NULL,
        PRIMARY KEY (user_id, case_name)
    ) STRICT;
    CREATE TABLE login_failures (
        scope   TEXT NOT NULL CHECK (scope IN ('account', 'address')),
        key     TEXT NOT NULL,                 -- a user name as submitted, or an IP address
        count   INTEGER NOT NULL,
        last_ms INTEGER NOT NULL,
        PRIMARY KEY (scope, key)
    ) STRICT;
    ",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the database to [`SCHEMA_VERSION`]; refuses one written by a newer tapir.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew { found, supported: SCHEMA_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
