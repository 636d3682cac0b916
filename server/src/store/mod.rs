//! The server's database, `DATA_DIR/server.sqlite` (SQLite in WAL mode), and every operation
//! on it: accounts, grants, API tokens, sessions and logins. Synchronous: the HTTP layer calls
//! it off the async threads (`crate::blocking`), the administration commands directly.
//!
//! Every change an administrator or a login makes is written in one transaction together with
//! its record in the server's audit trail: a change whose record cannot be written is rolled
//! back. Another process (`tapir user add` while `tapir serve` runs) may use the same
//! database: SQLite serialises writers, each waiting up to [`BUSY_TIMEOUT`].

mod grants;
mod login;
pub mod schema;
mod sessions;
mod tokens;
mod users;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};

pub use grants::GrantInfo;
pub use login::LoginOutcome;
pub use sessions::SessionPolicy;
pub use tokens::TokenInfo;
pub use users::UserInfo;

use crate::StoreError;
use crate::audit::ServerAudit;
use crate::clock::{Clock, SystemClock};
use crate::lockout::LockoutPolicy;

pub const DB_FILE: &str = "server.sqlite";
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Session lifetimes and login throttling.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreConfig {
    pub sessions: SessionPolicy,
    pub lockout: LockoutPolicy,
}

/// Who a request is, once its session cookie or API token has been checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub user: String,
    pub credential: Credential,
}

/// How a request authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A session cookie; state-changing requests must also carry this CSRF token.
    Session { csrf_token: String },
    /// An API token (Bearer), by name.
    Token { name: String },
}

/// The server's database and audit trail.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    data_dir: PathBuf,
    audit: ServerAudit,
    clock: Arc<dyn Clock>,
    config: StoreConfig,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, on the system clock.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        Self::open_with(data_dir, Arc::new(SystemClock), StoreConfig::default())
    }

    /// Opens with a given clock and policies (tests move the clock).
    pub fn open_with(data_dir: &Path, clock: Arc<dyn Clock>, config: StoreConfig) -> Result<Self, StoreError> {
        create_private_dir(data_dir)?;
        let path = data_dir.join(DB_FILE);
        create_private_file(&path)?;
        let mut conn = Connection::open(&path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL: readers never wait for the writer. FULL: an acknowledged change (a new user,
        // a revoked token) survives a power cut.
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Io {
                path,
                source: std::io::Error::other(format!("cannot use WAL mode (got {mode})")),
            });
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        let audit = ServerAudit::open(data_dir)?;
        Ok(Store { conn: Mutex::new(conn), data_dir: data_dir.to_owned(), audit, clock, config })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn audit(&self) -> &ServerAudit {
        &self.audit
    }

    pub fn config(&self) -> &StoreConfig {
        &self.config
    }

    pub fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    /// Runs `f` in one immediate transaction (it takes the write lock at once, so two
    /// processes never both read then both write), committed if `f` succeeds.
    fn write<T>(&self, f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// The connection. A panic while it was held leaves no transaction open (a dropped
    /// `Transaction` rolls back), so a poisoned lock is still safe to use.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Milliseconds as SQLite stores them (i64; saturating: u64 times beyond i64 are centuries away).
fn db_ms(ms: u64) -> i64 {
    i64::try_from(ms).unwrap_or(i64::MAX)
}

fn from_db_ms(ms: i64) -> u64 {
    u64::try_from(ms).unwrap_or(0)
}

/// A user's id, name, hash and state, by name.
struct UserRow {
    id: i64,
    name: String,
    password_hash: String,
    disabled: bool,
}

fn user_by_name(conn: &Connection, name: &str) -> Result<Option<UserRow>, StoreError> {
    Ok(conn
        .query_row("SELECT id, name, password_hash, disabled FROM users WHERE name = ?1", [name], |row| {
            Ok(UserRow { id: row.get(0)?, name: row.get(1)?, password_hash: row.get(2)?, disabled: row.get(3)? })
        })
        .optional()?)
}

/// The user's id, or an error naming the missing user.
fn user_id(conn: &Connection, name: &str) -> Result<i64, StoreError> {
    crate::names::check(crate::names::NameKind::User, name)?;
    user_by_name(conn, name)?.map(|u| u.id).ok_or_else(|| StoreError::UnknownUser(name.to_owned()))
}

/// The key that per-address throttling counts under: an IPv4 address, or an IPv6 /64 (one
/// host is usually given a whole /64, so single IPv6 addresses would be free to rotate).
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    let io = |source| StoreError::Io { path: dir.to_owned(), source };
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io)
}

/// Creates the database file readable by its owner only (it holds password hashes); SQLite
/// gives its WAL and shared-memory files the same permissions.
fn create_private_file(path: &Path) -> Result<(), StoreError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop).map_err(|source| StoreError::Io { path: path.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_count_per_64() {
        assert_eq!(address_key("192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(address_key("::ffff:192.0.2.7".parse().unwrap()), "192.0.2.7");
        assert_eq!(address_key("2001:db8:1:2:3:4:5:6".parse().unwrap()), "2001:db8:1:2::/64");
        assert_eq!(address_key("2001:db8:1:2::9".parse().unwrap()), "2001:db8:1:2::/64");
    }

    #[test]
    fn schema_is_versioned_and_a_newer_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        let v: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, schema::SCHEMA_VERSION);
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        conn.pragma_update(None, "user_version", schema::SCHEMA_VERSION + 1).unwrap();
        drop(conn);
        assert!(matches!(Store::open(dir.path()), Err(StoreError::SchemaTooNew { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn the_database_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        drop(Store::open(&data).unwrap());
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join(DB_FILE)), 0o600);
    }
}
