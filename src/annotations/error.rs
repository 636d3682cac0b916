//! What can go wrong with a case's annotation store, in tapir's words.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// An input refused before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Empty, or only white space once trimmed.
    #[error("{0} is empty")]
    Empty(&'static str),
    #[error("{what} is longer than {max} bytes")]
    TooLong { what: &'static str, max: usize },
    /// A control character (or a bidirectional override, which would disguise a tag shown
    /// beside message text).
    #[error("{what} holds a control character (U+{code:04X})")]
    ControlCharacter { what: &'static str, code: u32 },
    /// More items asked for at once than a call takes.
    #[error("{what}: at most {max} at once")]
    TooMany { what: &'static str, max: usize },
}

#[derive(Debug, thiserror::Error)]
pub enum AnnotationError {
    #[error(transparent)]
    Input(#[from] InputError),
    /// Annotations live beside an index: `DIR` must be one.
    #[error("{} is not a tapir index (no tapir-index.json); annotations are kept in an index directory", .0.display())]
    NotAnIndex(PathBuf),
    /// The file is not SQLite, or SQLite of another application.
    #[error("{} is not a tapir annotation store ({detail}); move it aside, it was not written by tapir", path.display())]
    NotAStore { path: PathBuf, detail: String },
    /// SQLite reports the file damaged.
    #[error("annotation store {} is damaged: {detail}; restore it from a backup", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("annotation store {} has schema version {found}; this tapir reads versions up to {supported}", path.display())]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    /// Other writers held the store longer than the busy timeout.
    #[error("annotation store {} is busy (other writers held it for more than {seconds} s); try again", path.display())]
    Busy { path: PathBuf, seconds: u64 },
    #[error("annotation store {} cannot be written: {detail}", path.display())]
    ReadOnly { path: PathBuf, detail: String },
    #[error("annotation store {}: {detail}", path.display())]
    Database { path: PathBuf, detail: String },
    /// A finding id, target or cursor that does not parse.
    #[error("{0}")]
    Parse(#[from] ParseError),
    #[error("no tag {label:?} on {target}")]
    TagNotFound { label: String, target: String },
    #[error("no note {0}")]
    NoteNotFound(i64),
    #[error("note {0} was deleted")]
    NoteDeleted(i64),
    /// `unreviewed` is what a finding is until someone reviews it: the store holds no list of
    /// such findings; ask for the states of the findings at hand instead.
    #[error("findings are unreviewed until reviewed: the store cannot list them; use review_states on the findings")]
    UnreviewedIsImplicit,
}

/// Text that should name a finding, a target or a page and does not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error(
        "finding id {0:?}: expected CATEGORY:HEX (a category such as kidnapping, then 16 hex digits), as `hunt --json` prints it"
    )]
    FindingId(String),
    #[error("target {0:?}: expected message:SENDER:ID, note:IMEI:ID or finding:CATEGORY:HEX")]
    Target(String),
    #[error("review state {0:?}: expected unreviewed, confirmed, dismissed or follow_up")]
    ReviewState(String),
    #[error("cursor {0:?} does not come from this listing")]
    Cursor(String),
}

pub type Result<T, E = AnnotationError> = std::result::Result<T, E>;

impl AnnotationError {
    /// A SQLite error on the store at `path`, in tapir's words.
    pub(crate) fn sqlite(path: &Path, e: rusqlite::Error) -> AnnotationError {
        let path = path.to_owned();
        let detail = e.to_string();
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => {
                AnnotationError::NotAStore { path, detail: "not an SQLite database".into() }
            }
            Some(ErrorCode::DatabaseCorrupt) => AnnotationError::Damaged { path, detail },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                AnnotationError::Busy { path, seconds: super::store::BUSY_TIMEOUT.as_secs() }
            }
            Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => AnnotationError::ReadOnly { path, detail },
            _ => AnnotationError::Database { path, detail },
        }
    }
}
