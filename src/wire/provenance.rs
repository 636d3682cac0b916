//! A message down to its evidence as JSON: the message with every copy (what the API's
//! message answer is), and one copy's frame bytes with their checks ([`CopyBytes`]).

use serde::{Serialize, Serializer};

use super::HitLine;
use crate::case::{CopyBytes, FileCheck, FrameBytes};
use crate::index::{Copy, Hit};

/// A copy with everything recorded of it: its place among the message's copies (what a read
/// of its bytes names), device, evidence file and that file's SHA-256 at ingest, the frame's
/// offset, direction, DELETED flag and the copy's own status.
pub struct CopyLine<'a> {
    pub n: usize,
    pub copy: &'a Copy,
}

#[derive(Serialize)]
struct CopyFields<'a> {
    deleted: bool,
    direction: &'static str,
    /// Lossy only for a path that is not UTF-8.
    file: std::borrow::Cow<'a, str>,
    imei: &'a str,
    n: usize,
    offset: u64,
    sha256: &'a str,
    status: &'static str,
}

impl Serialize for CopyLine<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.copy;
        CopyFields {
            deleted: c.deleted,
            direction: c.direction.as_str(),
            file: c.file.to_string_lossy(),
            imei: &c.imei,
            n: self.n,
            offset: c.offset,
            sha256: &c.sha256,
            status: c.status.as_str(),
        }
        .serialize(s)
    }
}

/// A message looked up by its identity: `message`, the fields of a `search --json` line (no
/// score: no search ranked it), and `copies`, every copy as a [`CopyLine`].
pub struct MessageCopies<'a>(pub &'a Hit);

#[derive(Serialize)]
struct MessageFields<'a> {
    copies: Vec<CopyLine<'a>>,
    message: HitLine<'a>,
}

impl Serialize for MessageCopies<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let copies = self.0.copies.iter().enumerate().map(|(n, copy)| CopyLine { n, copy }).collect();
        MessageFields { copies, message: HitLine::unscored(self.0) }.serialize(s)
    }
}

#[derive(Serialize)]
struct CopyBytesFields<'a> {
    copy: CopyLine<'a>,
    evidence: EvidenceFields<'a>,
    frame: Option<FrameFields<'a>>,
    /// Why no frame was read at the offset (`frame` is then null), as corrupt spans name it:
    /// bad_sync, length_over_limit, past_end_of_file.
    frame_defect: Option<&'static str>,
    message_id: u64,
    /// What does not hold, in words; empty when verified.
    reasons: Vec<String>,
    sender: &'a str,
    verified: bool,
}

#[derive(Serialize)]
struct EvidenceFields<'a> {
    /// As read now; null when the file could not be opened.
    actual_sha256: Option<&'a str>,
    actual_size: Option<u64>,
    error: Option<&'a str>,
    /// When `actual_sha256` was computed.
    hashed_at: Option<String>,
    /// It was kept from an earlier read of the file with the same size and modification time.
    hash_kept: bool,
    imei: &'a str,
    path: std::borrow::Cow<'a, str>,
    /// As recorded at ingest.
    sha256: &'a str,
    size: u64,
    /// ok, missing or changed (as `tapir verify` says).
    status: &'static str,
}

impl<'a> From<&'a FileCheck> for EvidenceFields<'a> {
    fn from(check: &'a FileCheck) -> Self {
        let f = &check.file;
        EvidenceFields {
            actual_sha256: f.actual_sha256.as_deref(),
            actual_size: f.actual_size,
            error: f.error.as_deref(),
            hashed_at: check.hashed_at.map(crate::time::rfc3339_ms),
            hash_kept: check.hash_kept,
            imei: &f.imei,
            path: f.path.to_string_lossy(),
            sha256: &f.sha256,
            size: f.size,
            status: f.status.as_str(),
        }
    }
}

#[derive(Serialize)]
struct FrameFields<'a> {
    crc: CrcFields,
    deleted: bool,
    flags: u8,
    /// The whole frame, sync to CRC, lowercase hex.
    hex: String,
    /// It decodes as a MESSAGE of this sender and id.
    names_message: bool,
    offset: u64,
    size: usize,
    #[serde(rename = "type")]
    frame_type: u8,
    type_name: Option<&'a str>,
}

#[derive(Serialize)]
struct CrcFields {
    computed: String,
    holds: bool,
    stored: String,
}

impl<'a> From<&'a FrameBytes> for FrameFields<'a> {
    fn from(f: &'a FrameBytes) -> Self {
        FrameFields {
            crc: CrcFields {
                computed: format!("{:08x}", f.computed_crc),
                holds: f.crc_holds(),
                stored: format!("{:08x}", f.stored_crc),
            },
            deleted: f.flags.is_deleted(),
            flags: f.flags.0,
            hex: hex::encode(&f.bytes),
            names_message: f.names_message,
            offset: f.offset,
            size: f.bytes.len(),
            frame_type: f.frame_type.0,
            type_name: f.frame_type.name(),
        }
    }
}

/// One copy's evidence bytes and their checks: `verified` when nothing in `reasons`.
impl Serialize for CopyBytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let reasons = self.problems();
        let (frame, frame_defect) = match &self.frame {
            None => (None, None),
            Some(Ok(frame)) => (Some(FrameFields::from(frame)), None),
            Some(Err(defect)) => (None, Some(tapir_parsers::CorruptReason::of(*defect).as_str())),
        };
        CopyBytesFields {
            copy: CopyLine { n: self.n, copy: self.copy() },
            evidence: EvidenceFields::from(&self.file),
            frame,
            frame_defect,
            message_id: self.message.message_id,
            verified: reasons.is_empty(),
            reasons,
            sender: &self.message.sender,
        }
        .serialize(s)
    }
}
