//! The JSON forms of the results every front end writes: `--json` of the CLI and the answers
//! of the HTTP API serialise these, so their field names are one contract (the golden test
//! records them). Objects are written with their fields in alphabetical order, the order the
//! CLI has always printed them in.

mod entity;
mod finding;
mod hit;
mod provenance;

pub use hit::HitLine;
pub use provenance::{CopyLine, MessageCopies};
