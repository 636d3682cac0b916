//! The server's own audit trail, `DATA_DIR/audit.jsonl`: logins, logouts, failures,
//! lockouts, account, grant and token changes. Written through the library's
//! [`tapir::audit::AuditLog`] (same hash chain, same `tapir audit verify --index DATA_DIR`).
//!
//! The `analyst` of a record is the authenticated user, or one of two actors that can never
//! be a user name (names start with a letter or a digit): `@admin` for the administration
//! commands (run on the server's machine by whoever can write `DATA_DIR`), `@anonymous` for a
//! login attempt not (yet) authenticated. A password or a token secret is never recorded;
//! a user name that is not an account is not either (it may be a password typed in the
//! wrong field).

use std::path::Path;

use serde_json::Value;
use tapir::audit::{Arguments, AuditLog, Entry};

use crate::StoreError;

/// Who did what is recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The administration commands (`tapir user|grant|token`).
    Admin,
    /// An attempt not authenticated (a failed login, a lockout).
    Anonymous,
    /// An authenticated user.
    User(String),
}

impl Actor {
    pub fn analyst(&self) -> &str {
        match self {
            Actor::Admin => "@admin",
            Actor::Anonymous => "@anonymous",
            Actor::User(name) => name,
        }
    }
}

/// The server's audit trail.
#[derive(Clone, Debug)]
pub struct ServerAudit {
    log: AuditLog,
}

impl ServerAudit {
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        Ok(ServerAudit { log: AuditLog::open(data_dir)? })
    }

    pub fn log(&self) -> &AuditLog {
        &self.log
    }

    /// Appends one record (`command` is the event: `login`, `login_failed`, `grant`…).
    pub fn record(&self, actor: &Actor, event: &str, arguments: Value, results: u64) -> Result<(), StoreError> {
        let arguments = Arguments::of(&arguments)?;
        let entry = Entry { analyst: actor.analyst().to_owned(), command: event.to_owned(), arguments, results };
        self.log.append(entry)?;
        Ok(())
    }
}
