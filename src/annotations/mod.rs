//! The case's shared working state: tags and notes on messages, device notes and findings
//! (shared, attributed, timestamped), private stars, and the review of each finding.
//!
//! One SQLite database per case, `DIR/annotations.sqlite` beside the index (`store.rs`:
//! WAL, `synchronous=FULL`, busy timeout, foreign keys; `schema.rs`: versioned migrations).
//! It is the only file annotations write: never the index (`DIR/tantivy/`), never anything
//! near the evidence. The server's threads and the CLI (`tapir review`) write it at once.
//!
//! Every change takes the acting user (validated: non-empty, no control characters) and
//! returns the stored record, which names what changed, on which target, by whom and when:
//! what the case facade writes into the audit trail. Inputs are bounded (`input.rs`), tags
//! normalised; listings come in capped pages (`page.rs`). Removing a tag, editing or deleting
//! a note, and every review keep the earlier state: nothing is lost from the record.
//!
//! ```text
//! targets ── tags (label, author, created, removed_by/at)
//!        ├── notes (text, author, created, edited, deleted) ── note_revisions
//!        ├── stars (owner, created)                 private to their owner
//!        └── reviews (state, reviewer, note, at) ── review_current (the latest, per finding)
//! ```

mod change;
mod error;
mod filters;
mod input;
mod notes;
mod page;
mod reviews;
mod schema;
mod stars;
mod store;
mod summary;
mod tags;
mod target;

pub use change::{Stamp, Stored};
pub use error::{AnnotationError, InputError, ParseError};
pub use filters::TargetSet;
pub use input::{MAX_HANDLE_BYTES, MAX_NOTE_BYTES, MAX_TAG_BYTES, MAX_USER_BYTES};
pub use notes::{Note, NoteAction, NoteRevision};
pub use page::{Cursor, MAX_PAGE, Page, PageRequest, read_all};
pub use reviews::{CategoryProgress, Review, ReviewState};
pub use schema::SCHEMA_VERSION;
pub use stars::Star;
pub use store::{AnnotationStore, BUSY_TIMEOUT, STORE_FILE};
pub use summary::{SUMMARY_TAGS, Summary};
pub use tags::{Tag, TagCount};
pub use target::{DeviceNoteRef, FindingId, MessageRef, Target, TargetKind};

#[cfg(test)]
mod tests;
