//! A message read down to its evidence: the bytes of one copy's frame, read again from the
//! evidence file (read-only, memory-mapped), with the frame's CRC recomputed and the file's
//! SHA-256 checked against the one recorded at ingest. What no longer matches is reported as
//! found, never trusted and never an error: the answer is about the evidence.
//!
//! Hashing a multi-gigabyte dump for every look at one frame would be too slow, so the
//! file's hash is kept per case for the file as it was (its path, size and modification
//! time) and computed again when any of them changed, or when asked to. The answer says when
//! the hash it reports was computed and whether it was kept from an earlier read: a change
//! that keeps a file's size and modification time is seen by the next re-hash (`tapir verify`,
//! or a read asking for one), while the frame's own CRC is recomputed on every read.

use std::path::PathBuf;
use std::time::SystemTime;

use tapir_parsers::{Envelope, Frame, FrameDefect, Message};

use super::{Case, CaseError};
use crate::evidence::{Evidence, sha256_hex};
use crate::index::{Copy, Hit, VerifiedFile, VerifyStatus};

/// One copy of a message, its frame read from the evidence and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct CopyBytes {
    /// The message, as [`Case::message`] gives it.
    pub message: Hit,
    /// The copy's place in `message.copies`.
    pub n: usize,
    /// The frame found at the copy's offset, or why none is there; `None` when the evidence
    /// file could not be opened.
    pub frame: Option<Result<FrameBytes, FrameDefect>>,
    /// The evidence file against what ingest recorded of it.
    pub file: FileCheck,
}

impl CopyBytes {
    pub fn copy(&self) -> &Copy {
        &self.message.copies[self.n]
    }

    /// What does not hold, in words, most fundamental first; none when the copy is verified.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let file = &self.file.file;
        match file.status {
            VerifyStatus::Ok => {}
            VerifyStatus::Missing => problems.push(format!(
                "the evidence file cannot be opened: {}",
                file.error.as_deref().unwrap_or("unknown reason")
            )),
            VerifyStatus::Changed if file.actual_size != Some(file.size) => problems.push(format!(
                "the evidence file changed since ingest: {} bytes recorded, {} now",
                file.size,
                file.actual_size.unwrap_or_default()
            )),
            VerifyStatus::Changed => problems
                .push("the evidence file changed since ingest: its SHA-256 differs from the one recorded".into()),
        }
        let offset = self.copy().offset;
        match &self.frame {
            None => {}
            Some(Err(defect)) => problems.push(format!("no frame at offset {offset}: {}", defect_words(*defect))),
            Some(Ok(frame)) => {
                if !frame.crc_holds() {
                    problems.push(format!(
                        "the frame's CRC does not hold: {:08x} recorded, {:08x} computed",
                        frame.stored_crc, frame.computed_crc
                    ));
                }
                if !frame.names_message {
                    problems.push(format!(
                        "the frame at offset {offset} is not a MESSAGE of {}:{}",
                        self.message.sender, self.message.message_id
                    ));
                }
            }
        }
        problems
    }

    /// The file is as recorded at ingest, a frame is at the offset, its CRC holds and it is a
    /// frame of this message.
    pub fn verified(&self) -> bool {
        self.problems().is_empty()
    }
}

/// A frame's bytes as they are in the evidence file now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameBytes {
    /// Offset of its first byte (the sync) in the file.
    pub offset: u64,
    /// The whole frame: sync, type, flags, length, payload, CRC; at most
    /// [`tapir_parsers::MAX_PAYLOAD`] + 12 bytes.
    pub bytes: Vec<u8>,
    pub frame_type: tapir_parsers::FrameType,
    pub flags: tapir_parsers::FrameFlags,
    /// The CRC the frame records, and the one its bytes give now.
    pub stored_crc: u32,
    pub computed_crc: u32,
    /// It decodes as a MESSAGE of this message's sender and id.
    pub names_message: bool,
}

impl FrameBytes {
    fn of(envelope: &Envelope<'_>, hit: &Hit) -> FrameBytes {
        // The payload decoded as it is, CRC or not: whose message the bytes claim to be.
        let frame = Frame {
            offset: envelope.offset,
            frame_type: envelope.frame_type(),
            flags: envelope.flags(),
            payload: envelope.payload(),
        };
        let names_message = frame.frame_type == tapir_parsers::FrameType::MESSAGE
            && Message::parse(&frame)
                .is_ok_and(|m| m.message_id == hit.message_id && m.sender.0 == hit.sender.as_bytes());
        FrameBytes {
            offset: envelope.offset,
            bytes: envelope.bytes.to_vec(),
            frame_type: frame.frame_type,
            flags: frame.flags,
            stored_crc: envelope.stored_crc,
            computed_crc: envelope.computed_crc(),
            names_message,
        }
    }

    pub fn crc_holds(&self) -> bool {
        self.stored_crc == self.computed_crc
    }
}

/// The evidence file of a copy against its manifest entry, and when its hash was computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCheck {
    /// Recorded and current size and SHA-256, as `tapir verify` reports them.
    pub file: VerifiedFile,
    /// When the current SHA-256 was computed (epoch milliseconds); `None` when the file could
    /// not be read.
    pub hashed_at: Option<u64>,
    /// The hash was kept from an earlier read of the file as it is now (same path, size and
    /// modification time), not computed for this read.
    pub hash_kept: bool,
}

/// A file's SHA-256 as computed at `hashed_at`, for the file as it was then.
#[derive(Clone, Debug)]
pub(super) struct KeptHash {
    size: u64,
    modified: SystemTime,
    sha256: String,
    hashed_at: u64,
}

impl Case {
    /// The logical message `(sender, message_id)` with every copy. Recorded (`message`, one).
    pub fn message(&self, sender: &str, message_id: u64, given: &impl serde::Serialize) -> Result<Hit, CaseError> {
        let hit = self.find_message(sender, message_id)?;
        self.record("message", given, 1)?;
        Ok(hit)
    }

    /// Copy `n` of the message (its place in the message's copies): its frame's bytes read
    /// from the evidence file, the CRC recomputed, the file's SHA-256 checked against the
    /// manifest (a hash kept from an earlier read of the unchanged file is reused unless
    /// `rehash`). Recorded (`evidence`, one copy).
    pub fn copy_bytes(
        &self,
        sender: &str,
        message_id: u64,
        n: usize,
        rehash: bool,
        given: &impl serde::Serialize,
    ) -> Result<CopyBytes, CaseError> {
        let message = self.find_message(sender, message_id)?;
        let copy = message.copies.get(n).ok_or_else(|| CaseError::UnknownCopy {
            sender: sender.to_owned(),
            message_id,
            n,
            copies: message.copies.len(),
        })?;
        let manifest = self.current()?.manifest();
        let Some(entry) = manifest.by_sha(&copy.sha256) else {
            return Err(CaseError::Index(crate::IndexError::Damaged {
                path: self.dir().to_owned(),
                detail: format!("copy {n} of {sender}:{message_id} names an evidence file its manifest does not hold"),
            }));
        };
        let report = &entry.report;
        let (frame, file) = match Evidence::open(&report.path) {
            Err(e) => {
                let file = VerifiedFile::judged(report, None, Err(e.to_string()));
                (None, FileCheck { file, hashed_at: None, hash_kept: false })
            }
            Ok(evidence) => {
                let (sha256, hashed_at, hash_kept) = self.hash_of(&evidence, rehash);
                let size = evidence.bytes().len() as u64;
                let file = VerifiedFile::judged(report, None, Ok((sha256, size)));
                let envelope = usize::try_from(copy.offset)
                    .map_err(|_| FrameDefect::BadSync)
                    .and_then(|offset| tapir_parsers::envelope_at(evidence.bytes(), offset));
                let frame = Some(envelope.map(|e| FrameBytes::of(&e, &message)));
                (frame, FileCheck { file, hashed_at: Some(hashed_at), hash_kept })
            }
        };
        self.record("evidence", given, 1)?;
        Ok(CopyBytes { message, n, frame, file })
    }

    /// The message, or [`CaseError::UnknownMessage`]; not recorded.
    fn find_message(&self, sender: &str, message_id: u64) -> Result<Hit, CaseError> {
        self.current()?
            .message(sender, message_id)?
            .ok_or_else(|| CaseError::UnknownMessage { sender: sender.to_owned(), message_id })
    }

    /// The SHA-256 of `evidence`, when it was computed, and whether it was kept from an
    /// earlier read. The lock is not held while hashing: two first reads of one file may
    /// both hash it.
    fn hash_of(&self, evidence: &Evidence, rehash: bool) -> (String, u64, bool) {
        let size = evidence.bytes().len() as u64;
        let path: PathBuf = evidence.path().to_owned();
        let kept = || {
            let hashes = self.opened.hashes.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            hashes.get(&path).cloned()
        };
        if !rehash
            && let Some(modified) = evidence.modified()
            && let Some(k) = kept().filter(|k| k.size == size && k.modified == modified)
        {
            return (k.sha256, k.hashed_at, true);
        }
        let sha256 = sha256_hex(evidence.bytes());
        let hashed_at = crate::time::now_ms();
        let mut hashes = self.opened.hashes.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match evidence.modified() {
            Some(modified) => {
                hashes.insert(path, KeptHash { size, modified, sha256: sha256.clone(), hashed_at });
            }
            // Without a modification time nothing tells a later read the file is the same.
            None => {
                hashes.remove(&path);
            }
        }
        (sha256, hashed_at, false)
    }
}

/// Why no frame is at an offset, in words.
fn defect_words(defect: FrameDefect) -> &'static str {
    match defect {
        FrameDefect::BadSync => "the bytes there are not a frame's sync (EC 5A)",
        FrameDefect::HeaderPastEnd => "the frame's header runs past the end of the file",
        FrameDefect::LengthOverLimit => "the frame declares a payload over 16 MiB",
        FrameDefect::PastEnd => "the frame runs past the end of the file",
        FrameDefect::CrcMismatch => "the frame's CRC does not hold",
    }
}
