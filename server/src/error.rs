//! The typed errors of the server's own data (accounts, sessions, tokens, grants).

use std::path::PathBuf;

use tapir::audit::AuditError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("server database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the server database is of schema version {found}; this tapir knows versions up to {supported}")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("invalid {kind} name {name:?}: {rule}")]
    InvalidName { kind: &'static str, name: String, rule: String },
    #[error("password refused: {0}")]
    WeakPassword(String),
    #[error("password hashing failed: {0}")]
    PasswordHash(String),
    #[error("no random numbers from the operating system: {0}")]
    Random(String),
    #[error("no user {0:?}")]
    UnknownUser(String),
    #[error("user {0:?} already exists")]
    UserExists(String),
    #[error("user {user:?} has no live token named {name:?}")]
    UnknownToken { user: String, name: String },
    #[error("user {user:?} already has a live token named {name:?}")]
    TokenExists { user: String, name: String },
    #[error("user {user:?} has no grant on case {case:?}")]
    UnknownGrant { user: String, case: String },
    #[error("server audit trail: {0}")]
    Audit(#[from] AuditError),
}

impl StoreError {
    /// An error that is the caller's to fix (a name, a password, a missing user): a usage
    /// error on the command line, never a server fault.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            StoreError::InvalidName { .. }
                | StoreError::WeakPassword(_)
                | StoreError::UnknownUser(_)
                | StoreError::UserExists(_)
                | StoreError::UnknownToken { .. }
                | StoreError::TokenExists { .. }
                | StoreError::UnknownGrant { .. }
        )
    }
}
