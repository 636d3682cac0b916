//! tapir: forensic analysis of intercepted encrypted-chat dumps (ECD v1).
//!
//! The library turns evidence files into decrypted, accounted-for records. It is the
//! only crate that touches a cipher; `tapir-parsers` decodes bytes without I/O or crypto,
//! and the `tapir` binary is thin glue over this API.

pub mod analysis;
pub mod annotations;
pub mod audit;
pub mod case;
pub mod crypto;
pub mod decode;
pub mod entities;
pub mod eval;
pub mod evidence;
pub mod export;
pub mod index;
pub mod keys;
pub mod lang;
pub mod learning;
pub mod report;
pub mod rules;
pub mod time;
pub mod wire;

pub use case::{Analyst, Case, CaseError, SharedCase};
pub use decode::{Accounting, Opened, OpenedNote, Status, StatusCounts, Visitor, decode_dump};
pub use evidence::Evidence;
pub use index::{IndexError, TapirIndex};
pub use keys::{Keyring, KeyringError};
pub use report::{FileReport, InspectReport, Rejected, inspect};
