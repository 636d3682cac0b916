//! `truth.json`: the exact accounting a conforming decoder must report for a generated corpus,
//! plus what the evaluation needs (canaries, planted conversations, hard negatives, entities).
//!
//! A superset of the oracle generator's format (`shared/oracle/gen.py`). Public and
//! deserializable so that tests and the CLI can read it back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::content::{Category, Lang};
use crate::options::GenOptions;

/// The whole ground truth of a corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    pub spec: String,
    pub generator: String,
    pub seed: u64,
    pub options: GenOptions,
    pub devices: Vec<DeviceTruth>,
    /// Readable files by name (under `dumps/`).
    pub files: BTreeMap<String, FileTruth>,
    /// Files whose header makes them unreadable (§3).
    pub rejected: Vec<Rejected>,
    pub logical_messages: u64,
    /// Distinct `(sender, message_id)` with at least one surviving copy that decrypts.
    pub logical_messages_decrypted: u64,
    pub canaries: Vec<Canary>,
    pub planted: Vec<Planted>,
    pub hard_negatives: Vec<HardNegative>,
    pub entities: Vec<Entity>,
    /// How many faults of each kind were written (informative: some sit inside corrupt spans).
    pub injected: BTreeMap<String, u64>,
}

/// One intercepted device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceTruth {
    pub imei: String,
    pub handle: String,
    pub lang: Lang,
    pub key_ids: Vec<u32>,
    /// Keys the device used that are not in the seized keyring.
    pub withheld_key_ids: Vec<u32>,
    /// Its readable files (names under `dumps/`).
    pub files: Vec<String>,
}

/// Per-status counts of MESSAGE (or NOTE) frames (§6.5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub found: u64,
    pub decrypted: u64,
    pub no_key: u64,
    pub auth_failed: u64,
    pub bad_body: u64,
    pub malformed: u64,
}

/// What a decoder can get out of an encrypted record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Decrypted,
    NoKey,
    AuthFailed,
    BadBody,
    Malformed,
}

impl StatusCounts {
    pub(crate) fn add(&mut self, status: Status) {
        self.found += 1;
        match status {
            Status::Decrypted => self.decrypted += 1,
            Status::NoKey => self.no_key += 1,
            Status::AuthFailed => self.auth_failed += 1,
            Status::BadBody => self.bad_body += 1,
            Status::Malformed => self.malformed += 1,
        }
    }

    /// Whether every frame found has exactly one status.
    pub fn is_consistent(&self) -> bool {
        self.decrypted + self.no_key + self.auth_failed + self.bad_body + self.malformed == self.found
    }
}

/// The accounting of one readable file (§6.5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileTruth {
    pub imei: String,
    pub handle: String,
    pub size: u64,
    pub header_len: u64,
    /// Valid frames, the trailer included.
    pub valid_frames: u64,
    /// `[offset, length]` of each corrupt span, in file order.
    pub corrupt_spans: Vec<[u64; 2]>,
    pub truncated: bool,
    pub trailing_garbage: bool,
    pub messages: StatusCounts,
    pub notes: StatusCounts,
    pub contacts: u64,
    pub unknown: u64,
    /// Valid MESSAGE and NOTE frames flagged DELETED.
    pub deleted: u64,
    /// Decrypted message and note bodies that need lossy UTF-8 decoding.
    pub lossy_utf8: u64,
}

impl FileTruth {
    /// `header_len + Σ(12 + length) of valid frames + Σ span lengths`, given the valid frames' bytes.
    pub fn accounted(&self, valid_frame_bytes: u64) -> u64 {
        self.header_len + valid_frame_bytes + self.corrupt_spans.iter().map(|s| s[1]).sum::<u64>()
    }
}

/// A file a decoder must refuse, with the reason it must give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// Relative to the corpus directory, e.g. `dumps/356...-2.ecd`.
    pub path: String,
    pub reason: String,
    pub imei: String,
}

/// A unique token appended to one message, for search checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Canary {
    pub token: String,
    pub sender: String,
    pub message_id: u64,
    pub findable: bool,
}

/// A planted threat conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planted {
    pub scenario: String,
    pub instance: u32,
    pub category: Category,
    pub lang: Lang,
    /// `(sender, message_id)` of each turn, in order.
    pub messages: Vec<(String, u64)>,
    /// Whether each turn has a decryptable surviving copy.
    pub findable: Vec<bool>,
}

/// An innocent message that shares vocabulary with a threat category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardNegative {
    pub category: Category,
    pub lang: Lang,
    pub sender: String,
    pub message_id: u64,
    pub findable: bool,
}

/// An entity (wallet, IBAN, phone number...) written into a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub kind: String,
    pub value: String,
    pub sender: String,
    pub message_id: u64,
    pub findable: bool,
}
